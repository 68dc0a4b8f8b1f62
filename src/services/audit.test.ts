import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { Database } from '../db/schema.ts'
import { createAuditService, recordAudit, SYSTEM_ACTOR, type Actor } from './audit.ts'

const ADMIN: Actor = { userId: null, label: 'admin@example.org', ip: '192.0.2.10' }

function record(db: Kysely<Database>, entityId: string, after: unknown = { entityId }) {
  return db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, ADMIN, { action: 'test.changed', entityType: 'test', entityId, before: null, after }),
    )
}

async function eventCount(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

async function idsOf(db: Kysely<Database>, entityIds: string[]): Promise<number[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('id')
    .where('entity_id', 'in', entityIds)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Only the owner of the table can do this, which is the point: the application never does. */
async function withoutTriggers(db: Kysely<Database>, change: () => Promise<unknown>): Promise<void> {
  await sql`alter table audit_event disable trigger user`.execute(db)
  try {
    await change()
  } finally {
    await sql`alter table audit_event enable trigger user`.execute(db)
  }
}

describe('the audit trail', () => {
  let database: TestDatabase
  before(async () => {
    database = await createTestDatabase({ seed: false })
  })
  after(() => database.close())

  it('records events inside transactions as an unbroken chain', async () => {
    const audit = createAuditService(database.db)
    await record(database.db, 'one')
    await record(database.db, 'two', {
      at: new Date('2026-11-23T20:00:00.123Z'),
      name: 'Zoë O’Neil "quoted" \\ back',
      numbers: [0, -1, 1.5, 12345678901234, 1e21],
      nested: { z: { b: true, a: null }, a: [] },
      empty: {},
    })
    await database.db.transaction().execute((trx) =>
      recordAudit(trx, SYSTEM_ACTOR, {
        action: 'test.text',
        entityType: 'test',
        entityId: 'three',
        before: 'plain text',
        after: 42,
      }),
    )
    await database.db
      .transaction()
      .execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: 'test.bare', entityType: 'test' }))

    assert.deepEqual(await audit.verify(), { ok: true, checked: await eventCount(database.db) })
    const { events } = await audit.list({ entityType: 'test', entityId: 'one', limit: 10, offset: 0 })
    assert.equal(events.length, 1)
    assert.equal(events[0]!.actorLabel, 'admin@example.org')
    assert.equal(events[0]!.ip, '192.0.2.10')
    assert.deepEqual(events[0]!.after, { entityId: 'one' })
  })

  it('keeps no event of a transaction that rolls back', async () => {
    const before = await eventCount(database.db)
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, ADMIN, { action: 'test.rolled_back', entityType: 'test' })
        throw new Error('the change failed')
      }),
      /the change failed/,
    )
    assert.equal(await eventCount(database.db), before)
    assert.equal((await createAuditService(database.db).verify()).ok, true)
  })

  it('links ten concurrent transactions into one unbroken chain', async () => {
    const before = await eventCount(database.db)
    await Promise.all(Array.from({ length: 10 }, (_, i) => record(database.db, `parallel-${i}`)))
    assert.equal(await eventCount(database.db), before + 10)
    assert.deepEqual(await createAuditService(database.db).verify(), { ok: true, checked: before + 10 })
    const prevHashes = await database.db.selectFrom('audit_event').select('prev_hash').execute()
    assert.equal(new Set(prevHashes.map((r) => r.prev_hash)).size, prevHashes.length, 'no two share a parent')
  })

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await record(database.db, 'protected')
    const before = await eventCount(database.db)
    await assert.rejects(
      database.db.updateTable('audit_event').set({ actor_label: 'someone else' }).execute(),
      /append-only: UPDATE is not allowed/,
    )
    await assert.rejects(
      database.db.deleteFrom('audit_event').where('entity_id', '=', 'protected').execute(),
      /append-only: DELETE is not allowed/,
    )
    await assert.rejects(
      sql`truncate audit_event`.execute(database.db),
      /append-only: TRUNCATE is not allowed/,
    )
    assert.equal(await eventCount(database.db), before)
    assert.equal((await createAuditService(database.db).verify()).ok, true)
  })
})

describe('finding tampering in the audit trail', () => {
  let database: TestDatabase
  let ids: number[]
  before(async () => {
    database = await createTestDatabase({ seed: false })
    // More than one batch of verify(), so that a break is found and counted across batches.
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 1100; i++) {
        await recordAudit(trx, ADMIN, {
          action: 'test.changed',
          entityType: 'test',
          entityId: `e${i}`,
          after: { n: i },
        })
      }
    })
    ids = await database.db
      .selectFrom('audit_event')
      .select('id')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => r.id))
  })
  after(() => database.close())

  it('checks every event of a long chain', async () => {
    assert.deepEqual(await createAuditService(database.db).verify(), { ok: true, checked: 1100 })
  })

  it('names an event whose content was changed, and is content again once it is put back', async () => {
    const audit = createAuditService(database.db)
    for (const index of [3, 1050]) {
      const id = ids[index]!
      await withoutTriggers(database.db, () =>
        database.db
          .updateTable('audit_event')
          .set({ after: JSON.stringify({ n: -1 }) })
          .where('id', '=', id)
          .execute(),
      )
      const result = await audit.verify()
      assert.ok(!result.ok)
      assert.equal(result.brokenId, id)
      assert.equal(result.checked, index, 'the events before it checked out')
      assert.match(result.problem, /content does not match/)

      await withoutTriggers(database.db, () =>
        database.db
          .updateTable('audit_event')
          .set({ after: JSON.stringify({ n: index }) })
          .where('id', '=', id)
          .execute(),
      )
      assert.deepEqual(await audit.verify(), { ok: true, checked: 1100 })
    }
  })

  it('names the event after one that was removed', async () => {
    const [, removed, next] = await idsOf(database.db, ['e9', 'e10', 'e11'])
    await withoutTriggers(database.db, () =>
      database.db.deleteFrom('audit_event').where('id', '=', removed!).execute(),
    )
    const result = await createAuditService(database.db).verify()
    assert.ok(!result.ok)
    assert.equal(result.brokenId, next)
    assert.match(result.problem, /does not follow the event before it/)

    await assert.rejects(
      database.db.deleteFrom('audit_event').execute(),
      /append-only/,
      'the triggers are back on',
    )
  })
})
