import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'

describe('housekeeping', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('deletes sessions past their idle or absolute timeout, and only those', async () => {
    const live = await t.services.sessions.create(null)
    const idle = await t.services.sessions.create(null)
    const old = await t.services.sessions.create(null)
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)
    await t.database.db
      .updateTable('session')
      .set({ last_seen_at: hoursAgo(1) })
      .where('id', '=', idle.session.id)
      .execute()
    await t.database.db
      .updateTable('session')
      .set({ created_at: hoursAgo(13) })
      .where('id', '=', old.session.id)
      .execute()

    await t.services.sessions.deleteExpired()
    const left = (await t.database.db.selectFrom('session').select('id').execute()).map((r) => r.id)
    assert.ok(left.includes(live.session.id))
    assert.ok(!left.includes(idle.session.id))
    assert.ok(!left.includes(old.session.id))
  })

  it('forgets sign-in attempts older than the rate-limit window, and keeps recent ones', async () => {
    await t.database.db
      .insertInto('sign_in_attempt')
      .values([
        {
          account_key: 'email:old@example.org',
          address: '192.0.2.1',
          succeeded: false,
          attempted_at: new Date(Date.now() - 3_600_000),
        },
        { account_key: 'email:new@example.org', address: '192.0.2.1', succeeded: false },
      ])
      .execute()
    await t.services.authentication.pruneSignInAttempts()
    const keys = (await t.database.db.selectFrom('sign_in_attempt').select('account_key').execute()).map(
      (r) => r.account_key,
    )
    assert.deepEqual(keys, ['email:new@example.org'])
  })

  it('forgets employer checks older than the hour the limit counts, and keeps recent ones', async () => {
    await t.database.db
      .insertInto('lookup_attempt')
      .values([
        { kind: 'employer_check', address: '192.0.2.7', attempted_at: new Date(Date.now() - 61 * 60_000) },
        { kind: 'employer_check', address: '192.0.2.8', attempted_at: new Date(Date.now() - 59 * 60_000) },
      ])
      .execute()
    await t.services.employerChecks.pruneLookupAttempts()
    const left = (await t.database.db.selectFrom('lookup_attempt').select('address').execute()).map(
      (r) => r.address,
    )
    assert.deepEqual(left, ['192.0.2.8'])
  })

  it('forgets wallet nonces once they have expired, and keeps live ones', async () => {
    await t.database.db
      .insertInto('wallet_nonce')
      .values([
        { nonce_hash: 'spent', expires_at: new Date(Date.now() - 1000) },
        { nonce_hash: 'live', expires_at: new Date(Date.now() + 60_000) },
      ])
      .execute()
    await t.services.walletIssuance.pruneNonces()
    const left = (await t.database.db.selectFrom('wallet_nonce').select('nonce_hash').execute()).map(
      (r) => r.nonce_hash,
    )
    assert.deepEqual(left, ['live'])
  })
})
