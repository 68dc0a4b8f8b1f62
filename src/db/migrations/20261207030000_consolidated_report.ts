import { sql, type Kysely } from 'kysely'

// The consolidated report of a version's independent review, drafted from the completed
// reviews, edited by a Centre admin and signed off before the decision is recorded (one a
// version; content is ReportContent from src/domain/consolidated-report.ts). And a
// recognition reviewer's judgement of each crosswalk row, kept by the row's code beside the
// judgements of the endorsement criteria.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consolidated_report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().unique().references('specification_version.id'))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('drafted_by', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('drafted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_off_by', 'uuid', (c) => c.references('user_account.id'))
    .addColumn('signed_off_at', 'timestamptz')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'consolidated_report_signed_off_check',
      sql`(signed_off_by is null) = (signed_off_at is null)`,
    )
    .execute()
  await db.schema
    .alterTable('review_assignment')
    .addColumn('row_judgements', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('review_assignment').dropColumn('row_judgements').execute()
  await db.schema.dropTable('consolidated_report').execute()
}
