import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export function findSession(db: Db, id: string) {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertSession(
  db: Db,
  session: { id: string; user_id: string | null; csrf_token: string },
) {
  await db.insertInto('session').values(session).execute()
}

export async function touchSession(db: Db, id: string) {
  await db
    .updateTable('session')
    .set({ last_seen_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export async function saveSessionData(db: Db, id: string, data: Record<string, unknown>) {
  await db
    .updateTable('session')
    .set({ data: JSON.stringify(data) })
    .where('id', '=', id)
    .execute()
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('session').where('id', '=', id).execute()
}

export async function deleteSessionsOfUser(db: Db, userId: string) {
  await db.deleteFrom('session').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(db: Db, idleBefore: Date, createdBefore: Date) {
  await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute()
}
