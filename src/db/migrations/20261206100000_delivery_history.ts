import { sql, type Kysely } from 'kysely'

// A delivery's state history, so that an award can be checked against the approval in force
// on its date rather than against the delivery's state now; and the public category of the
// reason an award was suspended or revoked, which a verifier may show (the free-text reason
// stays private to the provider, the Centre and the learner).
// Lists in CHECK constraints are copied, not imported (see the catalogue migration).
const DELIVERY_STATES = [
  'applied',
  'approved',
  'approved_with_conditions',
  'declined',
  'suspended',
  'withdrawn',
]
const AWARD_STATUS_REASONS = [
  'issued_in_error',
  'withdrawn_by_provider',
  'under_investigation',
  'academic_misconduct',
  'regulatory_action',
  'requested_by_holder',
]

const inList = (values: string[]) => sql.join(values.map((v) => sql.lit(v)))

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delivery_state_change')
    // An identity rather than a random id: two changes at the same instant keep their order.
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('delivery.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${inList(DELIVERY_STATES)})`))
    .addColumn('effective_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('delivery_state_change_delivery_idx')
    .on('delivery_state_change')
    .columns(['delivery_id', 'effective_at'])
    .execute()

  // Backfill from what is known. Every delivery was applied for at applied_at.
  await sql`insert into delivery_state_change (delivery_id, state, effective_at, recorded_by)
    select id, 'applied', applied_at, applied_by from delivery order by applied_at`.execute(db)
  // The decision, at decided_at. A suspended delivery, or one withdrawn after a decision, was
  // approved first (with conditions when it has them); one that says it was decided without a
  // date (only ever written straight to the table) is taken as decided when it applied.
  await sql`insert into delivery_state_change (delivery_id, state, effective_at, recorded_by)
    select id,
      case
        when state in ('approved', 'approved_with_conditions', 'declined') then state
        when conditions is not null then 'approved_with_conditions'
        else 'approved'
      end,
      coalesce(decided_at, applied_at),
      decided_by
    from delivery
    where decided_at is not null or state in ('approved', 'approved_with_conditions', 'declined', 'suspended')
    order by coalesce(decided_at, applied_at)`.execute(db)
  // Suspensions, reinstatements and withdrawals at the times the audit trail records them.
  await sql`insert into delivery_state_change (delivery_id, state, effective_at, recorded_by)
    select d.id,
      case e.action
        when 'delivery.suspended' then 'suspended'
        when 'delivery.reinstated' then 'approved'
        else 'withdrawn'
      end,
      e.occurred_at,
      e.actor_user_id
    from audit_event e
    join delivery d on d.id::text = e.entity_id
    where e.entity_type = 'delivery'
      and e.action in ('delivery.suspended', 'delivery.reinstated', 'delivery.withdrawn')
    order by e.occurred_at, e.id`.execute(db)
  // A delivery suspended or withdrawn now whose change the audit trail does not date: at the
  // earliest time it can have happened, after its application, its decision and its last
  // award (no award is made while a delivery is suspended or withdrawn). Earlier rather than
  // later, so that no award made after it is taken as made under an approval.
  await sql`insert into delivery_state_change (delivery_id, state, effective_at)
    select d.id, d.state,
      greatest(d.applied_at, d.decided_at, (select max(a.created_at) from award a where a.delivery_id = d.id))
    from delivery d
    where d.state in ('suspended', 'withdrawn')
      and not exists (
        select 1 from audit_event e
        where e.entity_type = 'delivery' and e.entity_id = d.id::text and e.action = 'delivery.' || d.state
      )`.execute(db)

  // The public category of the reason for a suspension or revocation; none while active. Awards
  // suspended or revoked before this migration have none: nobody said which it was.
  await db.schema
    .alterTable('award')
    .addColumn('status_reason_category', 'text', (c) =>
      c.check(sql`status_reason_category in (${inList(AWARD_STATUS_REASONS)})`),
    )
    .execute()
  await sql`alter table award add constraint award_reason_category_when_not_active
    check (status_reason_category is null or status <> 'active')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table award drop constraint award_reason_category_when_not_active`.execute(db)
  await db.schema.alterTable('award').dropColumn('status_reason_category').execute()
  await db.schema.dropTable('delivery_state_change').execute()
}
