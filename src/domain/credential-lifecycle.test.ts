import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_REVIEW_INTERVAL_MONTHS,
  IN_FORCE,
  nextReviewDue,
  nextStatus,
  REMINDER_DAYS,
  overdueInWords,
  reminderDue,
  reminderKey,
  reviewUrgency,
} from './credential-lifecycle.ts'

describe('nextReviewDue', () => {
  it('adds whole months to the day of publication', () => {
    assert.equal(nextReviewDue('2025-03-15', 12), '2026-03-15')
    assert.equal(nextReviewDue('2025-03-15', DEFAULT_REVIEW_INTERVAL_MONTHS), '2028-03-15')
    assert.equal(nextReviewDue('2025-11-15', 3), '2026-02-15', 'into the next year')
    assert.equal(nextReviewDue('2025-01-01', 120), '2035-01-01')
    assert.equal(nextReviewDue('2025-12-31', 1), '2026-01-31')
  })

  it('ends on the last day of a shorter month rather than spilling into the next', () => {
    assert.equal(nextReviewDue('2025-08-31', 6), '2026-02-28')
    assert.equal(nextReviewDue('2023-08-31', 6), '2024-02-29', 'leap year')
    assert.equal(nextReviewDue('2024-02-29', 12), '2025-02-28')
    assert.equal(nextReviewDue('2024-02-29', 48), '2028-02-29')
    assert.equal(nextReviewDue('2025-01-31', 1), '2025-02-28')
    assert.equal(nextReviewDue('2025-03-31', 1), '2025-04-30')
    assert.equal(nextReviewDue('2025-05-31', 1), '2025-06-30')
    assert.equal(nextReviewDue('2025-01-30', 1), '2025-02-28')
  })

  it('keeps the day when the target month is long enough', () => {
    assert.equal(nextReviewDue('2025-02-28', 1), '2025-03-28')
    assert.equal(nextReviewDue('2025-04-30', 1), '2025-05-30')
  })
})

describe('reviewUrgency', () => {
  it('is overdue the day after the due date', () => {
    assert.equal(reviewUrgency('2026-03-01', '2026-03-02'), 'overdue')
    assert.equal(reviewUrgency('2025-12-31', '2026-01-01'), 'overdue')
  })

  it('is due on the day and up to 90 days before, and later beyond', () => {
    assert.equal(reviewUrgency('2026-03-01', '2026-03-01'), 'due')
    assert.equal(reviewUrgency('2026-03-31', '2025-12-31'), 'due', '90 days before')
    assert.equal(reviewUrgency('2026-03-31', '2025-12-30'), 'later', '91 days before')
  })
})

describe('reminderDue', () => {
  const key = (due: string, today: string) => {
    const r = reminderDue(due, today)
    return r && reminderKey(due, r)
  }

  it('owes the 90-, 30- and 7-day reminders from the day each period is entered', () => {
    const due = '2026-03-31'
    assert.equal(reminderDue(due, '2025-12-30'), null, '91 days before')
    assert.deepEqual(reminderDue(due, '2025-12-31'), { kind: 'before', on: '2025-12-31', daysBefore: 90 })
    assert.equal(key(due, '2026-03-01'), 30)
    assert.equal(key(due, '2026-02-28'), 90, '31 days before')
    assert.equal(key(due, '2026-03-24'), 7)
    assert.equal(key(due, '2026-03-23'), 30, '8 days before')
    assert.equal(key(due, '2026-03-30'), 7, 'the day before')
  })

  it('owes one on the due date, then one each month it stays overdue', () => {
    const due = '2026-03-31'
    assert.deepEqual(reminderDue(due, '2026-03-31'), { kind: 'due', on: '2026-03-31' })
    assert.deepEqual(reminderDue(due, '2026-04-29'), { kind: 'due', on: '2026-03-31' }, 'not yet a month')
    assert.deepEqual(reminderDue(due, '2026-04-30'), { kind: 'overdue', on: '2026-04-30', monthsOverdue: 1 })
    assert.deepEqual(reminderDue(due, '2026-05-30'), { kind: 'overdue', on: '2026-04-30', monthsOverdue: 1 })
    assert.deepEqual(reminderDue(due, '2026-05-31'), { kind: 'overdue', on: '2026-05-31', monthsOverdue: 2 })
    assert.deepEqual(reminderDue(due, '2028-04-01'), { kind: 'overdue', on: '2028-03-31', monthsOverdue: 24 })
    assert.equal(key(due, '2026-04-30'), -30)
    assert.equal(key(due, '2026-05-31'), -61)
  })

  it('gives the latest reminder when earlier ones were missed', () => {
    assert.equal(key('2026-03-31', '2026-03-28'), 7)
    assert.equal(
      key('2025-01-01', '2026-12-06'),
      reminderKey('2025-01-01', { kind: 'overdue', on: '2026-12-01', monthsOverdue: 23 }),
    )
  })

  it('counts whole days across a change to summer time', () => {
    // The clocks go forward in the UK on 29 March 2026; the dates are UTC days all the same.
    assert.equal(key('2026-04-05', '2026-03-06'), 30)
    assert.equal(key('2026-04-05', '2026-03-29'), 7)
  })

  it('has the periods in decreasing order, the first deciding "due"', () => {
    assert.deepEqual([...REMINDER_DAYS], [90, 30, 7])
  })
})

describe('overdueInWords', () => {
  it('says days, weeks, months, then years and months', () => {
    assert.equal(overdueInWords('2026-03-31', '2026-04-01'), '1 day')
    assert.equal(overdueInWords('2026-03-31', '2026-04-13'), '13 days')
    assert.equal(overdueInWords('2026-03-31', '2026-04-14'), '2 weeks')
    assert.equal(overdueInWords('2026-03-31', '2026-04-30'), '1 month')
    assert.equal(overdueInWords('2026-03-31', '2027-03-31'), '1 year')
    assert.equal(overdueInWords('2025-01-01', '2026-12-06'), '1 year and 11 months')
    assert.equal(overdueInWords('2022-01-01', '2026-12-06'), '4 years and 11 months')
  })
})

describe('nextStatus', () => {
  it('refuses everything to a withdrawn credential', () => {
    for (const event of [
      { type: 'start_version' },
      { type: 'submit_version' },
      { type: 'decide', outcome: 'endorse', recognition: false },
      { type: 'open_periodic_review' },
      { type: 'withdraw' },
    ] as const) {
      const outcome = nextStatus('withdrawn', event)
      assert.equal(outcome.ok, false, event.type)
    }
  })

  it('opens a periodic review only of a credential in force, and only once', () => {
    for (const status of IN_FORCE) {
      assert.deepEqual(nextStatus(status, { type: 'open_periodic_review' }), {
        ok: true,
        status: 'periodic_review',
      })
    }
    assert.deepEqual(nextStatus('endorsed', { type: 'open_periodic_review' }, true), {
      ok: false,
      reason: 'A periodic review of this credential is already open',
    })
    assert.equal(nextStatus('in_development', { type: 'open_periodic_review' }).ok, false)
    assert.deepEqual(nextStatus('periodic_review', { type: 'open_periodic_review' }, true), {
      ok: false,
      reason: 'A periodic review of this credential is already open',
    })
  })

  it('starts a new version of an endorsed specification only through periodic review', () => {
    assert.equal(nextStatus('endorsed', { type: 'start_version' }).ok, false)
    assert.deepEqual(nextStatus('periodic_review', { type: 'start_version' }, true), {
      ok: true,
      status: 'periodic_review',
    })
    assert.deepEqual(nextStatus('periodic_review', { type: 'submit_version' }, true), {
      ok: true,
      status: 'periodic_review',
    })
  })

  it('keeps a credential under periodic review when the new version is not endorsed', () => {
    for (const outcome of ['revise_and_resubmit', 'not_endorsed'] as const) {
      assert.deepEqual(nextStatus('periodic_review', { type: 'decide', outcome, recognition: false }, true), {
        ok: true,
        status: 'periodic_review',
      })
    }
    assert.deepEqual(
      nextStatus('periodic_review', { type: 'decide', outcome: 'endorse', recognition: false }, true),
      { ok: true, status: 'endorsed' },
    )
  })

  it('recognises an application, or sends it back', () => {
    assert.deepEqual(nextStatus('tbc', { type: 'submit_version' }), { ok: true, status: 'under_review' })
    assert.deepEqual(
      nextStatus('under_review', { type: 'decide', outcome: 'endorse_with_conditions', recognition: true }),
      {
        ok: true,
        status: 'recognised',
      },
    )
    assert.deepEqual(
      nextStatus('under_review', { type: 'decide', outcome: 'revise_and_resubmit', recognition: true }),
      {
        ok: true,
        status: 'tbc',
      },
      'sent back, it waits as TBC: it is not in development',
    )
    assert.deepEqual(nextStatus('tbc', { type: 'start_version', recognition: true }), {
      ok: true,
      status: 'tbc',
    })
    assert.deepEqual(
      nextStatus('under_review', { type: 'decide', outcome: 'not_endorsed', recognition: true }),
      {
        ok: true,
        status: 'tbc',
      },
    )
  })

  it('withdraws a credential in force or under periodic review, and nothing else', () => {
    for (const status of [...IN_FORCE, 'periodic_review'] as const) {
      assert.deepEqual(nextStatus(status, { type: 'withdraw' }), { ok: true, status: 'withdrawn' })
    }
    for (const status of ['in_development', 'under_review', 'tbc', 'due'] as const) {
      assert.equal(nextStatus(status, { type: 'withdraw' }).ok, false, status)
    }
  })
})
