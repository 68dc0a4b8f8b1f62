import { sql, type Kysely } from 'kysely'

// An award import's learners and awards are written while it runs, in short
// transactions, and made visible together by deleting one row. Making 10,000 of them at once in
// the final step held PGlite, the database in the server's own process, for over a second.
//
//   learner_record, award_record  the tables (renamed from learner and award): every row,
//                                 including those of imports still running;
//   learner, award                views of them without the rows of an import that is still
//                                 running (award_import_pending), which is what the platform
//                                 reads and writes everywhere; a row through a view is a
//                                 row of its table (the views are automatically updatable);
//   award_import_pending          the imports whose rows are hidden: an import is listed
//                                 before it writes its first row, and taken off in the final
//                                 step (or once it has thrown its rows away, when it fails);
//   learner.award_import_id       the import that registered the learner, if one did.
//
// A table column added later must be added to its view too (create or replace view ... as
// select * ... re-expands the list). The list indexes include award_import_id, so that a
// list's count is still read from its index alone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('award_import_pending')
    .addColumn('import_id', 'uuid', (c) => c.primaryKey().references('award_import.id').onDelete('cascade'))
    .execute()
  await db.schema
    .alterTable('learner')
    .addColumn('award_import_id', 'uuid', (c) => c.references('award_import.id'))
    .execute()
  await sql`create index learner_award_import_idx on learner (award_import_id) where award_import_id is not null`.execute(
    db,
  )
  await sql`create index award_award_import_idx on award (award_import_id) where award_import_id is not null`.execute(
    db,
  )

  await sql`drop index award_list_idx`.execute(db)
  await sql`create index award_list_idx on award
    (organisation_id, awarded_on desc, created_at desc, id desc)
    include (status, delivery_id, learner_id, award_import_id)`.execute(db)
  await sql`drop index award_recent_idx`.execute(db)
  await sql`create index award_recent_idx on award
    (awarded_on desc, created_at desc, id desc) include (status, delivery_id, organisation_id, award_import_id)`.execute(
    db,
  )
  await sql`drop index learner_delivery_list_idx`.execute(db)
  await sql`create index learner_delivery_list_idx on learner
    (delivery_id, family_name, given_name, id) include (organisation_id, eligibility_basis, award_import_id)`.execute(
    db,
  )

  await sql`alter table learner rename to learner_record`.execute(db)
  await sql`alter table award rename to award_record`.execute(db)
  await createViews(db)
}

async function createViews(db: Kysely<unknown>): Promise<void> {
  for (const [view, table] of [
    ['learner', 'learner_record'],
    ['award', 'award_record'],
  ] as const)
    await sql`create or replace view ${sql.raw(view)} as
      select * from ${sql.raw(table)}
      where award_import_id is null
        or award_import_id not in (select import_id from award_import_pending)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view award`.execute(db)
  await sql`drop view learner`.execute(db)
  // Rows of imports that never finished are thrown away, as the import itself would.
  await sql`delete from award_record where award_import_id in (select import_id from award_import_pending)`.execute(
    db,
  )
  await sql`delete from learner_record where award_import_id in (select import_id from award_import_pending)`.execute(
    db,
  )
  await sql`alter table award_record rename to award`.execute(db)
  await sql`alter table learner_record rename to learner`.execute(db)
  await sql`drop index award_list_idx`.execute(db)
  await sql`create index award_list_idx on award
    (organisation_id, awarded_on desc, created_at desc, id desc) include (status, delivery_id, learner_id)`.execute(
    db,
  )
  await sql`drop index award_recent_idx`.execute(db)
  await sql`create index award_recent_idx on award
    (awarded_on desc, created_at desc, id desc) include (status, delivery_id, organisation_id)`.execute(db)
  await sql`drop index learner_delivery_list_idx`.execute(db)
  await sql`create index learner_delivery_list_idx on learner
    (delivery_id, family_name, given_name, id) include (organisation_id, eligibility_basis)`.execute(db)
  await sql`drop index award_award_import_idx`.execute(db)
  await db.schema.alterTable('learner').dropColumn('award_import_id').execute()
  await db.schema.dropTable('award_import_pending').execute()
}
