// The on-track rule on random plans, awards and days: more awards never turn on track into
// behind, more need never turns behind into on track, no need gives no verdict, a year wholly
// past counts in full and a year to come not at all.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  daysInFinancialYear,
  financialYearEnd,
  financialYearLabel,
  financialYearOf,
  financialYearOfDay,
  financialYearStart,
  needCountsFrom,
  needProgress,
  type PlannedYear,
} from './workforce-need.ts'

const dayArb = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const yearArb = fc.integer({ min: 2020, max: 2035 })
const plannedArb = fc.array(
  fc.record({ financialYear: yearArb, planned: fc.integer({ min: 1, max: 5000 }) }),
  { maxLength: 8 },
)
const awardsArb = fc.integer({ min: 0, max: 50_000 })

describe('needProgress', () => {
  it('gives no verdict when no need is recorded', () => {
    fc.assert(
      fc.property(awardsArb, dayArb, (awards, day) => {
        assert.deepEqual(needProgress([], awards, day), { verdict: 'no need recorded' })
      }),
    )
  })

  it('never turns on track into behind when there are more awards', () => {
    fc.assert(
      fc.property(
        plannedArb,
        awardsArb,
        fc.integer({ min: 0, max: 1000 }),
        dayArb,
        (planned, awards, more, day) => {
          const before = needProgress(planned, awards, day)
          const after = needProgress(planned, awards + more, day)
          if (before.verdict === 'on track') assert.equal(after.verdict, 'on track')
        },
      ),
    )
  })

  it('never turns behind into on track when more is needed', () => {
    fc.assert(
      fc.property(
        plannedArb,
        fc.record({ financialYear: yearArb, planned: fc.integer({ min: 1, max: 5000 }) }),
        awardsArb,
        dayArb,
        (planned, extra, awards, day) => {
          const before = needProgress(planned, awards, day)
          const after = needProgress([...planned, extra], awards, day)
          if (before.verdict === 'behind') assert.equal(after.verdict, 'behind')
          if (before.verdict !== 'no need recorded' && after.verdict !== 'no need recorded') {
            assert.ok(after.needToDate >= before.needToDate)
          }
        },
      ),
    )
  })

  it('never turns behind into on track as time passes with no more awards', () => {
    fc.assert(
      fc.property(plannedArb, awardsArb, dayArb, dayArb, (planned, awards, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a]
        if (needProgress(planned, awards, earlier).verdict === 'behind') {
          assert.equal(needProgress(planned, awards, later).verdict, 'behind')
        }
      }),
    )
  })

  it('is on track exactly when the awards reach the need to date, and says by how many it is short', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ financialYear: yearArb, planned: fc.integer({ min: 1, max: 5000 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        awardsArb,
        dayArb,
        (planned, awards, day) => {
          const progress = needProgress(planned, awards, day)
          assert.notEqual(progress.verdict, 'no need recorded')
          if (progress.verdict === 'no need recorded') return
          assert.equal(progress.verdict === 'on track', awards >= progress.needToDate)
          assert.equal(progress.shortfall, Math.max(0, progress.needToDate - awards))
          assert.ok(progress.needToDate <= progress.plannedInTotal)
          assert.equal(
            progress.plannedInTotal,
            planned.reduce((sum, y) => sum + y.planned, 0),
          )
        },
      ),
    )
  })

  it('counts a year that has ended in full and a year to come not at all', () => {
    fc.assert(
      fc.property(yearArb, fc.integer({ min: 1, max: 5000 }), dayArb, (year, planned, day) => {
        const plan: PlannedYear[] = [{ financialYear: year, planned }]
        const progress = needProgress(plan, 0, day)
        if (progress.verdict === 'no need recorded') return assert.fail('a need was recorded')
        if (day >= financialYearEnd(year)) assert.equal(progress.needToDate, planned)
        if (day < financialYearStart(year)) assert.equal(progress.needToDate, 0)
      }),
    )
  })

  it('takes the current year pro rata by the days elapsed, rounded down', () => {
    // 1 April to 30 September 2026 is 183 of 365 days: 1000 × 183 / 365 = 501.4.
    const progress = needProgress([{ financialYear: 2026, planned: 1000 }], 501, '2026-09-30')
    assert.deepEqual(progress, {
      verdict: 'on track',
      needToDate: 501,
      awardsToDate: 501,
      shortfall: 0,
      plannedInTotal: 1000,
    })
    const behind = needProgress(
      [
        { financialYear: 2025, planned: 200 },
        { financialYear: 2026, planned: 1000 },
      ],
      700,
      '2026-09-30',
    )
    assert.deepEqual(behind, {
      verdict: 'behind',
      needToDate: 701,
      awardsToDate: 700,
      shortfall: 1,
      plannedInTotal: 1200,
    })
  })
})

describe('financial years', () => {
  it('starts each year on 1 April, in London', () => {
    assert.equal(financialYearOfDay('2026-03-31'), 2025)
    assert.equal(financialYearOfDay('2026-04-01'), 2026)
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time).
    assert.equal(financialYearOf(new Date('2026-03-31T23:30:00Z')), 2026)
    assert.equal(financialYearOf(new Date('2026-03-31T22:30:00Z')), 2025)
    assert.equal(financialYearLabel(2026), '2026 to 2027')
    assert.equal(financialYearStart(2026), '2026-04-01')
    assert.equal(financialYearEnd(2026), '2027-03-31')
    assert.equal(daysInFinancialYear(2026), 365)
    assert.equal(daysInFinancialYear(2027), 366)
  })

  it('puts every day in the year that contains it', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const year = financialYearOfDay(day)
        assert.ok(financialYearStart(year) <= day && day <= financialYearEnd(year))
      }),
    )
  })

  it('counts awards from the first day of the earliest planned year', () => {
    assert.equal(needCountsFrom([]), null)
    assert.equal(
      needCountsFrom([
        { financialYear: 2026, planned: 3 },
        { financialYear: 2024, planned: 5 },
      ]),
      '2024-04-01',
    )
  })
})
