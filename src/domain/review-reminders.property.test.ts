// The periodic review reminder rule on random due dates and days: which reminder is owed on a
// day is the latest of the review's schedule whose day has come, and each has its own key, so
// a reminder recorded once under its key is never sent again.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  nextReviewDue,
  REMINDER_DAYS,
  reminderDue,
  reminderKey,
  type ReviewReminder,
} from './credential-lifecycle.ts'

const DAY = 86_400_000
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const plus = (iso: string, days: number) => day(Date.parse(`${iso}T00:00:00Z`) + days * DAY)

const dateArb = fc
  .integer({ min: Date.UTC(2000, 0, 1) / DAY, max: Date.UTC(2060, 11, 31) / DAY })
  .map((d) => day(d * DAY))

/** The schedule written out by hand: 90, 30 and 7 days before, the day, then monthly. */
function schedule(dueOn: string, months: number): ReviewReminder[] {
  return [
    ...REMINDER_DAYS.map((daysBefore) => ({
      kind: 'before' as const,
      on: plus(dueOn, -daysBefore),
      daysBefore,
    })),
    { kind: 'due' as const, on: dueOn },
    ...Array.from({ length: months }, (_, i) => ({
      kind: 'overdue' as const,
      on: nextReviewDue(dueOn, i + 1),
      monthsOverdue: i + 1,
    })),
  ]
}

describe('the periodic review reminder rule', () => {
  it('owes on each day the latest scheduled reminder whose day has come, and nothing before the first', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -200, max: 1500 }), (dueOn, offset) => {
        const today = plus(dueOn, offset)
        const owed = reminderDue(dueOn, today)
        const reached = schedule(dueOn, 60).filter((r) => r.on <= today)
        assert.deepEqual(owed, reached.at(-1) ?? null)
        if (owed) assert.ok(owed.on <= today, 'never a reminder whose day is still to come')
      }),
    )
  })

  it('gives every reminder of a due date its own key, so each is sent once', () => {
    fc.assert(
      fc.property(dateArb, (dueOn) => {
        const keys = schedule(dueOn, 60).map((r) => reminderKey(dueOn, r))
        assert.equal(new Set(keys).size, keys.length)
        assert.deepEqual(keys.slice(0, 4), [90, 30, 7, 0])
      }),
    )
  })

  it('owes the same reminder every day until the next one, so a run repeated on any day sends nothing new', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -95, max: 1500 }), (dueOn, offset) => {
        const today = plus(dueOn, offset)
        const owed = reminderDue(dueOn, today)
        const tomorrow = reminderDue(dueOn, plus(today, 1))
        if (owed && tomorrow && reminderKey(dueOn, owed) !== reminderKey(dueOn, tomorrow)) {
          assert.equal(tomorrow.on, plus(today, 1), 'a new reminder starts on its own day')
        }
      }),
    )
  })
})
