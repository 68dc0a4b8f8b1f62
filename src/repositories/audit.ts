import type { Db } from '../db/database.ts'
import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import {
  canonicalJson,
  ERASED_CONTENT,
  erasedLabelFor,
  ERASURE_ACTION,
  mentionsAny,
  replaceMentions,
  searchableValues,
  type ErasedPart,
} from '../domain/audit.ts'
import { containsPattern } from '../domain/list-search.ts'

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
  content_salt: string | null
  content_digest: string | null
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
  /** Words in the actor's label (name or e-mail address). */
  actor?: string | undefined
  /** ISO dates, each day whole, in Europe/London. */
  from?: string | undefined
  to?: string | undefined
}

const londonMidnight = (isoDate: string) =>
  sql<Date>`(${isoDate}::date)::timestamp at time zone 'Europe/London'`

/** The events a filter picks out: the one query behind the page, the count and the download. */
function filteredEvents(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_event')
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType)
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId)
  if (filter.actor) query = query.where('actor_label', 'ilike', containsPattern(filter.actor))
  if (filter.from) query = query.where('occurred_at', '>=', londonMidnight(filter.from))
  if (filter.to)
    query = query.where('occurred_at', '<', sql<Date>`${londonMidnight(filter.to)} + interval '1 day'`)
  return query
}

export async function listEvents(db: Db, filter: AuditFilter & { limit: number; offset: number }) {
  const query = filteredEvents(db, filter)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.total) }
}

/** The next batch of the filtered events, newest first, after the event with this id. */
export function listEventsAfter(db: Db, filter: AuditFilter, afterId: number | undefined, limit: number) {
  let query = filteredEvents(db, filter)
  if (afterId !== undefined) query = query.where('id', '<', afterId)
  return query.selectAll().orderBy('id', 'desc').limit(limit).execute()
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

/** Events about the person, by them, or whose label or before/after mention one of the values. */
function concerning(userId: string, values: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'audit_event'>) => {
    const conditions: Array<Expression<SqlBool>> = [
      eb('actor_user_id', '=', userId),
      eb('entity_id', '=', userId),
    ]
    for (const value of values) {
      // As the value is written inside a JSON string, quotes and backslashes escaped.
      const inJson = containsPattern(JSON.stringify(value).slice(1, -1))
      conditions.push(
        eb('actor_label', 'ilike', containsPattern(value)),
        sql<SqlBool>`${eb.ref('before')}::text ilike ${inJson}`,
        sql<SqlBool>`${eb.ref('after')}::text ilike ${inJson}`,
      )
    }
    return eb.or(conditions)
  }
}

export interface Erasure {
  id: number
  /** Whose label it is: null for an event without an actor. */
  actorUserId: string | null
  parts: ErasedPart[]
}

/**
 * What erasing a person from the audit trail takes, wherever the chain allows: in version 2
 * events, whose hashes cover the label and before/after each only through a digest under a
 * salt of its own. The two parts are erased separately, each once at most (the triggers refuse
 * more):
 *
 * - the label, of events by them (it becomes the pseudonym) and of events without an actor
 *   whose label mentions one of their values (it becomes erasedLabelFor(null)); the label of
 *   an event by anyone else is never changed;
 * - before/after, of events about them (their account is the entity) or in which a string
 *   mentions one of their personal values (at least 3 characters, ignoring case): the whole of
 *   it becomes the marker, since nothing else put there could be checked.
 *
 * Erasure events themselves are never erased: they hold ids and part names only. Version 1
 * events hash their content itself, so theirs stays; they are counted for the caller to report.
 */
export async function findErasures(
  trx: Transaction<Database>,
  userId: string,
  personalValues: readonly string[],
): Promise<{ erasures: Erasure[]; unchangedLegacy: number }> {
  const values = searchableValues(personalValues)
  const rows = await trx
    .selectFrom('audit_event')
    .select([
      'id',
      'actor_user_id',
      'actor_label',
      'actor_label_salt',
      'entity_id',
      'before',
      'after',
      'content_salt',
    ])
    .where('hash_version', '=', 2)
    .where('action', '<>', ERASURE_ACTION)
    .where((eb) => eb.or([eb('actor_label_salt', 'is not', null), eb('content_salt', 'is not', null)]))
    .where(concerning(userId, values))
    .orderBy('id')
    .execute()
  const erasures: Erasure[] = []
  for (const row of rows) {
    const parts: ErasedPart[] = []
    if (
      row.actor_label_salt !== null &&
      (row.actor_user_id === userId || (row.actor_user_id === null && mentionsAny(row.actor_label, values)))
    ) {
      parts.push('label')
    }
    if (
      row.content_salt !== null &&
      (row.entity_id === userId || mentionedIn(row.before, values) || mentionedIn(row.after, values))
    ) {
      parts.push('content')
    }
    if (parts.length > 0) erasures.push({ id: row.id, actorUserId: row.actor_user_id, parts })
  }
  const legacy = await trx
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hash_version', '=', 1)
    .where(concerning(userId, values))
    .executeTakeFirstOrThrow()
  return { erasures, unchangedLegacy: Number(legacy.n) }
}

/** Whether a string in the JSON value, at any depth, mentions one of the values. */
function mentionedIn(value: unknown, values: readonly string[]): boolean {
  const marked = replaceMentions(value, values, '')
  return canonicalJson(marked) !== canonicalJson(value)
}

const erasedContent = JSON.stringify(ERASED_CONTENT)

/**
 * Erases what findErasures found, once the erasure event naming it is the latest event (the
 * triggers refuse an erasure otherwise). Erasing a part drops its salt, which leaves its
 * digest untestable against guessed values.
 */
export async function applyErasures(
  trx: Transaction<Database>,
  userId: string,
  pseudonym: string,
  erasures: readonly Erasure[],
): Promise<void> {
  for (const erasure of erasures) {
    const label = erasure.parts.includes('label')
    const content = erasure.parts.includes('content')
    await trx
      .updateTable('audit_event')
      .set({
        ...(label && {
          actor_label: erasure.actorUserId === userId ? pseudonym : erasedLabelFor(null),
          actor_label_salt: null,
        }),
        ...(content && { before: erasedContent, after: erasedContent, content_salt: null }),
      })
      .where('id', '=', erasure.id)
      .execute()
  }
}

/** What the audit trail says one person did, for their copy of their data. */
export function eventsByActor(db: Db, userId: string) {
  return db
    .selectFrom('audit_event')
    .select(['occurred_at', 'action', 'entity_type', 'entity_id', 'ip'])
    .where('actor_user_id', '=', userId)
    .orderBy('id')
    .execute()
}

/**
 * Employer checks made on any of these registration numbers, each number as the check's event
 * holds it (an HMAC), oldest first: when, and whether anything was found. Not who checked.
 */
export function employerChecksOn(db: Db, registrationNumberHmacs: readonly string[]) {
  if (!registrationNumberHmacs.length) return Promise.resolve([])
  return db
    .selectFrom('audit_event')
    .select(['occurred_at', sql<unknown>`after -> 'found'`.as('found')])
    .where('action', '=', 'directory.employer_check')
    .where(sql<string>`after ->> 'registrationNumberHmac'`, 'in', registrationNumberHmacs)
    .orderBy('id')
    .execute()
}
