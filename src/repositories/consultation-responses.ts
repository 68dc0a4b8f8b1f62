// Reading the confirmed responses to a consultation: who responded (counted by capacity and
// region, filtered, read in batches). An unconfirmed response is never counted or read here.
import type { ExpressionBuilder } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'
import type { Capacity } from '../domain/consultations.ts'
import type { Region } from '../domain/providers.ts'

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
export async function respondentCounts(db: Db, consultationId: string) {
  const base = db
    .selectFrom('consultation_response as r')
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
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
