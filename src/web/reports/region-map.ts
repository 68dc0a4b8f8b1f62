// The map of NHS England's seven regions for the delivery dashboard (src/web/reports/charts.ts):
// a tile map, each region a labelled tile placed roughly where it lies, shaded by its figure.
// Boundaries would need a boundary file the service does not hold, and at seven regions a tile
// map reads better: every region is the same size, so London is as visible as the Midlands, and
// each tile has room for its name and its figure. Drawn by Observable Plot on the server, as the
// other charts are, without a <style> element or style attributes (the Content Security Policy).
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'
import { formatNumber } from '../../domain/numbers.ts'
import { REGION_LABELS, REGIONS, type Region } from '../../domain/providers.ts'
import { WITHHELD_TEXT } from '../../domain/statistics.ts'

export interface RegionValue {
  region: Region
  /** Null where a small count is withheld. */
  value: number | null
}

/** Where each region's tile lies: column from the west, row from the north. */
const TILES: Record<Region, { column: number; row: number }> = {
  north_west: { column: 0, row: 0 },
  north_east_and_yorkshire: { column: 1, row: 0 },
  midlands: { column: 1, row: 1 },
  east_of_england: { column: 2, row: 1 },
  south_west: { column: 0, row: 2 },
  south_east: { column: 1, row: 2 },
  london: { column: 2, row: 2 },
}

/** The regions in the order the map is read, north to south, west to east: a table can follow it. */
export function mapRegionOrder(): Region[] {
  return [...REGIONS].sort((a, b) => TILES[a].row - TILES[b].row || TILES[a].column - TILES[b].column)
}

/** NHS colours: the text colour, white, and the pale grey of a withheld figure. */
const TEXT = '#212b32'
const WHITE = '#ffffff'
const WITHHELD = '#d8dde0'
/**
 * Five classes from none to the most, pale to NHS dark blue. Every shade is far enough from the
 * middle that its label (dark text on the pale ones, white on the dark) has a contrast of at
 * least 4.5 to 1; the test checks each.
 */
const SHADES = ['#eef4fb', '#b8d4f0', '#7fb0e3', '#005eb8', '#003087'] as const

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** The WCAG contrast ratio of two colours written #rrggbb. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)
}

/** Dark text or white, whichever stands out more from the shade. */
export const labelColour = (shade: string): string =>
  contrast(shade, TEXT) >= contrast(shade, WHITE) ? TEXT : WHITE

interface Band {
  shade: string
  label: string
  /** The highest value in the band. */
  upTo: number
}

/** None, then up to four bands of equal width up to the largest value, each with its words. */
function bandsFor(max: number): Band[] {
  const bands: Band[] = [{ shade: SHADES[0], label: '0', upTo: 0 }]
  let from = 1
  for (let k = 1; k <= 4; k++) {
    const upTo = Math.ceil((max * k) / 4)
    if (upTo < from) continue
    bands.push({
      shade: SHADES[k] ?? SHADES[4],
      label: upTo === from ? formatNumber(upTo) : `${formatNumber(from)} to ${formatNumber(upTo)}`,
      upTo,
    })
    from = upTo + 1
  }
  return bands
}

const shadeOf = (bands: readonly Band[], value: number | null) =>
  value === null ? WITHHELD : (bands.find((b) => value <= b.upTo)?.shade ?? SHADES[4])

const valueText = (value: number | null) => (value === null ? WITHHELD_TEXT : formatNumber(value))

/** A region's figure: none when it has no row, null when withheld. */
function valueOf(rows: readonly RegionValue[], region: Region): number | null {
  const row = rows.find((r) => r.region === region)
  return row ? row.value : 0
}

/** The sentence the map's description reads: every region and its figure, in map order. */
function describe(rows: readonly RegionValue[], valueLabel: string): string {
  const figures = mapRegionOrder().map((region) => {
    const value = valueOf(rows, region)
    return `${REGION_LABELS[region]} ${valueText(value)}`
  })
  return `Map of NHS England’s seven regions shaded by ${valueLabel.toLowerCase()}: ${figures.join('; ')}.`
}

/**
 * The SVG of the map: every region (one without a row counts none), a tile each with its name
 * and figure, and a legend of the shades. `valueLabel` names the figure ("Approved deliveries").
 * The image is named by `named` (the figure's title and sentence, as the page's heading and
 * paragraph say them) when given, and otherwise by the figure and every region's number.
 */
export function regionMap(
  id: string,
  rows: readonly RegionValue[],
  valueLabel: string,
  named?: { title: string; summary: string },
): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const values = REGIONS.map((region) => ({
    region,
    value: valueOf(rows, region),
  }))
  const bands = bandsFor(Math.max(0, ...values.map((v) => v.value ?? 0)))
  const tiles = values.map(({ region, value }) => {
    const shade = shadeOf(bands, value)
    return {
      ...TILES[region],
      shade,
      ink: labelColour(shade),
      text: `${REGION_LABELS[region]}\n${valueText(value)}`,
    }
  })
  // The legend runs under the tiles: a swatch for each band, and one for a withheld figure.
  const keys = [
    ...bands.map((b) => ({ shade: b.shade, text: b.label })),
    ...(values.some((v) => v.value === null)
      ? [{ shade: WITHHELD, text: `Withheld (${WITHHELD_TEXT})` }]
      : []),
  ].map((k, i, all) => ({ ...k, x: (3 / all.length) * i, width: 3 / all.length }))
  const svg = Plot.plot({
    document,
    width: 600,
    height: 560,
    margin: 4,
    x: { domain: [0, 3], axis: null },
    y: { domain: [0, 4], axis: null, reverse: true },
    color: { type: 'identity' },
    marks: [
      Plot.rect(tiles, {
        x1: (t: (typeof tiles)[number]) => t.column + 0.03,
        x2: (t: (typeof tiles)[number]) => t.column + 0.97,
        y1: (t: (typeof tiles)[number]) => t.row + 0.03,
        y2: (t: (typeof tiles)[number]) => t.row + 0.97,
        fill: 'shade',
        stroke: TEXT,
        strokeWidth: 1,
      }),
      Plot.text(tiles, {
        x: (t: (typeof tiles)[number]) => t.column + 0.5,
        y: (t: (typeof tiles)[number]) => t.row + 0.5,
        text: 'text',
        fill: 'ink',
        fontSize: 15,
        lineWidth: 11,
      }),
      Plot.text([valueLabel], {
        x: 0,
        y: 3.25,
        text: (d: string) => d,
        textAnchor: 'start',
        fontSize: 15,
        fill: TEXT,
      }),
      Plot.rect(keys, {
        x1: (k: (typeof keys)[number]) => k.x + 0.03,
        x2: (k: (typeof keys)[number]) => k.x + k.width - 0.03,
        y1: 3.4,
        y2: 3.6,
        fill: 'shade',
        stroke: TEXT,
        strokeWidth: 1,
      }),
      Plot.text(keys, {
        x: (k: (typeof keys)[number]) => k.x + k.width / 2,
        y: 3.7,
        text: 'text',
        lineAnchor: 'top',
        fontSize: 13,
        lineWidth: 7,
        fill: TEXT,
      }),
    ],
  })
  for (const style of [...svg.querySelectorAll('style')]) style.remove()
  for (const element of [svg, ...svg.querySelectorAll('[style]')]) element.removeAttribute('style')
  // Plot names its groups with aria-label, which is not allowed on a <g> without a role (and the
  // whole map is one image, named by its title and description): kept as data-mark instead.
  for (const element of [...svg.querySelectorAll('[aria-label]')]) {
    element.setAttribute('data-mark', element.getAttribute('aria-label') ?? '')
    element.removeAttribute('aria-label')
  }
  svg.removeAttribute('width')
  svg.removeAttribute('height')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-labelledby', `${id}-title ${id}-desc`)
  svg.setAttribute('class', 'app-chart__svg app-chart__svg--map')
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title')
  title.setAttribute('id', `${id}-title`)
  title.textContent = named?.title ?? `${valueLabel} by NHS England region`
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc')
  desc.setAttribute('id', `${id}-desc`)
  desc.textContent = named?.summary ?? describe(rows, valueLabel)
  svg.insertBefore(desc, svg.firstChild)
  svg.insertBefore(title, svg.firstChild)
  return svg.outerHTML
}
