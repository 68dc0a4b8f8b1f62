import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  FileMigrationProvider,
  Migrator,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type MigrationResultSet,
} from 'kysely'
import type { Database } from './schema.ts'

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * What the migrator asks of the database's catalogue: which schemas and tables exist. Only
 * names, and only tables of the one schema. Kysely's own introspector reads every column of
 * every schema, and on a PostgreSQL where another process is changing its tables (parallel
 * test files, each migrating a schema of its own) that read fails now and then with
 * 'column … does not exist'.
 */
function tablesOnly(db: Kysely<Database>, schema: string | undefined): DatabaseIntrospector {
  const introspector: DatabaseIntrospector = {
    async getSchemas() {
      return (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db))
        .rows
    },
    async getTables() {
      const { rows } = await sql<{ schema: string; name: string }>`
        select n.nspname as schema, c.relname as name
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname = coalesce(${schema ?? null}::text, current_schema())`.execute(
        db,
      )
      return rows.map((r) => ({ ...r, isView: false, columns: [] }))
    },
    async getMetadata() {
      return { tables: await introspector.getTables() }
    },
  }
  return introspector
}

// Without a schema, Kysely takes migration tables found in any schema as its own; a
// database holding other schemas' migrations (such as parallel test runs) needs one named.
function migrator(db: Kysely<Database>, schema: string | undefined): Migrator {
  const introspection = tablesOnly(db, schema)
  // The same database, except for what the migrator learns of the catalogue. Methods are
  // bound to the real instance, whose private fields a proxy cannot reach.
  const scoped = new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return new Migrator({
    db: scoped,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
}

function unwrap(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, {
      cause: result.error,
    })
  }
}

export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<void> {
  unwrap(await migrator(db, schema).migrateToLatest())
}

export async function migrateDownAll(db: Kysely<Database>, schema?: string): Promise<void> {
  const m = migrator(db, schema)
  for (;;) {
    const result = await m.migrateDown()
    unwrap(result)
    if (!result.results || result.results.length === 0) return
  }
}
