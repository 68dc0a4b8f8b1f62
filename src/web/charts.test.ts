// Lines are told apart without colour: each series of a chart is drawn with its own combination
// of dash and marker, and the key says which in words.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { lineChartSvg, seriesKey, seriesStyle } from './charts.ts'

describe('line charts', () => {
  it('draws up to 49 series each differently, and says how in the key', () => {
    const styles = Array.from({ length: 49 }, (_, i) => seriesStyle(i))
    assert.equal(new Set(styles.map((s) => `${s.dash}|${s.symbol}`)).size, 49)
    const key = seriesKey(Array.from({ length: 12 }, (_, i) => `Series ${i}`))
    assert.equal(new Set(key.map((k) => k.drawn)).size, 12, 'every series described differently')
  })

  it('draws one line per series, breaking where a count is withheld', () => {
    const at = (m: number) => new Date(Date.UTC(2026, m, 1))
    const svg = lineChartSvg(
      { id: 'x', title: 'X', summary: 'X rose.' },
      [
        { at: at(0), value: 6, series: 'A' },
        { at: at(1), value: null, series: 'A' },
        { at: at(2), value: 9, series: 'A' },
        { at: at(0), value: 7, series: 'B' },
        { at: at(1), value: 8, series: 'B' },
        { at: at(2), value: 12, series: 'B' },
      ],
      { valueLabel: 'Awards' },
    )
    const root = parse(svg)
    assert.equal(root.querySelectorAll('g[data-mark="line"]').length, 2)
    assert.equal(root.querySelector('title')?.text, 'X')
    assert.equal(root.querySelector('desc')?.text, 'X rose.')
    assert.doesNotMatch(svg, /<style|\sstyle=/)
    // Series A's withheld month leaves a gap: its line is drawn in two pieces or without that point.
    const [lineA] = root.querySelectorAll('g[data-mark="line"] path')
    assert.ok((lineA?.getAttribute('d') ?? '').split('M').length - 1 >= 2, 'a gap in the line')
  })
})
