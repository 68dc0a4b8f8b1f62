// Stale-form protection: a form that edits a row carries the row's version in a hidden
// `rowVersion` field, and the update applies only while the row still has that version
// (`where row_version = …`), so a change made in another window since the form was opened
// is never overwritten unseen.

/**
 * What a form's update is made against when its `rowVersion` field is missing or is not a
 * version this service wrote. Row versions start at 1 and only go up, so no row has it and
 * the update is refused as stale, the same as a form opened before someone else's change.
 */
export const NO_ROW_VERSION = -1

/**
 * The row version a form sent back. Only what the service itself writes into the field is
 * read: one to nine digits, which also keeps the number inside PostgreSQL's integer. Anything
 * else (missing, blank, "1.0", " 1", "1e3", a number too large for the column) is
 * NO_ROW_VERSION rather than a number close to it, so a tampered or mangled field can only
 * make the update fail as stale, never match a row by accident nor fail in the database.
 */
export function rowVersionOf(value: unknown): number {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NO_ROW_VERSION
}
