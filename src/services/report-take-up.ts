// The take-up dashboard's figures (src/services/reports.ts): awards by month, credential, region
// and profession, awards in all over time, and revocations and suspensions, each from the
// statistics store (src/repositories/statistics.ts), never from the awards themselves. A provider
// looking sees its own column beside the nation's. Months in cells are "YYYY-MM" (for the chart
// and for machines); sentences say them in words.
import { REGIONS, REGION_LABELS } from '../domain/providers.ts'
import { countForAudience, pluralFor } from '../domain/report-summaries.ts'
import { monthsFrom } from '../domain/statistics.ts'
import {
  monthInWords,
  type Audience,
  type Cell,
  type DatasetColumn,
  type FilterName,
  type ReportFilters,
} from '../domain/statistics.ts'
import { financialYearOfDay, needProgress, type PlannedYear } from '../domain/workforce-need.ts'
import * as repo from '../repositories/statistics.ts'
import { currentNeeds } from '../repositories/workforce-needs.ts'
import type { DatasetContext, DatasetSource } from './reports.ts'

const ALL_FILTERS: readonly FilterName[] = ['from', 'to', 'area', 'region', 'profession', 'provider']

/** When the figures were computed: the store's last refresh (now, before the first one). */
export async function computedAt(context: DatasetContext): Promise<Date> {
  return (await repo.statisticsRefreshedAt(context.db)) ?? context.clock.now()
}

/** The provider whose own figures go beside the nation's, or null. */
const ownOf = (audience: Audience) => (audience.kind === 'provider' ? audience.organisationId : null)

/** The count columns: everyone's, and the provider's own beside it when a provider looks. */
function countColumns(key: string, label: string, audience: Audience): DatasetColumn[] {
  return [
    { key, label, numeric: true },
    ...(audience.kind === 'provider'
      ? [{ key: `own_${key}`, label: `${label}: ${audience.organisationName}`, numeric: true }]
      : []),
  ]
}

/** The provider's own count beside the nation's, under the column countColumns named. */
const withOwn = (audience: Audience, key: string, own: number): Record<string, Cell> =>
  audience.kind === 'provider' ? { [`own_${key}`]: own } : {}

/** "from January 2025 to March 2026", "since January 2025", "up to March 2026", or "". */
export function periodInWords(filters: Pick<ReportFilters, 'from' | 'to'>): string {
  if (filters.from && filters.to) return ` from ${monthInWords(filters.from)} to ${monthInWords(filters.to)}`
  if (filters.from) return ` since the start of ${monthInWords(filters.from)}`
  if (filters.to) return ` up to the end of ${monthInWords(filters.to)}`
  return ''
}

/**
 * The months a line covers: from the filter's first month (or the first with figures) to its
 * last (or this month), never before the first month with figures.
 */
export function monthSpan(
  dataMonths: readonly string[],
  filters: ReportFilters,
  thisMonth: string,
): string[] {
  const first = dataMonths[0]
  const lastData = dataMonths.at(-1)
  if (!first || !lastData) return []
  const start = filters.from && filters.from > first ? filters.from : first
  const end = filters.to ?? (lastData > thisMonth ? lastData : thisMonth)
  return monthsFrom(start, end)
}

const thisMonthOf = (context: DatasetContext) => context.clock.today().slice(0, 7)

const awardsByMonth: DatasetSource = {
  id: 'awards-by-month',
  dashboard: 'take-up',
  visibility: 'public',
  filters: ALL_FILTERS,
  totalled: ['awarded'],
  async compute(context, filters, audience) {
    const [found, at] = await Promise.all([
      repo.awardsByMonth(context.db, filters, ownOf(audience)),
      computedAt(context),
    ])
    const byMonth = new Map(found.map((r) => [r.month, r]))
    const awarded = found.filter((r) => r.awarded > 0).map((r) => r.month)
    const months = monthSpan(awarded, filters, thisMonthOf(context))
    const rows = months.map((month) => ({
      month,
      awarded: byMonth.get(month)?.awarded ?? 0,
      ...withOwn(audience, 'awarded', byMonth.get(month)?.own ?? 0),
    }))
    const total = rows.reduce((sum, r) => sum + r.awarded, 0)
    const peak = rows.reduce<(typeof rows)[number] | undefined>(
      (best, r) => (!best || r.awarded > best.awarded ? r : best),
      undefined,
    )
    const first = months[0]
    const last = months.at(-1)
    const ownTotal = found.reduce((sum, r) => sum + (months.includes(r.month) ? r.own : 0), 0)
    const ownWords =
      audience.kind === 'provider'
        ? `; ${audience.organisationName} awarded ${countForAudience(ownTotal, audience)} of them`
        : ''
    const summary =
      !first || !last || !peak
        ? `No credentials were awarded${periodInWords(filters)}.`
        : `${countForAudience(total, audience)} ${pluralFor(total, audience, 'credential was', 'credentials were')} awarded from ${monthInWords(first)} to ${monthInWords(last)}; the most in a month was ${countForAudience(peak.awarded, audience)}, in ${monthInWords(peak.month)}${ownWords}.`
    return {
      id: 'awards-by-month',
      dashboard: 'take-up',
      title: 'Credentials awarded each month',
      summary,
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        ...countColumns('awarded', 'Credentials awarded', audience),
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'awarded' },
      computedAt: at,
      suppressed: false,
    }
  },
}

const cumulativeAwards: DatasetSource = {
  id: 'cumulative-awards',
  dashboard: 'take-up',
  visibility: 'public',
  filters: ALL_FILTERS,
  async compute(context, filters, audience) {
    const own = ownOf(audience)
    const [found, at] = await Promise.all([repo.awardsByMonth(context.db, filters, own), computedAt(context)])
    const byMonth = new Map(found.map((r) => [r.month, r]))
    const months = monthSpan(
      found.filter((r) => r.awarded > 0).map((r) => r.month),
      filters,
      thisMonthOf(context),
    )
    const first = months[0]
    const before = first ? await repo.awardsBefore(context.db, filters, first, own) : { awarded: 0, own: 0 }
    let total = before.awarded
    let ownTotal = before.own
    const rows = months.map((month) => {
      total += byMonth.get(month)?.awarded ?? 0
      ownTotal += byMonth.get(month)?.own ?? 0
      return { month, total, ...withOwn(audience, 'total', ownTotal) }
    })
    const last = rows.at(-1)
    const start = rows[0]
    const summary =
      !last || !start
        ? `No credentials had been awarded${periodInWords({ to: filters.to })}.`
        : `By the end of ${monthInWords(last.month)}, ${countForAudience(last.total, audience)} ${pluralFor(last.total, audience, 'credential had', 'credentials had')} been awarded in all, up from ${countForAudience(start.total, audience)} at the end of ${monthInWords(start.month)}.`
    return {
      id: 'cumulative-awards',
      dashboard: 'take-up',
      title: 'Credentials awarded in all, over time',
      summary,
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        ...countColumns('total', 'Credentials awarded in all', audience),
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'total' },
      computedAt: at,
      suppressed: false,
    }
  },
}

/** The sentence of a breakdown: the total and the largest group. */
function breakdownSummary(
  rows: ReadonlyArray<{ name: string; awarded: number }>,
  filters: ReportFilters,
  audience: Audience,
  largest: (name: string, count: string) => string,
): string {
  const total = rows.reduce((sum, r) => sum + r.awarded, 0)
  const top = rows.reduce<(typeof rows)[number] | undefined>(
    (best, r) => (!best || r.awarded > best.awarded ? r : best),
    undefined,
  )
  if (!top || total === 0) return `No credentials were awarded${periodInWords(filters)}.`
  return `Of ${countForAudience(total, audience)} ${pluralFor(total, audience, 'credential', 'credentials')} awarded${periodInWords(filters)}, ${largest(top.name, countForAudience(top.awarded, audience))}.`
}

interface Group {
  /** The group's value in the figure's first column (a region as its code). */
  value: string
  /** The group as a sentence names it. */
  name: string
  awarded: number
  own: number
}

/** A figure of the awards split one way (by credential, region or profession): a row a group. */
function breakdown(options: {
  id: string
  title: string
  column: { key: string; label: string }
  chart: 'bars' | 'regions'
  groups: (context: DatasetContext, filters: ReportFilters, own: string | null) => Promise<Group[]>
  largest: (name: string, count: string) => string
}): DatasetSource {
  const { key } = options.column
  return {
    id: options.id,
    dashboard: 'take-up',
    visibility: 'public',
    filters: ALL_FILTERS,
    totalled: ['awarded'],
    async compute(context, filters, audience) {
      const [groups, at] = await Promise.all([
        options.groups(context, filters, ownOf(audience)),
        computedAt(context),
      ])
      return {
        id: options.id,
        dashboard: 'take-up',
        title: options.title,
        summary: breakdownSummary(groups, filters, audience, options.largest),
        columns: [
          { key, label: options.column.label, numeric: false },
          ...countColumns('awarded', 'Credentials awarded', audience),
        ],
        rows: groups.map((g) => ({
          [key]: g.value,
          awarded: g.awarded,
          ...withOwn(audience, 'awarded', g.own),
        })),
        chart:
          options.chart === 'regions'
            ? { kind: 'regions', region: key, value: 'awarded' }
            : { kind: 'bars', category: key, value: 'awarded' },
        computedAt: at,
        suppressed: false,
      }
    },
  }
}

const awardsByCredential = breakdown({
  id: 'awards-by-credential',
  title: 'Credentials awarded, by credential',
  column: { key: 'credential', label: 'Credential' },
  chart: 'bars',
  groups: async (context, filters, own) =>
    (await repo.awardsByCredential(context.db, filters, own)).map((r) => ({
      value: r.title,
      name: r.title,
      awarded: r.awarded,
      own: r.own,
    })),
  largest: (name, count) => `the most were of ${name}: ${count}`,
})

const awardsByRegion = breakdown({
  id: 'awards-by-region',
  title: 'Credentials awarded, by the provider’s NHS England region',
  column: { key: 'region', label: 'NHS England region' },
  chart: 'regions',
  // Every region is a row, with none as 0, so the map and the table always show all seven.
  groups: async (context, filters, own) => {
    const found = await repo.awardsByRegion(context.db, filters, own)
    return REGIONS.map((region) => {
      const row = found.find((r) => r.region === region)
      return { value: region, name: REGION_LABELS[region], awarded: row?.awarded ?? 0, own: row?.own ?? 0 }
    })
  },
  largest: (name, count) => `the most were awarded by providers in ${name}: ${count}`,
})

const awardsByProfession = breakdown({
  id: 'awards-by-profession',
  title: 'Credentials awarded, by profession',
  column: { key: 'profession', label: 'Profession' },
  chart: 'bars',
  groups: async (context, filters, own) =>
    (await repo.awardsByProfession(context.db, filters, own)).map((r) => ({
      value: r.profession,
      name: r.profession,
      awarded: r.awarded,
      own: r.own,
    })),
  largest: (name, count) => `the most went to practitioners whose profession is ${name}: ${count}`,
})

const CHANGES = [
  { key: 'revoked', label: 'Revoked' },
  { key: 'suspended', label: 'Suspended' },
] as const

const revocationsAndSuspensions: DatasetSource = {
  id: 'revocations-and-suspensions',
  dashboard: 'take-up',
  visibility: 'public',
  filters: ALL_FILTERS,
  totalled: ['awards'],
  async compute(context, filters, audience) {
    const [found, at] = await Promise.all([
      repo.awardsByMonth(context.db, filters, ownOf(audience)),
      computedAt(context),
    ])
    const byMonth = new Map(found.map((r) => [r.month, r]))
    const months = monthSpan(
      found.filter((r) => r.revoked + r.suspended > 0).map((r) => r.month),
      filters,
      thisMonthOf(context),
    )
    const rows = months.flatMap((month) =>
      CHANGES.map((change) => {
        const row = byMonth.get(month)
        return {
          month,
          change: change.label,
          awards: row?.[change.key] ?? 0,
          ...withOwn(audience, 'awards', row?.[`own_${change.key}`] ?? 0),
        }
      }),
    )
    const totalOf = (label: string) =>
      rows.filter((r) => r.change === label).reduce((sum, r) => sum + r.awards, 0)
    const revoked = totalOf('Revoked')
    const suspended = totalOf('Suspended')
    const first = months[0]
    const last = months.at(-1)
    const summary =
      !first || !last
        ? `No award now revoked or suspended was changed${periodInWords(filters)}.`
        : `Of the awards revoked or suspended now, ${countForAudience(revoked, audience)} ${pluralFor(revoked, audience, 'was', 'were')} revoked and ${countForAudience(suspended, audience)} suspended from ${monthInWords(first)} to ${monthInWords(last)}, counted in the month of the change.`
    return {
      id: 'revocations-and-suspensions',
      dashboard: 'take-up',
      title: 'Awards revoked and suspended each month',
      summary,
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        { key: 'change', label: 'Change', numeric: false },
        ...countColumns('awards', 'Awards', audience),
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'awards', series: 'change' },
      computedAt: at,
      suppressed: false,
    }
  },
}

/** A need's subject (a credential, or a clinical area and all its credentials) in one region. */
interface NeedSubject {
  name: string
  credentialId: string | null
  areaId: number
  region: (typeof REGIONS)[number]
  planned: PlannedYear[]
}

const VERDICT_WORDS = {
  'on track': 'On track',
  behind: 'Behind',
  'no need recorded': 'No need recorded',
} as const

const awardsAgainstNeed: DatasetSource = {
  id: 'awards-against-need',
  dashboard: 'take-up',
  visibility: 'public',
  filters: ['area', 'region'],
  async compute(context, filters, audience) {
    const areaId = filters.area === undefined ? undefined : Number(filters.area)
    const needFilters = {
      ...(areaId !== undefined ? { areaId: Number.isSafeInteger(areaId) ? areaId : -1 } : {}),
      ...(filters.region ? { region: filters.region } : {}),
    }
    const own = ownOf(audience)
    const [needs, years, ownYears, at] = await Promise.all([
      currentNeeds(context.db, needFilters),
      repo.awardsByFinancialYear(context.db, { ...(filters.region ? { region: filters.region } : {}) }),
      own ? repo.awardsByFinancialYear(context.db, { provider: own }) : Promise.resolve([]),
      computedAt(context),
    ])
    const subjects = new Map<string, NeedSubject>()
    for (const need of needs) {
      const key = `${need.credentialId ?? `area:${need.areaId}`}|${need.region}`
      const subject = subjects.get(key) ?? {
        name: need.credentialTitle ?? need.areaName,
        credentialId: need.credentialId,
        areaId: need.areaId,
        region: need.region,
        planned: [],
      }
      subject.planned.push({ financialYear: need.financialYear, planned: need.planned })
      subjects.set(key, subject)
    }
    const today = context.clock.today()
    // Awards count from the first planned year (the need's rule) to today.
    const awardsFor = (found: typeof years, subject: NeedSubject) => {
      const firstYear = Math.min(...subject.planned.map((p) => p.financialYear))
      return found
        .filter(
          (y) =>
            y.region === subject.region &&
            y.financialYear >= firstYear &&
            y.financialYear <= financialYearOfDay(today) &&
            (subject.credentialId
              ? y.credentialId === subject.credentialId
              : y.clinicalAreaId === subject.areaId),
        )
        .reduce((sum, y) => sum + y.awarded, 0)
    }
    const rows = [...subjects.values()].map((subject) => {
      const progress = needProgress(subject.planned, awardsFor(years, subject), today)
      return {
        subject: subject.name,
        region: subject.region,
        needed: progress.verdict === 'no need recorded' ? 0 : progress.needToDate,
        awarded: progress.verdict === 'no need recorded' ? 0 : progress.awardsToDate,
        ...withOwn(audience, 'awarded', awardsFor(ownYears, subject)),
        planned: progress.verdict === 'no need recorded' ? 0 : progress.plannedInTotal,
        verdict: VERDICT_WORDS[progress.verdict],
      }
    })
    const onTrack = rows.filter((r) => r.verdict === 'On track').length
    const behind = rows.filter((r) => r.verdict === 'Behind').length
    const summary = rows.length
      ? `Of ${rows.length} ${rows.length === 1 ? 'need' : 'needs'} recorded by credential or clinical area and region, ${onTrack} ${onTrack === 1 ? 'is' : 'are'} on track and ${behind} behind: the awards made since the first planned year against the need to date.`
      : `No workforce need has been recorded${filters.region ? ` in ${REGION_LABELS[filters.region]}` : ''}.`
    return {
      id: 'awards-against-need',
      dashboard: 'take-up',
      title: 'Credentials awarded against the workforce need',
      summary,
      columns: [
        { key: 'subject', label: 'Credential or clinical area', numeric: false },
        { key: 'region', label: 'NHS England region', numeric: false },
        { key: 'needed', label: 'Needed to date', numeric: true, people: false },
        ...countColumns('awarded', 'Awarded to date', audience),
        { key: 'planned', label: 'Planned in all years', numeric: true, people: false },
        { key: 'verdict', label: 'On track or behind', numeric: false },
      ],
      rows,
      chart: { kind: 'table' },
      computedAt: at,
      suppressed: false,
    }
  },
}

export const takeUpDatasets: readonly DatasetSource[] = [
  awardsByMonth,
  cumulativeAwards,
  awardsByCredential,
  awardsByRegion,
  awardsByProfession,
  revocationsAndSuspensions,
  awardsAgainstNeed,
]
