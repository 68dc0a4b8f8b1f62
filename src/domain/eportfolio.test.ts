import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  applyEportfolio,
  assessmentVerdict,
  CAPABILITY_JUDGEMENTS,
  extensionProblem,
  newEportfolio,
  stepDueOn,
  stepReminderDue,
  stepUrgency,
  type Actor,
  type CapabilityJudgement,
  type EportfolioAction,
  type EportfolioRecord,
} from './eportfolio.ts'

const CODES = ['1.1', '2.1', '3.1', '4.1']
const practitioner: Actor = { id: 'p', roles: ['practitioner'] }
const supervisor: Actor = { id: 's', roles: ['practitioner'] }
const a1: Actor = { id: 'a1', roles: ['independent_reviewer'] }
const a2: Actor = { id: 'a2', roles: ['independent_reviewer'] }
const admin: Actor = { id: 'admin', roles: ['centre_admin'] }

function run(record: EportfolioRecord, ...steps: Array<[Actor, EportfolioAction]>): EportfolioRecord {
  let current = record
  for (const [actor, action] of steps) {
    const result = applyEportfolio(current, actor, action)
    if (!result.ok) assert.fail(`${action.type} by ${actor.id}: ${result.reason}`)
    current = result.record
  }
  return current
}

function refused(record: EportfolioRecord, actor: Actor, action: EportfolioAction, reason: RegExp) {
  const result = applyEportfolio(record, actor, action)
  assert.equal(result.ok, false)
  if (!result.ok) assert.match(result.reason, reason)
}

const judgeAll = (actor: Actor, marks: readonly CapabilityJudgement[]): Array<[Actor, EportfolioAction]> => [
  [actor, { type: 'declare_conflict', hasConflict: false }],
  ...CODES.map((code, i): [Actor, EportfolioAction] => [
    actor,
    { type: 'judge', code, judgement: marks[i] ?? 'demonstrated', comment: 'Seen in the evidence.' },
  ]),
  [actor, { type: 'complete_assessment' }],
]

function submitted(): EportfolioRecord {
  const start = run(newEportfolio('p', CODES), [supervisor, { type: 'accept_supervision' }])
  return run(
    { ...start, uncovered: [] },
    [supervisor, { type: 'sign_off' }],
    [practitioner, { type: 'submit', today: '2027-02-01' }],
  )
}

describe('the ePortfolio route', () => {
  it('goes from registration through sign-off and two agreeing assessments to recognition', () => {
    let r = newEportfolio('p', CODES)
    assert.equal(r.state, 'registered')
    r = run(r, [supervisor, { type: 'accept_supervision' }])
    assert.equal(r.state, 'building')
    refused(r, supervisor, { type: 'sign_off' }, /Every capability needs evidence/)
    r = run({ ...r, uncovered: [] }, [supervisor, { type: 'sign_off' }])
    assert.equal(r.state, 'signed_off')
    r = run(r, [practitioner, { type: 'submit', today: '2027-02-01' }])
    assert.equal(r.state, 'submitted')
    r = run(
      r,
      [admin, { type: 'assign_assessor', assessorId: 'a1' }],
      [admin, { type: 'assign_assessor', assessorId: 'a2' }],
      ...judgeAll(a1, ['demonstrated', 'demonstrated', 'demonstrated', 'demonstrated']),
      ...judgeAll(a2, ['demonstrated', 'demonstrated', 'demonstrated', 'demonstrated']),
    )
    assert.equal(r.state, 'assessing')
    r = run(r, [admin, { type: 'decide', outcome: 'recognised', today: '2027-03-01' }])
    assert.equal(r.state, 'recognised')
    refused(r, practitioner, { type: 'withdraw', reason: 'x' }, /recognised, so nothing more/)
  })

  it('goes to moderation when the assessors disagree, and decides once every dispute is moderated', () => {
    let r = run(
      submitted(),
      [admin, { type: 'assign_assessor', assessorId: 'a1' }],
      [admin, { type: 'assign_assessor', assessorId: 'a2' }],
      ...judgeAll(a1, ['demonstrated', 'not_yet', 'demonstrated', 'demonstrated']),
      ...judgeAll(a2, ['demonstrated', 'demonstrated', 'demonstrated', 'not_yet']),
    )
    assert.equal(r.state, 'moderation')
    refused(
      r,
      admin,
      { type: 'decide', outcome: 'recognised', today: '2027-03-01' },
      /Moderate every capability.*2 left/,
    )
    refused(
      r,
      admin,
      { type: 'moderate', code: '1.1', judgement: 'demonstrated', comment: 'x' },
      /agreed on this capability/,
    )
    refused(
      r,
      a1,
      { type: 'moderate', code: '2.1', judgement: 'demonstrated', comment: 'x' },
      /Only Centre admins/,
    )
    r = run(
      r,
      [admin, { type: 'moderate', code: '2.1', judgement: 'demonstrated', comment: 'The audit shows it.' }],
      [admin, { type: 'moderate', code: '4.1', judgement: 'not_yet', comment: 'No research output.' }],
    )
    refused(
      r,
      admin,
      { type: 'decide', outcome: 'recognised', today: '2027-03-01' },
      /every capability demonstrated/,
    )
    refused(
      r,
      admin,
      { type: 'decide', outcome: 'resubmit', today: '2027-03-01', resubmitBy: '2027-06-01', feedback: {} },
      /feedback on every capability not yet demonstrated \(4\.1\)/,
    )
    refused(
      r,
      admin,
      {
        type: 'decide',
        outcome: 'resubmit',
        today: '2027-03-01',
        resubmitBy: '2027-03-01',
        feedback: { '4.1': 'More' },
      },
      /deadline after today/,
    )
    r = run(r, [
      admin,
      {
        type: 'decide',
        outcome: 'resubmit',
        today: '2027-03-01',
        resubmitBy: '2027-06-01',
        feedback: { '4.1': 'Add an audit.' },
      },
    ])
    assert.equal(r.state, 'resubmit')
    assert.equal(r.resubmitBy, '2027-06-01')
    // The practitioner resubmits: sign-off again, before the deadline.
    r = run(r, [practitioner, { type: 'change_evidence' }], [supervisor, { type: 'sign_off' }])
    refused(r, practitioner, { type: 'submit', today: '2027-06-02' }, /deadline for resubmission has passed/)
    r = run(r, [practitioner, { type: 'submit', today: '2027-06-01' }])
    assert.equal(r.state, 'submitted')
    assert.deepEqual(r.assessments, [], 'a resubmission is assessed afresh')
  })

  it('keeps the assessors distinct, independent of the portfolio and free of conflicts', () => {
    let r = submitted()
    refused(r, practitioner, { type: 'assign_assessor', assessorId: 'a1' }, /Only Centre admins/)
    refused(r, admin, { type: 'assign_assessor', assessorId: 'p' }, /own portfolio/)
    refused(r, admin, { type: 'assign_assessor', assessorId: 's' }, /supervisor cannot assess/)
    r = run(r, [admin, { type: 'assign_assessor', assessorId: 'a1' }])
    refused(r, admin, { type: 'assign_assessor', assessorId: 'a1' }, /already assigned/)
    r = run(r, [admin, { type: 'assign_assessor', assessorId: 'a2' }])
    refused(r, admin, { type: 'assign_assessor', assessorId: 'a3' }, /already has 2 assessors/)
    refused(
      r,
      a1,
      { type: 'judge', code: '1.1', judgement: 'demonstrated', comment: '' },
      /Declare any conflicts/,
    )
    r = run(r, [a1, { type: 'declare_conflict', hasConflict: true }])
    refused(
      r,
      a1,
      { type: 'judge', code: '1.1', judgement: 'demonstrated', comment: '' },
      /declared a conflict/,
    )
    // The conflicted assessor no longer counts, so a third can be assigned.
    r = run(r, [admin, { type: 'assign_assessor', assessorId: 'a3' }])
    r = run(r, [a2, { type: 'declare_conflict', hasConflict: false }])
    refused(r, a2, { type: 'judge', code: '1.1', judgement: 'not_yet', comment: ' ' }, /Say what is not yet/)
    refused(
      r,
      a2,
      { type: 'judge', code: '9.9', judgement: 'demonstrated', comment: '' },
      /no such capability/,
    )
    refused(r, a2, { type: 'complete_assessment' }, /Judge every capability.*4 left/)
  })

  it('needs the supervisor’s sign-off before submission, and changing evidence takes it back', () => {
    let r = run(newEportfolio('p', CODES), [supervisor, { type: 'accept_supervision' }])
    r = { ...r, uncovered: [] }
    refused(r, practitioner, { type: 'submit', today: '2027-01-01' }, /supervisor must sign off/)
    refused(r, practitioner, { type: 'sign_off' }, /Only the practitioner’s supervisor/)
    refused(r, a1, { type: 'sign_off' }, /Only the practitioner’s supervisor/)
    r = run(r, [supervisor, { type: 'sign_off' }], [practitioner, { type: 'change_evidence' }])
    assert.equal(r.state, 'building')
    refused(r, practitioner, { type: 'accept_supervision' }, /own portfolio/)
    refused(r, supervisor, { type: 'change_evidence' }, /Only the practitioner changes/)
  })

  it('is withdrawn by the practitioner or the Centre with a reason', () => {
    const r = submitted()
    refused(r, a1, { type: 'withdraw', reason: 'x' }, /Only the practitioner or the Centre/)
    refused(r, practitioner, { type: 'withdraw', reason: ' ' }, /Enter why/)
    assert.equal(run(r, [admin, { type: 'withdraw', reason: 'Asked by e-mail' }]).state, 'withdrawn')
  })

  it('reaches an outcome from any two complete assessments, moderated where they differ (property)', () => {
    const marks = fc.array(fc.constantFrom(...CAPABILITY_JUDGEMENTS), { minLength: 4, maxLength: 4 })
    fc.assert(
      fc.property(marks, marks, marks, (first, second, moderated) => {
        let r = run(
          submitted(),
          [admin, { type: 'assign_assessor', assessorId: 'a1' }],
          [admin, { type: 'assign_assessor', assessorId: 'a2' }],
          ...judgeAll(a1, first),
          ...judgeAll(a2, second),
        )
        const disagree = first.some((m, i) => m !== second[i])
        assert.equal(r.state, disagree ? 'moderation' : 'assessing')
        CODES.forEach((code, i) => {
          if (first[i] !== second[i]) {
            r = run(r, [
              admin,
              { type: 'moderate', code, judgement: moderated[i] ?? 'not_yet', comment: 'Moderated.' },
            ])
          }
        })
        const verdict = assessmentVerdict(CODES, r.assessments, r.moderation)
        assert.equal(verdict.status, 'ready')
        if (verdict.status !== 'ready') return
        const finals = CODES.map((_, i) => (first[i] === second[i] ? first[i] : moderated[i]))
        assert.equal(
          verdict.outcomes.includes('recognised'),
          finals.every((m) => m === 'demonstrated'),
        )
        const outcome = verdict.outcomes[0] ?? 'recognised'
        const feedback = Object.fromEntries(verdict.notYet.map((c) => [c, 'More evidence.']))
        r = run(r, [
          admin,
          { type: 'decide', outcome, today: '2027-03-01', resubmitBy: '2027-09-01', feedback },
        ])
        assert.equal(r.state, outcome)
      }),
      { numRuns: 200 },
    )
  })
})

describe('deadlines of the route', () => {
  it('gives each step its allowance from the day it started, and the resubmission the Centre’s date', () => {
    assert.equal(stepDueOn('registered', '2027-01-31', null, null), '2027-02-28')
    assert.equal(stepDueOn('building', '2027-01-31', null, null), '2028-01-31')
    assert.equal(stepDueOn('building', '2028-02-29', null, null), '2029-02-28')
    assert.equal(stepDueOn('submitted', '2027-03-20', null, null), '2027-04-03')
    assert.equal(stepDueOn('resubmit', '2027-03-20', '2027-09-01', null), '2027-09-01')
    assert.equal(stepDueOn('resubmit', '2027-03-20', '2027-09-01', '2027-10-01'), '2027-10-01')
    assert.equal(
      stepDueOn('assessing', '2027-03-20', null, '2027-01-01'),
      '2027-05-01',
      'an extension never shortens',
    )
    assert.equal(stepDueOn('recognised', '2027-03-20', null, null), null)
  })

  it('reminds 14 and 3 days before and on the day, never after', () => {
    assert.equal(stepReminderDue('2027-04-30', '2027-04-15'), null)
    assert.equal(stepReminderDue('2027-04-30', '2027-04-16'), 14)
    assert.equal(stepReminderDue('2027-04-30', '2027-04-27'), 3)
    assert.equal(stepReminderDue('2027-04-30', '2027-04-30'), 0)
    assert.equal(stepReminderDue('2027-04-30', '2027-05-01'), null)
    assert.equal(stepUrgency('2027-04-30', '2027-05-01'), 'overdue')
    assert.equal(stepUrgency('2027-04-30', '2027-04-20'), 'due_soon')
    assert.equal(stepUrgency('2027-04-30', '2027-01-20'), 'on_track')
  })

  it('grants extensions only of the practitioner’s own steps, to a later day within 6 months', () => {
    assert.match(
      extensionProblem('assessing', '2027-04-30', '2027-05-30', '2027-04-01') ?? '',
      /only be asked for while/,
    )
    assert.match(
      extensionProblem('building', '2027-04-30', '2027-04-30', '2027-04-01') ?? '',
      /after the current deadline/,
    )
    assert.match(
      extensionProblem('building', '2027-04-30', '2027-12-30', '2027-04-01') ?? '',
      /at most 6 months/,
    )
    assert.equal(extensionProblem('resubmit', '2027-04-30', '2027-06-30', '2027-04-01'), null)
  })
})
