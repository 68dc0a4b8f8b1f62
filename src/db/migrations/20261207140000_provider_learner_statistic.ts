import { sql, type QueryExecutorProvider } from 'kysely'

// Each provider's learners, counted by the statistics refresh beside its awards in force and
// holders, so that the Centre's figure of learners and awards by provider reads one row a
// provider instead of counting hundreds of thousands of learners on every view.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table award_holder_statistic add column learners integer not null default 0`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table award_holder_statistic drop column learners`.execute(db)
}
