// Directory search by name at scale: `npm run bench:directory`.
//
// 1. Seeds a fresh database with `seed:scale` (a PGlite folder in a temporary folder, or a new
//    PostgreSQL database, dropped afterwards) and times it.
// 2. Draws a query mix from the generated population: exact surnames, partial names (a
//    surname's first letters, or a given name and the start of a surname) and misspelt names
//    (one letter changed, dropped, doubled or swapped, in a surname or a full name).
// 3. Starts the app (`tsx src/main.ts serve`) and measures, for GET /directory?name= and
//    GET /api/v1/directory?name=: p50 and p95 of sequential requests (one at a time, after a
//    warm-up pass over every query), then req/s with autocannon cycling through the queries.
// 4. Prints EXPLAIN (ANALYZE, BUFFERS) of the queries searchDirectory sends for two of them,
//    and whether the goal is met: p95 under 50 ms on PGlite, under 20 ms on PostgreSQL.
//
// Options: --practitioners <n> (default 100000), --database pglite|postgres (default pglite),
// --database-url <url> (PostgreSQL server to make the database on; default DATABASE_URL),
// --seed <s> (default 1), --queries <n> per kind (default 40), --duration <s> (default 10),
// --connections <n> (default 10).
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CompiledQuery, type KyselyPlugin } from 'kysely'
import pg from 'pg'
import { config } from '../src/config.ts'
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts'
import { searchForm } from '../src/domain/practitioners.ts'
import { searchDirectory } from '../src/repositories/directory-entries.ts'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const HOST = '127.0.0.1'

const { values: args } = parseArgs({
  options: {
    practitioners: { type: 'string', default: '100000' },
    database: { type: 'string', default: 'pglite' },
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    queries: { type: 'string', default: '40' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
  },
})

function positiveInteger(name: string, raw: string | undefined): number {
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}
const PRACTITIONERS = positiveInteger('practitioners', args.practitioners)
const SEED = positiveInteger('seed', args.seed)
const PER_KIND = positiveInteger('queries', args.queries)
const DURATION_S = positiveInteger('duration', args.duration)
const CONNECTIONS = positiveInteger('connections', args.connections)
if (args.database !== 'pglite' && args.database !== 'postgres')
  throw new Error('--database must be pglite or postgres')
const ENGINE = args.database
const SERVER_URL = args['database-url'] ?? config.databaseUrl
if (ENGINE === 'postgres' && !SERVER_URL)
  throw new Error('--database postgres needs --database-url (or DATABASE_URL) to make its database on')
const GOAL_P95_MS = ENGINE === 'pglite' ? 50 : 20
const START_TIMEOUT_MS = 180_000

const ENDPOINTS = [
  { name: 'page', path: '/directory' },
  { name: 'API', path: '/api/v1/directory' },
] as const
const KINDS = ['exact surname', 'partial name', 'misspelt name'] as const
type Kind = (typeof KINDS)[number]
interface Query {
  kind: Kind
  name: string
}

let tempDir: string | undefined
let server: ChildProcess | undefined
let databaseToDrop: { serverUrl: string; name: string } | undefined

/** mulberry32: the same query mix for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function run(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n'))
        if (/ of [\d,]+$|^Made /.test(line.trim())) console.log(`  ${line.trim()}`)
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}`)),
    )
  })
}

async function stopServer(): Promise<void> {
  const child = server
  server = undefined
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s)
    } catch {
      // Already gone.
    }
  }
  signal('SIGTERM')
  if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) {
    signal('SIGKILL')
    await Promise.race([exited, sleep(2000)])
  }
}

async function cleanUp(): Promise<void> {
  await stopServer()
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
  tempDir = undefined
  if (databaseToDrop) {
    const { serverUrl, name } = databaseToDrop
    databaseToDrop = undefined
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop database if exists ${name} with (force)`)
    await client.end()
  }
}

/** One letter changed, dropped, doubled or swapped with the next, never the first. */
function misspell(word: string, next: () => number): string {
  if (word.length < 4) return `${word}${word.at(-1)}`
  const at = 1 + Math.floor(next() * (word.length - 2))
  const letters = 'aeioulnrstmy'
  switch (Math.floor(next() * 4)) {
    case 0: {
      const other = letters[Math.floor(next() * letters.length)]!
      const changed = other === word[at] ? 'h' : other
      return word.slice(0, at) + changed + word.slice(at + 1)
    }
    case 1:
      return word.slice(0, at) + word.slice(at + 1)
    case 2:
      return word.slice(0, at) + word[at] + word.slice(at)
    default:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
  }
}

function queryMix(people: Array<{ given_name: string; family_name: string }>): Query[] {
  const next = random(SEED)
  const person = () => people[Math.floor(next() * people.length)]!
  const queries: Query[] = []
  for (let i = 0; i < PER_KIND; i++) {
    const a = person()
    queries.push({ kind: 'exact surname', name: a.family_name })
    const b = person()
    const prefix = b.family_name.slice(0, Math.max(3, Math.ceil(b.family_name.length * 0.6)))
    queries.push({
      kind: 'partial name',
      name: i % 2 ? prefix : `${b.given_name} ${b.family_name.slice(0, 3)}`,
    })
    const c = person()
    queries.push({
      kind: 'misspelt name',
      name: i % 2 ? misspell(c.family_name, next) : `${c.given_name} ${misspell(c.family_name, next)}`,
    })
  }
  return queries
}

const url = (origin: string, endpoint: string, q: Query) =>
  `${origin}${endpoint}?name=${encodeURIComponent(q.name)}`

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function timed(target: string): Promise<{ ms: number; status: number; total: number | undefined }> {
  const started = performance.now()
  const response = await fetch(target)
  const body = await response.text()
  const ms = performance.now() - started
  const total = response.headers.get('content-type')?.includes('json')
    ? (JSON.parse(body) as { total: number }).total
    : undefined
  return { ms, status: response.status, total }
}

function cannon(origin: string, endpoint: string, queries: Query[]) {
  let i = 0
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: `${endpoint}?name=${encodeURIComponent(queries[i++ % queries.length]!.name)}`,
            }),
          },
        ],
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    )
  })
}

/** EXPLAIN ANALYZE of the statements searchDirectory sends for one name. */
async function explain(database: DatabaseHandle, name: string): Promise<void> {
  const captured: CompiledQuery[] = []
  const executor = database.db.getExecutor()
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      captured.push(executor.compileQuery(node, queryId))
      return node
    },
    transformResult: async ({ result }) => result,
  }
  const search = {
    name: searchForm(name),
    profession: null,
    region: null,
    areaSlug: null,
    limit: 20,
    offset: 0,
  }
  await (await searchDirectory(database.db.withPlugin(capture), search)).count()
  for (const query of captured) {
    const plan = await database.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]),
    )
    console.log(`\n-- "${name}": ${query.sql.replace(/\s+/g, ' ').slice(0, 120)}...`)
    for (const row of plan.rows) console.log(row['QUERY PLAN'])
  }
}

async function main(): Promise<number> {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'apc-bench-directory-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST,
    LOG_LEVEL: 'warn',
    BASE_URL: '',
    NODE_ENV: 'development',
  }
  let databaseUrl: string | undefined
  if (ENGINE === 'postgres') {
    const name = `apc_bench_${randomBytes(4).toString('hex')}`
    const client = new pg.Client({ connectionString: SERVER_URL })
    await client.connect()
    await client.query(`create database ${name}`)
    await client.end()
    databaseToDrop = { serverUrl: SERVER_URL!, name }
    const target = new URL(SERVER_URL!)
    target.pathname = `/${name}`
    databaseUrl = target.href
    env.DATABASE_URL = databaseUrl
  } else {
    env.DATABASE_URL = ''
    env.DATA_DIR = path.join(tempDir, 'data')
  }
  console.log(
    `Directory benchmark: ${PRACTITIONERS.toLocaleString('en-GB')} practitioners on ${ENGINE}, seed ${SEED}`,
  )
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`)
  console.log(
    `Load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )

  const seedStarted = performance.now()
  await run(
    ['src/main.ts', 'seed:scale', '--practitioners', String(PRACTITIONERS), '--seed', String(SEED)],
    env,
  )
  const seedSeconds = (performance.now() - seedStarted) / 1000
  console.log(`Seeded in ${seedSeconds.toFixed(1)} s (including migrations and the demo records)\n`)

  const database = await openDatabase({ databaseUrl, dataDir: env.DATA_DIR })
  const people = await database.db
    .selectFrom('directory_entry as e')
    .innerJoin('practitioner_profile as p', 'p.user_id', 'e.user_id')
    .innerJoin('user_account as a', 'a.id', 'e.user_id')
    .select(['p.given_name', 'p.family_name'])
    .where('e.listed', '=', true)
    .where('a.email', 'like', '%@scale.invalid')
    .orderBy('e.user_id')
    .limit(5000)
    .execute()
  await database.close()
  const queries = queryMix(people)

  const port = await freePort()
  const origin = `http://${HOST}:${port}`
  server = spawn(tsx, ['src/main.ts', 'serve'], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    detached: true,
    // Its stdout is the console mail transport, printing the demo records' queued e-mails.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const deadline = performance.now() + START_TIMEOUT_MS
  for (;;) {
    if (performance.now() > deadline) throw new Error('the server did not answer in time')
    if (server.exitCode !== null) throw new Error('the server exited')
    try {
      if ((await fetch(`${origin}/directory`)).status === 200) break
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }

  const rows: Array<{ endpoint: string; kind: string; p50: number; p95: number; found: string }> = []
  const overall: Record<string, number> = {}
  for (const endpoint of ENDPOINTS) {
    for (const q of queries) await timed(url(origin, endpoint.path, q)) // warm-up
    const samples: Array<{ kind: Kind; ms: number; total: number | undefined }> = []
    for (const q of queries) {
      const result = await timed(url(origin, endpoint.path, q))
      if (result.status !== 200) throw new Error(`${endpoint.path} "${q.name}" answered ${result.status}`)
      samples.push({ kind: q.kind, ms: result.ms, total: result.total })
    }
    for (const kind of KINDS) {
      const of = samples.filter((s) => s.kind === kind)
      const ms = of.map((s) => s.ms)
      rows.push({
        endpoint: endpoint.name,
        kind,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        found:
          endpoint.name === 'API'
            ? `${of.filter((s) => (s.total ?? 0) > 0).length}/${of.length}, median total ${percentile(
                of.map((s) => s.total ?? 0),
                50,
              )}`
            : '',
      })
    }
    const all = samples.map((s) => s.ms)
    overall[endpoint.name] = percentile(all, 95)
    rows.push({
      endpoint: endpoint.name,
      kind: 'all',
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      found: '',
    })
  }

  console.log(`Sequential requests (${PER_KIND} queries of each kind, each once after a warm-up pass):\n`)
  console.log(
    `${'endpoint'.padEnd(9)}${'queries'.padEnd(15)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}  found`,
  )
  for (const r of rows)
    console.log(
      `${r.endpoint.padEnd(9)}${r.kind.padEnd(15)}${r.p50.toFixed(1).padStart(8)}${r.p95.toFixed(1).padStart(8)}  ${r.found}`,
    )

  console.log(
    `\nUnder load (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s, cycling through the queries):\n`,
  )
  for (const endpoint of ENDPOINTS) {
    const result = await cannon(origin, endpoint.path, queries)
    console.log(
      `${endpoint.name.padEnd(9)}${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
    )
  }
  console.log(
    `\nLoad average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )

  await stopServer()
  const again = await openDatabase({ databaseUrl, dataDir: env.DATA_DIR })
  try {
    await explain(again, queries.find((q) => q.kind === 'exact surname')!.name)
    await explain(again, queries.find((q) => q.kind === 'misspelt name')!.name)
  } finally {
    await again.close()
  }

  const met = ENDPOINTS.every((e) => overall[e.name]! < GOAL_P95_MS)
  console.log(
    `\nGoal: p95 under ${GOAL_P95_MS} ms on ${ENGINE} at ${PRACTITIONERS.toLocaleString('en-GB')}: ` +
      `${met ? 'met' : 'MISSED'} (page ${overall.page!.toFixed(1)} ms, API ${overall.API!.toFixed(1)} ms)`,
  )
  return met ? 0 : 1
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130))
  })
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await cleanUp()
}
