// How a credential's catalogue status follows the process: agreement, submission, decision,
// periodic review and withdrawal. Pure; the services ask it before they change anything.
import type { CredentialStatus } from './catalogue.ts'
import type { Decision } from './specification-lifecycle.ts'

export type CredentialEvent =
  | { type: 'start_version' }
  | { type: 'submit_version' }
  | { type: 'decide'; outcome: Decision; recognition: boolean }
  | { type: 'open_periodic_review' }
  | { type: 'withdraw' }

/** How a periodic review closes: a new version is started, or the credential is withdrawn. */
export type PeriodicReviewOutcome = 'new_version' | 'withdrawn'

export type StatusOutcome = { ok: true; status: CredentialStatus } | { ok: false; reason: string }

/** Statuses of a credential whose specification is published and in force. */
export const IN_FORCE: readonly CredentialStatus[] = ['endorsed', 'in_delivery', 'recognised']

const refuse = (reason: string): StatusOutcome => ({ ok: false, reason })

/**
 * The status after an event, or why the event cannot happen to a credential in this status.
 * `reviewing` says whether a periodic review is open, which decides where a decision leads.
 */
export function nextStatus(
  status: CredentialStatus,
  event: CredentialEvent,
  reviewing = false,
): StatusOutcome {
  if (status === 'withdrawn') {
    return refuse('This credential has been withdrawn, so nothing more can be done to it')
  }
  switch (event.type) {
    case 'start_version':
      // A new version of an endorsed specification comes through periodic review.
      if (IN_FORCE.includes(status)) {
        return refuse('Open a periodic review to start a new version of an endorsed specification')
      }
      return { ok: true, status: status === 'periodic_review' ? status : 'in_development' }

    case 'submit_version':
      return { ok: true, status: status === 'periodic_review' ? status : 'under_review' }

    case 'decide': {
      const endorsed = event.outcome === 'endorse' || event.outcome === 'endorse_with_conditions'
      if (endorsed) return { ok: true, status: event.recognition ? 'recognised' : 'endorsed' }
      // A version that fails periodic review leaves the endorsed one in force while under review.
      if (reviewing) return { ok: true, status: 'periodic_review' }
      return { ok: true, status: event.outcome === 'revise_and_resubmit' ? 'in_development' : 'tbc' }
    }

    case 'open_periodic_review':
      if (reviewing) return refuse('A periodic review of this credential is already open')
      if (!IN_FORCE.includes(status))
        return refuse('Only an endorsed or recognised credential has periodic reviews')
      return { ok: true, status: 'periodic_review' }

    case 'withdraw':
      if (!IN_FORCE.includes(status) && status !== 'periodic_review') {
        return refuse('Only a credential with a published specification can be withdrawn')
      }
      return { ok: true, status: 'withdrawn' }
  }
}

/** The date the next periodic review falls due, from the day of publication. */
export function nextReviewDue(publishedOn: string, intervalMonths: number): string {
  const [year = NaN, month = NaN, day = NaN] = publishedOn.split('-').map(Number)
  const target = new Date(Date.UTC(year, month - 1 + intervalMonths, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, lastDay))
  return target.toISOString().slice(0, 10)
}

/** Reminders go out this many days before a periodic review falls due. */
export const REMINDER_DAYS = [90, 30, 7] as const

export const DEFAULT_REVIEW_INTERVAL_MONTHS = 36

export type ReviewUrgency = 'overdue' | 'due' | 'later'

/** Overdue after the date; "due" within the first reminder's notice period. */
export function reviewUrgency(dueOn: string, today: string): ReviewUrgency {
  if (dueOn < today) return 'overdue'
  const days = (Date.parse(dueOn) - Date.parse(today)) / 86_400_000
  return days <= REMINDER_DAYS[0] ? 'due' : 'later'
}

/** The reminder (days before) owed today for a due date, if any: the nearest period entered. */
export function reminderOwed(dueOn: string, today: string): number | null {
  const days = Math.round((Date.parse(dueOn) - Date.parse(today)) / 86_400_000)
  if (days < 0) return null
  const entered = REMINDER_DAYS.filter((d) => days <= d)
  return entered.length ? Math.min(...entered) : null
}
