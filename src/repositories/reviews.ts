// Independent review of specification versions: reviewer assignments with their
// declarations, judgements and recommendations, and what the decision changes.
import type { Db } from '../db/database.ts'
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Database, ReviewAssignmentTable } from '../db/schema.ts'

/** The criteria of one criteria version (a version keeps the set it was submitted against). */
export function listCriteriaOfSet(db: Db, setId: number) {
  return db
    .selectFrom('criterion as c')
    .innerJoin('criterion_set as s', 's.id', 'c.criterion_set_id')
    .select(['c.code', 'c.parent_code', 'c.title', 'c.statement', 'c.guidance', 's.version as set_version'])
    .where('c.criterion_set_id', '=', setId)
    .orderBy('c.sort_order')
    .execute()
}

/** The newest endorsement criteria set, for versions submitted without one recorded. */
export function currentEndorsementSet(db: Db) {
  return db
    .selectFrom('criterion_set')
    .select(['id', 'version'])
    .where('kind', '=', 'endorsement')
    .orderBy('version', 'desc')
    .executeTakeFirst()
}

export function insertAssignment(db: Db, row: Insertable<ReviewAssignmentTable>) {
  return db.insertInto('review_assignment').values(row).returningAll().executeTakeFirstOrThrow()
}

const assignmentColumns = [
  'r.id',
  'r.version_id',
  'r.reviewer_id',
  'r.conflict',
  'r.conflict_note',
  'r.judgements',
  'r.row_judgements',
  'r.recommendation',
  'r.recommendation_comment',
  'r.assigned_at',
  'r.declared_at',
  'r.completed_at',
  'r.row_version',
  'u.display_name as reviewer_name',
  'u.email as reviewer_email',
] as const

export function listAssignmentsOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom('review_assignment as r')
    .innerJoin('user_account as u', 'u.id', 'r.reviewer_id')
    .select(assignmentColumns)
    .where('r.version_id', '=', versionId)
    .orderBy('r.assigned_at')
    .orderBy('u.display_name')
    .execute()
}

export function findAssignment(db: Db, id: string) {
  return db
    .selectFrom('review_assignment as r')
    .innerJoin('user_account as u', 'u.id', 'r.reviewer_id')
    .select(assignmentColumns)
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** A reviewer's assignments, newest first, with the version and credential they are for. */
export function listAssignmentsOfReviewer(db: Db, reviewerId: string) {
  return db
    .selectFrom('review_assignment as r')
    .innerJoin('specification_version as v', 'v.id', 'r.version_id')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select([
      'r.id',
      'r.conflict',
      'r.judgements',
      'r.recommendation',
      'r.assigned_at',
      'r.completed_at',
      'v.number',
      'v.state as version_state',
      'v.kind',
      'v.criterion_set_id',
      'c.title',
      'c.slug',
    ])
    .where('r.reviewer_id', '=', reviewerId)
    .orderBy('r.assigned_at', 'desc')
    .execute()
}

/** Applies changes if the assignment is still at `rowVersion`; undefined when it is not. */
export function updateAssignment(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ReviewAssignmentTable>, 'id' | 'row_version'>,
) {
  return db
    .updateTable('review_assignment')
    .set((eb) => ({ ...changes, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

/** Versions waiting for reviewers, under review, or waiting for the decision. */
export function listVersionsInReview(db: Db) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .innerJoin('user_account as u', 'u.id', 'v.author_id')
    .select([
      'v.id',
      'v.number',
      'v.kind',
      'v.state',
      'v.submitted_at',
      'c.slug',
      'c.title',
      'u.display_name as author_name',
      sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict <> 'declared')::int`.as(
        'active',
      ),
      sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict = 'declared')::int`.as(
        'conflicts',
      ),
      sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict = 'none' and r.recommendation is not null)::int`.as(
        'complete',
      ),
    ])
    .where('v.state', 'in', ['submitted', 'under_review'])
    .orderBy('v.submitted_at')
    .orderBy('c.title')
    .execute()
}

/** The author of the proposal the credential came from, if it came from one. */
export async function proposalAuthorsOf(db: Db, credentialId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('proposal')
    .select('author_id')
    .where('credential_id', '=', credentialId)
    .execute()
  return rows.map((r) => r.author_id)
}

/** Published versions of a credential other than the one given: superseded by it. */
export function listOtherPublished(db: Db, credentialId: string, exceptId: string) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('state', '=', 'published')
    .where('id', '<>', exceptId)
    .execute()
}

export function updateCredentialOnPublication(
  db: Db,
  id: string,
  changes: Pick<
    Updateable<Database['credential']>,
    'next_review_due' | 'listed' | 'origin' | 'owner_name' | 'owner_url' | 'level'
  >,
) {
  return db
    .updateTable('credential')
    .set((eb) => ({ ...changes, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

async function count(query: Promise<{ n: number | string | bigint } | undefined>): Promise<number> {
  return Number((await query)?.n ?? 0)
}

/** Reviews still to do: not recommended, no declared conflict, on a version under review. */
export function countAwaiting(db: Db, reviewerId: string) {
  return count(
    db
      .selectFrom('review_assignment as r')
      .innerJoin('specification_version as v', 'v.id', 'r.version_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.reviewer_id', '=', reviewerId)
      .where('r.recommendation', 'is', null)
      .where('r.conflict', '<>', 'declared')
      .where('v.state', '=', 'under_review')
      .executeTakeFirst(),
  )
}
