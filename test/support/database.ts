// A real, migrated and seeded database for one test file: an in-memory PGlite, or, when
// DATABASE_URL is set, a schema of its own in that PostgreSQL, dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { config } from '../../src/config.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { seedIfEmpty } from '../../src/db/seed/seed.ts'

export const TEST_SCHEMA_PREFIX = 'test_'

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
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, schema })
  await migrateToLatest(handle.db, schema)
  if (options.seed ?? true) await seedIfEmpty(handle.db)
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
