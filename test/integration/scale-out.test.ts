// Scale-out on PostgreSQL: two web instances (each its own app, services and connection pool,
// listening on a port of its own, with WORKER=off) and job workers in processes of their own,
// all on one schema. A provider's staff member signs in on one instance and uploads awards on
// the other: sessions live in the database, so either instance knows them. The upload is only
// queued by the web instance; a worker process takes it up, is killed with SIGKILL mid-import,
// and a second worker finishes it: every row awarded once, the job done once. PGlite's data
// is one process's, so there this test is skipped, as src/services/worker.test.ts skips its own.
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { after, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { parse } from 'node-html-parser'
import { createApp } from '../../src/app.ts'
import { config } from '../../src/config.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { AWARD_COLUMNS } from '../../src/domain/award-rows.ts'
import { IMPORT_STATE_LABELS } from '../../src/domain/import-progress.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import { createAccount } from '../support/agent.ts'
import { TEST_BASE_URL, testConfig } from '../support/app.ts'
import { insertApprovedDelivery, validCsvLine } from '../support/award-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'
import { spawnImportWorker } from '../support/worker-process.ts'

/** Big enough that the import is still running when its first progress is seen. */
const ROWS = 3000
const PASSWORD = 'correct horse battery staple'
/** Short, so that the killed worker's job is taken up again in seconds, not a minute. */
const WORKER_TIMINGS = { LEASE_SECONDS: '5', HEARTBEAT_SECONDS: '0.5' }

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const waitFor = async (what: string, ok: () => Promise<boolean>, seconds = 60) => {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    if (await ok()) return
    await pause(100)
  }
  assert.fail(`${what} within ${seconds} s`)
}

/** A browser's cookie jar over real HTTP, so that one session can be taken from one instance to the other. */
class Browser {
  private readonly cookies = new Map<string, string>()

  private get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(base: string, path: string, init: RequestInit = {}) {
    const res = await fetch(new URL(path, base), {
      ...init,
      redirect: 'manual',
      headers: { ...Object.fromEntries(new Headers(init.headers)), cookie: this.cookieHeader },
    })
    for (const setCookie of res.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0] ?? ''
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      const value = pair.slice(at + 1)
      if (value === '' || /max-age=0\b/i.test(setCookie)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() }
  }

  /** The CSRF token the form on this page carries. */
  async formToken(base: string, path: string): Promise<string> {
    const page = await this.request(base, path)
    assert.equal(page.status, 200, `${path} on ${base}`)
    const token = parse(page.body).querySelector('form input[name="_csrf"]')?.getAttribute('value')
    assert.ok(token, `a CSRF token in the form of ${path}`)
    return token
  }
}

/** A worker process's stdout, line by line, and a promise of its "ready". */
function watch(child: ChildProcess) {
  const lines: string[] = []
  let buffered = ''
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk
      const parts = buffered.split('\n')
      buffered = parts.pop() ?? ''
      lines.push(...parts)
      if (lines.includes('ready')) resolve()
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`a worker exited (${code ?? signal}) before it was ready`)),
    )
  })
  // Read as JSON when they are: the worker's log lines.
  const logged = () =>
    lines.flatMap((line): Array<{ msg?: unknown; jobId?: unknown }> => {
      try {
        const value: unknown = JSON.parse(line)
        return value && typeof value === 'object' ? [value] : []
      } catch {
        return []
      }
    })
  return { ready, logged }
}

describe('two web instances and a worker on one PostgreSQL', () => {
  let database: TestDatabase | undefined
  let second: DatabaseHandle | undefined
  const apps: FastifyInstance[] = []
  const children: ChildProcess[] = []

  after(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await once(child, 'exit')
      }
    for (const app of apps) await app.close()
    await second?.close()
    await database?.close()
  })

  it(
    'signs in on one, uploads on the other, and a killed worker’s import is finished exactly once by another',
    { skip: config.databaseUrl ? false : 'PostgreSQL only: on PGlite one process holds the database' },
    async () => {
      database = await createTestDatabase()
      const db = database.db
      const databaseUrl = config.databaseUrl
      const schema = database.schema
      assert.ok(databaseUrl && schema)
      second = await openDatabase({ databaseUrl, schema })

      // Web instances only: the in-process worker is off, as beside `npm run worker`.
      const webConfig = testConfig({ WORKER: 'off', PAGE_CACHE_SECONDS: '0' })
      assert.equal(webConfig.worker, false)
      const servicesA = createServices(database, webConfig)
      const start = async (services: Services) => {
        const app = await createApp(services, { config: webConfig })
        apps.push(app)
        await app.listen({ port: 0, host: '127.0.0.1' })
        const address = app.server.address()
        assert.ok(address && typeof address === 'object')
        return { app, url: `http://127.0.0.1:${address.port}` }
      }
      const instanceA = await start(servicesA)
      const a = instanceA.url
      const b = (await start(createServices(second, webConfig))).url
      assert.notEqual(a, b)

      const fixture = await insertApprovedDelivery(db)
      await createAccount(
        {
          app: instanceA.app,
          services: servicesA,
          config: webConfig,
          database,
          close: async () => undefined,
        },
        'staff@scale-out.example',
        [{ role: 'provider_staff', organisationId: fixture.organisationId }],
        PASSWORD,
      )

      // Signed in on A.
      const browser = new Browser()
      const signInToken = await browser.formToken(a, '/sign-in')
      const signedIn = await browser.request(a, '/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: signInToken,
          email: 'staff@scale-out.example',
          password: PASSWORD,
        }),
      })
      assert.equal(signedIn.status, 303)
      assert.equal(signedIn.location, '/home')

      // B knows the session it never made: the tasks page, not the sign-in page.
      const home = await browser.request(b, '/home')
      assert.equal(home.status, 200)
      assert.ok(parse(home.body).querySelector('form[action="/sign-out"]'), 'signed in on B')

      // The upload, on B, with the form B served: the session's CSRF token, the one A gives too.
      const uploadPath = `/provider/deliveries/${fixture.deliveryId}/imports/new`
      const uploadToken = await browser.formToken(b, uploadPath)
      assert.equal(uploadToken, await browser.formToken(a, '/home'))
      const content = [
        AWARD_COLUMNS.join(','),
        ...Array.from({ length: ROWS }, (_, i) => validCsvLine(i + 1)),
      ]
      const form = new FormData()
      form.append('_csrf', uploadToken)
      form.append('file', new Blob([content.join('\n') + '\n'], { type: 'text/csv' }), 'awards.csv')
      const uploaded = await browser.request(b, uploadPath, { method: 'POST', body: form })
      assert.equal(uploaded.status, 303, uploaded.body)
      const importPath = uploaded.location ?? ''
      assert.match(importPath, /^\/provider\/imports\/[0-9a-f-]{36}$/)
      const importId = importPath.split('/').pop() ?? ''

      const importRow = () =>
        db.selectFrom('award_import').selectAll().where('id', '=', importId).executeTakeFirstOrThrow()
      const jobRows = () =>
        db
          .selectFrom('job')
          .selectAll()
          .where('kind', '=', 'award-import')
          .where('key', '=', `award-import:${importId}`)
          .execute()
      const awardsMade = async () =>
        Number(
          (
            await db
              .selectFrom('award')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('award_import_id', '=', importId)
              .executeTakeFirstOrThrow()
          ).n,
        )

      const stagedRows = async () =>
        Number(
          (
            await db
              .selectFrom('award_import_row')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('import_id', '=', importId)
              .executeTakeFirstOrThrow()
          ).n,
        )
      /** Signed credentials whose award was never made: a run's staging, not yet published. */
      const orphanCredentials = async () =>
        Number(
          (
            await db
              .selectFrom('award_credential')
              .leftJoin('award', 'award.id', 'award_credential.award_id')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('award.id', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        )

      // Queued, and left so by the web instances: one that ran it itself would have claimed it
      // at once, and the worker below would then have had a second run of it to race.
      await pause(1000)
      assert.equal((await importRow()).state, 'queued')
      const [queuedJob, ...moreJobs] = await jobRows()
      assert.equal(moreJobs.length, 0)
      assert.equal(queuedJob?.state, 'queued')
      assert.equal(queuedJob.attempts, 0)

      // The first worker takes it up; killed as soon as its progress shows.
      const first = spawnImportWorker(schema, {
        ...WORKER_TIMINGS,
        WORKER_ID: 'first',
        BASE_URL: TEST_BASE_URL,
      })
      children.push(first)
      const firstOut = watch(first)
      await firstOut.ready
      // Killed once it has saved some rows: every row checked, some signed and staged, so that
      // what the second run must throw away is there.
      await waitFor('the import showing rows saved', async () => {
        const row = await importRow()
        assert.ok(
          row.state === 'queued' || row.state === 'running',
          `the import ${row.state} before it was killed`,
        )
        return row.state === 'running' && row.saved_rows > 0
      })
      first.kill('SIGKILL')
      await once(first, 'exit')

      // Mid-import: staged rows and their credentials left behind, nothing of them visible,
      // and the job still the dead worker's.
      const killedAt = await importRow()
      assert.equal(killedAt.state, 'running', 'killed before it finished (a bigger file would be needed)')
      assert.equal(killedAt.processed_rows, ROWS)
      assert.ok(killedAt.saved_rows > 0 && killedAt.saved_rows < ROWS)
      assert.ok((await stagedRows()) > 0)
      assert.ok((await orphanCredentials()) > 0)
      assert.equal(await awardsMade(), 0)
      const [leased] = await jobRows()
      assert.equal(leased?.state, 'running')
      assert.equal(leased.locked_by, 'first')
      assert.ok(!firstOut.logged().some((l) => l.msg === 'job done'))

      // A second worker takes it up once the dead one's lease has run out, and finishes it.
      const next = spawnImportWorker(schema, {
        ...WORKER_TIMINGS,
        WORKER_ID: 'second',
        BASE_URL: TEST_BASE_URL,
      })
      children.push(next)
      const nextOut = watch(next)
      await nextOut.ready
      await waitFor('the job finished', async () => {
        const [job] = await jobRows()
        return job?.state === 'done' || job?.state === 'dead'
      })
      next.kill('SIGTERM')
      await once(next, 'exit')

      // Exactly once: one job, done on its second attempt, by the second worker alone.
      const jobs = await jobRows()
      assert.equal(jobs.length, 1)
      const [job] = jobs
      assert.equal(job?.state, 'done', job?.last_error ?? '')
      assert.equal(job.id, queuedJob.id)
      assert.equal(job.attempts, 2)
      assert.match(job.last_error ?? '', /stopped before it finished/)
      const done = nextOut.logged().filter((l) => l.msg === 'job done')
      assert.deepEqual(
        done.map((l) => l.jobId),
        [job.id],
      )
      assert.ok(!nextOut.logged().some((l) => l.msg === 'job failed; it will be tried again'))

      // Every row awarded once.
      const finished = await importRow()
      assert.equal(finished.state, 'completed', finished.error ?? '')
      assert.equal(finished.total_rows, ROWS)
      assert.equal(finished.processed_rows, ROWS)
      assert.equal(finished.created_count, ROWS)
      assert.equal(finished.unchanged_count, 0)
      assert.equal(await awardsMade(), ROWS)
      const perLearner = await db
        .selectFrom('award')
        .innerJoin('learner', 'learner.id', 'award.learner_id')
        .select(['learner.email', (eb) => eb.fn.countAll().as('n')])
        .where('award.delivery_id', '=', fixture.deliveryId)
        .groupBy('learner.email')
        .execute()
      assert.equal(perLearner.length, ROWS)
      assert.ok(perLearner.every((l) => Number(l.n) === 1))
      const learners = await db
        .selectFrom('learner')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivery_id', '=', fixture.deliveryId)
        .executeTakeFirstOrThrow()
      assert.equal(Number(learners.n), ROWS)
      // One signed credential per award, and nothing left of the killed run.
      const credentials = await db
        .selectFrom('award_credential')
        .innerJoin('award', 'award.id', 'award_credential.award_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('award.award_import_id', '=', importId)
        .executeTakeFirstOrThrow()
      assert.equal(Number(credentials.n), ROWS)
      assert.equal(await orphanCredentials(), 0)
      assert.equal(await stagedRows(), 0)
      const completedEvents = await db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', importId)
        .where('action', 'like', 'award_import.%')
        .execute()
      assert.deepEqual(
        completedEvents.map((e) => e.action),
        ['award_import.completed'],
      )

      // A, which neither took the upload nor ran it, shows it completed.
      const shown = await browser.request(a, importPath)
      assert.equal(shown.status, 200)
      const page = parse(shown.body)
      assert.equal(page.querySelector('main .nhsuk-tag')?.text.trim(), IMPORT_STATE_LABELS.completed)
      assert.equal(page.querySelector('progress'), null)
      const awardsRow = page
        .querySelectorAll('.nhsuk-summary-list__row')
        .find((row) => row.querySelector('.nhsuk-summary-list__key')?.text.trim() === 'Awards made')
      assert.equal(awardsRow?.querySelector('.nhsuk-summary-list__value')?.text.trim(), String(ROWS))
    },
  )
})
