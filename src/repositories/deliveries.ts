// Deliveries: a provider's delivery of a published specification version, from the
// application to the decisions on it, and its state history (one row for each state it
// entered, from when it took effect), written in the transaction of each change and read to
// check an award's date against the approval in force on it (src/domain/delivery-approval.ts).
// Plain queries; the services hold the rules.
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { DeliveryTable } from '../db/schema.ts'
import type { DeliveryState } from '../domain/providers.ts'
import { containsPattern } from '../domain/list-search.ts'

// ---------------------------------------------------------------------------------------
// One delivery

/** A delivery with the names its pages, awards and uploads show. */
export function findDelivery(db: Db, id: string) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .innerJoin('specification_version as v', 'v.id', 'd.specification_version_id')
    .leftJoin('programme as p', 'p.id', 'd.programme_id')
    .selectAll('d')
    .select([
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'v.number as version_number',
      'p.title as programme_title',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst()
}

export function findDeliveryOrganisation(db: Db, id: string) {
  return db.selectFrom('delivery').select('organisation_id').where('id', '=', id).executeTakeFirst()
}

export function lockDelivery(db: Db, id: string) {
  return db.selectFrom('delivery').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
}

export function insertDelivery(db: Db, values: Insertable<DeliveryTable>) {
  return db.insertInto('delivery').values(values).returning(['id', 'applied_at']).executeTakeFirstOrThrow()
}

/** Updates only when the row version still matches; undefined when someone changed it first. */
export function updateDelivery(db: Db, id: string, rowVersion: number, values: Updateable<DeliveryTable>) {
  return db
    .updateTable('delivery')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

/** The organisation's application or delivery of the version that is still live, if any. */
export function hasLiveDelivery(db: Db, organisationId: string, versionId: string) {
  return db
    .selectFrom('delivery')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('specification_version_id', '=', versionId)
    .where('state', 'in', ['applied', 'approved', 'approved_with_conditions', 'suspended'])
    .executeTakeFirst()
}

// ---------------------------------------------------------------------------------------
// Lists: every delivery for the Centre, or one provider's (tens, or a few hundred, so a
// search reads the middle of a title).

export interface DeliveryFilter {
  organisationId?: string | undefined
  state?: DeliveryState | undefined
  /** Words the credential's title contains. */
  title?: string | undefined
}

/** The one filtered query behind the lists and their count. */
function deliveriesFiltered(db: Db, filter: DeliveryFilter) {
  let query = db.selectFrom('delivery as d').innerJoin('credential as c', 'c.id', 'd.credential_id')
  if (filter.organisationId) query = query.where('d.organisation_id', '=', filter.organisationId)
  if (filter.state) query = query.where('d.state', '=', filter.state)
  if (filter.title) {
    const pattern = containsPattern(filter.title)
    query = query.where('c.title', 'ilike', pattern)
  }
  return query
}

export type DeliveryListRow = Awaited<ReturnType<typeof listDeliveries>>[number]

/** Deliveries waiting for a decision first, then the newest; a page (limit and offset) or all. */
export function listDeliveries(db: Db, filter: DeliveryFilter, page?: { limit: number; offset: number }) {
  const query = deliveriesFiltered(db, filter)
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('specification_version as v', 'v.id', 'd.specification_version_id')
    .select([
      'd.id',
      'd.organisation_id',
      'd.state',
      'd.mode',
      'd.start_date',
      'd.expected_cohort',
      'd.applied_at',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'v.number as version_number',
    ])
    .orderBy(sql`case when d.state = 'applied' then 0 else 1 end`)
    .orderBy('d.applied_at', 'desc')
    .orderBy('d.id')
  return (page ? query.limit(page.limit).offset(page.offset) : query).execute()
}

export async function countDeliveries(db: Db, filter: DeliveryFilter): Promise<number> {
  const row = await deliveriesFiltered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The deliveries of the organisations, by credential: what their awards can be filtered by. */
export function deliveryChoices(db: Db, organisationIds: readonly string[]) {
  if (!organisationIds.length) return Promise.resolve([])
  return db
    .selectFrom('delivery as d')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select(['d.id', 'd.start_date', 'c.title as credential_title'])
    .where('d.organisation_id', 'in', organisationIds)
    .orderBy('c.title')
    .orderBy('d.start_date', 'desc')
    .limit(500)
    .execute()
}

/** Providers approved to deliver a credential now (see isListedDelivery in domain/providers.ts). */
export function listApprovedDeliveries(db: Db, credentialId: string, states: readonly DeliveryState[]) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('specification_version as v', 'v.id', 'd.specification_version_id')
    .leftJoin('programme as p', 'p.id', 'd.programme_id')
    .select([
      'o.name',
      'o.website',
      'd.mode',
      'd.start_date',
      'v.number as version_number',
      'p.id as programme_id',
      'p.title as programme_title',
      'p.accreditation_status as programme_declared_status',
    ])
    .where('d.credential_id', '=', credentialId)
    .where('d.state', 'in', [...states])
    .orderBy('o.name')
    .orderBy('d.start_date')
    .execute()
}

/**
 * Who delivers what, for the structured-data exports: each provider with a delivery in one of
 * `states`, once for each credential it delivers, narrowed to one credential or one provider.
 */
export function listDeliveringProviders(
  db: Db,
  states: readonly DeliveryState[],
  only: { credentialId?: string; organisationId?: string } = {},
) {
  let query = db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .select(['d.credential_id', 'o.id', 'o.name', 'o.website', 'o.region', 'o.provider_kind'])
    .distinct()
    .where('d.state', 'in', [...states])
  if (only.credentialId !== undefined) query = query.where('d.credential_id', '=', only.credentialId)
  if (only.organisationId !== undefined) query = query.where('d.organisation_id', '=', only.organisationId)
  return query.orderBy('o.name').orderBy('o.id').orderBy('d.credential_id').execute()
}

// ---------------------------------------------------------------------------------------
// State history

/** The delivery's states, oldest first; changes at the same instant in the order they were recorded. */
export async function deliveryStateHistory(
  db: Db,
  deliveryId: string,
): Promise<Array<{ state: DeliveryState; effectiveAt: Date }>> {
  const rows = await db
    .selectFrom('delivery_state_change')
    .select(['state', 'effective_at'])
    .where('delivery_id', '=', deliveryId)
    .orderBy('effective_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ state: r.state, effectiveAt: r.effective_at }))
}

export async function recordDeliveryState(
  db: Db,
  change: { deliveryId: string; state: DeliveryState; effectiveAt: Date; recordedBy: string | null },
): Promise<void> {
  await db
    .insertInto('delivery_state_change')
    .values({
      delivery_id: change.deliveryId,
      state: change.state,
      effective_at: change.effectiveAt,
      recorded_by: change.recordedBy,
    })
    .execute()
}

/**
 * The delivery's state now, holding its row against changes until the caller's transaction
 * ends: an award saved under it cannot cross a suspension made at the same moment.
 */
export async function lockDeliveryState(db: Db, deliveryId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('delivery')
    .select('state')
    .where('id', '=', deliveryId)
    .forShare()
    .executeTakeFirst()
  return row?.state
}

/** Demo records only: dates a delivery's application and decision as if made earlier. */
export async function backdateHistory(
  db: Db,
  deliveryId: string,
  dates: { appliedAt: Date; decidedAt: Date },
): Promise<void> {
  await db
    .updateTable('delivery')
    .set({ applied_at: dates.appliedAt, decided_at: dates.decidedAt })
    .where('id', '=', deliveryId)
    .execute()
  await db
    .updateTable('delivery_state_change')
    .set({ effective_at: dates.appliedAt })
    .where('delivery_id', '=', deliveryId)
    .where('state', '=', 'applied')
    .execute()
  await db
    .updateTable('delivery_state_change')
    .set({ effective_at: dates.decidedAt })
    .where('delivery_id', '=', deliveryId)
    .where('state', 'in', ['approved', 'approved_with_conditions', 'declined'])
    .execute()
}
