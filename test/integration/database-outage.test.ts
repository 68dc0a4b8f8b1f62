// The database going away and coming back. PGlite lives in the process and cannot be cut
// off, so the outage is PostgreSQL's (DATABASE_URL set, as in CI's second pass): the app's own
// backends are terminated and new connections refused, in a database of this test's own so
// that no other test file is touched. /health and pages answer 503 while it is down, the
// process does not exit, and the app serves again by itself within seconds, its reference data
// listening for changes again.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, it } from 'node:test'
import pg from 'pg'
import { createApp } from '../../src/app.ts'
import { config } from '../../src/config.ts'
import { isDatabaseUnavailable, openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { seedIfEmpty } from '../../src/db/seed/seed.ts'
import { createServices } from '../../src/services/index.ts'
import { testConfig } from '../support/app.ts'
import { mainText } from '../support/html.ts'

const waitFor = async (what: string, ok: () => Promise<boolean>, seconds = 15) => {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    if (await ok()) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  assert.fail(`${what} within ${seconds} s`)
}

describe('the database going away', () => {
  it('tells a database out of reach from a request that was wrong', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    })
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    const wrong = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    })
    assert.equal(isDatabaseUnavailable(terminated), true)
    assert.equal(isDatabaseUnavailable(refused), true)
    assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true)
    assert.equal(isDatabaseUnavailable(wrong), false)
    assert.equal(isDatabaseUnavailable('a string'), false)
  })

  if (config.databaseUrl) {
    const adminUrl = config.databaseUrl
    const name = `apc_outage_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    let database: DatabaseHandle | undefined
    after(async () => {
      await database?.close().catch(() => undefined)
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    })

    it('answers 503 while PostgreSQL refuses it, does not exit, and serves again by itself', async () => {
      await admin.connect()
      await admin.query(`create database ${name}`)
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      const lost: string[] = []
      database = await openDatabase({
        databaseUrl: url.toString(),
        onConnectionLost: (e) => lost.push(e.message),
      })
      await migrateToLatest(database.db)
      await seedIfEmpty(database.db)
      // No page cache: every request below reaches the database.
      const appConfig = testConfig({ DATABASE_URL: url.toString(), PAGE_CACHE_SECONDS: '0' })
      const services = createServices(database, appConfig)
      const app = await createApp(services, { config: appConfig })
      await app.ready()
      try {
        const get = (path: string) => app.inject({ method: 'GET', url: path })
        assert.equal((await get('/health')).statusCode, 200)
        assert.equal((await get('/credentials')).statusCode, 200)

        // Down: new connections refused and the app's open ones ended, as in a restart.
        await admin.query(`alter database ${name} allow_connections false`)
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name])
        await waitFor('the lost idle connections reported', async () => lost.length > 0)
        assert.equal((await get('/health')).statusCode, 503)
        const page = await get('/credentials')
        assert.equal(page.statusCode, 503)
        assert.match(mainText(page.body), /unavailable for a moment/)
        const api = await get('/api/v1/credentials')
        assert.equal(api.statusCode, 503)
        assert.match(String(api.headers['content-type']), /application\/problem\+json/)

        // Back: the same app, with no restart, serves again.
        await admin.query(`alter database ${name} allow_connections true`)
        await waitFor('the app serving again', async () => (await get('/health')).statusCode === 200)
        assert.equal((await get('/credentials')).statusCode, 200)

        // The clinical areas it keeps in memory are heard changing again: its LISTEN connection,
        // ended with the others, came back by itself.
        const [area] = await services.catalogue.listAreas()
        assert.ok(area)
        const other = new pg.Client({ connectionString: url.toString() })
        await other.connect()
        try {
          await waitFor('a rename after the outage heard', async () => {
            await other.query(`update clinical_area set name = $1 where slug = $2`, [
              `${area.name} (renamed)`,
              area.slug,
            ])
            const areas = await services.catalogue.listAreas()
            return areas.some((a) => a.slug === area.slug && a.name === `${area.name} (renamed)`)
          })
        } finally {
          await other.end()
        }
      } finally {
        await app.close()
      }
    })
  }
})
