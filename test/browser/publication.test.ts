// Publication, in a real browser: from a credential in the catalogue to its
// published specification, the comparison of two versions (with and without JavaScript),
// the PDF download and the JSON-LD; for anyone, and for a demo account signed in. axe-core
// checks every page on the way.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import {
  assertAccessible,
  navigation,
  newContext,
  signInWithForm,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { publishedExample, RECOGNITION, VERSION_2, type PublishedExample } from '../support/publication.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

let harness: BrowserHarness
let example: PublishedExample

before(async () => {
  harness = await startBrowserHarness()
  example = await publishedExample(harness.testApp)
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
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
const main = (page: Page) => page.locator('main').innerText()

/** Opens a page by its address, expects the status, and checks it with axe. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  const response = await navigation(page, () => page.goto(url(path)))
  assert.equal(response.status(), status, `status of ${path}`)
  await assertAccessible(page)
}

/** Follows a link or button to another page, and checks that page with axe. */
async function follow(page: Page, what: { link: string } | { button: string }, status = 200): Promise<void> {
  const target =
    'link' in what
      ? page.getByRole('link', { name: what.link, exact: true })
      : page.getByRole('button', { name: what.button, exact: true })
  const response = await navigation(page, () => target.click())
  assert.equal(response.status(), status, `status after ${JSON.stringify(what)}`)
  await assertAccessible(page)
}

/** The visible cells of a table row, by its id. */
const row = (page: Page, id: string) => page.locator(`tr#${id}`).locator('th, td').allInnerTexts()

async function readsAndCompares(page: Page): Promise<void> {
  const base = `/credentials/${example.slug}/specification`
  await open(page, `/credentials/${example.slug}`)
  assert.match(await main(page), /Specification: version 2, published 2 June 2026\./)
  await follow(page, { link: 'Read version 2 of the specification' })
  assert.equal(pathOf(page), `${base}/versions/2`)
  assert.equal(await heading(page), 'Frailty in the community\nSpecification, version 2')
  const text = await main(page)
  assert.ok(text.includes(VERSION_2.purpose))
  assert.ok(text.includes('1.7 Initiate, evaluate and modify interventions, including prescribing'))
  assert.match(text, /Endorsed with conditions/)

  await follow(page, { link: 'Compare with the previous version (version 1)' })
  assert.equal(pathOf(page), `${base}/compare?from=1&to=2`)
  assert.deepEqual(await row(page, 'outcome-LO3'), [
    'LO3',
    'Removed',
    'Review medicines for people living with frailty.',
    'Not in this version',
  ])
  assert.deepEqual((await row(page, 'outcome-LO4')).slice(0, 2), ['LO4', 'Added'])
  assert.deepEqual((await row(page, 'capability-AC1')).slice(0, 2), ['AC1', 'Changed'])

  // The other way round, chosen with the form.
  await page.getByLabel('Compare version').selectOption({ label: 'Version 2 (current)' })
  await page.getByLabel('with version').selectOption({ label: 'Version 1 (superseded)' })
  await follow(page, { button: 'Compare versions' })
  assert.equal(pathOf(page), `${base}/compare?from=2&to=1`)
  assert.deepEqual((await row(page, 'outcome-LO3')).slice(0, 2), ['LO3', 'Added'])

  // The same version twice: the error summary, and the page stays usable.
  await page.getByLabel('with version').selectOption({ label: 'Version 2 (current)' })
  await follow(page, { button: 'Compare versions' }, 400)
  assert.match(await page.title(), /^Error: /)
  assert.deepEqual(await page.locator('.nhsuk-error-summary').getByRole('link').allInnerTexts(), [
    'Select two different versions to compare',
  ])

  await follow(page, { link: 'Read the newest version (version 2)' })
  assert.equal(pathOf(page), `${base}/versions/2`)
  await follow(page, { link: 'Version 1' })
  assert.equal(pathOf(page), `${base}/versions/1`)
  assert.match(await main(page), /A newer version exists/)
  await follow(page, { link: 'Read version 2, published 2 June 2026' })
  assert.equal(pathOf(page), `${base}/versions/2`)
}

describe('a published specification, with JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser, { acceptDownloads: true })
    page = await context.newPage()
  })
  after(async () => {
    await context?.close()
  })

  it('goes from the catalogue to the specification, compares two versions and reads the older one', async () => {
    await readsAndCompares(page)
  })

  it('downloads the PDF of the version', async () => {
    await open(page, `/credentials/${example.slug}/specification/versions/2`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this version as a PDF' }).click(),
    ])
    assert.equal(download.suggestedFilename(), `${example.slug}-specification-version-2.pdf`)
    const file = await readFile(await download.path())
    assert.equal(file.subarray(0, 5).toString(), '%PDF-')
    assert.match(file.toString('latin1'), /\/StructTreeRoot/)
  })

  it('offers the JSON-LD as an alternate form of the page', async () => {
    const href = await page
      .locator('head link[rel="alternate"][type="application/ld+json"]')
      .getAttribute('href')
    assert.ok(href)
    const response = await page.request.get(url(href))
    assert.equal(response.headers()['content-type'], 'application/ld+json; charset=utf-8')
    const doc = (await response.json()) as Record<string, unknown>
    assert.equal(doc['@type'], 'EducationalOccupationalCredential')
    assert.equal(doc.version, '2')
  })

  it('shows a recognised credential with its owner and crosswalk', async () => {
    await open(page, `/credentials/${example.recognisedSlug}/specification`)
    const text = await main(page)
    assert.ok(text.includes(RECOGNITION.summary))
    assert.match(text, /C1: Manage the undifferentiated patient/)
    assert.equal(await page.getByRole('link', { name: RECOGNITION.ownerName, exact: true }).count(), 1)
    assert.equal(await page.getByRole('link', { name: 'Compare any two versions' }).count(), 0)
    await open(page, `/credentials/${example.recognisedSlug}/specification/compare`)
    assert.match(await main(page), /Only one version has been published/)
  })

  it('answers a draft version with "Page not found"', async () => {
    await open(page, `/credentials/${example.slug}/specification/versions/3`, 404)
    assert.equal(await heading(page), 'Page not found')
  })
})

describe('a published specification without JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser, { javaScriptEnabled: false })
    page = await context.newPage()
  })
  after(async () => {
    await context?.close()
  })

  it('reads and compares versions with the GET form alone', async () => {
    await readsAndCompares(page)
  })
})

describe('a published specification, signed in as a demo practitioner', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await newContext(harness.browser)
    page = await context.newPage()
    await signInWithForm(page, harness.baseUrl, 'practitioner@demo.invalid', 'demo-practitioner-password')
  })
  after(async () => {
    await context?.close()
  })

  it('reads and compares the same way, and the pages are kept by no shared cache', async () => {
    await readsAndCompares(page)
    const response = await navigation(page, () => page.reload())
    assert.equal(response.headers()['cache-control'], 'private, no-cache')
  })
})
