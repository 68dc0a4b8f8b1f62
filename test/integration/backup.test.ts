// Backups proven by a round trip through the real command line: a demo database is backed up,
// restored somewhere empty, and the copy's audit trail is intact and its records the same.
// On PGlite always; on PostgreSQL too when DATABASE_URL is set, in two databases of its own.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { config } from '../../src/config.ts'
import { BackupError, findTool } from '../../src/db/backup.ts'
import { openDatabase, type DatabaseOptions } from '../../src/db/database.ts'
import { runCli, startServer, stopServer } from '../support/cli.ts'
import { fillDataFolder } from '../support/database.ts'

const folders: string[] = []
async function emptyFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'apc-backup-'))
  folders.push(dir)
  return dir
}
after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))))

/** What a restored copy must have as the original had it. */
async function records(options: DatabaseOptions) {
  const database = await openDatabase(options)
  try {
    const count = async (table: 'audit_event' | 'user_account' | 'award' | 'learner' | 'credential') =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db))
        .rows[0]!.n
    const demo = await database.db
      .selectFrom('user_account')
      .select('email')
      .where('is_demo', '=', true)
      .orderBy('email')
      .execute()
    return {
      auditEvents: await count('audit_event'),
      accounts: await count('user_account'),
      awards: await count('award'),
      learners: await count('learner'),
      credentials: await count('credential'),
      demoAccounts: demo.map((a) => a.email),
    }
  } finally {
    await database.close()
  }
}

function assertIntact(result: { code: number | null; stdout: string; stderr: string }) {
  assert.equal(result.code, 0, result.stderr)
  assert.match(result.stdout, /^Audit trail intact: \d+ events checked/)
}

describe('backup and restore on PGlite', () => {
  it('round-trip a demo database into an empty folder, whose audit trail is intact', async () => {
    const original = await emptyFolder()
    await fillDataFolder(original)
    const seeded = await runCli(['seed:demo'], original)
    assert.equal(seeded.code, 0, seeded.stderr)
    const before = await records({ dataDir: original })
    assert.ok(before.awards > 0 && before.demoAccounts.length > 0, JSON.stringify(before))

    const file = path.join(await emptyFolder(), 'demo.tar.gz')
    const backedUp = await runCli(['backup', file], original)
    assert.equal(backedUp.code, 0, backedUp.stderr)
    assert.match(
      backedUp.stdout,
      new RegExp(
        `Backed up the PGlite database in .* to .*demo\\.tar\\.gz \\([\\d.]+ MB, gzip tarball; .*\\): ` +
          `${before.auditEvents} audit events, ${before.accounts} accounts, ${before.awards} awards`,
      ),
    )
    // The original is untouched by being backed up.
    assert.deepEqual(await records({ dataDir: original }), before)

    const again = await runCli(['backup', file], original)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /already exists.*--force/)

    const restoredDir = await emptyFolder()
    const restored = await runCli(['restore', file], restoredDir)
    assert.equal(restored.code, 0, restored.stderr)
    assert.match(
      restored.stdout,
      new RegExp(
        `Restored .*demo\\.tar\\.gz \\([\\d.]+ MB; .*\\) into ${restoredDir}: ${before.auditEvents} audit events`,
      ),
    )
    assertIntact(await runCli(['audit:verify'], restoredDir))
    assert.deepEqual(await records({ dataDir: restoredDir }), before)
  })

  it('restore refuses a folder that is not empty unless --force, and then replaces it', async () => {
    const source = await emptyFolder()
    await fillDataFolder(source)
    // As a server leaves its folder once stopped.
    assert.equal((await runCli(['migrate'], source)).code, 0)
    const file = path.join(await emptyFolder(), 'catalogue.tar.gz')
    assert.equal((await runCli(['backup', file], source)).code, 0)

    const target = await emptyFolder()
    await fillDataFolder(target)
    assert.equal((await runCli(['seed:demo'], target)).code, 0)
    const refused = await runCli(['restore', file], target)
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /is not empty .*give --force/)
    assert.ok((await records({ dataDir: target })).demoAccounts.length > 0, 'the folder is as it was')

    const forced = await runCli(['restore', file, '--force'], target)
    assert.equal(forced.code, 0, forced.stderr)
    assert.deepEqual(await records({ dataDir: target }), await records({ dataDir: source }))
    assertIntact(await runCli(['audit:verify'], target))
  })

  it('refuse a data folder while the server has it open, and back it up once it stops', async () => {
    const dataDir = await emptyFolder()
    await fillDataFolder(dataDir)
    const file = path.join(await emptyFolder(), 'busy.tar.gz')
    const started = await startServer(dataDir)
    try {
      const backedUp = await runCli(['backup', file], dataDir)
      assert.equal(backedUp.code, 1)
      assert.match(backedUp.stderr, /is in use .*postmaster\.pid exists.*stop the server/)
      const restored = await runCli(['restore', file, '--force'], dataDir)
      assert.equal(restored.code, 1)
      assert.match(restored.stderr, /is in use .*postmaster\.pid exists/)
    } finally {
      assert.equal(await stopServer(started), 0)
    }
    const backedUp = await runCli(['backup', file], dataDir)
    assert.equal(backedUp.code, 0, backedUp.stderr)
    const restored = await runCli(['restore', file, '--force'], dataDir)
    assert.equal(restored.code, 0, restored.stderr)
  })

  it('explain what they need, with exit status 2', async () => {
    const dataDir = await emptyFolder()
    const cases: Array<[string[], RegExp]> = [
      [['backup'], /Give the backup file\.\nUsage: npm run backup -- <file> \[--force\]/],
      [['backup', 'a', 'b'], /Give one backup file, not 2\.\nUsage: npm run backup/],
      [['backup', 'a', '--keep'], /Unknown option '--keep'.*\n(.*\n)*Usage: npm run backup/],
      [['restore'], /Give the backup file\.\nUsage: npm run restore -- <file> \[--force\]/],
      [['restore', 'a', '--quiet'], /Unknown option '--quiet'.*\n(.*\n)*Usage: npm run restore/],
    ]
    const results = await Promise.all(cases.map(([args]) => runCli(args, dataDir)))
    cases.forEach(([args, message], i) => {
      assert.equal(results[i]!.code, 2, args.join(' '))
      assert.match(results[i]!.stderr, message)
    })
    const missing = await runCli(['restore', path.join(dataDir, 'none.tar.gz')], dataDir)
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /There is no backup file .*none\.tar\.gz/)
  })
})

/** Whether pg_dump and pg_restore can be found as the commands find them. */
function postgresTools(): boolean {
  try {
    findTool('pg_dump')
    findTool('pg_restore')
    return true
  } catch (error) {
    if (error instanceof BackupError) return false
    throw error
  }
}

const postgresSkip = !config.databaseUrl
  ? 'PostgreSQL only: DATABASE_URL is not set'
  : postgresTools()
    ? false
    : 'pg_dump or pg_restore is not installed'

describe('backup and restore on PostgreSQL', () => {
  const databases: string[] = []
  /** A fresh, empty database beside DATABASE_URL's, and its URL. */
  async function freshDatabase(adminUrl: string): Promise<string> {
    const name = `apc_backup_${randomBytes(6).toString('hex')}`
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    await client.query(`create database ${name}`)
    await client.end()
    databases.push(name)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return url.href
  }
  after(async () => {
    if (!config.databaseUrl || databases.length === 0) return
    const client = new pg.Client({ connectionString: config.databaseUrl })
    await client.connect()
    for (const name of databases) await client.query(`drop database if exists ${name} with (force)`)
    await client.end()
  })

  it(
    'round-trip a demo database into a fresh database, whose audit trail is intact',
    { skip: postgresSkip },
    async () => {
      const adminUrl = config.databaseUrl!
      const source = await freshDatabase(adminUrl)
      const target = await freshDatabase(adminUrl)
      const folder = await emptyFolder()
      const on = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl })

      const seeded = await runCli(['seed:demo'], folder, on(source))
      assert.equal(seeded.code, 0, seeded.stderr)
      const before = await records({ databaseUrl: source })
      assert.ok(before.awards > 0 && before.demoAccounts.length > 0, JSON.stringify(before))

      const file = path.join(folder, 'demo.dump')
      const backedUp = await runCli(['backup', file], folder, on(source))
      assert.equal(backedUp.code, 0, backedUp.stderr)
      assert.match(
        backedUp.stdout,
        /Backed up the PostgreSQL database to .*demo\.dump \([\d.]+ (KB|MB), pg_dump custom format\)/,
      )

      const restored = await runCli(['restore', file], folder, on(target))
      assert.equal(restored.code, 0, restored.stderr)
      assert.match(
        restored.stdout,
        new RegExp(`into the PostgreSQL database: ${before.auditEvents} audit events`),
      )
      assertIntact(await runCli(['audit:verify'], folder, on(target)))
      assert.deepEqual(await records({ databaseUrl: target }), before)

      // Now the target holds tables: refused without --force, replaced with it.
      const refused = await runCli(['restore', file], folder, on(target))
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, /already holds \d+ tables.*--force/)
      const forced = await runCli(['restore', file, '--force'], folder, on(target))
      assert.equal(forced.code, 0, forced.stderr)
      assertIntact(await runCli(['audit:verify'], folder, on(target)))
      assert.deepEqual(await records({ databaseUrl: target }), before)
    },
  )
})
