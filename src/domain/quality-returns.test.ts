import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nextReturnState, RETURN_REMINDER_DAYS, returnDueOn, returnReminderOwed } from './providers.ts'

describe('quality return dates', () => {
  it('falls due on each anniversary of the start date', () => {
    assert.equal(returnDueOn('2026-09-01', 1), '2027-09-01')
    assert.equal(returnDueOn('2026-09-01', 3), '2029-09-01')
  })

  it('moves 29 February to 28 February in a year without one, and keeps it in a leap year', () => {
    assert.equal(returnDueOn('2024-02-29', 1), '2025-02-28')
    assert.equal(returnDueOn('2024-02-29', 4), '2028-02-29')
  })
})

describe('quality return reminders', () => {
  it('reminds 30 and 7 days before', () => {
    assert.deepEqual([...RETURN_REMINDER_DAYS], [30, 7])
  })

  it('owes nothing more than 30 days before, or after the due date', () => {
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-01', []), null)
    assert.equal(returnReminderOwed('2027-09-01', '2027-09-02', []), null)
  })

  it('owes the 30-day reminder from 30 days before, once', () => {
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-02', []), 30)
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-20', []), 30)
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-20', [30]), null)
  })

  it('owes the 7-day reminder from 7 days before, including on the due date, once', () => {
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-25', [30]), 7)
    assert.equal(returnReminderOwed('2027-09-01', '2027-09-01', [30]), 7)
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-28', [30, 7]), null)
  })

  it('does not send a missed 30-day reminder after the 7-day one', () => {
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-28', []), 7)
    assert.equal(returnReminderOwed('2027-09-01', '2027-08-28', [7]), null)
  })
})

describe('quality return states', () => {
  it('submits a due return, and one the Centre raised a concern about', () => {
    assert.deepEqual(nextReturnState('due', 'submit'), { state: 'submitted' })
    assert.deepEqual(nextReturnState('concern_raised', 'submit'), { state: 'submitted' })
  })

  it('refuses to submit a return again once submitted or accepted', () => {
    assert.ok('refused' in nextReturnState('submitted', 'submit'))
    assert.ok('refused' in nextReturnState('accepted', 'submit'))
  })

  it('accepts a submitted return or raises a concern about it', () => {
    assert.deepEqual(nextReturnState('submitted', 'accept'), { state: 'accepted' })
    assert.deepEqual(nextReturnState('submitted', 'raise_concern'), { state: 'concern_raised' })
  })

  it('decides only on a submitted return', () => {
    for (const state of ['due', 'accepted', 'concern_raised'] as const) {
      assert.deepEqual(nextReturnState(state, 'accept'), {
        refused: 'Only a submitted return can be accepted or questioned',
      })
      assert.ok('refused' in nextReturnState(state, 'raise_concern'))
    }
  })
})
