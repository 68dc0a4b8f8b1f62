import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { calendarDate, londonDay, longDate } from './dates.ts'

describe('longDate', () => {
  it('writes a calendar date as that day', () => {
    assert.equal(longDate('2027-01-06'), '6 January 2027')
    assert.equal(longDate('2026-06-30'), '30 June 2026')
  })

  it('writes an instant as the day it was in London', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    assert.equal(longDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026')
    assert.equal(longDate('2026-12-31T23:30:00Z'), '31 December 2026')
  })

  it('gives back text that is not a date unchanged, and never throws', () => {
    assert.equal(longDate('not a date'), 'not a date')
    assert.equal(longDate('2026-02-31'), '2026-02-31')
    assert.equal(longDate(''), '')
    assert.equal(longDate(new Date('nonsense')), '')
  })
})

describe('calendarDate', () => {
  it('gives a real day as YYYY-MM-DD', () => {
    assert.equal(calendarDate(2026, 8, 31), '2026-08-31')
    assert.equal(calendarDate(2028, 2, 29), '2028-02-29')
    assert.equal(calendarDate(1900, 1, 1), '1900-01-01')
    assert.equal(calendarDate(9999, 12, 31), '9999-12-31')
  })

  it('refuses a day that does not exist, and years PostgreSQL or Date.UTC would misread', () => {
    const unreal: Array<[number, number, number]> = [
      [2026, 2, 30],
      [2026, 13, 1],
      [2026, 0, 1],
      [2026, 1, 0],
      [0, 1, 1],
      [1, 1, 1],
      [99, 1, 1],
      [1899, 12, 31],
      [10000, 1, 1],
      [2026.5, 1, 1],
      [Number.NaN, 1, 1],
      [Infinity, 1, 1],
    ]
    for (const [y, m, d] of unreal) assert.equal(calendarDate(y, m, d), null, `${y}-${m}-${d}`)
  })
})

describe('londonDay', () => {
  const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })

  it('gives the day in London on either side of midnight and of the clock changes', () => {
    assert.equal(londonDay(new Date('2026-06-30T22:59:59.999Z')), '2026-06-30')
    assert.equal(londonDay(new Date('2026-06-30T23:00:00Z')), '2026-07-01')
    assert.equal(londonDay(new Date('2026-03-29T00:59:00Z')), '2026-03-29')
    assert.equal(londonDay(new Date('2026-10-25T23:59:59Z')), '2026-10-25')
    assert.equal(londonDay(new Date('2026-10-26T00:00:00Z')), '2026-10-26')
    assert.equal(londonDay(new Date('2026-10-25T23:59:59Z')), '2026-10-25')
  })

  it('answers as the formatter does for any instants asked in any order', () => {
    // Instants clustered around midnights and clock changes, so that the one minute it keeps
    // is asked about again before and after its day changes.
    const instant = fc.oneof(
      fc.date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc
        .tuple(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: -90_000, max: 90_000 }))
        .map(([days, ms]) => new Date(Date.UTC(2020, 2, 1) + days * 86_400_000 - 3_600_000 + ms)),
    )
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const at of instants) assert.equal(londonDay(at), london.format(at))
      }),
    )
  })
})
