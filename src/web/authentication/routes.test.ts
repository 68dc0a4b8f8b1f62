import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'
import { comparable } from '../../../test/support/enumeration.ts'
import { afterLink, errorFor, mainText } from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'

const PASSWORD = 'correct horse battery staple'
const SESSION = '__Host-apc_session'

describe('signing in and out', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '3', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '6' })
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  })
  after(() => t.close())

  it('signs in with a new server-side session in a Secure, HttpOnly, SameSite=Lax cookie', async () => {
    const agent = new Agent(t.app)
    await agent.get('/sign-in')
    const anonymous = agent.cookie(SESSION)
    assert.ok(anonymous, 'the sign-in form starts a session for its CSRF token')
    const res = await agent.post('/sign-in', { email: 'Admin@Example.org ', password: PASSWORD })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/home')
    const cookie = res.cookies.find((c) => c.name === SESSION)!
    assert.notEqual(cookie.value, anonymous, 'the session is renewed at sign-in')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.secure, true)
    assert.equal(cookie.sameSite, 'Lax')
    const home = await agent.get('/home')
    assert.equal(home.statusCode, 200)
    assert.match(mainText(home.body), /Manage accounts and roles/)
    assert.deepEqual(afterLink(home.body, 'Proposals to check'), {
      text: 'None waiting',
      classes: 'nhsuk-tag nhsuk-tag--grey',
    })

    const stored = await t.database.db.selectFrom('session').select('id').execute()
    assert.ok(!stored.some((s) => s.id === cookie.value), 'only a hash of the token is stored')
    const { password_hash } = await t.database.db
      .selectFrom('user_account')
      .select('password_hash')
      .where('email', '=', 'admin@example.org')
      .executeTakeFirstOrThrow()
    assert.match(password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'argon2id at the OWASP cost')
  })

  it('gives the same answer for a wrong password and an unknown address', async () => {
    const agent = new Agent(t.app)
    const wrong = await agent.submit('/sign-in', '/sign-in', {
      email: 'admin@example.org',
      password: 'not the password',
    })
    const unknown = await agent.submit('/sign-in', '/sign-in', {
      email: 'nobody@example.org',
      password: 'not the password',
    })
    for (const { posted, page } of [wrong, unknown]) {
      assert.equal(posted.headers.location, '/sign-in')
      assert.match(mainText(page.body), /Enter a correct email address and password/)
    }
  })

  it('asks for what is missing, field by field', async () => {
    const { page } = await new Agent(t.app).submit('/sign-in', '/sign-in', { email: '', password: '' })
    assert.equal(errorFor(page.body, 'email'), 'Enter your email address')
    assert.equal(errorFor(page.body, 'password'), 'Enter your password')
  })

  it('limits failed sign-ins per account, whether or not the account exists', async () => {
    for (const email of ['admin@example.org', 'ghost@example.org']) {
      const agent = new Agent(t.app)
      for (let i = 0; i < 3; i++)
        await agent.submit('/sign-in', '/sign-in', { email, password: 'wrong password!' })
      const { page } = await agent.submit('/sign-in', '/sign-in', { email, password: PASSWORD })
      assert.match(mainText(page.body), /tried to sign in too many times/, email)
    }
    // The real admin is locked out for now; clear the window for the other tests.
    await t.database.db.deleteFrom('sign_in_attempt').execute()
  })

  it('holds the limit when guesses arrive at once: no more than the limit are checked', async () => {
    const actor = { userId: null, label: 'test', ip: '192.0.2.50' }
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.services.authentication.signIn('admin@example.org', 'wrong password!', actor),
      ),
    )
    const counted = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length
    assert.equal(counted('invalid'), 3, JSON.stringify(outcomes))
    assert.equal(counted('rate_limited'), 7)
    await t.database.db.deleteFrom('sign_in_attempt').execute()
  })

  it('limits failed sign-ins per address across accounts', async () => {
    const agent = new Agent(t.app)
    for (let i = 0; i < 6; i++) {
      await agent.submit('/sign-in', '/sign-in', {
        email: `guess${i}@example.org`,
        password: 'wrong password!',
      })
    }
    const { page } = await agent.submit('/sign-in', '/sign-in', {
      email: 'admin@example.org',
      password: PASSWORD,
    })
    assert.match(mainText(page.body), /tried to sign in too many times/)
    await t.database.db.deleteFrom('sign_in_attempt').execute()
  })

  it('signs out: the session is gone and the old cookie no longer works', async () => {
    const agent = await signedIn(t, 'admin@example.org')
    const oldCookie = agent.cookieHeader
    const res = await agent.post('/sign-out')
    assert.equal(res.headers.location, '/signed-out')
    const replay = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie: oldCookie } })
    assert.equal(replay.statusCode, 303)
    assert.match(replay.headers.location as string, /^\/sign-in\?returnTo=%2Fhome/)
  })

  it('returns to the page asked for, but only on this site', async () => {
    const agent = new Agent(t.app)
    await agent.get('/sign-in?returnTo=%2Fadmin%2Faccounts')
    const res = await agent.post('/sign-in', { email: 'admin@example.org', password: PASSWORD })
    assert.equal(res.headers.location, '/admin/accounts')
    const other = new Agent(t.app)
    await other.get('/sign-in?returnTo=%2F%2Fevil.example%2F')
    assert.equal(
      (await other.post('/sign-in', { email: 'admin@example.org', password: PASSWORD })).headers.location,
      '/home',
    )

    // Signed in already: a tab or a line break in returnTo neither leads off-site nor fails.
    for (const returnTo of [
      '%2F%09%2Fother.host%2F',
      '%2F%5Cother.host',
      '%2Fhome%0D%0ASet-Cookie%3A%20x%3D1',
    ]) {
      const res = await other.get(`/sign-in?returnTo=${returnTo}`)
      assert.equal(res.statusCode, 303, returnTo)
      assert.equal(res.headers.location, '/home', returnTo)
    }
  })

  it('refuses a POST without a valid CSRF token with 403, changing nothing', async () => {
    const agent = new Agent(t.app)
    await agent.get('/register')
    const fields = {
      displayName: 'Forged',
      email: 'forged@example.org',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    }
    assert.equal((await agent.post('/register', fields, { csrf: false })).statusCode, 403)
    assert.equal((await agent.post('/register', { ...fields, _csrf: 'not-the-token' })).statusCode, 403)
    const noSession = await t.app.inject({
      method: 'POST',
      url: '/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: agent.csrfToken! }).toString(),
    })
    assert.equal(noSession.statusCode, 403, "another session's token is no good")
    const created = await t.database.db
      .selectFrom('user_account')
      .where('email', '=', 'forged@example.org')
      .selectAll()
      .execute()
    assert.deepEqual(created, [])
  })

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    for (const column of ['last_seen_at', 'created_at'] as const) {
      const agent = await signedIn(t, 'admin@example.org')
      const hours = column === 'last_seen_at' ? 1 : 13
      await t.database.db
        .updateTable('session')
        .set({ [column]: new Date(Date.now() - hours * 3_600_000) })
        .where('user_id', 'is not', null)
        .execute()
      const res = await agent.get('/home')
      assert.equal(res.statusCode, 303, column)
    }
  })
})

describe('resetting a password', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  })
  after(() => t.close())

  it('resets a forgotten password through a one-time link, ending other sessions', async () => {
    const other = await signedIn(t, 'admin@example.org')
    const same = { page: '' }
    for (const email of ['admin@example.org', 'nobody@example.org']) {
      const { posted, page } = await new Agent(t.app).submit('/forgot-password', '/forgot-password', {
        email,
      })
      assert.equal(posted.headers.location, '/forgot-password/check-email')
      const text = comparable(page.body, email)
      if (same.page) assert.equal(text, same.page, 'the same answer whether or not there is an account')
      same.page = text
    }
    const link = await latestLinkTo(t, 'admin@example.org', '/reset-password')
    const token = new URL(link, 'http://x').searchParams.get('token')!
    const agent = new Agent(t.app)
    const { posted } = await agent.submit(link, '/reset-password', {
      token,
      password: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    })
    assert.equal(posted.headers.location, '/sign-in')
    assert.equal((await other.get('/home')).statusCode, 303, 'the other session has ended')
    await signedIn(t, 'admin@example.org', 'a brand new passphrase')
    const old = await new Agent(t.app).submit('/sign-in', '/sign-in', {
      email: 'admin@example.org',
      password: PASSWORD,
    })
    assert.match(mainText(old.page.body), /Enter a correct email address and password/)
    assert.equal((await agent.get(link)).statusCode, 400, 'the link works once')
  })
})

describe('a reset link, as time passes', () => {
  const clock = fixedClock('2031-03-03T09:00:00Z')
  let t: TestApp
  before(async () => {
    t = await createTestApp({}, { clock })
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  })
  after(() => t.close())

  it('works for an hour by the clock, then shows that it has expired and changes nothing', async () => {
    await new Agent(t.app).submit('/forgot-password', '/forgot-password', { email: 'admin@example.org' })
    const link = await latestLinkTo(t, 'admin@example.org', '/reset-password')
    const token = new URL(link, 'http://x').searchParams.get('token')!

    clock.advance({ minutes: 59 })
    const inTime = await new Agent(t.app).get(link)
    assert.equal(inTime.statusCode, 200)
    assert.match(mainText(inTime.body), /Choose a new password/)

    clock.advance({ minutes: 1 })
    const late = await new Agent(t.app).get(link)
    assert.equal(late.statusCode, 400)
    assert.match(mainText(late.body), /This link has expired/)
    assert.match(mainText(late.body), /Password reset links work once, for 1 hour/)
    await assert.rejects(
      t.services.authentication.resetPassword(token, 'a brand new passphrase', {
        userId: null,
        label: 'test',
        ip: null,
      }),
      /This link has expired or has been used/,
    )
    await signedIn(t, 'admin@example.org')
  })
})
