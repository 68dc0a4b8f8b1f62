// Responses to a consultation. A signed-in respondent's is confirmed when saved; someone else's
// is saved unconfirmed and counts from when they confirm their address by the e-mailed link.
// One confirmed response per address and one per account (unique indexes).
import { sql, type ExpressionBuilder, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ConsultationResponseTable, Database } from '../db/schema.ts'
import type { Capacity } from '../domain/consultations.ts'
import type { Region } from '../domain/providers.ts'

export function insertResponse(db: Db, response: Insertable<ConsultationResponseTable>) {
  return db.insertInto('consultation_response').values(response).returningAll().executeTakeFirstOrThrow()
}

export function findResponseById(db: Db, id: string) {
  return db.selectFrom('consultation_response').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The response of a signed-in account to a consultation, if it has one. */
export function findResponseOfUser(db: Db, consultationId: string, userId: string) {
  return db
    .selectFrom('consultation_response')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** The confirmed response from an address (any letter case), if there is one. */
export function findConfirmedResponseOfEmail(db: Db, consultationId: string, email: string) {
  return db
    .selectFrom('consultation_response')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst()
}

/** Counts the response from now; false when it was confirmed already. */
export async function confirmResponse(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('consultation_response')
    .set({ confirmed_at: at, updated_at: at })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Applies the respondent's changes if the response is still at `rowVersion`; undefined when not. */
export function updateResponse(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ConsultationResponseTable>, 'id' | 'row_version' | 'consultation_id'>,
  at: Date,
) {
  return db
    .updateTable('consultation_response')
    .set((eb) => ({ ...changes, updated_at: at, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

/** An unconfirmed response given up (its address had responded already), with what it held. */
export async function deleteUnconfirmedResponse(db: Db, id: string): Promise<void> {
  await db.deleteFrom('consultation_answer').where('response_id', '=', id).execute()
  await db.deleteFrom('consultation_comment').where('response_id', '=', id).execute()
  await db
    .deleteFrom('consultation_response')
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .execute()
}

// Reading responses and publishing the outcome (src/services/consultation-outcomes.ts).

/** Who the Centre reads: by capacity, profession and region; each unset means any. */
export interface RespondentFilter {
  capacity?: Capacity
  profession?: string
  region?: Region
}

/** The filter as a condition on a response aliased `r`, confirmed only. */
export function respondentsMatching(consultationId: string, filter: RespondentFilter) {
  return (eb: ExpressionBuilder<Database & { r: Database['consultation_response'] }, 'r'>) =>
    eb.and([
      eb('r.consultation_id', '=', consultationId),
      eb('r.confirmed_at', 'is not', null),
      ...(filter.capacity ? [eb('r.capacity', '=', filter.capacity)] : []),
      ...(filter.profession ? [eb('r.profession', '=', filter.profession)] : []),
      ...(filter.region ? [eb('r.region', '=', filter.region)] : []),
    ])
}

export async function countConfirmedResponses(db: Db, consultationId: string, filter: RespondentFilter = {}) {
  const row = await db
    .selectFrom('consultation_response as r')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(respondentsMatching(consultationId, filter))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Confirmed responses counted by capacity and by region (null: not said). */
export function respondentCounts(db: Db, consultationId: string) {
  return countsByCapacityAndRegion(confirmedResponses(db).where('r.consultation_id', '=', consultationId))
}

const confirmedResponses = (db: Db) =>
  db.selectFrom('consultation_response as r').where('r.confirmed_at', 'is not', null)

/** Confirmed responses counted by the capacity they responded in, and by region. */
async function countsByCapacityAndRegion(base: ReturnType<typeof confirmedResponses>) {
  const [byCapacity, byRegion] = await Promise.all([
    base
      .select(['r.capacity', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('r.capacity')
      .execute(),
    base
      .select(['r.region', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('r.region')
      .execute(),
  ])
  return {
    byCapacity: byCapacity.map((r) => ({ capacity: r.capacity, count: Number(r.n) })),
    byRegion: byRegion.map((r) => ({ region: r.region, count: Number(r.n) })),
  }
}

/** The professions respondents gave, for the filter. */
export async function respondentProfessions(db: Db, consultationId: string) {
  const rows = await db
    .selectFrom('consultation_response as r')
    .select('r.profession')
    .distinct()
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
    .where('r.profession', 'is not', null)
    .orderBy('r.profession')
    .execute()
  return rows.flatMap((r) => (r.profession === null ? [] : [r.profession]))
}

/** A batch of confirmed responses after a response id, in id order (for downloads and e-mails). */
export function confirmedResponsesAfter(
  db: Db,
  consultationId: string,
  afterId: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('consultation_response as r')
    .select([
      'r.id',
      'r.name',
      'r.email',
      'r.organisation',
      'r.capacity',
      'r.profession',
      'r.region',
      'r.publication',
      'r.user_id',
      'r.confirmed_at',
      'r.created_at',
      'r.updated_at',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
  if (afterId !== null) query = query.where('r.id', '>', afterId)
  return query.orderBy('r.id').limit(limit).execute()
}

// The engagement dashboard (src/services/report-engagement.ts).

/**
 * Confirmed responses to published consultations counted by capacity and by region (null: not
 * said), confirmed from the start of London month `from` to the end of London month `to`, each
 * optional ("YYYY-MM").
 */
export function publishedResponseCounts(db: Db, period: { from?: string; to?: string }) {
  const monthStart = (month: string) =>
    sql<Date>`(${`${month}-01`}::date)::timestamp at time zone 'Europe/London'`
  let base = confirmedResponses(db).where('r.consultation_id', 'in', (eb) =>
    eb.selectFrom('consultation as c').select('c.id').where('c.state', '=', 'published'),
  )
  if (period.from) base = base.where('r.confirmed_at', '>=', monthStart(period.from))
  if (period.to)
    base = base.where('r.confirmed_at', '<', sql<Date>`${monthStart(period.to)} + interval '1 month'`)
  return countsByCapacityAndRegion(base)
}
