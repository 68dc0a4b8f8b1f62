// Bar charts of the outcome page, drawn on the server by Observable Plot into a linkedom
// document: SVG with a title and a one-sentence description, beside the table of the same
// numbers. Plot puts a <style> element in each chart, which the Content Security Policy (a nonce
// per request) would refuse; it is taken out here and its few rules live in app.css (.app-chart).
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'
import type { OptionCount } from '../../domain/consultation-outcomes.ts'
import { countOf } from '../../domain/numbers.ts'

/** NHS blue, the palette's first colour for data. */
const NHS_BLUE = '#005eb8'

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
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const max = Math.max(1, ...rows.map((r) => r.count))
  const longest = Math.max(0, ...rows.map((r) => r.option.length))
  const svg = Plot.plot({
    document,
    width: 640,
    height: 40 + rows.length * 28,
    marginLeft: Math.min(260, 20 + longest * 6),
    x: { label: 'Respondents', domain: [0, max], ticks: Math.min(max, 5), tickFormat: 'd' },
    y: { label: null, domain: rows.map((r) => r.option) },
    marks: [Plot.barX(rows, { x: 'count', y: 'option', fill: NHS_BLUE }), Plot.ruleX([0])],
  })
  for (const style of [...svg.querySelectorAll('style')]) style.remove()
  for (const element of [svg, ...svg.querySelectorAll('[style]')]) element.removeAttribute('style')
  // Plot names its groups with aria-label, which is not allowed on a <g> without a role (and the
  // whole chart is one image, named by its title and description): kept as data-mark instead.
  for (const element of [...svg.querySelectorAll('[aria-label]')]) {
    element.setAttribute('data-mark', element.getAttribute('aria-label') ?? '')
    element.removeAttribute('aria-label')
  }
  svg.removeAttribute('width')
  svg.removeAttribute('height')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${id}-title ${id}-desc`)
  svg.setAttribute('class', 'app-chart__svg')
  const summary = summaryOf(rows, answered)
  const titleElement = document.createElementNS('http://www.w3.org/2000/svg', 'title')
  titleElement.setAttribute('id', `${id}-title`)
  titleElement.textContent = title
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc')
  desc.setAttribute('id', `${id}-desc`)
  desc.textContent = summary
  svg.insertBefore(desc, svg.firstChild)
  svg.insertBefore(titleElement, svg.firstChild)
  return { id, title, summary, svg: svg.outerHTML, rows: [...rows] }
}
