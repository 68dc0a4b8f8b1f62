import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { countInWords, financialYearOf, monthsFrom, nextMonth } from './report-figures.ts'

describe('report figures', () => {
  it('counts months across a year end', () => {
    assert.deepEqual(monthsFrom('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02'])
    assert.deepEqual(monthsFrom('2026-03', '2026-02'), [])
    assert.equal(nextMonth('2026-12'), '2027-01')
  })

  it('gives each month one more than the last, in order, up to the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(40),
        (y, m, n) => {
          const first = `${y}-${String(m).padStart(2, '0')}`
          const months = monthsFrom(first, '2200-01', n)
          assert.equal(months.length, n)
          months.slice(1).forEach((month, i) => assert.ok(month > (months[i] ?? '')))
        },
      ),
    )
  })

  it('puts January to March in the financial year that began the April before', () => {
    assert.equal(financialYearOf('2026-03'), 2025)
    assert.equal(financialYearOf('2026-04'), 2026)
  })

  it('withholds small counts from sentences except for the Centre', () => {
    assert.equal(countInWords(3, { kind: 'public' }), 'fewer than 5')
    assert.equal(countInWords(3, { kind: 'centre' }), '3')
    assert.equal(countInWords(0, { kind: 'public' }), '0')
    assert.equal(countInWords(1204, { kind: 'public' }), '1,204')
  })
})
