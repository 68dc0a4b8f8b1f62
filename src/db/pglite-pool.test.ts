import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { inBackground } from './background.ts'
import { openDatabase } from './database.ts'

describe('PGlite connection sharing', () => {
  for (const thread of [false, true])
    it(`keeps concurrent transactions apart: a rollback undoes only its own work (${thread ? 'on its own thread' : 'in the process'})`, async () => {
      const { db, close } = await openDatabase({ thread })
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

  it('lets the event loop turn between background transactions, and serves requests first', async () => {
    const { db, close } = await openDatabase({})
    try {
      await sql`create table t (v int)`.execute(db)
      const TRANSACTIONS = 200
      let done = 0
      let ticks = 0
      const ticking = setInterval(() => ticks++, 1)
      const servedAfter: number[] = []
      // Requests arriving while the work runs, each on a later turn of the event loop (as network
      // input does), each a statement then a transaction.
      let requesting = true
      const requests = (async () => {
        while (requesting) {
          await new Promise((resolve) => setTimeout(resolve, 1))
          await sql`select count(*) from t`.execute(db)
          await db.transaction().execute((trx) => sql`select 1`.execute(trx))
          servedAfter.push(done)
        }
      })()
      await inBackground(async () => {
        for (let i = 0; i < TRANSACTIONS; i++) {
          await db.transaction().execute(async (trx) => {
            await sql`insert into t select generate_series(1, 50)`.execute(trx)
          })
          done++
        }
      })
      requesting = false
      await requests
      clearInterval(ticking)
      const duringWork = servedAfter.filter((n) => n < TRANSACTIONS)
      assert.ok(ticks >= 20, `timers ran ${ticks} times during ${TRANSACTIONS} background transactions`)
      assert.ok(duringWork.length >= 10, `requests served while the work ran: ${duringWork.length}`)
    } finally {
      await close()
    }
  })
})
