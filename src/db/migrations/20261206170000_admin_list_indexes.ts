import { sql, type Kysely } from 'kysely'

// The Centre's lists at national volume: each list's page is read from an index in its own
// order (and the download's keyset batches from the same one), so a late page or a batch
// never sorts the whole table. Searches inside names (ILIKE '%…%') still read the filtered
// rows; the counts stay fast enough at 20,000 rows (measured in the migration's commit).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index user_account_list_idx on user_account (display_name, id)`.execute(db)
  await sql`create index one_time_token_list_idx on one_time_token (purpose, created_at desc, id desc)`.execute(
    db,
  )
  await sql`create index email_outbox_list_idx on email_outbox (created_at desc, id desc)`.execute(db)
  // The audit trail pages by id; a date range narrows by time first when it is far back.
  await sql`create index audit_event_occurred_idx on audit_event (occurred_at)`.execute(db)
  await sql`create index audit_event_action_idx on audit_event (action, id)`.execute(db)
  await sql`create index organisation_list_idx on organisation (kind, name, id)`.execute(db)
  await sql`create index programme_accreditation_idx on programme (accreditation_status, organisation_id)`.execute(
    db,
  )
  await sql`create index proposal_list_idx on proposal (updated_at desc, number desc)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'user_account_list_idx',
    'one_time_token_list_idx',
    'email_outbox_list_idx',
    'audit_event_occurred_idx',
    'audit_event_action_idx',
    'organisation_list_idx',
    'programme_accreditation_idx',
    'proposal_list_idx',
  ])
    await sql`drop index if exists ${sql.id(name)}`.execute(db)
}
