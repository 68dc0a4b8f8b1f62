// Charts drawn on the server by Observable Plot into a linkedom document, as SVG that works
// without JavaScript: each one image named by its title and a one-sentence description, beside
// a table of the same numbers. Plot puts a <style> element and style attributes in each chart,
// which the Content Security Policy (a nonce per request) would refuse: they are taken out here
// and the few rules they carried live in app.css (.app-chart).
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

/**
 * Colours for data from the NHS palette, each at least 3:1 against white (WCAG 2.2, 1.4.11). A
 * series never relies on its colour alone: each also has its own dash and marker (SERIES_DASHES,
 * SERIES_SYMBOLS) and its name in the key.
 */
export const SERIES_COLOURS = ['#005eb8', '#330072', '#007f3b', '#7c2855', '#d5281b', '#425563', '#003087']
export const SERIES_DASHES = ['none', '8 4', '2 3', '12 4 2 4', '4 4', '14 3 3 3 3 3', '1 6']
export const SERIES_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'] as const
export const SERIES_SYMBOL_WORDS: Record<(typeof SERIES_SYMBOLS)[number], string> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  diamond: 'diamonds',
  cross: 'crosses',
  star: 'stars',
  wye: 'three-pointed stars',
}
export const SERIES_DASH_WORDS = [
  'solid line',
  'dashed line',
  'dotted line',
  'dash-dot line',
  'short-dashed line',
  'dash-dot-dot line',
  'sparsely dotted line',
]

export const NHS_BLUE = '#005eb8'

/**
 * How the series at `index` is drawn: colour and dash go round together, the marker moves on by
 * one each time they come round again, so up to 49 series are each drawn differently.
 */
export function seriesStyle(index: number) {
  const n = SERIES_COLOURS.length
  const symbol = SERIES_SYMBOLS[(index + Math.floor(index / n)) % n] ?? 'circle'
  return {
    index: index % n,
    colour: SERIES_COLOURS[index % n] ?? NHS_BLUE,
    dash: SERIES_DASHES[index % n] ?? 'none',
    symbol,
    words: `${SERIES_DASH_WORDS[index % n] ?? 'line'} with ${SERIES_SYMBOL_WORDS[symbol]}`,
  }
}

export interface ChartText {
  id: string
  title: string
  /** One sentence saying what the chart shows, for those who cannot see it. */
  summary: string
}

/** A document for Plot to draw into. */
export function chartDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document
}

/**
 * The chart as the page writes it: no <style>, no style attribute, no aria-label on groups
 * (Plot names its groups with aria-label, which is not allowed on a <g> without a role, and the
 * chart is one image: the names are kept as data-mark instead), scaling with its column, named
 * by its <title> and <desc>.
 */
export function finishChart(svg: Element, document: Document, text: ChartText): string {
  for (const style of [...svg.querySelectorAll('style')]) style.remove()
  for (const element of [svg, ...svg.querySelectorAll('[style]')]) element.removeAttribute('style')
  for (const element of [...svg.querySelectorAll('[aria-label]')]) {
    element.setAttribute('data-mark', element.getAttribute('aria-label') ?? '')
    element.removeAttribute('aria-label')
  }
  for (const element of [...svg.querySelectorAll('[aria-description]')])
    element.removeAttribute('aria-description')
  svg.removeAttribute('width')
  svg.removeAttribute('height')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${text.id}-title ${text.id}-desc`)
  svg.setAttribute('class', 'app-chart__svg')
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title')
  title.setAttribute('id', `${text.id}-title`)
  title.textContent = text.title
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc')
  desc.setAttribute('id', `${text.id}-desc`)
  desc.textContent = text.summary
  svg.insertBefore(desc, svg.firstChild)
  svg.insertBefore(title, svg.firstChild)
  return svg.outerHTML
}

export interface Bar {
  label: string
  /** Null where the count is withheld: drawn as no bar, labelled with `withheld`. */
  value: number | null
}

/** Horizontal bars, one per row in its order, each labelled with its value. */
export function barChartSvg(
  text: ChartText,
  bars: readonly Bar[],
  options: { valueLabel: string; withheld?: string; format?: (n: number) => string },
): string {
  const document = chartDocument()
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0))
  const longest = Math.max(0, ...bars.map((b) => b.label.length))
  const format = options.format ?? ((n: number) => n.toLocaleString('en-GB'))
  const label = (b: Bar) => (b.value === null ? (options.withheld ?? '') : format(b.value))
  const data = bars.map((b) => ({ label: b.label, value: b.value ?? 0, text: label(b) }))
  const svg = Plot.plot({
    document,
    width: 640,
    height: 40 + bars.length * 28,
    marginLeft: Math.min(260, 20 + longest * 6),
    marginRight: 90,
    x: { label: options.valueLabel, domain: [0, max], ticks: Math.min(max, 5), tickFormat: 'd' },
    y: { label: null, domain: data.map((d) => d.label) },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: NHS_BLUE }),
      Plot.text(data, { x: 'value', y: 'label', text: 'text', textAnchor: 'start', dx: 4, fill: '#212b32' }),
      Plot.ruleX([0]),
    ],
  })
  return finishChart(svg, document, text)
}

export interface LinePoint {
  /** The first day of the month (or quarter) the value is for. */
  at: Date
  /** Null where the count is withheld: the line breaks there. */
  value: number | null
  series: string
}

/**
 * Lines over time, one per series in the order first seen, each with its own colour, dash and
 * marker (the key beside the chart names them: see seriesKey).
 */
export function lineChartSvg(
  text: ChartText,
  points: readonly LinePoint[],
  options: { valueLabel: string },
): string {
  const document = chartDocument()
  const names = [...new Set(points.map((p) => p.series))]
  const max = Math.max(1, ...points.map((p) => p.value ?? 0))
  const marks = names.flatMap((name, index) => {
    const data = points.filter((p) => p.series === name).map((p) => ({ at: p.at, value: p.value ?? NaN }))
    const style = seriesStyle(index)
    return [
      Plot.line(data, {
        x: 'at',
        y: 'value',
        stroke: style.colour,
        strokeWidth: 2,
        strokeDasharray: style.dash,
      }),
      Plot.dot(data, {
        x: 'at',
        y: 'value',
        stroke: style.colour,
        fill: style.colour,
        r: 3,
        symbol: style.symbol,
      }),
    ]
  })
  // Ticks on whole months, quarters or years as the span allows, never on days.
  const times = points.map((p) => p.at.getTime())
  const months = times.length ? (Math.max(...times) - Math.min(...times)) / (30.44 * 86_400_000) : 0
  const ticks = months <= 12 ? 'month' : months <= 36 ? '3 months' : 'year'
  const svg = Plot.plot({
    document,
    width: 640,
    height: 320,
    marginLeft: 56,
    marginRight: 24,
    x: { type: 'utc', label: null, ticks, tickFormat: months <= 36 ? '%b %Y' : '%Y' },
    y: { label: options.valueLabel, domain: [0, max], grid: true, tickFormat: 'd' },
    marks: [...marks, Plot.ruleY([0])],
  })
  return finishChart(svg, document, text)
}

/** The key of a line chart: each series' name with how its line is drawn, in the chart's order. */
export function seriesKey(names: readonly string[]) {
  return names.map((name, index) => {
    const style = seriesStyle(index)
    return { name, colour: style.index, drawn: style.words }
  })
}
