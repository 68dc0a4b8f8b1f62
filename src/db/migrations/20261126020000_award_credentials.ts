import { sql, type Kysely } from 'kysely'

// Each award as a signed Open Badges 3.0 credential, and the Bitstring Status Lists that say
// whether it is revoked or suspended. A list belongs to one issuer; each award has a random
// entry in it (the same index in the revocation and the suspension list). The bits are not
// stored: they are read from the awards' status whenever a list is served, so revoking an
// award shows in its list at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_list')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 131072 and size % 8 = 0`))
    .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('award_credential')
    .addColumn('award_id', 'uuid', (c) => c.primaryKey().references('award.id'))
    .addColumn('status_list_id', 'integer', (c) => c.notNull().references('status_list.id'))
    .addColumn('status_index', 'integer', (c) => c.notNull().check(sql`status_index >= 0`))
    .addColumn('credential', 'jsonb', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('award_credential_entry_unique', ['status_list_id', 'status_index'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('award_credential').execute()
  await db.schema.dropTable('status_list').execute()
}
