// A real, migrated and seeded database for one test file: an in-memory PGlite, or, when
// DATABASE_URL is set, a schema of its own in that PostgreSQL, dropped afterwards.
import { createHash, randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { config } from '../../src/config.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { seedIfEmpty } from '../../src/db/seed/seed.ts'

export const TEST_SCHEMA_PREFIX = 'test_'

/**
 * Node's flags for a process that runs PGlite in tests (npm test's files, the command line's
 * children). PGlite is a WebAssembly build of Postgres; V8 compiles it at once with its baseline
 * compiler, then again, function by function, with its optimising one as they run hot. In a
 * process that lives for one test file that second compiling costs more CPU than it saves
 * (measured: 4 to 20% less CPU for a file, 0.3 to 1 s less for a command, none slower).
 */
export const PGLITE_NODE_FLAGS = ['--liftoff-only']

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL schema this file works in, or undefined on PGlite. */
  schema: string | undefined
}

export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  let schema: string | undefined
  if (config.databaseUrl) {
    schema = `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`
    const client = new pg.Client({ connectionString: config.databaseUrl })
    await client.connect()
    await client.query(`create schema ${schema}`)
    await client.end()
  }
  const seed = options.seed ?? true
  if (!config.databaseUrl) {
    const handle = await openDatabase({ template: await pgliteTemplate(seed) })
    return { ...handle, schema: undefined }
  }
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, schema })
  await migrateToLatest(handle.db, schema)
  if (seed) await seedIfEmpty(handle.db)
  return {
    ...handle,
    schema,
    async close() {
      await handle.close()
      if (schema && config.databaseUrl) {
        const client = new pg.Client({ connectionString: config.databaseUrl })
        await client.connect()
        await client.query(`drop schema ${schema} cascade`)
        await client.end()
      }
    },
  }
}

const DB_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/db')

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name)
      return statSync(full).isDirectory() ? filesUnder(full) : [full]
    })
}

/**
 * A migrated (and seeded) PGlite database as a dump, made once for as long as the
 * migrations and seed data stay the same. Starting PGlite from a dump skips its initdb,
 * which is most of the cost of a fresh database, so each test file starts seconds sooner.
 */
async function pgliteTemplate(seed: boolean): Promise<Blob> {
  let bytes = templateBytes.get(seed)
  if (!bytes) {
    const read = readFileSync(await pgliteTemplateFile(seed))
    bytes = read.buffer.slice(read.byteOffset, read.byteOffset + read.byteLength)
    templateBytes.set(seed, bytes)
  }
  return new DumpBlob(bytes)
}

/** Each dump's bytes, read once in a test file's process however many databases it opens. */
const templateBytes = new Map<boolean, ArrayBuffer>()

/**
 * A dump as PGlite reads it: PGlite asks the Blob for its bytes with arrayBuffer() and
 * nothing else. A Blob made from the bytes answers that, in Node 20, by streaming itself in
 * small chunks and joining them: about 0.7 s of CPU for every test database (measured with
 * --cpu-prof). This one hands over a copy of the bytes at once (PGlite keeps them as its
 * files), and holds nothing else: its size, text and stream are empty.
 */
class DumpBlob extends Blob {
  readonly #bytes: ArrayBuffer
  constructor(bytes: ArrayBuffer) {
    super([], { type: 'application/x-tar' })
    this.#bytes = bytes
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes.slice(0))
  }
}

/** The file holding that dump, made first when it is missing. */
async function pgliteTemplateFile(seed: boolean): Promise<string> {
  const hash = createHash('sha256')
  for (const file of filesUnder(DB_FOLDER)) hash.update(file).update(readFileSync(file))
  const file = path.join(
    os.tmpdir(),
    `apc-pglite-${seed ? 'seeded' : 'migrated'}-${hash.digest('hex').slice(0, 16)}.tar`,
  )
  if (!existsSync(file)) {
    const fresh = await openDatabase({})
    await migrateToLatest(fresh.db)
    if (seed) await seedIfEmpty(fresh.db)
    const dump = await fresh.dump!()
    await fresh.close()
    // Written aside and renamed, so that a test file running alongside never reads half of it.
    const partial = `${file}.${process.pid}`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, file)
  }
  return file
}

/**
 * Fills an empty folder with a migrated and seeded PGlite database, as the command line's
 * data folder, from the same dump: a command started on it skips PGlite's initdb (seconds
 * per command). The start test still begins one folder from nothing.
 *
 * The dump is a tar of the data folder itself, so `tar` unpacks it. Letting PGlite load it
 * into a folder instead leaves one of Postgres's timers armed after close, and the test
 * process never exits (PGlite 0.5.16; seen as a CI run that hung after its last test).
 */
export async function fillDataFolder(dataDir: string): Promise<void> {
  const result = spawnSync('tar', ['-xf', await pgliteTemplateFile(true), '-C', dataDir], {
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`tar could not unpack the template: ${result.stderr}`)
}

/** Drops schemas left behind by an interrupted run, so that every run starts clean. */
export async function dropLeftoverTestSchemas(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname like $1`,
      [`${TEST_SCHEMA_PREFIX}%`],
    )
    for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`)
    return rows.length
  } finally {
    await client.end()
  }
}
