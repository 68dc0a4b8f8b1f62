import { sql, type QueryExecutorProvider } from 'kysely'

// The number of practitioners the plan needs developed, per credential or clinical area, NHS
// England region and NHS financial year. A need (its subject, region and year, which never
// change) has a list of versions: each figure, with its source and the source's date, is a row
// that is never updated; changing the figure adds a version, removing the need adds a removal
// version. The header's current_version and removed_at say which version is in force, so that
// reading the current figures never looks past the first version of each need; its row_version
// guards the change and removal forms against a figure changed meanwhile.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create table workforce_need (
      id uuid primary key default gen_random_uuid(),
      credential_id uuid references credential (id) on delete restrict,
      clinical_area_id integer references clinical_area (id) on delete restrict,
      region text not null check (region in ('east_of_england', 'london', 'midlands',
        'north_east_and_yorkshire', 'north_west', 'south_east', 'south_west')),
      financial_year integer not null check (financial_year between 2000 and 2100),
      current_version integer not null check (current_version > 0),
      removed_at timestamptz,
      row_version integer not null default 1,
      created_at timestamptz not null default now(),
      check ((credential_id is null) <> (clinical_area_id is null))
    )`.execute(db)
  // One need in force per subject, region and year; a removed need may be recorded again.
  await sql`
    create unique index workforce_need_credential_current on workforce_need (credential_id, region, financial_year)
    where removed_at is null and credential_id is not null`.execute(db)
  await sql`
    create unique index workforce_need_area_current on workforce_need (clinical_area_id, region, financial_year)
    where removed_at is null and clinical_area_id is not null`.execute(db)
  await sql`create index workforce_need_year on workforce_need (financial_year, region) where removed_at is null`.execute(
    db,
  )
  await sql`
    create table workforce_need_version (
      need_id uuid not null references workforce_need (id) on delete cascade,
      version integer not null check (version > 0),
      kind text not null check (kind in ('recorded', 'changed', 'removed')),
      planned integer check (planned > 0),
      source text not null,
      source_date date not null,
      reason text,
      recorded_by uuid references user_account (id) on delete set null,
      recorded_at timestamptz not null default now(),
      primary key (need_id, version),
      check ((kind = 'removed') = (planned is null))
    )`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`drop table workforce_need_version`.execute(db)
  await sql`drop table workforce_need`.execute(db)
}
