// The job worker as `npm run worker` builds it, in a process of its own, for the scale-out test
// (test/integration/scale-out.test.ts): on the PostgreSQL schema it is given, it runs the real
// 'award-import' handler of src/services/job-handlers.ts, and nothing else, so that the test's
// own jobs are the only ones it takes. Its lease and heartbeat are short, so that a killed
// one's job is taken up again in seconds rather than a minute. It prints "ready" once started,
// then one JSON line per job it finishes or fails; SIGTERM stops it as the real worker stops.
import { parseConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { jobHandlers } from '../../src/services/job-handlers.ts'
import { createServices } from '../../src/services/index.ts'
import { createWorker } from '../../src/services/worker.ts'

const databaseUrl = process.env.DATABASE_URL
const schema = process.env.TEST_SCHEMA
if (!databaseUrl || !schema) throw new Error('import-worker needs DATABASE_URL and TEST_SCHEMA')
const config = parseConfig({
  NODE_ENV: 'test',
  DATABASE_URL: databaseUrl,
  BASE_URL: process.env.BASE_URL,
})
const database = await openDatabase({ databaseUrl, schema })
const services = createServices(database, config)
const line = (details: Record<string, unknown>, msg: string) =>
  process.stdout.write(`${JSON.stringify({ ...details, err: String(details.err ?? ''), msg })}\n`)
const worker = createWorker(
  database.db,
  config,
  { 'award-import': jobHandlers(services)['award-import'] },
  {
    workerId: process.env.WORKER_ID,
    leaseSeconds: Number(process.env.LEASE_SECONDS ?? 60),
    heartbeatSeconds: Number(process.env.HEARTBEAT_SECONDS ?? 10),
    pollMs: 100,
    log: { info: line, error: line },
  },
)
worker.start()
process.stdout.write('ready\n')
process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0))
})
