import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

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

export async function listMail(db: Db, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('email_outbox')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
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
