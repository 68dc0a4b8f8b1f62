import { sql, type Kysely } from 'kysely'

// The links e-mailed to someone who responds to a consultation without signing in: one to
// confirm their address (the response counts from then), and one to change their response
// until the consultation closes. Only the token's hash is kept, as for one_time_token; these
// have a table of their own because each belongs to one response.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consultation_response_token (
      id uuid primary key default gen_random_uuid(),
      response_id uuid not null references consultation_response (id) on delete cascade,
      purpose text not null check (purpose in ('confirm', 'edit')),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db)
  await sql`create index consultation_response_token_response_idx
    on consultation_response_token (response_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table consultation_response_token`.execute(db)
}
