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
