// The embedded database on its own thread answers as it does in the process: the same rows
// (dates as text, counts as numbers, JSON parsed), the same errors with their SQLSTATE codes,
// notifications, a dump another database starts from, and a clean close. Transactions kept
// apart on the thread too: src/db/pglite-pool.test.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from './database.ts'
import { migrateToLatest } from './migrate.ts'

async function both<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<[T, T]> {
  const results: T[] = []
  for (const thread of [false, true]) {
    const database = await openDatabase({ thread })
    try {
      results.push(await work(database))
    } finally {
      await database.close()
    }
  }
  const [inProcess, onThread] = results
  assert.ok(inProcess !== undefined && onThread !== undefined)
  return [inProcess, onThread]
}

describe('PGlite on a thread of its own', () => {
  it('gives the same rows as in the process', async () => {
    const [inProcess, onThread] = await both(async ({ db }) => {
      await sql`create extension if not exists pg_trgm`.execute(db)
      const { rows } = await sql<Record<string, unknown>>`
        select date '2027-01-06' as day, count(*) as n, '{"a":[1,2]}'::jsonb as doc,
          timestamptz '2026-12-07 12:00:00Z' as at, null::text as nothing, 'caf\u00e9' as word,
          similarity('Smyth', 'Smith') > 0 as trigrams
        from generate_series(1, 3)`.execute(db)
      return rows
    })
    assert.deepEqual(onThread, inProcess)
    assert.deepEqual(onThread[0], {
      day: '2027-01-06',
      n: 3,
      doc: { a: [1, 2] },
      at: new Date('2026-12-07T12:00:00Z'),
      nothing: null,
      word: 'café',
      trigrams: true,
    })
  })

  it('raises database errors with their codes, and counts the rows a change affects', async () => {
    const database = await openDatabase({ thread: true })
    try {
      const { db } = database
      await sql`create table t (v text primary key)`.execute(db)
      await sql`insert into t values ('one')`.execute(db)
      await assert.rejects(
        sql`insert into t values ('one')`.execute(db),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, '23505')
          assert.match(error.message, /duplicate key/)
          return true
        },
      )
      await sql`insert into t values ('two')`.execute(db)
      const updated = await sql`update t set v = v || '!'`.execute(db)
      assert.equal(updated.numAffectedRows, 2n)
    } finally {
      await database.close()
    }
  })

  it('migrates, hears notifications, and dumps a database another one starts from', async () => {
    const database = await openDatabase({ thread: true })
    let copy: DatabaseHandle | undefined
    try {
      await migrateToLatest(database.db)
      const heard: string[] = []
      await database.listen(
        'test_channel',
        (payload) => heard.push(payload),
        () => {},
      )
      await sql`notify test_channel, 'hello'`.execute(database.db)
      for (let i = 0; i < 50 && heard.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20))
      assert.deepEqual(heard, ['hello'])
      await sql`insert into clinical_area (slug, name) values ('threaded', 'Threaded')`.execute(database.db)
      const dump = await database.dump?.()
      assert.ok(dump)
      copy = await openDatabase({ thread: true, template: dump })
      const { rows } = await sql<{
        name: string
      }>`select name from clinical_area where slug = 'threaded'`.execute(copy.db)
      assert.deepEqual(rows, [{ name: 'Threaded' }])
    } finally {
      await copy?.close()
      await database.close()
    }
  })

  it('fails what is asked after it closes, rather than waiting for ever', async () => {
    const database = await openDatabase({ thread: true })
    await database.close()
    await assert.rejects(sql`select 1`.execute(database.db))
  })
})
