// Forgot-password answers an address with an account exactly as one without, on screen and in
// the work it does: the same kinds of database writes, so that how long the answer takes does
// not tell who has an account. (Timings themselves are never asserted here;
// bench/account-enumeration.ts measures them.)
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount } from '../../../test/support/agent.ts'
import { writesOf } from '../../../test/support/enumeration.ts'

const PASSWORD = 'correct horse battery staple'

describe('answers that take the same work whether or not an address has an account', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'known@example.org', [{ role: 'practitioner' }], PASSWORD)
  })
  after(() => t.close())

  it('forgot-password makes a token, queues an email and records an event for an unknown address too', async () => {
    const known = await writesOf(t, '/forgot-password', { email: 'known@example.org' })
    const unknown = await writesOf(t, '/forgot-password', { email: 'nobody@example.org' })
    assert.deepEqual(known, { audit_event: 1, one_time_token: 1, email_outbox: 1 })
    assert.deepEqual(unknown, known)
  })

  it('the token kept for an unknown address can never be used, and its email has no link', async () => {
    await writesOf(t, '/forgot-password', { email: 'ghost@example.org' })
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
})
