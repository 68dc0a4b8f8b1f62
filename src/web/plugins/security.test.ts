import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'

describe('security headers', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('sends a CSP whose script nonce is fresh per request and matches the page, with no unsafe-inline', async () => {
    const nonces = []
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/credentials' })
      const csp = res.headers['content-security-policy'] as string
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1]
      assert.ok(nonce, csp)
      assert.doesNotMatch(csp, /unsafe-inline/)
      assert.match(csp, /frame-ancestors 'none'/)
      assert.ok(res.body.includes(`<script nonce="${nonce}">`), 'the inline script carries the nonce')
      nonces.push(nonce)
    }
    assert.notEqual(nonces[0], nonces[1])
  })

  it('sends the other protective headers on pages, the API and errors alike', async () => {
    for (const url of ['/', '/api/v1/credentials', '/no-such-page', '/health']) {
      const res = await t.app.inject({ method: 'GET', url })
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url)
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin', url)
      assert.equal(res.headers['x-frame-options'], 'DENY', url)
      assert.equal(res.headers['strict-transport-security'], undefined, `${url} over plain HTTP has no HSTS`)
    }
  })

  it('sends HSTS when served over HTTPS behind a trusted proxy, and believes no one else', async () => {
    const untrusted = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-forwarded-proto': 'https' },
    })
    assert.equal(untrusted.headers['strict-transport-security'], undefined, 'TRUST_PROXY is off by default')
    const behindProxy = await createTestApp({ TRUST_PROXY: 'true' })
    try {
      const res = await behindProxy.app.inject({
        method: 'GET',
        url: '/',
        headers: { 'x-forwarded-proto': 'https' },
      })
      assert.match(res.headers['strict-transport-security'] as string, /max-age=\d+/)
    } finally {
      await behindProxy.close()
    }
  })

  it('serves the NHS.UK frontend files but not the rest of the package', async () => {
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/assets/nhsuk/nhsuk-frontend.min.css' })).statusCode,
      200,
    )
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/images/favicon.svg' })).statusCode, 200)
    const template = await t.app.inject({ method: 'GET', url: '/assets/nhsuk/template.njk' })
    assert.equal(template.statusCode, 404)
    const traversal = await t.app.inject({ method: 'GET', url: '/assets/app/..%2f..%2f..%2fpackage.json' })
    assert.ok([400, 403, 404].includes(traversal.statusCode), String(traversal.statusCode))
  })
})
