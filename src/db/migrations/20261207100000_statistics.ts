import { sql, type Kysely } from 'kysely'

// The statistics store: summary tables the job runner keeps ('statistics' jobs, after every
// change to the awards and hourly), so that no dashboard page counts the awards, the audit
// trail or the directory itself. Each table holds counts only, never a person.
//
// - award_month_statistic: awards made in each London month, by credential (with its clinical
//   area), provider (with its region) and the learner's profession; and the awards revoked and
//   suspended, by the month their status last changed.
// - award_holder_statistic: each provider's awards in force and the people holding them.
// - practitioner_month_statistic: directory listings at the end of each month and the employer
//   checks made in it.
// - statistics_refresh: one row, when the tables were last computed (each figure's "computed at").
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
const REGIONS = [
  'east_of_england',
  'london',
  'midlands',
  'north_east_and_yorkshire',
  'north_west',
  'south_east',
  'south_west',
]
const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))
const MONTH = sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('award_month_statistic')
    .addColumn('month', 'text', (c) => c.notNull().check(MONTH))
    .addColumn('credential_id', 'uuid', (c) => c.notNull())
    .addColumn('clinical_area_id', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.check(sql`region in (${inList(REGIONS)})`))
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('awarded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('award_month_statistic_pk', [
      'month',
      'credential_id',
      'organisation_id',
      'profession',
    ])
    .execute()
  await db.schema
    .createTable('award_holder_statistic')
    .addColumn('organisation_id', 'uuid', (c) => c.primaryKey())
    .addColumn('region', 'text', (c) => c.check(sql`region in (${inList(REGIONS)})`))
    .addColumn('awards_in_force', 'integer', (c) => c.notNull())
    .addColumn('holders', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('practitioner_month_statistic')
    .addColumn('month', 'text', (c) => c.primaryKey().check(MONTH))
    .addColumn('listed', 'integer', (c) => c.notNull())
    .addColumn('employer_checks', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('statistics_refresh')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('refreshed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('took_ms', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'statistics_refresh',
    'practitioner_month_statistic',
    'award_holder_statistic',
    'award_month_statistic',
  ])
    await db.schema.dropTable(table).execute()
}
