import { sql, type QueryExecutorProvider } from 'kysely'

// A programme's accreditation is the Centre's to decide (20261208100000_programme_accreditation):
// what a provider entered itself before then (accreditation_status, accredited_from,
// accredited_until) is kept as the provider's declaration, shown as "declared, not confirmed
// by the Centre", and no longer counts for a learner's eligibility. Providers cannot change
// it any more, and a programme added from now on has none, so the columns may be empty.
// Awards already made are not touched: each was checked on the day it was made.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table programme alter column accreditation_status drop not null`.execute(db)
  await sql`alter table programme alter column accredited_from drop not null`.execute(db)
  await sql`alter table programme add constraint programme_declaration_whole
    check ((accreditation_status is null) = (accredited_from is null)
      and (accreditation_status is not null or accredited_until is null))`.execute(db)
  await sql`comment on column programme.accreditation_status is
    'What the provider declared before the Centre accredited programmes; not confirmed by the Centre'`.execute(
    db,
  )
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table programme drop constraint programme_declaration_whole`.execute(db)
  await sql`delete from programme where accreditation_status is null`.execute(db)
  await sql`alter table programme alter column accreditation_status set not null`.execute(db)
  await sql`alter table programme alter column accredited_from set not null`.execute(db)
}
