// Every public page, in a real browser, checked by axe-core against WCAG 2.2 AA. The list of
// pages comes from the app's own routes, so a new page cannot ship without being checked.
import assert from 'node:assert/strict'
import { after, before, describe, it, type TestContext } from 'node:test'
import type { Page } from 'playwright-core'
import Fastify from 'fastify'
import {
  formatViolations,
  getPageRoutePaths,
  getRoutePaths,
  isParameterised,
  runAxe,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'

interface ApiList {
  items: Array<{ slug: string }>
  total: number
  pageCount: number
}

/** Every credential's slug, read page by page from the public API. */
async function allCredentialSlugs(baseUrl: string): Promise<string[]> {
  const slugs: string[] = []
  for (let page = 1; ; page++) {
    const response = await fetch(`${baseUrl}/api/v1/credentials?pageSize=100&page=${page}`)
    assert.equal(response.status, 200)
    const list = (await response.json()) as ApiList
    slugs.push(...list.items.map((item) => item.slug))
    if (page >= list.pageCount) {
      assert.equal(slugs.length, list.total)
      return slugs
    }
  }
}

/**
 * How to find every page of each route with parameters. A new route with parameters fails
 * the coverage test below until it has an entry here.
 */
const PARAMETERISED_PAGES: Record<string, (baseUrl: string) => Promise<string[]>> = {
  '/credentials/:slug': async (baseUrl) =>
    (await allCredentialSlugs(baseUrl)).map((slug) => `/credentials/${encodeURIComponent(slug)}`),
}

/** Pages we know exist: proof that reading the routes found them. */
const KNOWN_PAGES = [
  '/',
  '/credentials',
  '/about',
  '/criteria',
  '/framework',
  '/glossary',
  '/documents',
  '/intervention-types',
]

/** Two tabs share the work of the long lists: the machine has two cores. */
const TABS = 2

describe('accessibility: every public page meets WCAG 2.2 AA (axe-core)', () => {
  let harness: BrowserHarness
  let page: Page
  const idleTabs: Page[] = []

  before(async () => {
    harness = await startBrowserHarness()
    // axe is injected as an inline script, which the site's CSP (rightly) refuses.
    const context = await harness.browser.newContext({ bypassCSP: true })
    idleTabs.push(...(await Promise.all(Array.from({ length: TABS }, () => context.newPage()))))
    page = idleTabs[0] as Page
  })

  after(async () => {
    await harness?.close()
  })

  /** Checks each page in a subtest of its own, TABS at a time. */
  async function checkPages(t: TestContext, paths: string[]): Promise<void> {
    await Promise.all(
      paths.map((path) =>
        t.test(path, async () => {
          // The subtests' concurrency is TABS, so a tab is always free here.
          const tab = idleTabs.pop()
          assert.ok(tab, 'no idle tab: more subtests run at once than there are tabs')
          try {
            await checkPage(path, 200, tab)
          } finally {
            idleTabs.push(tab)
          }
        }),
      ),
    )
  }

  async function checkPage(path: string, expectedStatus = 200, tab = page): Promise<void> {
    const response = await tab.goto(`${harness.baseUrl}${path}`)
    assert.ok(response, `no response for ${path}`)
    assert.equal(response.status(), expectedStatus, `status of ${path}`)
    assert.match(
      response.headers()['content-type'] ?? '',
      /^text\/html/,
      `${path} is not an HTML page: if it is not meant for people, serve it under /api`,
    )
    const { violations, passes } = await runAxe(tab)
    assert.ok(passes > 0, `axe checked nothing on ${path}`)
    assert.equal(violations.length, 0, formatViolations(path, violations))
  }

  it("reads every GET route from Fastify's route tree", async () => {
    const app = Fastify({ logger: false })
    const ok = async () => 'ok'
    for (const path of ['/', '/about', '/abc/:id', '/abc/:id/edit', '/api/v1/things', '/files/*', '/health'])
      app.get(path, ok)
    app.post('/about/form', ok)
    await app.ready()
    try {
      assert.deepEqual(getRoutePaths(app), [
        '/',
        '/abc/:id',
        '/abc/:id/edit',
        '/about',
        '/api/v1/things',
        '/files/*',
        '/health',
      ])
      assert.deepEqual(getPageRoutePaths(app), ['/', '/abc/:id', '/abc/:id/edit', '/about', '/files/*'])
    } finally {
      await app.close()
    }
  })

  it('knows how to visit every page route the app registers', () => {
    const routes = getPageRoutePaths(harness.testApp.app)
    for (const known of KNOWN_PAGES) assert.ok(routes.includes(known), `${known} not found in ${routes}`)
    const unvisitable = routes.filter((route) => isParameterised(route) && !PARAMETERISED_PAGES[route])
    assert.deepEqual(
      unvisitable,
      [],
      'These routes have parameters: add how to list their pages to PARAMETERISED_PAGES',
    )
  })

  it('every page route without parameters', { concurrency: TABS }, async (t) => {
    await checkPages(
      t,
      getPageRoutePaths(harness.testApp.app).filter((route) => !isParameterised(route)),
    )
  })

  it('every page of every route with parameters (every credential)', { concurrency: TABS }, async (t) => {
    const routes = getPageRoutePaths(harness.testApp.app).filter(isParameterised)
    for (const route of routes) {
      const pages = (await PARAMETERISED_PAGES[route]?.(harness.baseUrl)) ?? []
      assert.ok(pages.length > 0, `no pages found for ${route}`)
      if (route === '/credentials/:slug') assert.ok(pages.length >= 30, `only ${pages.length} credentials`)
      await checkPages(t, pages)
    }
  })

  it('the catalogue filtered, with some results', async () => {
    await checkPage('/credentials?status=endorsed')
    const count = await page.locator('#result-count').innerText()
    assert.match(count, /^\d+ credentials and interventions match your filters$/)
  })

  it('the catalogue filtered, with no results', async () => {
    await checkPage('/credentials?q=zzzz')
    assert.equal(
      await page.locator('#result-count').innerText(),
      '0 credentials and interventions match your filters',
    )
    assert.equal(await page.getByRole('heading', { name: 'No credentials match your filters' }).count(), 1)
  })

  it('the catalogue with a value it cannot use: the error summary (400)', async () => {
    await checkPage('/credentials?status=bogus', 400)
    assert.match(await page.title(), /^Error: /)
    const summary = page.locator('.nhsuk-error-summary')
    assert.ok(await summary.isVisible(), 'the error summary is shown')
    assert.equal(await summary.getByRole('link', { name: 'Select a status from the list' }).count(), 1)
  })

  it('the page-not-found page (404), for any address and for a credential that does not exist', async () => {
    await checkPage('/no-such-page', 404)
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page not found')
    await checkPage('/credentials/no-such-credential', 404)
  })
})
