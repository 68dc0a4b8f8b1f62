// Signing in through an OpenID Connect provider, against a real one: oidc-provider runs in
// this process on its own port, with its development login and consent pages, and Chromium
// goes through them as a person would.
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import Provider from 'oidc-provider'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { assertAccessible, CHROMIUM_ARGS, chromiumPath } from '../../../test/support/browser.ts'
import { OIDC_MESSAGES } from './oidc.ts'
import { everything, hasLink, mainText } from '../../../test/support/html.ts'

const CLIENT_ID = 'credentials-platform'
const CLIENT_SECRET = 'a client secret long enough for HS256 signing of ID tokens'
const BUTTON = 'Sign in with NHS Care Identity'
const VERIFIED_EMAIL = 'verified.person@nhs.example'
const UNVERIFIED_EMAIL = 'unverified.person@nhs.example'
const STRANGER_EMAIL = 'stranger@nhs.example'
const CLOSER_EMAIL = 'closer@nhs.example'

/** The people the provider knows, by the login typed on its sign-in page. */
const PEOPLE: Record<string, { email: string; email_verified: unknown }> = {
  verified: { email: VERIFIED_EMAIL, email_verified: true },
  unverified: { email: UNVERIFIED_EMAIL, email_verified: false },
  // Some providers send booleans as strings: "false" must not pass for verified, nor "true".
  stringly: { email: VERIFIED_EMAIL, email_verified: 'true' },
  stranger: { email: STRANGER_EMAIL, email_verified: true },
  closer: { email: CLOSER_EMAIL, email_verified: true },
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return (server.address() as AddressInfo).port
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** A port free right now: the app's BASE_URL, and so its redirect URI, must name it. */
async function freePort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await closeServer(server)
  return port
}

/** A real provider on 127.0.0.1, with one client: the platform at appBaseUrl. */
async function startProvider(appBaseUrl: string): Promise<{ issuer: string; close(): Promise<void> }> {
  // Listening first: the provider must know its own address, the issuer, when it is made.
  const server = createServer()
  const issuer = `http://127.0.0.1:${await listen(server)}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appBaseUrl}/sign-in/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, sub) {
      const person = PEOPLE[sub]
      if (!person) return undefined
      return { accountId: sub, claims: () => ({ sub, ...person }) }
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a cookie signing key for the test provider'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'test' }] },
  })
  server.on('request', provider.callback())
  return { issuer, close: () => closeServer(server) }
}

describe('signing in through an OpenID Connect provider', () => {
  let t: TestApp
  let provider: Awaited<ReturnType<typeof startProvider>>
  let browser: Browser
  let baseUrl: string
  let verifiedUserId: string

  before(async () => {
    const executablePath = chromiumPath()
    baseUrl = `http://127.0.0.1:${await freePort()}`
    provider = await startProvider(baseUrl)
    t = await createTestApp({
      BASE_URL: baseUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_DISPLAY_NAME: BUTTON,
    })
    await t.app.listen({ port: Number(new URL(baseUrl).port), host: '127.0.0.1' })
    verifiedUserId = await createAccount(t, VERIFIED_EMAIL, [{ role: 'practitioner' }])
    await createAccount(t, UNVERIFIED_EMAIL, [{ role: 'practitioner' }])
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  })

  after(async () => {
    await Promise.allSettled([browser?.close(), t?.close(), provider?.close()])
  })

  /** A fresh browser each time, so that the provider does not remember the last person. */
  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext()
    // The provider's development pages import a web font; there is no network here.
    await context.route(/^https:\/\/fonts\./, (route) => route.abort())
    return { context, page: await context.newPage() }
  }

  /** From the platform's sign-in page, through the provider's pages, back to the platform. */
  async function signInAtProvider(page: Page, login: string, signInPath = '/sign-in'): Promise<void> {
    await page.goto(`${baseUrl}${signInPath}`)
    await page.getByRole('button', { name: BUTTON }).click()
    await page.waitForURL(`${provider.issuer}/interaction/**`)
    await page.fill('input[name="login"]', login)
    await page.fill('input[name="password"]', 'any password will do')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    // The provider asks for consent the first time a person uses the platform.
    const consent = page.getByRole('button', { name: 'Continue' })
    await Promise.race([consent.waitFor(), page.waitForURL((url) => url.href.startsWith(`${baseUrl}/`))])
    if (page.url().startsWith(provider.issuer)) await consent.click()
    await page.waitForURL((url) => url.href.startsWith(`${baseUrl}/`))
  }

  const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary').innerText()

  it('shows the button on the sign-in page', async () => {
    const page = await new Agent(t.app).get('/sign-in')
    assert.ok(hasLink(page.body, '/sign-in/oidc', 'Sign in with NHS Care Identity'))
  })

  it('signs in the person whose verified email address has an account, and records it', async () => {
    const { context, page } = await newPage()
    try {
      await signInAtProvider(page, 'verified')
      assert.equal(page.url(), `${baseUrl}/home`)
      assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as .*${VERIFIED_EMAIL}`))

      const { events } = await t.services.audit.list({ action: 'sign_in.oidc', limit: 10, offset: 0 })
      assert.ok(
        events.some((e) => e.entityId === verifiedUserId && e.actorLabel === VERIFIED_EMAIL),
        'the sign-in is in the audit trail',
      )
    } finally {
      await context.close()
    }
  })

  it('returns the person to the page they were asked to sign in for', async () => {
    const { context, page } = await newPage()
    try {
      await signInAtProvider(page, 'verified', '/sign-in?returnTo=%2Fcredentials')
      assert.equal(page.url(), `${baseUrl}/credentials`)
      await page.goto(`${baseUrl}/home`)
      assert.equal(page.url(), `${baseUrl}/home`, 'still signed in')
    } finally {
      await context.close()
    }
  })

  for (const [login, message, why] of [
    ['stranger', OIDC_MESSAGES.noAccount, 'no account has the email address'],
    ['unverified', OIDC_MESSAGES.unverified, 'the provider has not verified the email address'],
    ['stringly', OIDC_MESSAGES.unverified, 'email_verified is the string "true", not true'],
  ] as const) {
    it(`refuses, on the sign-in page, when ${why}`, async () => {
      const { context, page } = await newPage()
      try {
        await signInAtProvider(page, login)
        assert.equal(page.url(), `${baseUrl}/sign-in`)
        assert.ok((await errorSummary(page)).includes(message), await errorSummary(page))
        await page.goto(`${baseUrl}/home`)
        assert.match(page.url(), /\/sign-in\?returnTo=/, 'not signed in')
      } finally {
        await context.close()
      }
    })
  }

  it('says so when the person cancels at the provider', async () => {
    const { context, page } = await newPage()
    try {
      await page.goto(`${baseUrl}/sign-in`)
      await page.getByRole('button', { name: BUTTON }).click()
      await page.waitForURL(`${provider.issuer}/interaction/**`)
      await page.getByRole('link', { name: '[ Cancel ]' }).click()
      await page.waitForURL(`${baseUrl}/sign-in`)
      assert.match(await errorSummary(page), /Your organisation did not sign you in/)
    } finally {
      await context.close()
    }
  })

  it('refuses a callback with the wrong state, and then the real one: the values are used once', async () => {
    const { context, page } = await newPage()
    try {
      // Hold back the provider's real answer, as if someone else had taken it: submit the
      // consent form and follow the provider's redirects outside the page, up to the
      // callback. (Playwright does not route the redirects a page follows itself.)
      let callback: string | undefined
      await context.route(`${provider.issuer}/interaction/*`, async (route) => {
        if (!route.request().postData()?.includes('prompt=consent')) return route.continue()
        let response = await route.fetch({ maxRedirects: 0 })
        let next = new URL(response.headers().location ?? '', provider.issuer).href
        for (let hops = 0; next.startsWith(`${provider.issuer}/`) && hops < 5; hops++) {
          response = await context.request.get(next, { maxRedirects: 0 })
          next = new URL(response.headers().location ?? '', provider.issuer).href
        }
        callback = next
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'Held back' })
      })
      await page.goto(`${baseUrl}/sign-in`)
      await page.getByRole('button', { name: BUTTON }).click()
      await page.fill('input[name="login"]', 'verified')
      await page.fill('input[name="password"]', 'any password will do')
      await page.getByRole('button', { name: 'Sign-in' }).click()
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByText('Held back').waitFor()
      const genuine = callback ?? assert.fail('the provider did not answer')
      assert.ok(genuine.startsWith(`${baseUrl}/sign-in/oidc/callback?`), genuine)

      const tampered = new URL(genuine)
      assert.ok(tampered.searchParams.get('code'), 'the provider did send a code')
      tampered.searchParams.set('state', 'not-the-state-we-sent')
      const response = await page.goto(tampered.href)
      assert.equal(response?.status(), 200)
      assert.equal(page.url(), `${baseUrl}/sign-in`)
      assert.match(await errorSummary(page), /Signing in with your organisation did not work/)

      await page.goto(genuine)
      assert.equal(page.url(), `${baseUrl}/sign-in`, 'the genuine answer no longer signs anyone in')
      assert.match(await errorSummary(page), /Signing in with your organisation did not work/)
    } finally {
      await context.close()
    }
  })

  it('closes an account without a password only after a fresh sign-in through the provider', async () => {
    // An account that signs in only through its organisation: no password to ask for.
    const closerId = await createAccount(t, CLOSER_EMAIL, [{ role: 'practitioner' }])
    await t.database.db
      .updateTable('user_account')
      .set({ password_hash: null })
      .where('id', '=', closerId)
      .execute()
    const { context, page } = await newPage()
    try {
      await signInAtProvider(page, 'closer')
      await page.goto(`${baseUrl}/my/account/close`)
      const close = page.getByRole('button', { name: 'Close my account and erase my data' })
      assert.equal(await close.count(), 1, 'just signed in: the page asks only to confirm')
      assert.equal(await page.locator('input[type="password"]').count(), 0)

      // Eleven minutes later the sign-in is no longer fresh: the page sends them to sign in again.
      const aged = new Date(Date.now() - 11 * 60_000)
      await t.database.db
        .updateTable('session')
        .set({ created_at: aged, last_seen_at: new Date() })
        .where('user_id', '=', closerId)
        .execute()
      await page.goto(`${baseUrl}/my/account/close`)
      assert.equal(await close.count(), 0)
      assert.match(
        await page.locator('main').innerText(),
        /sign in again, then close your account within 10 minutes/,
      )
      await assertAccessible(page, '/my/account/close (sign in again)')

      await page.getByRole('button', { name: 'Sign in again' }).click()
      await page.waitForURL(`${provider.issuer}/interaction/**`)
      await page.fill('input[name="login"]', 'closer')
      await page.fill('input[name="password"]', 'any password will do')
      await page.getByRole('button', { name: 'Sign-in' }).click()
      const consent = page.getByRole('button', { name: 'Continue' })
      await Promise.race([consent.waitFor(), page.waitForURL((url) => url.href.startsWith(`${baseUrl}/`))])
      if (page.url().startsWith(provider.issuer)) await consent.click()
      await page.waitForURL(`${baseUrl}/my/account/close`)
      await assertAccessible(page, '/my/account/close (fresh sign-in)')
      await close.click()
      await page.waitForURL(`${baseUrl}/account-closed`)
      const row = await t.database.db
        .selectFrom('user_account')
        .select('email')
        .where('id', '=', closerId)
        .executeTakeFirstOrThrow()
      assert.notEqual(row.email, CLOSER_EMAIL, 'erased')
    } finally {
      await context.close()
    }
  })

  it('refuses to close an account without a password when the sign-in is not fresh', async () => {
    const staleId = await createAccount(t, 'stale.closer@nhs.example', [{ role: 'practitioner' }])
    const agent = await signedIn(t, 'stale.closer@nhs.example')
    await t.database.db
      .updateTable('user_account')
      .set({ password_hash: null })
      .where('id', '=', staleId)
      .execute()
    await t.database.db
      .updateTable('session')
      .set({ created_at: new Date(Date.now() - 11 * 60_000) })
      .where('user_id', '=', staleId)
      .execute()
    await agent.get('/my/account/close')
    const refused = await agent.post('/my/account/close', {})
    assert.equal(refused.headers.location, '/my/account/close')
    assert.match(
      mainText((await agent.get('/my/account/close')).body),
      /Sign in again with your organisation/,
    )
    const row = await t.database.db
      .selectFrom('user_account')
      .select('email')
      .where('id', '=', staleId)
      .executeTakeFirstOrThrow()
    assert.equal(row.email, 'stale.closer@nhs.example', 'not closed')
  })

  it('refuses a callback in a session that never started signing in, without a server error', async () => {
    const agent = new Agent(t.app)
    const res = await agent.get('/sign-in/oidc/callback?code=made-up&state=made-up')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in')
    assert.match(
      mainText((await agent.get('/sign-in')).body),
      /Signing in with your organisation did not work/,
    )
  })
})

// Each of these has a database of its own, made only once the one before is gone: on
// PostgreSQL, Kysely's migrator takes another test schema's migration tables for its own.
describe('without an OpenID Connect provider configured', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t?.close())

  it('shows no button and has no such pages', async () => {
    const agent = new Agent(t.app)
    const page = await agent.get('/sign-in')
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(everything(page.body), /\/sign-in\/oidc/)
    assert.equal((await agent.get('/sign-in/oidc')).statusCode, 404)
    assert.equal((await agent.get('/sign-in/oidc/callback?code=a&state=b')).statusCode, 404)
  })
})

describe('when the OpenID Connect provider does not answer', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_DISPLAY_NAME: BUTTON,
    })
  })
  after(() => t?.close())

  it('sends the person back to the sign-in page with a message', async () => {
    const agent = new Agent(t.app)
    const res = await agent.get('/sign-in/oidc')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in')
    assert.match(mainText((await agent.get('/sign-in')).body), /is not available at the moment/)
  })
})
