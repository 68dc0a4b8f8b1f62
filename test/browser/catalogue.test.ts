// The catalogue as people use it: without JavaScript, with the keyboard alone, reading a
// credential's status and timeline, and with the site's scripts running under its CSP.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { focused, startBrowserHarness, tabTo, type BrowserHarness } from '../support/browser.ts'

interface ApiItem {
  slug: string
  title: string
  status: string
  statusLabel: string
  area: { slug: string; name: string }
}

let harness: BrowserHarness

before(async () => {
  harness = await startBrowserHarness()
})

after(async () => {
  await harness?.close()
})

/** The API's answer for the same filters: what the HTML page must list. */
async function apiSearch(query: Record<string, string>): Promise<ApiItem[]> {
  const params = new URLSearchParams({ ...query, pageSize: '100' })
  const response = await fetch(`${harness.baseUrl}/api/v1/credentials?${params}`)
  assert.equal(response.status, 200)
  const body = (await response.json()) as { items: ApiItem[]; total: number }
  assert.equal(body.items.length, body.total, 'the whole answer fits on one page')
  return body.items
}

const listedTitles = (page: Page) => page.locator('.app-credential-list__item h3').allInnerTexts()
const listedTags = (page: Page) => page.locator('.app-credential-list__item .nhsuk-tag').allInnerTexts()
const resultCount = (page: Page) => page.locator('#result-count').innerText()
const sorted = (values: string[]) => [...values].sort()

function countText(total: number, filtered: boolean): string {
  const noun = total === 1 ? 'credential or intervention' : 'credentials and interventions'
  return `${total} ${noun}${filtered ? (total === 1 ? ' matches your filters' : ' match your filters') : ''}`
}

describe('the catalogue without JavaScript', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await harness.browser.newContext({ javaScriptEnabled: false })
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('filters by clinical area, status and words with the "Apply filters" button', async () => {
    const everything = await apiSearch({})
    await page.goto(`${harness.baseUrl}/credentials`)
    // The page's own script did not run: the NHS.UK inline script would have added this.
    assert.equal(await page.locator('body.js-enabled').count(), 0)
    assert.equal(await resultCount(page), countText(everything.length, false))

    await page.getByLabel('Clinical area').selectOption({ label: 'Medicine' })
    await page.getByLabel('Status').selectOption({ label: 'Endorsed' })
    await page.getByLabel('Search by words').fill('older')
    await Promise.all([
      page.waitForURL((url) => url.search !== ''),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ])

    const url = new URL(page.url())
    assert.equal(url.pathname, '/credentials')
    assert.equal(url.searchParams.get('area'), 'medicine')
    assert.equal(url.searchParams.get('status'), 'endorsed')
    assert.equal(url.searchParams.get('type'), '')
    assert.equal(url.searchParams.get('q'), 'older')

    const expected = await apiSearch({ area: 'medicine', status: 'endorsed', q: 'older' })
    // Chosen so that the words narrow the list but leave more than one.
    assert.deepEqual(sorted(expected.map((item) => item.title)), ['Acute medicine', 'Older people'])
    assert.equal(await resultCount(page), countText(expected.length, true))
    assert.deepEqual(sorted(await listedTitles(page)), sorted(expected.map((item) => item.title)))
    assert.deepEqual(await listedTags(page), ['Endorsed', 'Endorsed'])
    assert.deepEqual(await page.locator('main h2[id^="area-"]').allInnerTexts(), ['Medicine'])

    // The form shows what was asked for, ready to change.
    assert.equal(await page.getByLabel('Clinical area').inputValue(), 'medicine')
    assert.equal(await page.getByLabel('Status').inputValue(), 'endorsed')
    assert.equal(await page.getByLabel('Search by words').inputValue(), 'older')
  })

  it('says when nothing matches, and "Clear filters" shows everything again', async () => {
    const everything = await apiSearch({})
    await page.goto(`${harness.baseUrl}/credentials`)
    await page.getByLabel('Search by words').fill('zzzz')
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === 'zzzz'),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ])

    assert.equal(await resultCount(page), countText(0, true))
    assert.equal(await page.getByRole('heading', { name: 'No credentials match your filters' }).count(), 1)
    assert.deepEqual(await listedTitles(page), [])

    await Promise.all([
      page.waitForURL((url) => url.search === ''),
      page.getByRole('link', { name: 'Clear filters', exact: true }).click(),
    ])
    assert.equal(new URL(page.url()).pathname, '/credentials')
    assert.equal(await resultCount(page), countText(everything.length, false))
    assert.equal((await listedTitles(page)).length, everything.length)
    assert.equal(await page.getByRole('link', { name: 'Clear filters', exact: true }).count(), 0)
    assert.equal(await page.getByLabel('Search by words').inputValue(), '')
  })

  it('lays the filters out as the NHS filter panel: beside the results on a desktop, above them on a phone', async () => {
    await page.goto(`${harness.baseUrl}/credentials`)
    const box = async (selector: string) => {
      const found = await page.locator(selector).first().boundingBox()
      assert.ok(found, selector)
      return found
    }
    const fields = ['#area', '#status', '#type', '#q']

    await page.setViewportSize({ width: 1280, height: 900 })
    const panel = await box('form.app-filters')
    const results = await box('#result-count')
    assert.ok(panel.x + panel.width <= results.x, 'the panel sits to the left of the results')
    // Stacked, each as wide as the panel, so no field can cover another.
    const boxes = await Promise.all(fields.map(box))
    boxes.slice(1).forEach((b, i) => {
      const above = boxes[i]
      assert.ok(above && above.y + above.height <= b.y, `${fields[i + 1]} is below ${fields[i]}`)
      assert.ok(b.x >= panel.x && b.x + b.width <= panel.x + panel.width, `${fields[i + 1]} within the panel`)
    })

    await page.setViewportSize({ width: 320, height: 900 })
    const phonePanel = await box('form.app-filters')
    const phoneResults = await box('#result-count')
    assert.ok(phonePanel.y + phonePanel.height <= phoneResults.y, 'the panel sits above the results')
    await page.setViewportSize({ width: 1280, height: 720 })
  })

  it('explains a value it cannot use with the error summary, linked to the field', async () => {
    const response = await page.goto(`${harness.baseUrl}/credentials?status=bogus`)
    assert.equal(response?.status(), 400)
    assert.match(await page.title(), /^Error: /)
    const summary = page.locator('.nhsuk-error-summary')
    assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem')
    const link = summary.getByRole('link', { name: 'Select a status from the list' })
    assert.equal(await link.getAttribute('href'), '#status')
    assert.match(await page.locator('#status-error').innerText(), /Select a status from the list/)
    assert.equal(await page.locator('#result-count').count(), 0)
  })
})

describe('the catalogue with the keyboard alone', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await harness.browser.newContext()
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('the skip link is the first tab stop and moves focus to the main content', async () => {
    await page.goto(`${harness.baseUrl}/credentials`)
    await page.keyboard.press('Tab')
    const first = await focused(page)
    assert.deepEqual(
      { tag: first.tag, id: first.id, text: first.text, href: first.href },
      { tag: 'a', id: '', text: 'Skip to main content', href: '#maincontent' },
    )
    await page.keyboard.press('Enter')
    assert.equal((await focused(page)).id, 'maincontent')
  })

  it('reaches the filters with Tab, changes them with the keys and applies them with Enter', async () => {
    await page.goto(`${harness.baseUrl}/credentials`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')

    // From the main content the first control is the clinical area.
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).id, 'area')
    // A closed <select> takes typed letters as a search of its options.
    await page.keyboard.type('Medicine')
    assert.equal(await page.locator('#area').inputValue(), 'medicine')

    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).id, 'status')
    await page.keyboard.type('Endorsed')
    assert.equal(await page.locator('#status').inputValue(), 'endorsed')

    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Apply filters', 'The "Apply filters" button')
    await Promise.all([page.waitForURL((url) => url.search !== ''), page.keyboard.press('Enter')])

    const url = new URL(page.url())
    assert.equal(url.searchParams.get('area'), 'medicine')
    assert.equal(url.searchParams.get('status'), 'endorsed')
    const expected = await apiSearch({ area: 'medicine', status: 'endorsed' })
    assert.ok(expected.length > 1)
    assert.equal(await resultCount(page), countText(expected.length, true))
    assert.deepEqual(sorted(await listedTitles(page)), sorted(expected.map((item) => item.title)))
    assert.ok((await listedTags(page)).every((tag) => tag === 'Endorsed'))

    // And the first result is a tab stop away from the "Clear filters" link.
    await tabTo(page, (f) => f.text === 'Clear filters', 'The "Clear filters" link')
    await page.keyboard.press('Tab')
    const first = await focused(page)
    assert.equal(first.href, `/credentials/${expected.find((item) => item.title === first.text)?.slug}`)
  })
})

describe('a credential page', () => {
  let context: BrowserContext
  let page: Page

  before(async () => {
    context = await harness.browser.newContext({ javaScriptEnabled: false })
    page = await context.newPage()
  })

  after(async () => {
    await context?.close()
  })

  it('shows the status in words, and the timeline with the latest status first', async () => {
    const response = await page.goto(`${harness.baseUrl}/credentials/acute-medicine`)
    assert.equal(response?.status(), 200)
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Acute medicine')
    assert.equal(await page.locator('main .nhsuk-tag').innerText(), 'Endorsed')

    const timeline = page.getByRole('list', { name: 'Status timeline' })
    assert.equal(await timeline.getAttribute('reversed'), '')
    assert.deepEqual(await timeline.getByRole('heading', { level: 3 }).allInnerTexts(), [
      'Endorsed (now)',
      'Was due Autumn 2020',
    ])
  })

  it('shows a due date as the season and year, on its page and in the catalogue', async () => {
    const due = (await apiSearch({ status: 'due' }))[0]
    assert.ok(due, 'the seed has a credential that is due')
    assert.match(due.statusLabel, /^Was due (Spring|Summer|Autumn|Winter) 20(20|21)$/)

    await page.goto(`${harness.baseUrl}/credentials/${due.slug}`)
    assert.equal(await page.locator('main .nhsuk-tag').innerText(), due.statusLabel)
    const timeline = page.getByRole('list', { name: 'Status timeline' })
    assert.equal(
      await timeline.getByRole('heading', { level: 3 }).first().innerText(),
      `${due.statusLabel} (now)`,
    )

    await page.goto(`${harness.baseUrl}/credentials`)
    const item = page.locator('.app-credential-list__item', {
      has: page.getByRole('link', { name: due.title }),
    })
    assert.equal(await item.locator('.nhsuk-tag').innerText(), due.statusLabel)
  })
})

describe('the scripts under the Content Security Policy', () => {
  // Pages with every kind of script we ship: the nonced inline script of the NHS.UK
  // template, and our module that imports and starts the NHS.UK components.
  const PAGES: Array<{ path: string; status: number }> = [
    { path: '/', status: 200 },
    { path: '/credentials', status: 200 },
    { path: '/credentials?area=medicine', status: 200 },
    { path: '/credentials/acute-medicine', status: 200 },
    { path: '/glossary', status: 200 },
    { path: '/credentials?status=bogus', status: 400 },
    { path: '/no-such-page', status: 404 },
  ]

  let context: BrowserContext

  before(async () => {
    // No bypassCSP: the policy is enforced as in a person's browser.
    context = await harness.browser.newContext()
    // Violations reported to the page itself, whether or not the browser also logs them.
    await context.addInitScript(() => {
      const seen: string[] = []
      Object.assign(window, { cspViolations: seen })
      document.addEventListener('securitypolicyviolation', (event) => {
        seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}`)
      })
    })
  })

  after(async () => {
    await context?.close()
  })

  // The NHS.UK stylesheet asks for the Frutiger web fonts from https://assets.nhs.uk, which
  // our CSP deliberately blocks (font-src 'self'; nothing is fetched from elsewhere), so the
  // page falls back to Arial. Those font messages, and only those, are expected.
  const isBlockedNhsFont = (text: string) =>
    /font/i.test(text) && /https:\/\/assets\.nhs\.uk\/fonts\//.test(text)

  for (const { path, status } of PAGES) {
    it(`${path} runs its scripts without errors`, async () => {
      const page = await context.newPage()
      const problems: string[] = []
      const url = `${harness.baseUrl}${path}`
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() !== 'error') return
        const text = message.text()
        if (isBlockedNhsFont(text)) return
        // An error page's own status is logged as a failed load; that is the page we asked for.
        if (status >= 400 && message.location().url === url && text.includes(`status of ${status}`)) return
        problems.push(`console: ${text}`)
      }
      page.on('console', onConsole)
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      try {
        const response = await page.goto(url)
        assert.equal(response?.status(), status)
        // Our module ran: it imported the NHS.UK components and started them.
        await page.waitForSelector('header[data-nhsuk-header-init]', { state: 'attached', timeout: 5000 })
        // And the nonced inline script ran.
        assert.equal(await page.locator('body.nhsuk-frontend-supported').count(), 1)

        const violations = await page.evaluate(
          () => (window as unknown as { cspViolations: string[] }).cspViolations,
        )
        problems.push(...violations.filter((v) => !isBlockedNhsFont(v)).map((v) => `CSP: ${v}`))
        assert.deepEqual(problems, [], `problems on ${path}:\n${problems.join('\n')}`)
      } finally {
        await page.close()
      }
    })
  }

  it('the error summary takes focus when the page opens', async () => {
    const page = await context.newPage()
    try {
      await page.goto(`${harness.baseUrl}/credentials?status=bogus`)
      await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'))
    } finally {
      await page.close()
    }
  })
})
