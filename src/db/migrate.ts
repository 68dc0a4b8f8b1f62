import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import type { Database } from './schema.ts'

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

// Without a schema, Kysely takes migration tables found in any schema as its own; a
// database holding other schemas' migrations (such as parallel test runs) needs one named.
function migrator(db: Kysely<Database>, schema: string | undefined): Migrator {
  return new Migrator({
    db,
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
