import { sql, type Kysely } from 'kysely'

// The approval and assurance process: proposals and the Credential Group's decision,
// specification versions with their independent reviews, periodic review, recognition,
// and the timeline of who did what to each credential.
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
const OLD_STATUSES = [
  'exploration_phase',
  'to_be_commissioned',
  'to_be_reviewed',
  'in_development',
  'due',
  'under_review',
  'endorsed',
  'in_delivery',
  'periodic_review',
  'withdrawn',
  'tbc',
]
const STATUSES = [...OLD_STATUSES, 'recognised']
const PROPOSAL_STATES = ['draft', 'submitted', 'returned', 'with_group', 'agreed', 'declined', 'deferred']
const VERSION_STATES = [
  'draft',
  'submitted',
  'under_review',
  'revise_and_resubmit',
  'not_endorsed',
  'published',
  'superseded',
  'withdrawn',
]
const OPEN_VERSION_STATES = ['draft', 'submitted', 'under_review']
const DECISIONS = ['endorse', 'endorse_with_conditions', 'revise_and_resubmit', 'not_endorsed']

const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))

async function replaceStatusCheck(db: Kysely<unknown>, statuses: string[]): Promise<void> {
  // The column-level check from the catalogue migration has PostgreSQL's generated name.
  await sql`alter table credential drop constraint if exists credential_status_check`.execute(db)
  await sql`alter table credential add constraint credential_status_check check (status in (${inList(statuses)}))`.execute(
    db,
  )
  await sql`alter table credential_status_event drop constraint if exists credential_status_event_status_check`.execute(
    db,
  )
  await sql`alter table credential_status_event add constraint credential_status_event_status_check check (status in (${inList(statuses)}))`.execute(
    db,
  )
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await replaceStatusCheck(db, STATUSES)
  // A credential in development carries its expected date in the same columns as a due one.
  await sql`alter table credential drop constraint credential_due_only_when_due`.execute(db)
  await sql`alter table credential add constraint credential_due_pair check ((due_season is null) = (due_year is null))`.execute(
    db,
  )
  await sql`alter table credential add constraint credential_due_when_due check (status <> 'due' or due_season is not null)`.execute(
    db,
  )
  await db.schema
    .alterTable('credential')
    // Recognition applications are credentials nobody outside the process sees until recognised.
    .addColumn('listed', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('lead_author_id', 'uuid', (c) => c.references('user_account.id'))
    .addColumn('review_interval_months', 'integer', (c) =>
      c.check(sql`review_interval_months between 1 and 120`),
    )
    .addColumn('next_review_due', 'date')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('credential_next_review_idx')
    .on('credential')
    .column('next_review_due')
    .execute()

  await db.schema
    .createTable('proposal')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'integer', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('user_account.id'))
    // A draft can be saved before its area is chosen; submission needs it.
    .addColumn('clinical_area_id', 'integer', (c) => c.references('clinical_area.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('need', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_professions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('gateway_set_id', 'integer', (c) => c.notNull().references('criterion_set.id'))
    .addColumn('gateway_answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(PROPOSAL_STATES)})`))
    .addColumn('check_note', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decision_participants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('decided_by', 'uuid', (c) => c.references('user_account.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('credential_id', 'uuid', (c) => c.references('credential.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('proposal_state_idx').on('proposal').column('state').execute()
  await db.schema.createIndex('proposal_author_idx').on('proposal').column('author_id').execute()

  await db.schema
    .createTable('specification_version')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('specification', 'recognition')`))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(VERSION_STATES)})`))
    .addColumn('content', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('criterion_set_id', 'integer', (c) => c.references('criterion_set.id'))
    .addColumn('report', 'text')
    .addColumn('decision', 'text', (c) => c.check(sql`decision in (${inList(DECISIONS)})`))
    .addColumn('decision_conditions', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('user_account.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('specification_version_number_key', ['credential_id', 'number'])
    .execute()
  // One version at a time is being written or reviewed.
  await sql`create unique index specification_version_one_open_idx on specification_version (credential_id) where state in (${inList(OPEN_VERSION_STATES)})`.execute(
    db,
  )
  await db.schema
    .createIndex('specification_version_state_idx')
    .on('specification_version')
    .column('state')
    .execute()

  await db.schema
    .createTable('review_assignment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('specification_version.id'))
    .addColumn('reviewer_id', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('conflict', 'text', (c) =>
      c
        .notNull()
        .defaultTo('undeclared')
        .check(sql`conflict in ('undeclared', 'none', 'declared')`),
    )
    .addColumn('conflict_note', 'text')
    .addColumn('judgements', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('recommendation', 'text', (c) => c.check(sql`recommendation in (${inList(DECISIONS)})`))
    .addColumn('recommendation_comment', 'text')
    .addColumn('assigned_by', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('declared_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('review_assignment_reviewer_key', ['version_id', 'reviewer_id'])
    .execute()
  await db.schema
    .createIndex('review_assignment_reviewer_idx')
    .on('review_assignment')
    .column('reviewer_id')
    .execute()

  await db.schema
    .createTable('periodic_review')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('opened_by', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('new_version', 'withdrawn')`))
    .addColumn('reason', 'text')
    .addColumn('closed_at', 'timestamptz')
    .execute()
  await sql`create unique index periodic_review_one_open_idx on periodic_review (credential_id) where closed_at is null`.execute(
    db,
  )

  // A reminder is sent once for each due date and notice period, whichever worker gets there.
  await db.schema
    .createTable('review_reminder')
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('review_reminder_pkey', ['credential_id', 'due_date', 'days_before'])
    .execute()

  await db.schema
    .createTable('credential_event')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('credential_id', 'uuid', (c) => c.references('credential.id'))
    .addColumn('proposal_id', 'uuid', (c) => c.references('proposal.id'))
    .addColumn('version_number', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'uuid', (c) => c.references('user_account.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('credential_event_subject', sql`credential_id is not null or proposal_id is not null`)
    .execute()
  await db.schema
    .createIndex('credential_event_credential_idx')
    .on('credential_event')
    .columns(['credential_id', 'id'])
    .execute()
  await db.schema
    .createIndex('credential_event_proposal_idx')
    .on('credential_event')
    .columns(['proposal_id', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'credential_event',
    'review_reminder',
    'periodic_review',
    'review_assignment',
    'specification_version',
    'proposal',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.dropIndex('credential_next_review_idx').execute()
  await db.schema
    .alterTable('credential')
    .dropColumn('listed')
    .dropColumn('lead_author_id')
    .dropColumn('review_interval_months')
    .dropColumn('next_review_due')
    .dropColumn('row_version')
    .execute()
  await sql`alter table credential drop constraint credential_due_when_due`.execute(db)
  await sql`alter table credential drop constraint credential_due_pair`.execute(db)
  await sql`update credential set due_season = null, due_year = null where status <> 'due'`.execute(db)
  await sql`alter table credential add constraint credential_due_only_when_due check ((status = 'due') = (due_season is not null and due_year is not null))`.execute(
    db,
  )
  await sql`update credential set status = 'endorsed' where status = 'recognised'`.execute(db)
  await sql`update credential_status_event set status = 'endorsed' where status = 'recognised'`.execute(db)
  await replaceStatusCheck(db, OLD_STATUSES)
}
