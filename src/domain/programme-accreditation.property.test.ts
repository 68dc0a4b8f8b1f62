// Whatever anyone tries, in any order, the accreditation of a programme stays in a legal
// state: every move is one of the machine's transitions, a refused action changes nothing,
// the guards hold after every step (no assessor with a conflict or from the applying provider
// judges, a panel and a decision have two completed reviews behind them, "with conditions"
// has conditions), and random sequences reach every state. The verdict on a day agrees with
// the public status, and only the Centre's decisions count.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  ACCREDITATION_STATES,
  ACCREDITATION_TRANSITIONS,
  accreditedOn,
  applyAccreditation,
  completedAssessments,
  newApplication,
  programmeAccreditationStatus,
  type AccreditationAction,
  type AccreditationRecord,
  type AccreditationState,
  type AccreditationTerm,
  type Actor,
} from './programme-accreditation.ts'

const PROVIDER = 'provider'
const ADMIN: Actor = { id: 'admin', roles: ['centre_admin'], organisationIds: ['centre'] }
const PROVIDER_ADMIN: Actor = { id: 'padmin', roles: ['provider_admin'], organisationIds: [PROVIDER] }
const OTHER_PROVIDER_ADMIN: Actor = { id: 'oadmin', roles: ['provider_admin'], organisationIds: ['other'] }
const ASSESSOR_ORGS: Record<string, string[]> = { a1: ['uni-1'], a2: ['uni-2'], a3: [], a4: [PROVIDER] }
const assessor = (id: string): Actor => ({
  id,
  roles: ['independent_reviewer'],
  organisationIds: ASSESSOR_ORGS[id] ?? [],
})
const STANDARDS = 2

/** Every (actor, action) anyone might try, legal or not. */
const CANDIDATES: Array<[Actor, AccreditationAction]> = (() => {
  const list: Array<[Actor, AccreditationAction]> = []
  for (const id of Object.keys(ASSESSOR_ORGS)) {
    const orgs = ASSESSOR_ORGS[id] ?? []
    list.push([ADMIN, { type: 'assign_assessor', assessorId: id, assessorOrganisationIds: orgs }])
    list.push([PROVIDER_ADMIN, { type: 'assign_assessor', assessorId: id, assessorOrganisationIds: orgs }])
    list.push([assessor(id), { type: 'declare_conflict', hasConflict: id === 'a3' }])
    list.push([assessor(id), { type: 'declare_conflict', hasConflict: true }])
    for (const standard of [0, 1, 2])
      for (const comment of ['', 'Clear evidence in the handbook'])
        list.push([assessor(id), { type: 'judge', standard, judgement: 'met', comment }])
    list.push([assessor(id), { type: 'judge', standard: 0, judgement: 'not_met', comment: 'No placements' }])
    list.push([assessor(id), { type: 'complete_review' }])
  }
  list.push([
    ADMIN,
    { type: 'hold_panel', heldOn: '2027-01-05', members: ['Dr A Chair', 'Prof B'], notes: 'Met' },
  ])
  list.push([ADMIN, { type: 'hold_panel', heldOn: '2027-01-05', members: [' '], notes: '' }])
  list.push([PROVIDER_ADMIN, { type: 'hold_panel', heldOn: '2027-01-05', members: ['X'], notes: '' }])
  list.push([ADMIN, { type: 'ask_question', text: 'How are supervisors prepared?' }])
  list.push([ADMIN, { type: 'ask_question', text: '  ' }])
  for (const index of [0, 1]) {
    list.push([PROVIDER_ADMIN, { type: 'answer_question', index, answer: 'By a two-day course' }])
    list.push([OTHER_PROVIDER_ADMIN, { type: 'answer_question', index, answer: 'Not ours' }])
  }
  const decision = { decidedOn: '2027-01-10', reason: 'The panel’s findings', periodFrom: '2027-02-01' }
  list.push([ADMIN, { type: 'decide', outcome: 'accredited', ...decision, periodUntil: '2032-01-31' }])
  list.push([ADMIN, { type: 'decide', outcome: 'accredited', ...decision, periodUntil: '2033-01-31' }])
  list.push([
    ADMIN,
    { type: 'decide', outcome: 'accredited_with_conditions', ...decision, periodUntil: '2032-01-31' },
  ])
  list.push([
    ADMIN,
    {
      type: 'decide',
      outcome: 'accredited_with_conditions',
      ...decision,
      periodUntil: '2032-01-31',
      conditions: [
        { text: 'Publish the placement agreement', dueOn: '2027-06-30' },
        { text: 'Name a research lead', dueOn: '2027-09-30' },
      ],
    },
  ])
  list.push([ADMIN, { type: 'decide', outcome: 'not_accredited', ...decision }])
  list.push([
    PROVIDER_ADMIN,
    { type: 'decide', outcome: 'accredited', ...decision, periodUntil: '2032-01-31' },
  ])
  for (const index of [0, 1, 2]) {
    list.push([
      ADMIN,
      { type: 'meet_condition', index, evidence: 'The agreement, published', metOn: '2027-05-01' },
    ])
    list.push([ADMIN, { type: 'meet_condition', index, evidence: '', metOn: '2027-05-01' }])
  }
  list.push([
    PROVIDER_ADMIN,
    { type: 'withdraw_application', on: '2026-12-20', reason: 'Programme redesigned' },
  ])
  list.push([OTHER_PROVIDER_ADMIN, { type: 'withdraw_application', on: '2026-12-20', reason: 'Not ours' }])
  list.push([ADMIN, { type: 'withdraw_accreditation', on: '2028-03-01', reason: 'Placements stopped' }])
  list.push([PROVIDER_ADMIN, { type: 'withdraw_accreditation', on: '2028-03-01', reason: 'Ours' }])
  list.push([ADMIN, { type: 'end_period', today: '2032-02-01' }])
  list.push([ADMIN, { type: 'end_period', today: '2030-01-01' }])
  return list
})()

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

const LEGAL = new Set(ACCREDITATION_TRANSITIONS.map(([from, to]) => `${from}>${to}`))
const PAST_REVIEW: readonly AccreditationState[] = [
  'panel',
  'accredited',
  'accredited_with_conditions',
  'not_accredited',
  'accreditation_withdrawn',
  'ended',
]

function checkInvariants(record: AccreditationRecord) {
  assert.ok(ACCREDITATION_STATES.includes(record.state))
  assert.ok(
    !record.assessments.some((a) => a.assessorId === 'a4'),
    'an assessor from the provider was assigned',
  )
  for (const a of record.assessments) {
    if (a.conflict !== 'none')
      assert.ok(
        a.judgements.every((j) => j === null),
        'judged despite a conflict',
      )
    if (a.completed) assert.ok(a.judgements.every((j) => j !== null && j.comment.trim() !== ''))
  }
  if (PAST_REVIEW.includes(record.state)) {
    assert.ok(completedAssessments(record).length >= 2, `${record.state} with fewer than two reviews`)
    assert.ok(record.panel !== null && record.panel.members.length > 0)
  }
  if (record.decision)
    assert.ok(
      record.questions.every((q) => q.answer !== null),
      'decided with questions open',
    )
  if (record.state === 'accredited_with_conditions') {
    assert.ok(record.decision && record.decision.conditions.some((c) => c.metOn === null))
  }
  if (record.state === 'accredited') {
    assert.ok(record.decision && record.decision.conditions.every((c) => c.metOn !== null && c.evidence))
  }
  if (record.state === 'not_accredited') assert.equal(record.decision?.outcome, 'not_accredited')
}

/** Actions that end the process early; the walk mostly takes the others, to get further. */
const ends = (action: AccreditationAction) =>
  action.type === 'withdraw_application' ||
  action.type === 'withdraw_accreditation' ||
  action.type === 'end_period' ||
  (action.type === 'declare_conflict' && action.hasConflict)

/** Steps: a number picks a candidate; a preference mostly picks among those allowed now. */
const steps = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 })), { minLength: 20, maxLength: 80 })

describe('programme accreditation as a state machine (property)', () => {
  it('stays legal whatever is tried, refusals change nothing, and every state is reached', () => {
    const reached = new Set<AccreditationState>()
    fc.assert(
      fc.property(steps, (choices) => {
        let record = deepFreeze(newApplication(PROVIDER, STANDARDS))
        reached.add(record.state)
        for (const [pick, preference] of choices) {
          const allowed = CANDIDATES.filter(([actor, action]) => applyAccreditation(record, actor, action).ok)
          const onward = allowed.filter(([, action]) => !ends(action))
          const pool =
            preference > 1 && onward.length ? onward : preference > 0 && allowed.length ? allowed : CANDIDATES
          const [actor, action] = pool[pick % pool.length] ??
            CANDIDATES[0] ?? [ADMIN, { type: 'complete_review' }]
          const before = structuredClone(record)
          const outcome = applyAccreditation(record, actor, action)
          if (!outcome.ok) {
            assert.ok(outcome.reason.length > 0)
            assert.deepEqual(record, before, 'a refusal changed the record')
            continue
          }
          const next = outcome.record
          if (next.state !== record.state)
            assert.ok(LEGAL.has(`${record.state}>${next.state}`), `${record.state} → ${next.state}`)
          checkInvariants(next)
          record = deepFreeze(next)
          reached.add(record.state)
        }
      }),
      { numRuns: 1000 },
    )
    assert.deepEqual([...reached].sort(), [...ACCREDITATION_STATES].sort())
  })
})

const day = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2034-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const term: fc.Arbitrary<AccreditationTerm> = fc
  .record({
    state: fc.constantFrom(...ACCREDITATION_STATES),
    outcome: fc.constantFrom('accredited', 'accredited_with_conditions', 'not_accredited' as const),
    decided: fc.boolean(),
    decidedOn: day,
    periodFrom: day,
    years: fc.integer({ min: 0, max: 5 }),
    withdrawnOn: fc.option(day, { nil: null }),
  })
  .map((t) => {
    const until = `${Number(t.periodFrom.slice(0, 4)) + t.years}${t.periodFrom.slice(4)}`
    const accredited = t.outcome !== 'not_accredited'
    return {
      state: t.state,
      decision: t.decided
        ? {
            outcome: t.outcome,
            decidedOn: t.decidedOn,
            periodFrom: accredited ? t.periodFrom : null,
            periodUntil: accredited ? until.replace(/-02-29$/, '-02-28') : null,
          }
        : null,
      withdrawal: t.withdrawnOn === null ? null : { on: t.withdrawnOn },
    }
  })

describe('accredited on a day (property)', () => {
  it('holds exactly when one decision accredits the day, within its period, not yet withdrawn', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 4 }), day, (terms, d) => {
        const expected = terms.some(
          (t) =>
            t.decision !== null &&
            t.decision.outcome !== 'not_accredited' &&
            t.decision.decidedOn <= d &&
            (t.decision.periodFrom ?? '9999') <= d &&
            d <= (t.decision.periodUntil ?? '0000') &&
            !(t.state === 'accreditation_withdrawn' && t.withdrawal && t.withdrawal.on <= d),
        )
        assert.equal(accreditedOn(terms, d), expected)
      }),
    )
  })

  it('never counts a declaration, and adding a decision never takes an accreditation away', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 3 }), term, day, fc.boolean(), (terms, extra, d, declared) => {
        if (accreditedOn(terms, d)) assert.ok(accreditedOn([...terms, extra], d))
        assert.equal(accreditedOn([], d), false)
        const status = programmeAccreditationStatus(terms, declared, d)
        assert.equal(
          status === 'accredited' || status === 'accredited_with_conditions',
          accreditedOn(terms, d),
          'the public status agrees with the verdict',
        )
        if (status === 'declared_not_confirmed') {
          assert.ok(declared, 'only a declaration is shown as declared')
          assert.ok(terms.every((t) => t.decision === null))
        }
      }),
    )
  })
})
