// Responses to a consultation. A signed-in respondent's is confirmed when saved; someone else's
// is saved unconfirmed and counts from when they confirm their address by the e-mailed link.
// One confirmed response per address and one per account (unique indexes).
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ConsultationResponseTable } from '../db/schema.ts'

export function insertResponse(db: Db, response: Insertable<ConsultationResponseTable>) {
  return db.insertInto('consultation_response').values(response).returningAll().executeTakeFirstOrThrow()
}

export function findResponseById(db: Db, id: string) {
  return db.selectFrom('consultation_response').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The response of a signed-in account to a consultation, if it has one. */
export function findResponseOfUser(db: Db, consultationId: string, userId: string) {
  return db
    .selectFrom('consultation_response')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** The confirmed response from an address (any letter case), if there is one. */
export function findConfirmedResponseOfEmail(db: Db, consultationId: string, email: string) {
  return db
    .selectFrom('consultation_response')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst()
}

/** Counts the response from now; false when it was confirmed already. */
export async function confirmResponse(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('consultation_response')
    .set({ confirmed_at: at, updated_at: at })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Applies the respondent's changes if the response is still at `rowVersion`; undefined when not. */
export function updateResponse(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ConsultationResponseTable>, 'id' | 'row_version' | 'consultation_id'>,
  at: Date,
) {
  return db
    .updateTable('consultation_response')
    .set((eb) => ({ ...changes, updated_at: at, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

/** An unconfirmed response given up (its address had responded already), with what it held. */
export async function deleteUnconfirmedResponse(db: Db, id: string): Promise<void> {
  await db.deleteFrom('consultation_answer').where('response_id', '=', id).execute()
  await db.deleteFrom('consultation_comment').where('response_id', '=', id).execute()
  await db
    .deleteFrom('consultation_response')
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .execute()
}
