// Bar charts of the outcome page (drawn by src/web/charts.ts): each with a title and a
// one-sentence description, beside the table of the same numbers.
import type { OptionCount } from '../../domain/consultation-outcomes.ts'
import { countOf } from '../../domain/numbers.ts'
import { barChartSvg } from '../charts.ts'

export interface BarChart {
  id: string
  title: string
  /** One sentence saying what the chart shows, for those who cannot see it. */
  summary: string
  /** The SVG, without any <style> element or style attribute. */
  svg: string
  /** The numbers the chart was drawn from, as its table shows them. */
  rows: OptionCount[]
}

/** One sentence: the option most chose, or that nobody answered. */
function summaryOf(rows: readonly OptionCount[], answered: number): string {
  if (answered === 0) return 'Nobody answered this question.'
  const top = rows.reduce((best, r) => (r.count > best.count ? r : best))
  const tied = rows.filter((r) => r.count === top.count).length > 1
  return tied
    ? `${countOf(answered, 'respondent')} answered; no single answer was chosen most often.`
    : `${countOf(answered, 'respondent')} answered; “${top.option}” was chosen most often, by ${countOf(top.count, 'respondent')}.`
}

export function barChart(
  id: string,
  title: string,
  rows: readonly OptionCount[],
  answered: number,
): BarChart {
  const summary = summaryOf(rows, answered)
  const svg = barChartSvg(
    { id, title, summary },
    rows.map((r) => ({ label: r.option, value: r.count })),
    { valueLabel: 'Respondents' },
  )
  return { id, title, summary, svg, rows: [...rows] }
}
