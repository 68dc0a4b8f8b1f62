import { sql, type Kysely } from 'kysely'

// Long work runs as jobs outside request handling (src/services/jobs.ts says how the
// queue keeps them safe). One row per job:
//   state         queued (waiting, from run_after), running (leased to locked_by until
//                 locked_until), done, or dead (out of attempts, kept with its last error);
//   key           an idempotency key: at most one queued or running job holds it;
//   repeat_seconds a recurring job (mail, housekeeping) goes back to queued that many seconds
//                 after each success instead of being done.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('key', 'text')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'running', 'done', 'dead')`),
    )
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('max_attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`max_attempts >= 1`),
    )
    .addColumn('run_after', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('repeat_seconds', 'integer', (c) => c.check(sql`repeat_seconds >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('job_running_leased', sql`state <> 'running' or locked_until is not null`)
    .execute()
  // At most one live job per key; done and dead jobs keep theirs for the record.
  await sql`create unique index job_live_key on job (key) where state in ('queued', 'running')`.execute(db)
  // What a worker claims next, and the leases it takes over when they run out.
  await sql`create index job_due_idx on job (run_after) where state = 'queued'`.execute(db)
  await sql`create index job_lease_idx on job (locked_until) where state = 'running'`.execute(db)
  // The admin list, newest first, by state and kind; and pruning old done jobs.
  await db.schema.createIndex('job_state_idx').on('job').columns(['state', 'kind', 'created_at']).execute()
  await db.schema.createIndex('job_created_idx').on('job').columns(['created_at', 'id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job').execute()
}
