// Forgot-password and register answer an address with an account exactly as one without, on
// screen and in the work they do: the same kinds of database writes, so that how long the
// answer takes does not tell who has an account. (Timings themselves are never asserted here;
// bench/account-enumeration.ts measures them.)
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount } from '../../../test/support/agent.ts'

const PASSWORD = 'correct horse battery staple'
const TABLES = ['audit_event', 'one_time_token', 'email_outbox'] as const

describe('answers that take the same work whether or not an address has an account', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'known@example.org', [{ role: 'practitioner' }], PASSWORD)
  })
  after(() => t.close())

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {}
    for (const table of TABLES) {
      const row = await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
      counts[table] = Number(row.n)
    }
    return counts
  }

  /** The rows each table gained from one submission of the form. */
  async function writesOf(url: string, fields: Record<string, string>) {
    const agent = new Agent(t.app)
    await agent.get(url)
    const before = await rowCounts()
    const res = await agent.post(url, fields)
    assert.equal(res.statusCode, 303, url)
    const after = await rowCounts()
    return Object.fromEntries(TABLES.map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)]))
  }

  it('forgot-password makes a token, queues an email and records an event for an unknown address too', async () => {
    const known = await writesOf('/forgot-password', { email: 'known@example.org' })
    const unknown = await writesOf('/forgot-password', { email: 'nobody@example.org' })
    assert.deepEqual(known, { audit_event: 1, one_time_token: 1, email_outbox: 1 })
    assert.deepEqual(unknown, known)
  })

  it('the token kept for an unknown address can never be used, and its email has no link', async () => {
    await writesOf('/forgot-password', { email: 'ghost@example.org' })
    const usable = await t.database.db
      .selectFrom('one_time_token')
      .select(['user_id'])
      .where('email', '=', 'ghost@example.org')
      .where('expires_at', '>', new Date())
      .execute()
    assert.deepEqual(usable, [])
    const mail = await t.services.mail.latestTo('ghost@example.org')
    assert.ok(mail)
    assert.doesNotMatch(mail.text, /token=/)
    assert.match(mail.text, /no account/)
  })

  it('register makes a token, queues an email and records an event for an address that has an account too', async () => {
    const fields = (email: string) => ({
      displayName: 'Pat',
      email,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    const known = await writesOf('/register', fields('known@example.org'))
    const unknown = await writesOf('/register', fields('new@example.org'))
    assert.deepEqual(unknown, { audit_event: 1, one_time_token: 1, email_outbox: 1 })
    assert.deepEqual(known, unknown)
    // What the owner of the address with an account is sent: a way back in, not a second account.
    const mail = await t.services.mail.latestTo('known@example.org')
    assert.equal(mail?.subject, 'You already have an account')
    assert.match(mail.text, /\/reset-password\?token=/)
  })
})
