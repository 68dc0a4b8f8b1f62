// Lookups counted against a limit per address (the employer check's): one row per attempt,
// kept only as long as the limit counts them, as they hold IP addresses.
import type { Db } from '../db/database.ts'
import { sql } from 'kysely'

/** The class of the two-key advisory locks on one address's lookups of one kind. */
const LOOKUP_LOCK = 741_200_005

/**
 * Until the transaction ends, no other lookup of this kind from this address can count
 * attempts: checks sent all at once each see those before them.
 */
export async function lockLookups(trx: Db, kind: string, address: string) {
  await sql`select pg_advisory_xact_lock(${LOOKUP_LOCK}, hashtext(${`${kind}:${address}`}))`.execute(trx)
}

export async function recordLookup(db: Db, kind: string, address: string, at: Date) {
  await db.insertInto('lookup_attempt').values({ kind, address, attempted_at: at }).execute()
}

export async function recentLookups(db: Db, kind: string, address: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('lookup_attempt')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('kind', '=', kind)
    .where('address', '=', address)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function deleteLookupsBefore(db: Db, before: Date) {
  await db.deleteFrom('lookup_attempt').where('attempted_at', '<', before).execute()
}
