// The dashboards at national size: `npm run bench:reports` (needs DATABASE_URL, a PostgreSQL
// server; the bench works in a schema of its own, dropped afterwards).
//
// Fills the schema as seed:demo does (with its two and a half years of history), then as
// `seed:scale -- --practitioners N` does (default 1,000,000 practitioners, 30% with an award),
// vacuums and analyses; times the 'statistics' refresh (the job that recomputes the summary
// tables every dashboard reads) --refreshes times; then times each dashboard's page through the
// whole app, for the public and signed in as a Centre admin, and each dashboard's figures in
// the reports service, 5 warm-up then --runs (default 30) timed each, printing p50 and p95.
// Goal: each dashboard page's p95 under 150 ms.
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { createDemoAccounts } from '../src/db/seed/demo-accounts.ts'
import { seedDemoHistory } from '../src/db/seed/demo-history.ts'
import { seedDemoProcess } from '../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../src/db/seed/demo-provider.ts'
import { analyseScaleTables, seedScale } from '../src/db/seed/scale-seed.ts'
import { createTestApp } from '../test/support/app.ts'
import { createAccount, signedIn } from '../test/support/agent.ts'

const { values } = parseArgs({
  options: {
    practitioners: { type: 'string' },
    runs: { type: 'string' },
    refreshes: { type: 'string' },
  },
})
const practitioners = Number(values.practitioners ?? 1_000_000)
const runs = Number(values.runs ?? 30)
const refreshes = Number(values.refreshes ?? 3)
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server')

const percentiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
  return `${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)}`
}

async function timed(name: string, run: () => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now()
    await run()
    if (i >= 5) times.push(performance.now() - start)
  }
  console.log(`| ${name} | ${percentiles(times)} |`)
}

const t = await createTestApp()
try {
  const { db } = t.database
  let started = performance.now()
  await createDemoAccounts(db, t.services)
  await seedDemoProcess(db, t.services)
  await seedDemoProvider(db, t.services)
  await seedDemoHistory(db, t.services)
  console.log(`seed:demo's records in ${Math.round(performance.now() - started)} ms`)
  started = performance.now()
  const scale = await seedScale(db, { practitioners, seed: 1 })
  await analyseScaleTables(db)
  const awards = await db
    .selectFrom('award')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  console.log(
    `seed:scale: ${scale.practitioners.toLocaleString('en-GB')} practitioners, ${Number(awards.n).toLocaleString('en-GB')} awards in all, in ${Math.round(performance.now() - started)} ms`,
  )

  const refreshTimes: number[] = []
  for (let i = 0; i < refreshes; i++) {
    const start = performance.now()
    await t.services.statistics.refresh()
    refreshTimes.push(performance.now() - start)
  }
  await sql`analyze award_month_statistic, award_holder_statistic, practitioner_month_statistic`.execute(db)
  console.log(`statistics refresh (ms, each): ${refreshTimes.map((ms) => ms.toFixed(0)).join(', ')}`)

  await createAccount(t, 'bench.reports.admin@example.org', [{ role: 'centre_admin' }])
  const admin = await signedIn(t, 'bench.reports.admin@example.org')
  const page = async (url: string, agent?: typeof admin) => {
    const res = agent ? await agent.get(url) : await t.app.inject({ method: 'GET', url })
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
  }
  console.log('\n| measured | p50 ms | p95 ms |')
  console.log('| --- | ---: | ---: |')
  // A dashboard without figures yet (another part of the work) has no page to time.
  const withFigures = (kind: 'public' | 'centre') =>
    t.services.reports
      .dashboards({ kind })
      .filter((d) => d.datasets > 0)
      .map((d) => d.dashboard)
  for (const dashboard of withFigures('public'))
    await timed(`/reports/${dashboard}, public`, () => page(`/reports/${dashboard}`))
  for (const dashboard of withFigures('centre'))
    await timed(`/reports/${dashboard}, Centre admin`, () => page(`/reports/${dashboard}`, admin))
  await timed('/reports/take-up?from=2025-04&to=2026-03&region=london, public', () =>
    page('/reports/take-up?from=2025-04&to=2026-03&region=london'),
  )
  await timed('/reports/data/awards-by-month.csv', () => page('/reports/data/awards-by-month.csv'))
  for (const dashboard of withFigures('centre'))
    await timed(`${dashboard} figures in the service, Centre`, () =>
      t.services.reports.dashboard(dashboard, {}, { kind: 'centre' }),
    )
} finally {
  await t.close()
}
