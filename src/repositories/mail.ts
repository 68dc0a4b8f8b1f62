import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { MailStatus } from '../domain/mail.ts'
import { containsPattern } from '../domain/list-search.ts'

export async function insertMail(db: Db, mail: { to_address: string; subject: string; body_text: string }) {
  await db.insertInto('email_outbox').values(mail).execute()
}

/**
 * Claims due messages by pushing their next attempt into the future in one statement, so
 * that no other instance sends them meanwhile and no transaction stays open while sending.
 */
export async function claimDue(db: Db, limit: number, leaseSeconds: number) {
  const result = await sql<{
    id: string
    to_address: string
    subject: string
    body_text: string
    attempts: number
  }>`
    update email_outbox set next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select id from email_outbox
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning id, to_address, subject, body_text, attempts`.execute(db)
  return result.rows
}

export async function markSent(db: Db, id: string) {
  await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null })
    .where('id', '=', id)
    .execute()
}

export async function markFailedAttempt(db: Db, id: string, error: string, retryInSeconds: number | null) {
  await db
    .updateTable('email_outbox')
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 1000),
      ...(retryInSeconds === null
        ? { status: 'failed' }
        : { next_attempt_at: sql`now() + make_interval(secs => ${retryInSeconds})` }),
    })
    .where('id', '=', id)
    .execute()
}

export interface MailFilter {
  recipient?: string | undefined
  subject?: string | undefined
  status?: MailStatus | undefined
  /** ISO dates, each day whole, in Europe/London. */
  from?: string | undefined
  to?: string | undefined
}

/** The start of a day in Europe/London, as an instant. */
const londonMidnight = (isoDate: string) =>
  sql<Date>`(${isoDate}::date)::timestamp at time zone 'Europe/London'`

/** The messages a filter picks out: the one query behind the page, the count and the download. */
function filteredMail(db: Db, filter: MailFilter) {
  let query = db.selectFrom('email_outbox as m')
  if (filter.recipient) query = query.where('m.to_address', 'ilike', containsPattern(filter.recipient))
  if (filter.subject) query = query.where('m.subject', 'ilike', containsPattern(filter.subject))
  if (filter.status) query = query.where('m.status', '=', filter.status)
  if (filter.from) query = query.where('m.created_at', '>=', londonMidnight(filter.from))
  if (filter.to)
    query = query.where('m.created_at', '<', sql<Date>`${londonMidnight(filter.to)} + interval '1 day'`)
  return query
}

export async function listMail(db: Db, filter: MailFilter & { limit: number; offset: number }) {
  const query = filteredMail(db, filter)
  const [rows, count] = await Promise.all([
    query
      .selectAll('m')
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/**
 * The next batch of the filtered messages, newest first, without their bodies (which hold
 * one-time links). The cursor is the time as the database writes it, to the microsecond.
 */
export function listMailAfter(
  db: Db,
  filter: MailFilter,
  after: { at: string; id: string } | undefined,
  limit: number,
) {
  let query = filteredMail(db, filter)
  if (after)
    query = query.where(
      (eb) =>
        sql<boolean>`(${eb.ref('m.created_at')}, ${eb.ref('m.id')}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    )
  return query
    .select([
      'm.id',
      'm.to_address',
      'm.subject',
      'm.status',
      'm.attempts',
      'm.created_at',
      'm.sent_at',
      'm.last_error',
    ])
    .select(sql<string>`m.created_at::text`.as('cursor_at'))
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute()
}

export function latestMailTo(db: Db, address: string) {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', address)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}
