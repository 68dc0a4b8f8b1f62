import { sql, type Kysely } from 'kysely'

// Lists in CHECK constraints are copied, not imported: a migration must keep meaning what
// it meant on the day it was written, whatever the domain module says later.
const STATUSES = [
  'exploration_phase',
  'to_be_commissioned',
  'to_be_reviewed',
  'in_development',
  'due',
  'under_review',
  'endorsed',
  'in_delivery',
  'periodic_review',
  'withdrawn',
  'tbc',
]
const TYPES = [
  'credential_specification',
  'curriculum',
  'capability_framework',
  'module',
  'standards_of_practice',
]
const SEASONS = ['spring', 'summer', 'autumn', 'winter']

const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clinical_area')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('catalogue_snapshot')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('observed', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('credential')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('clinical_area_id', 'integer', (c) => c.notNull().references('clinical_area.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in (${inList(TYPES)})`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('due_season', 'text', (c) => c.check(sql`due_season in (${inList(SEASONS)})`))
    .addColumn('due_year', 'integer')
    .addColumn('level', 'integer')
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('centre', 'other_body')`))
    .addColumn('owner_name', 'text')
    .addColumn('owner_url', 'text')
    .addColumn('summary', 'text')
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'credential_due_only_when_due',
      sql`(status = 'due') = (due_season is not null and due_year is not null)`,
    )
    .execute()
  await db.schema.createIndex('credential_area_idx').on('credential').column('clinical_area_id').execute()
  await db.schema.createIndex('credential_status_idx').on('credential').column('status').execute()

  await db.schema
    .createTable('credential_status_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(STATUSES)})`))
    .addColumn('due_season', 'text')
    .addColumn('due_year', 'integer')
    .addColumn('snapshot_code', 'text', (c) => c.references('catalogue_snapshot.code'))
    .addColumn('reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('credential_status_event_credential_idx')
    .on('credential_status_event')
    .columns(['credential_id', 'id'])
    .execute()

  await db.schema
    .createTable('criterion_set')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('principle', 'gateway', 'endorsement')`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('criterion_set_kind_version_key', ['kind', 'version'])
    .execute()

  await db.schema
    .createTable('criterion')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('criterion_set_id', 'integer', (c) => c.notNull().references('criterion_set.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('title', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('guidance', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('note', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addUniqueConstraint('criterion_set_code_key', ['criterion_set_id', 'code'])
    .execute()

  await db.schema
    .createTable('framework_pillar')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('framework_capability')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('pillar_code', 'text', (c) => c.notNull().references('framework_pillar.code'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('profession')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('glossary_term')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('term', 'text', (c) => c.notNull().unique())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('document')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('href', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'document',
    'glossary_term',
    'profession',
    'framework_capability',
    'framework_pillar',
    'criterion',
    'criterion_set',
    'credential_status_event',
    'credential',
    'catalogue_snapshot',
    'clinical_area',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
