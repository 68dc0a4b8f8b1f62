// A dataset as a page shows it (the `appChart` component): its chart drawn from its rows, the
// same rows as a table, the key of a line chart, and the links to its open data. The table and
// the CSV are the same rows: the table shows each cell as people read it (cellText), the CSV
// and JSON as machines read it.
import { formatNumber } from '../../domain/numbers.ts'
import { isOneOf, REGIONS, regionLabel } from '../../domain/providers.ts'
import {
  countsPeople,
  isMonth,
  monthInWords,
  WITHHELD_TEXT,
  type Cell,
  type Dataset,
  type DatasetColumn,
  type ReportFilters,
} from '../../domain/statistics.ts'
import { barChartSvg, lineChartSvg, seriesKey } from '../charts.ts'
import { linkQuery } from '../lists.ts'
import { regionMap } from './region-map.ts'

/** A cell as the page's table shows it: numbers grouped, months in words, regions by name. */
export function cellText(column: DatasetColumn, value: Cell): string {
  if (value === null) return countsPeople(column) ? WITHHELD_TEXT : ''
  if (typeof value === 'number') return formatNumber(value)
  if (isMonth(value)) return monthInWords(value)
  if (isOneOf(REGIONS, value)) return regionLabel(value) ?? value
  return value
}

const numberOrNull = (value: Cell | undefined): number | null => (typeof value === 'number' ? value : null)

function monthStart(value: Cell | undefined): Date | null {
  if (typeof value !== 'string' || !isMonth(value)) return null
  const [year, month] = value.split('-').map(Number)
  return year && month ? new Date(Date.UTC(year, month - 1, 1)) : null
}

function columnOf(dataset: Dataset, key: string): DatasetColumn {
  return dataset.columns.find((c) => c.key === key) ?? { key, label: key, numeric: false }
}

export interface ChartView {
  id: string
  title: string
  summary: string
  /** The chart, or null where the figure is a table alone. */
  svg: string | null
  /** A line chart's series with how each is drawn, so colour never carries meaning alone. */
  key: Array<{ name: string; colour: number; drawn: string }> | null
  table: {
    head: Array<{ text: string; format?: 'numeric' }>
    rows: Array<Array<{ text: string; format?: 'numeric' }>>
  }
  csvHref: string
  jsonHref: string
  computedAt: Date
  suppressed: boolean
}

function drawn(dataset: Dataset): { svg: string | null; key: ChartView['key'] } {
  const text = { id: `${dataset.id}-chart`, title: dataset.title, summary: dataset.summary }
  const spec = dataset.chart
  switch (spec.kind) {
    case 'bars': {
      const category = columnOf(dataset, spec.category)
      const value = columnOf(dataset, spec.value)
      const bars = dataset.rows.map((row) => ({
        label: cellText(category, row[spec.category] ?? null),
        value: numberOrNull(row[spec.value]),
      }))
      return { svg: barChartSvg(text, bars, { valueLabel: value.label, withheld: WITHHELD_TEXT }), key: null }
    }
    case 'lines': {
      const value = columnOf(dataset, spec.value)
      const series = spec.series ? columnOf(dataset, spec.series) : null
      const points = dataset.rows.flatMap((row) => {
        const at = monthStart(row[spec.x])
        if (!at) return []
        const name = series ? cellText(series, row[series.key] ?? null) : value.label
        return [{ at, value: numberOrNull(row[spec.value]), series: name }]
      })
      const names = [...new Set(points.map((p) => p.series))]
      return { svg: lineChartSvg(text, points, { valueLabel: value.label }), key: seriesKey(names) }
    }
    case 'regions': {
      const value = columnOf(dataset, spec.value)
      const rows = dataset.rows.flatMap((row) => {
        const region = row[spec.region]
        return typeof region === 'string' && isOneOf(REGIONS, region)
          ? [{ region, value: numberOrNull(row[spec.value]) }]
          : []
      })
      return { svg: regionMap(text.id, rows, value.label, text), key: null }
    }
    case 'table':
      return { svg: null, key: null }
  }
}

/** The query of a dashboard's filters, as its data links keep them. */
export function filterQuery(filters: ReportFilters): string {
  const query = linkQuery({ ...filters })
  return query ? `?${query}` : ''
}

type TableCell = { text: string; format?: 'numeric' }
const numericFormat = (c: DatasetColumn) => (c.numeric ? { format: 'numeric' as const } : {})

/**
 * The table beside the chart. A line chart with series is read across: one row for each month
 * (or quarter), one column for each series, as people read such a table; its CSV keeps one row
 * per month and series. Any other figure's table is its rows as they are.
 */
export function tableOf(dataset: Dataset): ChartView['table'] {
  const spec = dataset.chart
  if (spec.kind === 'lines' && spec.series) {
    const x = columnOf(dataset, spec.x)
    const series = columnOf(dataset, spec.series)
    const value = columnOf(dataset, spec.value)
    const names: string[] = []
    const byX = new Map<string, Map<string, TableCell>>()
    for (const row of dataset.rows) {
      const at = cellText(x, row[spec.x] ?? null)
      const name = cellText(series, row[spec.series] ?? null)
      if (!names.includes(name)) names.push(name)
      const cells = byX.get(at) ?? new Map<string, TableCell>()
      cells.set(name, { text: cellText(value, row[spec.value] ?? null), ...numericFormat(value) })
      byX.set(at, cells)
    }
    return {
      head: [{ text: x.label }, ...names.map((name) => ({ text: name, format: 'numeric' as const }))],
      rows: [...byX].map(([at, cells]) => [
        { text: at },
        ...names.map((name) => cells.get(name) ?? { text: '', format: 'numeric' as const }),
      ]),
    }
  }
  return {
    head: dataset.columns.map((c) => ({ text: c.label, ...numericFormat(c) })),
    rows: dataset.rows.map((row) =>
      dataset.columns.map((c) => ({ text: cellText(c, row[c.key] ?? null), ...numericFormat(c) })),
    ),
  }
}

export function chartView(dataset: Dataset, filters: ReportFilters): ChartView {
  const { svg, key } = drawn(dataset)
  return {
    id: dataset.id,
    title: dataset.title,
    summary: dataset.summary,
    svg,
    key,
    table: tableOf(dataset),
    csvHref: `/reports/data/${dataset.id}.csv${filterQuery(filters)}`,
    jsonHref: `/reports/data/${dataset.id}.json${filterQuery(filters)}`,
    computedAt: dataset.computedAt,
    suppressed: dataset.suppressed,
  }
}
