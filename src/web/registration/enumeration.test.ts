// Register answers an address with an account exactly as one without, on screen and in the
// work it does: the same kinds of database writes, so that how long the answer takes does not
// tell who has an account. (Timings themselves are never asserted here;
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

  it('register makes a token, queues an email and records an event for an address that has an account too', async () => {
    const fields = (email: string) => ({
      displayName: 'Pat',
      email,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    const known = await writesOf(t, '/register', fields('known@example.org'))
    const unknown = await writesOf(t, '/register', fields('new@example.org'))
    assert.deepEqual(unknown, { audit_event: 1, one_time_token: 1, email_outbox: 1 })
    assert.deepEqual(known, unknown)
    // What the owner of the address with an account is sent: a way back in, not a second account.
    const mail = await t.services.mail.latestTo('known@example.org')
    assert.equal(mail?.subject, 'You already have an account')
    assert.match(mail.text, /\/reset-password\?token=/)
  })
})
