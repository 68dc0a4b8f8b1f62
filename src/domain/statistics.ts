// The implementation plan in numbers: what a dashboard's figure is (a dataset: its title, the
// one sentence saying what it shows, its columns and rows, when it was computed, and how it is
// drawn), the filters every dashboard reads, who is looking, and the rule that keeps small
// counts from identifying people. Pure: the services compute the rows, the web layer draws them.
import { londonDay } from './dates.ts'
import { REGIONS, isOneOf, type Region } from './providers.ts'

export const DASHBOARDS = ['pipeline', 'delivery', 'take-up', 'practitioners', 'engagement'] as const
export type Dashboard = (typeof DASHBOARDS)[number]
export const isDashboard = (value: string): value is Dashboard => isOneOf(DASHBOARDS, value)

export const DASHBOARD_INFO: Record<Dashboard, { title: string; description: string }> = {
  pipeline: {
    title: 'Credentials in the pipeline',
    description:
      'How many credentials are at each stage from proposal to publication, how long each stage takes, and how many proposals are received and agreed.',
  },
  delivery: {
    title: 'Delivery',
    description:
      'Approved deliveries of endorsed credentials by credential, provider and NHS England region, and how providers’ yearly quality returns arrive.',
  },
  'take-up': {
    title: 'Take-up',
    description:
      'Credentials awarded by credential, region, profession and month, set against the number of practitioners the plan needs.',
  },
  practitioners: {
    title: 'Practitioners',
    description: 'Listings on the Advanced Practice Directory and employers’ checks over time.',
  },
  engagement: {
    title: 'Engagement',
    description: 'Responses to the Centre’s consultations by capacity and region.',
  },
}

/** Who is looking: the public, Centre staff, or one provider (who sees its own figures beside the nation's). */
export type Audience =
  | { kind: 'public' }
  | { kind: 'centre' }
  | { kind: 'provider'; organisationId: string; organisationName: string }

/**
 * A dashboard's filters, each optional. Months are "YYYY-MM" (London months), inclusive;
 * `area` is a clinical area's id, `provider` an organisation's id, `profession` a profession's name.
 */
export interface ReportFilters {
  from?: string
  to?: string
  area?: string
  region?: Region
  profession?: string
  provider?: string
}

export const FILTER_NAMES = ['from', 'to', 'area', 'region', 'profession', 'provider'] as const
export type FilterName = (typeof FILTER_NAMES)[number]

export const isRegion = (value: string): value is Region => isOneOf(REGIONS, value)

/** A cell: a number, a word, or null where a small count is withheld. */
export type Cell = string | number | null

export interface DatasetColumn {
  key: string
  label: string
  /** Counts and other figures: right-aligned. */
  numeric: boolean
  /**
   * False for a figure that does not count people (credentials, proposals, deliveries, quality
   * returns, days): the small-count rule protects individuals, and leaves it alone. A numeric
   * column counts people unless it says otherwise.
   */
  people?: boolean
}

/** Whether the small-count rule reads a column: numbers that count people. */
export const countsPeople = (column: DatasetColumn): boolean => column.numeric && column.people !== false

/**
 * How a dataset is drawn. Categories go down the side as horizontal bars; time goes along as
 * lines (one per series, each with its own marker and dash, so colour never carries meaning
 * alone); regions are drawn on a tile map of NHS England's seven regions.
 */
export type ChartSpec =
  | { kind: 'bars'; category: string; value: string }
  | { kind: 'lines'; x: string; value: string; series?: string }
  | { kind: 'regions'; region: string; value: string }
  | { kind: 'table' }

export interface Dataset {
  /** Stable: the open-data URL is /reports/data/{id}.csv (and .json). */
  id: string
  dashboard: Dashboard
  title: string
  /** One sentence saying what the figure shows, for everyone and for screen readers. */
  summary: string
  columns: DatasetColumn[]
  rows: Array<Record<string, Cell>>
  chart: ChartSpec
  /** When the figures were computed (the summary tables' refresh), not when the page was drawn. */
  computedAt: Date
  /** True when small counts were withheld (the public's and providers' national figures). */
  suppressed: boolean
}

/** Counts from 1 to 4 are withheld from public figures, as NHS statistics withhold them. */
export const SMALL_COUNT_LIMIT = 5

export const isSmallCount = (value: number): boolean => value > 0 && value < SMALL_COUNT_LIMIT

/** What a withheld count reads as: on pages "fewer than 5"; in CSV and JSON, null / empty. */
export const WITHHELD_TEXT = `fewer than ${SMALL_COUNT_LIMIT}`

/**
 * Withholds small counts from a table's numeric columns. Primary: every count from 1 to 4 is
 * withheld. Secondary: a column whose total is published elsewhere (the `totalled` columns)
 * would give a single withheld count away by subtraction, so where exactly one count in such a
 * column is withheld, the next smallest published non-zero count is withheld too. Zeros are
 * published: nobody is identified by nobody. Columns that do not count people are left alone.
 */
export function suppressSmallCounts(
  columns: readonly DatasetColumn[],
  rows: ReadonlyArray<Record<string, Cell>>,
  totalled: readonly string[] = [],
): Array<Record<string, Cell>> {
  const out = rows.map((row) => ({ ...row }))
  for (const column of columns) {
    if (!countsPeople(column)) continue
    const withheld: number[] = []
    out.forEach((row, index) => {
      const value = row[column.key]
      if (typeof value === 'number' && isSmallCount(value)) {
        row[column.key] = null
        withheld.push(index)
      }
    })
    if (withheld.length === 1 && totalled.includes(column.key)) {
      let smallest: number | null = null
      out.forEach((row, index) => {
        const value = row[column.key]
        if (typeof value !== 'number' || value === 0) return
        const current = smallest === null ? null : out[smallest]?.[column.key]
        if (typeof current !== 'number' || value < current) smallest = index
      })
      const target = smallest === null ? undefined : out[smallest]
      if (target) target[column.key] = null
    }
  }
  return out
}

/** A dataset as the audience may see it: withheld small counts unless the Centre is looking. */
export function forAudience(dataset: Dataset, audience: Audience, totalled: readonly string[] = []): Dataset {
  if (audience.kind === 'centre') return { ...dataset, suppressed: false }
  return { ...dataset, rows: suppressSmallCounts(dataset.columns, dataset.rows, totalled), suppressed: true }
}

// Formatters made once: making one per call cost more than the rest of a dashboard's page.
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' })

/** A month "YYYY-MM" as people read it: "January 2027". */
export function monthInWords(month: string): string {
  const [year, m] = month.split('-').map(Number)
  if (!year || !m) return month
  return monthYear.format(new Date(Date.UTC(year, m - 1, 1)))
}

/** A quarter as people read it from its first month: "2027-04" → "April to June 2027". */
export function quarterInWords(firstMonth: string): string {
  const [year, m] = firstMonth.split('-').map(Number)
  if (!year || !m) return firstMonth
  const name = (month: number) => monthName.format(new Date(Date.UTC(year, month - 1, 1)))
  return `${name(m)} to ${name(m + 2)} ${year}`
}

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value)

/** The London month ("YYYY-MM") of an instant. */
export const londonMonth = (at: Date): string => londonDay(at).slice(0, 7)

/** The months from `from` to `to` inclusive, each "YYYY-MM"; none when `to` is before `from`. */
export function monthsFrom(from: string, to: string): string[] {
  const [fy = 0, fm = 1] = from.split('-').map(Number)
  const [ty = 0, tm = 1] = to.split('-').map(Number)
  const months: string[] = []
  for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i++) {
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`)
  }
  return months
}

/** The month `count` months after `month` (before, when negative). */
export function addMonths(month: string, count: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number)
  const i = y * 12 + m - 1 + count
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** The first month of the calendar quarter a month is in: "2025-05" → "2025-04". */
export function quarterOf(month: string): string {
  const [y = 0, m = 1] = month.split('-').map(Number)
  return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}`
}

/** The calendar quarters (their first months) that overlap the months from `from` to `to`. */
export function quartersFrom(from: string, to: string): string[] {
  return [...new Set(monthsFrom(quarterOf(from), to).map(quarterOf))]
}
