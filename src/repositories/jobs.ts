// The job table (src/db/migrations/20261206130000_jobs.ts). Every statement here is one short
// statement, so that on PGlite no transaction holds the one connection while a job runs; the
// database's clock (now()) decides leases, so that workers on machines whose clocks differ
// agree on when one has run out.
import type { Db } from '../db/database.ts'
import { sql } from 'kysely'
import type { JobTable } from '../db/schema.ts'
import type { JobKind, JobState } from '../domain/jobs.ts'

export interface JobRow {
  id: string
  kind: JobKind
  payload: Record<string, unknown>
  key: string | null
  state: JobState
  attempts: number
  max_attempts: number
  run_after: Date
  locked_by: string | null
  locked_until: Date | null
  last_error: string | null
  repeat_seconds: number | null
  created_at: Date
  updated_at: Date
  finished_at: Date | null
}

/**
 * Inserts a job unless a live one already holds its key; returns the new job's id, or the id
 * of the live job that holds the key.
 */
export async function insertJob(
  db: Db,
  job: {
    kind: JobKind
    payload: Record<string, unknown>
    key: string | null
    runAfter: Date | null
    maxAttempts: number
    repeatSeconds?: number | null
  },
): Promise<{ id: string; created: boolean }> {
  const inserted = await sql<{ id: string }>`
    insert into job (kind, payload, key, run_after, max_attempts, repeat_seconds)
    values (${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.key},
      coalesce(${job.runAfter}::timestamptz, now()), ${job.maxAttempts}, ${job.repeatSeconds ?? null})
    on conflict (key) where state in ('queued', 'running') do nothing
    returning id`.execute(db)
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true }
  const live = await db
    .selectFrom('job')
    .select('id')
    .where('key', '=', job.key)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst()
  // The live job finished between the two statements: queue this one after all.
  if (!live) return insertJob(db, job)
  return { id: live.id, created: false }
}

/**
 * Jobs whose lease ran out (their worker died, hung or lost its connection) go back to the
 * queue at once, or are dead when that was their last attempt.
 */
export async function releaseExpired(db: Db): Promise<number> {
  const result = await sql`
    update job set
      state = case when attempts >= max_attempts then 'dead' else 'queued' end,
      finished_at = case when attempts >= max_attempts then now() end,
      last_error = 'The worker running it stopped before it finished (its lease ran out after ' ||
        to_char(locked_until, 'YYYY-MM-DD HH24:MI:SS') || ' UTC)',
      locked_by = null, locked_until = null, run_after = now(), updated_at = now()
    where state = 'running' and locked_until < now()`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * Claims the job due first of these kinds, leased to this worker: one statement, which skips
 * rows another worker is claiming at the same moment, so that no job is claimed twice.
 */
export async function claimNext(
  db: Db,
  workerId: string,
  kinds: readonly string[],
  leaseSeconds: number,
): Promise<JobRow | undefined> {
  if (!kinds.length) return undefined
  const result = await sql<JobRow>`
    update job set state = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
    where id = (
      select id from job
      where state = 'queued' and run_after <= now() and kind = any(${[...kinds]}::text[])
      order by run_after, created_at
      limit 1
      for update skip locked
    )
    returning *`.execute(db)
  return result.rows[0]
}

/** Extends the lease while the job is still this worker's; false when it is not any more. */
export async function extendLease(
  db: Db,
  id: string,
  workerId: string,
  leaseSeconds: number,
): Promise<boolean> {
  const result = await sql`
    update job set locked_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
    where id = ${id} and locked_by = ${workerId} and state = 'running'`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

/**
 * The handler finished: done, or queued again after its interval when it recurs. False when
 * the job was not this worker's any more (its lease ran out and another took it).
 */
export async function markSucceeded(db: Db, id: string, workerId: string): Promise<boolean> {
  const result = await sql`
    update job set
      state = case when repeat_seconds is null then 'done' else 'queued' end,
      finished_at = case when repeat_seconds is null then now() end,
      run_after = case when repeat_seconds is null then run_after
        else now() + make_interval(secs => repeat_seconds) end,
      attempts = case when repeat_seconds is null then attempts else 0 end,
      last_error = case when repeat_seconds is null then last_error end,
      locked_by = null, locked_until = null, updated_at = now()
    where id = ${id} and locked_by = ${workerId} and state = 'running'`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

/** The handler failed: queued again after the wait, or dead (retryInSeconds null). */
export async function markFailed(
  db: Db,
  id: string,
  workerId: string,
  error: string,
  retryInSeconds: number | null,
): Promise<boolean> {
  const result = await sql`
    update job set
      state = ${retryInSeconds === null ? 'dead' : 'queued'},
      run_after = ${retryInSeconds === null ? sql`run_after` : sql`now() + make_interval(secs => ${retryInSeconds})`},
      finished_at = ${retryInSeconds === null ? sql`now()` : sql`null`},
      last_error = ${error}, locked_by = null, locked_until = null, updated_at = now()
    where id = ${id} and locked_by = ${workerId} and state = 'running'`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

/** A stopping worker hands its job back unfinished, without counting the attempt. */
export async function release(db: Db, id: string, workerId: string): Promise<boolean> {
  const result = await sql`
    update job set state = 'queued', attempts = greatest(attempts - 1, 0), run_after = now(),
      locked_by = null, locked_until = null, updated_at = now()
    where id = ${id} and locked_by = ${workerId} and state = 'running'`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

/**
 * An admin's "Try again": a dead job is queued again with its attempts from nothing, unless a
 * live job has taken its key meanwhile. False when it is not dead (or its key is taken).
 */
export async function retryDead(db: Db, id: string): Promise<boolean> {
  const result = await sql`
    update job set state = 'queued', attempts = 0, run_after = now(), finished_at = null, updated_at = now()
    where id = ${id} and state = 'dead' and (key is null or not exists (
      select 1 from job live where live.key = job.key and live.state in ('queued', 'running')))`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  return await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface JobFilters {
  state?: JobState | undefined
  kind?: JobKind | undefined
}

export async function listJobs(db: Db, filters: JobFilters, limit: number, offset: number) {
  let query = db.selectFrom('job')
  if (filters.state) query = query.where('state', '=', filters.state)
  if (filters.kind) query = query.where('kind', '=', filters.kind)
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows as JobRow[], total: Number(count.n) }
}

/** How many jobs are in each state, for the admin page's summary. */
export async function countByState(db: Db): Promise<Partial<Record<JobState, number>>> {
  const rows = await db
    .selectFrom('job')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
}

/** Done jobs are kept for a while, for the admin page, then deleted. */
export async function deleteDoneBefore(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('job')
    .where('state', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export type { JobTable }
