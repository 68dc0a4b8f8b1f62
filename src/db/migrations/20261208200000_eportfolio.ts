import { sql, type Kysely } from 'kysely'

// The ePortfolio (supported) route (docs/eportfolio-route.md): a practitioner's portfolio of
// evidence mapped to the framework's capabilities, their supervisor, the links e-mailed to the
// supervisor and to colleagues who give testimonials (only the token's hash is kept, as for
// one_time_token), the supervisor's comments, the assessments of each submission, and the
// route's timeline. The state is the domain's union (src/domain/eportfolio.ts); `step_started_on`
// is the London day the current step began, from which its deadline is worked out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table eportfolio (
      id uuid primary key default gen_random_uuid(),
      practitioner_id uuid not null unique references user_account (id) on delete cascade,
      state text not null check (state in ('registered', 'building', 'signed_off', 'submitted', 'assessing',
        'moderation', 'recognised', 'resubmit', 'not_recognised', 'withdrawn')),
      supervisor_id uuid references user_account (id) on delete set null,
      registered_on date not null,
      step_started_on date not null,
      attempt integer not null default 1 check (attempt > 0),
      resubmit_by date,
      extended_to date,
      moderation jsonb not null default '{}',
      feedback jsonb not null default '{}',
      decided_on date,
      row_version integer not null default 1,
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index eportfolio_supervisor_idx on eportfolio (supervisor_id) where supervisor_id is not null`.execute(
    db,
  )
  await sql`create index eportfolio_state_idx on eportfolio (state, step_started_on)`.execute(db)

  await sql`
    create table eportfolio_evidence (
      id uuid primary key default gen_random_uuid(),
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      kind text not null check (kind in ('document', 'reflection', 'testimonial', 'cpd_activity', 'credential')),
      title text not null,
      body text not null default '',
      colleague_name text,
      colleague_email text,
      testimonial_state text check (testimonial_state in ('awaiting_confirmation', 'confirmed')),
      cpd_activity_id uuid references cpd_activity (id) on delete cascade,
      award_id uuid references award_record (id) on delete cascade,
      added_on date not null,
      created_at timestamptz not null default now(),
      check ((kind = 'testimonial') = (testimonial_state is not null and colleague_email is not null)),
      check ((kind = 'cpd_activity') = (cpd_activity_id is not null)),
      check ((kind = 'credential') = (award_id is not null))
    )`.execute(db)
  await sql`create index eportfolio_evidence_portfolio_idx on eportfolio_evidence (eportfolio_id, created_at)`.execute(
    db,
  )

  await sql`
    create table eportfolio_mapping (
      evidence_id uuid not null references eportfolio_evidence (id) on delete cascade,
      capability_code text not null references framework_capability (code),
      note text not null,
      primary key (evidence_id, capability_code)
    )`.execute(db)

  await sql`
    create table eportfolio_token (
      id uuid primary key default gen_random_uuid(),
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      purpose text not null check (purpose in ('supervisor_invitation', 'testimonial')),
      evidence_id uuid references eportfolio_evidence (id) on delete cascade,
      name text not null,
      email text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db)
  await sql`create index eportfolio_token_portfolio_idx on eportfolio_token (eportfolio_id)`.execute(db)

  await sql`
    create table eportfolio_comment (
      id uuid primary key default gen_random_uuid(),
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      author_id uuid references user_account (id) on delete set null,
      author_label text not null,
      body text not null,
      created_at timestamptz not null
    )`.execute(db)
  await sql`create index eportfolio_comment_portfolio_idx on eportfolio_comment (eportfolio_id, created_at)`.execute(
    db,
  )

  await sql`
    create table eportfolio_assessment (
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      attempt integer not null,
      assessor_id uuid not null references user_account (id),
      conflict text not null default 'undeclared' check (conflict in ('undeclared', 'none', 'declared')),
      conflict_note text,
      judgements jsonb not null default '{}',
      completed boolean not null default false,
      assigned_on date not null,
      row_version integer not null default 1,
      primary key (eportfolio_id, attempt, assessor_id)
    )`.execute(db)
  await sql`create index eportfolio_assessment_assessor_idx on eportfolio_assessment (assessor_id)`.execute(
    db,
  )

  await sql`
    create table eportfolio_event (
      id bigint generated always as identity primary key,
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      action text not null,
      summary text not null,
      reason text,
      actor_id uuid,
      actor_label text not null,
      occurred_at timestamptz not null
    )`.execute(db)
  // A practitioner's request for more time on their own step, decided by the Centre.
  await sql`
    create table eportfolio_extension (
      id uuid primary key default gen_random_uuid(),
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      state text not null default 'requested' check (state in ('requested', 'granted', 'refused')),
      step text not null,
      due_on date not null,
      requested_until date not null,
      reason text not null,
      requested_on date not null,
      decided_by text,
      decided_on date,
      decision_note text
    )`.execute(db)
  await sql`create index eportfolio_extension_portfolio_idx on eportfolio_extension (eportfolio_id, requested_on)`.execute(
    db,
  )
  await sql`create unique index eportfolio_extension_open_idx on eportfolio_extension (eportfolio_id) where state = 'requested'`.execute(
    db,
  )

  // Each reminder of a step's deadline is sent once, whichever worker gets there first.
  await sql`
    create table eportfolio_reminder (
      eportfolio_id uuid not null references eportfolio (id) on delete cascade,
      state text not null,
      due_on date not null,
      days_before integer not null,
      sent_at timestamptz not null default now(),
      primary key (eportfolio_id, state, due_on, days_before)
    )`.execute(db)
  await sql`create index eportfolio_event_portfolio_idx on eportfolio_event (eportfolio_id, occurred_at)`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'eportfolio_reminder',
    'eportfolio_extension',
    'eportfolio_event',
    'eportfolio_assessment',
    'eportfolio_comment',
    'eportfolio_token',
    'eportfolio_mapping',
    'eportfolio_evidence',
    'eportfolio',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db)
}
