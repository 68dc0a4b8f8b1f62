import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { down } from '../db/migrations/20261126040000_audit_pseudonyms.ts'
import { up as markEarlierErasures } from '../db/migrations/20261206210000_audit_erasure_marker.ts'
import type { Database } from '../db/schema.ts'
import {
  auditHash,
  ERASED_ANONYMOUS_LABEL,
  ERASED_CONTENT,
  ERASURE_ACTION,
  GENESIS_HASH,
  pseudonymFor,
} from '../domain/audit.ts'
import { createAuditService, eraseFromAuditTrail, recordAudit, type Actor } from '../services/audit.ts'
import { insertEvent, lastHash, lockChain } from './audit.ts'

const NAME = 'Zoë Quennell-Practitioner'
const EMAIL = 'zoe.quennell@example.org'
const REGISTRATION = '12A3456E'

/** An event as written before version 2 hashes existed. */
function recordLegacy(db: Kysely<Database>, actor: Actor, entityId: string, after: unknown = { entityId }) {
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
      after,
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
      content_salt: null,
      content_digest: null,
    })
  })
}

function record(
  db: Kysely<Database>,
  actor: Actor,
  entityId: string | null,
  after: unknown = { entityId },
  before: unknown = null,
) {
  return db
    .transaction()
    .execute((trx) =>
      recordAudit(trx, actor, { action: 'test.changed', entityType: 'test', entityId, before, after }),
    )
}

async function eventCount(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** Events whose whole row, every column as text, mentions the value. */
async function rowsNaming(db: Kysely<Database>, value: string, hashVersion?: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from audit_event e
    where (${hashVersion ?? null}::int is null or e.hash_version = ${hashVersion ?? null})
      and e::text ilike ${`%${value}%`}`.execute(db)
  return rows[0]!.n
}

const verify = (db: Kysely<Database>) => createAuditService(db).verify()

const lastId = (db: Kysely<Database>) =>
  db.selectFrom('audit_event').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()

const idOf = (db: Kysely<Database>, entityId: string) =>
  db.selectFrom('audit_event').select('id').where('entity_id', '=', entityId).executeTakeFirstOrThrow()

describe('erasing a person from the audit trail', () => {
  let database: TestDatabase
  const closing: Actor = { userId: randomUUID(), label: NAME, ip: '192.0.2.20' }
  const other: Actor = { userId: randomUUID(), label: 'other@example.org', ip: null }
  const admin: Actor = { userId: randomUUID(), label: 'admin@example.org', ip: null }
  const anonymous: Actor = { userId: null, label: EMAIL, ip: '192.0.2.21' }
  const personalValues = [EMAIL, NAME, REGISTRATION, 'Zo']
  let ids: { v1: number; v2: number; invitation: number; otherV2: number }
  let total: number
  /** An event without an actor, its label not erased. */
  let visit: number

  before(async () => {
    database = await createTestDatabase({ seed: false })
    const { db } = database
    await db
      .insertInto('user_account')
      .values([
        { id: closing.userId!, email: EMAIL, display_name: NAME },
        { id: other.userId!, email: other.label, display_name: 'Other' },
        { id: admin.userId!, email: admin.label, display_name: 'Admin' },
      ])
      .execute()
    await recordLegacy(db, closing, 'legacy-1')
    await recordLegacy(db, other, 'legacy-2')
    await recordLegacy(db, closing, 'legacy-3')
    await recordLegacy(db, other, 'legacy-4', { note: `met ${NAME}` })
    // About them, by someone else and by no one signed in, and mentioning them.
    await record(db, admin, closing.userId, { email: EMAIL, displayName: NAME, role: 'practitioner' })
    await record(db, anonymous, closing.userId, { email: EMAIL })
    await record(db, anonymous, null, null)
    await record(db, other, 'check', { checked: [`PIN ${REGISTRATION.toLowerCase()}`, 'GPhC 2034567'] })
    for (let i = 0; i < 4; i++) {
      await record(db, closing, `new-${i}`, { entityId: `new-${i}`, name: NAME, n: i }, { n: i - 1 })
      await record(db, other, `other-${i}`)
    }
    const max = (where: (eb: ExpressionBuilder<Database, 'audit_event'>) => Expression<SqlBool>) =>
      db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('id').as('id'))
        .where(where)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.id))
    ids = {
      v1: await max((eb) => eb.and([eb('actor_user_id', '=', closing.userId), eb('hash_version', '=', 1)])),
      v2: await max((eb) => eb.and([eb('actor_user_id', '=', closing.userId), eb('hash_version', '=', 2)])),
      invitation: await max((eb) => eb('actor_user_id', '=', admin.userId)),
      otherV2: await max((eb) => eb('entity_id', '=', 'other-0')),
    }
    total = await eventCount(db)
  })
  after(() => database.close())

  it('writes new events as version 2, each with salts of its own for the label and before/after', async () => {
    const rows = await database.db
      .selectFrom('audit_event')
      .select(['actor_label_salt', 'actor_label_digest', 'content_salt', 'content_digest'])
      .where('hash_version', '=', 2)
      .execute()
    assert.equal(rows.length, 12)
    for (const row of rows) {
      assert.match(row.actor_label_salt!, /^[0-9a-f]{32}$/)
      assert.match(row.content_salt!, /^[0-9a-f]{32}$/)
      assert.notEqual(row.actor_label_salt, row.content_salt)
      assert.match(row.actor_label_digest!, /^[0-9a-f]{64}$/)
      assert.match(row.content_digest!, /^[0-9a-f]{64}$/)
    }
    assert.equal(new Set(rows.map((r) => r.actor_label_digest)).size, 12, 'equal labels, unrelated digests')
    assert.equal(new Set(rows.map((r) => r.content_digest)).size, 12, 'equal content, unrelated digests')
    assert.deepEqual(await verify(database.db), { ok: true, checked: total })
  })

  /** As closing the account does before erasing it from the audit trail, which the triggers check. */
  const closeAccount = (userId: string) =>
    database.db
      .updateTable('user_account')
      .set({
        email: `closed-${userId}@closed.invalid`,
        display_name: pseudonymFor(userId),
        status: 'disabled',
      })
      .where('id', '=', userId)
      .execute()

  it('refuses to erase while the account is open, even by an erasure event naming the part', async () => {
    const { db } = database
    await assert.rejects(
      db.transaction().execute((trx) => eraseFromAuditTrail(trx, closing.userId!, personalValues)),
      /append-only: UPDATE is not allowed/,
    )
    assert.equal(await eventCount(db), total, 'the erasure event went with the refused transaction')
  })

  it('replaces their label by the pseudonym and before/after by the marker in version 2 events, records the erasure in the chain and counts the legacy ones', async () => {
    const { db } = database
    assert.equal(await rowsNaming(db, EMAIL), 3)
    await closeAccount(closing.userId!)
    const result = await db
      .transaction()
      .execute((trx) => eraseFromAuditTrail(trx, closing.userId!, personalValues))
    assert.deepEqual(result, { erased: 8, unchangedLegacy: 3 })
    total++

    assert.deepEqual(await verify(db), { ok: true, checked: total })
    assert.equal(await rowsNaming(db, EMAIL), 0, 'the e-mail address is nowhere in audit_event')
    assert.equal(await rowsNaming(db, REGISTRATION), 0)
    assert.equal(await rowsNaming(db, NAME, 2), 0, 'the name is gone from every version 2 event')
    assert.equal(await rowsNaming(db, NAME, 1), 3, 'version 1 events cannot change')

    const pseudonym = pseudonymFor(closing.userId!)
    const theirs = await db
      .selectFrom('audit_event')
      .select(['id', 'actor_label', 'actor_label_salt', 'before', 'after', 'content_salt'])
      .where('actor_user_id', '=', closing.userId)
      .where('hash_version', '=', 2)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      theirs,
      theirs.map(({ id }) => ({
        id,
        actor_label: pseudonym,
        actor_label_salt: null,
        before: ERASED_CONTENT,
        after: ERASED_CONTENT,
        content_salt: null,
      })),
    )
    // The admin who invited them still has an open account: only the invitee is erased.
    const invitation = await db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt', 'after', 'content_salt'])
      .where('id', '=', ids.invitation)
      .executeTakeFirstOrThrow()
    assert.equal(invitation.actor_label, admin.label)
    assert.match(invitation.actor_label_salt!, /^[0-9a-f]{32}$/, 'so the label is still checked')
    assert.deepEqual(invitation.after, ERASED_CONTENT)
    assert.equal(invitation.content_salt, null)
    const check = await db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt', 'after', 'content_salt'])
      .where('entity_id', '=', 'check')
      .executeTakeFirstOrThrow()
    assert.equal(check.actor_label, other.label)
    assert.notEqual(check.actor_label_salt, null)
    assert.deepEqual(check.after, ERASED_CONTENT)
    assert.equal(check.content_salt, null)
    // No one signed in, their e-mail address as the label: the fixed text instead.
    const anonymousEvents = await db
      .selectFrom('audit_event')
      .select(['id', 'actor_label', 'actor_label_salt', 'after', 'content_salt'])
      .where('actor_user_id', 'is', null)
      .where('hash_version', '=', 2)
      .where('action', '<>', ERASURE_ACTION)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      anonymousEvents.map(({ id: _, ...rest }) => rest),
      [
        {
          actor_label: ERASED_ANONYMOUS_LABEL,
          actor_label_salt: null,
          after: ERASED_CONTENT,
          content_salt: null,
        },
        // Nothing of theirs in before/after, and not about them: before/after keeps its salt.
        {
          actor_label: ERASED_ANONYMOUS_LABEL,
          actor_label_salt: null,
          after: null,
          content_salt: anonymousEvents[1]!.content_salt,
        },
      ],
    )
    assert.match(anonymousEvents[1]!.content_salt!, /^[0-9a-f]{32}$/)

    // The erasure itself, the latest event, naming each event and part it erased.
    const erasure = await db
      .selectFrom('audit_event')
      .select(['id', 'actor_user_id', 'actor_label', 'entity_type', 'entity_id', 'after', 'content_salt'])
      .where('action', '=', ERASURE_ACTION)
      .executeTakeFirstOrThrow()
    assert.equal(erasure.id, Number((await lastId(db)).id))
    assert.deepEqual(
      { ...erasure, id: undefined, content_salt: undefined },
      {
        id: undefined,
        actor_user_id: null,
        actor_label: 'system',
        entity_type: 'user_account',
        entity_id: closing.userId,
        content_salt: undefined,
        after: {
          events: [
            ...theirs.map(({ id }) => ({ id, parts: ['label', 'content'] })),
            { id: ids.invitation, parts: ['content'] },
            { id: anonymousEvents[0]!.id, parts: ['label', 'content'] },
            { id: anonymousEvents[1]!.id, parts: ['label'] },
            { id: Number((await idOf(db, 'check')).id), parts: ['content'] },
          ].sort((a, b) => a.id - b.id),
        },
      },
    )
    assert.notEqual(erasure.content_salt, null, 'an erasure event is never erased')

    const { events } = await createAuditService(db).list({ actor: 'Closed account', limit: 20, offset: 0 })
    assert.equal(events.length, 6, 'their 4 events and the 2 without an actor')
    const untouched = await db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt', 'content_salt'])
      .where('entity_id', 'like', 'other-%')
      .execute()
    assert.equal(untouched.length, 4)
    assert.ok(
      untouched.every(
        (r) => r.actor_label === other.label && r.actor_label_salt !== null && r.content_salt !== null,
      ),
      "other people's events are untouched",
    )

    const again = await db
      .transaction()
      .execute((trx) => eraseFromAuditTrail(trx, closing.userId!, personalValues))
    assert.deepEqual(again, { erased: 0, unchangedLegacy: 3 }, 'an erased event stays as it was')
    assert.equal(await eventCount(db), total, 'nothing erased, no erasure event')
  })

  it('refuses every other UPDATE, and DELETE and TRUNCATE, in the database itself', async () => {
    const { db } = database
    await record(db, { userId: null, label: 'visitor@example.org', ip: null }, 'visit')
    total++
    visit = Number((await idOf(db, 'visit')).id)
    const refusals: Array<[string, () => Promise<unknown>]> = [
      [
        'another column',
        () => sql`update audit_event set action = 'test.forged' where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'another column, along with an erasure',
        () =>
          sql`update audit_event set actor_label = 'x', actor_label_salt = null, action = 'test.forged'
            where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'the entity, along with an erasure',
        () =>
          sql`update audit_event set actor_label_salt = null, entity_id = 'elsewhere'
            where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'a label while keeping its salt',
        () => sql`update audit_event set actor_label = 'x' where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'before/after while keeping the salt',
        () =>
          sql`update audit_event set before = '{"n": 1}', after = null where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'a label changed, along with erasing before/after',
        () =>
          sql`update audit_event set actor_label = 'x', content_salt = null where id = ${ids.otherV2}`.execute(
            db,
          ),
      ],
      [
        'before/after changed, along with erasing the label',
        () =>
          sql`update audit_event set after = '{"n": 1}', actor_label_salt = null where id = ${ids.otherV2}`.execute(
            db,
          ),
      ],
      [
        'a new salt',
        () =>
          sql`update audit_event set actor_label_salt = repeat('0', 32) where id = ${ids.otherV2}`.execute(
            db,
          ),
      ],
      [
        'a new content salt',
        () =>
          sql`update audit_event set content_salt = repeat('0', 32) where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'an admin’s label, on an event whose before/after was erased',
        () => sql`update audit_event set actor_label = 'x' where id = ${ids.invitation}`.execute(db),
      ],
      [
        'a salt given back to an erased label',
        () => sql`update audit_event set actor_label_salt = repeat('0', 32) where id = ${ids.v2}`.execute(db),
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
          sql`update audit_event set hash_version = 2, actor_label_digest = 'x', content_digest = 'x'
            where id = ${ids.v1}`.execute(db),
      ],
      [
        'a label once erased',
        () => sql`update audit_event set actor_label = 'someone else' where id = ${ids.v2}`.execute(db),
      ],
      [
        'after, once erased',
        () => sql`update audit_event set after = '{"n": 1}' where id = ${ids.v2}`.execute(db),
      ],
      [
        'the label digest of an erased event',
        () =>
          sql`update audit_event set actor_label_digest = repeat('0', 64) where id = ${ids.v2}`.execute(db),
      ],
      [
        'the content digest of an erased event',
        () => sql`update audit_event set content_digest = repeat('0', 64) where id = ${ids.v2}`.execute(db),
      ],
      [
        'a rewrite behind the triggers: after rewritten, before and the salt dropped',
        () =>
          sql`update audit_event set after = '{"note":"rewritten"}', before = null, content_salt = null
            where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'before/after as the marker, without an erasure event naming it',
        () =>
          sql`update audit_event set before = '{"erased": true}', after = '{"erased": true}',
            content_salt = null where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'a label without an actor made the erased label, without an erasure event naming it',
        () =>
          sql`update audit_event set actor_label = ${ERASED_ANONYMOUS_LABEL}, actor_label_salt = null
            where id = ${visit}`.execute(db),
      ],
      [
        'a label made the pseudonym of an open account',
        () =>
          sql`update audit_event set actor_label = ${pseudonymFor(other.userId!)}, actor_label_salt = null
            where id = ${ids.otherV2}`.execute(db),
      ],
      [
        'an erasure event changed',
        () => sql`update audit_event set content_salt = null where action = ${ERASURE_ACTION}`.execute(db),
      ],
      [
        'an erasure, however written, by an erasure event for an account that is still open',
        () =>
          db.transaction().execute(async (trx) => {
            await recordAudit(trx, admin, {
              action: ERASURE_ACTION,
              entityType: 'user_account',
              entityId: other.userId,
              after: { events: [{ id: ids.otherV2, parts: ['content'] }] },
            })
            await sql`update audit_event set before = '{"erased": true}', after = '{"erased": true}',
              content_salt = null where id = ${ids.otherV2}`.execute(trx)
          }),
      ],
      [
        'an erasure by an erasure event that is not the latest',
        () =>
          db.transaction().execute(async (trx) => {
            await recordAudit(trx, admin, {
              action: ERASURE_ACTION,
              entityType: 'user_account',
              entityId: closing.userId,
              after: { events: [{ id: ids.otherV2, parts: ['content'] }] },
            })
            await recordAudit(trx, admin, { action: 'test.changed', entityType: 'test' })
            await sql`update audit_event set before = '{"erased": true}', after = '{"erased": true}',
              content_salt = null where id = ${ids.otherV2}`.execute(trx)
          }),
      ],
      [
        'a change to nothing',
        () => sql`update audit_event set action = action where id = ${ids.otherV2}`.execute(db),
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
    assert.equal(await eventCount(db), total)
    assert.deepEqual(await verify(db), { ok: true, checked: total })
  })

  /** Only the owner of the table can do this, which is the point: the application never does. */
  async function behindTheTriggers(change: () => Promise<unknown>) {
    const { db } = database
    await sql`alter table audit_event disable trigger user`.execute(db)
    try {
      await change()
    } finally {
      await sql`alter table audit_event enable trigger user`.execute(db)
    }
  }

  it('names a version 2 event whose label or after was changed behind the triggers while its salt was kept', async () => {
    const { db } = database
    for (const change of [{ actor_label: 'someone else' }, { after: JSON.stringify({ entityId: 'x' }) }]) {
      await behindTheTriggers(() =>
        db.updateTable('audit_event').set(change).where('id', '=', ids.otherV2).execute(),
      )
      const result = await verify(db)
      assert.ok(!result.ok)
      assert.equal(result.brokenId, ids.otherV2)
      assert.equal(result.problem, 'its content does not match its hash')
      await behindTheTriggers(() =>
        db
          .updateTable('audit_event')
          .set({ actor_label: other.label, after: JSON.stringify({ entityId: 'other-0' }) })
          .where('id', '=', ids.otherV2)
          .execute(),
      )
      assert.equal((await verify(db)).ok, true)
    }
  })

  it('names an event whose erased label is not its actor’s pseudonym, and an admin’s label changed on an erased invitation', async () => {
    const { db } = database
    const relabel = (id: number, label: string) =>
      behindTheTriggers(() =>
        db.updateTable('audit_event').set({ actor_label: label }).where('id', '=', id).execute(),
      )
    await relabel(ids.v2, 'someone else')
    const result = await verify(db)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, ids.v2)
    assert.equal(result.problem, 'its actor label was erased but is not its actor’s pseudonym')
    await relabel(ids.v2, pseudonymFor(closing.userId!))
    assert.equal((await verify(db)).ok, true)

    await relabel(ids.invitation, pseudonymFor(admin.userId!))
    const relabelled = await verify(db)
    assert.ok(!relabelled.ok)
    assert.equal(relabelled.brokenId, ids.invitation)
    assert.equal(relabelled.problem, 'its content does not match its hash', 'its label is still checked')
    await relabel(ids.invitation, admin.label)
    assert.equal((await verify(db)).ok, true)
  })

  it('names a rewrite done behind the triggers, before/after as the marker without an erasure event, and a label erased without one', async () => {
    const { db } = database
    const original = await db
      .selectFrom('audit_event')
      .select(['actor_label', 'actor_label_salt', 'before', 'after', 'content_salt'])
      .where('id', 'in', [ids.otherV2, visit])
      .orderBy('id')
      .execute()
    const restore = () =>
      behindTheTriggers(async () => {
        for (const [i, id] of [ids.otherV2, visit].entries()) {
          const row = original[i]!
          await db
            .updateTable('audit_event')
            .set({ ...row, before: JSON.stringify(row.before), after: JSON.stringify(row.after) })
            .where('id', '=', id)
            .execute()
        }
      })
    const tamperings: Array<[string, number, string]> = [
      [
        `update audit_event set after = '{"note":"rewritten"}', before = null, content_salt = null where id = ${ids.otherV2}`,
        ids.otherV2,
        'its before/after was erased but is not the erasure marker',
      ],
      [
        `update audit_event set after = '{"erased": true}', before = '{"erased": true}', content_salt = null where id = ${ids.otherV2}`,
        ids.otherV2,
        'its content was erased, but no erasure event after it names that',
      ],
      [
        `update audit_event set actor_label = 'Closed account', actor_label_salt = null where id = ${visit}`,
        visit,
        'its label was erased, but no erasure event after it names that',
      ],
    ]
    for (const [update, id, problem] of tamperings) {
      await behindTheTriggers(() => sql.raw(update).execute(db))
      const result = await verify(db)
      assert.ok(!result.ok, update)
      assert.equal(result.brokenId, id, update)
      assert.equal(result.problem, problem, update)
      await restore()
      assert.deepEqual(await verify(db), { ok: true, checked: total })
    }
  })

  it('marks events erased before erasure events existed, and names them in an erasure event of their own', async () => {
    const { db } = database
    const pseudonym = pseudonymFor(closing.userId!)
    // As closing an account erased before: the label fixed text, before/after's strings replaced.
    await behindTheTriggers(() =>
      db
        .updateTable('audit_event')
        .set({
          actor_label: ERASED_ANONYMOUS_LABEL,
          actor_label_salt: null,
          after: JSON.stringify({ entityId: pseudonym }),
          content_salt: null,
        })
        .where('id', '=', visit)
        .execute(),
    )
    assert.equal((await verify(db)).ok, false)
    await db.transaction().execute((trx) => markEarlierErasures(trx as unknown as Kysely<unknown>))
    total++
    assert.deepEqual(await verify(db), { ok: true, checked: total })
    const row = await db
      .selectFrom('audit_event')
      .select(['before', 'after'])
      .where('id', '=', visit)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { before: ERASED_CONTENT, after: ERASED_CONTENT })
    const erasure = await db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    assert.deepEqual(erasure, {
      action: ERASURE_ACTION,
      after: { events: [{ id: visit, parts: ['label', 'content'] }] },
    })
  })

  it('will not migrate down while version 2 events exist', async () => {
    await assert.rejects(
      database.db.transaction().execute((trx) => down(trx as unknown as Kysely<unknown>)),
      /version 2 events/,
    )
    assert.equal((await verify(database.db)).ok, true)
  })
})
