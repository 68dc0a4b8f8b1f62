// The catalogue's database made once by the build (scripts/build.mjs): a PGlite data folder,
// migrated and seeded. A first start on an empty data folder copies it (a tenth of a second)
// instead of running initdb, the migrations and the seed, which took about 5.5 s of a 10 s
// cold start (bench/README.md). Loading PGlite's own dump (a tar) instead took 2 s more than
// a copy: PGlite writes the files out one by one through its file system layer.
//
// The folder lives beside the compiled code, dist/, so only a start from that build finds it:
// the build makes both from the same sources, and a start from the sources themselves (tsx)
// makes its database as before.
import { existsSync } from 'node:fs'
import { copyFile, cp, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from './database.ts'
import { migrateToLatest } from './migrate.ts'
import { seedIfEmpty } from './seed/seed.ts'

/** dist/pglite-template for the compiled code; beside src/ (where the build never writes) for the sources. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../pglite-template', import.meta.url))

/** Whether a PGlite data folder holds no database yet (it may hold other things, such as mail). */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(path.join(dataDir, 'PG_VERSION'))
}

/**
 * Copies the build's database into `dataDir` when that holds no database yet and the build
 * made one; says whether it did. PG_VERSION, by which a folder counts as holding a database,
 * is copied last, so a copy cut short is copied again on the next start rather than opened.
 */
export async function copyTemplate(dataDir: string, template = TEMPLATE_DIR): Promise<boolean> {
  const version = path.join(template, 'PG_VERSION')
  if (!isEmptyDataDir(dataDir) || !existsSync(version)) return false
  await cp(template, dataDir, { recursive: true, filter: (from) => from !== version })
  await copyFile(version, path.join(dataDir, 'PG_VERSION'))
  return true
}

/** Makes the template in `dir`: a new PGlite folder, migrated and seeded, moved there when whole. */
export async function writeTemplate(dir = TEMPLATE_DIR): Promise<void> {
  const partial = `${dir}.partial`
  await rm(partial, { recursive: true, force: true })
  const database = await openDatabase({ dataDir: partial })
  try {
    await migrateToLatest(database.db)
    await seedIfEmpty(database.db)
  } finally {
    await database.close()
  }
  await rm(dir, { recursive: true, force: true })
  await rename(partial, dir)
}
