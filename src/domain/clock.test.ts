import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedClock, systemClock } from './clock.ts'
import { londonDay } from './dates.ts'

describe('fixedClock', () => {
  it('stands still until moved', () => {
    const clock = fixedClock('2026-03-10T09:00:00Z')
    assert.equal(clock.now().toISOString(), '2026-03-10T09:00:00.000Z')
    assert.equal(clock.now().toISOString(), '2026-03-10T09:00:00.000Z')
    assert.equal(clock.today(), '2026-03-10')
  })

  it('gives today in London: between midnight and 1 am in summer it is already the next day', () => {
    const clock = fixedClock('2026-06-30T23:30:00Z')
    assert.equal(clock.today(), '2026-07-01')
    clock.set('2026-06-30T22:59:59Z')
    assert.equal(clock.today(), '2026-06-30')
  })

  it('gives today in London in winter as the UTC day', () => {
    const clock = fixedClock('2026-12-31T23:30:00Z')
    assert.equal(clock.today(), '2026-12-31')
    clock.advance({ minutes: 30 })
    assert.equal(clock.today(), '2027-01-01')
  })

  it('moves by days, hours, minutes and seconds, across a change of the clocks', () => {
    const clock = fixedClock(new Date('2026-03-28T12:00:00Z'))
    clock.advance({ days: 1 })
    assert.equal(clock.now().toISOString(), '2026-03-29T12:00:00.000Z')
    clock.advance({ hours: 1, minutes: 2, seconds: 3 })
    assert.equal(clock.now().toISOString(), '2026-03-29T13:02:03.000Z')
    clock.advance({ days: -2 })
    assert.equal(clock.today(), '2026-03-27')
  })

  it('refuses an instant that is not one', () => {
    assert.throws(() => fixedClock('not a time'), RangeError)
    assert.throws(() => fixedClock('2026-01-01T00:00:00Z').set(new Date('nonsense')), RangeError)
  })

  it('hands out copies, so a caller cannot move it by changing a Date', () => {
    const clock = fixedClock('2026-01-01T00:00:00Z')
    clock.now().setUTCFullYear(2000)
    assert.equal(clock.today(), '2026-01-01')
  })
})

describe('systemClock', () => {
  it('reads the real time, and today is that time in London', () => {
    const before = Date.now()
    const now = systemClock.now().getTime()
    assert.ok(now >= before && now <= Date.now())
    const today = systemClock.today()
    assert.ok([londonDay(new Date(before)), londonDay(new Date())].includes(today))
  })
})
