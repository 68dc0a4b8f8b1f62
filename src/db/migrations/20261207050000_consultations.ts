import { sql, type Kysely } from 'kysely'

// Consultations on a document or on a draft specification version: their questions, the
// responses (one per confirmed address, or per signed-in account), answers and comments on a
// passage, moderation, themes tagged by Centre staff and what changed because of each
// ("you said, we did"), and subscriptions to hear of new consultations by area.
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consultation (
      id uuid primary key default gen_random_uuid(),
      number integer not null unique generated always as identity,
      title text not null,
      purpose text not null,
      audience text not null,
      subject text not null check (subject in ('document', 'specification')),
      document_body text,
      specification_version_id uuid references specification_version (id),
      credential_id uuid references credential (id),
      clinical_area_id integer references clinical_area (id),
      opens_on date not null,
      closes_on date not null,
      state text not null default 'draft' check (state in ('draft', 'published')),
      published_at timestamptz,
      outcome_summary text not null default '',
      outcome_published_at timestamptz,
      outcome_published_by uuid references user_account (id),
      created_by uuid not null references user_account (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      row_version integer not null default 1,
      check (closes_on >= opens_on),
      check ((subject = 'document') = (document_body is not null)),
      check ((subject = 'specification') = (specification_version_id is not null)),
      check (outcome_published_at is null or state = 'published')
    )`.execute(db)
  await sql`create index consultation_closes_on_idx on consultation (closes_on desc, number desc)`.execute(db)
  await sql`create index consultation_credential_idx on consultation (credential_id)`.execute(db)
  await sql`
    create table consultation_question (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultation (id),
      position integer not null,
      kind text not null check (kind in ('text', 'single', 'multiple', 'agreement')),
      prompt text not null,
      hint text not null default '',
      required boolean not null,
      options text[] not null default '{}',
      unique (consultation_id, position)
    )`.execute(db)
  await sql`
    create table consultation_response (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultation (id),
      user_id uuid references user_account (id),
      name text not null,
      email text not null,
      organisation text not null default '',
      capacity text not null check (capacity in
        ('practitioner', 'employer', 'education_provider', 'patient_or_public', 'professional_body', 'other')),
      profession text references profession (name),
      region text check (region in ('east_of_england', 'london', 'midlands', 'north_east_and_yorkshire',
        'north_west', 'south_east', 'south_west')),
      publication text not null check (publication in ('named', 'organisation', 'anonymous')),
      confirmed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      row_version integer not null default 1
    )`.execute(db)
  // One response per confirmed address and per account; unconfirmed drafts may repeat until one
  // is confirmed.
  await sql`
    create unique index consultation_response_email_idx
      on consultation_response (consultation_id, lower(email)) where confirmed_at is not null`.execute(db)
  await sql`
    create unique index consultation_response_user_idx
      on consultation_response (consultation_id, user_id) where user_id is not null`.execute(db)
  await sql`
    create index consultation_response_list_idx
      on consultation_response (consultation_id, capacity, region)`.execute(db)
  await sql`
    create table consultation_answer (
      id uuid primary key default gen_random_uuid(),
      response_id uuid not null references consultation_response (id),
      question_id uuid not null references consultation_question (id),
      text_value text,
      choices text[] not null default '{}',
      hidden_reason text,
      hidden_by uuid references user_account (id),
      hidden_at timestamptz,
      unique (response_id, question_id),
      check ((hidden_at is null) = (hidden_reason is null))
    )`.execute(db)
  await sql`create index consultation_answer_question_idx on consultation_answer (question_id)`.execute(db)
  await sql`
    create table consultation_comment (
      id uuid primary key default gen_random_uuid(),
      response_id uuid not null references consultation_response (id),
      passage_key text not null,
      quote text not null,
      body text not null,
      created_at timestamptz not null default now(),
      hidden_reason text,
      hidden_by uuid references user_account (id),
      hidden_at timestamptz,
      check ((hidden_at is null) = (hidden_reason is null))
    )`.execute(db)
  await sql`create index consultation_comment_response_idx on consultation_comment (response_id)`.execute(db)
  await sql`
    create table consultation_theme (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultation (id),
      name text not null,
      you_said text not null default '',
      we_did text not null default '',
      created_by uuid not null references user_account (id),
      created_at timestamptz not null default now(),
      row_version integer not null default 1,
      unique (consultation_id, name)
    )`.execute(db)
  await sql`
    create table consultation_theme_tag (
      id uuid primary key default gen_random_uuid(),
      theme_id uuid not null references consultation_theme (id),
      answer_id uuid references consultation_answer (id),
      comment_id uuid references consultation_comment (id),
      tagged_by uuid not null references user_account (id),
      tagged_at timestamptz not null default now(),
      check ((answer_id is null) <> (comment_id is null))
    )`.execute(db)
  await sql`create unique index consultation_theme_tag_answer_idx on consultation_theme_tag (theme_id, answer_id)
    where answer_id is not null`.execute(db)
  await sql`create unique index consultation_theme_tag_comment_idx on consultation_theme_tag (theme_id, comment_id)
    where comment_id is not null`.execute(db)
  // The learning outcomes (by code) of a later specification version that changed because of a theme.
  await sql`
    create table consultation_theme_change (
      theme_id uuid not null references consultation_theme (id),
      specification_version_id uuid not null references specification_version (id),
      outcome_code text not null,
      primary key (theme_id, specification_version_id, outcome_code)
    )`.execute(db)
  await sql`create index consultation_theme_change_version_idx
    on consultation_theme_change (specification_version_id)`.execute(db)
  // An address asking to hear of new consultations: in every area (clinical_area_id null) or one.
  await sql`
    create table consultation_subscription (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      user_id uuid references user_account (id),
      clinical_area_id integer references clinical_area (id),
      unsubscribe_token_hash text not null unique,
      confirmed_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index consultation_subscription_idx
    on consultation_subscription (lower(email), coalesce(clinical_area_id, 0))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'consultation_subscription',
    'consultation_theme_change',
    'consultation_theme_tag',
    'consultation_theme',
    'consultation_comment',
    'consultation_answer',
    'consultation_response',
    'consultation_question',
    'consultation',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db)
}
