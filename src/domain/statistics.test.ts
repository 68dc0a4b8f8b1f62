// The small-count rule, as properties over any table: no count from 1 to 4 is ever published,
// what is published is never changed, zeros and words are left alone, and a column with a
// published total never has exactly one withheld count (it could be worked out by subtraction).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  forAudience,
  addMonths,
  isMonth,
  monthInWords,
  monthsFrom,
  quarterInWords,
  suppressSmallCounts,
  type Cell,
  type Dataset,
  type DatasetColumn,
} from './statistics.ts'

const COLUMNS: DatasetColumn[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'a', label: 'A', numeric: true },
  { key: 'b', label: 'B', numeric: true },
  { key: 'days', label: 'Days', numeric: true, people: false },
]
const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100_000 }))
const table = fc.array(
  fc.record({
    name: fc.oneof(fc.string(), fc.constant('3')),
    a: count,
    b: fc.oneof(count, fc.constant(null)),
    days: count,
  }),
  { maxLength: 30 },
)

describe('withholding small counts', () => {
  it('never publishes a count from 1 to 4, and never changes what it publishes', () => {
    fc.assert(
      fc.property(table, fc.subarray(['a', 'b']), (rows, totalled) => {
        const out = suppressSmallCounts(COLUMNS, rows, totalled)
        assert.equal(out.length, rows.length)
        out.forEach((row, i) => {
          const before: Record<string, Cell> = rows[i] ?? {}
          assert.equal(row.name, before.name, 'words are left alone')
          assert.equal(row.days, before.days, 'figures that are not counts are left alone')
          for (const key of ['a', 'b']) {
            const value = row[key]
            if (typeof value === 'number') {
              assert.ok(value === 0 || value >= 5, `${value} published`)
              assert.equal(value, before[key])
            }
            if (before[key] === 0) assert.equal(value, 0, 'zeros are published')
          }
        })
      }),
    )
  })

  it('withholds a second count where a published total would give a single one away', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const out = suppressSmallCounts(COLUMNS, rows, ['a'])
        const nonZero = rows.filter((r) => r.a !== 0).length
        const withheld = out.filter((r) => r.a === null).length
        if (nonZero >= 2) assert.notEqual(withheld, 1)
        const untotalled = suppressSmallCounts(COLUMNS, rows, [])
        assert.equal(
          untotalled.filter((r) => r.a === null).length,
          rows.filter((r) => r.a > 0 && r.a < 5).length,
          'without a total, only the small counts',
        )
      }),
    )
  })

  it('withholds the next smallest count, not a larger one', () => {
    const rows = [
      { name: 'x', a: 3, b: 0 },
      { name: 'y', a: 40, b: 0 },
      { name: 'z', a: 7, b: 0 },
    ]
    assert.deepEqual(
      suppressSmallCounts(COLUMNS, rows, ['a']).map((r) => r.a),
      [null, 40, null],
    )
  })

  it('gives Centre admins exact figures and everyone else withheld ones', () => {
    const dataset: Dataset = {
      id: 'x',
      dashboard: 'take-up',
      title: 'X',
      summary: 'X.',
      columns: COLUMNS,
      rows: [{ name: 'n', a: 2, b: 9 }],
      chart: { kind: 'table' },
      computedAt: new Date(0),
      suppressed: false,
    }
    assert.deepEqual(forAudience(dataset, { kind: 'centre' }).rows, dataset.rows)
    for (const audience of [
      { kind: 'public' as const },
      { kind: 'provider' as const, organisationId: 'o', organisationName: 'O' },
    ]) {
      const seen = forAudience(dataset, audience)
      assert.deepEqual(seen.rows, [{ name: 'n', a: null, b: 9 }])
      assert.equal(seen.suppressed, true)
    }
  })
})

describe('months and quarters in words', () => {
  it('reads months and quarters as people say them', () => {
    assert.equal(monthInWords('2027-01'), 'January 2027')
    assert.equal(quarterInWords('2026-04'), 'April to June 2026')
    assert.equal(quarterInWords('2026-10'), 'October to December 2026')
    assert.ok(isMonth('2026-12'))
    for (const bad of ['2026-13', '2026-1', 'June', '2026-00']) assert.equal(isMonth(bad), false)
    assert.deepEqual(monthsFrom('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02'])
    assert.equal(addMonths('2026-12', 1), '2027-01')
    assert.equal(addMonths('2026-01', -1), '2025-12')
  })
})
