// The links e-mailed to respondents who are not signed in, stored by the hash of their token.
import type { Db } from '../db/database.ts'
import type { ResponseTokenPurpose } from '../domain/consultations.ts'

export function insertResponseToken(
  db: Db,
  token: {
    response_id: string
    purpose: ResponseTokenPurpose
    token_hash: string
    created_at: Date
    expires_at: Date
  },
) {
  return db.insertInto('consultation_response_token').values(token).returningAll().executeTakeFirstOrThrow()
}

/** The token with its response, if it is for that purpose, unused and unexpired at `now`. */
export function findUsableResponseToken(db: Db, purpose: ResponseTokenPurpose, tokenHash: string, now: Date) {
  return db
    .selectFrom('consultation_response_token as t')
    .innerJoin('consultation_response as r', 'r.id', 't.response_id')
    .select(['t.id as token_id', 't.response_id', 'r.consultation_id', 'r.email', 'r.confirmed_at'])
    .where('t.purpose', '=', purpose)
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst()
}

/** Whether this call used the token: false when another got there first. */
export async function markResponseTokenUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('consultation_response_token')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
