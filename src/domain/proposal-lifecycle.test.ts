import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  applyToProposal,
  GROUP_OUTCOMES,
  PROPOSAL_STATES,
  PROPOSAL_TRANSITIONS,
  proposalMissing,
  proposalStateLabel,
  type Actor,
  type ProposalAction,
  type ProposalDraft,
  type ProposalRecord,
  type ProposalState,
} from './proposal-lifecycle.ts'

const AUTHOR: Actor = { id: 'author', roles: ['specification_author'] }
const OTHER_AUTHOR: Actor = { id: 'other', roles: ['specification_author'] }
const ADMIN: Actor = { id: 'admin', roles: ['centre_admin'] }
const MEMBER: Actor = { id: 'member', roles: ['credential_group_member'] }
/** The author, who is also in the Credential Group. */
const AUTHOR_MEMBER: Actor = { id: 'author', roles: ['specification_author', 'credential_group_member'] }
const PRACTITIONER: Actor = { id: 'pat', roles: ['practitioner'] }
/** The author, who is also a Centre admin. */
const AUTHOR_ADMIN: Actor = { id: 'author', roles: ['specification_author', 'centre_admin'] }

const record = (state: ProposalState, missing: string[] = []): ProposalRecord => ({
  state,
  authorId: 'author',
  missing,
  unjudged: [],
})
const decide = (overrides: Partial<Extract<ProposalAction, { type: 'decide' }>> = {}): ProposalAction => ({
  type: 'decide',
  outcome: 'agree',
  reason: 'A clear need',
  participants: ['member'],
  expected: { season: 'autumn', year: 2027 },
  ...overrides,
})

function refusal(rec: ProposalRecord, actor: Actor, action: ProposalAction): string {
  const outcome = applyToProposal(rec, actor, action)
  assert.equal(outcome.ok, false, `${action.type} by ${actor.id} in ${rec.state} should be refused`)
  return outcome.ok ? '' : outcome.reason
}
function stateAfter(rec: ProposalRecord, actor: Actor, action: ProposalAction): ProposalState {
  const outcome = applyToProposal(rec, actor, action)
  if (!outcome.ok) assert.fail(`${action.type} refused: ${outcome.reason}`)
  return outcome.record.state
}

describe('the proposal lifecycle', () => {
  it('goes from draft to agreed: submitted, checked, decided', () => {
    let rec = record('draft')
    rec = { ...rec, state: stateAfter(rec, AUTHOR, { type: 'submit' }) }
    assert.equal(rec.state, 'submitted')
    rec = { ...rec, state: stateAfter(rec, ADMIN, { type: 'send_to_group' }) }
    assert.equal(rec.state, 'with_group')
    assert.equal(stateAfter(rec, MEMBER, decide()), 'agreed')
    assert.equal(stateAfter(rec, ADMIN, decide({ outcome: 'decline', expected: null })), 'declined')
    assert.equal(stateAfter(rec, MEMBER, decide({ outcome: 'defer', expected: null })), 'deferred')
  })

  it('returns a proposal with a note, which the author changes and submits again', () => {
    assert.equal(
      refusal(record('submitted'), ADMIN, { type: 'return', note: '  ' }),
      'Enter what the author needs to change',
    )
    assert.equal(
      stateAfter(record('submitted'), ADMIN, { type: 'return', note: 'More evidence' }),
      'returned',
    )
    assert.equal(stateAfter(record('returned'), AUTHOR, { type: 'edit' }), 'returned')
    assert.equal(stateAfter(record('returned'), AUTHOR, { type: 'submit' }), 'submitted')
  })

  it('lets only the author edit or submit, and only before submission or when returned', () => {
    assert.equal(
      refusal(record('draft'), OTHER_AUTHOR, { type: 'edit' }),
      'Only the author can change this proposal',
    )
    assert.equal(
      refusal(record('draft'), ADMIN, { type: 'submit' }),
      'Only the author can submit this proposal',
    )
    for (const state of ['submitted', 'with_group', 'agreed', 'declined', 'deferred'] as const) {
      assert.match(refusal(record(state), AUTHOR, { type: 'edit' }), /only be changed before it is submitted/)
      assert.equal(
        refusal(record(state), AUTHOR, { type: 'submit' }),
        'This proposal has already been submitted',
      )
    }
  })

  it('refuses an incomplete submission, saying what is missing', () => {
    assert.equal(
      refusal(record('draft', ['Enter the evidence of need', 'Answer gateway criterion G2']), AUTHOR, {
        type: 'submit',
      }),
      'The proposal is not complete: Enter the evidence of need; Answer gateway criterion G2',
    )
  })

  it('lets only Centre admins check, and only a submitted proposal', () => {
    for (const actor of [AUTHOR, MEMBER, PRACTITIONER])
      assert.equal(
        refusal(record('submitted'), actor, { type: 'send_to_group' }),
        'Only Centre admins check proposals',
      )
    for (const state of ['draft', 'returned', 'with_group', 'agreed'] as const)
      assert.equal(
        refusal(record(state), ADMIN, { type: 'send_to_group' }),
        'Only a proposal awaiting its check can be checked',
      )
    assert.equal(
      refusal(record('submitted'), AUTHOR_ADMIN, { type: 'send_to_group' }),
      'You wrote this proposal, so another Centre admin checks it',
    )
    assert.equal(
      refusal(record('deferred'), AUTHOR_ADMIN, { type: 'reconsider' }),
      'You wrote this proposal, so another Centre admin puts it back to the group',
    )
  })

  it("keeps the group's decision to members and admins, never the author", () => {
    const withGroup = record('with_group')
    assert.equal(
      refusal(withGroup, AUTHOR, decide()),
      "Only Credential Group members and Centre admins record the group's decision",
    )
    assert.equal(
      refusal(withGroup, AUTHOR_MEMBER, decide()),
      "You proposed this credential, so someone else records the group's decision",
    )
    assert.equal(
      refusal(withGroup, MEMBER, decide({ participants: ['member', 'author'] })),
      'The author of the proposal cannot take part in the decision on it',
    )
    assert.equal(
      refusal(record('submitted'), MEMBER, decide()),
      'This proposal is not with the Credential Group',
    )
    assert.equal(refusal(withGroup, MEMBER, decide({ reason: ' ' })), 'Enter the reasons for the decision')
    assert.equal(
      refusal(withGroup, MEMBER, decide({ participants: [] })),
      'Select who took part in the decision',
    )
    assert.equal(
      refusal(withGroup, MEMBER, decide({ expected: null })),
      'Enter the season and year the specification is expected',
    )
  })

  it('lets only admins put a deferred proposal back to the group', () => {
    assert.equal(stateAfter(record('deferred'), ADMIN, { type: 'reconsider' }), 'with_group')
    assert.equal(
      refusal(record('deferred'), MEMBER, { type: 'reconsider' }),
      'Only Centre admins put a proposal back to the group',
    )
    assert.equal(
      refusal(record('declined'), ADMIN, { type: 'reconsider' }),
      'Only a deferred proposal can go back to the group',
    )
  })

  it('has a label for every state', () => {
    for (const state of PROPOSAL_STATES) assert.ok(proposalStateLabel(state).length > 0)
  })

  it('never leaves the listed transitions, whatever anyone tries (property)', () => {
    const actors = [AUTHOR, OTHER_AUTHOR, ADMIN, MEMBER, AUTHOR_MEMBER, PRACTITIONER]
    const action: fc.Arbitrary<ProposalAction> = fc.oneof(
      fc.constant<ProposalAction>({ type: 'edit' }),
      fc.constant<ProposalAction>({ type: 'submit' }),
      fc.constant<ProposalAction>({ type: 'send_to_group' }),
      fc.constant<ProposalAction>({ type: 'reconsider' }),
      fc.string().map((note): ProposalAction => ({ type: 'return', note })),
      fc
        .record({
          outcome: fc.constantFrom(...GROUP_OUTCOMES),
          reason: fc.constantFrom('', '  ', 'Because'),
          participants: fc.subarray(['member', 'author', 'admin']),
          expected: fc.constantFrom(null, { season: 'spring' as const, year: 2027 }),
        })
        .map((d): ProposalAction => ({ type: 'decide', ...d })),
    )
    const allowed = new Set(PROPOSAL_TRANSITIONS.map(([from, to]) => `${from}>${to}`))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...actors), action, fc.boolean()), { maxLength: 40 }),
        (steps) => {
          let rec = record('draft')
          for (const [actor, act, complete] of steps) {
            const before = { ...rec, missing: complete ? [] : ['Enter the evidence of need'] }
            const outcome = applyToProposal(before, actor, act)
            if (!outcome.ok) {
              assert.ok(outcome.reason.length > 0)
              continue
            }
            const next = outcome.record
            assert.equal(next.authorId, 'author')
            if (next.state !== before.state) {
              assert.ok(allowed.has(`${before.state}>${next.state}`), `${before.state} to ${next.state}`)
              if (act.type === 'submit')
                assert.equal(before.missing.length, 0, 'only complete proposals are submitted')
              if (act.type === 'decide') {
                assert.notEqual(actor.id, 'author')
                assert.ok(!act.participants.includes('author'))
                if (next.state === 'agreed') assert.ok(act.expected)
              }
            }
            rec = next
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('what a proposal needs before submission', () => {
  const complete: ProposalDraft = {
    title: 'Frailty',
    areaChosen: true,
    need: 'A need',
    targetProfessions: ['Nurse'],
    evidence: 'Evidence',
    gatewayAnswers: { G1: 'Yes', 'G1.1': 'Yes', G2: 'Yes' },
  }

  it('needs nothing when every field and every gateway criterion is answered', () => {
    assert.deepEqual(proposalMissing(complete, ['G1', 'G1.1', 'G2']), [])
  })

  it('lists every gap in the order of the form', () => {
    assert.deepEqual(
      proposalMissing(
        {
          title: ' ',
          areaChosen: false,
          need: '',
          targetProfessions: [],
          evidence: '',
          gatewayAnswers: { G1: '  ', G2: 'Yes' },
        },
        ['G1', 'G2', 'G3'],
      ),
      [
        'Enter the title of the credential',
        'Select the clinical area',
        'Describe the need the credential meets',
        'Select at least one target profession',
        'Enter the evidence of need',
        'Answer gateway criterion G1',
        'Answer gateway criterion G3',
      ],
    )
  })
})
