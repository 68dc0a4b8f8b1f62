// The statistics store (migration 20261207100000_statistics): summary tables recomputed by the
// 'statistics' job, and the grouped reads the dashboards make of them. A read here touches the
// summary rows only (a few per month, credential, provider and profession), never the awards.
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'
import { londonDay } from '../domain/dates.ts'
import { isUuid } from '../domain/identifiers.ts'
import { monthsFrom } from '../domain/statistics.ts'
import { financialYearOfDay } from '../domain/workforce-need.ts'
import type { Region } from '../domain/providers.ts'
import type { ReportFilters } from '../domain/statistics.ts'

/**
 * Recomputes every summary table from the awards, the directory and the audit trail, in the
 * caller's transaction, and records when. A full recompute: at 500,000 awards it takes well under
 * the hourly interval (bench/README.md), and a full one can never drift from the awards.
 */
export async function refreshStatistics(trx: Db, now: Date): Promise<{ tookMs: number }> {
  const started = Date.now()
  // Awards of an import not yet published are hidden from every reader, so from the counts too.
  const visible = sql`not exists (select 1 from award_import_pending p where p.import_id = a.award_import_id)`
  await sql`delete from award_month_statistic`.execute(trx)
  await sql`insert into award_month_statistic
      (month, credential_id, clinical_area_id, organisation_id, region, profession, awarded, revoked, suspended)
    select month, credential_id, c.clinical_area_id, organisation_id, o.region, profession,
      sum(awarded)::int, sum(revoked)::int, sum(suspended)::int
    from (
      select to_char(a.awarded_on, 'YYYY-MM') as month, a.credential_id, a.organisation_id, l.profession,
        count(*) as awarded, 0 as revoked, 0 as suspended
      from award a join learner l on l.id = a.learner_id
      where ${visible}
      group by 1, 2, 3, 4
      union all
      select to_char(a.status_changed_at at time zone 'Europe/London', 'YYYY-MM'), a.credential_id,
        a.organisation_id, l.profession, 0,
        count(*) filter (where a.status = 'revoked'), count(*) filter (where a.status = 'suspended')
      from award a join learner l on l.id = a.learner_id
      where a.status in ('revoked', 'suspended') and a.status_changed_at is not null and ${visible}
      group by 1, 2, 3, 4
    ) x
    join credential c on c.id = x.credential_id
    join organisation o on o.id = x.organisation_id
    group by month, credential_id, c.clinical_area_id, organisation_id, o.region, profession`.execute(trx)

  await sql`delete from award_holder_statistic`.execute(trx)
  await sql`insert into award_holder_statistic (organisation_id, region, awards_in_force, holders, learners)
    select o.id, o.region, coalesce(h.awards, 0), coalesce(h.holders, 0), coalesce(r.learners, 0)
    from organisation o
    left join (
      select a.organisation_id, count(*)::int as awards,
        count(distinct l.regulator || ':' || l.registration_number)::int as holders
      from award a join learner l on l.id = a.learner_id
      where a.status = 'active' and ${visible}
      group by a.organisation_id
    ) h on h.organisation_id = o.id
    left join (
      select organisation_id, count(*)::int as learners from learner group by organisation_id
    ) r on r.organisation_id = o.id
    where h.organisation_id is not null or r.organisation_id is not null`.execute(trx)

  await refreshPractitionerMonths(trx, now)

  const tookMs = Date.now() - started
  await trx
    .insertInto('statistics_refresh')
    .values({ id: true, refreshed_at: now, took_ms: tookMs })
    .onConflict((oc) => oc.column('id').doUpdateSet({ refreshed_at: now, took_ms: tookMs }))
    .execute()
  return { tookMs }
}

/**
 * Listings at each month's end, counted back from the listings now through the changes the
 * audit trail records (a listing made without one, as bulk seeding does, counts as always
 * there); employer checks, each audited, by the month they were made. An erased event's
 * listing is unknown, so it changes nothing.
 */
async function refreshPractitionerMonths(trx: Db, now: Date) {
  const changes = await sql<{ month: string; change: number }>`
    select month, sum(change)::int as change from (
      select to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM') as month,
        listed::int - coalesce(lag(listed) over (partition by entity_id order by id), false)::int as change
      from (
        select id, occurred_at, entity_id, (after->>'listed')::boolean as listed
        from audit_event
        where action = 'practitioner.directory_entry_changed' and entity_id is not null
          and jsonb_typeof(after->'listed') = 'boolean'
      ) e
    ) c group by month`.execute(trx)
  const checks = await sql<{ month: string; checks: number }>`
    select to_char(occurred_at at time zone 'Europe/London', 'YYYY-MM') as month, count(*)::int as checks
    from audit_event where action = 'directory.employer_check' group by 1`.execute(trx)
  const listedNow = await trx
    .selectFrom('directory_entry')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('listed', '=', true)
    .executeTakeFirstOrThrow()
  await sql`delete from practitioner_month_statistic`.execute(trx)
  const thisMonth = londonDay(now).slice(0, 7)
  const changeIn = new Map(changes.rows.map((r) => [r.month, Number(r.change)]))
  const checksIn = new Map(checks.rows.map((r) => [r.month, Number(r.checks)]))
  const months = [...changeIn.keys(), ...checksIn.keys()].filter((m) => m <= thisMonth).sort()
  const first = months[0]
  if (!first) return
  const rows = monthsFrom(first, thisMonth).map((month) => ({
    month,
    listed: 0,
    employer_checks: checksIn.get(month) ?? 0,
  }))
  let listed = Number(listedNow.n)
  for (const row of rows.reverse()) {
    row.listed = Math.max(0, listed)
    listed -= changeIn.get(row.month) ?? 0
  }
  await trx.insertInto('practitioner_month_statistic').values(rows.reverse()).execute()
}

/** When the summary tables were last computed, or null before the first refresh. */
export async function statisticsRefreshedAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('statistics_refresh').select('refreshed_at').executeTakeFirst()
  return row?.refreshed_at ?? null
}

type AwardQuery = SelectQueryBuilder<Database, 'award_month_statistic', object>

/** The summary rows the filters keep. An area or provider that cannot exist keeps none. */
function awardRows(db: Db, filters: ReportFilters): AwardQuery {
  let query: AwardQuery = db.selectFrom('award_month_statistic')
  if (filters.from) query = query.where('award_month_statistic.month', '>=', filters.from)
  if (filters.to) query = query.where('award_month_statistic.month', '<=', filters.to)
  if (filters.region) query = query.where('award_month_statistic.region', '=', filters.region)
  if (filters.profession) query = query.where('award_month_statistic.profession', '=', filters.profession)
  if (filters.area !== undefined) {
    const area = Number(filters.area)
    query = Number.isSafeInteger(area)
      ? query.where('award_month_statistic.clinical_area_id', '=', area)
      : query.where(sql<boolean>`false`)
  }
  if (filters.provider !== undefined)
    query = isUuid(filters.provider)
      ? query.where('award_month_statistic.organisation_id', '=', filters.provider)
      : query.where(sql<boolean>`false`)
  return query
}

type Measure = 'awarded' | 'revoked' | 'suspended'

/** The sum of a measure, and the same for one provider when `own` names it (else 0). */
const sums = (measure: Measure, own: string | null) => [
  sql<number>`coalesce(sum(${sql.ref(measure)}), 0)::int`.as(measure),
  own && isUuid(own)
    ? sql<number>`coalesce(sum(${sql.ref(measure)}) filter (where organisation_id = ${own}), 0)::int`.as(
        'own',
      )
    : sql<number>`0`.as('own'),
]

/** Awards, revocations and suspensions in each month that has any, oldest first (with `own`'s). */
export function awardsByMonth(db: Db, filters: ReportFilters, own: string | null = null) {
  const ownSum = (measure: Measure) =>
    own && isUuid(own)
      ? sql<number>`coalesce(sum(${sql.ref(measure)}) filter (where organisation_id = ${own}), 0)::int`
      : sql<number>`0`
  return awardRows(db, filters)
    .select('month')
    .select(sums('awarded', own))
    .select([
      sql<number>`coalesce(sum(revoked), 0)::int`.as('revoked'),
      sql<number>`coalesce(sum(suspended), 0)::int`.as('suspended'),
      ownSum('revoked').as('own_revoked'),
      ownSum('suspended').as('own_suspended'),
    ])
    .groupBy('month')
    .orderBy('month')
    .execute()
}

/** Awards by credential (with its title), most first. */
export function awardsByCredential(db: Db, filters: ReportFilters, own: string | null = null) {
  return awardRows(db, filters)
    .innerJoin('credential as c', 'c.id', 'award_month_statistic.credential_id')
    .select(['c.id', 'c.title'])
    .select(sums('awarded', own))
    .groupBy(['c.id', 'c.title'])
    .having(sql<boolean>`sum(awarded) > 0`)
    .orderBy('awarded', 'desc')
    .orderBy('c.title')
    .execute()
}

/** Awards by the provider's region (null: a provider without one). */
export function awardsByRegion(db: Db, filters: ReportFilters, own: string | null = null) {
  return awardRows(db, filters).select('region').select(sums('awarded', own)).groupBy('region').execute()
}

/** Awards by the learner's profession, most first. */
export function awardsByProfession(db: Db, filters: ReportFilters, own: string | null = null) {
  return awardRows(db, filters)
    .select('profession')
    .select(sums('awarded', own))
    .groupBy('profession')
    .having(sql<boolean>`sum(awarded) > 0`)
    .orderBy('awarded', 'desc')
    .orderBy('profession')
    .execute()
}

/** Awards made before a month (for a cumulative line that starts part-way). */
export async function awardsBefore(db: Db, filters: ReportFilters, month: string, own: string | null = null) {
  return awardRows(db, { ...filters, from: undefined, to: undefined })
    .where('month', '<', month)
    .select(sums('awarded', own))
    .executeTakeFirstOrThrow()
}

export interface FinancialYearAwards {
  /** The NHS financial year by the calendar year it starts in: 2025 is April 2025 to March 2026. */
  financialYear: number
  credentialId: string
  clinicalAreaId: number
  region: Region | null
  awarded: number
  /** Every award of the credential in the region up to the end of this financial year. */
  cumulative: number
}

/**
 * Awards per NHS financial year (April to March) by credential, clinical area and the
 * provider's region, with the running total: what the workforce need is set against. The
 * `from`/`to` months choose the years shown; the running total still counts earlier years.
 */
export async function awardsByFinancialYear(db: Db, filters: ReportFilters): Promise<FinancialYearAwards[]> {
  const { from, to, ...rest } = filters
  const year = sql<number>`(substr(month, 1, 4)::int - case when substr(month, 6, 2) < '04' then 1 else 0 end)`
  const rows = await awardRows(db, rest)
    .select([
      year.as('financial_year'),
      'credential_id',
      'clinical_area_id',
      'region',
      sql<number>`sum(awarded)::int`.as('awarded'),
    ])
    .groupBy([year, 'credential_id', 'clinical_area_id', 'region'])
    .orderBy('credential_id')
    .orderBy('region')
    .orderBy(year)
    .execute()
  const running = new Map<string, number>()
  const out: FinancialYearAwards[] = []
  for (const row of rows) {
    const key = `${row.credential_id}|${row.region ?? ''}`
    const cumulative = (running.get(key) ?? 0) + Number(row.awarded)
    running.set(key, cumulative)
    const fy = Number(row.financial_year)
    if (from && fy < financialYearOfDay(`${from}-01`)) continue
    if (to && fy > financialYearOfDay(`${to}-01`)) continue
    out.push({
      financialYear: fy,
      credentialId: row.credential_id,
      clinicalAreaId: row.clinical_area_id,
      region: row.region,
      awarded: Number(row.awarded),
      cumulative,
    })
  }
  return out
}

/** Listings and employer checks by month, oldest first. */
export function practitionerMonths(db: Db, filters: Pick<ReportFilters, 'from' | 'to'>) {
  let query = db.selectFrom('practitioner_month_statistic').select(['month', 'listed', 'employer_checks'])
  if (filters.from) query = query.where('month', '>=', filters.from)
  if (filters.to) query = query.where('month', '<=', filters.to)
  return query.orderBy('month').execute()
}

/** Each provider's awards in force and holders, most holders first. */
export function holdersByProvider(db: Db, filters: Pick<ReportFilters, 'region'>) {
  let query = db
    .selectFrom('award_holder_statistic as h')
    .innerJoin('organisation as o', 'o.id', 'h.organisation_id')
    .select(['o.id', 'o.name', 'h.region', 'h.awards_in_force', 'h.holders'])
    .where('h.awards_in_force', '>', 0)
  if (filters.region) query = query.where('h.region', '=', filters.region)
  return query.orderBy('h.holders', 'desc').orderBy('o.name').execute()
}
