import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../db/seed/demo-process.ts'
import { seedDemoProvider } from '../../db/seed/demo-provider.ts'
import { authPlugin } from './auth.ts'
import { securityPlugin } from './security.ts'

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

  it('serves the NHS.UK stylesheet without the fonts it would fetch from assets.nhs.uk', async () => {
    const packaged = readFileSync(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')),
        'dist/nhsuk/nhsuk-frontend.min.css',
      ),
      'utf8',
    )
    assert.match(packaged, /@font-face\{[^}]*https:\/\/assets\.nhs\.uk\/fonts\//, 'what is left out')
    const res = await t.app.inject({ method: 'GET', url: '/assets/nhsuk/nhsuk-frontend.min.css' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/css/)
    assert.doesNotMatch(res.body, /@font-face/)
    assert.doesNotMatch(res.body, /url\(["']?(https?:)?\/\//)
    // The rest of it is all there, the font stack included.
    assert.match(res.body, /font-family:Frutiger W01,arial,sans-serif/)
    assert.ok(res.body.length > packaged.length - 2000, `${res.body.length} of ${packaged.length} characters`)
  })

  it('serves the NHS.UK frontend files but not the rest of the package', async () => {
    for (const file of ['nhsuk-frontend.min.css', 'nhsuk-frontend.min.js'])
      assert.equal((await t.app.inject({ method: 'GET', url: `/assets/nhsuk/${file}` })).statusCode, 200)
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/images/favicon.svg' })).statusCode, 200)
    const template = await t.app.inject({ method: 'GET', url: '/assets/nhsuk/template.njk' })
    assert.equal(template.statusCode, 404)
    const traversal = await t.app.inject({ method: 'GET', url: '/assets/app/..%2f..%2f..%2fpackage.json' })
    assert.ok([400, 403, 404].includes(traversal.statusCode), String(traversal.statusCode))
  })
})

describe('machine documents open to other verifiers', () => {
  let t: TestApp
  let awardId: string
  let documents: string[]
  before(async () => {
    t = await createTestApp()
    await createDemoAccounts(t.database.db, t.services)
    await seedDemoProcess(t.database.db, t.services)
    await seedDemoProvider(t.database.db, t.services)
    const organisation = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', DEMO_ORGANISATION)
      .executeTakeFirstOrThrow()
    const award = await t.database.db
      .selectFrom('award')
      .select('id')
      .where('organisation_id', '=', organisation.id)
      .executeTakeFirstOrThrow()
    awardId = award.id
    // Every address a verifier follows from a credential, as it would.
    const credential = JSON.parse(
      (await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body,
    ) as {
      credentialSubject: { achievement: { id: string } }
      credentialStatus: Array<{ statusListCredential: string }>
    }
    const local = (url: string) => {
      assert.ok(url.startsWith(TEST_BASE_URL), url)
      return url.slice(TEST_BASE_URL.length)
    }
    const achievement = local(credential.credentialSubject.achievement.id)
    documents = [
      `/awards/${awardId}/credential`,
      `/awards/${awardId}/credential.jwt`,
      achievement,
      `${achievement}/endorsement`,
      ...credential.credentialStatus.map((s) => local(s.statusListCredential)),
      `/issuers/${organisation.id}/did.json`,
      `/issuers/${organisation.id}`,
    ]
  })
  after(() => t.close())

  function assertOpen(res: { headers: Record<string, unknown> }, what: string) {
    assert.equal(res.headers['access-control-allow-origin'], '*', what)
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin', what)
    assert.equal(
      res.headers['access-control-allow-credentials'],
      undefined,
      `${what}: never with credentials`,
    )
  }
  function assertClosed(res: { headers: Record<string, unknown> }, what: string) {
    assert.equal(res.headers['access-control-allow-origin'], undefined, what)
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', what)
  }

  it('lets pages elsewhere read DID documents, status lists, credentials, achievements and endorsements', async () => {
    assert.equal(documents.length, 8)
    for (const url of documents) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { origin: 'https://wallet.example.net' },
      })
      assert.equal(res.statusCode, 200, url)
      assertOpen(res, url)
    }
  })

  it('lets them read why a document could not be had, too', async () => {
    for (const [url, status] of [
      ['/status/999999/revocation', 404],
      ['/awards/not-a-uuid/credential', 400],
      ['/issuers/00000000-0000-4000-8000-000000000000/did.json', 404],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, status, url)
      assertOpen(res, url)
    }
  })

  it('answers the preflight of POST /api/v1/verify, then the POST itself', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/verify',
      headers: {
        origin: 'https://verifier.example.net',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    assert.equal(preflight.statusCode, 204)
    assertOpen(preflight, 'preflight')
    assert.equal(preflight.headers['access-control-allow-methods'], 'POST')
    assert.equal(preflight.headers['access-control-allow-headers'], 'Content-Type')

    const credential = (await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { origin: 'https://verifier.example.net', 'content-type': 'application/json' },
      payload: JSON.stringify({ credential: JSON.parse(credential) as object }),
    })
    assert.equal(res.statusCode, 200, res.body)
    assertOpen(res, 'POST /api/v1/verify')
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    })
    assert.equal(refused.statusCode, 400)
    assertOpen(refused, 'POST /api/v1/verify refused')
  })

  it('opens nothing else: pages, pages with a session, other API routes', async () => {
    await createAccount(t, 'cors@example.org', [{ role: 'practitioner' }])
    const person = await signedIn(t, 'cors@example.org')
    for (const url of ['/home', '/verify', `/verify/awards/${awardId}`, '/employer-check', '/my/portfolio']) {
      const res = await person.get(url, { origin: 'https://elsewhere.example.net' })
      assert.equal(res.statusCode, 200, url)
      assertClosed(res, url)
    }
    for (const url of ['/', '/verify', '/directory', '/api/v1/credentials', '/api/v1/directory']) {
      const res = await t.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 200, url)
      assertClosed(res, url)
    }
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/verify' })
    assert.equal(preflight.headers['access-control-allow-origin'], undefined, 'no preflight for the form')
  })

  it('keeps no copy of what a signed-in person sees, in a browser or between', async () => {
    await createAccount(t, 'no-store@example.org', [{ role: 'practitioner' }])
    const person = await signedIn(t, 'no-store@example.org')
    for (const url of ['/home', '/my/portfolio', '/verify', '/credentials']) {
      const res = await person.get(url)
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.headers['cache-control'], 'no-store', url)
    }
    // A public document keeps its own rule; a visitor without a session is not told no-store.
    const document = await person.get(`/awards/${awardId}/credential`)
    assert.notEqual(document.headers['cache-control'], 'no-store')
    const visitor = await t.app.inject({ method: 'GET', url: '/credentials' })
    assert.notEqual(visitor.headers['cache-control'], 'no-store')
  })

  it('refuses to open a route that is not public, and drops the headers from an answer that sets a cookie', async () => {
    const app = Fastify({ logger: false })
    await app.register(securityPlugin)
    await app.register(authPlugin, { apiTokens: { authenticate: async () => null } })
    assert.throws(
      () => app.get('/mine', { config: { access: 'signed-in', crossOrigin: true } }, async () => 'x'),
      /crossOrigin but not public/,
    )
    app.get('/cookie', { config: { access: 'public', crossOrigin: true } }, async (_request, reply) =>
      reply.header('set-cookie', 'a=b').send('x'),
    )
    const res = await app.inject({ method: 'GET', url: '/cookie' })
    assert.equal(res.statusCode, 200)
    assertClosed(res, 'an answer that sets a cookie')
    await app.close()
  })
})
