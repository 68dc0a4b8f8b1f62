// How a credential's catalogue status follows the process: agreement, submission, decision,
// periodic review and withdrawal. Pure; the services ask it before they change anything.
// Recognition assesses another body's credential, which already exists: it is never "in
// development", however often it is revised, so it waits as "TBC" until it is recognised.
import type { CredentialStatus } from './catalogue.ts'
import type { Decision } from './specification-lifecycle.ts'
import { countOf } from './numbers.ts'

export type CredentialEvent =
  | { type: 'start_version'; recognition?: boolean }
  | { type: 'submit_version' }
  | { type: 'decide'; outcome: Decision; recognition: boolean }
  | { type: 'open_periodic_review' }
  | { type: 'withdraw' }

/** How a periodic review closes: a new version is started, or the credential is withdrawn. */
export type PeriodicReviewOutcome = 'new_version' | 'withdrawn'

export type StatusOutcome = { ok: true; status: CredentialStatus } | { ok: false; reason: string }

/** Statuses of a credential the Centre is still developing: never those of a recognition. */
export const DEVELOPMENT_STATUSES: readonly CredentialStatus[] = [
  'exploration_phase',
  'to_be_commissioned',
  'to_be_reviewed',
  'in_development',
  'due',
]

/** The status of an application for recognition until it is recognised. */
export const RECOGNITION_PENDING: CredentialStatus = 'tbc'

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
      if (status === 'periodic_review') return { ok: true, status }
      return { ok: true, status: event.recognition ? RECOGNITION_PENDING : 'in_development' }

    case 'submit_version':
      return { ok: true, status: status === 'periodic_review' ? status : 'under_review' }

    case 'decide': {
      const endorsed = event.outcome === 'endorse' || event.outcome === 'endorse_with_conditions'
      if (endorsed) return { ok: true, status: event.recognition ? 'recognised' : 'endorsed' }
      // A version that fails periodic review leaves the endorsed one in force while under review.
      if (reviewing) return { ok: true, status: 'periodic_review' }
      if (event.recognition) return { ok: true, status: RECOGNITION_PENDING }
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

/** Reminders go out this many days before a periodic review falls due (then on the day, then monthly). */
export const REMINDER_DAYS = [90, 30, 7] as const

export const DEFAULT_REVIEW_INTERVAL_MONTHS = 36

export type ReviewUrgency = 'overdue' | 'due' | 'later'

const DAY_MS = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)

/** Overdue after the date; "due" within the first reminder's notice period. */
export function reviewUrgency(dueOn: string, today: string): ReviewUrgency {
  if (dueOn < today) return 'overdue'
  return daysBetween(today, dueOn) <= REMINDER_DAYS[0] ? 'due' : 'later'
}

/**
 * One reminder of a periodic review: some days before it falls due, on the day, or each month
 * after it while it stays overdue. `on` is the day it is owed from.
 */
export type ReviewReminder =
  | { kind: 'before'; on: string; daysBefore: number }
  | { kind: 'due'; on: string }
  | { kind: 'overdue'; on: string; monthsOverdue: number }

/**
 * The reminder's key among those of one due date: days from the reminder's day to the due date
 * (90, 30, 7 before; 0 on the day; negative after). Each reminder is sent once per key.
 */
export function reminderKey(dueOn: string, reminder: ReviewReminder): number {
  return daysBetween(reminder.on, dueOn)
}

/** Whole calendar months from `from` to `to` (a month is complete on the same day of the month, or the month's last day). */
export function monthsBetween(from: string, to: string): number {
  const [fy = 0, fm = 0] = from.split('-').map(Number)
  const [ty = 0, tm = 0] = to.split('-').map(Number)
  let months = (ty - fy) * 12 + (tm - fm)
  while (months > 0 && nextReviewDue(from, months) > to) months--
  return Math.max(months, 0)
}

/**
 * The reminder owed on `today` for a review due on `dueOn`: the latest whose day has come —
 * 90, 30 or 7 days before, on the day, or the latest monthly one after it. Null more than
 * 90 days before. A run that missed a day catches up with the latest only, never a backlog.
 */
export function reminderDue(dueOn: string, today: string): ReviewReminder | null {
  const before = daysBetween(today, dueOn)
  if (before > 0) {
    const entered = REMINDER_DAYS.filter((d) => before <= d)
    if (!entered.length) return null
    const daysBefore = Math.min(...entered)
    return { kind: 'before', on: addCalendarDays(dueOn, -daysBefore), daysBefore }
  }
  const months = monthsBetween(dueOn, today)
  if (months === 0) return { kind: 'due', on: dueOn }
  return { kind: 'overdue', on: nextReviewDue(dueOn, months), monthsOverdue: months }
}

function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** How long a review has been overdue, in words: "3 days", "2 weeks", "5 months", "1 year and 2 months". */
export function overdueInWords(dueOn: string, today: string): string {
  const months = monthsBetween(dueOn, today)
  if (months === 0) {
    const days = Math.max(daysBetween(dueOn, today), 0)
    return days < 14 ? countOf(days, 'day') : countOf(Math.floor(days / 7), 'week')
  }
  const years = Math.floor(months / 12)
  const rest = months % 12
  if (!years) return countOf(months, 'month')
  return rest ? `${countOf(years, 'year')} and ${countOf(rest, 'month')}` : countOf(years, 'year')
}
