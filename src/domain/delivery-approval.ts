// Whether a delivery was approved on the date of an award, from the delivery's state history
// rather than its state now: an award dated before the approval, or while the delivery was
// suspended, withdrawn or declined, was not made under an approval. Pure: no I/O.
//
// Award dates are calendar dates in Europe/London; a change of state takes effect on the
// London day of its instant. The boundaries:
// - the day approval (or reinstatement) took effect counts as approved, whatever its hour;
// - the day a suspension, withdrawal or decline took effect does not, whatever its hour: an
//   award dated that day is refused;
// - a day on which approval ended and was given again (suspended and reinstated the same
//   day) does not count either: approval counts again from the next day.
import { londonDay, longDate } from './dates.ts'
import { DELIVERY_STATE_LABELS, type DeliveryState } from './providers.ts'

export interface DeliveryStateChange {
  state: DeliveryState
  effectiveAt: Date
}

/** Days (YYYY-MM-DD, London) on which a delivery was approved: from `from`, up to but not including `until`. */
export interface ApprovalPeriod {
  from: string
  /** The first day no longer approved; null while the approval lasts. */
  until: string | null
  /** The state that ended the period, when one did. */
  endedBy: DeliveryState | null
}

const isApproved = (state: DeliveryState) => state === 'approved' || state === 'approved_with_conditions'

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

/**
 * The periods in which the delivery was approved, oldest first. Changes may come in any
 * order; those at the same instant keep the order they were given in.
 */
export function approvalPeriods(changes: readonly DeliveryStateChange[]): ApprovalPeriod[] {
  const ordered = [...changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())
  const periods: ApprovalPeriod[] = []
  let openFrom: string | null = null
  let lastEnded: string | null = null
  for (const change of ordered) {
    const day = londonDay(change.effectiveAt)
    if (isApproved(change.state)) {
      // Approved again on the day approval ended: that day stays refused.
      if (openFrom === null) openFrom = lastEnded === day ? nextDay(day) : day
    } else if (openFrom !== null) {
      if (openFrom < day) periods.push({ from: openFrom, until: day, endedBy: change.state })
      openFrom = null
      lastEnded = day
    }
  }
  if (openFrom !== null) periods.push({ from: openFrom, until: null, endedBy: null })
  return periods
}

/** Whether an award dated `awardedOn` (YYYY-MM-DD, London) falls inside an approval. */
export function wasApprovedOn(changes: readonly DeliveryStateChange[], awardedOn: string): boolean {
  return approvalPeriods(changes).some(
    (p) => p.from <= awardedOn && (p.until === null || awardedOn < p.until),
  )
}

const ENDED_WORDS: Record<DeliveryState, string> = {
  applied: 'sent back for a decision',
  approved: 'approved',
  approved_with_conditions: 'approved with conditions',
  declined: 'declined',
  suspended: 'suspended',
  withdrawn: 'withdrawn',
}

const endedWords = (state: DeliveryState | null) =>
  state ? ENDED_WORDS[state] : DELIVERY_STATE_LABELS.suspended.toLowerCase()

/**
 * Why an award dated `awardedOn` was not made under an approval of the delivery, in the words
 * of the award forms ("Date of the award must be …"); null when it was.
 */
export function approvalProblem(changes: readonly DeliveryStateChange[], awardedOn: string): string | null {
  const periods = approvalPeriods(changes)
  const first = periods[0]
  if (!first) return 'The delivery has never been approved, so it cannot make awards'
  if (awardedOn < first.from)
    return `Date of the award must be on or after ${longDate(first.from)}, when the delivery was approved`
  for (const [i, period] of periods.entries()) {
    if (period.until === null || awardedOn < period.until) {
      if (period.from <= awardedOn) return null
      continue
    }
    const next = periods[i + 1]
    if (next && awardedOn >= next.from) continue
    const ended = `${longDate(period.until)}, when the delivery was ${endedWords(period.endedBy)}`
    return next
      ? `Date of the award must be before ${ended}, or on or after ${longDate(next.from)}, when it was approved again`
      : `Date of the award must be before ${ended}`
  }
  return null
}

/** What an award's date is checked against: the delivery, and the day it is now in London. */
export interface AwardDateContext {
  /** Today in Europe/London (YYYY-MM-DD). */
  today: string
  /** The delivery's start date (YYYY-MM-DD). */
  startDate: string
  /** The delivery's state history. */
  history: readonly DeliveryStateChange[]
}

/**
 * Why an award cannot be dated `awardedOn` (a real YYYY-MM-DD date), or null when it can: the
 * one rule for the single award form, a CSV upload and the API. The date must be today or in
 * the past, on or after the delivery's start date, and inside an approval of the delivery.
 */
export function awardDateProblem(awardedOn: string, context: AwardDateContext): string | null {
  if (awardedOn > context.today) return 'Date of the award must be today or in the past'
  if (awardedOn < context.startDate)
    return `Date of the award must be on or after ${longDate(context.startDate)}, when the delivery started`
  return approvalProblem(context.history, awardedOn)
}
