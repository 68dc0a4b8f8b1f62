// The status words summarise a season and a day: whatever the two, a date reads either as to
// come ("Due …") or as passed ("Was due …"), passed exactly when the day is after the season.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { formatDue, seasonEnd, SEASONS, statusLabel, type Due } from './catalogue.ts'

const due: fc.Arbitrary<Due> = fc.record({
  season: fc.constantFrom(...SEASONS),
  year: fc.integer({ min: 2000, max: 2100 }),
})
const day = fc
  .date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2102-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe('the words of an expected date (property)', () => {
  it('read "Was due" exactly when the day is after the season, and always name the season', () => {
    fc.assert(
      fc.property(due, day, (d, today) => {
        const label = statusLabel('due', d, today)
        const passed = today > seasonEnd(d)
        assert.equal(label, `${passed ? 'Was due' : 'Due'} ${formatDue(d)}`)
      }),
    )
  })

  it('once passed, stay passed on every later day', () => {
    fc.assert(
      fc.property(due, day, day, (d, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a]
        if (statusLabel('due', d, earlier).startsWith('Was')) {
          assert.ok(statusLabel('due', d, later).startsWith('Was'))
        }
      }),
    )
  })

  it('end every season inside its own span of months', () => {
    fc.assert(
      fc.property(due, (d) => {
        const end = seasonEnd(d)
        const [year, month] = end.split('-').map(Number)
        const expected = {
          spring: [d.year, 5],
          summer: [d.year, 8],
          autumn: [d.year, 11],
          winter: [d.year + 1, 2],
        }
        assert.deepEqual([year, month], expected[d.season])
        assert.ok(!Number.isNaN(Date.parse(`${end}T00:00:00Z`)))
      }),
    )
  })
})
