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
