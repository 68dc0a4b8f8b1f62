// The Centre's check of a proposal as a rubric: a Centre admin judges each gateway criterion of
// the version the proposal answered (met, partly met or not met) with a reason, and the proposal
// goes to the Credential Group only once every criterion is judged on the submission in front of
// them. A judgement made on an earlier submission stays on the record, marked as such, but does
// not count: the author may have changed the answer since.
import type { Judgement } from './specification-lifecycle.ts'
import type { StateWord } from './tag-colours.ts'

export type { Judgement }

export const JUDGEMENTS: readonly Judgement[] = ['met', 'partly_met', 'not_met']

/** A judgement as a person reads it, with its tag colour: gateway checks and reviews alike. */
export const JUDGEMENT_WORDS: Record<Judgement, StateWord> = {
  met: { text: 'Met', colour: 'green' },
  partly_met: { text: 'Partly met', colour: 'yellow' },
  not_met: { text: 'Not met', colour: 'red' },
}

export const isJudgement = (value: unknown): value is Judgement => JUDGEMENTS.some((j) => j === value)

/** How long a reason may be: as long as the proposal's own answers. */
export const MAX_REASON = 10_000

/** A Centre admin's judgement of one gateway criterion of a proposal. */
export interface GatewayJudgement {
  code: string
  judgement: Judgement
  reason: string
  /** The submission it was made on: 1 for the first, 2 once resubmitted after a return… */
  submission: number
}

/** Whether a judgement counts for the submission being checked: made on it, with a reason. */
export function judgementCounts(judgement: GatewayJudgement | undefined, submission: number): boolean {
  return judgement !== undefined && judgement.submission === submission && judgement.reason.trim() !== ''
}

/**
 * The criteria of the version still to judge on this submission, in the version's order: those
 * with no judgement, a judgement made on an earlier submission, or no reason.
 */
export function unjudgedCriteria(
  codes: readonly string[],
  judgements: readonly GatewayJudgement[],
  submission: number,
): string[] {
  return codes.filter(
    (code) =>
      !judgementCounts(
        judgements.find((j) => j.code === code),
        submission,
      ),
  )
}

/** Ready for the Credential Group: every criterion of the version judged on this submission. */
export function gatewayReady(
  codes: readonly string[],
  judgements: readonly GatewayJudgement[],
  submission: number,
): boolean {
  return unjudgedCriteria(codes, judgements, submission).length === 0
}

/** Why the proposal cannot go to the group yet, naming the criteria still to judge. */
export function unjudgedMessage(unjudged: readonly string[]): string {
  const list = unjudged.join(', ')
  return unjudged.length === 1
    ? `Judge gateway criterion ${list} before you put the proposal to the Credential Group`
    : `Judge every gateway criterion before you put the proposal to the Credential Group: ${list} are not judged yet`
}

/** A criterion's judgement as one line of an e-mail: "G1 (Met): the reason". */
export function judgementLine(code: string, judgement: GatewayJudgement | undefined, submission: number) {
  if (!judgement || !judgementCounts(judgement, submission)) return `${code}: not judged`
  return `${code} (${JUDGEMENT_WORDS[judgement.judgement].text}): ${judgement.reason.trim()}`
}
