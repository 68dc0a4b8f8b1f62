import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'
import { comparable } from '../../../test/support/enumeration.ts'
import { attributesOf, errorFor, mainText } from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'

const PASSWORD = 'correct horse battery staple'

describe('registering, confirming and accepting an invitation', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  })
  after(() => t.close())

  it('registers a practitioner who must confirm their address before signing in', async () => {
    const agent = new Agent(t.app)
    const { posted, page } = await agent.submit('/register', '/register', {
      displayName: 'Pat Practitioner',
      email: 'pat@example.org',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    assert.equal(posted.headers.location, '/register/check-email')
    assert.match(mainText(page.body), /Check your email/)

    const early = await new Agent(t.app).submit('/sign-in', '/sign-in', {
      email: 'pat@example.org',
      password: PASSWORD,
    })
    assert.match(mainText(early.page.body), /Confirm your email address before you sign in/)

    const link = await latestLinkTo(t, 'pat@example.org', '/confirm-email')
    const { posted: confirmed } = await agent.submit(link, '/confirm-email', {
      token: new URL(link, 'http://x').searchParams.get('token')!,
    })
    assert.equal(confirmed.headers.location, '/sign-in')
    const home = await (await signedIn(t, 'pat@example.org')).get('/home')
    assert.match(mainText(home.body), /Practitioner/)

    const reused = await agent.post('/confirm-email', {
      token: new URL(link, 'http://x').searchParams.get('token')!,
    })
    assert.equal(reused.statusCode, 400, 'a confirmation link works once')
  })

  it('answers registration with an existing address exactly as for a new one, and tells only the mailbox', async () => {
    const fields = { displayName: 'Someone', password: PASSWORD, confirmPassword: PASSWORD }
    const existing = await new Agent(t.app).submit('/register', '/register', {
      ...fields,
      email: 'admin@example.org',
    })
    const fresh = await new Agent(t.app).submit('/register', '/register', {
      ...fields,
      email: 'new@example.org',
    })
    assert.equal(existing.posted.headers.location, fresh.posted.headers.location)
    assert.equal(
      comparable(existing.page.body, 'admin@example.org'),
      comparable(fresh.page.body, 'new@example.org'),
    )
    assert.equal(
      (await t.services.mail.latestTo('admin@example.org'))?.subject,
      'You already have an account',
    )
  })

  it('validates registration field by field', async () => {
    const { page } = await new Agent(t.app).submit('/register', '/register', {
      displayName: '',
      email: 'not-an-email',
      password: 'short',
      confirmPassword: 'short',
    })
    assert.equal(errorFor(page.body, 'displayName'), 'Enter your full name')
    assert.equal(
      errorFor(page.body, 'email'),
      'Enter an email address in the correct format, like name@example.com',
    )
    assert.equal(errorFor(page.body, 'password'), 'Password must be 12 characters or more')
    assert.ok(attributesOf(page.body, '[value]', 'value').includes('not-an-email'), 'what was typed is kept')
  })

  it('lands an invited person with the role they were invited to', async () => {
    const token = await t.services.accountAdministration.invite(
      {
        email: 'rev@example.org',
        displayName: 'Rev Iewer',
        role: 'independent_reviewer',
        organisationId: null,
      },
      { userId: null, label: 'test', ip: null },
    )
    const link = await latestLinkTo(t, 'rev@example.org', '/invitations/accept')
    assert.ok(link.endsWith(encodeURIComponent(token)))
    const agent = new Agent(t.app)
    const { posted, page } = await agent.submit(link, '/invitations/accept', {
      token,
      displayName: 'Rev Iewer',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    assert.equal(posted.headers.location, '/home')
    assert.match(mainText(page.body), /Invitation accepted/)
    assert.match(mainText(page.body), /Independent reviewer/)
    assert.equal((await agent.get(link)).statusCode, 400, 'an invitation works once')
  })
})

describe('confirmation and invitation links, as time passes', () => {
  const clock = fixedClock('2031-03-03T09:00:00Z')
  const actor = { userId: null, label: 'test', ip: null }
  let t: TestApp
  before(async () => {
    t = await createTestApp({}, { clock })
  })
  after(() => t.close())

  it('accepts an invitation for 7 days by the clock, then says it has expired and grants nothing', async () => {
    const token = await t.services.accountAdministration.invite(
      {
        email: 'late@example.org',
        displayName: 'Late Comer',
        role: 'independent_reviewer',
        organisationId: null,
      },
      actor,
    )
    const link = await latestLinkTo(t, 'late@example.org', '/invitations/accept')

    clock.advance({ days: 6, hours: 23, minutes: 59 })
    const inTime = await new Agent(t.app).get(link)
    assert.equal(inTime.statusCode, 200)
    assert.match(mainText(inTime.body), /Accept your invitation/)

    clock.advance({ minutes: 1 })
    const late = await new Agent(t.app).get(link)
    assert.equal(late.statusCode, 400)
    assert.match(mainText(late.body), /This invitation has expired/)
    assert.match(mainText(late.body), /Invitation links work once, for 7 days/)
    await assert.rejects(
      t.services.registration.acceptInvitation(
        token,
        { displayName: 'Late Comer', password: PASSWORD },
        actor,
      ),
      /This invitation has expired or has been used/,
    )
    const accounts = await t.services.accountAdministration.listAccounts({
      words: 'late@',
      page: 1,
      pageSize: 10,
    })
    assert.equal(accounts.total, 0)
  })

  it('confirms an address for 24 hours by the clock, then says the link has expired', async () => {
    await new Agent(t.app).submit('/register', '/register', {
      displayName: 'Slow Reader',
      email: 'slow@example.org',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    })
    const link = await latestLinkTo(t, 'slow@example.org', '/confirm-email')
    const token = new URL(link, 'http://x').searchParams.get('token')!

    clock.advance({ hours: 24 })
    const agent = new Agent(t.app)
    await agent.get(link)
    const late = await agent.post('/confirm-email', { token })
    assert.equal(late.statusCode, 400)
    assert.match(mainText(late.body), /This link has expired/)
    assert.match(mainText(late.body), /Confirmation links work once, for 24 hours/)
    const early = await new Agent(t.app).submit('/sign-in', '/sign-in', {
      email: 'slow@example.org',
      password: PASSWORD,
    })
    assert.match(mainText(early.page.body), /Confirm your email address before you sign in/)
  })
})
