// A proposal for a new credential, from the author's draft to the Credential Group's
// decision, as a pure state machine. Like the version lifecycle, each action names who may
// take it and what it needs, and a refused action leaves the record as it was.
import type { Role } from './accounts.ts'
import type { Due } from './catalogue.ts'
import { unjudgedMessage, type Judgement } from './gateway-check.ts'

export const PROPOSAL_STATES = [
  'draft',
  'submitted',
  'returned',
  'with_group',
  'agreed',
  'declined',
  'deferred',
] as const
export type ProposalState = (typeof PROPOSAL_STATES)[number]

export const GROUP_OUTCOMES = ['agree', 'decline', 'defer'] as const
export type GroupOutcome = (typeof GROUP_OUTCOMES)[number]

const STATE_LABELS: Record<ProposalState, string> = {
  draft: 'Draft',
  submitted: 'Awaiting check',
  returned: 'Returned to author',
  with_group: 'With the Credential Group',
  agreed: 'Agreed for development',
  declined: 'Declined',
  deferred: 'Deferred',
}

export function proposalStateLabel(state: ProposalState): string {
  return STATE_LABELS[state]
}

export function isProposalState(value: string): value is ProposalState {
  return PROPOSAL_STATES.some((known) => known === value)
}

export interface ProposalRecord {
  state: ProposalState
  authorId: string
  /** What submission still needs, in plain words. */
  missing: readonly string[]
  /**
   * The gateway criteria of the version not yet judged on this submission (see
   * unjudgedCriteria in gateway-check.ts); the proposal goes to the group only when none are.
   */
  unjudged: readonly string[]
}

export interface Actor {
  id: string
  roles: readonly Role[]
}

export type ProposalAction =
  | { type: 'edit' }
  | { type: 'submit' }
  | { type: 'judge'; criterion: string; judgement: Judgement; reason: string }
  | { type: 'send_to_group' }
  | { type: 'return'; note: string }
  | {
      type: 'decide'
      outcome: GroupOutcome
      reason: string
      participants: readonly string[]
      expected?: Due | null
    }
  | { type: 'reconsider' }

export type ProposalOutcome = { ok: true; record: ProposalRecord } | { ok: false; reason: string }

export const PROPOSAL_TRANSITIONS: ReadonlyArray<readonly [ProposalState, ProposalState]> = [
  ['draft', 'submitted'],
  ['returned', 'submitted'],
  ['submitted', 'with_group'],
  ['submitted', 'returned'],
  ['with_group', 'agreed'],
  ['with_group', 'declined'],
  ['with_group', 'deferred'],
  ['deferred', 'with_group'],
]

const refuse = (reason: string): ProposalOutcome => ({ ok: false, reason })
const isAdmin = (actor: Actor) => actor.roles.includes('centre_admin')

export function applyToProposal(
  record: ProposalRecord,
  actor: Actor,
  action: ProposalAction,
): ProposalOutcome {
  const to = (state: ProposalState): ProposalOutcome => ({ ok: true, record: { ...record, state } })
  switch (action.type) {
    case 'edit':
      if (actor.id !== record.authorId) return refuse('Only the author can change this proposal')
      if (record.state !== 'draft' && record.state !== 'returned') {
        return refuse('A proposal can only be changed before it is submitted, or when it is returned')
      }
      return to(record.state)

    case 'submit':
      if (actor.id !== record.authorId) return refuse('Only the author can submit this proposal')
      if (record.state !== 'draft' && record.state !== 'returned') {
        return refuse('This proposal has already been submitted')
      }
      if (record.missing.length) return refuse(`The proposal is not complete: ${record.missing.join('; ')}`)
      return to('submitted')

    case 'judge':
    case 'send_to_group':
    case 'return':
      if (!isAdmin(actor)) return refuse('Only Centre admins check proposals')
      if (actor.id === record.authorId)
        return refuse('You wrote this proposal, so another Centre admin checks it')
      if (record.state !== 'submitted') return refuse('Only a proposal awaiting its check can be checked')
      if (action.type === 'judge') {
        if (!action.reason.trim()) return refuse('Enter the reason for your judgement')
        return to(record.state)
      }
      if (action.type === 'return') {
        if (!action.note.trim()) return refuse('Enter what the author needs to change')
        return to('returned')
      }
      // Returning is possible at any time of the check; sending needs every criterion judged.
      if (record.unjudged.length) return refuse(unjudgedMessage(record.unjudged))
      return to('with_group')

    case 'decide': {
      if (!actor.roles.includes('credential_group_member') && !isAdmin(actor)) {
        return refuse("Only Credential Group members and Centre admins record the group's decision")
      }
      if (actor.id === record.authorId) {
        return refuse("You proposed this credential, so someone else records the group's decision")
      }
      if (record.state !== 'with_group') return refuse('This proposal is not with the Credential Group')
      if (!action.reason.trim()) return refuse('Enter the reasons for the decision')
      if (!action.participants.length) return refuse('Select who took part in the decision')
      if (action.participants.includes(record.authorId)) {
        return refuse('The author of the proposal cannot take part in the decision on it')
      }
      if (action.outcome === 'agree' && !action.expected) {
        return refuse('Enter the season and year the specification is expected')
      }
      return to(
        action.outcome === 'agree' ? 'agreed' : action.outcome === 'decline' ? 'declined' : 'deferred',
      )
    }

    case 'reconsider':
      if (!isAdmin(actor)) return refuse('Only Centre admins put a proposal back to the group')
      if (actor.id === record.authorId) {
        return refuse('You wrote this proposal, so another Centre admin puts it back to the group')
      }
      if (record.state !== 'deferred') return refuse('Only a deferred proposal can go back to the group')
      return to('with_group')
  }
}

export interface ProposalDraft {
  title: string
  areaChosen: boolean
  need: string
  targetProfessions: readonly string[]
  evidence: string
  /** Answers keyed by gateway criterion code. */
  gatewayAnswers: Readonly<Record<string, string>>
}

/** An answer of a proposal: one of its own fields, or its answer to a gateway criterion. */
export type ProposalAnswer =
  { field: 'title' | 'clinicalArea' | 'need' | 'targetProfessions' | 'evidence' } | { criterion: string }

/** What a proposal needs before submission, each on the answer it is about. */
export function proposalGaps(
  draft: ProposalDraft,
  gatewayCodes: readonly string[],
): Array<{ answer: ProposalAnswer; text: string }> {
  const gaps: Array<{ answer: ProposalAnswer; text: string }> = []
  if (!draft.title.trim())
    gaps.push({ answer: { field: 'title' }, text: 'Enter the title of the credential' })
  if (!draft.areaChosen) gaps.push({ answer: { field: 'clinicalArea' }, text: 'Select the clinical area' })
  if (!draft.need.trim())
    gaps.push({ answer: { field: 'need' }, text: 'Describe the need the credential meets' })
  if (!draft.targetProfessions.length)
    gaps.push({ answer: { field: 'targetProfessions' }, text: 'Select at least one target profession' })
  if (!draft.evidence.trim()) gaps.push({ answer: { field: 'evidence' }, text: 'Enter the evidence of need' })
  for (const code of gatewayCodes) {
    if (!draft.gatewayAnswers[code]?.trim())
      gaps.push({ answer: { criterion: code }, text: `Answer gateway criterion ${code}` })
  }
  return gaps
}

/** What a proposal needs before submission: every field and an answer to each gateway criterion. */
export function proposalMissing(draft: ProposalDraft, gatewayCodes: readonly string[]): string[] {
  return proposalGaps(draft, gatewayCodes).map((g) => g.text)
}
