import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount } from '../../../test/support/agent.ts'

const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1]

describe('the page cache for anonymous visitors', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ PAGE_CACHE_SECONDS: '60' })
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  })
  after(() => t.close())

  it("serves a public page again from the cache, with this response's own CSP nonce", async () => {
    t.app.pageCache.clear()
    const first = await t.app.inject({ method: 'GET', url: '/credentials?status=endorsed' })
    const second = await t.app.inject({ method: 'GET', url: '/credentials?status=endorsed' })
    assert.equal(first.headers['x-page-cache'], undefined)
    assert.equal(second.headers['x-page-cache'], 'hit')
    const nonce = nonceOf(second.headers['content-security-policy'])!
    assert.notEqual(nonce, nonceOf(first.headers['content-security-policy']))
    assert.ok(second.body.includes(`<script nonce="${nonce}">`), 'the inline script carries the new nonce')
    assert.equal(
      second.body.replaceAll(nonce, 'N'),
      first.body.replaceAll(nonceOf(first.headers['content-security-policy'])!, 'N'),
    )
  })

  it('never caches for a visitor with a session, nor an error page, nor an API answer', async () => {
    t.app.pageCache.clear()
    const agent = new Agent(t.app)
    await agent.get('/sign-in')
    await agent.get('/credentials')
    assert.equal((await agent.get('/credentials')).headers['x-page-cache'], undefined)
    await t.app.inject({ method: 'GET', url: '/credentials?status=bogus' })
    assert.equal((await t.app.inject({ method: 'GET', url: '/credentials?status=bogus' })).statusCode, 400)
    assert.equal(t.app.pageCache.size, 0)
    await t.app.inject({ method: 'GET', url: '/sign-in' })
    await t.app.inject({ method: 'GET', url: '/api/v1/credentials' })
    assert.equal(t.app.pageCache.size, 0, 'pages that are not marked stay out')
  })

  it('is emptied by any successful change made through this instance', async () => {
    t.app.pageCache.clear()
    await t.app.inject({ method: 'GET', url: '/credentials' })
    assert.equal(t.app.pageCache.size, 1)
    const agent = new Agent(t.app)
    await agent.get('/forgot-password')
    await agent.post('/forgot-password', { email: 'someone@example.org' })
    assert.equal(t.app.pageCache.size, 0)
  })

  it('lets a page go after its time to live', async () => {
    const short = await createTestApp({ PAGE_CACHE_SECONDS: '1' })
    try {
      await short.app.inject({ method: 'GET', url: '/glossary' })
      assert.equal(
        (await short.app.inject({ method: 'GET', url: '/glossary' })).headers['x-page-cache'],
        'hit',
      )
      await new Promise((resolve) => setTimeout(resolve, 1100))
      assert.equal(
        (await short.app.inject({ method: 'GET', url: '/glossary' })).headers['x-page-cache'],
        undefined,
      )
    } finally {
      await short.close()
    }
  })

  it('is off with PAGE_CACHE_SECONDS=0', async () => {
    const off = await createTestApp({ PAGE_CACHE_SECONDS: '0' })
    try {
      await off.app.inject({ method: 'GET', url: '/credentials' })
      const again = await off.app.inject({ method: 'GET', url: '/credentials' })
      assert.equal(again.headers['x-page-cache'], undefined)
      assert.equal(off.app.pageCache.size, 0)
    } finally {
      await off.close()
    }
  })
})
