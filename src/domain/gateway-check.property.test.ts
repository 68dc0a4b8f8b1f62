// The Centre's check as a rubric: random versions of the gateway criteria against random
// judgements (some without a reason, some made on an earlier submission, some of criteria the
// version does not hold). The proposal is ready for the Credential Group exactly when every
// criterion of the version has a judgement with a reason made on this submission, and the state
// machine puts it to the group on exactly that condition.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  gatewayReady,
  JUDGEMENT_WORDS,
  JUDGEMENTS,
  judgementLine,
  unjudgedCriteria,
  unjudgedMessage,
  type GatewayJudgement,
} from './gateway-check.ts'
import { applyToProposal, PROPOSAL_STATES, type Actor, type ProposalRecord } from './proposal-lifecycle.ts'

const CODES = ['G1', 'G1.1', 'G2', 'G3', 'G4', 'E1']
const version = fc
  .subarray(CODES, { minLength: 1 })
  .chain((codes) => fc.shuffledSubarray(codes, { minLength: codes.length }))
const reason = fc.constantFrom('', '   ', '\n', 'The answer shows a regional workforce gap.')
const judgement: fc.Arbitrary<GatewayJudgement> = fc.record({
  code: fc.constantFrom(...CODES),
  judgement: fc.constantFrom(...JUDGEMENTS),
  reason,
  submission: fc.integer({ min: 1, max: 3 }),
})
/** At most one judgement a criterion, as the table keeps them. */
const judgements = fc.uniqueArray(judgement, { selector: (j) => j.code, maxLength: CODES.length })

const ADMIN: Actor = { id: 'admin', roles: ['centre_admin'] }
const AUTHOR_ADMIN: Actor = { id: 'author', roles: ['specification_author', 'centre_admin'] }
const MEMBER: Actor = { id: 'member', roles: ['credential_group_member'] }
const AUTHOR: Actor = { id: 'author', roles: ['specification_author'] }

describe('the gateway as a rubric', () => {
  it('is ready exactly when every criterion of the version is judged with a reason on this submission (property)', () => {
    fc.assert(
      fc.property(version, judgements, fc.integer({ min: 1, max: 3 }), (codes, js, submission) => {
        const expected = codes.every((code) =>
          js.some((j) => j.code === code && j.submission === submission && j.reason.trim() !== ''),
        )
        assert.equal(gatewayReady(codes, js, submission), expected)
        const unjudged = unjudgedCriteria(codes, js, submission)
        // The unjudged are the version's own criteria, in its order, and none of them is judged.
        assert.deepEqual(
          unjudged,
          codes.filter((c) => unjudged.includes(c)),
        )
        for (const code of codes) {
          const counted = js.some(
            (j) => j.code === code && j.submission === submission && j.reason.trim() !== '',
          )
          assert.equal(unjudged.includes(code), !counted, code)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('judgements of criteria the version does not hold change nothing (property)', () => {
    fc.assert(
      fc.property(version, judgements, (codes, js) => {
        const own = js.filter((j) => codes.includes(j.code))
        assert.deepEqual(unjudgedCriteria(codes, js, 1), unjudgedCriteria(codes, own, 1))
      }),
    )
  })

  it('puts the proposal to the group only when nothing is unjudged, and lets it be returned at any time (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROPOSAL_STATES),
        fc.constantFrom(ADMIN, AUTHOR_ADMIN, MEMBER, AUTHOR),
        version,
        judgements,
        (state, actor, codes, js) => {
          const unjudged = unjudgedCriteria(codes, js, 1)
          const record: ProposalRecord = { state, authorId: 'author', missing: [], unjudged }
          const checker = actor === ADMIN && state === 'submitted'
          const sent = applyToProposal(record, actor, { type: 'send_to_group' })
          assert.equal(sent.ok, checker && gatewayReady(codes, js, 1))
          if (checker && !sent.ok) for (const code of unjudged) assert.ok(sent.reason.includes(code), code)
          const returned = applyToProposal(record, actor, { type: 'return', note: 'Say more' })
          assert.equal(returned.ok, checker)
          const judged = applyToProposal(record, actor, {
            type: 'judge',
            criterion: codes[0] ?? 'G1',
            judgement: 'met',
            reason: 'Clear',
          })
          assert.equal(judged.ok, checker)
          if (judged.ok) assert.equal(judged.record.state, 'submitted')
        },
      ),
      { numRuns: 500 },
    )
  })

  it('refuses a judgement without a reason', () => {
    const record: ProposalRecord = { state: 'submitted', authorId: 'author', missing: [], unjudged: ['G1'] }
    const outcome = applyToProposal(record, ADMIN, {
      type: 'judge',
      criterion: 'G1',
      judgement: 'met',
      reason: ' ',
    })
    assert.deepEqual(outcome, { ok: false, reason: 'Enter the reason for your judgement' })
  })

  it('names the criteria still to judge, and says each judgement in the words of the tags', () => {
    assert.equal(
      unjudgedMessage(['G2']),
      'Judge gateway criterion G2 before you put the proposal to the Credential Group',
    )
    assert.equal(
      unjudgedMessage(['G1.1', 'G3']),
      'Judge every gateway criterion before you put the proposal to the Credential Group: G1.1, G3 are not judged yet',
    )
    assert.deepEqual(
      JUDGEMENTS.map((j) => JUDGEMENT_WORDS[j].text),
      ['Met', 'Partly met', 'Not met'],
    )
    const j = (submission: number): GatewayJudgement => ({
      code: 'G2',
      judgement: 'partly_met',
      reason: ' Costs are not given. ',
      submission,
    })
    assert.equal(judgementLine('G2', j(2), 2), 'G2 (Partly met): Costs are not given.')
    assert.equal(judgementLine('G2', j(1), 2), 'G2: not judged')
    assert.equal(judgementLine('G2', undefined, 1), 'G2: not judged')
  })
})
