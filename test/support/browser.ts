// The browser tests' harness: the real app on a real listener and seeded database, driven
// by Debian's Chromium through playwright-core. Browser tests never skip: without Chromium
// they fail and say how to fix it.
import type axe from 'axe-core'
import type { FastifyInstance } from 'fastify'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Cookie,
  type Page,
  type Response,
} from 'playwright-core'
import { findChromium } from '../../scripts/chromium.ts'
import type { Role } from '../../src/domain/accounts.ts'
import type { Clock } from '../../src/domain/clock.ts'
import { createTestApp, type TestApp } from './app.ts'

/** We run as root on a machine without network: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface BrowserHarness {
  testApp: TestApp
  browser: Browser
  /** Where the app listens, such as http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string
  close(): Promise<void>
}

export function chromiumPath(): string {
  const found = findChromium()
  if (!found) {
    throw new Error(
      'The browser tests need Chromium, and `chromium` is not on the PATH. They never skip.\n' +
        "Install Debian's package as root (apt-get update && apt-get install -y chromium), " +
        'or run `npm test`, which installs it when it can.',
    )
  }
  return found
}

/** One app, one listener and one browser for a whole test file. */
/** The app on a fresh database and a browser; a journey across a date passes a `fixedClock`. */
export async function startBrowserHarness(options: { clock?: Clock } = {}): Promise<BrowserHarness> {
  const executablePath = chromiumPath()
  const [testApp, browser] = await Promise.all([
    createTestApp({}, options),
    chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
  ])
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await Promise.allSettled([browser.close(), testApp.close()])
    throw error
  }
  const { port } = testApp.app.server.address() as AddressInfo
  return {
    testApp,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      const results = await Promise.allSettled([browser.close(), testApp.close()])
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    },
  }
}

// ---------------------------------------------------------------------------------------
// Accessibility

/** WCAG 2.2 AA as axe-core knows it (2.2 adds only AA rules to axe's 2.1 ones). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface AxeOutcome {
  violations: axe.Result[]
  /** How many rules passed: proof that axe really looked at the page. */
  passes: number
}

/** Contexts opened with JavaScript disabled, whose pages need timers lent to axe (see runAxe). */
const withoutJavaScript = new WeakSet<BrowserContext>()

/**
 * axe-core's minified build: the browser parses it once per page checked, and it is under
 * half the size of the readable one (measured: about 0.2 s a page rather than 0.3 s).
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * A new browser context, remembered as having JavaScript disabled when it has, so that
 * runAxe can check its pages. Use this rather than browser.newContext() for pages axe checks.
 */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  if (options.javaScriptEnabled === false) withoutJavaScript.add(context)
  watchForeignLoads(context)
  return context
}

/**
 * What each context's pages asked of another host, and what the Content Security Policy
 * refused them, since assertAccessible last looked: pages must need nothing but our own host.
 */
const foreignLoads = new WeakMap<BrowserContext, string[]>()

function watchForeignLoads(context: BrowserContext): void {
  const seen: string[] = []
  foreignLoads.set(context, seen)
  context.on('request', (request) => {
    // Following a link elsewhere is the person's choice, not the page's load.
    if (request.isNavigationRequest()) return
    const url = new URL(request.url())
    const from = request.frame().url()
    if (/^(https?|wss?):$/.test(url.protocol) && url.host !== new URL(from).host)
      seen.push(`a request to ${url.href} (from ${from})`)
  })
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text()))
      seen.push(`${message.text()} (on ${message.page()?.url() ?? 'a page'})`)
  })
}

/** Fails if a page of the context asked another host for anything or broke the CSP; then forgets. */
export function assertNothingForeign(page: Page, what: string): void {
  const seen = foreignLoads.get(page.context())
  if (!seen) return
  const found = seen.splice(0)
  assert.deepEqual(found, [], `${what} (or a page before it in its context) asked for what it should not`)
}

/**
 * Runs axe-core on the page as it is now. axe is evaluated through the DevTools protocol,
 * which the page's Content Security Policy does not govern, so no context needs `bypassCSP`.
 *
 * A page whose context has JavaScript disabled ran none of its own scripts, and runs no
 * timers either, which axe schedules its work with. Evaluating through the protocol still
 * works there, and promise jobs still run, so such a page first gets timers that run their
 * callback as a promise job: the page's own scripts stay unrun, and axe checks the document
 * exactly as the server sent it. (Timers that fire at once would cut short axe's waits for
 * frames; our pages have none, and a page with one would fail loudly, not pass.)
 */
// A string, not a function: the TypeScript loader would add helpers the page does not have.
const PROMISE_JOB_TIMERS = `{
  const soon = (callback) => { Promise.resolve().then(callback); return 0 }
  Object.assign(window, { setTimeout: soon, requestAnimationFrame: soon, clearTimeout: () => undefined })
}`

export async function runAxe(page: Page): Promise<AxeOutcome> {
  if (withoutJavaScript.has(page.context())) await page.evaluate(PROMISE_JOB_TIMERS)
  // A page checked at its second width still holds axe from the first: half a megabyte of
  // script not parsed twice.
  if ((await page.evaluate('typeof window.axe')) === 'undefined') await page.evaluate(AXE_SOURCE)
  return page.evaluate(async (tags) => {
    const { axe: injected } = window as unknown as { axe: typeof axe }
    const results = await injected.run(document, {
      runOnly: { type: 'tag', values: tags },
      // Only violations need every node; passes and the rest are only counted.
      resultTypes: ['violations'],
    })
    return { violations: results.violations, passes: results.passes.length }
  }, AXE_TAGS)
}

/** The widths every page is checked at: the narrowest phone WCAG's reflow asks for, and a desktop. */
export const CHECKED_WIDTHS = [1280, 320] as const

/**
 * Checks the page as it is now at each of CHECKED_WIDTHS, widest first: nothing scrolls
 * sideways, and axe finds no violation; and, in a context from newContext, that no page asked
 * another host for anything (a font, say) or was refused something by the CSP. The page is left at the size it had. The page is
 * resized rather than reloaded, so a page reached by a form's POST is checked as it was shown.
 */
export async function assertAccessible(page: Page, what = new URL(page.url()).pathname): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 }
  try {
    for (const width of CHECKED_WIDTHS) {
      if (page.viewportSize()?.width !== width) {
        await page.setViewportSize({ width, height: size.height })
        await settle(page)
      }
      const at = `${what} at ${width} px`
      await assertNoHorizontalScroll(page, at)
      const { violations, passes } = await runAxe(page)
      assert.ok(passes > 0, `axe checked nothing on ${at}`)
      assert.equal(violations.length, 0, formatViolations(at, violations))
    }
  } finally {
    if (page.viewportSize()?.width !== size.width) {
      await page.setViewportSize(size)
      await settle(page)
    }
  }
  assertNothingForeign(page, what)
}

/**
 * Waits for the page's own scripts to answer a resize: the NHS header moves the links that no
 * longer fit into its "More" menu in an animation frame after the resize event, and again
 * when its ResizeObserver fires in that frame. A page without JavaScript has nothing to wait for.
 */
async function settle(page: Page): Promise<void> {
  if (withoutJavaScript.has(page.context())) return
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      ),
  )
}

/**
 * What sticks out past the right edge of the viewport, outermost elements first and widest
 * first, each as a short description ("table.nhsuk-table, 876 px wide, right edge at 890 px:
 * “Event Who …”"); nothing when the page does not scroll sideways. Elements inside a box that
 * clips or scrolls its own overflow are left out: they cannot make the page scroll.
 */
// A string, not a function: the TypeScript loader would add helpers the page does not have.
const OVERFLOWING = `(() => {
  const root = document.documentElement
  if (root.scrollWidth <= root.clientWidth) return []
  const edge = root.clientWidth + 0.5
  const clips = (element) => {
    for (let a = element.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true
    }
    return false
  }
  const sticksOut = (element) => element.getBoundingClientRect().right > edge && !clips(element)
  const outermost = [...document.body.querySelectorAll('*')].filter(
    (element) => sticksOut(element) && !(element.parentElement && element.parentElement !== document.body && sticksOut(element.parentElement)),
  )
  return outermost
    .map((element) => {
      const box = element.getBoundingClientRect()
      const classes = [...element.classList].map((c) => '.' + c).join('')
      const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes
      const text = (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60)
      return { width: box.width, text: name + ', ' + Math.round(box.width) + ' px wide, right edge at ' + Math.round(box.right) + ' px: “' + text + '”' }
    })
    .sort((a, b) => b.width - a.width)
    .map((o) => o.text)
})()`

/** Fails, naming the widest element that sticks out, if the page scrolls sideways. */
export async function assertNoHorizontalScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }))
  if (scrollWidth <= clientWidth) return
  const culprits: string[] = await page.evaluate(OVERFLOWING)
  assert.fail(
    `${what} scrolls sideways: the page is ${scrollWidth} px wide in a viewport ${clientWidth} px wide. ` +
      `What sticks out, widest first:\n${culprits.slice(0, 5).join('\n') || '(nothing found: a pseudo-element?)'}`,
  )
}

/** Violations as a reader wants them in a failed assertion: rule, help, and each node. */
export function formatViolations(url: string, violations: axe.Result[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`]
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}`, `  ${v.helpUrl}`)
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.join(' ')}`, `      ${node.html}`)
      const summary = (node.failureSummary ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(0, 3)
        .join('; ')
      if (summary) lines.push(`      ${summary}`)
    }
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------
// The app's routes

/** GET routes under these never render an HTML page for a person. */
export const NON_PAGE_PREFIXES = ['/api', '/health', '/assets']

const isUnder = (routePath: string, prefix: string) =>
  routePath === prefix || routePath.startsWith(`${prefix}/`)

/**
 * Every GET route's path, read from Fastify's route tree (`printRoutes`), as in
 * ['/', '/about', '/credentials', '/credentials/:slug', '/assets/*', ...]. Each line of the
 * tree is one node; a path is its ancestors' segments joined, and a node with methods in
 * brackets is a route.
 */
export function getRoutePaths(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ method: 'GET', commonPrefix: true })
  const segments: string[] = []
  const paths: string[] = []
  for (const line of tree.split('\n')) {
    if (!line.trim()) continue
    const match = /^((?:│ {3}| {4})*)(?:└── |├── )(\S+)(?: \(([^)]*)\))?$/.exec(line)
    if (!match) throw new Error(`Cannot read this line of app.printRoutes(): ${JSON.stringify(line)}`)
    const depth = (match[1] ?? '').length / 4
    segments.length = depth
    segments.push(match[2] ?? '')
    const methods = (match[3] ?? '').split(',').map((m) => m.trim())
    if (methods.includes('GET')) paths.push(segments.join(''))
  }
  return [...new Set(paths)].sort()
}

/** GET routes that may render HTML for a person: not the API, the health check or assets. */
export function getPageRoutePaths(app: FastifyInstance): string[] {
  return getRoutePaths(app).filter((p) => !NON_PAGE_PREFIXES.some((prefix) => isUnder(p, prefix)))
}

export const isParameterised = (routePath: string): boolean => /[:*]/.test(routePath)

// ---------------------------------------------------------------------------------------
// People and sessions

export const PASSWORD = 'correct horse battery staple'

/**
 * An account with a name and one role, made through the real invitation journey (the
 * e-mail address is confirmed by accepting it). Returns the account's id.
 */
export async function createPerson(
  t: TestApp,
  person: { email: string; displayName: string; role: Role; organisationId?: string; password?: string },
): Promise<string> {
  const actor = { userId: null, label: 'test', ip: null }
  const token = await t.services.accountAdministration.invite(
    {
      email: person.email,
      displayName: person.displayName,
      role: person.role,
      organisationId: person.organisationId ?? null,
    },
    actor,
  )
  return t.services.registration.acceptInvitation(
    token,
    { displayName: person.displayName, password: person.password ?? PASSWORD },
    actor,
  )
}

/** A provider organisation, as a Centre admin would record one. Returns its id. */
export async function createOrganisation(t: TestApp, name: string): Promise<string> {
  const row = await t.database.db
    .insertInto('organisation')
    .values({ name, kind: 'provider' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Signs in through the real sign-in form, and waits for the page it leads to. */
export async function signInWithForm(
  page: Page,
  baseUrl: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('Email address', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await navigation(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click())
  const errors = await page.locator('.nhsuk-error-summary a').allInnerTexts()
  assert.notEqual(
    new URL(page.url()).pathname,
    '/sign-in',
    `${email} could not sign in: ${errors.join('; ')}`,
  )
}

/**
 * Signs a context in without the form: a session from the session service, in the cookie
 * the app would have set (same name and flags).
 *
 * Chromium takes the app's `Set-Cookie: __Host-…; Secure` over http://127.0.0.1, which it
 * counts as a secure origin, but the DevTools protocol refuses a __Host- or __Secure- cookie
 * for an http: URL ("Invalid cookie fields"). So the cookie is given for the same host and
 * port with https:, which makes it the same host-only, path=/ cookie the app sets.
 */
export async function addSessionCookie(context: BrowserContext, harness: BrowserHarness, userId: string) {
  const { token } = await harness.testApp.services.sessions.create(userId)
  const { name, secure } = harness.testApp.app.sessionCookie
  const url = new URL(harness.baseUrl)
  if (secure) url.protocol = 'https:'
  await context.addCookies([{ name, value: token, url: url.href, httpOnly: true, secure, sameSite: 'Lax' }])
}

/** The session cookie as the browser holds it, if it holds one. */
export async function sessionCookie(
  context: BrowserContext,
  harness: BrowserHarness,
): Promise<Cookie | undefined> {
  const cookies = await context.cookies(harness.baseUrl)
  return cookies.find((c) => c.name === harness.testApp.app.sessionCookie.name)
}

// ---------------------------------------------------------------------------------------
// Journeys

/**
 * Does what opens a new page (a click, a key, a goto) and waits until that page has loaded.
 * Returns the response of the page shown: after a redirect, the last one (the POST-redirect-
 * GET of every form). Unlike waitForURL, it also waits when the new page has the same address.
 */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      const request = r.request()
      const redirect = r.status() >= 300 && r.status() < 400
      return request.isNavigationRequest() && request.frame() === page.mainFrame() && !redirect
    }),
    // The response comes before the new document replaces the old one: wait for that too,
    // or the old page's "load" would do.
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    action(),
  ])
  await page.waitForLoadState()
  return response
}

/** What has the keyboard focus now, in the terms keyboard tests check. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      text: (element?.textContent ?? '').trim(),
      classes: element?.className ?? '',
      href: element?.getAttribute('href') ?? null,
    }
  })
}
export type Focused = Awaited<ReturnType<typeof focused>>

/** Presses Tab until the focus matches, as a keyboard user would; fails after 25 presses. */
export async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string): Promise<void> {
  for (let presses = 0; presses < 25; presses++) {
    await page.keyboard.press('Tab')
    if (matches(await focused(page))) return
  }
  assert.fail(`${what} was not reached with 25 presses of Tab`)
}
