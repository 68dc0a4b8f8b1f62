import { sql, type QueryExecutorProvider } from 'kysely'

// Programme accreditation by the Centre (docs/programme-accreditation.md).
//
// The accreditation standards are a fourth kind of versioned criteria, managed by Centre
// admins in the same editor as the principles, gateway and endorsement criteria; version 1 is
// written here in our own words from the Centre's published outline of programme
// accreditation (threshold review, standards review, independent panel, monitoring).
//
// A provider applies for one of its programmes (award title, routes, modes, intake, the
// credentials it embeds as modules, an answer to each standard). Assessors the Centre assigns
// declare their interests and judge every standard with a comment; a panel meets and may put
// questions to the provider; the Centre decides for a period of at most five years, with
// conditions when it accredits with conditions. Each step is on the application's timeline
// (accreditation_event) as well as in the audit trail. Re-accreditation reminders are sent
// once per reminder period (accreditation_reminder).
const STANDARDS: Array<{ code: string; title: string; statement: string; guidance: string[] }> = [
  {
    code: 'A1',
    title: 'Mapped to the framework',
    statement:
      'The programme’s learning outcomes map to every capability in the four pillars of advanced practice (clinical practice; leadership and management; education; research), taught and assessed at Master’s level (level 7).',
    guidance: [
      'A mapping of each capability to the modules that teach it and the assessments that test it.',
      'The research pillar includes a piece of independent work at level 7.',
    ],
  },
  {
    code: 'A2',
    title: 'Open to the professions',
    statement:
      'Admission is open to registered health and care professionals from any profession the framework covers, with published entry requirements, a fair process for recognising prior learning, and equal treatment whatever a learner’s profession.',
    guidance: [
      'Entry requirements as published to applicants.',
      'How prior learning is recognised and capped.',
    ],
  },
  {
    code: 'A3',
    title: 'Employer partnership and supervision',
    statement:
      'Each learner has the agreement of their employer, protected time for learning in practice, and a named workplace supervisor who is prepared for the role and supported by the provider.',
    guidance: [
      'The tripartite agreement between learner, employer and provider.',
      'How supervisors are prepared, supported and kept in touch with the programme.',
    ],
  },
  {
    code: 'A4',
    title: 'Capability assessed in practice',
    statement:
      'Assessment combines academic work with assessment in the workplace, so that each learner demonstrates the capabilities in their own practice, judged by assessors competent to judge them.',
    guidance: ['The assessment strategy, by pillar.', 'Who assesses in practice and how they are prepared.'],
  },
  {
    code: 'A5',
    title: 'Credentials embedded as modules',
    statement:
      'Where the programme embeds Centre-endorsed credentials as modules, each is delivered and assessed as its endorsed specification describes, and learners are told which credentials they can gain and when.',
    guidance: ['Each embedded credential, with the module that delivers it.'],
  },
  {
    code: 'A6',
    title: 'Support and progression',
    statement:
      'Learners have academic and pastoral support suited to studying while in practice, a clear route through the programme in each mode of study, and fair processes for extensions, appeals and complaints.',
    guidance: [
      'Routes and modes of study, with their length.',
      'Support for learners who study part time at work.',
    ],
  },
  {
    code: 'A7',
    title: 'Teaching team and resources',
    statement:
      'The teaching team includes people with current advanced practice experience across the professions the programme admits, in numbers and with resources enough for the planned intake.',
    guidance: ['The team, with their professions and experience.', 'The planned intake each year.'],
  },
  {
    code: 'A8',
    title: 'Quality assurance',
    statement:
      'The programme is approved and reviewed through the provider’s own quality processes; its external examiners include someone with advanced practice experience; learners’ feedback and outcomes are monitored and acted on.',
    guidance: ['The provider’s approval of the programme and its next review date.', 'External examiners.'],
  },
  {
    code: 'A9',
    title: 'Monitoring and reporting to the Centre',
    statement:
      'The provider makes an annual monitoring return to the Centre, and tells the Centre within 30 days of any significant change to the programme or of anything that may affect its accreditation.',
    guidance: ['Who in the provider makes the returns and reports changes.'],
  },
]

export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`alter table criterion_set drop constraint criterion_set_kind_check`.execute(db)
  await sql`alter table criterion_set add constraint criterion_set_kind_check
    check (kind in ('principle', 'gateway', 'endorsement', 'accreditation'))`.execute(db)
  const set = await sql<{ id: number }>`
    insert into criterion_set (kind, version, source)
    values ('accreditation', 1, 'The Centre’s accreditation standards for advanced-practice MSc programmes')
    returning id`.execute(db)
  const setId = set.rows[0]?.id
  if (setId === undefined) throw new Error('The accreditation standards were not created')
  let order = 0
  for (const s of STANDARDS) {
    order += 1
    await sql`insert into criterion (criterion_set_id, code, parent_code, title, statement, guidance, note, sort_order)
      values (${setId}, ${s.code}, null, ${s.title}, ${s.statement}, ${JSON.stringify(s.guidance)}::jsonb, null, ${order})`.execute(
      db,
    )
  }

  await sql`
    create table programme_accreditation (
      id uuid primary key default gen_random_uuid(),
      programme_id uuid not null references programme (id),
      organisation_id uuid not null references organisation (id),
      kind text not null check (kind in ('initial', 'reaccreditation')),
      state text not null check (state in ('applied', 'documentary_review', 'panel', 'accredited',
        'accredited_with_conditions', 'not_accredited', 'application_withdrawn',
        'accreditation_withdrawn', 'ended')),
      criterion_set_id integer not null references criterion_set (id),
      award_title text not null,
      routes text not null,
      modes jsonb not null default '[]',
      intake integer not null check (intake between 1 and 100000),
      answers jsonb not null default '{}',
      applied_on date not null,
      applied_by uuid references user_account (id) on delete set null,
      panel_held_on date,
      panel_members jsonb,
      panel_notes text,
      decision text check (decision in ('accredited', 'accredited_with_conditions', 'not_accredited')),
      decided_on date,
      period_from date,
      period_until date,
      decision_reason text,
      withdrawn_on date,
      withdrawal_reason text,
      row_version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint programme_accreditation_decided check ((decision is null) = (decided_on is null)),
      constraint programme_accreditation_period check (
        (decision in ('accredited', 'accredited_with_conditions')) = (period_from is not null and period_until is not null)
        and (period_until is null or period_from <= period_until))
    )`.execute(db)
  // One application in progress per programme at a time.
  await sql`create unique index programme_accreditation_open_idx on programme_accreditation (programme_id)
    where state in ('applied', 'documentary_review', 'panel')`.execute(db)
  await sql`create index programme_accreditation_state_idx on programme_accreditation (state, applied_on desc, id)`.execute(
    db,
  )
  await sql`create index programme_accreditation_organisation_idx on programme_accreditation (organisation_id, applied_on desc)`.execute(
    db,
  )
  await sql`create index programme_accreditation_programme_idx on programme_accreditation (programme_id)`.execute(
    db,
  )

  await sql`
    create table programme_accreditation_credential (
      accreditation_id uuid not null references programme_accreditation (id),
      credential_id uuid not null references credential (id),
      primary key (accreditation_id, credential_id)
    )`.execute(db)
  await sql`create index programme_accreditation_credential_idx on programme_accreditation_credential (credential_id)`.execute(
    db,
  )

  await sql`
    create table accreditation_assessment (
      accreditation_id uuid not null references programme_accreditation (id),
      assessor_id uuid not null references user_account (id),
      conflict text not null default 'undeclared' check (conflict in ('undeclared', 'none', 'declared')),
      conflict_note text,
      judgements jsonb not null default '{}',
      assigned_on date not null,
      completed_on date,
      row_version integer not null default 1,
      primary key (accreditation_id, assessor_id)
    )`.execute(db)
  await sql`create index accreditation_assessment_assessor_idx on accreditation_assessment (assessor_id)`.execute(
    db,
  )

  await sql`
    create table accreditation_question (
      id serial primary key,
      accreditation_id uuid not null references programme_accreditation (id),
      position integer not null,
      question text not null,
      asked_on date not null,
      answer text,
      answered_on date,
      unique (accreditation_id, position),
      check ((answer is null) = (answered_on is null))
    )`.execute(db)

  await sql`
    create table accreditation_condition (
      id serial primary key,
      accreditation_id uuid not null references programme_accreditation (id),
      position integer not null,
      condition text not null,
      due_on date not null,
      met_on date,
      evidence text,
      unique (accreditation_id, position),
      check ((met_on is null) = (evidence is null))
    )`.execute(db)

  await sql`
    create table accreditation_event (
      id bigserial primary key,
      accreditation_id uuid not null references programme_accreditation (id),
      action text not null,
      summary text not null,
      reason text,
      actor_id uuid references user_account (id) on delete set null,
      actor_label text not null,
      occurred_at timestamptz not null
    )`.execute(db)
  await sql`create index accreditation_event_idx on accreditation_event (accreditation_id, occurred_at, id)`.execute(
    db,
  )

  await sql`
    create table accreditation_reminder (
      accreditation_id uuid not null references programme_accreditation (id),
      days_before integer not null,
      sent_on date not null,
      primary key (accreditation_id, days_before)
    )`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  for (const table of [
    'accreditation_reminder',
    'accreditation_event',
    'accreditation_condition',
    'accreditation_question',
    'accreditation_assessment',
    'programme_accreditation_credential',
    'programme_accreditation',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db)
  await sql`delete from criterion where criterion_set_id in (select id from criterion_set where kind = 'accreditation')`.execute(
    db,
  )
  await sql`delete from criterion_set where kind = 'accreditation'`.execute(db)
  await sql`alter table criterion_set drop constraint criterion_set_kind_check`.execute(db)
  await sql`alter table criterion_set add constraint criterion_set_kind_check
    check (kind in ('principle', 'gateway', 'endorsement'))`.execute(db)
}
