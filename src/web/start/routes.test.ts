// Finding the verifier: "Check a credential" and the employer check are in the header's
// navigation on every page, and on the home page, for everyone (anonymous visitors too).
// The HTML is parsed: a link elsewhere on the page does not count as the navigation's.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse, type HTMLElement } from 'node-html-parser'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'

interface Link {
  href: string
  text: string
  current: boolean
}

const linksIn = (element: HTMLElement): Link[] =>
  element.querySelectorAll('a').map((a) => ({
    href: a.getAttribute('href') ?? '',
    text: a.text.replace(/\s+/g, ' ').trim(),
    current: a.getAttribute('aria-current') === 'page',
  }))

function navigationOf(html: string): Link[] {
  const nav = parse(html).querySelector('header nav.nhsuk-header__navigation')
  assert.ok(nav, 'the page has the NHS header navigation')
  return linksIn(nav)
}

/** Every section of the start page, by heading, with the links its cards must carry. */
const AUDIENCES: Array<{ heading: string; hrefs: string[] }> = [
  { heading: 'Check a credential', hrefs: ['/verify', '/employer-check'] },
  { heading: 'Find a credential and who delivers it', hrefs: ['/credentials', '/directory'] },
  { heading: 'What you can do here', hrefs: ['/practitioners', '/education-providers', '/centre-staff'] },
]

/** The pages the footer and the phase banner lead to: they must be real pages of the service. */
const SERVICE_PAGES = [
  '/accessibility',
  '/privacy',
  '/cookies',
  '/contact',
  '/help',
  '/feedback',
  '/practitioners',
  '/education-providers',
  '/centre-staff',
]

const FIND_THE_VERIFIER = [
  { href: '/verify', text: 'Check a credential' },
  { href: '/employer-check', text: 'Employer check' },
]

describe('finding the verifier', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  it('is in the header navigation of the home page for anonymous visitors', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' })
    assert.equal(res.statusCode, 200)
    const links = navigationOf(res.body).map(({ href, text }) => ({ href, text }))
    for (const wanted of FIND_THE_VERIFIER)
      assert.ok(
        links.some((l) => l.href === wanted.href && l.text === wanted.text),
        `${JSON.stringify(wanted)} in ${JSON.stringify(links)}`,
      )
  })

  it('is linked from the home page’s own content', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' })
    const main = parse(res.body).querySelector('main')
    assert.ok(main, 'the page has its main content')
    const hrefs = linksIn(main).map((l) => l.href)
    for (const wanted of FIND_THE_VERIFIER)
      assert.ok(hrefs.includes(wanted.href), `${wanted.href} in ${hrefs.join(' ')}`)
  })

  it('is in the navigation of every page, for people signed in too, marked as current where it leads', async () => {
    await createAccount(t, 'finder@example.org', [{ role: 'practitioner' }])
    const person = await signedIn(t, 'finder@example.org')
    for (const url of ['/home', '/credentials', '/directory']) {
      const hrefs = navigationOf((await person.get(url)).body).map((l) => l.href)
      for (const wanted of FIND_THE_VERIFIER) assert.ok(hrefs.includes(wanted.href), `${url}: ${wanted.href}`)
    }
    for (const { href } of FIND_THE_VERIFIER) {
      const links = navigationOf((await t.app.inject({ method: 'GET', url: href })).body)
      assert.deepEqual(
        links.filter((l) => l.current).map((l) => l.href),
        [href],
        `${href} is the current item`,
      )
    }
  })
})

describe('wayfinding: the start page, the header, the footer and the phase banner', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ CONTACT_EMAIL: 'credentials@centre.example.org' })
  })
  after(() => t.close())

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url })
    assert.equal(res.statusCode, 200, url)
    return parse(res.body)
  }

  it('has a section for each audience, each of its cards a link to what they can do', async () => {
    const main = (await get('/')).querySelector('main')
    assert.ok(main)
    for (const { heading, hrefs } of AUDIENCES) {
      const h2: HTMLElement | undefined = main.querySelectorAll('h2').find((h) => h.text.trim() === heading)
      assert.ok(h2, `a section headed "${heading}"`)
      // The cards of a section are the list that follows its heading.
      let list: HTMLElement | null = h2.nextElementSibling
      while (list && list.tagName !== 'UL') list = list.nextElementSibling
      assert.ok(list, `${heading}: its cards`)
      const cards: HTMLElement[] = list.querySelectorAll('.nhsuk-card--clickable')
      assert.deepEqual(
        cards.map((card) => card.querySelector('a.nhsuk-card__link')?.getAttribute('href')),
        hrefs,
        heading,
      )
    }
  })

  it("names the header's links in the users' words, not the Centre's", async () => {
    const texts = navigationOf((await get('/')).toString()).map((l) => l.text)
    for (const insiders of ['Criteria', 'Framework', 'Documents', 'Credentials', 'Directory'])
      assert.ok(!texts.includes(insiders), `"${insiders}" in ${texts.join(', ')}`)
    assert.ok(texts.includes('Find a credential'))
    assert.ok(texts.includes('How credentials are approved'))
  })

  it('has a footer leading to the accessibility statement, privacy, cookies, contact and help, each a real page', async () => {
    const footer = (await get('/credentials')).querySelector('footer')
    assert.ok(footer)
    const hrefs = linksIn(footer).map((l) => l.href)
    for (const href of ['/accessibility', '/privacy', '/cookies', '/contact', '/help', '/feedback'])
      assert.ok(hrefs.includes(href), `${href} in the footer`)
    for (const href of SERVICE_PAGES) {
      const page = await get(href)
      const h1 = page.querySelector('main h1')?.text.trim() ?? ''
      assert.ok(h1.length > 0, `${href} has a heading`)
      assert.ok(!/TODO|TBC|lorem/i.test(page.querySelector('main')?.text ?? ''), `${href} has no placeholder`)
    }
  })

  it('shows the phase with a link to a real feedback page, on every page', async () => {
    for (const url of ['/', '/credentials', '/accessibility']) {
      const banner = (await get(url)).querySelector('.app-phase-banner')
      assert.ok(banner, url)
      assert.equal(banner.querySelector('.nhsuk-tag')?.text.trim(), 'Beta')
      assert.equal(banner.querySelector('a')?.getAttribute('href'), '/feedback')
    }
    const feedback = await get('/feedback')
    assert.ok(
      linksIn(feedback.querySelector('main') ?? feedback).some((l) =>
        l.href.startsWith('mailto:credentials@centre.example.org'),
      ),
      'the feedback page gives the configured address',
    )
  })

  it('gives the accessibility statement in the GOV.UK model form, naming the tests behind it', async () => {
    const main = (await get('/accessibility')).querySelector('main')
    assert.ok(main)
    const headings = main.querySelectorAll('h2, h3').map((h) => h.text.trim())
    for (const section of [
      'How accessible this service is',
      'Feedback and contact information',
      'Reporting accessibility problems with this service',
      'Enforcement procedure',
      'Compliance status',
      'Non-accessible content',
      'Preparation of this accessibility statement',
    ])
      assert.ok(headings.includes(section), `"${section}" in ${headings.join(' | ')}`)
    const text = main.text.replace(/\s+/g, ' ')
    assert.match(text, /Web Content Accessibility Guidelines version 2\.2 AA standard/)
    assert.match(text, /axe-core against the WCAG 2\.0, 2\.1 and 2\.2 level A and AA rules/)
    assert.match(text, /with JavaScript turned off/)
    assert.match(text, /1280 and 320 pixels wide, with a check that nothing scrolls sideways/)
    assert.doesNotMatch(text, /need scrolling sideways/, 'no table is still said to scroll sideways')
    assert.match(text, /This statement was prepared on \d{1,2} [A-Z][a-z]+ \d{4}\./)
  })

  it('says plainly when no contact address is set, and invents none', async () => {
    const bare = await createTestApp()
    try {
      for (const url of ['/contact', '/feedback', '/privacy']) {
        const res = await bare.app.inject({ method: 'GET', url })
        const main = parse(res.body).querySelector('main')
        assert.ok(main)
        assert.equal(main.querySelectorAll('a[href^="mailto:"]').length, 0, url)
        assert.match(main.text, /No (contact|feedback) (email )?address has been set/, url)
      }
    } finally {
      await bare.close()
    }
  })
})
