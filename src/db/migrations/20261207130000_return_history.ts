import { sql, type QueryExecutorProvider } from 'kysely'

// The delivery dashboard asks whether each quality return came on time and whether the Centre
// ever raised a concern about it. Resubmitting after a concern overwrites submitted_at and
// accepting overwrites the review, so the first submission and the first concern are kept in
// columns of their own, filled for returns already reviewed from their audit events.
// Deliveries are counted by the day they were approved: an index on (state, decided_at).
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table quality_return add column first_submitted_at timestamptz, add column concern_raised_at timestamptz`.execute(
    db,
  )
  await sql`update quality_return r set first_submitted_at = coalesce(
      (select min(a.occurred_at) from audit_event a
        where a.entity_type = 'quality_return' and a.action = 'quality_return.submitted' and a.entity_id = r.id::text),
      r.submitted_at)
    where r.submitted_at is not null`.execute(db)
  await sql`update quality_return r set concern_raised_at = coalesce(
      (select min(a.occurred_at) from audit_event a
        where a.entity_type = 'quality_return' and a.action = 'quality_return.concern_raised' and a.entity_id = r.id::text),
      r.reviewed_at)
    where r.state = 'concern_raised' or exists (select 1 from audit_event a
        where a.entity_type = 'quality_return' and a.action = 'quality_return.concern_raised' and a.entity_id = r.id::text)`.execute(
    db,
  )
  await sql`create index delivery_decided_idx on delivery (state, decided_at)`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`drop index if exists delivery_decided_idx`.execute(db)
  await sql`alter table quality_return drop column first_submitted_at, drop column concern_raised_at`.execute(
    db,
  )
}
