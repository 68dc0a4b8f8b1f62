import { sql, type QueryExecutorProvider } from 'kysely'

// The credentials the Centre endorsed before the platform (the seeded catalogue's "endorsed"
// entries) had no periodic review date, so no reminder ever went out for them. Each now counts
// from the first day its source's date allows (1 January 2022 for the 2022 page; the first day
// of its season when a season is given), at its interval or the default 36 months. The seed
// does the same for a new database (src/db/seed/seed.ts); a credential that already has a
// date, or has a specification published here, keeps its own.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table credential add column endorsed_on date`.execute(db)
  await sql`
    update credential c
    set endorsed_on = first.day,
        next_review_due = (first.day + make_interval(months => coalesce(c.review_interval_months, 36)))::date
    from (
      select distinct on (e.credential_id)
        e.credential_id,
        make_date(
          s.dated_year,
          case s.dated_season when 'spring' then 3 when 'summer' then 6 when 'autumn' then 9 when 'winter' then 12 else 1 end,
          1
        ) as day
      from credential_status_event e
      join catalogue_snapshot s on s.code = e.snapshot_code
      where e.status = 'endorsed'
      order by e.credential_id, s.sort_order
    ) first
    where first.credential_id = c.id
      and c.status in ('endorsed', 'in_delivery', 'recognised')
      and c.next_review_due is null
      and not exists (
        select 1 from specification_version v where v.credential_id = c.id and v.published_at is not null
      )`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`update credential set next_review_due = null where endorsed_on is not null`.execute(db)
  await sql`alter table credential drop column endorsed_on`.execute(db)
}
