// Where a consultation stands is one rule on London calendar days: open from the first moment
// of its opening day to the last of its closing day, across the clock changes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { consultationPhase, type ConsultationDates } from './consultations.ts'

const published = (opensOn: string, closesOn: string): ConsultationDates => ({
  state: 'published',
  opensOn,
  closesOn,
  outcomePublishedAt: null,
})

describe('consultationPhase', () => {
  it('opens at midnight in London on the opening day, in summer time', () => {
    const c = published('2027-06-01', '2027-06-30')
    assert.equal(consultationPhase(c, new Date('2027-05-31T22:59:59Z')), 'upcoming')
    assert.equal(consultationPhase(c, new Date('2027-05-31T23:00:00Z')), 'open')
  })

  it('closes at the end of the closing day in London, in winter and in summer', () => {
    const winter = published('2027-01-04', '2027-01-29')
    assert.equal(consultationPhase(winter, new Date('2027-01-29T23:59:59Z')), 'open')
    assert.equal(consultationPhase(winter, new Date('2027-01-30T00:00:00Z')), 'closed')
    const summer = published('2027-06-01', '2027-06-30')
    assert.equal(consultationPhase(summer, new Date('2027-06-30T22:59:59Z')), 'open')
    assert.equal(consultationPhase(summer, new Date('2027-06-30T23:00:00Z')), 'closed')
  })

  it('a draft is a draft whatever the day, and a published outcome ends it', () => {
    const draft: ConsultationDates = { ...published('2027-01-04', '2027-01-29'), state: 'draft' }
    assert.equal(consultationPhase(draft, new Date('2027-01-10T12:00:00Z')), 'draft')
    const done = {
      ...published('2027-01-04', '2027-01-29'),
      outcomePublishedAt: new Date('2027-02-10T12:00:00Z'),
    }
    assert.equal(consultationPhase(done, new Date('2027-02-11T12:00:00Z')), 'outcome_published')
  })

  it('moves only forwards in time: upcoming, then open, then closed', () => {
    const order = ['upcoming', 'open', 'closed']
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2029-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 200 * 24 }),
        fc.integer({ min: 0, max: 200 * 24 }),
        (start, length, hoursA, hoursB) => {
          const opensOn = start.toISOString().slice(0, 10)
          const closesOn = new Date(start.getTime() + length * 86_400_000).toISOString().slice(0, 10)
          const c = published(opensOn, closesOn)
          const early = new Date(start.getTime() - 50 * 86_400_000 + Math.min(hoursA, hoursB) * 3_600_000)
          const late = new Date(start.getTime() - 50 * 86_400_000 + Math.max(hoursA, hoursB) * 3_600_000)
          assert.ok(order.indexOf(consultationPhase(c, early)) <= order.indexOf(consultationPhase(c, late)))
        },
      ),
    )
  })
})
