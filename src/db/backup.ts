// `npm run backup` and `npm run restore`: PGlite's data folder as a gzip tarball of PGlite's
// own dump, or PostgreSQL through pg_dump and pg_restore.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql, type Kysely } from 'kysely'
import type { Config } from '../config.ts'
import { openDatabase } from './database.ts'
import type { Database } from './schema.ts'

export const BACKUP_USAGE = `Usage: npm run backup -- <file> [--force]
  Writes the database to <file>: a gzip tarball of PGlite's DATA_DIR (stop the server first),
  or pg_dump's custom format when DATABASE_URL is set. --force replaces an existing <file>.`

export const RESTORE_USAGE = `Usage: npm run restore -- <file> [--force]
  Brings back a backup: into DATA_DIR, which must be empty unless --force (stop the server
  first), or into DATABASE_URL's database with pg_restore, which must hold no tables unless --force.`

/** A refusal or failure to explain in one message; 2 when the arguments were wrong. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}

interface BackupArgs {
  file: string
  force: boolean
}

function backupArgs(args: string[], usage: string): BackupArgs {
  let parsed: { values: { force?: boolean | undefined }; positionals: string[] }
  try {
    parsed = parseArgs({
      args,
      options: { force: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new BackupError(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2)
  }
  const [file, ...rest] = parsed.positionals
  if (!file) throw new BackupError(`Give the backup file.\n${usage}`, 2)
  if (rest.length > 0)
    throw new BackupError(`Give one backup file, not ${parsed.positionals.length}.\n${usage}`, 2)
  return { file: path.resolve(file), force: parsed.values.force === true }
}

/** "12.3 MB": sizes for people. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** A few counts to compare a restored database with the original by eye. */
async function summarise(db: Kysely<Database>): Promise<string> {
  const count = async (table: 'audit_event' | 'user_account' | 'award') => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    return rows[0]?.n ?? 0
  }
  return `${await count('audit_event')} audit events, ${await count('user_account')} accounts, ${await count('award')} awards`
}

/** Written aside and renamed, so that an interrupted backup never looks like a whole one. */
function writeWhole(file: string, write: (partial: string) => void): void {
  const partial = `${file}.partial-${process.pid}`
  try {
    write(partial)
    renameSync(partial, file)
  } finally {
    rmSync(partial, { force: true })
  }
}

function refuseExisting(file: string, force: boolean): void {
  if (!force && existsSync(file)) {
    throw new BackupError(`${file} already exists. Choose another name, or give --force to replace it.`)
  }
}

// PGlite writes this file into its data folder while it has the folder open, and removes it on
// close. A second process opening the folder would corrupt it, and a copy taken while a server
// writes is not consistent, so both commands stop here. A server killed outright leaves the file
// behind: the message says how to tell.
function refuseInUse(dataDir: string): void {
  const lock = path.join(dataDir, 'postmaster.pid')
  if (existsSync(lock)) {
    throw new BackupError(
      `The PGlite database in ${dataDir} is in use (${lock} exists): stop the server, the worker ` +
        `and any other command on DATA_DIR first, since PGlite's folder belongs to one process. ` +
        `If none is running (one was killed), start and stop the server once, or delete that file.`,
    )
  }
}

async function backupPglite(dataDir: string, { file, force }: BackupArgs): Promise<void> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(`There is no PGlite database in ${dataDir} (DATA_DIR) to back up.`)
  }
  refuseInUse(dataDir)
  refuseExisting(file, force)
  const database = await openDatabase({ dataDir })
  let tar: Blob
  let summary: string
  try {
    if (!database.dump) throw new BackupError('This database cannot be dumped.')
    // Everything committed is written into the tables' files, so the copy needs no recovery.
    await sql`checkpoint`.execute(database.db)
    summary = await summarise(database.db)
    tar = await database.dump()
  } finally {
    await database.close()
  }
  const gzipped = gzipSync(Buffer.from(await tar.arrayBuffer()))
  writeWhole(file, (partial) => writeFileSync(partial, gzipped))
  console.log(
    `Backed up the PGlite database in ${dataDir} to ${file} (${size(gzipped.length)}, gzip tarball; ` +
      `${size(tar.size)} unpacked): ${summary}.\nBring it back with: npm run restore -- ${file}`,
  )
}

async function restorePglite(dataDir: string, { file, force }: BackupArgs): Promise<void> {
  if (existsSync(dataDir)) {
    refuseInUse(dataDir)
    const entries = readdirSync(dataDir)
    if (entries.length > 0 && !force) {
      throw new BackupError(
        `${dataDir} (DATA_DIR) is not empty (${entries.length} entries). Restore into an empty ` +
          `folder, or give --force to delete what is there and replace it with the backup.`,
      )
    }
  }
  const packed = readBackup(file)
  // A tarball PGlite made; an uncompressed one is accepted too.
  const tar = new Blob([
    packed[0] === 0x1f && packed[1] === 0x8b ? new Uint8Array(gunzipSync(packed)) : packed,
  ])
  // Opened in memory first, so that a file that is not a backup never costs the folder.
  let summary: string
  try {
    const probe = await openDatabase({ template: tar })
    try {
      summary = await summarise(probe.db)
    } finally {
      await probe.close()
    }
  } catch (error) {
    throw new BackupError(
      `${file} is not a PGlite backup of this platform: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  if (existsSync(dataDir)) {
    for (const entry of readdirSync(dataDir))
      rmSync(path.join(dataDir, entry), { recursive: true, force: true })
  }
  mkdirSync(dataDir, { recursive: true })
  const database = await openDatabase({ dataDir, template: tar })
  try {
    summary = await summarise(database.db)
  } finally {
    await database.close()
  }
  console.log(
    `Restored ${file} (${size(packed.length)}; ${size(tar.size)} unpacked) into ${dataDir}: ${summary}.`,
  )
}

function readBackup(file: string) {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`There is no backup file ${file}.`)
  return readFileSync(file)
}

/** pg_dump or pg_restore: on PATH, or else the newest under /usr/lib/postgresql (Debian, Ubuntu). */
export function findTool(name: 'pg_dump' | 'pg_restore'): string {
  if (spawnSync(name, ['--version']).status === 0) return name
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : []
  for (const version of versions) {
    const tool = path.join(root, version, 'bin', name)
    if (existsSync(tool)) return tool
  }
  throw new BackupError(
    `${name} was not found on PATH or under ${root}/*/bin. Install PostgreSQL's client tools, ` +
      `of the server's major version or newer (on Debian or Ubuntu: apt-get install postgresql-client).`,
  )
}

/**
 * The connection for pg_dump and pg_restore, with any password taken out of the URL so that
 * it is not shown in the process list.
 */
function connection(databaseUrl: string): { dbname: string; password: string | undefined } {
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    return { dbname: databaseUrl, password: undefined }
  }
  const password = decodeURIComponent(url.password)
  url.password = ''
  return { dbname: url.href, password: password || undefined }
}

/** What pg_dump and pg_restore run with: this process's environment, and the password beside it. */
async function toolEnvironment(password: string | undefined): Promise<NodeJS.ProcessEnv | undefined> {
  if (!password) return undefined
  // Imported here, not at the top: importing config.ts reads the configuration, and main.ts
  // must be the one to do that first so that a bad setting is explained, not thrown.
  const { environmentWith } = await import('../config.ts')
  return environmentWith({ PGPASSWORD: password })
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv | undefined): void {
  const result = spawnSync(tool, args, {
    // The password goes in the environment, never on the tool's command line.
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (result.error) throw new BackupError(`${tool} could not be run: ${result.error.message}`)
  if (result.status !== 0) throw new BackupError(`${tool} failed (exit status ${result.status}); see above.`)
}

async function backupPostgres(databaseUrl: string, { file, force }: BackupArgs): Promise<void> {
  const pgDump = findTool('pg_dump')
  refuseExisting(file, force)
  const { dbname, password } = connection(databaseUrl)
  const env = await toolEnvironment(password)
  // pg_dump reads everything in one transaction's snapshot, so the server may keep running.
  writeWhole(file, (partial) =>
    run(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`], env),
  )
  console.log(
    `Backed up the PostgreSQL database to ${file} (${size(statSync(file).size)}, pg_dump custom format).\n` +
      `Bring it back with: npm run restore -- ${file}`,
  )
}

async function restorePostgres(databaseUrl: string, { file, force }: BackupArgs): Promise<void> {
  const pgRestore = findTool('pg_restore')
  const bytes = readBackup(file).length
  const database = await openDatabase({ databaseUrl })
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables
      where table_schema = any (current_schemas(false))`.execute(database.db)
    const tables = rows[0]?.n ?? 0
    if (tables > 0 && !force) {
      throw new BackupError(
        `The database at DATABASE_URL already holds ${tables} tables. Restore into an empty ` +
          `database, or give --force to drop what the backup holds and replace it.`,
      )
    }
  } finally {
    await database.close()
  }
  const { dbname, password } = connection(databaseUrl)
  // One transaction: a restore that fails part way changes nothing.
  run(
    pgRestore,
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${dbname}`, file],
    await toolEnvironment(password),
  )
  const restored = await openDatabase({ databaseUrl })
  try {
    console.log(
      `Restored ${file} (${size(bytes)}) into the PostgreSQL database: ${await summarise(restored.db)}.`,
    )
  } finally {
    await restored.close()
  }
}

export async function backup(config: Config, args: string[]): Promise<void> {
  const parsed = backupArgs(args, BACKUP_USAGE)
  if (config.databaseUrl) return backupPostgres(config.databaseUrl, parsed)
  return backupPglite(config.dataDir, parsed)
}

export async function restore(config: Config, args: string[]): Promise<void> {
  const parsed = backupArgs(args, RESTORE_USAGE)
  if (config.databaseUrl) return restorePostgres(config.databaseUrl, parsed)
  return restorePglite(config.dataDir, parsed)
}
