import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { down } from '../db/migrations/20261126040000_audit_pseudonyms.ts'
import type { Database } from '../db/schema.ts'
import { auditHash, GENESIS_HASH, pseudonymFor } from '../domain/audit.ts'
import { createAuditService, pseudonymiseAuditActor, recordAudit, type Actor } from '../services/audit.ts'
import { insertEvent, lastHash, lockChain, pseudonymiseActor } from './audit.ts'

const NAME = 'Zoë Quennell-Practitioner'

/** An event as written before version 2 hashes existed. */
function recordLegacy(db: Kysely<Database>, actor: Actor, entityId: string) {
  return db.transaction().execute(async (trx) => {
    await lockChain(trx)
    const prevHash = (await lastHash(trx))?.hash ?? GENESIS_HASH
    const content = {
      occurredAt: new Date(Math.floor(Date.now())),
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: 'test.legacy',
      entityType: 'test',
      entityId,
      ip: actor.ip,
      before: null,
      after: { entityId },
    }
    await insertEvent(trx, {
      occurred_at: content.occurredAt,
      actor_user_id: content.actorUserId,
      actor_label: content.actorLabel,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      ip: content.ip,
      before: content.before,
      after: content.after,
      prev_hash: prevHash,
      hash: auditHash(prevHash, content),
      hash_version: 1,
      actor_label_salt: null,
      actor_label_digest: null,
    })
  })
}

function record(db: Kysely<Database>, actor: Actor, entityId: string) {
  return db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'test.changed',
      entityType: 'test',
      entityId,
      before: null,
      after: { entityId },
    }),
  )
}

async function eventCount(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** Events whose whole row, every column as text, mentions the name. */
async function rowsNaming(db: Kysely<Database>, name: string, hashVersion: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_event e
    where e.hash_version = ${hashVersion} and e::text ilike ${`%${name}%`}`.execute(db)
  return rows[0]!.n
}

describe('pseudonymising an actor in the audit trail', () => {
  let database: TestDatabase
  const closing: Actor = { userId: randomUUID(), label: NAME, ip: '192.0.2.20' }
  const other: Actor = { userId: randomUUID(), label: 'other@example.org', ip: null }
  let ids: { v1: number; v2: number }

  before(async () => {
    database = await createTestDatabase({ seed: false })
    const { db } = database
    await recordLegacy(db, closing, 'legacy-1')
    await recordLegacy(db, other, 'legacy-2')
    await recordLegacy(db, closing, 'legacy-3')
    for (let i = 0; i < 4; i++) {
      await record(db, closing, `new-${i}`)
      await record(db, other, `other-${i}`)
    }
    const byVersion = await db
      .selectFrom('audit_event')
      .select(['hash_version', (eb) => eb.fn.max('id').as('id')])
      .where('actor_user_id', '=', closing.userId)
      .groupBy('hash_version')
      .execute()
    ids = {
      v1: Number(byVersion.find((r) => r.hash_version === 1)!.id),
      v2: Number(byVersion.find((r) => r.hash_version === 2)!.id),
    }
  })
  after(() => database.close())

  it('writes new events as version 2, each with a salt of its own', async () => {
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt', 'actor_label_digest'])
      .where('hash_version', '=', 2)
      .execute()
    assert.equal(rows.length, 8)
    for (const row of rows) {
      assert.match(row.actor_label_salt!, /^[0-9a-f]{32}$/)
      assert.match(row.actor_label_digest!, /^[0-9a-f]{64}$/)
    }
    assert.equal(new Set(rows.map((r) => r.actor_label_digest)).size, 8, 'equal labels, unrelated digests')
    assert.deepEqual(await createAuditService(database.db).verify(), { ok: true, checked: 11 })
  })

  it('replaces the name in version 2 events, keeps the chain intact and counts the legacy ones', async () => {
    const { db } = database
    assert.equal(await rowsNaming(db, NAME, 2), 4)
    const result = await db.transaction().execute((trx) => pseudonymiseAuditActor(trx, closing.userId!))
    assert.deepEqual(result, { pseudonymised: 4, unchangedLegacy: 2 })

    assert.deepEqual(await createAuditService(db).verify(), { ok: true, checked: 11 })
    assert.equal(await rowsNaming(db, NAME, 2), 0, 'the name is gone from every version 2 event')
    assert.equal(await rowsNaming(db, NAME, 1), 2, 'version 1 events cannot change')
    const erased = await db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt'])
      .where('actor_user_id', '=', closing.userId)
      .where('hash_version', '=', 2)
      .execute()
    assert.deepEqual(
      erased,
      erased.map(() => ({ actor_label: pseudonymFor(closing.userId!), actor_label_salt: null })),
    )
    const { events } = await createAuditService(db).list({ actor: 'Closed account', limit: 10, offset: 0 })
    assert.equal(events.length, 4)
    assert.equal(await rowsNaming(db, other.label, 2), 4, "other people's events are untouched")

    const again = await db.transaction().execute((trx) => pseudonymiseActor(trx, closing.userId!, 'Someone'))
    assert.deepEqual(again, { pseudonymised: 0, unchangedLegacy: 2 }, 'an erased label stays as it was')
    assert.equal(await rowsNaming(db, 'Someone', 2), 0)
  })

  it('refuses every other UPDATE, and DELETE and TRUNCATE, in the database itself', async () => {
    const { db } = database
    const before = await eventCount(db)
    const otherV2 = await db
      .selectFrom('audit_event')
      .select('id')
      .where('actor_user_id', '=', other.userId)
      .where('hash_version', '=', 2)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const refusals: Array<[string, () => Promise<unknown>]> = [
      [
        'another column',
        () => sql`update audit_event set action = 'test.forged' where id = ${otherV2.id}`.execute(db),
      ],
      [
        'another column, along with an erasure',
        () =>
          sql`update audit_event set actor_label = 'x', actor_label_salt = null, action = 'test.forged'
            where id = ${otherV2.id}`.execute(db),
      ],
      [
        'a label while keeping its salt',
        () => sql`update audit_event set actor_label = 'x' where id = ${otherV2.id}`.execute(db),
      ],
      [
        'a new salt',
        () =>
          sql`update audit_event set actor_label_salt = repeat('0', 32) where id = ${otherV2.id}`.execute(db),
      ],
      [
        'an erasure on a version 1 event',
        () =>
          sql`update audit_event set actor_label = 'x', actor_label_salt = null where id = ${ids.v1}`.execute(
            db,
          ),
      ],
      [
        'a version 1 event made version 2',
        () =>
          sql`update audit_event set hash_version = 2, actor_label_digest = 'x' where id = ${ids.v1}`.execute(
            db,
          ),
      ],
      [
        'a label once erased',
        () => sql`update audit_event set actor_label = 'someone else' where id = ${ids.v2}`.execute(db),
      ],
      [
        'the digest of an erased event',
        () =>
          sql`update audit_event set actor_label_digest = repeat('0', 64) where id = ${ids.v2}`.execute(db),
      ],
      [
        'a change to nothing',
        () => sql`update audit_event set action = action where id = ${otherV2.id}`.execute(db),
      ],
    ]
    for (const [what, change] of refusals) {
      await assert.rejects(change, /append-only: UPDATE is not allowed/, what)
    }
    await assert.rejects(
      db.deleteFrom('audit_event').where('id', '=', ids.v2).execute(),
      /append-only: DELETE is not allowed/,
    )
    await assert.rejects(sql`truncate audit_event`.execute(db), /append-only: TRUNCATE is not allowed/)
    assert.equal(await eventCount(db), before)
    assert.deepEqual(await createAuditService(db).verify(), { ok: true, checked: before })
  })

  it('names a version 2 event whose label was changed behind the triggers while its salt was kept', async () => {
    const { db } = database
    const target = await db
      .selectFrom('audit_event')
      .select('id')
      .where('actor_user_id', '=', other.userId)
      .where('hash_version', '=', 2)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const relabel = async (label: string) => {
      await sql`alter table audit_event disable trigger user`.execute(db)
      try {
        await db.updateTable('audit_event').set({ actor_label: label }).where('id', '=', target.id).execute()
      } finally {
        await sql`alter table audit_event enable trigger user`.execute(db)
      }
    }
    await relabel('someone else')
    const result = await createAuditService(db).verify()
    assert.ok(!result.ok)
    assert.equal(result.brokenId, target.id)
    assert.match(result.problem, /actor label does not match its digest/)
    await relabel(other.label)
    assert.equal((await createAuditService(db).verify()).ok, true)
  })

  it('will not migrate down while version 2 events exist', async () => {
    await assert.rejects(
      database.db.transaction().execute((trx) => down(trx as unknown as Kysely<unknown>)),
      /version 2 events/,
    )
    assert.equal((await createAuditService(database.db).verify()).ok, true)
  })
})
