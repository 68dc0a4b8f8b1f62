// The quick start, end to end: the real command line starts the platform on an empty
// PGlite folder, migrates and seeds it, and a restart keeps the data without seeding again.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { startServer, stopServer } from '../support/cli.ts'

describe('starting the platform', () => {
  let dataDir: string
  after(() => rm(dataDir, { recursive: true, force: true }))

  it('migrates and seeds an empty data folder, answers, and keeps its data over a restart', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apc-start-'))

    const first = await startServer(dataDir)
    try {
      const health = await fetch(`${first.baseUrl}/health`)
      assert.deepEqual(await health.json(), { status: 'UP', database: 'pglite' })
      const page = await fetch(`${first.baseUrl}/credentials`)
      assert.equal(page.status, 200)
      assert.match(await page.text(), /36 credentials and interventions/)
      assert.ok(first.logs.join('').includes('seeded the national catalogue'))
    } finally {
      assert.equal(await stopServer(first), 0, 'stops cleanly on SIGTERM')
    }

    const second = await startServer(dataDir)
    try {
      const api = await fetch(`${second.baseUrl}/api/v1/credentials?pageSize=1`)
      assert.equal(((await api.json()) as { total: number }).total, 36)
      assert.ok(!second.logs.join('').includes('seeded the national catalogue'), 'does not seed twice')
    } finally {
      await stopServer(second)
    }
  })
})
