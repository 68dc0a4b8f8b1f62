// The provider's lists at national volume: `npm run bench:lists` (needs DATABASE_URL, a
// PostgreSQL server; the bench works in a schema of its own, dropped afterwards).
//
// Inserts 100,000 learners, each with an award (unsigned), on one delivery of one provider,
// in bulk; ANALYZEs; then, signed in as the provider's staff, times each list's requests
// through the whole app (route, service, queries, page drawn): the first page, a middle page,
// a search and a filter, 5 warm-up then 50 timed requests each, and prints p50, p95 and the
// page's size. Goal: p95 under 100 ms. Options: --rows <n> (default 100000), --runs <n>.
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { createTestApp } from '../test/support/app.ts'
import { createAccount, signedIn } from '../test/support/agent.ts'
import { insertApprovedDelivery } from '../test/support/award-fixture.ts'
import { familyNameOf, insertLearnersWithAwards } from '../test/support/list-fixture.ts'

const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } } })
const rows = Number(values.rows ?? 100_000)
const runs = Number(values.runs ?? 50)
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server')

const t = await createTestApp()
try {
  const db = t.database.db
  const fixture = await insertApprovedDelivery(db, { organisationName: 'Bench University' })
  const started = performance.now()
  await insertLearnersWithAwards(db, fixture.deliveryId, rows)
  await sql`analyze`.execute(db)
  // Whichever of these are tables (award and learner may be views of award_record and
  // learner_record): vacuumed, their index-only scans need not visit the rows.
  const tables = await sql<{ relname: string }>`
    select relname from pg_class
    where relkind = 'r' and relnamespace = current_schema()::regnamespace
      and relname in ('award', 'learner', 'award_record', 'learner_record')`.execute(db)
  for (const { relname } of tables.rows) await sql`vacuum analyze ${sql.id(relname)}`.execute(db)
  console.log(
    `Inserted ${rows.toLocaleString('en-GB')} learners and awards in ${Math.round(performance.now() - started)} ms`,
  )
  await createAccount(t, 'bench.staff@example.org', [
    { role: 'provider_staff', organisationId: fixture.organisationId },
  ])
  const staff = await signedIn(t, 'bench.staff@example.org')
  const middle = Math.ceil(rows / 25 / 2)
  const learners = `/provider/deliveries/${fixture.deliveryId}/learners`
  const cases: Array<[string, string]> = [
    ['awards: first page', '/provider/awards'],
    ['awards: middle page', `/provider/awards?page=${middle}`],
    ['awards: search by family name', `/provider/awards?q=${familyNameOf(4321).toLowerCase()}`],
    ['awards: search by registration number', '/provider/awards?q=RN0543'],
    ['awards: filter suspended', '/provider/awards?status=suspended'],
    ['awards: filter suspended, page 100', '/provider/awards?status=suspended&page=100'],
    [
      'awards: date range',
      '/provider/awards?from[day]=1&from[month]=3&from[year]=2026&to[day]=31&to[month]=3&to[year]=2026',
    ],
    ['learners: first page', learners],
    ['learners: middle page', `${learners}?page=${middle}`],
    ['learners: search by name', `${learners}?q=${familyNameOf(77).slice(0, 7)}`],
    ['learners: filter not awarded', `${learners}?award=not_awarded`],
    ['uploads: first page', '/provider/imports'],
    ['deliveries: first page', '/provider/deliveries'],
  ]
  console.log('| list | p50 ms | p95 ms | page bytes |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [name, url] of cases) {
    let bytes = 0
    const times: number[] = []
    for (let i = 0; i < runs + 5; i++) {
      const start = performance.now()
      const res = await staff.get(url)
      const took = performance.now() - start
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
      bytes = res.body.length
      if (i >= 5) times.push(took)
    }
    times.sort((a, b) => a - b)
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
    console.log(
      `| ${name} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${bytes.toLocaleString('en-GB')} |`,
    )
  }
  const started2 = performance.now()
  const csv = await staff.get('/provider/awards?format=csv')
  console.log(
    `Download of all awards: ${Math.round(performance.now() - started2)} ms, ${csv.body.length.toLocaleString('en-GB')} bytes`,
  )
} finally {
  await t.close()
}
