// Where a request's CPU goes: `npm run bench:profile`.
//
// Serves the app twice in this process, as `npm start` does on PGlite (a data folder of its
// own, migrated and seeded) and as the benchmark's DB-free baseline, both with the page cache
// off. For each of the benchmark's three targets it loads one server at a time with autocannon
// in a child process (so that the load generator is not in the profile) while the V8 sampling
// profiler runs in this one, and sorts every sample into where it was spent: PGlite (its
// WebAssembly and its JavaScript), Kysely, the pg driver's code, Nunjucks (the engine and the
// compiled templates), Fastify and its plugins, our own code, Node itself, garbage collection.
// A sample counts for the first frame from the top of the stack that belongs to one of those,
// so Node's own code called by Nunjucks counts as Nunjucks.
//
// Options: --duration <s> (default 8), --connections <n> (default 10), --out <folder> to keep
// the .cpuprofile files (open them in Chrome DevTools or speedscope).
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session, type Profiler } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    out: { type: 'string' },
  },
})
const DURATION_S = Number(args.duration)
const CONNECTIONS = Number(args.connections)

const TARGETS = [
  { name: 'catalogue page', path: '/credentials' },
  { name: 'credential page', path: '/credentials/acute-medicine' },
  { name: 'catalogue API', path: '/api/v1/credentials' },
] as const

const CATEGORIES = ['PGlite', 'pg driver', 'Kysely', 'Nunjucks', 'Fastify', 'our code', 'Node', 'GC'] as const
type Category = (typeof CATEGORIES)[number]

function categoryOf(frame: Profiler.ProfileNode['callFrame']): Category | undefined {
  const { url, functionName } = frame
  if (functionName === '(garbage collector)') return 'GC'
  if (url.includes('@electric-sql/pglite') || url.startsWith('wasm://')) return 'PGlite'
  if (url.includes('/node_modules/pg') || url.includes('/node_modules/postgres-')) return 'pg driver'
  if (url.includes('/node_modules/kysely/')) return 'Kysely'
  if (url.includes('/node_modules/nunjucks/')) return 'Nunjucks'
  // Nunjucks compiles each template to a function through `new Function`: no file, and names
  // like root, b_content or macro_t_1.
  if (url === '' && /^(root|b_\w+|macro_\w+|\w*_t_\d+)$/.test(functionName)) return 'Nunjucks'
  if (
    /\/node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json|secure-json|ajv|@sinclair)/.test(
      url,
    )
  )
    return 'Fastify'
  if (url.includes('/src/') && !url.includes('/node_modules/')) return 'our code'
  if (url.startsWith('node:') || url === '') return undefined
  return undefined
}

interface Share {
  samples: number
  byCategory: Map<Category | 'other', number>
}

/** Busy samples by category: the first recognised frame from the top of each sample's stack. */
function analyse(profile: Profiler.Profile): Share {
  const parent = new Map<number, number>()
  const byId = new Map<number, Profiler.ProfileNode>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parent.set(child, node.id)
  }
  const categoryCache = new Map<number, Category | 'other' | 'idle'>()
  const categoryOfNode = (id: number): Category | 'other' | 'idle' => {
    const cached = categoryCache.get(id)
    if (cached) return cached
    const node = byId.get(id)
    let result: Category | 'other' | 'idle'
    if (!node) result = 'other'
    else if (node.callFrame.functionName === '(idle)') result = 'idle'
    else {
      let found: Category | undefined
      let sawNode = false
      for (let at: number | undefined = id; at !== undefined && !found; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame
        if (!frame) break
        found = categoryOf(frame)
        if (frame.url.startsWith('node:')) sawNode = true
      }
      result = found ?? (sawNode ? 'Node' : 'other')
    }
    categoryCache.set(id, result)
    return result
  }
  const byCategory = new Map<Category | 'other', number>()
  let samples = 0
  for (const id of profile.samples ?? []) {
    const category = categoryOfNode(id)
    if (category === 'idle') continue
    samples++
    byCategory.set(category, (byCategory.get(category) ?? 0) + 1)
  }
  return { samples, byCategory }
}

/** autocannon in a child process; resolves with the requests it had answered. */
function load(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(root, 'node_modules', '.bin', 'autocannon'),
      ['-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j', url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`))
      const result = JSON.parse(out) as { requests: { total: number }; non2xx: number; errors: number }
      if (result.non2xx || result.errors) return reject(new Error(`${url}: requests failed`))
      resolve(result.requests.total)
    })
  })
}

async function main(): Promise<void> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'apc-profile-'))
  process.env.PAGE_CACHE_SECONDS = '0'
  process.env.LOG_LEVEL = 'warn'
  process.env.DATABASE_URL = ''
  process.env.DATA_DIR = path.join(temp, 'data')
  const { config } = await import('../src/config.ts')
  const { openDatabase } = await import('../src/db/database.ts')
  const { migrateToLatest } = await import('../src/db/migrate.ts')
  const { seedIfEmpty } = await import('../src/db/seed/seed.ts')
  const { createServices } = await import('../src/services/index.ts')
  const { createApp } = await import('../src/app.ts')
  const { createInMemoryServices } = await import('./in-memory-services.ts')

  const database = await openDatabase({ dataDir: config.dataDir })
  await migrateToLatest(database.db)
  await seedIfEmpty(database.db)
  const servers = [
    { label: 'pglite', app: await createApp(createServices(database, config), { config }) },
    { label: 'baseline', app: await createApp(createInMemoryServices(), { config }) },
  ]
  const origins = new Map<string, string>()
  for (const { label, app } of servers) {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    origins.set(label, `http://127.0.0.1:${port}`)
  }

  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  if (args.out) await mkdir(args.out, { recursive: true })

  console.log(
    `Profile: ${CONNECTIONS} connections, ${DURATION_S} s per target and server; ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  const header = ['target', 'server', 'req/s', 'busy ms/req', ...CATEGORIES, 'other']
  console.log(`| ${header.join(' | ')} |`)
  console.log(`| ${header.map(() => '---').join(' | ')} |`)
  try {
    for (const target of TARGETS) {
      for (const { label } of servers) {
        const url = `${origins.get(label)}${target.path}`
        // A short warm-up, so that the templates are compiled and the JIT has settled.
        await load(url)
        await session.post('Profiler.start')
        const requests = await load(url)
        const { profile } = await session.post('Profiler.stop')
        if (args.out) {
          const file = `${target.name.replace(/ /g, '-')}-${label}.cpuprofile`
          await writeFile(path.join(args.out, file), JSON.stringify(profile))
        }
        const share = analyse(profile)
        const msPerSample = (profile.endTime - profile.startTime) / 1000 / (profile.samples?.length ?? 1)
        const busyMs = share.samples * msPerSample
        const perRequest = (n: number) => ((n * msPerSample) / requests).toFixed(2)
        console.log(
          `| ${target.name} | ${label} | ${(requests / DURATION_S).toFixed(0)} | ${(busyMs / requests).toFixed(2)} | ${[
            ...CATEGORIES,
            'other' as const,
          ]
            .map((c) => perRequest(share.byCategory.get(c) ?? 0))
            .join(' | ')} |`,
        )
      }
    }
  } finally {
    session.disconnect()
    for (const { app } of servers) await app.close()
    await database.close()
    await rm(temp, { recursive: true, force: true })
  }
  console.log('\nEach category in CPU ms per request (busy samples × interval ÷ answered requests).')
}

await main()
