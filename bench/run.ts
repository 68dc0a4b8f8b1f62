// The benchmark: `npm run bench`.
//
// 1. Cold start: runs `npm start`, as a user would, on a fresh empty PGlite folder and times
//    the wait from the spawn to the first answered catalogue page. That server is then measured.
// 2. Baseline: bench/baseline-server.ts, the same createApp over the seed data in memory.
// 3. Load: autocannon, 50 connections, one target on one server at a time, against the
//    catalogue page, a credential page and the catalogue API. Each is one autocannon run: a
//    warm-up that lasts until every connection has been answered, then the measured window.
// 4. Prints each figure, its ratio to the baseline and whether the goals are met; exits 1 when
//    one is missed. Children are stopped and the temporary folder removed in every case.
//
// Options: --duration <s> (default 10), --warmup <s> (default 2, at least; the warm-up lasts
// until every connection has been answered once), --connections <n> (default 50),
// --no-page-cache (both servers with PAGE_CACHE_SECONDS=0: every request renders the page and,
// on the PGlite server, queries the database).
import autocannon from 'autocannon'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { isBuildCurrent } from '../scripts/build-state.mjs'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    'no-page-cache': { type: 'boolean', default: false },
  },
})
const PAGE_CACHE = !args['no-page-cache']
const DURATION_S = positiveInteger('duration', args.duration)
const WARMUP_S = Number(args.warmup)
if (!Number.isInteger(WARMUP_S) || WARMUP_S < 0) throw new Error('--warmup must be a whole number of seconds')
const CONNECTIONS = positiveInteger('connections', args.connections)

const GOALS = { catalogueRatio: 0.5, catalogueP99Ms: 50, coldStartMs: 10_000 }
const START_TIMEOUT_MS = 60_000
/** The longest wait for every connection to be answered once before measuring. */
const MAX_WARMUP_S = 60
const HOST = '127.0.0.1'

const TARGETS = [
  { name: 'catalogue page', path: '/credentials' },
  { name: 'credential page', path: '/credentials/acute-medicine' },
  { name: 'catalogue API', path: '/api/v1/credentials' },
] as const

function positiveInteger(name: string, raw: string | undefined): number {
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`)
  return value
}

// The whole run is bounded: at most this long, whatever hangs.
const OVERALL_LIMIT_MS = START_TIMEOUT_MS * 2 + TARGETS.length * 2 * (MAX_WARMUP_S + DURATION_S + 15) * 1000

interface Server {
  label: string
  origin: string
  child: ChildProcess
  output: string[]
}

const children: Server[] = []
let tempDir: string | undefined

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

const CLOCK_TICKS_PER_S = 100

/**
 * CPU seconds used so far by every process in a group (npm, sh, tsx and the server itself),
 * from /proc; undefined where there is no /proc. Unlike req/s, CPU per request hardly moves
 * when other work shares the machine, so it is the steadier figure for comparing servers.
 */
async function groupCpuSeconds(pgid: number | undefined): Promise<number | undefined> {
  if (pgid === undefined) return undefined
  let entries: string[]
  try {
    entries = await readdir('/proc')
  } catch {
    return undefined
  }
  let ticks = 0
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== pgid) continue
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS_PER_S
}

function describeCommit(): string {
  try {
    const git = (...argv: string[]) =>
      execFileSync('git', argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = git('status', '--porcelain', '--', 'src').length > 0
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes under src/' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** Starts a child in a process group of its own, so that npm, tsx and node all stop together. */
function start(label: string, command: string, argv: string[], env: NodeJS.ProcessEnv, port: number): Server {
  const child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const server: Server = { label, origin: `http://${HOST}:${port}`, child, output: [] }
  const keep = (chunk: Buffer) => {
    server.output.push(chunk.toString())
    if (server.output.length > 50) server.output.shift()
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  children.push(server)
  return server
}

/** Polls until the page answers 200; returns the milliseconds from `since`. */
async function waitForPage(server: Server, pagePath: string, since: number): Promise<number> {
  const deadline = since + START_TIMEOUT_MS
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.label} exited before answering:\n${server.output.join('')}`)
    }
    try {
      const response = await fetch(`${server.origin}${pagePath}`, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.status === 200) return performance.now() - since
    } catch {
      // Not listening yet.
    }
    await sleep(20)
  }
  throw new Error(`${server.label} did not answer ${pagePath} within ${START_TIMEOUT_MS} ms`)
}

async function stop(server: Server): Promise<void> {
  const { child } = server
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // Already gone.
    }
  }
  signalGroup('SIGTERM')
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
  if (!stopped) {
    signalGroup('SIGKILL')
    await Promise.race([exited, sleep(2000)])
  }
}

async function cleanUp(): Promise<void> {
  await Promise.all(children.map(stop))
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
  tempDir = undefined
}

interface Measurement {
  target: string
  server: string
  path: string
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  bytes: number
  /** Server CPU milliseconds per answered request, when /proc can tell. */
  cpuMsPerRequest: number | undefined
}

interface Window {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  completed: number
  cpuSeconds: number | undefined
  /** Connections answered at least once before the measured window began. */
  warmConnections: number
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/**
 * One autocannon run whose first part is a warm-up: the measured window opens once every
 * connection has been answered at least once (and the warm-up time has passed), so that it
 * sees the steady state of 50 busy connections. A fresh autocannon run opens fresh
 * connections, and a saturated Node server accepts only a few new connections a second:
 * measured from the first request, a run's p99 would be the accept queue, not the page.
 * Latencies count the requests both sent and answered inside the window.
 */
function load(url: string, server: Server): Promise<Window> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const warm = new Set<unknown>()
    let windowStart: number | undefined
    let windowEnd = Infinity
    let cpuBefore: Promise<number | undefined> | undefined
    const latencies: number[] = []
    let completed = 0
    let non2xx = 0
    let errors = 0

    const openWindow = (now: number) => {
      windowStart = now
      windowEnd = now + DURATION_S * 1000
      cpuBefore = groupCpuSeconds(server.child.pid)
      setTimeout(() => instance.stop(), DURATION_S * 1000)
    }
    const instance = autocannon(
      { url, connections: CONNECTIONS, duration: MAX_WARMUP_S + DURATION_S + 5 },
      (error) => {
        if (error) return reject(error as Error)
        if (windowStart === undefined) return reject(new Error(`${url} was never answered`))
        void (async () => {
          const cpuAfter = await groupCpuSeconds(server.child.pid)
          const before = await cpuBefore
          latencies.sort((a, b) => a - b)
          resolve({
            rps: completed / DURATION_S,
            p50: percentile(latencies, 50),
            p99: percentile(latencies, 99),
            non2xx,
            errors,
            completed,
            cpuSeconds: before !== undefined && cpuAfter !== undefined ? cpuAfter - before : undefined,
            warmConnections: warm.size,
          })
        })().catch(reject)
      },
    )
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      const now = performance.now()
      if (windowStart === undefined) {
        warm.add(client)
        const warmedUp = now - started >= WARMUP_S * 1000
        const allAnswered = warm.size >= CONNECTIONS
        if ((warmedUp && allAnswered) || now - started >= MAX_WARMUP_S * 1000) openWindow(now)
        return
      }
      if (now > windowEnd) return
      completed++
      if (statusCode < 200 || statusCode > 299) non2xx++
      if (now - responseTime >= windowStart) latencies.push(responseTime)
    })
    instance.on('reqError', () => {
      if (windowStart !== undefined && performance.now() <= windowEnd) errors++
    })
  })
}

async function measure(target: (typeof TARGETS)[number], server: Server): Promise<Measurement> {
  const url = `${server.origin}${target.path}`
  const sample = await fetch(url)
  const bytes = (await sample.arrayBuffer()).byteLength
  if (sample.status !== 200) throw new Error(`${server.label} answered ${target.path} with ${sample.status}`)
  const window = await load(url, server)
  if (window.warmConnections < CONNECTIONS) {
    console.warn(
      `  only ${window.warmConnections} of ${CONNECTIONS} connections were answered in the ${MAX_WARMUP_S} s warm-up`,
    )
  }
  return {
    target: target.name,
    server: server.label,
    path: target.path,
    rps: window.rps,
    p50: window.p50,
    p99: window.p99,
    non2xx: window.non2xx,
    errors: window.errors,
    bytes,
    cpuMsPerRequest:
      window.cpuSeconds !== undefined && window.completed > 0
        ? (window.cpuSeconds * 1000) / window.completed
        : undefined,
  }
}

const pad = (value: string, width: number) => value.padEnd(width)
const padLeft = (value: string, width: number) => value.padStart(width)

function printTable(rows: Measurement[]): void {
  const header = `${pad('target', 17)}${pad('server', 10)}${padLeft('req/s', 9)}${padLeft('p50 ms', 9)}${padLeft('p99 ms', 9)}${padLeft('ratio', 8)}${padLeft('CPU ms/req', 12)}${padLeft('bytes', 8)}  errors`
  console.log(header)
  console.log('-'.repeat(header.length))
  for (const row of rows) {
    const baseline = rows.find((r) => r.target === row.target && r.server === 'baseline')
    const ratio = baseline && baseline.rps > 0 ? row.rps / baseline.rps : NaN
    console.log(
      `${pad(row.target, 17)}${pad(row.server, 10)}${padLeft(row.rps.toFixed(0), 9)}${padLeft(row.p50.toFixed(1), 9)}${padLeft(row.p99.toFixed(1), 9)}${padLeft(`${(ratio * 100).toFixed(0)}%`, 8)}${padLeft(row.cpuMsPerRequest?.toFixed(2) ?? '-', 12)}${padLeft(String(row.bytes), 8)}  ${row.errors + row.non2xx}`,
    )
  }
}

async function main(): Promise<number> {
  const limit = setTimeout(() => {
    console.error(`The benchmark ran past its ${Math.round(OVERALL_LIMIT_MS / 1000)} s limit; stopping.`)
    void cleanUp().finally(() => process.exit(1))
  }, OVERALL_LIMIT_MS)
  limit.unref()

  tempDir = await mkdtemp(path.join(os.tmpdir(), 'apc-bench-'))
  const dataDir = path.join(tempDir, 'data')
  const childTmp = path.join(tempDir, 'tmp')
  await Promise.all([mkdir(dataDir), mkdir(childTmp)])
  const [appPort, baselinePort] = [await freePort(), await freePort()]

  console.log(
    `Benchmark: ${CONNECTIONS} connections; per target and server a warm-up of at least ${WARMUP_S} s ` +
      `(until every connection has been answered), then ${DURATION_S} s measured`,
  )
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`)
  console.log(`Code: ${describeCommit()}`)
  console.log(
    `Page cache: ${PAGE_CACHE ? 'as configured (PAGE_CACHE_SECONDS default 10)' : 'off (PAGE_CACHE_SECONDS=0)'}`,
  )
  console.log(
    `npm start runs: ${isBuildCurrent(root) ? 'the build in dist/ (current)' : 'the sources through tsx (no current build: npm run build)'}`,
  )
  console.log(`Load average before: ${loadAverage()}\n`)

  // 1. Cold start: a fresh empty data folder (migrations and seed run) and a fresh TMPDIR, so
  // that tsx's compile cache is cold too. DATABASE_URL is blanked so PGlite is used.
  const common = {
    ...process.env,
    HOST,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    BASE_URL: '',
    ...(PAGE_CACHE ? {} : { PAGE_CACHE_SECONDS: '0' }),
  }
  const spawnedAt = performance.now()
  const app = start(
    'pglite',
    'npm',
    ['start'],
    { ...common, PORT: String(appPort), DATA_DIR: dataDir, TMPDIR: childTmp },
    appPort,
  )
  const coldStartMs = await waitForPage(app, '/credentials', spawnedAt)
  console.log(`Cold start: ${coldStartMs.toFixed(0)} ms from \`npm start\` to the first catalogue page\n`)

  // 2. The baseline, started only now so that it does not compete with the cold start.
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
  const baseline = start(
    'baseline',
    tsx,
    ['bench/baseline-server.ts'],
    { ...common, PORT: String(baselinePort) },
    baselinePort,
  )
  await waitForPage(baseline, '/credentials', performance.now())

  // 3. One target on one server at a time: the machine has few cores and autocannon needs one.
  const rows: Measurement[] = []
  for (const target of TARGETS) {
    for (const server of [app, baseline]) {
      process.stdout.write(`Measuring ${target.name} on ${server.label}... `)
      const row = await measure(target, server)
      console.log(`${row.rps.toFixed(0)} req/s`)
      rows.push(row)
    }
  }
  console.log()
  printTable(rows)
  console.log(
    `\nLoad average after: ${loadAverage()} (other work on the machine lowers req/s and raises p99)`,
  )

  // 4. The goals.
  const catalogue = rows.find((r) => r.target === 'catalogue page' && r.server === 'pglite')!
  const catalogueBaseline = rows.find((r) => r.target === 'catalogue page' && r.server === 'baseline')!
  const ratio = catalogue.rps / catalogueBaseline.rps
  const failures = rows.filter((r) => r.errors + r.non2xx > 0)
  const goals = [
    {
      text: `catalogue page at least ${GOALS.catalogueRatio * 100}% of the baseline's req/s`,
      actual: `${(ratio * 100).toFixed(0)}%`,
      met: ratio >= GOALS.catalogueRatio,
    },
    {
      text: `catalogue page p99 under ${GOALS.catalogueP99Ms} ms`,
      actual: `${catalogue.p99.toFixed(1)} ms (baseline ${catalogueBaseline.p99.toFixed(1)} ms; with ${CONNECTIONS} connections a mean under ${GOALS.catalogueP99Ms} ms needs over ${Math.round((CONNECTIONS * 1000) / GOALS.catalogueP99Ms)} req/s)`,
      met: catalogue.p99 < GOALS.catalogueP99Ms,
    },
    {
      text: `first page within ${GOALS.coldStartMs / 1000} s of a cold \`npm start\``,
      actual: `${(coldStartMs / 1000).toFixed(2)} s`,
      met: coldStartMs < GOALS.coldStartMs,
    },
    {
      text: 'every measured request answered 2xx',
      actual: failures.length ? failures.map((f) => `${f.target}/${f.server}`).join(', ') : 'yes',
      met: failures.length === 0,
    },
  ]
  console.log('\nGoals:')
  for (const goal of goals) console.log(`  ${goal.met ? 'met   ' : 'MISSED'}  ${goal.text}: ${goal.actual}`)
  return goals.every((g) => g.met) ? 0 : 1
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
