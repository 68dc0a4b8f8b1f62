// How a yearly quality return arrived, for the delivery dashboard: on time, late, or with
// concerns. One verdict per return, so a year's returns add up to the returns of that year.
import type { ReturnState } from './providers.ts'

export const RETURN_VERDICTS = ['on_time', 'late', 'with_concerns', 'not_yet_due'] as const
export type ReturnVerdict = (typeof RETURN_VERDICTS)[number]
export const RETURN_VERDICT_LABELS: Record<ReturnVerdict, string> = {
  on_time: 'On time',
  late: 'Late',
  with_concerns: 'With concerns',
  not_yet_due: 'Not yet due',
}

export interface ReturnFacts {
  /** The day it was due, YYYY-MM-DD. */
  dueOn: string
  state: ReturnState
  /** The London day it was first submitted; a resubmission after a concern does not move it. */
  firstSubmittedOn: string | null
  /** Whether the Centre has ever raised a concern about it, even one since answered. */
  concernRaised: boolean
}

/**
 * A concern the Centre raised in review outweighs when the return came: the provider's answer
 * matters more than its date. Otherwise a return submitted on or before its due day is on
 * time; one submitted after it, or not submitted once the day has passed, is late; one not
 * submitted whose day has not yet passed is not yet due.
 */
export function returnVerdict(facts: ReturnFacts, today: string): ReturnVerdict {
  if (facts.concernRaised || facts.state === 'concern_raised') return 'with_concerns'
  if (facts.firstSubmittedOn !== null) return facts.firstSubmittedOn <= facts.dueOn ? 'on_time' : 'late'
  return facts.dueOn < today ? 'late' : 'not_yet_due'
}
