// Issuers' signing keys: every key an organisation has had, the active one unretired.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export function listKeys(db: Db, organisationId: string) {
  return db
    .selectFrom('issuer_key')
    .select(['id', 'key_number', 'public_key_multibase', 'created_at', 'retired_at', 'compromised_from'])
    .where('organisation_id', '=', organisationId)
    .orderBy('key_number')
    .execute()
}

export function findActiveKey(db: Db, organisationId: string) {
  return db
    .selectFrom('issuer_key')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .executeTakeFirst()
}

export function findKey(db: Db, organisationId: string, keyNumber: number) {
  return db
    .selectFrom('issuer_key')
    .select(['public_key_multibase', 'retired_at', 'compromised_from'])
    .where('organisation_id', '=', organisationId)
    .where('key_number', '=', keyNumber)
    .executeTakeFirst()
}

/** Retires the active key, if any; returns the next key's number. */
export async function retireActiveKey(db: Db, organisationId: string): Promise<number> {
  await db
    .updateTable('issuer_key')
    .set({ retired_at: sql<Date>`now()` })
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .execute()
  const last = await db
    .selectFrom('issuer_key')
    .select((eb) => eb.fn.max('key_number').as('n'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  return Number(last?.n ?? 0) + 1
}

export function insertKey(
  db: Db,
  key: {
    organisation_id: string
    key_number: number
    public_key_multibase: string
    private_key_sealed: Buffer
  },
) {
  return db.insertInto('issuer_key').values(key).returning('id').executeTakeFirstOrThrow()
}

/** Organisations that issue (providers and the Centre) and have no key yet. */
export function organisationsWithoutKey(db: Db) {
  return db
    .selectFrom('organisation as o')
    .select('o.id')
    .where('o.kind', 'in', ['provider', 'centre'])
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('issuer_key as k').select('k.id').whereRef('k.organisation_id', '=', 'o.id')),
      ),
    )
    .execute()
}

export function findIssuer(db: Db, organisationId: string) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind', 'website'])
    .where('id', '=', organisationId)
    .where('kind', 'in', ['provider', 'centre'])
    .executeTakeFirst()
}

/** Every issuer (the Centre first, then providers by name) with its signing key's number. */
export function listIssuers(db: Db) {
  return db
    .selectFrom('organisation as o')
    .leftJoin('issuer_key as k', (join) =>
      join.onRef('k.organisation_id', '=', 'o.id').on('k.retired_at', 'is', null),
    )
    .select(['o.id', 'o.name', 'o.kind', 'k.key_number', 'k.created_at as key_created_at'])
    .where('o.kind', 'in', ['provider', 'centre'])
    .orderBy(sql`o.kind = 'centre'`, 'desc')
    .orderBy('o.name')
    .execute()
}

/** The key, locked until the transaction ends (to mark it compromised once). */
export function lockKey(trx: Db, organisationId: string, keyNumber: number) {
  return trx
    .selectFrom('issuer_key')
    .select(['id', 'created_at', 'retired_at', 'compromised_from'])
    .where('organisation_id', '=', organisationId)
    .where('key_number', '=', keyNumber)
    .forUpdate()
    .executeTakeFirst()
}

/** Marks the key compromised from the start of the day (in London); returns that instant. */
export async function markCompromised(trx: Db, keyId: string, fromDay: string): Promise<Date> {
  const row = await trx
    .updateTable('issuer_key')
    .set({ compromised_from: sql<Date>`(${fromDay}::date)::timestamp at time zone 'Europe/London'` })
    .where('id', '=', keyId)
    .returning('compromised_from')
    .executeTakeFirstOrThrow()
  if (!row.compromised_from) throw new Error('the key was not marked')
  return row.compromised_from
}

/** When the platform signed and stored an award's credential. */
export function findAwardCredentialIssuedAt(db: Db, awardId: string) {
  return db
    .selectFrom('award_credential')
    .select('issued_at')
    .where('award_id', '=', awardId)
    .executeTakeFirst()
}
