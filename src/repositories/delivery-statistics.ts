// The delivery dashboard's counts: approved deliveries by credential, provider and region, the
// quality returns behind the timeliness figures, and learners and awards by provider. Direct
// queries: deliveries and returns are thousands of rows at most; learners and awards, hundreds of
// thousands, are read from the statistics store's count for each provider.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Region } from '../domain/providers.ts'
import { RETURNING_STATES } from './quality-returns.ts'

export interface DeliveryStatisticsFilters {
  /** London months, YYYY-MM, inclusive. */
  from?: string
  to?: string
  /** A clinical area's id. */
  areaId?: number
  region?: Region
  organisationId?: string
}

/** The first instant of a London month, and of the month after another. */
const monthStart = (month: string) => sql<Date>`(${`${month}-01`}::timestamp at time zone 'Europe/London')`
const monthEnd = (month: string) =>
  sql<Date>`((${`${month}-01`}::date + interval '1 month')::timestamp at time zone 'Europe/London')`

export type DeliveryGrouping = 'credential' | 'provider' | 'region'

/**
 * Deliveries approved (with or without conditions, and still so), grouped, with how many of
 * each group are the given organisation's; from/to read the day the Centre approved them.
 */
export async function approvedDeliveries(
  db: Db,
  by: DeliveryGrouping,
  filters: DeliveryStatisticsFilters,
  ownOrganisationId: string | null,
) {
  let query = db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .where('d.state', 'in', ['approved', 'approved_with_conditions'])
  if (filters.from) query = query.where('d.decided_at', '>=', monthStart(filters.from))
  if (filters.to) query = query.where('d.decided_at', '<', monthEnd(filters.to))
  if (filters.areaId !== undefined) query = query.where('c.clinical_area_id', '=', filters.areaId)
  if (filters.region) query = query.where('o.region', '=', filters.region)
  if (filters.organisationId) query = query.where('d.organisation_id', '=', filters.organisationId)
  const own = sql<number>`(count(*) filter (where d.organisation_id = ${ownOrganisationId}::uuid))::int`
  const n = sql<number>`count(*)::int`
  switch (by) {
    case 'credential':
      return query
        .select(['c.id as key', 'c.title as label', n.as('n'), own.as('own')])
        .groupBy(['c.id', 'c.title'])
        .orderBy('c.title')
        .execute()
    case 'provider':
      return query
        .select(['o.id as key', 'o.name as label', n.as('n'), own.as('own')])
        .groupBy(['o.id', 'o.name'])
        .orderBy('o.name')
        .execute()
    case 'region':
      return query
        .select(['o.region as key', 'o.region as label', n.as('n'), own.as('own')])
        .groupBy('o.region')
        .execute()
  }
}

/**
 * Every quality return that counts for the timeliness figures: submitted, or still owed by a
 * delivery that owes returns (a withdrawn delivery's unsent return is not late). from/to read
 * the day it was due. Days are London days.
 */
export function returnFacts(db: Db, filters: DeliveryStatisticsFilters) {
  let query = db
    .selectFrom('quality_return as r')
    .innerJoin('delivery as d', 'd.id', 'r.delivery_id')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select([
      'd.organisation_id',
      'o.name as organisation_name',
      'r.due_on',
      'r.state',
      sql<string | null>`to_char(r.first_submitted_at at time zone 'Europe/London', 'YYYY-MM-DD')`.as(
        'first_submitted_on',
      ),
      sql<boolean>`r.concern_raised_at is not null`.as('concern_raised'),
    ])
    .where((eb) => eb.or([eb('r.first_submitted_at', 'is not', null), eb('d.state', 'in', RETURNING_STATES)]))
  if (filters.from) query = query.where('r.due_on', '>=', sql<string>`${`${filters.from}-01`}::date`)
  if (filters.to)
    query = query.where(
      'r.due_on',
      '<',
      sql<string>`(${`${filters.to}-01`}::date + interval '1 month')::date`,
    )
  if (filters.areaId !== undefined) query = query.where('c.clinical_area_id', '=', filters.areaId)
  if (filters.region) query = query.where('o.region', '=', filters.region)
  if (filters.organisationId) query = query.where('d.organisation_id', '=', filters.organisationId)
  return query.orderBy('r.due_on').orderBy('o.name').execute()
}

/**
 * Each provider with approved deliveries: its learners and the awards in force, as the statistics
 * store last counted them (src/repositories/statistics.ts).
 */
export function learnersAndAwardsByProvider(db: Db, filters: DeliveryStatisticsFilters) {
  let query = db
    .selectFrom('organisation as o')
    .leftJoin('award_holder_statistic as h', 'h.organisation_id', 'o.id')
    .select([
      'o.id',
      'o.name',
      sql<number>`coalesce(h.learners, 0)`.as('learners'),
      sql<number>`coalesce(h.awards_in_force, 0)`.as('awards'),
    ])
    .where('o.kind', '=', 'provider')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('delivery as d')
          .select('d.id')
          .whereRef('d.organisation_id', '=', 'o.id')
          .where('d.state', 'in', RETURNING_STATES),
      ),
    )
  if (filters.region) query = query.where('o.region', '=', filters.region)
  if (filters.organisationId) query = query.where('o.id', '=', filters.organisationId)
  return query.orderBy('o.name').execute()
}
