// The log of a whole journey holds none of its secrets: passwords, the links and tokens sent
// by e-mail, session cookies, CSRF tokens and API tokens. The app logs through pino as it does
// in production, at the most detailed level, into an array.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createApp } from '../../src/app.ts'
import { createServices, type Services } from '../../src/services/index.ts'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Agent, latestLinkTo } from '../support/agent.ts'
import { testConfig, type TestApp } from '../support/app.ts'
import { createTestDatabase, type TestDatabase } from '../support/database.ts'

const SESSION = '__Host-apc_session'
const EMAIL = 'logged@example.org'
const PASSWORD = 'first secret passphrase'
const NEW_PASSWORD = 'second secret passphrase'

describe('logs free of secrets', () => {
  const lines: string[] = []
  let t: TestApp
  before(async () => {
    const database: TestDatabase = await createTestDatabase()
    const config = testConfig()
    const services: Services = createServices(database, config)
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const app: FastifyInstance = await createApp(services, { config, logger: { level: 'trace', stream } })
    await app.ready()
    t = {
      app,
      services,
      config,
      database,
      async close() {
        await app.close()
        await database.close()
      },
    }
  })
  after(() => t.close())

  it('a journey from registering to calling the API logs none of its secrets', async () => {
    const secrets = new Map<string, string>([
      ['the password', PASSWORD],
      ['the new password', NEW_PASSWORD],
    ])
    const agent = new Agent(t.app)
    /** Every session cookie and CSRF token the agent is given is a secret. */
    const keep = (res: LightMyRequestResponse) => {
      const session = agent.cookie(SESSION)
      if (session) secrets.set(`session cookie ${session.slice(0, 6)}`, session)
      if (agent.csrfToken) secrets.set(`CSRF token ${agent.csrfToken.slice(0, 6)}`, agent.csrfToken)
      return res
    }
    const tokenOf = (link: string) => new URL(link, t.config.baseUrl).searchParams.get('token') ?? ''

    // Register and confirm the address.
    const registered = await agent.submit('/register', '/register', {
      displayName: 'Logged Person',
      email: EMAIL,
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    keep(registered.page)
    assert.equal(registered.posted.headers.location, '/register/check-email')
    const confirmLink = await latestLinkTo(t, EMAIL, '/confirm-email')
    secrets.set('the confirmation link', confirmLink).set('the confirmation token', tokenOf(confirmLink))
    const confirmed = await agent.submit(confirmLink, '/confirm-email', { token: tokenOf(confirmLink) })
    keep(confirmed.page)
    assert.equal(confirmed.posted.headers.location, '/sign-in')

    // Sign in with the password.
    const signedIn = await agent.submit('/sign-in', '/sign-in', { email: EMAIL, password: PASSWORD })
    keep(signedIn.page)
    assert.equal(signedIn.posted.headers.location, '/home')
    keep(await agent.get('/home'))
    keep(await agent.post('/sign-out'))

    // Forget it, and choose another through the link sent.
    const asked = await agent.submit('/forgot-password', '/forgot-password', { email: EMAIL })
    keep(asked.page)
    const resetLink = await latestLinkTo(t, EMAIL, '/reset-password')
    secrets.set('the reset link', resetLink).set('the reset token', tokenOf(resetLink))
    // A form sent without its CSRF token is refused, and the refusal is logged with its address.
    keep(await agent.post(resetLink, { password: NEW_PASSWORD }, { csrf: false }))
    const reset = await agent.submit(resetLink, '/reset-password', {
      token: tokenOf(resetLink),
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    keep(reset.page)
    assert.equal(reset.posted.headers.location, '/sign-in')
    const again = await agent.submit('/sign-in', '/sign-in', { email: EMAIL, password: NEW_PASSWORD })
    keep(again.page)
    assert.equal(again.posted.headers.location, '/home')

    // As a provider admin, make an API token and call the API with it.
    const organisation = await t.database.db
      .insertInto('organisation')
      .values({ name: 'Logged University', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const account = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow()
    await t.services.accountAdministration.grantRole(account.id, 'provider_admin', organisation.id, {
      userId: null,
      label: 'test',
      ip: null,
    })
    const made = await agent.submit('/provider/api-tokens', '/provider/api-tokens', {
      organisation: organisation.id,
      name: 'Student records',
    })
    keep(made.page)
    const apiToken = parse(made.page.body).querySelector('#new-token')?.text.trim() ?? ''
    assert.ok(apiToken, 'the new API token is shown')
    secrets.set('the API token', apiToken)
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${apiToken}` },
    })
    assert.equal(me.statusCode, 200)
    // A token sent where it must not be is refused, and not written down either.
    const inQuery = await t.app.inject({ method: 'GET', url: `/api/v1/me?access_token=${apiToken}` })
    assert.equal(inQuery.statusCode, 401)
    keep(await agent.post('/sign-out'))

    const log = lines.join('')
    assert.ok(log.includes('/reset-password'), 'requests are logged, with their addresses')
    assert.ok(log.includes('/api/v1/me'))
    assert.ok(secrets.size >= 10, `the journey met its secrets (${[...secrets.keys()].join(', ')})`)
    for (const [what, secret] of secrets) {
      assert.ok(secret.length >= 8, `${what} is long enough to look for`)
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        const at = log.indexOf(form)
        assert.equal(at, -1, `${what} is in the log: ${log.slice(Math.max(0, at - 200), at + 100)}`)
      }
    }
  })
})
