// Credentials: the catalogue entries that proposals and recognised applications become.
import type { Insertable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { CredentialTable } from '../db/schema.ts'

export function insertCredential(db: Db, credential: Insertable<CredentialTable>) {
  return db.insertInto('credential').values(credential).returningAll().executeTakeFirstOrThrow()
}

/** The slugs already taken by `slug` and its numbered variants (`slug-2`, …). */
export async function slugsLike(db: Db, slug: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('credential')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', 'like', `${slug}-%`)]))
    .execute()
  return new Set(rows.map((r) => r.slug))
}
