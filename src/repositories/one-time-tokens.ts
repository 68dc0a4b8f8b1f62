// One-time tokens: the links sent by e-mail (invitations, password resets, e-mail
// confirmations), stored by the hash of their token. Each works once, until it expires; the
// time is the service's clock, handed in, so that tests can move it.
import type { Db } from '../db/database.ts'
import type { Role, TokenPurpose } from '../domain/accounts.ts'

export function insertOneTimeToken(
  db: Db,
  token: {
    purpose: TokenPurpose
    token_hash: string
    user_id: string | null
    email: string
    display_name?: string | null
    role?: Role | null
    organisation_id?: string | null
    created_by?: string | null
    created_at: Date
    expires_at: Date
  },
) {
  return db.insertInto('one_time_token').values(token).returningAll().executeTakeFirstOrThrow()
}

/** The token if it is for that purpose, unused and unexpired at `now`. */
export function findUsableToken(db: Db, purpose: TokenPurpose, tokenHash: string, now: Date) {
  return db
    .selectFrom('one_time_token as t')
    .leftJoin('organisation as o', 'o.id', 't.organisation_id')
    .selectAll('t')
    .select('o.name as organisation_name')
    .where('t.purpose', '=', purpose)
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst()
}

/** Whether this call used the token: false when another got there first. */
export async function markTokenUsed(db: Db, id: string, now: Date) {
  const result = await db
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function expireTokensOf(db: Db, userId: string, purpose: TokenPurpose, now: Date) {
  await db
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute()
}

/** Unused tokens for that purpose of the account, if there is one, or sent to the address. */
export async function expireTokensOfAccountOrAddress(
  db: Db,
  purpose: TokenPurpose,
  userId: string | null,
  email: string,
  now: Date,
) {
  await db
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where((eb) =>
      userId ? eb.or([eb('user_id', '=', userId), eb('email', '=', email)]) : eb('email', '=', email),
    )
    .execute()
}

/** Every link ever sent to the account, used or not: closing it leaves none. */
export async function deleteTokensOf(db: Db, userId: string) {
  await db.deleteFrom('one_time_token').where('user_id', '=', userId).execute()
}
