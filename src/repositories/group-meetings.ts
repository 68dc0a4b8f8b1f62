// Credential Group meetings and written procedures: one row each, with the minutes.
import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'
import type { MeetingKind } from '../domain/group-meetings.ts'

export function insertMeeting(
  trx: Transaction<Database>,
  values: {
    kind: MeetingKind
    meets_on: string
    starts_at: string
    closes_on: string | null
    created_by: string
  },
) {
  return trx.insertInto('group_meeting').values(values).returning(['id', 'number']).executeTakeFirstOrThrow()
}

const withChair = (db: Db) =>
  db
    .selectFrom('group_meeting as m')
    .innerJoin('user_account as u', 'u.id', 'm.created_by')
    .selectAll('m')
    .select('u.display_name as created_by_name')

export function findMeeting(db: Db, id: string) {
  return withChair(db).where('m.id', '=', id).executeTakeFirst()
}

export function lockMeeting(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('group_meeting').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Changes the meeting if it still has the version the person saw; undefined when it had changed. */
export function updateMeeting(
  trx: Transaction<Database>,
  id: string,
  rowVersion: number,
  changes: { minutes?: string; state?: 'closed'; closed_at?: Date },
) {
  return trx
    .updateTable('group_meeting')
    .set({ ...changes, row_version: sql<number>`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('row_version')
    .executeTakeFirst()
}

/** A page of meetings, the latest day first, with how many items each has and how many are closed. */
export async function listMeetingPage(db: Db, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    withChair(db)
      .select((eb) => [
        eb
          .selectFrom('group_meeting_item as i')
          .whereRef('i.meeting_id', '=', 'm.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('items'),
        eb
          .selectFrom('group_meeting_item as i')
          .whereRef('i.meeting_id', '=', 'm.id')
          .where('i.closed_at', 'is not', null)
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('closed_items'),
      ])
      .orderBy('m.meets_on', 'desc')
      .orderBy('m.number', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('group_meeting')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((r) => ({ ...r, items: Number(r.items ?? 0), closed_items: Number(r.closed_items ?? 0) })),
    total: Number(count.n),
  }
}

export async function countMeetings(db: Db): Promise<number> {
  const row = await db
    .selectFrom('group_meeting')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
