// The Centre's endorsements of specification versions and their entries in its revocation
// status lists.
import type { Db } from '../db/database.ts'
import type { Decision, VersionState } from '../domain/specification-lifecycle.ts'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

const ENDORSED: readonly Decision[] = ['endorse', 'endorse_with_conditions']
const PUBLISHED: readonly VersionState[] = ['published', 'superseded']

const endorsementColumns = [
  'e.specification_version_id',
  'e.status_list_id',
  'e.status_index',
  'e.created_at',
  'e.withdrawn_at',
  'e.ended_on',
  'e.ended_at',
  'e.withdrawal_reason',
  'e.row_version',
] as const

/** A published (or superseded) version the Centre endorsed, with its endorsement record if made. */
export function findEndorsedVersion(db: Db, where: { versionId: string } | { slug: string; number: number }) {
  let query = db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .leftJoin('endorsement as e', 'e.specification_version_id', 'v.id')
    .select([
      'v.id',
      'v.number',
      'v.credential_id',
      'v.published_at',
      'v.decided_at',
      'c.slug',
      'c.title',
      ...endorsementColumns,
    ])
    .where('v.decision', 'in', ENDORSED)
    .where('v.state', 'in', PUBLISHED)
  query =
    'versionId' in where
      ? query.where('v.id', '=', where.versionId)
      : query.where('c.slug', '=', where.slug).where('v.number', '=', where.number)
  return query.executeTakeFirst()
}

/** The date (in London) the next published version of the credential was published, if any. */
export async function nextPublishedOn(db: Db, credentialId: string, number: number) {
  const row = await db
    .selectFrom('specification_version')
    .select(sql<string>`to_char(published_at at time zone 'Europe/London', 'YYYY-MM-DD')`.as('on'))
    .where('credential_id', '=', credentialId)
    .where('number', '>', number)
    .where('published_at', 'is not', null)
    .orderBy('number')
    .executeTakeFirst()
  return row?.on ?? null
}

export async function countEndorsedVersions(db: Db) {
  const row = await db
    .selectFrom('specification_version')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('decision', 'in', ENDORSED)
    .where('state', 'in', PUBLISHED)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Endorsed versions, newest decision first, with their records where made. */
export function listEndorsedVersions(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .leftJoin('endorsement as e', 'e.specification_version_id', 'v.id')
    .select([
      'v.id',
      'v.number',
      'v.state',
      'v.decided_at',
      'v.published_at',
      'c.slug',
      'c.title',
      'e.withdrawn_at',
      'e.ended_on',
    ])
    .where('v.decision', 'in', ENDORSED)
    .where('v.state', 'in', PUBLISHED)
    .orderBy(sql`coalesce(v.decided_at, v.published_at)`, 'desc')
    .orderBy('c.title')
    .orderBy('v.number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
}

/**
 * Makes the version's endorsement record, with the next entry of the Centre's endorsement
 * list (opening one when there is none or it is full), unless it has one; in the caller's
 * transaction. The list's row is locked while its entry is taken.
 *
 * The entries are given out in order, not at random as awards' are: a random entry hides
 * which award a check is about among many, but endorsements are public documents, each of a
 * named version, so there is nothing to hide and no list of them to guess from.
 */
export async function ensureEndorsement(
  trx: Transaction<Database>,
  versionId: string,
  centreId: string,
  size: number,
): Promise<void> {
  const existing = await trx
    .selectFrom('endorsement')
    .select('specification_version_id')
    .where('specification_version_id', '=', versionId)
    .executeTakeFirst()
  if (existing) return
  const open = await trx
    .selectFrom('status_list')
    .select(['id', 'size', 'allocated'])
    .where('organisation_id', '=', centreId)
    .where('holds', '=', 'endorsements')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst()
  const list =
    open && open.allocated < open.size
      ? open
      : await trx
          .insertInto('status_list')
          .values({ organisation_id: centreId, size, allocated: 0, holds: 'endorsements' })
          .returning(['id', 'size', 'allocated'])
          .executeTakeFirstOrThrow()
  await trx
    .updateTable('status_list')
    .set({ allocated: sql<number>`allocated + 1` })
    .where('id', '=', list.id)
    .execute()
  // Another transaction may have made it meanwhile: then this entry stays unused.
  await trx
    .insertInto('endorsement')
    .values({ specification_version_id: versionId, status_list_id: list.id, status_index: list.allocated })
    .onConflict((oc) => oc.column('specification_version_id').doNothing())
    .execute()
}

/** Withdraws or ends an endorsement that is neither yet; false when it changed meanwhile. */
export async function closeEndorsement(
  trx: Db,
  versionId: string,
  rowVersion: number,
  change:
    | { withdrawn_at: Date; withdrawal_reason: string; withdrawn_by: string | null }
    | { ended_at: Date; ended_on: string; withdrawal_reason: string; withdrawn_by: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('endorsement')
    .set({ ...change, row_version: sql<number>`row_version + 1` })
    .where('specification_version_id', '=', versionId)
    .where('row_version', '=', rowVersion)
    .where('withdrawn_at', 'is', null)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Entries of the list whose endorsement is withdrawn. */
export function withdrawnIndexes(db: Db, statusListId: number) {
  return db
    .selectFrom('endorsement')
    .select('status_index')
    .where('status_list_id', '=', statusListId)
    .where('withdrawn_at', 'is not', null)
    .orderBy('status_index')
    .execute()
}
