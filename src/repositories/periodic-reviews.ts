// Periodic review of endorsed specifications: what falls due, the reviews opened, and the
// reminders already sent (one row per credential, due date and notice period).
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Role } from '../domain/accounts.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'

/** Statuses of a credential in force: the ones whose periodic review can fall due. */
const IN_FORCE: readonly CredentialStatus[] = ['endorsed', 'in_delivery', 'recognised']

const noOpenReview = sql<boolean>`not exists (select 1 from periodic_review p where p.credential_id = c.id and p.closed_at is null)`

/** Credentials in force whose review falls due on or before `until`, with none open yet, the earliest first. */
export function listDueCredentials(db: Db, until: string, limit?: number) {
  const query = db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .select([
      'c.id',
      'c.slug',
      'c.title',
      'c.status',
      'c.next_review_due',
      'c.lead_author_id',
      'a.name as area_name',
    ])
    .where('c.status', 'in', IN_FORCE)
    .where('c.next_review_due', 'is not', null)
    .where('c.next_review_due', '<=', sql<string>`${until}::date`)
    .where(noOpenReview)
    .orderBy('c.next_review_due')
    .orderBy('c.title')
  return (limit === undefined ? query : query.limit(limit)).execute()
}

export async function countDueCredentials(db: Db, until: string): Promise<number> {
  const row = await db
    .selectFrom('credential as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.status', 'in', IN_FORCE)
    .where('c.next_review_due', '<=', sql<string>`${until}::date`)
    .where(noOpenReview)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Open periodic reviews, with the version being written for each, if any. */
export function listOpenReviews(db: Db) {
  return db
    .selectFrom('periodic_review as p')
    .innerJoin('credential as c', 'c.id', 'p.credential_id')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .innerJoin('user_account as u', 'u.id', 'p.opened_by')
    .leftJoin('specification_version as v', (join) =>
      join.onRef('v.credential_id', '=', 'c.id').on('v.state', 'in', ['draft', 'submitted', 'under_review']),
    )
    .select([
      'c.slug',
      'c.title',
      'c.status',
      'a.name as area_name',
      'p.due_date',
      'p.opened_at',
      'u.display_name as opened_by_name',
      'v.number as version_number',
      'v.state as version_state',
    ])
    .where('p.closed_at', 'is', null)
    .orderBy('p.due_date')
    .orderBy('c.title')
    .execute()
}

export function findOpenReview(db: Db, credentialId: string) {
  return db
    .selectFrom('periodic_review as p')
    .innerJoin('user_account as u', 'u.id', 'p.opened_by')
    .selectAll('p')
    .select('u.display_name as opened_by_name')
    .where('p.credential_id', '=', credentialId)
    .where('p.closed_at', 'is', null)
    .executeTakeFirst()
}

export function listClosedReviews(db: Db, credentialId: string) {
  return db
    .selectFrom('periodic_review')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('closed_at', 'is not', null)
    .orderBy('opened_at', 'desc')
    .execute()
}

export function insertReview(db: Db, review: { credentialId: string; dueDate: string; openedBy: string }) {
  return db
    .insertInto('periodic_review')
    .values({ credential_id: review.credentialId, due_date: review.dueDate, opened_by: review.openedBy })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function closeReview(
  db: Db,
  id: string,
  close: { outcome: 'new_version' | 'withdrawn'; reason: string | null; closedAt: Date },
) {
  return db
    .updateTable('periodic_review')
    .set({ outcome: close.outcome, reason: close.reason, closed_at: close.closedAt })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .execute()
}

/**
 * Claims the credential at the row version the person saw (bumping it), with any changes to
 * the review columns; undefined when someone changed the credential first.
 */
export function claimCredential(
  db: Db,
  id: string,
  rowVersion: number,
  changes: { review_interval_months?: number; next_review_due?: string | null } = {},
) {
  return db
    .updateTable('credential')
    .set((eb) => ({ ...changes, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

export function setNextReviewDue(db: Db, id: string, due: string | null) {
  return db.updateTable('credential').set({ next_review_due: due }).where('id', '=', id).execute()
}

export function setLeadAuthor(db: Db, id: string, authorId: string) {
  return db.updateTable('credential').set({ lead_author_id: authorId }).where('id', '=', id).execute()
}

/** Credentials in force whose review falls due on or before `until` (overdue ones too), with none open. */
export function listReminderCandidates(db: Db, until: string) {
  return db
    .selectFrom('credential as c')
    .select(['c.id', 'c.slug', 'c.title', 'c.next_review_due', 'c.lead_author_id'])
    .where('c.status', 'in', IN_FORCE)
    .where('c.next_review_due', '<=', sql<string>`${until}::date`)
    .where(noOpenReview)
    .orderBy('c.next_review_due')
    .execute()
}

/** True when this worker recorded the reminder; false when it was already sent. */
/** `daysBefore` is the reminder's key: negative for the monthly ones after the due date. */
export async function claimReminder(db: Db, credentialId: string, dueDate: string, daysBefore: number) {
  const row = await db
    .insertInto('review_reminder')
    .values({ credential_id: credentialId, due_date: dueDate, days_before: daysBefore })
    .onConflict((oc) => oc.doNothing())
    .returning('credential_id')
    .executeTakeFirst()
  return row !== undefined
}

/** Published versions (state 'published'), to withdraw with the credential. */
export function listPublishedVersions(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('state', '=', 'published')
    .orderBy('number')
    .execute()
}

export function personHoldsRole(db: Db, userId: string, role: Role) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select('u.id')
    .where('g.user_id', '=', userId)
    .where('g.role', '=', role)
    .where('u.status', '=', 'active')
    .executeTakeFirst()
}
