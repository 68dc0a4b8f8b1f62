import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { openDatabase } from './database.ts'

describe('PGlite connection sharing', () => {
  it('keeps concurrent transactions apart: a rollback undoes only its own work', async () => {
    const { db, close } = await openDatabase({})
    try {
      await sql`create table t (v text)`.execute(db)
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))

      const failing = db.transaction().execute(async (trx) => {
        await sql`insert into t values ('from the failing transaction')`.execute(trx)
        await held
        throw new Error('roll back')
      })
      // Started while the first transaction is open; it must wait, not join it.
      const succeeding = db.transaction().execute(async (trx) => {
        await sql`insert into t values ('from the committed transaction')`.execute(trx)
      })
      release()

      await assert.rejects(failing, /roll back/)
      await succeeding
      const { rows } = await sql<{ v: string }>`select v from t`.execute(db)
      assert.deepEqual(
        rows.map((r) => r.v),
        ['from the committed transaction'],
      )
    } finally {
      await close()
    }
  })

  it('reports affected rows for updates and deletes', async () => {
    const { db, close } = await openDatabase({})
    try {
      await sql`create table t (v int)`.execute(db)
      await sql`insert into t values (1), (2), (3)`.execute(db)
      const result = await sql`update t set v = v + 1 where v > 1`.execute(db)
      assert.equal(result.numAffectedRows, 2n)
    } finally {
      await close()
    }
  })
})
