// The loop that runs jobs (src/services/jobs.ts says how the queue keeps them safe): claims one
// due job of the kinds it has handlers for, runs it while extending its lease, then marks it
// done, queued again after a wait, or dead. `npm run worker` runs it alone; `npm start` runs
// one beside the web server unless WORKER=off.
//
// One job at a time per worker: more workers (processes) run more at once. On PGlite every
// step (take over expired leases, claim, heartbeat, finish) is one short statement, so the web
// requests sharing the one connection never wait behind a running job.
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { inBackground } from '../db/background.ts'
import {
  afterFailure,
  DEFAULT_BACKOFF,
  describeError,
  isJobKind,
  type BackoffPolicy,
} from '../domain/jobs.ts'
import * as repo from '../repositories/jobs.ts'
import { enqueueJob, type JobHandler, type JobKind } from './jobs.ts'

export interface WorkerLog {
  info(details: Record<string, unknown>, message: string): void
  error(details: Record<string, unknown>, message: string): void
}

/** A job that recurs: one live job per kind, queued again `everySeconds` after each success. */
export interface RecurringJob {
  kind: JobKind
  everySeconds: number
  payload?: Record<string, unknown>
}

export interface WorkerOptions {
  /** Names this worker in the job table (locked_by); host, process and a random part unless given. */
  workerId?: string
  /** How long a claimed job is this worker's without a heartbeat (60 s). */
  leaseSeconds?: number
  /** How often the lease is extended while a job runs (10 s). */
  heartbeatSeconds?: number
  /** How long to wait when no job is due (1 s). */
  pollMs?: number
  /** On stop, how long the current job may take to finish before it is aborted and released (20 s). */
  stopGraceMs?: number
  backoff?: BackoffPolicy
  recurring?: readonly RecurringJob[]
  log?: WorkerLog
}

export interface Worker {
  readonly id: string
  start(): void
  /** Stops claiming; lets the current job finish, or aborts and releases it after the grace period. */
  stop(): Promise<void>
  /** Tests: claims and runs one due job, if there is one; true when one ran. */
  runOnce(): Promise<boolean>
}

const silentLog: WorkerLog = { info: () => undefined, error: () => undefined }

/** Resolves after ms, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Whether the promise settled within ms (the timer does not outlive it). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([promise.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}

class StopRequested extends Error {
  constructor() {
    super('The worker is stopping')
  }
}

export function createWorker(
  db: Kysely<Database>,
  // The platform's configuration; the worker's timings are options, so that tests can shorten them.
  _config: Config,
  handlers: Partial<Record<JobKind, JobHandler>>,
  options: WorkerOptions = {},
): Worker {
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const leaseSeconds = options.leaseSeconds ?? 60
  const heartbeatMs = (options.heartbeatSeconds ?? 10) * 1000
  const pollMs = options.pollMs ?? 1000
  const stopGraceMs = options.stopGraceMs ?? 20_000
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const log = options.log ?? silentLog
  const kinds = Object.keys(handlers)
    .filter(isJobKind)
    .filter((k) => handlers[k])
  const recurring = (options.recurring ?? []).filter((r) => handlers[r.kind])

  const stopping = new AbortController()
  let loop: Promise<void> | undefined
  let current: { jobId: string; controller: AbortController; settled: Promise<unknown> } | undefined
  let recurringEnsuredAt = 0

  /** One live job for each recurring kind (made again after one died). */
  async function ensureRecurring(): Promise<void> {
    if (Date.now() - recurringEnsuredAt < 60_000) return
    for (const r of recurring)
      await enqueueJob(db, r.kind, r.payload ?? {}, {
        key: `recurring:${r.kind}`,
        repeatSeconds: r.everySeconds,
      })
    recurringEnsuredAt = Date.now()
  }

  async function runJob(job: repo.JobRow): Promise<void> {
    const handler = handlers[job.kind]
    // Only kinds with a handler are claimed, so a missing one is a programming error.
    if (!handler) throw new Error(`No handler for job kind ${job.kind}`)
    const controller = new AbortController()
    let leaseLost = false
    const heartbeat = async () => {
      if (leaseLost) throw new Error('This job is no longer leased to this worker')
      if (!(await repo.extendLease(db, job.id, id, leaseSeconds))) {
        leaseLost = true
        const lost = new Error('This job is no longer leased to this worker')
        controller.abort(lost)
        throw lost
      }
    }
    const timer = setInterval(() => {
      heartbeat().catch((error: unknown) => log.error({ err: error, jobId: job.id }, 'job heartbeat failed'))
    }, heartbeatMs)
    const started = performance.now()
    const settled = (async (): Promise<{ ok: true } | { ok: false; error: unknown }> => {
      try {
        await handler(job.payload ?? {}, {
          jobId: job.id,
          attempt: job.attempts,
          heartbeat,
          signal: controller.signal,
        })
        return { ok: true }
      } catch (error) {
        return { ok: false, error }
      }
    })()
    current = { jobId: job.id, controller, settled }
    let outcome
    try {
      outcome = await settled
    } finally {
      clearInterval(timer)
      current = undefined
    }
    const ms = Math.round(performance.now() - started)
    const details = { jobId: job.id, kind: job.kind, attempt: job.attempts, ms }
    if (leaseLost) {
      log.error(details, 'job lost its lease; another worker takes it over')
    } else if (controller.signal.reason instanceof StopRequested) {
      // Stopped part-way: back to the queue for the next worker, without counting the attempt.
      await repo.release(db, job.id, id)
      log.info(details, 'job released as the worker stopped')
    } else if (outcome.ok) {
      await repo.markSucceeded(db, job.id, id)
      if (job.repeat_seconds === null) log.info(details, 'job done')
    } else {
      const next = afterFailure(job.attempts, job.max_attempts, backoff, Math.random())
      const error = describeError(outcome.error)
      await repo.markFailed(db, job.id, id, error, next.state === 'dead' ? null : next.retryInSeconds)
      log.error(
        {
          ...details,
          err: outcome.error,
          ...(next.state === 'queued' ? { retryInSeconds: next.retryInSeconds } : {}),
        },
        next.state === 'dead' ? 'job failed for the last time: dead' : 'job failed; it will be tried again',
      )
    }
  }

  async function runOnce(): Promise<boolean> {
    const expired = await repo.releaseExpired(db)
    if (expired) log.info({ expired }, 'took back jobs whose worker stopped')
    await ensureRecurring()
    if (stopping.signal.aborted) return false
    const job = await repo.claimNext(db, id, kinds, leaseSeconds)
    if (!job) return false
    await runJob(job)
    return true
  }

  async function run(): Promise<void> {
    let failures = 0
    while (!stopping.signal.aborted) {
      try {
        const ran = await runOnce()
        failures = 0
        if (!ran) await sleep(pollMs, stopping.signal)
      } catch (error) {
        // The database is away, say: try again, less often the longer it lasts.
        failures++
        log.error({ err: error }, 'job worker could not reach the queue')
        await sleep(Math.min(pollMs * 2 ** failures, 30_000), stopping.signal)
      }
    }
  }

  return {
    id,
    start() {
      if (loop || stopping.signal.aborted) return
      log.info({ workerId: id, kinds }, 'job worker started')
      // Requests go before the worker's statements on the embedded database.
      loop = inBackground(run)
    },

    async stop() {
      stopping.abort()
      const job = current
      if (job) {
        const finished = await settlesWithin(job.settled, stopGraceMs)
        if (!finished) {
          job.controller.abort(new StopRequested())
          const ended = await settlesWithin(job.settled, 5000)
          if (!ended) {
            // A handler that ignores the signal is left behind: its job goes back to the queue
            // now (or, should this fail, when its lease runs out), and whatever it does later
            // cannot mark the job, which is no longer this worker's.
            await repo.release(db, job.jobId, id).catch(() => false)
            log.error({ jobId: job.jobId }, 'job did not stop when asked; released')
            return
          }
        }
      }
      await loop?.catch(() => undefined)
      log.info({ workerId: id }, 'job worker stopped')
    },

    runOnce,
  }
}
