import { sql, type Kysely } from 'kysely'

// A credential uploaded to a portfolio counts as verified only when it was issued to
// the account that holds it. Each upload keeps what its holder check found:
//   matched       it names the account's e-mail address, registration number or DID;
//   someone_else  it names a holder, and not this account ("Issued to someone else");
//   not_named     it names no holder that could be compared with the account;
//   null          not compared yet (uploaded before this check, or an Open Badges 2.0 badge,
//                 which is not checked at all). A not-yet-compared upload is checked again the
//                 next time it is shown or by the daily re-check, whichever comes first.
// And whether its issuer is one of this platform's (otherwise its name is self-declared).
// The daily re-check reads uploads by when they were last checked, a page at a time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table external_credential add column holder_match text
    constraint external_credential_holder_match check (holder_match in ('matched', 'someone_else', 'not_named'))`.execute(
    db,
  )
  await db.schema
    .alterTable('external_credential')
    .addColumn('issuer_ours', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await db.schema
    .createIndex('external_credential_checked_idx')
    .on('external_credential')
    .columns(['checked_at', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('external_credential_checked_idx').execute()
  await db.schema.alterTable('external_credential').dropColumn('issuer_ours').execute()
  await db.schema.alterTable('external_credential').dropColumn('holder_match').execute()
}
