// Random runs of the ePortfolio route: whoever acts and whatever they try, the route moves only
// in the ways the process allows, never reaches an outcome without two independent completed
// assessments, and recognises only when every capability is demonstrated. The two verdicts
// (coverage and assessment) are checked against their definitions.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  activeAssessments,
  applyEportfolio,
  assessmentVerdict,
  CAPABILITY_JUDGEMENTS,
  coverage,
  EPORTFOLIO_OUTCOMES,
  EPORTFOLIO_STATES,
  EPORTFOLIO_STATE_LABELS,
  EPORTFOLIO_TRANSITIONS,
  FINAL_STATES,
  newEportfolio,
  stepDueOn,
  stepReminderDue,
  type Actor,
  type Assessment,
  type EportfolioAction,
} from './eportfolio.ts'

const CODES = ['1.1', '1.2', '2.1', '3.1', '4.1']
const PEOPLE = ['practitioner', 'supervisor', 'a1', 'a2', 'a3', 'admin', 'other']
const actorOf = (id: string): Actor => ({ id, roles: id === 'admin' ? ['centre_admin'] : ['practitioner'] })
const judgement = fc.constantFrom(...CAPABILITY_JUDGEMENTS)
const comment = fc.constantFrom('', 'Seen in the case reviews.')
const day = fc.constantFrom('2027-01-10', '2027-03-01', '2027-06-30')

const action: fc.Arbitrary<EportfolioAction> = fc.oneof(
  fc.constant<EportfolioAction>({ type: 'accept_supervision' }),
  fc.constant<EportfolioAction>({ type: 'change_evidence' }),
  fc.constant<EportfolioAction>({ type: 'sign_off' }),
  day.map((today): EportfolioAction => ({ type: 'submit', today })),
  fc.constantFrom(...PEOPLE).map((assessorId): EportfolioAction => ({ type: 'assign_assessor', assessorId })),
  fc.boolean().map((hasConflict): EportfolioAction => ({ type: 'declare_conflict', hasConflict })),
  fc
    .record({ code: fc.constantFrom(...CODES, '9.9'), judgement, comment })
    .map((j): EportfolioAction => ({ type: 'judge', ...j })),
  fc.constant<EportfolioAction>({ type: 'complete_assessment' }),
  fc
    .record({ code: fc.constantFrom(...CODES), judgement, comment })
    .map((j): EportfolioAction => ({ type: 'moderate', ...j })),
  fc
    .record({
      outcome: fc.constantFrom(...EPORTFOLIO_OUTCOMES),
      today: day,
      resubmitBy: fc.constantFrom(null, '2027-01-01', '2027-09-30'),
      feedback: fc.dictionary(fc.constantFrom(...CODES), comment),
    })
    .map((d): EportfolioAction => ({ type: 'decide', ...d })),
  fc.constantFrom('', 'Moved abroad').map((reason): EportfolioAction => ({ type: 'withdraw', reason })),
)
// Covering the portfolio is something the practitioner does between actions.
const step = fc.record({ actor: fc.constantFrom(...PEOPLE), action, covered: fc.boolean() })

describe('the ePortfolio route as a state machine (property)', () => {
  it('moves only along its transitions, and decides only on two completed independent assessments', () => {
    const allowed = new Set(EPORTFOLIO_TRANSITIONS.map(([a, b]) => `${a}->${b}`))
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        let record = newEportfolio('practitioner', CODES)
        for (const s of steps) {
          record = { ...record, uncovered: s.covered ? [] : record.uncovered }
          const result = applyEportfolio(record, actorOf(s.actor), s.action)
          if (!result.ok) {
            assert.ok(result.reason.length > 0)
            continue
          }
          const next = result.record
          if (FINAL_STATES.includes(record.state)) assert.fail('a final state refuses everything')
          if (next.state !== record.state) {
            assert.ok(allowed.has(`${record.state}->${next.state}`), `${record.state} -> ${next.state}`)
          }
          assert.ok(EPORTFOLIO_STATES.includes(next.state))
          if (next.state === 'submitted') {
            assert.equal(record.state, 'signed_off', 'submitted only after sign-off')
            assert.equal(s.actor, 'practitioner')
            assert.deepEqual(next.uncovered, [])
          }
          if (next.state === 'signed_off' && record.state !== 'signed_off') {
            assert.equal(s.actor, next.supervisorId, 'only the supervisor signs off')
            assert.notEqual(s.actor, 'practitioner')
          }
          const assessors = next.assessments.map((a) => a.assessorId)
          assert.equal(new Set(assessors).size, assessors.length, 'assessors are distinct')
          assert.ok(!assessors.includes('practitioner'))
          if (next.supervisorId !== null)
            assert.ok(!assessors.includes(next.supervisorId), 'the supervisor never assesses')
          assert.ok(activeAssessments(next).length <= 2)
          for (const a of next.assessments) {
            if (a.conflict !== 'none')
              assert.deepEqual(a.judgements, {}, 'no judging before declaring no conflict')
          }
          if (
            ['recognised', 'resubmit', 'not_recognised'].includes(next.state) &&
            next.state !== record.state
          ) {
            assert.equal(s.actor, 'admin')
            const verdict = assessmentVerdict(CODES, record.assessments, record.moderation)
            assert.equal(verdict.status, 'ready', 'an outcome needs the assessment verdict ready')
            if (verdict.status === 'ready') {
              const done = activeAssessments(record).filter((a) => a.completed)
              assert.ok(done.length >= 2)
              if (next.state === 'recognised')
                assert.deepEqual(verdict.notYet, [], 'recognised only when all demonstrated')
              else assert.ok(verdict.notYet.length > 0)
            }
          }
          if (next.state === 'moderation' && record.state !== 'moderation') {
            const verdict = assessmentVerdict(CODES, next.assessments, {})
            assert.equal(verdict.status, 'moderation', 'moderation only when the assessors disagree')
          }
          record = next
        }
      }),
      { numRuns: 400 },
    )
  })

  it('has a label for every state', () => {
    for (const s of EPORTFOLIO_STATES) assert.ok(EPORTFOLIO_STATE_LABELS[s].text)
  })
})

describe('the assessment verdict (property)', () => {
  const mark = fc.record({ judgement, comment: fc.constant('Seen.') })
  const judgements = fc.record(Object.fromEntries(CODES.map((c) => [c, mark])))
  const assessment = (id: string): fc.Arbitrary<Assessment> =>
    fc.record({
      assessorId: fc.constant(id),
      conflict: fc.constantFrom('none' as const, 'none' as const, 'declared' as const, 'undeclared' as const),
      judgements,
      completed: fc.boolean(),
    })
  const moderation = fc.dictionary(fc.constantFrom(...CODES), mark)

  it('is ready exactly when two independent completed assessments agree or every disagreement is moderated', () => {
    fc.assert(
      fc.property(assessment('a1'), assessment('a2'), assessment('a3'), moderation, (a, b, c, mod) => {
        const verdict = assessmentVerdict(CODES, [a, b, c], mod)
        const done = [a, b, c].filter((x) => x.conflict !== 'declared' && x.completed)
        const [first, second] = done
        if (!first || !second) {
          assert.deepEqual(verdict, { status: 'assessing', completed: done.length })
          return
        }
        const disputed = CODES.filter(
          (code) => first.judgements[code]?.judgement !== second.judgements[code]?.judgement,
        )
        const left = disputed.filter((code) => mod[code] === undefined)
        if (left.length) {
          assert.deepEqual(verdict, { status: 'moderation', disputed, left })
          return
        }
        assert.equal(verdict.status, 'ready')
        if (verdict.status !== 'ready') return
        for (const code of CODES) {
          const expected: string | undefined = disputed.includes(code)
            ? mod[code]?.judgement
            : first.judgements[code]?.judgement
          assert.equal(verdict.finals[code], expected)
        }
        assert.equal(verdict.demonstrated.length + verdict.notYet.length, CODES.length)
        assert.deepEqual(
          verdict.outcomes,
          verdict.notYet.length ? ['resubmit', 'not_recognised'] : ['recognised'],
        )
      }),
      { numRuns: 500 },
    )
  })

  it('never depends on the order of the two assessments', () => {
    fc.assert(
      fc.property(assessment('a1'), assessment('a2'), moderation, (a, b, mod) => {
        assert.deepEqual(
          assessmentVerdict(CODES, [a, b], mod).status,
          assessmentVerdict(CODES, [b, a], mod).status,
        )
      }),
    )
  })
})

describe('coverage (property)', () => {
  const capabilities = CODES.map((code) => ({ code, pillarCode: code.split('.')[0] ?? '' }))
  const mapping = fc.record({ capabilityCode: fc.constantFrom(...CODES, '9.9'), counts: fc.boolean() })
  it('covers a capability exactly when an item that counts is mapped to it, and is complete when none is missing', () => {
    fc.assert(
      fc.property(fc.array(mapping, { maxLength: 12 }), (mappings) => {
        const result = coverage(capabilities, mappings)
        for (const code of CODES) {
          const has = mappings.some((m) => m.counts && m.capabilityCode === code)
          assert.equal(result.covered.includes(code), has)
          assert.equal(result.missing.includes(code), !has)
        }
        assert.equal(result.covered.length + result.missing.length, CODES.length)
        assert.equal(result.complete, result.missing.length === 0)
        assert.equal(
          result.pillars.reduce((n, p) => n + p.covered, 0),
          result.covered.length,
        )
        assert.ok(!('9.9' in result.counts), 'a retired capability counts for nothing')
      }),
    )
  })
})

describe('step deadlines (property)', () => {
  const date = fc
    .date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10))
  it('fall after the step starts, move only later with an extension, and remind at most on the day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EPORTFOLIO_STATES),
        date,
        fc.option(date),
        fc.option(date),
        date,
        (state, start, by, ext, today) => {
          const due = stepDueOn(state, start, by, ext)
          if (FINAL_STATES.includes(state)) assert.equal(due, null)
          const plain = stepDueOn(state, start, by, null)
          if (due !== null && plain !== null) {
            assert.ok(due >= plain)
            if (state !== 'resubmit') assert.ok(plain > start)
            const reminder = stepReminderDue(due, today)
            if (today > due) assert.equal(reminder, null)
            if (reminder !== null) assert.ok([14, 3, 0].includes(reminder))
          }
        },
      ),
    )
  })
})
