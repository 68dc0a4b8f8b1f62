import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import type { Database } from './schema.ts'

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder }) })
}

function unwrap(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, {
      cause: result.error,
    })
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  unwrap(await migrator(db).migrateToLatest())
}

export async function migrateDownAll(db: Kysely<Database>): Promise<void> {
  const m = migrator(db)
  for (;;) {
    const result = await m.migrateDown()
    unwrap(result)
    if (!result.results || result.results.length === 0) return
  }
}
