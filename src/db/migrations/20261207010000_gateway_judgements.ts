import { sql, type Kysely } from 'kysely'

// The Centre's check of a proposal as a rubric: a Centre admin's judgement of each gateway
// criterion of the version the proposal answered, with a reason, who made it and when. A
// proposal counts its submissions, and each judgement keeps the one it was made on: after a
// return and a resubmission, the earlier judgements stay on the record but must be made again.
// One row a criterion: judging again replaces it (the audit trail keeps every judgement).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('proposal')
    .addColumn('submissions', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`update proposal set submissions = 1 where submitted_at is not null`.execute(db)
  await db.schema
    .createTable('proposal_gateway_judgement')
    .addColumn('proposal_id', 'uuid', (c) => c.notNull().references('proposal.id').onDelete('cascade'))
    .addColumn('criterion_code', 'text', (c) => c.notNull())
    .addColumn('judgement', 'text', (c) =>
      c.notNull().check(sql`judgement in ('met', 'partly_met', 'not_met')`),
    )
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`btrim(reason) <> ''`))
    .addColumn('submission', 'integer', (c) => c.notNull())
    .addColumn('judged_by', 'uuid', (c) => c.notNull().references('user_account.id'))
    .addColumn('judged_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_gateway_judgement_pkey', ['proposal_id', 'criterion_code'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('proposal_gateway_judgement').execute()
  await db.schema.alterTable('proposal').dropColumn('submissions').execute()
}
