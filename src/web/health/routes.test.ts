import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { config } from '../../config.ts'
import { createTestApp } from '../../../test/support/app.ts'

describe('/health', () => {
  it('answers 200 naming the database after a real query, and 503 when the database is gone', async () => {
    const t = await createTestApp()
    try {
      const up = await t.app.inject({ method: 'GET', url: '/health' })
      assert.equal(up.statusCode, 200)
      assert.deepEqual(up.json(), { status: 'UP', database: config.databaseUrl ? 'postgresql' : 'pglite' })
      assert.equal(up.headers['cache-control'], 'no-store')

      await t.database.db.destroy()
      const down = await t.app.inject({ method: 'GET', url: '/health' })
      assert.equal(down.statusCode, 503)
      assert.equal(down.json<{ status: string }>().status, 'DOWN')
    } finally {
      await t.app.close()
      await t.database.close().catch(() => undefined)
    }
  })
})
