import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { errorFor, everything, textOf } from '../../../test/support/html.ts'

describe('API tokens for provider organisations', () => {
  let t: TestApp
  let providerAdmin: Agent
  let mine: string
  let theirs: string
  before(async () => {
    t = await createTestApp()
    const rows = await t.database.db
      .insertInto('organisation')
      .values([
        { name: 'Mine University', kind: 'provider' },
        { name: 'Their University', kind: 'provider' },
      ])
      .returning(['id', 'name'])
      .execute()
    mine = rows.find((r) => r.name === 'Mine University')!.id
    theirs = rows.find((r) => r.name === 'Their University')!.id
    await createAccount(t, 'pa@example.org', [{ role: 'provider_admin', organisationId: mine }])
    providerAdmin = await signedIn(t, 'pa@example.org')
  })
  after(() => t.close())

  async function createToken(name: string): Promise<string> {
    const { page } = await providerAdmin.submit('/provider/api-tokens', '/provider/api-tokens', {
      organisation: mine,
      name,
    })
    const token = textOf(page.body, 'code#new-token')
    assert.ok(token, 'the new token is shown')
    return token
  }

  it('shows a new token once, stores only its hash, and lets a client use it as a bearer token', async () => {
    const token = await createToken('Student records')
    assert.match(token, /^apc_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/)
    const again = await providerAdmin.get('/provider/api-tokens')
    assert.doesNotMatch(everything(again.body), new RegExp(token), 'not shown a second time')

    const stored = await t.database.db
      .selectFrom('api_token')
      .select(['token_hash', 'token_prefix'])
      .execute()
    assert.ok(stored.every((s) => !token.includes(s.token_hash)))

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(me.statusCode, 200)
    assert.deepEqual(me.json<{ organisation: { name: string } }>().organisation.name, 'Mine University')
  })

  it('refuses a missing, malformed, altered or revoked token with a 401 problem', async () => {
    const token = await createToken('Soon revoked')
    const altered = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')
    for (const header of [undefined, 'Bearer nonsense', `Bearer ${altered}`, `Basic ${token}`]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: header ? { authorization: header } : {},
      })
      assert.equal(res.statusCode, 401, String(header))
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/)
      assert.match(res.headers['www-authenticate'] as string, /^Bearer/)
    }
    const tokenId = (
      await t.database.db
        .selectFrom('api_token')
        .select('id')
        .where('name', '=', 'Soon revoked')
        .executeTakeFirstOrThrow()
    ).id
    await providerAdmin.get('/provider/api-tokens')
    const revoked = await providerAdmin.post(`/provider/api-tokens/${tokenId}/revoke`, { organisation: mine })
    assert.equal(revoked.statusCode, 303)
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(res.statusCode, 401)
  })

  it("keeps a provider admin to their own organisation's tokens", async () => {
    assert.equal((await providerAdmin.get(`/provider/api-tokens?organisation=${theirs}`)).statusCode, 403)
    await providerAdmin.get('/provider/api-tokens')
    const res = await providerAdmin.post('/provider/api-tokens', { organisation: theirs, name: 'Sneaky' })
    assert.equal(res.statusCode, 403)
    const sneaky = await t.database.db
      .selectFrom('api_token')
      .selectAll()
      .where('name', '=', 'Sneaky')
      .execute()
    assert.deepEqual(sneaky, [])
  })

  it('asks for a name', async () => {
    const { page } = await providerAdmin.submit('/provider/api-tokens', '/provider/api-tokens', {
      organisation: mine,
      name: ' ',
    })
    assert.equal(
      errorFor(page.body, 'name'),
      'Enter a name for the token, such as the system that will use it',
    )
  })
})
