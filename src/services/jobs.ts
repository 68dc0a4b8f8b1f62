// Long work as jobs, outside request handling: a queue in the database's own `job` table,
// claimed by workers (src/services/worker.ts), on PostgreSQL and on the embedded PGlite alike.
//
// Why our own queue and not a library. The two well-kept PostgreSQL queues were checked
// (December 2026): pg-boss 12 needs Node >= 22.12 and graphile-worker 0.18 needs Node >= 22.18,
// while this platform supports Node >= 20.9; and both are built on a real `pg` connection pool
// (graphile-worker also on LISTEN/NOTIFY on a connection of its own), which the default install,
// one embedded PGlite connection shared by every request, does not have. So the queue is ~300
// lines on Kysely, running the same migration and SQL on both engines, with the safety those
// libraries give:
// - Claiming is one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)`: two workers never
//   claim the same job (PGlite runs SKIP LOCKED too; its one connection never contends).
// - Leases: a claimed job belongs to its worker until `locked_until` (60 s by default), and
//   every finish, failure or release checks `locked_by`, so a worker that lost its lease can
//   never mark another's attempt done.
// - Heartbeats: while the handler runs, the worker extends the lease every 10 s; a handler may
//   also call context.heartbeat() itself. A lease it could not extend aborts context.signal.
// - Crash recovery: a job whose worker died keeps its lease at most 60 s more; every worker,
//   before each claim, puts expired leases back in the queue (or makes them dead on their last
//   attempt), so it is taken up again within a minute of any worker running.
// - Retries with exponential backoff (src/domain/jobs.ts: 10 s, 20 s, 40 s … at most an hour,
//   with jitter) up to max_attempts (5 by default), then dead: kept, with its last error and
//   attempts, on /admin/jobs, where a Centre admin can try it again.
// - Idempotency keys: a partial unique index allows one queued or running job per key, and
//   enqueueing a key that is live returns the live job instead of adding another.
// - Enqueueing inside the caller's transaction: the job exists if and only if the change that
//   asked for it was saved (an outbox, without a second store).
// - Every statement is short; no transaction is held while a handler runs, so on PGlite a
//   request waits behind the queue for one statement at most.
// A job runs at least once: a worker killed after its handler's work was saved but before the
// job was marked done leads to a second run, so handlers are idempotent (by import and row,
// by message).
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import {
  DEFAULT_MAX_ATTEMPTS,
  isJobKind,
  isJobState,
  JOB_KINDS,
  type JobKind,
  type JobState,
} from '../domain/jobs.ts'
import * as repo from '../repositories/jobs.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { isUuid } from '../domain/identifiers.ts'

export { isJobKind, JOB_KINDS, type JobKind }

export type JobHandler = (
  payload: Record<string, unknown>,
  context: {
    jobId: string
    /** 1 for the first attempt. */
    attempt: number
    /** Extends the lease now; the worker also does so every few seconds while the handler runs. */
    heartbeat(): Promise<void>
    /** Aborted when the worker is stopping or lost the lease: stop soon, leaving nothing half-done. */
    signal: AbortSignal
  },
) => Promise<void>

export interface EnqueueOptions {
  /** At most one queued or running job holds a key; enqueueing it again returns that job's id. */
  key?: string
  /** Not before this time. */
  runAfter?: Date
  /** Attempts before the job is dead (5 unless said). */
  maxAttempts?: number
}

export interface Job {
  id: string
  kind: string
  kindLabel: string
  payload: Record<string, unknown>
  key: string | null
  state: JobState
  attempts: number
  maxAttempts: number
  runAfter: Date
  lockedUntil: Date | null
  lastError: string | null
  recurring: boolean
  createdAt: Date
  updatedAt: Date
  finishedAt: Date | null
}

export interface JobsService {
  /** Queues a job in the caller's transaction (or on its own), at most one live job per key. Returns its id. */
  enqueue(
    db: Kysely<Database> | Transaction<Database>,
    kind: JobKind,
    payload: Record<string, unknown>,
    options?: EnqueueOptions,
  ): Promise<string>
  list(
    filters: { state?: JobState | undefined; kind?: JobKind | undefined },
    limit: number,
    offset: number,
  ): Promise<{ jobs: Job[]; total: number }>
  get(id: string): Promise<Job | null>
  countByState(): Promise<Partial<Record<JobState, number>>>
  /** A dead job queued again, attempts from nothing; audited. */
  retry(id: string, actor: Actor): Promise<void>
  /** Deletes done jobs that finished before this; returns how many. */
  pruneDone(before: Date): Promise<number>
}

/** Queues a job (see JobsService.enqueue), for modules that have no JobsService at hand. */
export async function enqueueJob(
  db: Kysely<Database> | Transaction<Database>,
  kind: JobKind,
  payload: Record<string, unknown>,
  options: EnqueueOptions & { repeatSeconds?: number } = {},
): Promise<string> {
  if (!isJobKind(kind)) throw new Error(`Unknown job kind "${String(kind)}"`)
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be 1 or more')
  const { id } = await repo.insertJob(db, {
    kind,
    payload,
    key: options.key ?? null,
    runAfter: options.runAfter ?? null,
    maxAttempts,
    repeatSeconds: options.repeatSeconds ?? null,
  })
  return id
}

/** The queue's enqueue without a database of its own: `jobs.enqueue(trx, 'award-import', …)`. */
export const jobs: Pick<JobsService, 'enqueue'> = { enqueue: enqueueJob }

function toJob(row: repo.JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: isJobKind(row.kind) ? JOB_KINDS[row.kind] : row.kind,
    payload: row.payload,
    key: row.key,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    recurring: row.repeat_seconds !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  }
}

export function createJobsService(db: Kysely<Database>): JobsService {
  return {
    enqueue: enqueueJob,

    async list(filters, limit, offset) {
      const state = filters.state && isJobState(filters.state) ? filters.state : undefined
      const { rows, total } = await repo.listJobs(db, { state, kind: filters.kind }, limit, offset)
      return { jobs: rows.map(toJob), total }
    },

    async get(id) {
      if (!isUuid(id)) return null
      const row = await repo.findJob(db, id)
      return row ? toJob(row) : null
    },

    countByState: () => repo.countByState(db),

    async retry(id, actor) {
      await db.transaction().execute(async (trx) => {
        const before = isUuid(id) ? await repo.findJob(trx, id) : undefined
        if (!before) throw new ServiceError('There is no job with this id')
        if (before.state !== 'dead')
          throw new ServiceError('Only a job that has stopped being tried can be tried again')
        if (!(await repo.retryDead(trx, id)))
          throw new ServiceError('A newer job for the same thing is already waiting or running')
        await recordAudit(trx, actor, {
          action: 'job.retried',
          entityType: 'job',
          entityId: id,
          before: { state: 'dead', attempts: before.attempts, lastError: before.last_error?.slice(0, 500) },
          after: { state: 'queued', attempts: 0 },
        })
      })
    },

    pruneDone: (before) => repo.deleteDoneBefore(db, before),
  }
}
