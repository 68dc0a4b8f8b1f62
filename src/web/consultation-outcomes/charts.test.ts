// A chart says what it is and what it shows, draws exactly the numbers of its table, and carries
// nothing the Content Security Policy would refuse (no <style>, no style attribute).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { barChart } from './charts.ts'

describe('outcome charts', () => {
  const rows = [
    { option: 'Strongly agree', count: 4 },
    { option: 'Agree', count: 7 },
    { option: 'Disagree', count: 1 },
  ]
  const chart = barChart('q1-chart', 'Do you agree with the learning outcomes?', rows, 12)
  const svg = parse(chart.svg).querySelector('svg')

  it('has a title and a one-sentence description, named by the SVG', () => {
    assert.ok(svg)
    assert.equal(svg.getAttribute('role'), 'img')
    assert.equal(svg.getAttribute('aria-labelledby'), 'q1-chart-title q1-chart-desc')
    assert.equal(svg.querySelector('title')?.text, 'Do you agree with the learning outcomes?')
    assert.equal(
      svg.querySelector('desc')?.text,
      '12 respondents answered; “Agree” was chosen most often, by 7 respondents.',
    )
    assert.ok(svg.getAttribute('viewBox'), 'scales with its column')
  })

  it('draws one bar per row of its table, in its order, long in proportion to the count', () => {
    assert.deepEqual(chart.rows, rows)
    const bars = svg?.querySelectorAll('g[data-mark="bar"] rect') ?? []
    assert.equal(bars.length, rows.length)
    const widths = bars.map((b) => Number(b.getAttribute('width')))
    assert.ok(Math.abs(widths[0]! / widths[1]! - 4 / 7) < 0.01, String(widths))
    assert.ok(Math.abs(widths[2]! / widths[1]! - 1 / 7) < 0.01, String(widths))
    const labels = svg?.querySelectorAll('g[data-mark="y-axis tick label"] text').map((t) => t.text)
    assert.deepEqual(
      labels,
      rows.map((r) => r.option),
    )
    assert.equal(svg?.querySelector('g[data-mark="bar"]')?.getAttribute('fill'), '#005eb8')
  })

  it('carries no inline style the Content Security Policy would block', () => {
    assert.doesNotMatch(chart.svg, /<style/i)
    assert.doesNotMatch(chart.svg, /\sstyle=/i)
    assert.doesNotMatch(chart.svg, /aria-label=/, 'no aria-label on a group without a role')
  })

  it('says so when nobody answered', () => {
    const empty = barChart('q2', 'Empty', [{ option: 'Yes', count: 0 }], 0)
    assert.match(empty.summary, /Nobody answered/)
  })
})
