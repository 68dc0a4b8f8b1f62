// The pipeline at volume: `npm run bench:pipeline` (needs DATABASE_URL, a PostgreSQL server; the
// bench works in a schema of its own, dropped afterwards).
//
// Inserts --rows proposals (default 10,000) waiting at each of the two proposal stages, each
// with a step of its timeline, in bulk; ANALYZEs; then, signed in as a Centre admin, times the
// pipeline page, the admin's home (which counts every stage) and a late page of one stage
// through the whole app, 5 warm-up then --runs (default 30) timed requests each, and prints p50,
// p95 and the page's size. It also times the pipeline's data in the service as it is drawn now
// (one statement counting every stage, then a statement for each stage with items) beside a
// count and a list for each stage one after another. Goal: the pipeline page's p95 under 250 ms.
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { PIPELINE_STAGES } from '../src/domain/pipeline.ts'
import * as pipelineRepo from '../src/repositories/pipeline.ts'
import { createWorkQueueService } from '../src/services/work-queue.ts'
import { createTestApp } from '../test/support/app.ts'
import { createAccount, signedIn } from '../test/support/agent.ts'
import { insertWaitingProposals } from '../test/support/list-fixture.ts'

const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } } })
const rows = Number(values.rows ?? 10_000)
const runs = Number(values.runs ?? 30)
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server')

async function timed(name: string, run: () => Promise<number>) {
  let bytes = 0
  const times: number[] = []
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now()
    bytes = await run()
    if (i >= 5) times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
  console.log(
    `| ${name} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${bytes ? bytes.toLocaleString('en-GB') : ''} |`,
  )
}

const t = await createTestApp()
try {
  const db = t.database.db
  const authorId = await createAccount(t, 'bench.author@example.org', [{ role: 'specification_author' }])
  const started = performance.now()
  const from = new Date(Date.now() - 400 * 86_400_000)
  for (const state of ['submitted', 'with_group'] as const)
    await insertWaitingProposals(db, { authorId, state, count: rows, from, title: `Bench ${state}` })
  await sql`analyze`.execute(db)
  console.log(
    `Inserted ${(2 * rows).toLocaleString('en-GB')} proposals and their steps in ${Math.round(performance.now() - started)} ms`,
  )
  await createAccount(t, 'bench.admin@example.org', [{ role: 'centre_admin' }])
  const admin = await signedIn(t, 'bench.admin@example.org')
  const page = async (url: string) => {
    const res = await admin.get(url)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
    return res.body.length
  }
  console.log('| measured | p50 ms | p95 ms | page bytes |')
  console.log('| --- | ---: | ---: | ---: |')
  await timed('pipeline page', () => page('/pipeline'))
  await timed("admin's home", () => page('/home'))
  await timed('a stage, page 200', () => page('/pipeline/proposals-to-check?page=200'))
  const workQueue = createWorkQueueService(db)
  const today = new Date().toISOString().slice(0, 10)
  await timed('pipeline data: as drawn now', async () => {
    await workQueue.pipeline(new Date(), today, 5)
    return 0
  })
  const rules = { minReviewers: 2, periodicUntil: today }
  await timed(`pipeline data: ${2 * PIPELINE_STAGES.length} statements, one after another`, async () => {
    for (const stage of PIPELINE_STAGES) {
      await pipelineRepo.countStage(db, stage, rules)
      await pipelineRepo.listStage(db, stage, rules, 5, 0)
    }
    return 0
  })
} finally {
  await t.close()
}
