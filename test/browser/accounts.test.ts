// Accounts as people use them, in a real browser: signing in and out, registering, resetting
// a password and accepting an invitation, with JavaScript, without it and with the keyboard
// alone. axe-core checks every page on the way.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { latestLinkTo } from '../support/agent.ts'
import {
  focused,
  tabTo,
  assertAccessible,
  createOrganisation,
  createPerson,
  navigation,
  newContext,
  PASSWORD,
  sessionCookie,
  signInWithForm,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'

const ADMIN = { email: 'ada.admin@example.org', displayName: 'Ada Admin' }
const PRACTITIONER = { email: 'pat.practitioner@example.org', displayName: 'Pat Practitioner' }
const ORGANISATION = 'Northern University'

let harness: BrowserHarness

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createOrganisation(t, ORGANISATION)
  await createPerson(t, { ...ADMIN, role: 'centre_admin' })
  await createPerson(t, { ...PRACTITIONER, role: 'practitioner' })
})

after(async () => {
  await harness?.close()
})

const url = (path: string) => `${harness.baseUrl}${path}`
const pathOf = (page: Page) => {
  const { pathname, search } = new URL(page.url())
  return `${pathname}${search}`
}
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText()
const accountMenu = (page: Page) => page.getByRole('navigation', { name: 'Account' })
const errorSummary = (page: Page) => page.locator('.nhsuk-error-summary')
const banner = (page: Page) => page.locator('.nhsuk-notification-banner')
/** The second-level headings of the page's own content (not the banner's or the footer's). */
const sectionHeadings = (page: Page) =>
  page.locator('main h2:not(.nhsuk-notification-banner__title)').allInnerTexts()

/** Opens a page by its address, expects it to answer 200, and checks it with axe. */
async function open(page: Page, path: string): Promise<void> {
  const response = await navigation(page, () => page.goto(url(path)))
  assert.equal(response.status(), 200, `status of ${path}`)
  await assertAccessible(page)
}

/** Clicks a button or link that leads to another page, and checks that page with axe. */
async function follow(page: Page, what: { button: string } | { link: string }): Promise<number> {
  const target =
    'button' in what
      ? page.getByRole('button', { name: what.button, exact: true })
      : page.getByRole('link', { name: what.link, exact: true })
  const response = await navigation(page, () => target.click())
  await assertAccessible(page)
  return response.status()
}

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
}

/** The account part of the header for a signed-in person: their name, then "Sign out". */
async function assertSignedInHeader(page: Page, displayName: string): Promise<void> {
  const menu = accountMenu(page)
  assert.equal(await menu.getByRole('link', { name: displayName, exact: true }).getAttribute('href'), '/home')
  assert.equal(await menu.getByRole('button', { name: 'Sign out', exact: true }).count(), 1)
  assert.equal(await menu.getByRole('link', { name: 'Sign in' }).count(), 0)
}

async function assertSignedOutHeader(page: Page): Promise<void> {
  const menu = accountMenu(page)
  assert.equal(
    await menu.getByRole('link', { name: 'Sign in', exact: true }).getAttribute('href'),
    '/sign-in',
  )
  assert.equal(await menu.getByRole('button', { name: 'Sign out' }).count(), 0)
}

/** The NHS error summary with one error, whose link leads to the field and says the same as it. */
async function assertOneError(page: Page, field: string, message: string): Promise<void> {
  assert.match(await page.title(), /^Error: /)
  const summary = errorSummary(page)
  assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem')
  const links = summary.getByRole('link')
  assert.deepEqual(await links.allInnerTexts(), [message])
  assert.equal(await links.getAttribute('href'), `#${field}`)
  // The same message beside the field, and the field tied to it for screen readers.
  const input = page.locator(`#${field}`)
  const describedBy = (await input.getAttribute('aria-describedby')) ?? ''
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))
  assert.ok(errorId, `#${field} is not described by its error message (${describedBy})`)
  const beside = await page.locator(`#${errorId}`).innerText()
  assert.ok(beside.endsWith(message), `the message beside #${field}: ${beside}`)
  assert.match((await input.getAttribute('class')) ?? '', /nhsuk-input--error/)
}

/** The whole sign-in journey from the sign-in page to the home page. */
async function signInJourney(page: Page, person: { email: string; displayName: string }) {
  await open(page, '/sign-in')
  await assertSignedOutHeader(page)
  await fillSignIn(page, person.email, PASSWORD)
  await follow(page, { button: 'Sign in' })
  assert.equal(pathOf(page), '/home')
  assert.equal(await heading(page), 'Your tasks')
  await assertSignedInHeader(page, person.displayName)
}

/** Signs out with the header's button, then checks that /home asks to sign in again. */
async function signOutJourney(page: Page) {
  await follow(page, { button: 'Sign out' })
  assert.equal(pathOf(page), '/signed-out')
  assert.equal(await heading(page), 'You have signed out')
  await assertSignedOutHeader(page)
  await navigation(page, () => page.goto(url('/home')))
  assert.equal(pathOf(page), '/sign-in?returnTo=%2Fhome')
  assert.equal(await heading(page), 'Sign in')
}

/** Registers, confirms the address from the e-mail, and signs in: the whole way. */
async function registrationJourney(page: Page, person: { email: string; displayName: string }) {
  const password = 'a new practitioner password'
  await open(page, '/sign-in')
  await follow(page, { link: 'create an account' })
  assert.equal(pathOf(page), '/register')
  await page.getByLabel('Full name', { exact: true }).fill(person.displayName)
  await page.getByLabel('Email address', { exact: true }).fill(person.email)
  await page.getByLabel('Create a password', { exact: true }).fill(password)
  await page.getByLabel('Enter the password again', { exact: true }).fill(password)
  await follow(page, { button: 'Create account' })
  assert.equal(pathOf(page), '/register/check-email')
  assert.equal(await heading(page), 'Check your email')
  assert.match(await page.locator('main').innerText(), new RegExp(`We have sent an email to ${person.email}`))

  // Not yet: the address is not confirmed.
  await open(page, '/sign-in')
  await fillSignIn(page, person.email, password)
  await follow(page, { button: 'Sign in' })
  await assertOneError(
    page,
    'email',
    'Confirm your email address before you sign in. Use the link in the email we sent you',
  )

  // The link in the e-mail, as a person would follow it from their mail program.
  const link = await latestLinkTo(harness.testApp, person.email, '/confirm-email')
  await open(page, link)
  assert.equal(await heading(page), 'Confirm your email address')
  await follow(page, { button: 'Confirm email address' })
  assert.equal(pathOf(page), '/sign-in')
  assert.match(await banner(page).innerText(), /Your email address is confirmed\s+You can now sign in\./)

  await fillSignIn(page, person.email, password)
  await follow(page, { button: 'Sign in' })
  assert.equal(pathOf(page), '/home')
  await assertSignedInHeader(page, person.displayName)
  assert.deepEqual(await sectionHeadings(page), ['Practitioner'])
}

describe('signing in and out, with JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser)
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('signs in: the header shows the name and "Sign out"; the cookie is HttpOnly, Secure, SameSite=Lax', async () => {
    await navigation(page, () => page.goto(url('/sign-in')))
    // The form's CSRF token needs a session, so there is a cookie before signing in.
    const anonymous = await sessionCookie(context, harness)
    assert.ok(anonymous, 'the sign-in form starts a session')

    await signInJourney(page, ADMIN)
    const cookie = await sessionCookie(context, harness)
    assert.ok(cookie, 'the browser holds the session cookie')
    assert.equal(cookie.name, '__Host-apc_session')
    assert.notEqual(cookie.value, anonymous.value, 'signing in starts a new session')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.secure, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.path, '/')
    assert.equal(cookie.expires, -1, 'a session cookie, gone when the browser closes')
    // HttpOnly in practice: the page's scripts cannot read it.
    assert.equal(await page.evaluate(() => document.cookie.includes('apc_session')), false)

    // The Centre admin's tasks, grouped by stage, each a page that opens; a group with a stage
    // of work says how many wait in it, or that none do.
    const groups = await page.locator('main h3.app-task-group').allInnerTexts()
    assert.deepEqual(
      groups.filter((g) => /(\d+ waiting|None waiting)$/.test(g)).length,
      4,
      groups.join(' / '),
    )
    assert.deepEqual(
      groups.map((g) => g.replace(/\s*(\d[\d,]* waiting|None waiting)$/, '')),
      [
        'Proposals',
        'Specifications and reviews',
        'After publication',
        'Providers, deliveries and awards',
        'Running the service',
      ],
    )
    const tasks = await page.locator('main .app-task a').allInnerTexts()
    assert.deepEqual(tasks, [
      'Proposals to check',
      'Proposals with the Credential Group',
      'All proposals',
      'Reviewers to assign',
      'Under review',
      'Decisions due',
      'Recognition applications in review',
      'Recognition decisions due',
      'Reviews and decisions',
      'Specifications',
      'Recognition applications',
      'Periodic reviews due',
      'Periodic reviews open',
      'Periodic reviews',
      'Applications to deliver',
      'Quality returns to review',
      'Deliveries',
      'Quality returns',
      'Providers',
      'Programme accreditation',
      'Providers and deliveries',
      'Awards',
      'Issuers and signing keys',
      'Workforce need',
      'The implementation plan in numbers',
      'Manage accounts and roles',
      'Invite someone',
      'Principles and criteria',
      'Reference content',
      'Consultations',
      'Audit trail',
      'Sent email',
      'Background jobs',
    ])
  })

  it('signs out: /signed-out, and /home then asks to sign in; the old session is gone', async () => {
    const before = await sessionCookie(context, harness)
    assert.ok(before)
    await signOutJourney(page)
    const afterwards = await sessionCookie(context, harness)
    assert.notEqual(afterwards?.value, before.value)

    // The old cookie, replayed, no longer signs anyone in: the session ended on the server.
    const replay = await newContext(harness.browser)
    try {
      await replay.addCookies([before])
      const replayed = await replay.newPage()
      await navigation(replayed, () => replayed.goto(url('/home')))
      assert.equal(pathOf(replayed), '/sign-in?returnTo=%2Fhome')
    } finally {
      await replay.close()
    }
  })

  it('a wrong password shows the NHS error summary, which takes focus and links to the field', async () => {
    await open(page, '/sign-in')
    await fillSignIn(page, PRACTITIONER.email, 'not the right password')
    await follow(page, { button: 'Sign in' })
    assert.equal(pathOf(page), '/sign-in')
    await assertOneError(page, 'email', 'Enter a correct email address and password')
    await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'))
    // The address stays; the password does not.
    assert.equal(await page.getByLabel('Email address').inputValue(), PRACTITIONER.email)
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '')

    await errorSummary(page).getByRole('link').click()
    await page.waitForFunction(() => document.activeElement?.id === 'email')
  })

  it('returns to the page asked for after signing in', async () => {
    await navigation(page, () => page.goto(url('/admin/audit')))
    assert.equal(pathOf(page), '/sign-in?returnTo=%2Fadmin%2Faudit')
    await assertAccessible(page)
    await fillSignIn(page, ADMIN.email, PASSWORD)
    await follow(page, { button: 'Sign in' })
    assert.equal(pathOf(page), '/admin/audit')
    await signOutJourney(page)
  })
})

describe('without JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser, { javaScriptEnabled: false })
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('signs in, and signs out with the header button', async () => {
    await signInJourney(page, ADMIN)
    // No script ran: the NHS.UK inline script would have marked the body.
    assert.equal(await page.locator('body.js-enabled').count(), 0)
    const cookie = await sessionCookie(context, harness)
    assert.deepEqual(
      { httpOnly: cookie?.httpOnly, secure: cookie?.secure, sameSite: cookie?.sameSite },
      { httpOnly: true, secure: true, sameSite: 'Lax' },
    )
    await signOutJourney(page)
  })

  it('a wrong password shows the error summary, linked to the field', async () => {
    await open(page, '/sign-in')
    await fillSignIn(page, ADMIN.email, 'not the right password')
    await follow(page, { button: 'Sign in' })
    await assertOneError(page, 'email', 'Enter a correct email address and password')
    // Without JavaScript the link is a plain link to the field.
    await errorSummary(page).getByRole('link').click()
    assert.equal(new URL(page.url()).hash, '#email')
  })

  it('registers, confirms the email address from the link, then signs in', async () => {
    await registrationJourney(page, { email: 'nadia.nojs@example.org', displayName: 'Nadia Nojs' })
    await signOutJourney(page)
  })
})

describe('with the keyboard alone', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser)
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('signs in with Tab and Enter, through the error summary after a mistake, and signs out', async () => {
    await open(page, '/sign-in')
    // The skip link first, then straight to the form.
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).text, 'Skip to main content')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).id, 'email')
    await page.keyboard.type(PRACTITIONER.email)
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).id, 'password')
    await page.keyboard.type('a wrong password')
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Sign in', 'The "Sign in" button')
    await navigation(page, () => page.keyboard.press('Enter'))
    await assertAccessible(page)

    // The error summary takes focus, its link leads to the field, and the field keeps the address.
    await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'))
    await page.keyboard.press('Tab')
    assert.deepEqual(
      { text: (await focused(page)).text, href: (await focused(page)).href },
      { text: 'Enter a correct email address and password', href: '#email' },
    )
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'email')
    assert.equal(await page.locator('#email').inputValue(), PRACTITIONER.email)

    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).id, 'password')
    await page.keyboard.type(PASSWORD)
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Sign in', 'The "Sign in" button')
    await navigation(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/home')
    await assertAccessible(page)
    await assertSignedInHeader(page, PRACTITIONER.displayName)

    // "Sign out" is in the header, a few tab stops from the top.
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Sign out', 'The "Sign out" button')
    await navigation(page, () => page.keyboard.press('Enter'))
    assert.equal(pathOf(page), '/signed-out')
    await assertAccessible(page)
  })
})

describe('registration, password reset and invitations, with JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser)
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('registers, confirms the email address from the link, then signs in', async () => {
    await registrationJourney(page, { email: 'rhys.registers@example.org', displayName: 'Rhys Registers' })
    await signOutJourney(page)
  })

  it('resets a forgotten password from the link; the old password no longer works', async () => {
    const newPassword = 'a completely different passphrase'
    await open(page, '/sign-in')
    await follow(page, { link: 'I have forgotten my password' })
    assert.equal(pathOf(page), '/forgot-password')
    await page.getByLabel('Email address').fill(PRACTITIONER.email)
    await follow(page, { button: 'Send link' })
    assert.equal(pathOf(page), '/forgot-password/check-email')
    assert.match(await page.locator('main').innerText(), new RegExp(`account for ${PRACTITIONER.email}`))

    const link = await latestLinkTo(harness.testApp, PRACTITIONER.email, '/reset-password')
    await open(page, link)
    assert.equal(await heading(page), 'Choose a new password')
    await page.getByLabel('New password', { exact: true }).fill(newPassword)
    await page.getByLabel('Enter the new password again', { exact: true }).fill(newPassword)
    await follow(page, { button: 'Change password' })
    assert.equal(pathOf(page), '/sign-in')
    assert.match(await banner(page).innerText(), /Your password has been changed/)

    await fillSignIn(page, PRACTITIONER.email, PASSWORD)
    await follow(page, { button: 'Sign in' })
    await assertOneError(page, 'email', 'Enter a correct email address and password')

    await fillSignIn(page, PRACTITIONER.email, newPassword)
    await follow(page, { button: 'Sign in' })
    assert.equal(pathOf(page), '/home')
    await assertSignedInHeader(page, PRACTITIONER.displayName)
    await signOutJourney(page)

    // The link worked once.
    const again = await navigation(page, () => page.goto(url(link)))
    assert.equal(again.status(), 400)
    assert.equal(await heading(page), 'This link has expired')
    await assertAccessible(page)

    // Put the password back for the other tests.
    await harness.testApp.services.authentication.requestPasswordReset(PRACTITIONER.email, {
      userId: null,
      label: 'test',
      ip: null,
    })
    const token = new URL(
      await latestLinkTo(harness.testApp, PRACTITIONER.email, '/reset-password'),
      harness.baseUrl,
    ).searchParams.get('token')!
    await harness.testApp.services.authentication.resetPassword(token, PASSWORD, {
      userId: null,
      label: 'test',
      ip: null,
    })
  })

  it('a Centre admin invites someone, who sets a name and password and lands on /home with the role', async () => {
    const invitee = { email: 'ivy.invited@example.org', displayName: 'Ivy Invited' }
    const adminContext = await newContext(harness.browser)
    try {
      const admin = await adminContext.newPage()
      await signInWithForm(admin, harness.baseUrl, ADMIN.email)
      await assertAccessible(admin)
      await follow(admin, { link: 'Invite someone' })
      assert.equal(pathOf(admin), '/admin/invitations')
      await admin.getByLabel('Email address').fill(invitee.email)
      await admin.getByLabel('Full name (optional)').fill('Ivy')
      await admin.getByLabel('Role', { exact: true }).selectOption({ label: 'Provider admin' })
      // Part of the name is not enough: the error suggests the organisation, whose name is then typed.
      await admin.getByLabel('Organisation name', { exact: true }).fill('Northern')
      await follow(admin, { button: 'Send invitation' })
      assert.equal(pathOf(admin), '/admin/invitations')
      await assertOneError(
        admin,
        'organisation',
        `No organisation has that name. Did you mean ${ORGANISATION}?`,
      )
      assert.equal(await admin.getByLabel('Role', { exact: true }).inputValue(), 'provider_admin')
      assert.equal(await admin.getByLabel('Email address').inputValue(), invitee.email)
      await admin.getByLabel('Organisation name', { exact: true }).fill(ORGANISATION.toLowerCase())
      await follow(admin, { button: 'Send invitation' })
      assert.equal(pathOf(admin), '/admin/invitations')
      assert.match(
        await banner(admin).innerText(),
        new RegExp(`We have sent an invitation to ${invitee.email}`),
      )
      assert.match(
        await admin.locator('main table').innerText(),
        new RegExp(`${invitee.email.replace(/\./g, '\\.')}\\s+Provider admin for ${ORGANISATION}`),
      )
    } finally {
      await adminContext.close()
    }

    // The invitee, in their own browser, from the link in the e-mail.
    const link = await latestLinkTo(harness.testApp, invitee.email, '/invitations/accept')
    await open(page, link)
    assert.equal(await heading(page), 'Accept your invitation')
    const summary = await page.locator('.nhsuk-summary-list').innerText()
    assert.match(summary, new RegExp(`Email address\\s+${invitee.email}`))
    assert.match(summary, /Role\s+Provider admin/)
    assert.match(summary, new RegExp(`Organisation\\s+${ORGANISATION}`))
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Ivy', 'the name the admin gave')
    await page.getByLabel('Full name').fill(invitee.displayName)
    await page.getByLabel('Create a password', { exact: true }).fill('ivy has a long password')
    await page.getByLabel('Enter the password again', { exact: true }).fill('ivy has a long password')
    await follow(page, { button: 'Accept invitation' })

    assert.equal(pathOf(page), '/home')
    assert.match(await banner(page).innerText(), new RegExp(`You are signed in as ${invitee.email}`))
    await assertSignedInHeader(page, invitee.displayName)
    assert.deepEqual(await sectionHeadings(page), [`Provider admin: ${ORGANISATION}`])
    await follow(page, { link: 'API tokens' })
    assert.equal(pathOf(page), '/provider/api-tokens')
    assert.equal(await page.locator('.nhsuk-caption-l').innerText(), ORGANISATION)
    const cookie = await sessionCookie(context, harness)
    assert.deepEqual(
      { httpOnly: cookie?.httpOnly, secure: cookie?.secure, sameSite: cookie?.sameSite },
      { httpOnly: true, secure: true, sameSite: 'Lax' },
    )
    await signOutJourney(page)
  })
})
