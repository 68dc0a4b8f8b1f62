// Finding the verifier: "Check a credential" and the employer check are in the header's
// navigation on every page, and on the home page, for everyone (anonymous visitors too).
// The HTML is read by element, not by searching the text: a link elsewhere on the page does
// not count as the navigation's.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'

interface Link {
  href: string
  text: string
  current: boolean
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'wbr',
])
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const m of source.matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
    attributes[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? ''
  return attributes
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * The inner HTML of the first element whose tag name and class are given, found by walking
 * the page's tags and matching each closing tag to its opening one.
 */
function elementWithClass(html: string, tagName: string, className: string): string | null {
  let start = -1
  let depth = 0
  for (const m of html.matchAll(TAG)) {
    const [whole, closing, name, attributes, selfClosing] = m
    if (name === undefined || name.toLowerCase() !== tagName) continue
    if (selfClosing || VOID.has(tagName)) continue
    if (closing) {
      if (start < 0) continue
      depth -= 1
      if (depth === 0) return html.slice(start, m.index)
    } else if (start >= 0) depth += 1
    else if ((attributesOf(attributes ?? '').class ?? '').split(/\s+/).includes(className)) {
      start = m.index + whole.length
      depth = 1
    }
  }
  return null
}

function linksIn(html: string): Link[] {
  return [...html.matchAll(/<(?:li)([^>]*)>\s*<a\b([^>]*)>([\s\S]*?)<\/a>|<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map(
    (m) => {
      const item = attributesOf(m[1] ?? '')
      const anchor = attributesOf(m[2] ?? m[4] ?? '')
      return {
        href: anchor.href ?? '',
        text: textOf(m[3] ?? m[5] ?? ''),
        current:
          anchor['aria-current'] === 'page' ||
          (item.class ?? '').includes('nhsuk-header__navigation-item--current'),
      }
    },
  )
}

const navigationOf = (html: string) => {
  const nav = elementWithClass(html, 'nav', 'nhsuk-header__navigation')
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
    const main = elementWithClass(res.body, 'main', 'nhsuk-main-wrapper')
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
