import { sql, type QueryExecutorProvider } from 'kysely'

// A change to the reference data every instance keeps in memory (clinical areas, professions)
// is announced on the channel reference_data, with the table's name, when its transaction
// commits: each instance listening forgets its copy (src/services/reference-data.ts). On
// PGlite the one process hears its own changes the same way.
const TABLES = ['clinical_area', 'profession'] as const

export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create function notify_reference_data() returns trigger language plpgsql as $$
    begin
      perform pg_notify('reference_data', tg_table_name);
      return null;
    end
    $$`.execute(db)
  for (const table of TABLES) {
    await sql`
      create trigger ${sql.id(`${table}_notify`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function notify_reference_data()`.execute(db)
  }
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  for (const table of TABLES) {
    await sql`drop trigger ${sql.id(`${table}_notify`)} on ${sql.table(table)}`.execute(db)
  }
  await sql`drop function notify_reference_data()`.execute(db)
}
