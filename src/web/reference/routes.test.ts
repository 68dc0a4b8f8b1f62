import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { attributesOf, mainText, textsOf } from '../../../test/support/html.ts'

describe('reference pages', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  const page = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url })
    assert.equal(res.statusCode, 200, url)
    return res.body
  }

  it('shows the seven principles and the gateway and endorsement criteria from the database', async () => {
    const html = await page('/criteria')
    const principles = html.slice(html.indexOf('id="principles"'), html.indexOf('id="gateway"'))
    assert.equal((principles.match(/<li><strong>/g) ?? []).length, 7)
    assert.match(mainText(html), /Co-produced/)
    assert.match(mainText(html), /G1: High-priority need/)
    assert.match(mainText(html), /G1\.1/)
    assert.match(mainText(html), /E4: Advanced-practice capabilities/)
    assert.match(mainText(html), /Map the area-specific capabilities/)
    assert.match(mainText(html), /Gateway criteria \(version 1\)/)
    assert.doesNotMatch(
      mainText(html),
      /E5\+|Further criteria|Numbered from 5 onwards/,
      'no placeholder criterion',
    )
  })

  it('says which endorsement criteria are not entered yet, and nothing of the kind for a full set', async () => {
    const html = await page('/criteria')
    const insets = textsOf(html, 'main .nhsuk-inset-text')
    const notEntered = insets.filter((text) => text.includes('not been entered here yet'))
    assert.equal(notEntered.length, 1, 'only the endorsement criteria have gaps')
    assert.match(notEntered[0] ?? '', /E1, E2 and E3 have not been entered here yet/)
  })

  it('shows the four pillars with their capabilities', async () => {
    const html = await page('/framework')
    for (const pillar of [
      '1. Clinical practice',
      '2. Leadership and management',
      '3. Education',
      '4. Research',
    ]) {
      assert.ok(html.includes(pillar), pillar)
    }
    assert.equal(textsOf(html, 'tr.nhsuk-table__row').length, 38 + 4)
    assert.match(mainText(html), /4\.8/)
  })

  it('shows the glossary in alphabetical order', async () => {
    const html = await page('/glossary')
    const terms = textsOf(html, 'dt.nhsuk-summary-list__key')
    assert.equal(terms.length, 15)
    assert.deepEqual(
      terms,
      [...terms].sort((a, b) => a.localeCompare(b)),
    )
  })

  it("lists the Centre's documents, each linking to a page that exists", async () => {
    const html = await page('/documents')
    const links = attributesOf(html, 'h2[class^="nhsuk-heading-s"] > a[href]', 'href')
    assert.deepEqual(links, ['/about', '/criteria', '/framework', '/glossary', '/intervention-types'])
    for (const link of links) await page(link)
  })

  it('explains the approach and the intervention types', async () => {
    assert.match(await page('/about'), /approval and assurance process/)
    assert.match(await page('/intervention-types'), /standards of practice/)
    assert.match(await page('/'), /Credentials by clinical area/)
  })
})
