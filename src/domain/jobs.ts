// The rules of the job queue, without a database: which states a job moves between, how long
// it waits before another attempt, and when it is given up as dead. The repository
// (src/repositories/jobs.ts) applies them in SQL; the property test checks them here.

import type { StateWord } from './tag-colours.ts'

export const JOB_STATES = ['queued', 'running', 'done', 'dead'] as const
export type JobState = (typeof JOB_STATES)[number]

export const JOB_STATE_WORDS: Record<JobState, StateWord> = {
  queued: { text: 'Waiting', colour: 'yellow' },
  running: { text: 'Running', colour: 'blue' },
  done: { text: 'Done', colour: 'green' },
  dead: { text: 'Stopped trying', colour: 'red' },
}

/** Every kind of job, with what it does. */
export const JOB_KINDS = {
  'award-import': 'Award upload',
  mail: 'Sending email',
  housekeeping: 'Housekeeping',
  reminders: 'Reminders',
  'consultation-notices': 'Consultation e-mails',
  statistics: 'Dashboard figures',
} as const
export type JobKind = keyof typeof JOB_KINDS

export const isJobKind = (value: string): value is JobKind => Object.hasOwn(JOB_KINDS, value)

/** Queued and running jobs are live: at most one live job holds an idempotency key. */
export const LIVE_STATES: readonly JobState[] = ['queued', 'running']

export const isJobState = (value: string): value is JobState => JOB_STATES.some((known) => known === value)

/**
 * The moves a job can make:
 * - queued → running: a worker claims it, leased for a while;
 * - running → done: its handler finished (a recurring job goes back to queued instead);
 * - running → queued: its handler failed with attempts left, or its lease ran out (the worker
 *   died or hung), or its worker stopped and released it;
 * - running → dead: its handler failed, or its lease ran out, on the last attempt;
 * - dead → queued: an admin tried it again.
 */
const MOVES: Record<JobState, readonly JobState[]> = {
  queued: ['running'],
  running: ['done', 'queued', 'dead'],
  done: [],
  dead: ['queued'],
}

export function canMove(from: JobState, to: JobState): boolean {
  return MOVES[from].includes(to)
}

export interface BackoffPolicy {
  /** Seconds before the second attempt. */
  baseSeconds: number
  /** The longest wait between attempts. */
  capSeconds: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 10, capSeconds: 3600 }
export const DEFAULT_MAX_ATTEMPTS = 5

/**
 * Seconds to wait after failed attempt number `attempt` (1 for the first): base, 2 × base,
 * 4 × base … at most the cap. `jitter` (0 to 1, from Math.random) spreads up to a fifth of it
 * over the wait, so that many jobs failing together do not all come back at the same moment.
 */
export function backoffSeconds(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, jitter = 0): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30))
  const plain = Math.min(policy.baseSeconds * 2 ** exponent, policy.capSeconds)
  return Math.round(plain * (1 + Math.min(Math.max(jitter, 0), 1) / 5))
}

export type AfterFailure = { state: 'queued'; retryInSeconds: number } | { state: 'dead' }

/** What becomes of a job whose attempt number `attempt` (counted from 1) failed. */
export function afterFailure(
  attempt: number,
  maxAttempts: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  jitter = 0,
): AfterFailure {
  if (attempt >= maxAttempts) return { state: 'dead' }
  return { state: 'queued', retryInSeconds: backoffSeconds(attempt, policy, jitter) }
}

/** The error as kept on the job: the message (and the start of the stack), at most 2,000 characters. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? (error.stack ?? `${error.name}: ${error.message}`)
      : String(error ?? 'unknown error')
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text
}
