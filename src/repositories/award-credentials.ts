// Signed award credentials and the status lists their entries are in.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { AwardStatus } from '../domain/providers.ts'

/** The version an award is of, with its credential's slug (for the achievement). */
export function findDeliveryVersion(db: Db, deliveryId: string) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('specification_version as v', 'v.id', 'd.specification_version_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .select([
      'd.organisation_id',
      'v.number',
      'c.slug',
      'c.title',
      'o.name as organisation_name',
      'o.website',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst()
}

/**
 * Takes n entries from the issuer's open list (one with fewer than half its entries given out),
 * opening a new list when none has room. Locks the list's row until the transaction ends.
 */
export async function reserveEntries(trx: Db, organisationId: string, n: number, size: number) {
  const open = await trx
    .updateTable('status_list')
    .set({ allocated: sql<number>`allocated + ${n}` })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('status_list')
        .select((e) => e.fn.max('id').as('id'))
        .where('organisation_id', '=', organisationId)
        // Never a list of the Centre's endorsements, whose entries are given out in order.
        .where('holds', '=', 'awards')
        .where(sql<boolean>`allocated + ${n} <= size / 2`),
    )
    .returning(['id', 'size'])
    .executeTakeFirst()
  if (open) return open
  return trx
    .insertInto('status_list')
    .values({ organisation_id: organisationId, size, allocated: n })
    .returning(['id', 'size'])
    .executeTakeFirstOrThrow()
}

export function usedIndexes(trx: Db, statusListId: number, indexes: number[]) {
  return trx
    .selectFrom('award_credential')
    .select('status_index')
    .where('status_list_id', '=', statusListId)
    .where('status_index', 'in', indexes)
    .execute()
}

export async function insertCredentials(
  trx: Db,
  rows: Array<{ award_id: string; status_list_id: number; status_index: number; credential: string }>,
) {
  for (let start = 0; start < rows.length; start += 500) {
    await trx
      .insertInto('award_credential')
      .values(rows.slice(start, start + 500))
      .execute()
  }
}

export function findCredential(db: Db, awardId: string) {
  return db
    .selectFrom('award_credential as ac')
    .innerJoin('award as a', 'a.id', 'ac.award_id')
    .innerJoin('delivery as d', 'd.id', 'a.delivery_id')
    .select([
      'ac.credential',
      'ac.status_list_id',
      'ac.status_index',
      'a.status',
      'a.organisation_id',
      'a.awarded_on',
      'a.practitioner_id',
      'a.status_changed_at',
      'a.status_reason_category',
      'a.delivery_id',
      'ac.issued_at',
      'd.decided_at',
      'd.state as delivery_state',
    ])
    .where('ac.award_id', '=', awardId)
    .executeTakeFirst()
}

/** The stored credential as JSON text without its embedded proof: the payload of its JWT. */
export function findJwtPayload(db: Db, awardId: string) {
  return db
    .selectFrom('award_credential as ac')
    .innerJoin('award as a', 'a.id', 'ac.award_id')
    .select([sql<string>`(ac.credential - 'proof')::text`.as('json'), 'a.organisation_id'])
    .where('ac.award_id', '=', awardId)
    .executeTakeFirst()
}

export function findStatusList(db: Db, id: number) {
  return db
    .selectFrom('status_list')
    .select(['id', 'organisation_id', 'size'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Entries of the list whose award has the status: revoked for revocation, suspended for suspension. */
export function indexesWithStatus(db: Db, statusListId: number, status: AwardStatus) {
  return db
    .selectFrom('award_credential as ac')
    .innerJoin('award as a', 'a.id', 'ac.award_id')
    .select('ac.status_index')
    .where('ac.status_list_id', '=', statusListId)
    .where('a.status', '=', status)
    .orderBy('ac.status_index')
    .execute()
}

/** What a certificate and the holder's copies show, and who may see them. */
export function findAwardCopy(db: Db, awardId: string) {
  return db
    .selectFrom('award as a')
    .innerJoin('award_credential as ac', 'ac.award_id', 'a.id')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .innerJoin('specification_version as v', 'v.id', 'a.specification_version_id')
    .select([
      'a.id',
      'a.status',
      'a.awarded_on',
      'a.organisation_id',
      'a.practitioner_id',
      'l.given_name',
      'l.family_name',
      'o.name as organisation_name',
      'c.title as credential_title',
      'v.number as version_number',
    ])
    .where('a.id', '=', awardId)
    .executeTakeFirst()
}

/** The stored signed credentials of a practitioner's active awards, oldest award first. */
export function activeCredentialsOfPractitioner(db: Db, userId: string) {
  return db
    .selectFrom('award_credential as ac')
    .innerJoin('award as a', 'a.id', 'ac.award_id')
    .select(['a.id', 'ac.credential'])
    .where('a.practitioner_id', '=', userId)
    .where('a.status', '=', 'active')
    .orderBy('a.awarded_on')
    .orderBy('a.id')
    .execute()
}
