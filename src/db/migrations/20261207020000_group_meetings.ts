import { sql, type Kysely } from 'kysely'

// The Credential Group decides by its members' votes: meetings (a day and time in London, an
// agenda of proposals, who was present, minutes) and written procedures between meetings (one
// proposal, a closing date). Each agenda item keeps its members' declared interests and votes,
// and the outcome the group's rule gave when the chair closed it.
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table group_meeting (
      id uuid primary key default gen_random_uuid(),
      number integer not null unique generated always as identity,
      kind text not null check (kind in ('meeting', 'written')),
      meets_on date not null,
      starts_at text not null check (starts_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      closes_on date,
      minutes text not null default '',
      state text not null default 'open' check (state in ('open', 'closed')),
      created_by uuid not null references user_account (id),
      created_at timestamptz not null default now(),
      closed_at timestamptz,
      row_version integer not null default 1,
      check ((kind = 'written') = (closes_on is not null))
    )`.execute(db)
  await sql`create index group_meeting_meets_on_idx on group_meeting (meets_on desc, number desc)`.execute(db)
  await sql`
    create table group_meeting_item (
      id uuid primary key default gen_random_uuid(),
      meeting_id uuid not null references group_meeting (id),
      proposal_id uuid not null references proposal (id),
      position integer not null,
      outcome text check (outcome in ('agree', 'decline', 'defer')),
      closed_by uuid references user_account (id),
      closed_at timestamptz,
      row_version integer not null default 1,
      unique (meeting_id, proposal_id)
    )`.execute(db)
  await sql`create index group_meeting_item_proposal_idx on group_meeting_item (proposal_id)`.execute(db)
  await sql`
    create table group_meeting_attendance (
      meeting_id uuid not null references group_meeting (id),
      member_id uuid not null references user_account (id),
      primary key (meeting_id, member_id)
    )`.execute(db)
  await sql`
    create table group_interest (
      item_id uuid not null references group_meeting_item (id),
      member_id uuid not null references user_account (id),
      interest text not null,
      declared_by uuid not null references user_account (id),
      declared_at timestamptz not null default now(),
      primary key (item_id, member_id)
    )`.execute(db)
  await sql`
    create table group_vote (
      item_id uuid not null references group_meeting_item (id),
      member_id uuid not null references user_account (id),
      vote text not null check (vote in ('agree', 'decline', 'defer')),
      reason text not null,
      voted_at timestamptz not null default now(),
      primary key (item_id, member_id)
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'group_vote',
    'group_interest',
    'group_meeting_attendance',
    'group_meeting_item',
    'group_meeting',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db)
}
