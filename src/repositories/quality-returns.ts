// Yearly quality returns of deliveries, the reminders sent about them, and the counts the
// provider and Centre dashboards show.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { DeliveryState, ReturnState } from '../domain/providers.ts'

/** Deliveries that owe returns: approved, with or without conditions, or suspended. */
export const RETURNING_STATES: readonly DeliveryState[] = [
  'approved',
  'approved_with_conditions',
  'suspended',
]
/** States in which the provider still owes the return. */
export const OWED_STATES: readonly ReturnState[] = ['due', 'concern_raised']

function returnsQuery(db: Db) {
  return db
    .selectFrom('quality_return as r')
    .innerJoin('delivery as d', 'd.id', 'r.delivery_id')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select([
      'r.id',
      'r.delivery_id',
      'r.period_year',
      'r.due_on',
      'r.state',
      'r.submitted_at',
      'r.reviewed_at',
      'd.organisation_id',
      'd.state as delivery_state',
      'd.start_date',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
    ])
}

export type ReturnRow = Awaited<ReturnType<ReturnType<typeof returnsQuery>['executeTakeFirstOrThrow']>>

export function listReturns(
  db: Db,
  filter: {
    organisationIds?: readonly string[]
    states?: readonly ReturnState[]
    /** Only returns still owed by a delivery that owes returns (not withdrawn or declined). */
    owed?: boolean
    dueBefore?: string
    dueFrom?: string
    dueUntil?: string
  },
) {
  let query = returnsQuery(db)
  if (filter.organisationIds) {
    if (!filter.organisationIds.length) return Promise.resolve<ReturnRow[]>([])
    query = query.where('d.organisation_id', 'in', filter.organisationIds)
  }
  if (filter.states) query = query.where('r.state', 'in', filter.states)
  if (filter.owed) query = query.where('r.state', 'in', OWED_STATES).where('d.state', 'in', RETURNING_STATES)
  if (filter.dueBefore) query = query.where('r.due_on', '<', sql<string>`${filter.dueBefore}::date`)
  if (filter.dueFrom) query = query.where('r.due_on', '>=', sql<string>`${filter.dueFrom}::date`)
  if (filter.dueUntil) query = query.where('r.due_on', '<=', sql<string>`${filter.dueUntil}::date`)
  return query.orderBy('r.due_on').orderBy('o.name').orderBy('r.period_year').execute()
}

export function findReturn(db: Db, id: string) {
  return db
    .selectFrom('quality_return as r')
    .innerJoin('delivery as d', 'd.id', 'r.delivery_id')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .leftJoin('user_account as s', 's.id', 'r.submitted_by')
    .leftJoin('user_account as v', 'v.id', 'r.reviewed_by')
    .selectAll('r')
    .select([
      'd.organisation_id',
      'd.state as delivery_state',
      'd.start_date',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      's.display_name as submitted_by_name',
      'v.display_name as reviewed_by_name',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** Changes a return only at the row version the person saw; undefined when it had changed. */
export function updateReturn(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Partial<{
    state: ReturnState
    cohort_started: number
    cohort_completed: number
    outcomes: string
    changes: string | null
    concerns: string | null
    submitted_by: string | null
    submitted_at: Date
    first_submitted_at: Date
    concern_raised_at: Date
    reviewed_by: string | null
    reviewed_at: Date
    review_note: string | null
  }>,
) {
  return db
    .updateTable('quality_return')
    .set({ ...changes, row_version: sql<number>`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

export function listReturningDeliveries(db: Db) {
  return db
    .selectFrom('delivery')
    .select(['id', 'start_date'])
    .where('state', 'in', RETURNING_STATES)
    .execute()
}

/** Inserts the returns that are missing; returns how many were new. */
export async function insertMissingReturns(
  db: Db,
  rows: ReadonlyArray<{ delivery_id: string; period_year: number; due_on: string }>,
) {
  if (!rows.length) return 0
  const inserted = await db
    .insertInto('quality_return')
    .values(rows.map((r) => ({ ...r, state: 'due' })))
    .onConflict((oc) => oc.columns(['delivery_id', 'period_year']).doNothing())
    .returning('id')
    .execute()
  return inserted.length
}

/** Returns still owed that fall due between the two days, with the reminders already sent. */
export function listReminderCandidates(db: Db, from: string, until: string) {
  return returnsQuery(db)
    .select((eb) =>
      eb
        .selectFrom('quality_return_reminder as m')
        .select(sql<number[]>`coalesce(array_agg(m.days_before), '{}')`.as('s'))
        .whereRef('m.quality_return_id', '=', 'r.id')
        .as('sent'),
    )
    .where('r.state', '=', 'due')
    .where('d.state', 'in', RETURNING_STATES)
    .where('r.due_on', '>=', sql<string>`${from}::date`)
    .where('r.due_on', '<=', sql<string>`${until}::date`)
    .orderBy('r.due_on')
    .execute()
}

/** True when this worker recorded the reminder; false when another had already sent it. */
export async function claimReminder(db: Db, returnId: string, daysBefore: number) {
  const row = await db
    .insertInto('quality_return_reminder')
    .values({ quality_return_id: returnId, days_before: daysBefore })
    .onConflict((oc) => oc.doNothing())
    .returning('quality_return_id')
    .executeTakeFirst()
  return row !== undefined
}

// ---------------------------------------------------------------------------------------
// Counts

const count = async (query: Promise<{ n: number | string | bigint } | undefined>) =>
  Number((await query)?.n ?? 0)

export function countSubmitted(db: Db) {
  return count(
    db
      .selectFrom('quality_return')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'submitted')
      .executeTakeFirst(),
  )
}

/** Returns owed by the organisations where the person is a provider admin or staff member. */
export function countOwedFor(db: Db, userId: string, until: string) {
  return count(
    db
      .selectFrom('quality_return as r')
      .innerJoin('delivery as d', 'd.id', 'r.delivery_id')
      .select((eb) => eb.fn.count<number>('r.id').distinct().as('n'))
      .where('r.state', 'in', OWED_STATES)
      .where('d.state', 'in', RETURNING_STATES)
      .where('r.due_on', '<=', sql<string>`${until}::date`)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_grant as g')
            .select('g.user_id')
            .where('g.user_id', '=', userId)
            .where('g.role', 'in', ['provider_admin', 'provider_staff'])
            .whereRef('g.organisation_id', '=', 'd.organisation_id'),
        ),
      )
      .executeTakeFirst(),
  )
}

/** Each delivery of the organisations, with learners, awards by status and returns owed. */
export function deliveryDashboard(db: Db, organisationIds: readonly string[] | null, owedBy: string) {
  let query = db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select([
      'd.id',
      'd.state',
      'd.start_date',
      'd.organisation_id',
      'o.name as organisation_name',
      'c.title as credential_title',
      sql<number>`(select count(*) from learner l where l.delivery_id = d.id)::int`.as('learners'),
      sql<number>`(select count(*) from award a where a.delivery_id = d.id and a.status = 'active')::int`.as(
        'awards_active',
      ),
      sql<number>`(select count(*) from award a where a.delivery_id = d.id and a.status = 'suspended')::int`.as(
        'awards_suspended',
      ),
      sql<number>`(select count(*) from award a where a.delivery_id = d.id and a.status = 'revoked')::int`.as(
        'awards_revoked',
      ),
      sql<number>`(select count(*) from quality_return r where r.delivery_id = d.id and d.state in ('approved', 'approved_with_conditions', 'suspended') and r.state in ('due', 'concern_raised') and r.due_on <= ${owedBy}::date)::int`.as(
        'returns_owed',
      ),
    ])
  if (organisationIds) {
    if (!organisationIds.length) return Promise.resolve([])
    query = query.where('d.organisation_id', 'in', organisationIds)
  }
  return query.orderBy('o.name').orderBy('c.title').orderBy('d.start_date').execute()
}

/** Every provider organisation with its deliveries, learners, awards and overdue returns. */
export function providerCounts(db: Db, today: string) {
  return db
    .selectFrom('organisation as o')
    .select([
      'o.id',
      'o.name',
      'o.region',
      'o.ukprn',
      sql<number>`(select count(*) from delivery d where d.organisation_id = o.id and d.state in ('approved', 'approved_with_conditions'))::int`.as(
        'deliveries_approved',
      ),
      sql<number>`(select count(*) from delivery d where d.organisation_id = o.id and d.state = 'applied')::int`.as(
        'deliveries_applied',
      ),
      sql<number>`(select count(*) from delivery d where d.organisation_id = o.id and d.state = 'suspended')::int`.as(
        'deliveries_suspended',
      ),
      sql<number>`(select count(*) from learner l where l.organisation_id = o.id)::int`.as('learners'),
      sql<number>`(select count(*) from award a where a.organisation_id = o.id and a.status = 'active')::int`.as(
        'awards_active',
      ),
      sql<number>`(select count(*) from quality_return r join delivery d on d.id = r.delivery_id where d.organisation_id = o.id and d.state in ('approved', 'approved_with_conditions', 'suspended') and r.state in ('due', 'concern_raised') and r.due_on < ${today}::date)::int`.as(
        'returns_overdue',
      ),
    ])
    .where('o.kind', '=', 'provider')
    .orderBy('o.name')
    .execute()
}

/** Live deliveries (applied, approved or suspended) by credential. */
export function deliveriesByCredential(db: Db) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select([
      'c.title',
      'c.slug',
      sql<number>`count(*) filter (where d.state in ('approved', 'approved_with_conditions'))::int`.as(
        'approved',
      ),
      sql<number>`count(*) filter (where d.state = 'applied')::int`.as('applied'),
      sql<number>`count(*) filter (where d.state = 'suspended')::int`.as('suspended'),
    ])
    .where('d.state', 'in', ['applied', 'approved', 'approved_with_conditions', 'suspended'])
    .groupBy(['c.title', 'c.slug'])
    .orderBy('c.title')
    .execute()
}

/** Live deliveries by the region of their provider (null when the provider gave none). */
export function deliveriesByRegion(db: Db) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
    .select([
      'o.region',
      sql<number>`count(*) filter (where d.state in ('approved', 'approved_with_conditions'))::int`.as(
        'approved',
      ),
      sql<number>`count(*) filter (where d.state = 'applied')::int`.as('applied'),
      sql<number>`count(*) filter (where d.state = 'suspended')::int`.as('suspended'),
    ])
    .where('d.state', 'in', ['applied', 'approved', 'approved_with_conditions', 'suspended'])
    .groupBy('o.region')
    .execute()
}

/** A return's history as it happened before the demo was made (seed:demo only): no row version check. */
export async function writeReturnHistory(
  db: Db,
  id: string,
  history: {
    state: ReturnState
    cohort_started: number
    cohort_completed: number
    outcomes: string
    concerns: string | null
    submitted_at: Date
    first_submitted_at: Date
    reviewed_by: string | null
    reviewed_at: Date | null
    review_note: string | null
    concern_raised_at: Date | null
  },
): Promise<void> {
  await db.updateTable('quality_return').set(history).where('id', '=', id).execute()
}
