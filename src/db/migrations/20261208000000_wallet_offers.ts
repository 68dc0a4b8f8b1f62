import { sql, type QueryExecutorProvider } from 'kysely'

// OpenID4VCI: each offer of an award to a wallet, by the hashes of its secrets (the
// pre-authorised code, the transaction code sent by e-mail, the access token it became), and
// the nonces wallets sign their key proofs over, each usable once.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create table wallet_offer (
      id uuid primary key default gen_random_uuid(),
      award_id uuid not null references award_record(id) on delete cascade,
      user_id uuid not null references user_account(id) on delete cascade,
      pre_authorized_code_hash text not null unique,
      tx_code_hash text not null,
      wrong_tx_codes integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      redeemed_at timestamptz,
      access_token_hash text unique,
      access_token_expires_at timestamptz
    )`.execute(db)
  await sql`create index wallet_offer_award on wallet_offer (award_id, created_at desc)`.execute(db)
  await sql`create index wallet_offer_user on wallet_offer (user_id)`.execute(db)
  await sql`
    create table wallet_nonce (
      nonce_hash text primary key,
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index wallet_nonce_expiry on wallet_nonce (expires_at)`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`drop table wallet_nonce`.execute(db)
  await sql`drop table wallet_offer`.execute(db)
}
