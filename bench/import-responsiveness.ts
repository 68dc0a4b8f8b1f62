// npm run bench:import-load: how the service answers while a 10,000-row award CSV is imported
// on PGlite (or, with DATABASE_URL, a 100,000-row one on PostgreSQL, in a schema of its own). It serves the app on a local port and, from a worker thread (so its clocks never
// wait on the server's event loop), sends GET /health and GET /credentials one after another
// (one every 20 ms at most, alternating) first with nothing else running, then while an upload
// is imported as the upload form starts it (queued, then run in this process). It prints p50,
// p99 and max of each, the import's total time, and whether the goals are met: during the
// import p99 under 200 ms and none over 500 ms, every award signed in under 15 s on PGlite (60 s
// on PostgreSQL). The page cache is off (PAGE_CACHE_SECONDS=0), so /credentials reads the
// database each time.
//   npx tsx bench/import-responsiveness.ts [rows] [baseline seconds]
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { createApp } from '../src/app.ts'
import { config as environment } from '../src/config.ts'
import { createServices } from '../src/services/index.ts'
import { testConfig } from '../test/support/app.ts'
import { insertApprovedDelivery } from '../test/support/award-fixture.ts'
import { createTestDatabase } from '../test/support/database.ts'
import { awardsCsv } from './generate-awards-csv.ts'

const ON_POSTGRESQL = Boolean(environment.databaseUrl)
const ENGINE = ON_POSTGRESQL ? 'PostgreSQL' : 'PGlite'
const ROWS = Number(process.argv[2] ?? (ON_POSTGRESQL ? 100_000 : 10_000))
const IMPORT_GOAL_MS = ON_POSTGRESQL ? 60_000 : 15_000
const BASELINE_SECONDS = Number(process.argv[3] ?? 10)
const SYSTEM = { userId: null, label: 'bench', ip: null }
const PATHS = ['/health', '/credentials']

// The load generator: plain JavaScript in a thread of its own. It runs until told to stop and
// answers with each path's latencies in milliseconds.
const LOADER = `
const { parentPort, workerData } = require('node:worker_threads')
let stop = false
parentPort.on('message', () => { stop = true })
;(async () => {
  const times = Object.fromEntries(workerData.paths.map((p) => [p, []]))
  let failures = 0
  for (let i = 0; !stop; i++) {
    const path = workerData.paths[i % workerData.paths.length]
    const started = performance.now()
    try {
      const res = await fetch(workerData.base + path)
      await res.arrayBuffer()
      if (!res.ok) failures++
    } catch { failures++ }
    const ms = performance.now() - started
    times[path].push(ms); if (ms > 150) console.error('SLOWREQ', path, (performance.timeOrigin + started - workerData.t0).toFixed(0), ms.toFixed(0))
    if (ms < 20) await new Promise((r) => setTimeout(r, 20 - ms))
  }
  parentPort.postMessage({ times, failures })
})()
`

function load(base: string) {
  const worker = new Worker(LOADER, {
    eval: true,
    workerData: { base, paths: PATHS, t0: performance.timeOrigin },
  })
  const done = new Promise<{ times: Record<string, number[]>; failures: number }>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  return {
    async stop() {
      worker.postMessage('stop')
      const result = await done
      await worker.terminate()
      return result
    },
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b)
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  }
}

const database = await createTestDatabase()
const config = testConfig({ PAGE_CACHE_SECONDS: '0' })
const services = createServices(database, config)
const app = await createApp(services, { config, logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

let missed = false
try {
  const fixture = await insertApprovedDelivery(database.db)
  const delivery = await services.awardImports.deliveryForUpload(fixture.deliveryId, [fixture.organisationId])
  if (!delivery) throw new Error('no delivery to upload to')
  const csv = Buffer.from(awardsCsv(ROWS, 'load'))

  // Warm up: the first renders and queries.
  for (const path of PATHS) for (let i = 0; i < 5; i++) await (await fetch(base + path)).arrayBuffer()

  const quiet = load(base)
  await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000))
  const baseline = await quiet.stop()

  const busy = load(base)
  {
    let last = performance.now()
    setInterval(() => {
      const now = performance.now()
      if (now - last > 100) console.error('LAG', last.toFixed(0), (now - last).toFixed(0))
      last = now
    }, 10).unref()
  }
  const started = performance.now()
  const importId = await services.awardImports.queueCsv(delivery, { content: csv, filename: null }, SYSTEM)
  const queuedMs = performance.now() - started
  await services.awardImports.runPendingImports()
  const importMs = performance.now() - started
  const during = await busy.stop()

  const done = await services.awardImports.get(importId, [fixture.organisationId])
  const signed = Number(
    (
      await database.db
        .selectFrom('award_credential as ac')
        .innerJoin('award as a', 'a.id', 'ac.award_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('a.award_import_id', '=', importId)
        .executeTakeFirstOrThrow()
    ).n,
  )

  console.log(
    `${ROWS} rows on ${ENGINE}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}\n`,
  )
  console.log('  requests      phase            n    p50 ms   p99 ms   max ms')
  for (const path of PATHS) {
    for (const [phase, result] of [
      ['no import', baseline],
      ['during import', during],
    ] as const) {
      const s = summary(result.times[path] ?? [])
      const goal = phase === 'during import' ? (s.p99 < 200 && s.max < 500 ? '  met' : '  MISSED') : ''
      if (goal.includes('MISSED')) missed = true
      console.log(
        `  ${path.padEnd(13)} ${phase.padEnd(14)} ${String(s.n).padStart(4)} ${s.p50.toFixed(1).padStart(8)} ${s.p99
          .toFixed(1)
          .padStart(8)} ${s.max.toFixed(1).padStart(8)}${goal}`,
      )
    }
  }
  const failures = baseline.failures + during.failures
  const importMet = done?.state === 'completed' && signed === ROWS && importMs < IMPORT_GOAL_MS
  if (!importMet || failures) missed = true
  console.log(
    `\n  upload answered (queued) in ${queuedMs.toFixed(0)} ms; import ${done?.state ?? 'missing'} in ${(importMs / 1000).toFixed(2)} s, ${done?.createdCount ?? 0} awards, ${signed} signed  ${importMet ? 'met' : 'MISSED'} (< ${IMPORT_GOAL_MS / 1000} s, every award signed)`,
  )
  console.log(`  failed requests: ${failures}`)
} finally {
  await app.close()
  await database.close()
}
process.exitCode = missed ? 1 : 0
