import { sql, type Kysely } from 'kysely'

// The provider's lists at national volume (100,000 awards and learners for one
// provider). Each list's page is read from an index in its own order, and its count from the
// same index alone (the filtered columns are included); searches match the start of a name,
// e-mail address or registration number (text_pattern_ops serves LIKE 'x%' in any collation),
// within the provider. See src/repositories/provider-lists.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index award_list_idx on award
    (organisation_id, awarded_on desc, created_at desc, id desc) include (status, delivery_id, learner_id)`.execute(
    db,
  )
  // The Centre sees every provider's awards, newest first.
  await sql`create index award_recent_idx on award
    (awarded_on desc, created_at desc, id desc) include (status, delivery_id, organisation_id)`.execute(db)
  await sql`create index learner_delivery_list_idx on learner
    (delivery_id, family_name, given_name, id) include (organisation_id, eligibility_basis)`.execute(db)
  await sql`create index learner_family_name_search_idx on learner
    (organisation_id, lower(family_name) text_pattern_ops)`.execute(db)
  await sql`create index learner_given_name_search_idx on learner
    (organisation_id, lower(given_name) text_pattern_ops)`.execute(db)
  await sql`create index learner_email_search_idx on learner
    (organisation_id, lower(email) text_pattern_ops)`.execute(db)
  await sql`create index learner_registration_search_idx on learner
    (organisation_id, upper(registration_number) text_pattern_ops)`.execute(db)
  await sql`create index award_import_list_idx on award_import
    (organisation_id, created_at desc, id desc) include (state)`.execute(db)
  await sql`create index delivery_organisation_idx on delivery (organisation_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'delivery_organisation_idx',
    'award_import_list_idx',
    'learner_registration_search_idx',
    'learner_email_search_idx',
    'learner_given_name_search_idx',
    'learner_family_name_search_idx',
    'learner_delivery_list_idx',
    'award_recent_idx',
    'award_list_idx',
  ])
    await db.schema.dropIndex(index).execute()
}
