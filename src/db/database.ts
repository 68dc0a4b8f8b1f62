import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import { pglitePool } from './pglite-pool.ts'

export type DatabaseKind = 'pglite' | 'postgresql'

export interface DatabaseHandle {
  readonly db: Kysely<Database>
  readonly kind: DatabaseKind
  close(): Promise<void>
  /** PGlite only: the whole database as an uncompressed tar, to start others from. */
  dump?: () => Promise<Blob>
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined
  /** PGlite data folder; absent means in memory (tests). */
  dataDir?: string | undefined
  /** PostgreSQL only: a schema to work in, so that test runs never share tables. */
  schema?: string | undefined
  /** PGlite only: start from a copy of another database (a dump), skipping initdb. */
  template?: Blob | undefined
}

// Dates stay 'YYYY-MM-DD' strings on both engines: a JavaScript Date would shift them by
// the server's time zone.
const DATE_OID = 1082
pg.types.setTypeParser(DATE_OID, (value: string) => value)
// Counts come back as int8; our identifiers and counts fit a JavaScript number on both engines.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgresql', close: () => db.destroy() }
  }
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.template ? { loadDataDir: options.template } : {}),
    parsers: { [DATE_OID]: (value: string) => value, [pgliteTypes.INT8]: (value: string) => Number(value) },
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) })
  return { db, kind: 'pglite', close: () => db.destroy(), dump: () => pglite.dumpDataDir('none') }
}

/** A real round trip to the database, for /health. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
