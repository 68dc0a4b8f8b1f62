import { sql, type Kysely } from 'kysely'

// Issuers of verifiable credentials: each organisation (providers and the Centre) signs with
// Ed25519 keys. A key is never deleted: a rotated key is retired, and stays in the issuer's
// DID document so that credentials it signed still verify. The private half is kept
// encrypted with the master key from the configuration.
export const CENTRE_NAME = 'Centre for Advancing Practice'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('issuer_key')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('key_number', 'integer', (c) => c.notNull().check(sql`key_number > 0`))
    .addColumn('public_key_multibase', 'text', (c) => c.notNull())
    // AES-256-GCM: nonce (12 bytes), tag (16), then the PKCS #8 private key encrypted.
    .addColumn('private_key_sealed', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .addUniqueConstraint('issuer_key_number_unique', ['organisation_id', 'key_number'])
    .execute()
  // One key signs at a time.
  await sql`create unique index issuer_key_active_idx on issuer_key (organisation_id) where retired_at is null`.execute(
    db,
  )
  // The Centre issues too (endorsements); it is an organisation like the providers.
  await sql`insert into organisation (name, kind) values (${CENTRE_NAME}, 'centre') on conflict (name) do nothing`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('issuer_key').execute()
  await sql`delete from organisation where name = ${CENTRE_NAME} and kind = 'centre' and not exists (select 1 from role_grant where organisation_id = organisation.id)`.execute(
    db,
  )
}
