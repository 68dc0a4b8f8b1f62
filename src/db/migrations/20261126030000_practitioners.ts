import { sql, type Kysely } from 'kysely'

// Practitioners' own records: a profile, credentials from elsewhere (the uploaded file and
// what the platform found when it checked it), CPD activities with evidence files and the
// framework capabilities each one shows, and the public directory entry.
//
// The directory entry holds only the practitioner's choices and a search form of the name;
// what the public sees is always worked out from those choices and the live status of the
// awards when a page is served, so nothing the practitioner hid, and no award revoked or
// suspended since, can be shown. Name search uses pg_trgm (typos and partial names). The
// extension lives in public: test schemas on one PostgreSQL share it, and an advisory lock
// stops two of them creating it at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('apc:pg_trgm'))`.execute(db)
  await sql`create extension if not exists pg_trgm with schema public`.execute(db)

  await db.schema
    .createTable('practitioner_profile')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('user_account.id').onDelete('cascade'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('regulator', 'text', (c) => c.notNull())
    .addColumn('registration_number', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('employer', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  // The employer check finds people by registration number (and then compares the surname).
  await db.schema
    .createIndex('practitioner_profile_registration_idx')
    .on('practitioner_profile')
    .column('registration_number')
    .execute()

  await db.schema
    .createTable('directory_entry')
    .addColumn('user_id', 'uuid', (c) =>
      c.primaryKey().references('practitioner_profile.user_id').onDelete('cascade'),
    )
    .addColumn('listed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('show_profession', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('show_region', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('show_employer', 'boolean', (c) => c.notNull().defaultTo(false))
    // Lower case, accents removed, given and family name: what searches are compared with.
    .addColumn('search_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create index directory_entry_listed_name_idx on directory_entry (search_name, user_id) where listed`.execute(
    db,
  )

  // Name search. Each word of a listed entry's name is a token, kept in name order within
  // the word, so a page of the people called "smith" is read straight from the index. Every
  // word that occurs is also in a small vocabulary, which is what partial names and typos are
  // matched against (with pg_trgm); the entries come from the tokens of the words found.
  // Matching a million names by trigrams directly meant thousands of candidates to rank.
  await db.schema
    .createTable('directory_name_token')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('search_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) =>
      c.notNull().references('directory_entry.user_id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('directory_name_token_pk', ['token', 'search_name', 'user_id'])
    .execute()
  await db.schema
    .createIndex('directory_name_token_user_idx')
    .on('directory_name_token')
    .columns(['user_id', 'token'])
    .execute()
  await db.schema
    .createTable('directory_name_word')
    .addColumn('word', 'text', (c) => c.primaryKey())
    .execute()
  await sql`create index directory_name_word_prefix_idx on directory_name_word (word text_pattern_ops)`.execute(
    db,
  )
  await sql`create index directory_name_word_trgm_idx on directory_name_word
    using gin (word public.gin_trgm_ops)`.execute(db)

  // The awards the practitioner chose to show; each is shown only while it is active.
  await db.schema
    .createTable('directory_credential')
    .addColumn('user_id', 'uuid', (c) =>
      c.notNull().references('directory_entry.user_id').onDelete('cascade'),
    )
    .addColumn('award_id', 'uuid', (c) => c.notNull().references('award.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('directory_credential_pk', ['user_id', 'award_id'])
    .execute()
  await db.schema
    .createIndex('directory_credential_award_idx')
    .on('directory_credential')
    .column('award_id')
    .execute()

  await db.schema
    .createTable('external_credential')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('verified', 'boolean', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('checks', 'jsonb', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('external_credential_user_idx')
    .on('external_credential')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('cpd_activity')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('activity_date', 'date', (c) => c.notNull())
    // Tenths of an hour: 1.5 hours is 15, and sums stay exact.
    .addColumn('tenths_of_hours', 'integer', (c) => c.notNull().check(sql`tenths_of_hours > 0`))
    .addColumn('activity_type', 'text', (c) => c.notNull())
    .addColumn('reflection', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('cpd_activity_user_idx')
    .on('cpd_activity')
    .columns(['user_id', 'activity_date'])
    .execute()

  await db.schema
    .createTable('cpd_capability')
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('cpd_activity.id').onDelete('cascade'))
    .addColumn('capability_code', 'text', (c) => c.notNull().references('framework_capability.code'))
    .addPrimaryKeyConstraint('cpd_capability_pk', ['activity_id', 'capability_code'])
    .execute()

  await db.schema
    .createTable('cpd_evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('cpd_activity.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('cpd_evidence_activity_idx').on('cpd_evidence').column('activity_id').execute()

  // Employer checks, counted per address to rate-limit them across all instances.
  await db.schema
    .createTable('lookup_attempt')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('lookup_attempt_address_idx')
    .on('lookup_attempt')
    .columns(['kind', 'address', 'attempted_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'lookup_attempt',
    'cpd_evidence',
    'cpd_capability',
    'cpd_activity',
    'external_credential',
    'directory_credential',
    'directory_name_word',
    'directory_name_token',
    'directory_entry',
    'practitioner_profile',
  ])
    await db.schema.dropTable(table).execute()
  // pg_trgm stays: other schemas of the same database may use it.
}
