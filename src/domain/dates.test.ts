import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate, longDate } from './dates.ts'

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
