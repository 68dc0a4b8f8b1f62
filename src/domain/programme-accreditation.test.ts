import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  accreditedOn,
  applicationOpen,
  applyAccreditation,
  newApplication,
  programmeAccreditationStatus,
  reaccreditationReminderOwed,
  type AccreditationAction,
  type AccreditationRecord,
  type Actor,
} from './programme-accreditation.ts'

const ADMIN: Actor = { id: 'admin', roles: ['centre_admin'], organisationIds: ['centre'] }
const PROVIDER_ADMIN: Actor = { id: 'padmin', roles: ['provider_admin'], organisationIds: ['uni'] }
const assessor = (id: string): Actor => ({ id, roles: ['independent_reviewer'], organisationIds: [] })

function run(record: AccreditationRecord, steps: Array<[Actor, AccreditationAction]>): AccreditationRecord {
  for (const [actor, action] of steps) {
    const outcome = applyAccreditation(record, actor, action)
    if (!outcome.ok) throw new Error(`${action.type} refused: ${outcome.reason}`)
    record = outcome.record
  }
  return record
}

const assessAll = (id: string): Array<[Actor, AccreditationAction]> => [
  [assessor(id), { type: 'declare_conflict', hasConflict: false }],
  [assessor(id), { type: 'judge', standard: 0, judgement: 'met', comment: 'Clear' }],
  [assessor(id), { type: 'judge', standard: 1, judgement: 'partly_met', comment: 'Placements thin' }],
  [assessor(id), { type: 'complete_review' }],
]
const assign = (id: string): [Actor, AccreditationAction] => [
  ADMIN,
  { type: 'assign_assessor', assessorId: id, assessorOrganisationIds: ['elsewhere'] },
]
const panel: [Actor, AccreditationAction] = [
  ADMIN,
  { type: 'hold_panel', heldOn: '2027-01-05', members: ['Dr Chair'], notes: 'Good' },
]
const atPanel = () =>
  run(newApplication('uni', 2), [assign('a1'), assign('a2'), ...assessAll('a1'), ...assessAll('a2'), panel])
const refusal = (record: AccreditationRecord, actor: Actor, action: AccreditationAction) => {
  const outcome = applyAccreditation(record, actor, action)
  assert.equal(outcome.ok, false)
  return outcome.ok ? '' : outcome.reason
}
const decide = {
  decidedOn: '2027-01-10',
  reason: 'Findings',
  periodFrom: '2027-02-01',
  periodUntil: '2032-01-31',
}

describe('programme accreditation', () => {
  it('goes from application to accreditation with a condition later met', () => {
    let record = run(atPanel(), [
      [ADMIN, { type: 'ask_question', text: 'Who supervises?' }],
      [PROVIDER_ADMIN, { type: 'answer_question', index: 0, answer: 'Named supervisors' }],
      [
        ADMIN,
        {
          type: 'decide',
          outcome: 'accredited_with_conditions',
          ...decide,
          conditions: [{ text: 'Publish the placement agreement', dueOn: '2027-06-30' }],
        },
      ],
    ])
    assert.equal(record.state, 'accredited_with_conditions')
    record = run(record, [
      [ADMIN, { type: 'meet_condition', index: 0, evidence: 'Published', metOn: '2027-05-01' }],
    ])
    assert.equal(record.state, 'accredited')
    assert.equal(record.decision?.conditions[0]?.evidence, 'Published')
    assert.equal(accreditedOn([record], '2027-01-31'), false, 'before the period')
    assert.equal(accreditedOn([record], '2027-02-01'), true)
    assert.equal(accreditedOn([record], '2032-01-31'), true)
    assert.equal(accreditedOn([record], '2032-02-01'), false, 'after the period')
    const withdrawn = run(record, [
      [ADMIN, { type: 'withdraw_accreditation', on: '2028-03-01', reason: 'Gone' }],
    ])
    assert.equal(accreditedOn([withdrawn], '2028-02-29'), true, 'still accredited the day before')
    assert.equal(accreditedOn([withdrawn], '2028-03-01'), false)
    assert.equal(programmeAccreditationStatus([withdrawn], false, '2028-03-01'), 'withdrawn')
  })

  it('refuses what the guards forbid, with a reason', () => {
    const applied = newApplication('uni', 2)
    assert.match(
      refusal(applied, ADMIN, { type: 'assign_assessor', assessorId: 'x', assessorOrganisationIds: ['uni'] }),
      /own organisation/,
    )
    const conflicted = run(applied, [
      assign('a1'),
      [assessor('a1'), { type: 'declare_conflict', hasConflict: true }],
    ])
    assert.match(
      refusal(conflicted, assessor('a1'), { type: 'judge', standard: 0, judgement: 'met', comment: 'x' }),
      /declared a conflict/,
    )
    const half = run(applied, [
      assign('a1'),
      [assessor('a1'), { type: 'declare_conflict', hasConflict: false }],
      [assessor('a1'), { type: 'judge', standard: 0, judgement: 'met', comment: 'Fine' }],
    ])
    assert.match(refusal(half, assessor('a1'), { type: 'complete_review' }), /every standard.*1 left/)
    const one = run(applied, [assign('a1'), ...assessAll('a1')])
    assert.match(refusal(one, ADMIN, panel[1]), /at least 2 completed documentary reviews \(1 so far\)/)
    const ready = atPanel()
    assert.match(
      refusal(ready, ADMIN, { type: 'decide', outcome: 'accredited_with_conditions', ...decide }),
      /at least one condition/,
    )
    assert.match(
      refusal(ready, ADMIN, { type: 'decide', outcome: 'accredited', ...decide, periodUntil: '2033-01-31' }),
      /at most 5 years/,
    )
    const asked = run(ready, [[ADMIN, { type: 'ask_question', text: 'Why?' }]])
    assert.match(refusal(asked, ADMIN, { type: 'decide', outcome: 'accredited', ...decide }), /not answered/)
    assert.match(
      refusal(ready, PROVIDER_ADMIN, { type: 'decide', outcome: 'accredited', ...decide }),
      /Centre admins/,
    )
  })

  it('shows a declaration as declared, not confirmed, and never as accredited', () => {
    assert.equal(programmeAccreditationStatus([], true, '2027-01-01'), 'declared_not_confirmed')
    assert.equal(programmeAccreditationStatus([], false, '2027-01-01'), 'not_accredited_yet')
    assert.equal(programmeAccreditationStatus([newApplication('uni', 2)], true, '2027-01-01'), 'under_review')
  })

  it('opens re-accreditation within a year of the end, and reminds before it', () => {
    const accredited = run(atPanel(), [[ADMIN, { type: 'decide', outcome: 'accredited', ...decide }]])
    assert.deepEqual(applicationOpen([accredited], '2030-06-01'), {
      refused: 'Apply for re-accreditation within 365 days of the period’s end',
    })
    assert.deepEqual(applicationOpen([accredited], '2031-03-01'), { kind: 'reaccreditation' })
    assert.deepEqual(applicationOpen([], '2031-03-01'), { kind: 'initial' })
    assert.deepEqual(applicationOpen([newApplication('uni', 2)], '2031-03-01'), {
      refused: 'This programme already has an application in progress',
    })
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2031-07-01', [], false), null)
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2031-08-10', [], false), 180)
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2031-12-01', [180], false), 90)
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2032-01-20', [180], false), 30)
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2032-01-20', [30], false), null)
    assert.equal(reaccreditationReminderOwed('2032-01-31', '2032-01-20', [], true), null)
  })
})
