// The job queue and its worker on a real database (PGlite, or PostgreSQL when DATABASE_URL is
// set): enqueue, claim and finish; retries with backoff, then dead, then an admin's retry; an
// idempotency key; heartbeats; a graceful stop; and a worker that died mid-job, whose job a
// second worker finishes exactly once.
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { config } from '../config.ts'
import { DEFAULT_BACKOFF } from '../domain/jobs.ts'
import * as repo from '../repositories/jobs.ts'
import { SYSTEM_ACTOR } from './audit.ts'
import { createJobsService, type JobHandler, type JobsService } from './jobs.ts'
import { createWorker, type WorkerOptions } from './worker.ts'
import { testConfig } from '../../test/support/app.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { spawnJobWorker } from '../../test/support/worker-process.ts'
import type { JobKind } from './jobs.ts'

describe('the job queue and worker', () => {
  let database: TestDatabase
  let jobs: JobsService
  const fast: WorkerOptions = { pollMs: 20, heartbeatSeconds: 0.05, leaseSeconds: 60 }
  const worker = (handlers: Partial<Record<JobKind, JobHandler>>, options: WorkerOptions = {}) =>
    createWorker(database.db, testConfig(), handlers, { ...fast, ...options })
  const job = async (id: string) => (await repo.findJob(database.db, id))!
  /** As if the wait before the next attempt had passed. */
  const due = (id: string) =>
    sql`update job set run_after = now() - interval '1 second' where id = ${id}`.execute(database.db)

  before(async () => {
    database = await createTestDatabase({ seed: false })
    jobs = createJobsService(database.db)
    await sql`create table job_test_run (job_id uuid not null, worker text not null)`.execute(database.db)
  })
  after(() => database.close())
  beforeEach(async () => {
    await sql`delete from job`.execute(database.db)
    await sql`delete from job_test_run`.execute(database.db)
  })

  it('runs a queued job once, with its payload, and marks it done', async () => {
    const seen: unknown[] = []
    const id = await jobs.enqueue(database.db, 'mail', { to: 'a@example.org' })
    assert.equal((await job(id)).state, 'queued')
    const w = worker({
      async mail(payload, context) {
        seen.push({ payload, jobId: context.jobId, attempt: context.attempt })
        await context.heartbeat()
      },
    })
    assert.equal(await w.runOnce(), true)
    assert.equal(await w.runOnce(), false)
    assert.deepEqual(seen, [{ payload: { to: 'a@example.org' }, jobId: id, attempt: 1 }])
    const done = await job(id)
    assert.equal(done.state, 'done')
    assert.equal(done.attempts, 1)
    assert.equal(done.locked_by, null)
    assert.ok(done.finished_at)
  })

  it("queues in the caller's transaction: nothing when it rolls back", async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await jobs.enqueue(trx, 'mail', {})
        throw new Error('rolled back')
      }),
    )
    assert.equal((await jobs.list({}, 10, 0)).total, 0)
    await database.db.transaction().execute((trx) => jobs.enqueue(trx, 'mail', {}))
    assert.equal((await jobs.list({}, 10, 0)).total, 1)
  })

  it('leaves a job waiting until its time, and to a worker that has a handler for its kind', async () => {
    await jobs.enqueue(database.db, 'mail', {}, { runAfter: new Date(Date.now() + 60_000) })
    await jobs.enqueue(database.db, 'reminders', {})
    let ran = 0
    const w = worker({ mail: async () => void ran++ })
    assert.equal(await w.runOnce(), false)
    assert.equal(ran, 0)
  })

  it('holds at most one live job per key, and takes the key again once it is done', async () => {
    const first = await jobs.enqueue(
      database.db,
      'award-import',
      { importId: 'x' },
      { key: 'award-import:x' },
    )
    const again = await jobs.enqueue(
      database.db,
      'award-import',
      { importId: 'x' },
      { key: 'award-import:x' },
    )
    assert.equal(again, first)
    const other = await jobs.enqueue(
      database.db,
      'award-import',
      { importId: 'y' },
      { key: 'award-import:y' },
    )
    assert.notEqual(other, first)
    assert.equal((await jobs.list({ kind: 'award-import' }, 10, 0)).total, 2)
    // Enqueued twice at the same moment, from two transactions: still one.
    const [a, b] = await Promise.all([
      jobs.enqueue(database.db, 'mail', {}, { key: 'same' }),
      jobs.enqueue(database.db, 'mail', {}, { key: 'same' }),
    ])
    assert.equal(a, b)

    const w = worker({ 'award-import': async () => undefined })
    while (await w.runOnce());
    assert.equal((await job(first)).state, 'done')
    const later = await jobs.enqueue(
      database.db,
      'award-import',
      { importId: 'x' },
      { key: 'award-import:x' },
    )
    assert.notEqual(later, first)
  })

  it('tries a failing job again with a growing wait, then keeps it dead with its last error', async () => {
    const id = await jobs.enqueue(database.db, 'mail', {}, { maxAttempts: 3 })
    let calls = 0
    const w = worker({
      async mail(_payload, { attempt }) {
        calls++
        throw new Error(`the mail server said no (attempt ${attempt})`)
      },
    })
    const waits: number[] = []
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.equal(await w.runOnce(), true)
      // Not due again at once.
      assert.equal(await w.runOnce(), false)
      const row = await job(id)
      assert.equal(row.attempts, attempt)
      assert.match(row.last_error!, new RegExp(`attempt ${attempt}`))
      if (attempt < 3) {
        assert.equal(row.state, 'queued')
        waits.push((row.run_after.getTime() - row.updated_at.getTime()) / 1000)
        await due(id)
      }
    }
    assert.equal(calls, 3)
    assert.ok(waits[0]! >= DEFAULT_BACKOFF.baseSeconds - 1, `first wait ${waits[0]}`)
    assert.ok(waits[1]! >= 2 * DEFAULT_BACKOFF.baseSeconds - 1, `second wait ${waits[1]}`)
    assert.ok(waits[1]! > waits[0]!)

    const dead = await job(id)
    assert.equal(dead.state, 'dead')
    assert.ok(dead.finished_at)
    await due(id)
    assert.equal(await w.runOnce(), false, 'a dead job is not run again')

    // A Centre admin tries it again: queued, attempts from nothing, and audited.
    await jobs.retry(id, SYSTEM_ACTOR)
    assert.equal((await job(id)).state, 'queued')
    assert.equal((await job(id)).attempts, 0)
    const audit = await database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['job.retried'],
    )
    await assert.rejects(jobs.retry(id, SYSTEM_ACTOR), /Only a job that has stopped/)
  })

  it('does not try a dead job again while a newer live job holds its key', async () => {
    const id = await jobs.enqueue(database.db, 'mail', {}, { key: 'k', maxAttempts: 1 })
    await worker({ mail: () => Promise.reject(new Error('no')) }).runOnce()
    assert.equal((await job(id)).state, 'dead')
    await jobs.enqueue(database.db, 'mail', {}, { key: 'k' })
    await assert.rejects(jobs.retry(id, SYSTEM_ACTOR), /already waiting or running/)
  })

  it('keeps a running job leased while its handler heartbeats, so no other worker takes it', async () => {
    const id = await jobs.enqueue(database.db, 'mail', {})
    let release!: () => void
    const holding = new Promise<void>((resolve) => (release = resolve))
    let started!: () => void
    const isRunning = new Promise<void>((resolve) => (started = resolve))
    const first = worker(
      {
        async mail() {
          started()
          await holding
        },
      },
      { leaseSeconds: 1 },
    )
    const running = first.runOnce()
    await isRunning
    const firstLease = (await job(id)).locked_until!
    await new Promise((resolve) => setTimeout(resolve, 1500))
    // Past the first lease: only the heartbeats kept it.
    assert.ok((await job(id)).locked_until! > firstLease)
    let stolen = 0
    assert.equal(await worker({ mail: async () => void stolen++ }).runOnce(), false)
    release()
    assert.equal(await running, true)
    assert.equal(stolen, 0)
    assert.equal((await job(id)).state, 'done')
  })

  it('hands its job back to the queue when stopped mid-job, without counting the attempt', async () => {
    const id = await jobs.enqueue(database.db, 'mail', {})
    let started!: () => void
    const isRunning = new Promise<void>((resolve) => (started = resolve))
    const w = worker(
      {
        async mail(_payload, { signal }) {
          started()
          await new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          )
        },
      },
      { stopGraceMs: 50 },
    )
    w.start()
    await isRunning
    await w.stop()
    const row = await job(id)
    assert.equal(row.state, 'queued')
    assert.equal(row.attempts, 0)
    assert.equal(row.locked_by, null)
  })

  it('finishes the job of a worker that died mid-job exactly once, when its lease runs out', async () => {
    const id = await jobs.enqueue(database.db, 'housekeeping', {})
    // A worker claims it and dies (nothing more is heard from it).
    const claimed = await repo.claimNext(database.db, 'dead-worker', ['housekeeping'], 60)
    assert.equal(claimed?.id, id)
    // Leased for a minute at most: so another worker takes it up within a minute.
    const { rows } = await sql<{ seconds: number }>`
      select extract(epoch from locked_until - now())::float8 as seconds from job where id = ${id}`.execute(
      database.db,
    )
    assert.ok(rows[0]!.seconds <= 60 && rows[0]!.seconds > 50, `leased for ${rows[0]!.seconds} s`)
    let runs = 0
    const second = worker({ housekeeping: async () => void runs++ })
    assert.equal(await second.runOnce(), false, 'not while the lease holds')
    // A minute later (simulated: on PGlite two processes cannot share a data folder).
    await sql`update job set locked_until = now() - interval '1 second' where id = ${id}`.execute(database.db)
    assert.equal(await second.runOnce(), true)
    assert.equal(await second.runOnce(), false)
    assert.equal(runs, 1)
    const row = await job(id)
    assert.equal(row.state, 'done')
    assert.equal(row.attempts, 2)
    // The dead worker, were it to come back, can no longer mark it.
    assert.equal(await repo.markSucceeded(database.db, id, 'dead-worker'), false)
    assert.equal(await repo.markFailed(database.db, id, 'dead-worker', 'late', 10), false)
  })

  it('makes a job dead when its worker died on its last attempt', async () => {
    const id = await jobs.enqueue(database.db, 'housekeeping', {}, { maxAttempts: 1 })
    await repo.claimNext(database.db, 'dead-worker', ['housekeeping'], 60)
    await sql`update job set locked_until = now() - interval '1 second' where id = ${id}`.execute(database.db)
    assert.equal(await worker({ housekeeping: async () => undefined }).runOnce(), false)
    const row = await job(id)
    assert.equal(row.state, 'dead')
    assert.match(row.last_error!, /stopped before it finished/)
  })

  it(
    'recovers from a worker process killed with SIGKILL mid-job (PostgreSQL: two processes)',
    { skip: config.databaseUrl ? false : 'on PGlite, simulated by an expired lease in the test above' },
    async () => {
      const id = await jobs.enqueue(database.db, 'housekeeping', {})
      const child = spawnJobWorker(database.schema!, { LEASE_SECONDS: '3', HEARTBEAT_SECONDS: '0.5' })
      try {
        let output = ''
        child.stdout!.setEncoding('utf8')
        await new Promise<void>((resolve, reject) => {
          child.stdout!.on('data', (chunk: string) => {
            output += chunk
            if (output.includes('started')) resolve()
          })
          child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before starting`)))
        })
        // It heartbeats: still its job after its first lease would have run out.
        await new Promise((resolve) => setTimeout(resolve, 4000))
        assert.equal((await job(id)).state, 'running')
        child.kill('SIGKILL')
        await once(child, 'exit')
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL')
      }

      const started = Date.now()
      const second = worker(
        {
          async housekeeping(_payload, { jobId }) {
            await sql`insert into job_test_run (job_id, worker) values (${jobId}, 'second')`.execute(
              database.db,
            )
          },
        },
        { pollMs: 100 },
      )
      second.start()
      try {
        while ((await job(id)).state !== 'done') {
          assert.ok(Date.now() - started < 60_000, 'taken up again within a minute')
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      } finally {
        await second.stop()
      }
      const runs = await sql<{
        worker: string
      }>`select worker from job_test_run where job_id = ${id}`.execute(database.db)
      assert.deepEqual(runs.rows.map((r) => r.worker).sort(), ['killed', 'second'])
      assert.equal((await job(id)).attempts, 2)
    },
  )
})
