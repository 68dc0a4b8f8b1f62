// The command line end to end, each command in a child process on a PGlite folder of its
// own: demo accounts and the production refusal, the first Centre admin, audit verification.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import { parseConfig } from '../../src/config.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { countDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { DEMO_EPORTFOLIO_PEOPLE } from '../../src/db/seed/demo-eportfolio.ts'
import { systemClock } from '../../src/domain/clock.ts'
import { createAccountAdministrationService } from '../../src/services/account-administration.ts'
import { recordAudit, SYSTEM_ACTOR } from '../../src/services/audit.ts'
import { createRegistrationService } from '../../src/services/registration.ts'
import { runCli, startServer, stopServer } from '../support/cli.ts'
import { fillDataFolder } from '../support/database.ts'

const DEMO_KEYS = [
  'centre-admin',
  'credential-group',
  'credential-group-2',
  'credential-group-3',
  'credential-group-4',
  'reviewer',
  'reviewer-2',
  'author',
  'provider-admin',
  'provider-staff',
  'practitioner',
]

/** Production as configured: its settings that have no default given. */
const PRODUCTION = {
  NODE_ENV: 'production',
  CREDENTIAL_MASTER_KEY: randomBytes(32).toString('base64'),
  AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
}

const folders: string[] = []
/** A data folder holding a migrated and seeded database, as `npm start` leaves it. */
async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'apc-cli-'))
  folders.push(dir)
  await fillDataFolder(dir)
  return dir
}
after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))))

/** Opens the folder in this process; PGlite is single-process, so close it before the next command. */
async function withFolder<T>(dataDir: string, use: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir })
  try {
    return await use(database)
  } finally {
    await database.close()
  }
}

describe('the command line', () => {
  it('names the commands when given an unknown one', async () => {
    const result = await runCli(['frobnicate'], await dataFolder())
    assert.equal(result.code, 2)
    assert.match(result.stderr, /Unknown command "frobnicate"/)
    assert.match(result.stderr, /create-admin --email/)
  })
})

describe('demo accounts', () => {
  it('are created and printed by seed:demo, and stop production from starting', async () => {
    const dataDir = await dataFolder()
    const seeded = await runCli(['seed:demo'], dataDir)
    assert.equal(seeded.code, 0, seeded.stderr)
    for (const key of DEMO_KEYS) {
      assert.match(seeded.stdout, new RegExp(`${key}@demo\\.invalid +demo-${key}-password `))
    }
    assert.match(seeded.stdout, /centre-admin@demo\.invalid .* centre_admin\n/)
    // Each learner the demo provider awarded becomes a practitioner in the directory too.
    const practitioners = [
      ...seeded.stdout.matchAll(
        /\/directory\/[0-9a-f-]{36}\n +Directory entry \(sign in as \S+@learner\.demo\.invalid,/g,
      ),
    ].length
    assert.ok(practitioners >= 2, seeded.stdout)
    // And the practitioners and supervisor of the ePortfolio route's examples.
    const demoAccounts = DEMO_KEYS.length + practitioners + DEMO_EPORTFOLIO_PEOPLE.length + 1
    assert.equal(await withFolder(dataDir, (d) => countDemoAccounts(d.db)), demoAccounts)
    assert.match(seeded.stdout, /Proposal awaiting the Credential Group: .* \/proposals\//)
    assert.match(
      seeded.stdout,
      /Published specification, two versions: .* \/credentials\/[a-z-]+\/specification\n/,
    )
    assert.match(
      seeded.stdout,
      /Provider with an approved delivery, learners and awards: Demo University +\/provider\/deliveries\/[0-9a-f-]+\/learners\n/,
    )
    assert.match(
      seeded.stdout,
      /CSV file to upload, every row valid: awards-to-upload\.csv +demo\/awards-to-upload\.csv\n/,
    )
    assert.match(
      seeded.stdout,
      /Pipeline history since January 2024 .*: 90 proposals, \d+ agreed and \d+ declined/,
    )

    const production = await runCli(['serve'], dataDir, PRODUCTION)
    assert.equal(production.code, 1)
    assert.match(
      production.stderr,
      new RegExp(`Refusing to start in production: the database holds ${demoAccounts} demo accounts`),
    )
    assert.match(production.stderr, /Remove them first/)
  })

  it('are never created by seed:demo in production', async () => {
    const result = await runCli(['seed:demo'], await dataFolder(), PRODUCTION)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /never created in production/)
  })

  it('are created and printed at start with DEMO=1, which production refuses', async () => {
    const dataDir = await dataFolder()
    const refused = await runCli(['serve'], dataDir, { NODE_ENV: 'production', DEMO: '1' })
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^Configuration: DEMO cannot be set with NODE_ENV=production/)

    const started = await startServer(dataDir, { DEMO: '1' })
    try {
      const logs = started.logs.join('')
      for (const key of DEMO_KEYS) assert.ok(logs.includes(`demo-${key}-password`), `${key} is printed`)
      assert.equal((await fetch(`${started.baseUrl}/sign-in`)).status, 200)
    } finally {
      assert.equal(await stopServer(started), 0)
    }
  })
})

describe('create-admin', () => {
  it('explains what it needs, with exit status 2', async () => {
    const dataDir = await dataFolder()
    const cases: Array<[string[], RegExp]> = [
      [[], /Give the new admin's email address with --email/],
      [['--email', 'ada@example.org'], /Give the new admin's full name with --name/],
      [['--email', 'ada@example.org', '--name', '  '], /full name with --name/],
      [['--email', 'ada@example.org', '--name', 'Ada', '--role', 'x'], /Unknown option '--role'/],
      [['--email', 'not an address', '--name', 'Ada Lovelace'], /email address/i],
    ]
    // Only the last one gets as far as the database, so they can run side by side.
    const results = await Promise.all(cases.map(([args]) => runCli(['create-admin', ...args], dataDir)))
    cases.forEach(([args, message], i) => {
      assert.equal(results[i]!.code, 2, `create-admin ${args.join(' ')}`)
      assert.match(results[i]!.stderr, message)
      assert.match(
        results[i]!.stderr,
        /Usage: npm run create-admin -- --email <address> --name "<full name>"/,
      )
    })
  })

  it('prints an invitation link that makes the first Centre admin', async () => {
    const dataDir = await dataFolder()
    const baseUrl = 'https://credentials.example.test'
    const result = await runCli(
      ['create-admin', '--email', 'Ada@Example.org', '--name', 'Ada Lovelace'],
      dataDir,
      {
        BASE_URL: baseUrl,
      },
    )
    assert.equal(result.code, 0, result.stderr)
    const link = /(https:\/\/\S+)/.exec(result.stdout)?.[1]
    assert.ok(link, result.stdout)
    const url = new URL(link)
    assert.equal(`${url.origin}${url.pathname}`, `${baseUrl}/invitations/accept`)
    const token = url.searchParams.get('token')!

    await withFolder(dataDir, async ({ db }) => {
      const mail = await db
        .selectFrom('email_outbox')
        .selectAll()
        .where('to_address', '=', 'ada@example.org')
        .executeTakeFirstOrThrow()
      assert.equal(mail.status, 'pending')
      assert.ok(mail.body_text.includes(link), 'the queued e-mail holds the same link')

      const config = parseConfig({ BASE_URL: baseUrl })
      const registration = createRegistrationService(db, config, systemClock)
      const invitation = await registration.getInvitation(token)
      assert.equal(invitation?.displayName, 'Ada Lovelace')
      assert.equal(invitation?.role, 'centre_admin')
      const userId = await registration.acceptInvitation(
        token,
        { displayName: 'Ada Lovelace', password: 'correct horse battery staple' },
        { userId: null, label: 'test', ip: null },
      )
      const account = await createAccountAdministrationService(db, config, systemClock).getAccount(userId)
      assert.equal(account?.email, 'ada@example.org')
      assert.deepEqual(
        account?.grants.map((g) => g.role),
        ['centre_admin'],
      )
      assert.equal(account?.isDemo, false)
    })
  })
})

describe('audit:verify', () => {
  it('says the trail is intact, and names the first broken event after tampering', async () => {
    const dataDir = await dataFolder()
    assert.equal((await runCli(['migrate'], dataDir)).code, 0)
    const ids = await withFolder(dataDir, async ({ db }) => {
      for (let i = 1; i <= 3; i++) {
        await db
          .transaction()
          .execute((trx) =>
            recordAudit(trx, SYSTEM_ACTOR, { action: 'test.event', entityType: 'test', after: { n: i } }),
          )
      }
      return (await db.selectFrom('audit_event').select('id').orderBy('id').execute()).map((r) => r.id)
    })

    const intact = await runCli(['audit:verify'], dataDir)
    assert.equal(intact.code, 0, intact.stderr)
    assert.equal(intact.stdout, `Audit trail intact: ${ids.length} events checked\n`)

    const tampered = ids.at(-2)!
    await withFolder(dataDir, async ({ db }) => {
      await sql`alter table audit_event disable trigger user`.execute(db)
      await db
        .updateTable('audit_event')
        .set({ after: JSON.stringify({ n: 99 }) })
        .where('id', '=', tampered)
        .execute()
      await sql`alter table audit_event enable trigger user`.execute(db)
    })
    const broken = await runCli(['audit:verify'], dataDir)
    assert.equal(broken.code, 1)
    assert.match(
      broken.stdout,
      new RegExp(`^Audit trail broken at event ${tampered}: its content does not match its hash\n`),
    )
  })
})
