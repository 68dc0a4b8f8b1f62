// The provider's lists at national volume: `npm run bench:lists` (needs DATABASE_URL, a
// PostgreSQL server; the bench works in a schema of its own, dropped afterwards).
//
// Inserts 100,000 learners, each with an award (unsigned), on one delivery of one provider,
// in bulk; ANALYZEs; then, signed in as the provider's staff, times each list's requests
// through the whole app (route, service, queries, page drawn): the first page, a middle page,
// a search and a filter, 5 warm-up then 50 timed requests each, and prints p50, p95 and the
// page's size. Goal: p95 under 100 ms. Options: --rows <n> (default 100000), --runs <n>.
//
// Then the signed-in pages no cache serves, over HTTP at --connections (default 10) at once
// for --seconds each (default 10): the provider's award list, and the portfolio and awards of
// a practitioner holding five of the 100,000 awards. Goal: p95 under 50 ms.
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { createTestApp } from '../test/support/app.ts'
import { createAccount, signedIn } from '../test/support/agent.ts'
import { insertApprovedDelivery } from '../test/support/award-fixture.ts'
import { familyNameOf, insertLearnersWithAwards } from '../test/support/list-fixture.ts'

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    runs: { type: 'string' },
    connections: { type: 'string' },
    seconds: { type: 'string' },
  },
})
const rows = Number(values.rows ?? 100_000)
const runs = Number(values.runs ?? 50)
const connections = Number(values.connections ?? 10)
const seconds = Number(values.seconds ?? 10)

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0

/**
 * `connections` clients each asking for `url` again as soon as answered, for `seconds` after a
 * 2-second warm-up: requests per second and the latency percentiles, over real HTTP.
 */
async function underLoad(base: string, url: string, cookie: string) {
  const times: number[] = []
  let measuring = false
  let stop = false
  const client = async () => {
    while (!stop) {
      const start = performance.now()
      const res = await fetch(`${base}${url}`, { headers: { cookie } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
      if (measuring) times.push(performance.now() - start)
    }
  }
  const clients = Array.from({ length: connections }, client)
  await new Promise((resolve) => setTimeout(resolve, 2000))
  measuring = true
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  stop = true
  await Promise.all(clients)
  times.sort((a, b) => a - b)
  return { perSecond: times.length / seconds, p50: percentile(times, 0.5), p95: percentile(times, 0.95) }
}
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
    const at = (p: number) => percentile(times, p)
    console.log(
      `| ${name} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${bytes.toLocaleString('en-GB')} |`,
    )
  }
  const started2 = performance.now()
  const csv = await staff.get('/provider/awards?format=csv')
  console.log(
    `Download of all awards: ${Math.round(performance.now() - started2)} ms, ${csv.body.length.toLocaleString('en-GB')} bytes`,
  )

  // A practitioner holding five of the awards, as linking their account makes them.
  const practitionerId = await createAccount(t, 'bench.practitioner@example.org', [{ role: 'practitioner' }])
  await sql`update award_record set practitioner_id = ${practitionerId}
    where id in (select id from award_record where delivery_id = ${fixture.deliveryId} order by id limit 5)`.execute(
    db,
  )
  const practitioner = await signedIn(t, 'bench.practitioner@example.org')
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 })
  console.log(`\nSigned-in pages at ${connections} connections, ${seconds} s each:\n`)
  console.log('| page | req/s | p50 ms | p95 ms |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [name, url, agent] of [
    ['provider: awards, first page', '/provider/awards', staff],
    ['provider: awards, middle page', `/provider/awards?page=${middle}`, staff],
    ['practitioner: portfolio', '/my/portfolio', practitioner],
    ['practitioner: awards', '/my/awards', practitioner],
  ] as const) {
    const result = await underLoad(base, url, agent.cookieHeader)
    console.log(
      `| ${name} | ${Math.round(result.perSecond)} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`,
    )
  }
} finally {
  await t.close()
}
