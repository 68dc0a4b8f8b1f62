import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

// One lock for the whole chain: two transactions must never link to the same last event.
const AUDIT_CHAIN_LOCK = 741_200_002

export async function lockChain(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx)
}

export function lastHash(db: Db) {
  return db.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

export interface AuditEventRow {
  occurred_at: Date
  actor_user_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string | null
  ip: string | null
  before: unknown
  after: unknown
  prev_hash: string
  hash: string
  hash_version: number
  actor_label_salt: string | null
  actor_label_digest: string | null
}

export async function insertEvent(db: Db, row: AuditEventRow): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      ...row,
      before: row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
      after: row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
    })
    .execute()
}

export interface AuditFilter {
  action?: string | undefined
  entityType?: string | undefined
  entityId?: string | undefined
  actor?: string | undefined
  limit: number
  offset: number
}

export async function listEvents(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_event')
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType)
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId)
  if (filter.actor)
    query = query.where('actor_label', 'ilike', `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}

export function listActions(db: Db) {
  return db.selectFrom('audit_event').select('action').distinct().orderBy('action').execute()
}

export function eventsAfter(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Replaces a person's name with a pseudonym wherever the chain allows: in their version 2
 * events, whose hashes cover only a digest of the label. Dropping the salt at the same time
 * leaves the digest untestable against guessed names. Version 1 events hash the label itself,
 * so theirs stays; they are counted for the caller to report.
 */
export async function pseudonymiseActor(
  trx: Transaction<Database>,
  userId: string,
  pseudonym: string,
): Promise<{ pseudonymised: number; unchangedLegacy: number }> {
  const updated = await trx
    .updateTable('audit_event')
    .set({ actor_label: pseudonym, actor_label_salt: null })
    .where('actor_user_id', '=', userId)
    .where('hash_version', '=', 2)
    // Erased events are left alone: the trigger allows erasing a label once only.
    .where('actor_label_salt', 'is not', null)
    .executeTakeFirst()
  const legacy = await trx
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor_user_id', '=', userId)
    .where('hash_version', '=', 1)
    .executeTakeFirstOrThrow()
  return { pseudonymised: Number(updated.numUpdatedRows), unchangedLegacy: Number(legacy.n) }
}
