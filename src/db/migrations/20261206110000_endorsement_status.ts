import { sql, type Kysely } from 'kysely'

// Endorsements with a status, and compromised keys.
//
// Each endorsed specification version has an endorsement record with an entry in a
// revocation status list of the Centre's, so that withdrawing the endorsement shows to anyone
// who checks the Centre's EndorsementCredential. A list now says what it holds: awards (random
// entries, given out by the award issuing) or endorsements (sequential entries), so awards are
// never put on an endorsement list. An endorsement is withdrawn (every award made under the
// version is no longer valid: its bit is set) or ended (awards made on or before ended_on stay
// valid: the credential is signed again with validUntil), once; the audit trail keeps who and
// why as well.
//
// An issuer key can be marked compromised from an instant: what it signed after that must not
// verify. Only a retired key can be (the service refuses the active one).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table status_list add column holds text not null default 'awards'
    constraint status_list_holds check (holds in ('awards', 'endorsements'))`.execute(db)

  await db.schema
    .createTable('endorsement')
    .addColumn('specification_version_id', 'uuid', (c) =>
      c.primaryKey().references('specification_version.id'),
    )
    .addColumn('status_list_id', 'integer', (c) => c.notNull().references('status_list.id'))
    .addColumn('status_index', 'integer', (c) => c.notNull().check(sql`status_index >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('ended_on', 'date')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('withdrawal_reason', 'text')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('endorsement_entry_unique', ['status_list_id', 'status_index'])
    .addCheckConstraint('endorsement_ended_both', sql`(ended_on is null) = (ended_at is null)`)
    .addCheckConstraint('endorsement_once', sql`withdrawn_at is null or ended_at is null`)
    .addCheckConstraint(
      'endorsement_reason',
      sql`(withdrawn_at is null and ended_at is null) = (withdrawal_reason is null)`,
    )
    .execute()

  await db.schema.alterTable('issuer_key').addColumn('compromised_from', 'timestamptz').execute()
  await sql`alter table issuer_key add constraint issuer_key_compromised_retired
    check (compromised_from is null or retired_at is not null)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table issuer_key drop constraint issuer_key_compromised_retired`.execute(db)
  await db.schema.alterTable('issuer_key').dropColumn('compromised_from').execute()
  await db.schema.dropTable('endorsement').execute()
  await db.schema.alterTable('status_list').dropColumn('holds').execute()
}
