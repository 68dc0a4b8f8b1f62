// What the browser journeys share: signing in as a demo account in a context of its own
// (with or without JavaScript), and moving from page to page with axe checking each one.
import assert from 'node:assert/strict'
import { afterEach } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { assertAccessible, navigation, newContext, signInWithForm, type BrowserHarness } from './browser.ts'

/** The demo accounts that `seed:demo` creates, by key. */
export const demoAccount = (key: string) => ({
  email: `${key}@demo.invalid`,
  password: `demo-${key}-password`,
})

export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText()
export const errorSummary = (page: Page) =>
  page.locator('.nhsuk-error-summary').getByRole('link').allInnerTexts()
export const banner = (page: Page) => page.locator('.nhsuk-notification-banner').innerText()
/** The statuses a task list shows for its sections, in order ("Not started", "Completed" …). */
export const taskStatuses = (page: Page) => page.locator('.nhsuk-task-list__status').allInnerTexts()
/** The names of a task list's sections, in order. */
export const taskNames = (page: Page) => page.locator('.nhsuk-task-list__link').allInnerTexts()

export function journeyHelpers(
  harness: () => BrowserHarness,
  options: { checkSignInPages?: boolean; closeAfterEachTest?: boolean } = {},
) {
  const contexts: BrowserContext[] = []
  const url = (path: string) => `${harness().baseUrl}${path}`

  async function signedInAs(key: string, javaScriptEnabled = true): Promise<Page> {
    const context = await newContext(harness().browser, { javaScriptEnabled })
    contexts.push(context)
    const page = await context.newPage()
    const { email, password } = demoAccount(key)
    if (options.checkSignInPages) {
      await page.goto(url('/sign-in'))
      await assertAccessible(page)
    }
    await signInWithForm(page, harness().baseUrl, email, password)
    // The home page, where each person starts.
    if (options.checkSignInPages) await assertAccessible(page)
    return page
  }

  async function follow(page: Page, what: { button: string } | { link: string }) {
    const target =
      'button' in what
        ? page.getByRole('button', { name: what.button, exact: true })
        : page.getByRole('link', { name: what.link, exact: true })
    const response = await navigation(page, () => target.click())
    assert.ok(response.status() < 400, `status ${response.status()} after ${JSON.stringify(what)}`)
    await assertAccessible(page)
  }

  async function open(page: Page, path: string) {
    const response = await navigation(page, () => page.goto(url(path)))
    assert.equal(response.status(), 200, `status of ${path}`)
    await assertAccessible(page)
  }

  /**
   * Goes on from a decision's form to the page that asks to confirm it, which must name
   * `consequence`, and records the decision there.
   */
  async function recordDecision(page: Page, consequence: RegExp) {
    await follow(page, { button: 'Continue' })
    assert.equal(await heading(page), 'Record this decision?')
    const warning = await page.locator('.nhsuk-card--warning').innerText()
    assert.match(warning, /Recording the decision cannot be undone/)
    assert.match(warning, consequence)
    await follow(page, { button: 'Record decision' })
  }

  async function closeContexts() {
    for (const context of contexts.splice(0)) await context.close()
  }
  // A file whose tests each sign in afresh closes its contexts as each test ends, so that the
  // browser does not hold every one until the file ends. (An earlier note here said an idle
  // context costs a fifth of a core; measured again, five idle tabs cost under 0.5% each.)
  if (options.closeAfterEachTest) afterEach(closeContexts)

  return { contexts, url, signedInAs, follow, open, recordDecision, closeContexts }
}
