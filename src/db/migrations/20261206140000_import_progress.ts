import { sql, type Kysely } from 'kysely'

// An award import does not hold the database while it runs. It checks its rows
// and signs their credentials without a transaction open, writes what it will save into a
// staging area in short transactions, and makes the whole batch visible in one short final
// step (learners and awards, from the staging rows), so that every reader still sees all of an
// import or none of it.
//
//   award_import.saved_rows    rows signed and staged so far (processed_rows: rows checked);
//   award_import.heartbeat_at  the last sign of life of the run that holds it: a running import
//                              without one for a minute belongs to a process that died, and is
//                              run again from a clean state (its staging rows thrown away);
//   award_import_row           the staging area: one row per learner and award the import will
//                              save (position: its place among them, from 0; the same file
//                              gives the same positions), with the award's id chosen in advance
//                              so that its credential can be signed before the award exists.
//
// award_credential.award_id loses its foreign key: an import's signed credentials are written
// while it stages, before their awards exist (writing 10,000 of them, 28 MB of jsonb, in the
// final step held PGlite for about a second). Nobody can reach such a row: every read of a
// credential goes through its award (or counts it as a status-list entry already given out,
// which it is). The import deletes the credentials of staged rows whose award was not made,
// when it publishes, fails, or is started again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('award_import')
    .addColumn('saved_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('heartbeat_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('award_import_row')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('award_import.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('award_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('regulator', 'text', (c) => c.notNull())
    .addColumn('registration_number', 'text', (c) => c.notNull())
    .addColumn('eligibility_basis', 'text')
    .addColumn('eligibility_programme_id', 'uuid')
    .addColumn('msc_institution', 'text')
    .addColumn('msc_year', 'integer')
    .addColumn('equivalence_file_id', 'uuid')
    .addColumn('awarded_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('award_import_row_pk', ['import_id', 'position'])
    .execute()

  await sql`alter table award_credential drop constraint if exists award_credential_award_id_fkey`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from award_credential ac where not exists (select 1 from award a where a.id = ac.award_id)`.execute(
    db,
  )
  await sql`alter table award_credential add constraint award_credential_award_id_fkey
    foreign key (award_id) references award (id)`.execute(db)
  await db.schema.dropTable('award_import_row').execute()
  await db.schema.alterTable('award_import').dropColumn('heartbeat_at').dropColumn('saved_rows').execute()
}
