// A job worker in a process of its own, for the test of a worker killed mid-job
// (src/services/worker.test.ts): on the PostgreSQL schema it is given, it claims a
// 'housekeeping' job, records that it started it, says "started" on stdout, then works on it
// forever (heartbeating) until it is killed.
import { sql } from 'kysely'
import { parseConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { createWorker } from '../../src/services/worker.ts'

const databaseUrl = process.env.DATABASE_URL
const schema = process.env.TEST_SCHEMA
if (!databaseUrl || !schema) throw new Error('job-worker needs DATABASE_URL and TEST_SCHEMA')
const database = await openDatabase({ databaseUrl, schema })
const worker = createWorker(
  database.db,
  parseConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl }),
  {
    async housekeeping(_payload, { jobId }) {
      await sql`insert into job_test_run (job_id, worker) values (${jobId}, 'killed')`.execute(database.db)
      process.stdout.write('started\n')
      await new Promise(() => undefined)
    },
  },
  {
    leaseSeconds: Number(process.env.LEASE_SECONDS ?? 60),
    heartbeatSeconds: Number(process.env.HEARTBEAT_SECONDS ?? 10),
    pollMs: 100,
  },
)
worker.start()
