// Credentials from elsewhere: files practitioners uploaded to their portfolio, with the result
// of the latest check of each.
import type { Db } from '../db/database.ts'
import type { Insertable } from 'kysely'
import type { ExternalCredentialTable } from '../db/schema.ts'

export function insertExternal(db: Db, row: Insertable<ExternalCredentialTable>) {
  return db.insertInto('external_credential').values(row).returning('id').executeTakeFirstOrThrow()
}

export function externalsOf(db: Db, userId: string) {
  return db
    .selectFrom('external_credential')
    .select([
      'id',
      'filename',
      'format',
      'name',
      'issuer_name',
      'verified',
      'summary',
      'checks',
      'checked_at',
      'holder_match',
      'issuer_ours',
    ])
    .where('user_id', '=', userId)
    .orderBy('uploaded_at', 'desc')
    .execute()
}

/** Uploads of Open Badges 3.0 credentials (the ones this service checks) start their format with this. */
export const CHECKED_FORMAT_PREFIX = 'Open Badges 3.0'

/**
 * A page of uploaded credentials due to be checked again: last checked before `before`, or
 * never compared with their holder; in the order of when they were checked, after `after`.
 * Only those this service can check (Open Badges 3.0), with their files.
 */
export function externalsToRecheck(
  db: Db,
  options: {
    before: Date
    after: { checkedAt: Date; id: string } | null
    limit: number
    userId?: string
  },
) {
  let query = db
    .selectFrom('external_credential')
    .select(['id', 'user_id', 'content', 'checked_at'])
    .where('format', 'like', `${CHECKED_FORMAT_PREFIX}%`)
    .where((eb) => eb.or([eb('checked_at', '<', options.before), eb('holder_match', 'is', null)]))
  if (options.userId !== undefined) query = query.where('user_id', '=', options.userId)
  const after = options.after
  if (after)
    query = query.where((eb) => eb(eb.refTuple('checked_at', 'id'), '>', eb.tuple(after.checkedAt, after.id)))
  return query.orderBy('checked_at').orderBy('id').limit(options.limit).execute()
}

/** Stores a new check of an uploaded credential, unless a newer one was stored meanwhile. */
export async function updateExternalCheck(
  db: Db,
  id: string,
  values: {
    name?: string
    issuer_name?: string
    issuer_ours: boolean
    verified: boolean
    summary: string
    checks?: string
    checked_at: Date
    holder_match: 'matched' | 'someone_else' | 'not_named' | null
  },
) {
  await db
    .updateTable('external_credential')
    .set(values)
    .where('id', '=', id)
    .where('checked_at', '<=', values.checked_at)
    .execute()
}

export function externalFile(db: Db, userId: string, id: string) {
  return db
    .selectFrom('external_credential')
    .select(['filename', 'content_type', 'content'])
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function deleteExternal(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('external_credential')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

export function externalsWithContent(db: Db, userId: string) {
  return db
    .selectFrom('external_credential')
    .select(['id', 'filename', 'content'])
    .where('user_id', '=', userId)
    .execute()
}

export async function deleteExternalsOf(db: Db, userId: string) {
  await db.deleteFrom('external_credential').where('user_id', '=', userId).execute()
}
