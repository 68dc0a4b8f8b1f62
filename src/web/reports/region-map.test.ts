import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import { contrast, labelColour, mapRegionOrder, regionMap } from './region-map.ts'

const map = (rows: Parameters<typeof regionMap>[1]) =>
  parse(regionMap('delivery-map', rows, 'Approved deliveries'))

/** Each tile's words (its name and figure, a line each), with the colours of tile and words. */
function tiles(svg: ReturnType<typeof map>) {
  const rects = svg.querySelectorAll('g[data-mark="rect"]')[0]?.querySelectorAll('rect') ?? []
  const texts = svg.querySelectorAll('g[data-mark="text"]')[0]?.querySelectorAll('text') ?? []
  return texts.map((text, i) => ({
    lines: text.querySelectorAll('tspan').map((t) => t.text),
    ink: text.getAttribute('fill') ?? '',
    shade: rects[i]?.getAttribute('fill') ?? '',
  }))
}

describe('the map of NHS England’s regions', () => {
  const svg = map([
    { region: 'london', value: 6 },
    { region: 'midlands', value: 23 },
    { region: 'south_east', value: 12 },
    { region: 'north_west', value: null },
  ])

  it('draws the seven regions, each labelled with its name and figure', () => {
    const found = tiles(svg)
    assert.equal(found.length, 7)
    const byName = new Map(found.map((t) => [t.lines.slice(0, -1).join(' '), t.lines.at(-1)]))
    assert.deepEqual([...byName.keys()].sort(), REGIONS.map((r) => REGION_LABELS[r]).sort())
    assert.equal(byName.get('London'), '6')
    assert.equal(byName.get('Midlands'), '23')
    assert.equal(byName.get('North West'), 'fewer than 5', 'a withheld figure says so')
    assert.equal(byName.get('South West'), '0', 'a region without a row has none')
  })

  it('is one image, named by its title and described in a sentence', () => {
    const root = svg.querySelector('svg')
    assert.ok(root)
    assert.equal(root.getAttribute('role'), 'img')
    assert.equal(root.getAttribute('aria-labelledby'), 'delivery-map-title delivery-map-desc')
    assert.equal(svg.querySelector('#delivery-map-title')?.text, 'Approved deliveries by NHS England region')
    assert.equal(
      svg.querySelector('#delivery-map-desc')?.text,
      'Map of NHS England’s seven regions shaded by approved deliveries: North West fewer than 5; North East and Yorkshire 0; Midlands 23; East of England 0; South West 0; South East 12; London 6.',
    )
  })

  it('takes the figure’s title and sentence when given them', () => {
    const named = parse(
      regionMap('m', [], 'Responses', { title: 'Responses by region', summary: 'Most came from London.' }),
    )
    assert.equal(named.querySelector('#m-title')?.text, 'Responses by region')
    assert.equal(named.querySelector('#m-desc')?.text, 'Most came from London.')
  })

  it('has no style element or attribute, and no aria-label on its groups', () => {
    assert.equal(svg.querySelectorAll('style').length, 0)
    assert.equal(svg.querySelectorAll('[style]').length, 0)
    assert.equal(svg.querySelectorAll('[aria-label]').length, 0)
  })

  it('shades by figure, darker for more, with labels that stand out from every shade', () => {
    const found = tiles(svg)
    const shade = (name: string) => found.find((t) => t.lines[0] === name)?.shade ?? ''
    const lightness = (hex: string) => contrast(hex, '#000000')
    assert.ok(lightness(shade('Midlands')) < lightness(shade('South East')))
    assert.ok(lightness(shade('South East')) < lightness(shade('London')))
    assert.ok(lightness(shade('London')) < lightness(shade('South West')))
    assert.notEqual(shade('North West'), shade('South West'), 'withheld is not shown as none')
    for (const t of found)
      assert.ok(contrast(t.shade, t.ink) >= 4.5, `${t.lines.join(' ')}: ${t.shade} on ${t.ink}`)
  })

  it('has a legend of the shades, with the withheld one when a figure is withheld', () => {
    const legend = svg
      .querySelectorAll('g[data-mark="text"]')
      .slice(1)
      .map((g) => g.text)
    assert.ok(legend.some((text) => text.includes('Approved deliveries')))
    assert.match(legend.join(' '), /0.*1 to 6.*19 to 23.*Withheld\(fewer than 5\)/)
    for (const ink of ['#212b32', '#ffffff'])
      for (const hex of ['#eef4fb', '#b8d4f0', '#7fb0e3', '#005eb8', '#003087', '#d8dde0'])
        if (labelColour(hex) === ink) assert.ok(contrast(hex, ink) >= 4.5)
    const none = map([])
    assert.equal(tiles(none).length, 7)
    assert.ok(!none.text.includes('Withheld'))
  })

  it('names the regions in the order the map is read', () => {
    assert.deepEqual(mapRegionOrder(), [
      'north_west',
      'north_east_and_yorkshire',
      'midlands',
      'east_of_england',
      'south_west',
      'south_east',
      'london',
    ])
  })
})
