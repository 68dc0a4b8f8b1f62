// The Centre's endorsement of a published version: in force until the Centre withdraws it (no
// award under the version is valid) or ends it (awards up to a day stay valid).
import type { StateWord } from './tag-colours.ts'

export const ENDORSEMENT_STATES = ['active', 'withdrawn', 'ended'] as const
export type EndorsementState = (typeof ENDORSEMENT_STATES)[number]

export const ENDORSEMENT_STATE_WORDS: Record<EndorsementState, StateWord> = {
  active: { text: 'In force', colour: 'green' },
  withdrawn: { text: 'Withdrawn', colour: 'red' },
  ended: { text: 'Ended', colour: 'grey' },
}

/** A withdrawal outweighs an end: an endorsement ended and later withdrawn is withdrawn. */
export function endorsementState(record: {
  withdrawnAt: Date | null
  endedOn: string | null
}): EndorsementState {
  return record.withdrawnAt ? 'withdrawn' : record.endedOn ? 'ended' : 'active'
}
