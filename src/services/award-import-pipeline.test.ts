// Award imports at volume: checked and signed without holding the database, staged
// in short transactions, made visible in one final step, and run as a job that can be retried.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { AWARD_COLUMNS } from '../domain/award-rows.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { MAX_CSV_BYTES } from './award-imports.ts'
import { jobHandlers } from './job-handlers.ts'
import { createWorker } from './worker.ts'
import {
  failNthAwardInsert,
  insertApprovedDelivery,
  validCsvLine,
  type AwardFixture,
} from '../../test/support/award-fixture.ts'

const csv = (...lines: string[]) => [AWARD_COLUMNS.join(','), ...lines].join('\n') + '\n'
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => validCsvLine(from + i))
const SYSTEM = { userId: null, label: 'test', ip: null }

let t: TestApp

before(async () => {
  t = await createTestApp()
})

after(async () => {
  await t?.close()
})

async function queue(fixture: AwardFixture, content: string) {
  const delivery = await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [
    fixture.organisationId,
  ])
  assert.ok(delivery)
  return t.services.awardImports.queueCsv(delivery, { content: Buffer.from(content), filename: null }, SYSTEM)
}

const job = (importId: string, heartbeat: () => Promise<void> = () => Promise.resolve()) =>
  t.services.awardImports.runAwardImportJob(
    { importId },
    { jobId: 'test-job', attempt: 1, heartbeat, signal: new AbortController().signal },
  )

async function counts(deliveryId: string, importId: string) {
  const db = t.database.db
  const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
    Number((await q.executeTakeFirstOrThrow()).n)
  return {
    learners: await n(
      db
        .selectFrom('learner')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivery_id', '=', deliveryId),
    ),
    awards: await n(
      db
        .selectFrom('award')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivery_id', '=', deliveryId),
    ),
    credentials: await n(
      db
        .selectFrom('award_credential as ac')
        .innerJoin('award as a', 'a.id', 'ac.award_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('a.delivery_id', '=', deliveryId),
    ),
    staged: await n(
      db
        .selectFrom('award_import_row')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('import_id', '=', importId),
    ),
    /** Credentials whose award does not exist: signed for a run that never published. */
    orphans: Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from award_credential ac
          where not exists (select 1 from award a where a.id = ac.award_id)`.execute(db)
      ).rows[0]?.n,
    ),
  }
}

/** Runs the import, which must be rejected, and gives its stored problems. */
async function rejectedWith(id: string) {
  await job(id)
  assert.equal((await stateOf(id)).state, 'rejected')
  return t.database.db
    .selectFrom('award_import_problem')
    .select(['line', 'kind'])
    .where('import_id', '=', id)
    .orderBy('position')
    .execute()
}

const stateOf = (id: string) =>
  t.database.db
    .selectFrom('award_import')
    .select(['state', 'processed_rows', 'saved_rows', 'total_rows', 'created_count', 'unchanged_count'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

describe('award imports at volume', () => {
  it('is queued as a job with the upload, and a worker runs it', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(5001, 3)))
    const queued = await t.database.db
      .selectFrom('job')
      .select(['kind', 'state', 'payload'])
      .where('key', '=', `award-import:${id}`)
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [queued.kind, queued.state, queued.payload],
      ['award-import', 'queued', { importId: id }],
    )
    const worker = createWorker(t.database.db, t.config, jobHandlers(t.services))
    while (await worker.runOnce()) {
      // Until nothing is left to run (the queue holds no other job here but this one).
    }
    assert.equal((await stateOf(id)).state, 'completed')
    assert.equal((await counts(fixture.deliveryId, id)).awards, 3)
  })

  it('takes a file of 100,000 rows, and refuses one over 20MB', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const big = csv(...lines(1, 100_000))
    assert.ok(big.length > 10 * 1024 * 1024, `a file of 100,000 rows is ${big.length} bytes`)
    const id = await queue(fixture, big)
    assert.equal((await stateOf(id)).state, 'queued')
    await t.database.db.updateTable('award_import').set({ state: 'failed' }).where('id', '=', id).execute()
    await t.database.db.deleteFrom('job').where('key', '=', `award-import:${id}`).execute()
    await assert.rejects(queue(fixture, 'x'.repeat(MAX_CSV_BYTES + 1)), /smaller than 20MB/)
  })

  it('reads a large file a slice at a time, counting lines across slices and inside quoted values', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    // About 170 KB: more than one slice. A given name holds a line break, inside quotation
    // marks, so every line after it is one further down the file than its row.
    const content = csv(
      validCsvLine(1, { given_name: '"Line\nBreak"' }),
      ...lines(2, 1498),
      validCsvLine(1500, { awarded_on: 'not a date' }),
    )
    assert.ok(content.length > 128 * 1024)
    assert.deepEqual(await rejectedWith(await queue(fixture, content)), [
      { line: 1502, kind: 'award_date_format' },
    ])
  })

  it('refuses a file whose quotation marks are not in pairs', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(
      fixture,
      csv(...lines(1, 3), validCsvLine(4, { given_name: '"Unclosed' }), ...lines(5, 2)),
    )
    assert.deepEqual(
      (await rejectedWith(id)).map((p) => p.kind),
      ['file_unreadable'],
    )
  })

  it('saves every row signed, through the staging area, and leaves the staging empty', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 600)))
    await job(id)
    const row = await stateOf(id)
    assert.equal(row.state, 'completed')
    assert.equal(row.created_count, 600)
    assert.deepEqual(await counts(fixture.deliveryId, id), {
      learners: 600,
      awards: 600,
      credentials: 600,
      staged: 0,
      orphans: 0,
    })
    const credential = await t.services.awardCredentials.credential(
      (
        await t.database.db
          .selectFrom('award')
          .select('id')
          .where('award_import_id', '=', id)
          .executeTakeFirstOrThrow()
      ).id,
    )
    assert.ok(credential && 'proof' in credential, 'the credential is signed')
  })

  it('saves nothing and stages nothing when one row is refused', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 300), validCsvLine(301, { awarded_on: 'not a date' })))
    await job(id)
    assert.equal((await stateOf(id)).state, 'rejected')
    assert.deepEqual(await counts(fixture.deliveryId, id), {
      learners: 0,
      awards: 0,
      credentials: 0,
      staged: 0,
      orphans: 0,
    })
  })

  it('leaves nothing visible, nor any signed credential, when saving fails part-way', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 400)))
    const removeFailure = await failNthAwardInsert(t.database.db, 350)
    try {
      await assert.rejects(job(id), /award insert 350 fails/)
    } finally {
      await removeFailure()
    }
    const row = await stateOf(id)
    assert.equal(row.state, 'failed')
    assert.deepEqual(await counts(fixture.deliveryId, id), {
      learners: 0,
      awards: 0,
      credentials: 0,
      staged: 0,
      orphans: 0,
    })
  })

  it('runs an import whose worker died again from a clean state, and never awards twice', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 300)))
    await t.services.awardImports.runPendingImports()
    const done = await t.database.db
      .selectFrom('job')
      .select(['state', 'attempts'])
      .where('key', '=', `award-import:${id}`)
      .executeTakeFirstOrThrow()
    assert.deepEqual([done.state, done.attempts], ['done', 1])
    const awardIds = await t.database.db
      .selectFrom('award')
      .select('id')
      .where('award_import_id', '=', id)
      .execute()
    assert.equal(awardIds.length, 300)
    // As if the job were taken up again after its worker died between publishing and
    // telling the queue: the import is left as it is.
    await job(id)
    await t.database.db.updateTable('award_import').set({ state: 'running' }).where('id', '=', id).execute()
    await job(id)
    const c = await counts(fixture.deliveryId, id)
    assert.equal(c.awards, 300, 'nobody is awarded twice')
    assert.equal(c.credentials, 300)
    assert.equal(c.staged, 0)
    assert.equal(c.orphans, 0)
  })

  it('throws away what a dead run staged before running again', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 50)))
    // What a run that died midway leaves: running, progress, a staged row and its credential.
    const staleAward = crypto.randomUUID()
    const list = await t.database.db
      .insertInto('status_list')
      .values({ organisation_id: fixture.organisationId, size: 131072, allocated: 1 })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('award_credential')
      .values({ award_id: staleAward, status_list_id: list.id, status_index: 7, credential: '{}' })
      .execute()
    await t.database.db
      .insertInto('award_import_row')
      .values({
        import_id: id,
        position: 0,
        award_id: staleAward,
        given_name: 'Stale',
        family_name: 'Row',
        email: 'stale@example.org',
        profession: 'Nurse',
        regulator: 'NMC',
        registration_number: '12A3456E',
        eligibility_basis: 'holds_msc',
        eligibility_programme_id: null,
        msc_institution: 'University of Leeds',
        msc_year: 2019,
        equivalence_file_id: null,
        awarded_on: '2026-07-31',
      })
      .execute()
    // ... and the learner and award it wrote, still hidden.
    await t.database.db.insertInto('award_import_pending').values({ import_id: id }).execute()
    const hiddenLearner = await sql<{ id: string }>`
      insert into learner_record (delivery_id, organisation_id, given_name, family_name, email, profession,
        regulator, registration_number, eligibility_basis, msc_institution, msc_year, award_import_id)
      select d.id, d.organisation_id, 'Stale', 'Row', 'stale@example.org', 'Nurse', 'NMC', '12A3456E',
        'holds_msc', 'University of Leeds', 2019, ${id}
      from delivery d where d.id = ${fixture.deliveryId}
      returning id`.execute(t.database.db)
    await sql`insert into award_record (id, learner_id, delivery_id, organisation_id, credential_id,
        specification_version_id, awarded_on, status, award_import_id)
      select ${staleAward}, ${hiddenLearner.rows[0]?.id}, d.id, d.organisation_id, d.credential_id,
        d.specification_version_id, '2026-07-31', 'active', ${id}
      from delivery d where d.id = ${fixture.deliveryId}`.execute(t.database.db)
    await t.database.db
      .updateTable('award_import')
      .set({ state: 'running', processed_rows: 40, saved_rows: 30, total_rows: 50 })
      .where('id', '=', id)
      .execute()
    await job(id)
    const row = await stateOf(id)
    assert.equal(row.state, 'completed')
    assert.equal(row.created_count, 50)
    const c = await counts(fixture.deliveryId, id)
    assert.equal(c.awards, 50)
    assert.equal(c.orphans, 0, 'the dead run’s credential is gone')
    const stale = await t.database.db
      .selectFrom('learner')
      .select('id')
      .where('email', '=', 'stale@example.org')
      .execute()
    assert.equal(stale.length, 0, 'the dead run’s staged row was not saved')
    const written = await sql<{ n: number }>`select count(*)::int as n from award_record
      where award_import_id = ${id} or id = ${staleAward}`.execute(t.database.db)
    assert.equal(written.rows[0]?.n, 50, 'the dead run’s hidden award is gone; the new run’s 50 are there')
  })

  it('hides what it has written from every reader until the final step shows it all at once', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 800)))
    // One statement, one snapshot: the import's state and what a reader sees of it agree.
    const look = async () =>
      (
        await sql<{ state: string; saved: number; written: number; awards: number; learners: number }>`
          select i.state, i.saved_rows as saved,
            (select count(*)::int from award_record where award_import_id = ${id}) as written,
            (select count(*)::int from award where delivery_id = ${fixture.deliveryId}) as awards,
            (select count(*)::int from learner where delivery_id = ${fixture.deliveryId}) as learners
          from award_import i where i.id = ${id}`.execute(t.database.db)
      ).rows[0]
    const seen: Array<NonNullable<Awaited<ReturnType<typeof look>>>> = []
    let running = true
    const watching = (async () => {
      while (running) {
        const now = await look()
        if (now) seen.push(now)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    await job(id)
    running = false
    await watching
    const partWay = seen.filter((s) => s.state === 'running' && s.written > 0 && s.written < 800)
    assert.ok(partWay.length, `the import was seen part-written: ${JSON.stringify(seen.slice(-3))}`)
    for (const s of seen.filter((s) => s.state !== 'completed'))
      assert.deepEqual(
        [s.awards, s.learners],
        [0, 0],
        `nothing shows before the import completes: ${JSON.stringify(s)}`,
      )
    const done = await look()
    assert.deepEqual([done?.state, done?.awards, done?.learners], ['completed', 800, 800])
  })

  it('moves its progress: rows checked, then rows saved, while it runs', async () => {
    const fixture = await insertApprovedDelivery(t.database.db)
    const id = await queue(fixture, csv(...lines(1, 800)))
    const seen: Array<{ checked: number; saved: number }> = []
    let running = true
    const watching = (async () => {
      while (running) {
        const row = await stateOf(id)
        seen.push({ checked: row.processed_rows, saved: row.saved_rows })
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    await job(id)
    running = false
    await watching
    const done = await stateOf(id)
    assert.equal(done.processed_rows, 800)
    assert.equal(done.saved_rows, 800)
    assert.ok(
      seen.some((s) => s.saved > 0 && s.saved < 800),
      `rows saved were seen part of the way: ${JSON.stringify(seen.slice(-5))}`,
    )
  })
})
