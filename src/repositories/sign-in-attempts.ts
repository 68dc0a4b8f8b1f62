// Sign-in attempts, for rate limiting across all instances. Each is recorded at the service's
// time, handed in, so that the window it is counted in is measured on the same clock.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export async function recordSignInAttempt(
  db: Db,
  attempt: { accountKey: string; address: string; succeeded: boolean; at: Date },
) {
  const row = await db
    .insertInto('sign_in_attempt')
    .values({
      account_key: attempt.accountKey,
      address: attempt.address,
      succeeded: attempt.succeeded,
      attempted_at: attempt.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function deleteSignInAttempt(db: Db, id: number) {
  await db.deleteFrom('sign_in_attempt').where('id', '=', id).execute()
}

/** The class of the two-key advisory locks on one account's, or one address's, sign-ins. */
const SIGN_IN_LOCK = 741_200_004

/**
 * Until the transaction ends, no other sign-in to this account or from this address can
 * count attempts: counting and recording one become a single step. The account is locked
 * before the address, always, so two transactions never wait on each other in a circle.
 */
export async function lockSignInKeys(trx: Db, accountKey: string, address: string) {
  await sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${`account:${accountKey}`}))`.execute(trx)
  await sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${`address:${address}`}))`.execute(trx)
}

export async function recentFailures(db: Db, accountKey: string, address: string, since: Date) {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select([
      sql<number>`count(*) filter (where account_key = ${accountKey})::int`.as('by_account'),
      sql<number>`count(*) filter (where address = ${address})::int`.as('by_address'),
    ])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) => eb.or([eb('account_key', '=', accountKey), eb('address', '=', address)]))
    .executeTakeFirstOrThrow()
  return { byAccount: Number(row.by_account), byAddress: Number(row.by_address) }
}

export async function deleteSignInAttemptsBefore(db: Db, before: Date) {
  await db.deleteFrom('sign_in_attempt').where('attempted_at', '<', before).execute()
}

export async function clearFailures(db: Db, accountKey: string) {
  await db
    .deleteFrom('sign_in_attempt')
    .where('account_key', '=', accountKey)
    .where('succeeded', '=', false)
    .execute()
}
