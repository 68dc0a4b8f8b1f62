import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { longDate } from './dates.ts'

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
