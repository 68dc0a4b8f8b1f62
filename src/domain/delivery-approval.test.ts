// Whether an award date falls inside an approval of its delivery, from the delivery's state
// history: examples at the boundaries, and properties over random histories made of the
// transitions the delivery lifecycle allows.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  approvalPeriods,
  approvalProblem,
  awardDateProblem,
  wasApprovedOn,
  type DeliveryStateChange,
} from './delivery-approval.ts'
import { londonDay, longDate } from './dates.ts'
import { nextDeliveryState, type DeliveryAction, type DeliveryState } from './providers.ts'

const at = (iso: string) => new Date(iso)
const change = (state: DeliveryState, iso: string): DeliveryStateChange => ({ state, effectiveAt: at(iso) })

describe('award dates against the delivery’s approval (examples)', () => {
  const history = [
    change('applied', '2025-10-01T09:00:00Z'),
    change('approved', '2025-11-14T10:00:00Z'),
    change('suspended', '2026-03-03T15:00:00Z'),
    change('approved', '2026-04-10T08:00:00Z'),
  ]

  it('counts the day of approval and refuses the day before, naming the date', () => {
    assert.equal(wasApprovedOn(history, '2025-11-14'), true)
    assert.equal(wasApprovedOn(history, '2025-11-13'), false)
    assert.equal(
      approvalProblem(history, '2025-11-13'),
      'Date of the award must be on or after 14 November 2025, when the delivery was approved',
    )
    assert.equal(approvalProblem(history, '2025-11-14'), null)
  })

  it('refuses the day of a suspension and every day of it, and counts from the day of reinstatement', () => {
    assert.equal(wasApprovedOn(history, '2026-03-02'), true)
    assert.equal(wasApprovedOn(history, '2026-03-03'), false, 'the day of the suspension')
    assert.equal(wasApprovedOn(history, '2026-04-09'), false)
    assert.equal(wasApprovedOn(history, '2026-04-10'), true, 'the day of the reinstatement')
    assert.equal(wasApprovedOn(history, '2030-01-01'), true)
    assert.equal(
      approvalProblem(history, '2026-03-20'),
      'Date of the award must be before 3 March 2026, when the delivery was suspended, or on or after 10 April 2026, when it was approved again',
    )
  })

  it('refuses after a withdrawal and before any approval', () => {
    const withdrawn = [...history, change('withdrawn', '2026-09-01T12:00:00Z')]
    assert.equal(wasApprovedOn(withdrawn, '2026-08-31'), true)
    assert.equal(wasApprovedOn(withdrawn, '2026-09-01'), false)
    assert.equal(
      approvalProblem(withdrawn, '2026-09-02'),
      'Date of the award must be before 1 September 2026, when the delivery was withdrawn',
    )
    const applied = [change('applied', '2025-10-01T09:00:00Z')]
    assert.equal(wasApprovedOn(applied, '2025-10-02'), false)
    assert.equal(
      approvalProblem(applied, '2025-10-02'),
      'The delivery has never been approved, so it cannot make awards',
    )
    assert.equal(wasApprovedOn([], '2025-10-02'), false)
  })

  it('reads days in London: an approval at 23:30 UTC in summer takes effect the next day', () => {
    const summer = [change('approved', '2025-06-30T23:30:00Z')]
    assert.equal(londonDay(at('2025-06-30T23:30:00Z')), '2025-07-01')
    assert.equal(wasApprovedOn(summer, '2025-06-30'), false)
    assert.equal(wasApprovedOn(summer, '2025-07-01'), true)
    const winter = [change('approved', '2025-12-31T23:30:00Z')]
    assert.equal(wasApprovedOn(winter, '2025-12-31'), true)
  })

  it('does not count a day on which the delivery was suspended and reinstated', () => {
    const sameDay = [
      change('approved', '2025-11-14T10:00:00Z'),
      change('suspended', '2026-03-03T09:00:00Z'),
      change('approved', '2026-03-03T16:00:00Z'),
    ]
    assert.equal(wasApprovedOn(sameDay, '2026-03-02'), true)
    assert.equal(wasApprovedOn(sameDay, '2026-03-03'), false)
    assert.equal(wasApprovedOn(sameDay, '2026-03-04'), true)
    assert.deepEqual(approvalPeriods(sameDay), [
      { from: '2025-11-14', until: '2026-03-03', endedBy: 'suspended' },
      { from: '2026-03-04', until: null, endedBy: null },
    ])
  })

  it('writes dates as people read them', () => {
    assert.equal(longDate('2027-01-06'), '6 January 2027')
  })
})

// --- Properties ----------------------------------------------------------------------------

const ACTIONS: DeliveryAction[] = [
  'approve',
  'approve_with_conditions',
  'decline',
  'suspend',
  'reinstate',
  'withdraw',
]

/** A random history the lifecycle allows, from an application, with random gaps (same day too). */
const historyArb = fc
  .record({
    start: fc.date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2027-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    steps: fc.array(
      fc.record({ action: fc.constantFrom(...ACTIONS), minutes: fc.integer({ min: 0, max: 5 * 24 * 60 }) }),
      { maxLength: 25 },
    ),
  })
  .map(({ start, steps }) => {
    const changes: DeliveryStateChange[] = [{ state: 'applied', effectiveAt: start }]
    let state: DeliveryState = 'applied'
    let time = start.getTime()
    for (const step of steps) {
      const actor = step.action === 'withdraw' ? 'provider_admin' : 'centre_admin'
      const next = nextDeliveryState(state, step.action, actor)
      if ('refused' in next) continue
      time += step.minutes * 60_000
      state = next.state
      changes.push({ state, effectiveAt: new Date(time) })
    }
    return changes
  })

/** The London day of an instant, found another way than the code under test finds it. */
const dayInLondon = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/London' })
const approved = (s: DeliveryState) => s === 'approved' || s === 'approved_with_conditions'

/**
 * The rule, written plainly: a day is approved when the delivery is approved at its end and
 * no approval ended during it.
 */
function oracle(changes: DeliveryStateChange[], day: string): boolean {
  let state: DeliveryState | null = null
  let endedThatDay = false
  for (const c of changes) {
    const d = dayInLondon(c.effectiveAt)
    if (d > day) break
    if (d === day && state !== null && approved(state) && !approved(c.state)) endedThatDay = true
    state = c.state
  }
  return state !== null && approved(state) && !endedThatDay
}

/** A day near the history: a few days before its first change to a few after its last. */
const withDay = historyArb.chain((changes) => {
  const first = changes[0]!.effectiveAt.getTime()
  const last = changes[changes.length - 1]!.effectiveAt.getTime()
  return fc
    .integer({ min: first - 3 * 86_400_000, max: last + 3 * 86_400_000 })
    .map((t) => ({ changes, day: dayInLondon(new Date(t)) }))
})

describe('award dates against the delivery’s approval (properties)', () => {
  it('says a day was approved exactly when the delivery was approved at its end and no approval ended that day', () => {
    fc.assert(
      fc.property(withDay, ({ changes, day }) => {
        assert.equal(wasApprovedOn(changes, day), oracle(changes, day))
      }),
      { numRuns: 2000 },
    )
  })

  it('gives a reason exactly when it refuses, and the reason names a date', () => {
    fc.assert(
      fc.property(withDay, ({ changes, day }) => {
        const problem = approvalProblem(changes, day)
        assert.equal(problem === null, wasApprovedOn(changes, day))
        if (problem && approvalPeriods(changes).length)
          assert.match(
            problem,
            /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/,
          )
      }),
      { numRuns: 1000 },
    )
  })

  it('gives ordered, non-empty, separate periods whatever order the changes come in', () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), (changes, seed) => {
        const periods = approvalPeriods(changes)
        for (const [i, p] of periods.entries()) {
          if (p.until !== null) assert.ok(p.from < p.until, 'a period has at least a day')
          const next = periods[i + 1]
          if (next) assert.ok(p.until !== null && p.until <= next.from, 'periods do not overlap')
          else assert.equal(p.until === null, approved(changes[changes.length - 1]!.state))
        }
        // Shuffled (changes at distinct instants): the same periods.
        const distinct = changes.filter(
          (c, i) => changes.findIndex((o) => o.effectiveAt.getTime() === c.effectiveAt.getTime()) === i,
        )
        if (distinct.length !== changes.length) return
        const shuffled = [...changes].sort(
          (a, b) => ((a.effectiveAt.getTime() ^ seed) % 7) - ((b.effectiveAt.getTime() ^ seed) % 7),
        )
        assert.deepEqual(approvalPeriods(shuffled), periods)
      }),
      { numRuns: 1000 },
    )
  })

  it('never counts a day before the first approval', () => {
    fc.assert(
      fc.property(withDay, ({ changes, day }) => {
        const firstApproval = changes.find((c) => approved(c.state))
        if (!firstApproval || day < dayInLondon(firstApproval.effectiveAt))
          assert.equal(wasApprovedOn(changes, day), false)
      }),
    )
  })
})

describe('the date of an award: one rule for the form, a CSV upload and the API', () => {
  // Approved on 14 November 2025, for a delivery starting on 12 January 2026.
  const context = {
    today: '2026-06-30',
    startDate: '2026-01-12',
    history: [change('applied', '2025-10-01T09:00:00Z'), change('approved', '2025-11-14T10:00:00Z')],
  }

  it('refuses a date after today', () => {
    assert.equal(awardDateProblem('2026-07-01', context), 'Date of the award must be today or in the past')
    assert.equal(awardDateProblem('2026-06-30', context), null)
  })

  it('refuses a date before the delivery started, even inside its approval, naming the start date', () => {
    assert.equal(
      awardDateProblem('2025-12-01', context),
      'Date of the award must be on or after 12 January 2026, when the delivery started',
    )
    assert.equal(awardDateProblem('2026-01-11', context) === null, false)
    assert.equal(awardDateProblem('2026-01-12', context), null)
  })

  it('refuses a date outside an approval, with the approval’s words', () => {
    const late = { ...context, startDate: '2025-09-01' }
    assert.equal(awardDateProblem('2025-11-13', late), approvalProblem(late.history, '2025-11-13'))
    assert.match(awardDateProblem('2025-11-13', late) ?? '', /when the delivery was approved/)
  })
})
