import { sql, type Kysely } from 'kysely'

// Education providers and what they do with endorsed credentials: accredited programmes,
// deliveries of a published specification version with yearly quality returns, learners
// with the basis of their eligibility, awards, CSV imports run as background jobs, and the
// answers kept for the API's Idempotency-Key.
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
const PROVIDER_KINDS = ['university', 'employer', 'professional_body', 'other']
const REGIONS = [
  'east_of_england',
  'london',
  'midlands',
  'north_east_and_yorkshire',
  'north_west',
  'south_east',
  'south_west',
]
const ACCREDITATION_STATUSES = ['accredited', 'accredited_with_conditions', 'lapsed', 'withdrawn']
const DELIVERY_STATES = [
  'applied',
  'approved',
  'approved_with_conditions',
  'declined',
  'suspended',
  'withdrawn',
]
const LIVE_DELIVERY_STATES = ['applied', 'approved', 'approved_with_conditions', 'suspended']
const DELIVERY_MODES = ['face_to_face', 'online', 'blended', 'work_based']
const RETURN_STATES = ['due', 'submitted', 'accepted', 'concern_raised']
const ELIGIBILITY_BASES = ['enrolled_msc', 'holds_msc', 'equivalence']
const AWARD_STATUSES = ['active', 'suspended', 'revoked']
const IMPORT_STATES = ['queued', 'running', 'completed', 'rejected', 'failed']

const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('organisation')
    .addColumn('ukprn', 'text', (c) => c.unique().check(sql`ukprn ~ '^1[0-9]{7}$'`))
    .addColumn('provider_kind', 'text', (c) => c.check(sql`provider_kind in (${inList(PROVIDER_KINDS)})`))
    .addColumn('region', 'text', (c) => c.check(sql`region in (${inList(REGIONS)})`))
    .addColumn('website', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('programme')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('accreditation_status', 'text', (c) =>
      c.notNull().check(sql`accreditation_status in (${inList(ACCREDITATION_STATUSES)})`),
    )
    .addColumn('accredited_from', 'date', (c) => c.notNull())
    .addColumn('accredited_until', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'programme_dates_in_order',
      sql`accredited_until is null or accredited_until >= accredited_from`,
    )
    .execute()
  await sql`create unique index programme_title_idx on programme (organisation_id, lower(title))`.execute(db)

  await db.schema
    .createTable('delivery')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('specification_version_id', 'uuid', (c) => c.notNull().references('specification_version.id'))
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id'))
    .addColumn('programme_id', 'uuid', (c) => c.references('programme.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(DELIVERY_STATES)})`))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in (${inList(DELIVERY_MODES)})`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('expected_cohort', 'integer', (c) => c.notNull().check(sql`expected_cohort > 0`))
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('suspended_reason', 'text')
    .addColumn('applied_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  // One live delivery of a version per provider: a declined or withdrawn one may be asked again.
  await sql`create unique index delivery_one_live_idx on delivery (organisation_id, specification_version_id) where state in (${inList(LIVE_DELIVERY_STATES)})`.execute(
    db,
  )
  await db.schema.createIndex('delivery_credential_idx').on('delivery').column('credential_id').execute()
  await db.schema.createIndex('delivery_state_idx').on('delivery').column('state').execute()

  await db.schema
    .createTable('quality_return')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('delivery.id'))
    .addColumn('period_year', 'integer', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(RETURN_STATES)})`))
    .addColumn('cohort_started', 'integer', (c) => c.check(sql`cohort_started >= 0`))
    .addColumn('cohort_completed', 'integer', (c) => c.check(sql`cohort_completed >= 0`))
    .addColumn('outcomes', 'text')
    .addColumn('changes', 'text')
    .addColumn('concerns', 'text')
    .addColumn('submitted_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('reviewed_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_note', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('quality_return_one_a_year', ['delivery_id', 'period_year'])
    .execute()
  await db.schema
    .createIndex('quality_return_due_idx')
    .on('quality_return')
    .columns(['state', 'due_on'])
    .execute()

  await db.schema
    .createTable('quality_return_reminder')
    .addColumn('quality_return_id', 'uuid', (c) => c.notNull().references('quality_return.id'))
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('quality_return_reminder_pk', ['quality_return_id', 'days_before'])
    .execute()

  // Evidence a provider uploads, such as proof of a learner's educational equivalence.
  await db.schema
    .createTable('evidence_file')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('learner')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('delivery.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().check(sql`email = lower(email)`))
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('regulator', 'text', (c) => c.notNull())
    .addColumn('registration_number', 'text', (c) => c.notNull())
    .addColumn('eligibility_basis', 'text', (c) =>
      c.check(sql`eligibility_basis in (${inList(ELIGIBILITY_BASES)})`),
    )
    .addColumn('eligibility_programme_id', 'uuid', (c) => c.references('programme.id'))
    .addColumn('msc_institution', 'text')
    .addColumn('msc_year', 'integer')
    .addColumn('equivalence_file_id', 'uuid', (c) => c.references('evidence_file.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('learner_once_a_delivery', ['delivery_id', 'email'])
    // The database holds the rule too: a basis always comes with what it needs.
    .addCheckConstraint(
      'learner_eligibility_complete',
      sql`eligibility_basis is null
        or (eligibility_basis = 'enrolled_msc' and eligibility_programme_id is not null)
        or (eligibility_basis = 'holds_msc' and msc_institution is not null and msc_year is not null)
        or (eligibility_basis = 'equivalence' and equivalence_file_id is not null)`,
    )
    .execute()
  await db.schema.createIndex('learner_email_idx').on('learner').column('email').execute()

  await db.schema
    .createTable('award_import')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('delivery_id', 'uuid', (c) => c.references('delivery.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('csv', 'api')`))
    .addColumn('filename', 'text')
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(IMPORT_STATES)})`))
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejections', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('award_import_state_idx').on('award_import').column('state').execute()

  await db.schema
    .createTable('award')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('learner_id', 'uuid', (c) => c.notNull().references('learner.id'))
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('delivery.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credential.id'))
    .addColumn('specification_version_id', 'uuid', (c) => c.notNull().references('specification_version.id'))
    .addColumn('awarded_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(AWARD_STATUSES)})`))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('status_changed_at', 'timestamptz')
    .addColumn('practitioner_id', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('award_import_id', 'uuid', (c) => c.references('award_import.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    // A learner is awarded a delivery's credential once: what makes a repeated upload harmless.
    .addUniqueConstraint('award_once_a_learner', ['learner_id'])
    .addCheckConstraint('award_reason_when_not_active', sql`status = 'active' or status_reason is not null`)
    .execute()
  await db.schema.createIndex('award_organisation_idx').on('award').column('organisation_id').execute()
  await db.schema.createIndex('award_practitioner_idx').on('award').column('practitioner_id').execute()

  await db.schema
    .createTable('idempotent_request')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisation.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_sha256', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotent_request_pk', ['organisation_id', 'key'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'idempotent_request',
    'award',
    'award_import',
    'learner',
    'evidence_file',
    'quality_return_reminder',
    'quality_return',
    'delivery',
    'programme',
  ])
    await db.schema.dropTable(table).execute()
  await db.schema
    .alterTable('organisation')
    .dropColumn('ukprn')
    .dropColumn('provider_kind')
    .dropColumn('region')
    .dropColumn('website')
    .dropColumn('row_version')
    .execute()
}
