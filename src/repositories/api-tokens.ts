import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export function insertApiToken(
  db: Db,
  token: {
    organisation_id: string
    name: string
    token_prefix: string
    token_hash: string
    created_by: string | null
  },
) {
  return db.insertInto('api_token').values(token).returningAll().executeTakeFirstOrThrow()
}

export function listApiTokens(db: Db, organisationId: string) {
  return db
    .selectFrom('api_token as t')
    .leftJoin('user_account as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.token_prefix',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      'u.display_name as created_by_name',
    ])
    .where('t.organisation_id', '=', organisationId)
    .orderBy('t.created_at', 'desc')
    .execute()
}

export function findApiToken(db: Db, id: string) {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findApiTokenByPrefix(db: Db, prefix: string) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('organisation as o', 'o.id', 't.organisation_id')
    .selectAll('t')
    .select('o.name as organisation_name')
    .where('t.token_prefix', '=', prefix)
    .executeTakeFirst()
}

export async function revokeApiToken(db: Db, id: string, revokedBy: string | null) {
  await db
    .updateTable('api_token')
    .set({ revoked_at: sql`now()`, revoked_by: revokedBy })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute()
}

export async function markApiTokenUsed(db: Db, id: string) {
  await db
    .updateTable('api_token')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute()
}
