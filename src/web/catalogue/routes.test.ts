import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import {
  insertApprovedProvider,
  insertPublishedExample,
  type PublishedExample,
} from '../../../test/support/publication.ts'
import { expandWithoutDrops, SCHEMA_ORG, schemaOrgTerm } from '../../../test/support/structured-data.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { fixedClock } from '../../domain/clock.ts'
import {
  attributeOf,
  attributesOf,
  errorFor,
  errorLinks,
  has,
  hasLink,
  heading,
  html,
  mainText,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'

const itemCount = (html: string) => html.split('class="app-credential-list__item"').length - 1
const areaHeadings = (page: string) =>
  attributesOf(page, 'h2[id^="area-"]', 'id').map((id) => id.slice('area-'.length))

describe('the public catalogue', () => {
  let t: TestApp
  before(async () => {
    // The day the issue was found: every date the seed gives has passed.
    t = await createTestApp({}, { clock: fixedClock('2026-12-06T12:00:00Z') })
  })
  after(() => t.close())

  const get = (url: string) => t.app.inject({ method: 'GET', url })

  it('lists every credential and intervention, grouped by clinical area', async () => {
    const res = await get('/credentials')
    assert.equal(res.statusCode, 200)
    assert.equal(itemCount(res.body), 36)
    assert.match(mainText(res.body), /36 credentials and interventions/)
    const areas = areaHeadings(res.body)
    assert.equal(areas.length, 17)
    assert.deepEqual(areas, [...areas].sort(), 'areas in alphabetical order')
    const tags = textsOf(res.body, '.nhsuk-tag')
    assert.ok(tags.includes('Was due Spring 2021'), 'a date that has passed says so')
    assert.ok(!tags.some((tag) => /^Due /.test(tag)), 'no passed date reads as still to come')
    assert.ok(tags.includes('Not yet scheduled'))
    assert.ok(!tags.includes('TBC'))
    assert.doesNotMatch(mainText(res.body), /\bTBC\b/, 'nothing on the seeded catalogue reads TBC')
    assert.match(mainText(res.body), /Not yet known/, 'a level not yet known says so')
    assert.match(mainText(res.body), /Master's level 7/)
    assert.match(mainText(res.body), /Capability framework/)
  })

  it('filters by area, status and type, and says how many matched', async () => {
    const res = await get('/credentials?area=medicine&status=endorsed&type=credential_specification&q=')
    assert.equal(res.statusCode, 200)
    assert.equal(itemCount(res.body), 3)
    assert.match(mainText(res.body), /3 credentials and interventions match your filters/)
    for (const title of ['Acute medicine', 'End-of-life care', 'Older people'])
      assert.ok(res.body.includes(title), title)
    assert.equal(attributeOf(res.body, 'select[name="area"] option[selected]', 'value'), 'medicine')
    assert.ok(hasLink(res.body, '/credentials', 'Clear filters'))
  })

  it('searches by words across titles, areas, owners and notes, every word counting', async () => {
    assert.equal(itemCount((await get('/credentials?q=rehabilitation')).body), 3)
    assert.equal(itemCount((await get('/credentials?q=Royal+College')).body), 1)
    assert.equal(
      itemCount((await get('/credentials?q=stroke')).body),
      2,
      'title "Acute stroke" and a note "Includes stroke."',
    )
    assert.equal(itemCount((await get('/credentials?q=acute+paediatrics')).body), 1)
    const oneMatch = await get('/credentials?q=sonography')
    assert.match(mainText(oneMatch.body), /1 credential or intervention matches your filters/)
  })

  it('treats search words as words, not patterns', async () => {
    const res = await get('/credentials?q=%25')
    assert.equal(res.statusCode, 200)
    assert.equal(itemCount(res.body), 0)
  })

  it('says so when nothing matches, and how to find more', async () => {
    const res = await get('/credentials?q=zzzz')
    assert.equal(res.statusCode, 200)
    assert.match(mainText(res.body), /0 credentials and interventions match your filters/)
    assert.match(mainText(res.body), /No credentials match your filters/)
    assert.match(mainText(res.body), /use fewer or different search words/)
  })

  it('answers an unknown filter value with the error summary and a 400, not a 500', async () => {
    const res = await get('/credentials?area=astrology&status=approved&type=book')
    assert.equal(res.statusCode, 400)
    assert.match(textOf(res.body, 'title'), /^Error: /)
    assert.match(mainText(res.body), /There is a problem/)
    assert.equal(errorFor(res.body, 'area'), 'Select a clinical area from the list')
    assert.equal(errorFor(res.body, 'status'), 'Select a status from the list')
    assert.equal(errorFor(res.body, 'type'), 'Select a type from the list')
    assert.ok(has(res.body, '#area-error'))
  })

  it('refuses search words longer than 200 characters with a message', async () => {
    const res = await get(`/credentials?q=${'a'.repeat(201)}`)
    assert.equal(res.statusCode, 400)
    assert.match(mainText(res.body), /Search words must be 200 characters or fewer/)
  })

  it('finds "Musculo-skeletal conditions" however it is typed: spelt out, spaced, abbreviated, accented', async () => {
    const titlesFor = async (q: string) =>
      textsOf((await get(`/credentials?q=${encodeURIComponent(q)}`)).body, '.app-credential-list__item h3')
    for (const q of ['musculoskeletal', 'MSK', 'musculo skeletal', 'Musculo-skeletal', 'músculo-skéletal']) {
      assert.ok((await titlesFor(q)).includes('Musculo-skeletal conditions'), q)
    }
    assert.ok((await titlesFor('MSK')).includes('Reporting images (MSK)'), 'and the abbreviation itself')
    assert.ok(
      (await titlesFor('pélvic')).includes('Pelvic health'),
      'an accented word finds the unaccented name',
    )
    assert.ok((await titlesFor('end of life')).includes('End-of-life care'))
    assert.deepEqual(await titlesFor('musculoskeletal zebra'), [], 'every word must match')
  })

  it('answers a repeated filter with a 400 page', async () => {
    const res = await get('/credentials?status=due&status=endorsed')
    assert.equal(res.statusCode, 400)
    assert.match(res.headers['content-type'] as string, /text\/html/)
  })

  it("shows a credential's area, status, level, origin, notes and timeline", async () => {
    const res = await get('/credentials/acute-medicine')
    assert.equal(res.statusCode, 200)
    assert.equal(heading(res.body), 'Acute medicine')
    assert.match(mainText(res.body), /Developed for the Centre/)
    const now = res.body.indexOf('Endorsed (now)')
    const earlier = res.body.indexOf('Was due Autumn 2020')
    assert.ok(now > 0 && earlier > now, 'the timeline shows the current status first, then the earlier one')
    assert.match(mainText(res.body), /About 2020, from the Health Education England web page "Credentials"/)
    assert.match(mainText(res.body), /2022, from the Centre for Advancing Practice web page "Credentials"/)
  })

  it('dates each seeded timeline entry by its source, never with a research note', async () => {
    for (const slug of ['acute-medicine', 'musculo-skeletal-conditions', 'neonatal', 'surgery']) {
      const res = await get(`/credentials/${slug}`)
      const entries = textsOf(res.body, '.app-timeline__item p:first-of-type')
      assert.ok(entries.length > 0, slug)
      for (const entry of entries) {
        assert.match(
          entry,
          /^(About 2020|2022), from the (Health Education England|Centre for Advancing Practice) web page "Credentials"$/,
          slug,
        )
      }
      assert.doesNotMatch(mainText(res.body), /Credentials page:|\(about 2020\)/, slug)
    }
  })

  it("names another body's curriculum owner with its link", async () => {
    const res = await get('/credentials/rcem-emergency-care-curriculum')
    assert.equal(res.statusCode, 200)
    assert.match(mainText(res.body), /Owned by another body/)
    assert.ok(hasLink(res.body, 'https://rcem.ac.uk/', 'Royal College of Emergency Medicine (RCEM)'))
  })

  it("carries the seed's notes: Ophthalmology's modular areas, Primary Care's GP contract", async () => {
    assert.match(
      mainText((await get('/credentials/ophthalmology-four-key-modular-areas')).body),
      /four key modular areas/,
    )
    assert.match(
      mainText((await get('/credentials/primary-care-dietitians')).body),
      /GP Contract requirements/,
    )
  })

  it('answers an unknown credential with the 404 page', async () => {
    const res = await get('/credentials/no-such-credential')
    assert.equal(res.statusCode, 404)
    assert.match(mainText(res.body), /Page not found/)
  })

  // Snapshot 001 lists these as Centre-endorsed; their specifications are documents of the Centre's own.
  const ENDORSED_IN_2022 = [
    'acute-medicine',
    'community-based-rehabilitation',
    'end-of-life-care',
    'learning-disability-and-autism',
    'mental-health',
    'musculo-skeletal-conditions',
    'neurological-rehabilitation',
    'older-people',
    'pelvic-health',
    'public-health',
    'surgery',
  ]

  it('says of each credential endorsed in 2022 where its specification is and who delivers it', async () => {
    for (const slug of ENDORSED_IN_2022) {
      const res = await get(`/credentials/${slug}`)
      assert.equal(res.statusCode, 200, slug)
      assert.ok(has(res.body, 'h2#specification'), slug)
      assert.match(
        mainText(res.body),
        /The Centre published its specification as a document of its own/,
        slug,
      )
      assert.ok(has(res.body, 'h2#providers'), slug)
      assert.match(mainText(res.body), /No provider delivers it yet/, slug)
      assert.doesNotMatch(
        mainText(res.body),
        /Record where the Centre published it/,
        'no admin link for visitors',
      )
    }
  })

  it('lets a Centre admin record where the Centre published it, checked, audited and shown on the page', async () => {
    await createAccount(t, 'document-admin@example.org', [{ role: 'centre_admin' }])
    const admin = await signedIn(t, 'document-admin@example.org')
    const page = await admin.get('/credentials/pelvic-health')
    assert.ok(
      hasLink(page.body, '/credentials/pelvic-health/document', 'Record where the Centre published it'),
    )
    assert.equal((await admin.get('/credentials/pelvic-health/document')).statusCode, 200)

    const refused = await admin.post('/credentials/pelvic-health/document', {
      url: 'javascript:alert(1)',
      title: '',
    })
    assert.equal(refused.statusCode, 303)
    const form = await admin.get('/credentials/pelvic-health/document')
    assert.deepEqual(
      errorLinks(form.body).map((e) => e.text),
      [
        'Enter a web address starting with https://, like https://www.hee.nhs.uk/credentials.pdf',
        'Enter the title of the document',
      ],
    )

    const url = 'https://example.org/pelvic-health-specification.pdf'
    const saved = await admin.post('/credentials/pelvic-health/document', {
      action: 'save',
      url,
      title: 'Pelvic health credential specification',
    })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/credentials/pelvic-health')
    const after = await get('/credentials/pelvic-health')
    assert.ok(hasLink(after.body, url, 'Pelvic health credential specification'))
    assert.match(
      mainText(after.body),
      /The Centre published its specification in Pelvic health credential specification/,
    )
    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_label', 'entity_type'])
      .where('action', '=', 'credential.document_set')
      .executeTakeFirstOrThrow()
    assert.deepEqual(event, {
      action: 'credential.document_set',
      actor_label: 'document-admin@example.org',
      entity_type: 'credential',
    })

    await admin.post('/credentials/pelvic-health/document', { action: 'remove' })
    assert.match(
      mainText((await get('/credentials/pelvic-health')).body),
      /where is not recorded here yet/,
      'removed again',
    )
  })
})

describe('schema.org structured data on the catalogue pages', () => {
  let t: TestApp
  let example: PublishedExample
  let provider: { id: string; name: string; website: string }
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  before(async () => {
    t = await createTestApp()
    example = await insertPublishedExample(t)
    provider = await insertApprovedProvider(t, example)
  })
  after(() => t.close())

  /** The page's one JSON-LD script, parsed, with the nonce it carries. */
  function structuredData(res: { body: string; headers: Record<string, unknown> }) {
    const scripts = html(res.body).querySelectorAll('script[type="application/ld+json"]')
    assert.equal(scripts.length, 1, 'one JSON-LD script')
    const script = scripts[0]!
    const policy = String(res.headers['content-security-policy'])
    const nonce = script.getAttribute('nonce')
    assert.ok(nonce && policy.includes(`'nonce-${nonce}'`), 'it carries the response nonce')
    return { json: JSON.parse(script.textContent), raw: script.textContent }
  }

  it('describes a credential as an EducationalOccupationalCredential, every term schema.org', async () => {
    const res = await get(`/credentials/${example.slug}`)
    assert.equal(res.statusCode, 200)
    const { json: doc } = structuredData(res)
    assert.equal(doc['@context'], 'https://schema.org')
    assert.equal(doc['@type'], 'EducationalOccupationalCredential')
    assert.equal(doc.url, `${TEST_BASE_URL}/credentials/${example.slug}`)
    assert.equal(doc.name, 'Frailty in the community')
    assert.equal(doc.educationalLevel, 'Level 7')
    assert.equal(doc.credentialCategory, 'Credential specification')
    assert.equal(doc.recognizedBy.name, 'Centre for Advancing Practice')
    assert.ok(doc.description.length > 0)
    // The capabilities version 2 maps to, from the framework, in its order.
    assert.deepEqual(
      doc.competencyRequired.map((c: { termCode: string }) => c.termCode),
      ['1.4', '1.6', '1.7', '2.1', '3.1', '4.2', '4.3'],
    )
    assert.equal(doc.competencyRequired[0].inDefinedTermSet['@id'], `${TEST_BASE_URL}/framework`)
    assert.deepEqual(
      doc.offers.map((o: { offeredBy: { name: string; url: string } }) => o.offeredBy),
      [{ '@type': 'Organization', name: provider.name, url: provider.website }],
    )
    const iris = await expandWithoutDrops(doc, [SCHEMA_ORG], schemaOrgTerm)
    for (const term of [
      'competencyRequired',
      'offers',
      'recognizedBy',
      'educationalLevel',
      'inDefinedTermSet',
    ])
      assert.ok(iris.has(schemaOrgTerm(term)), term)
  })

  it('says only what the catalogue records of a credential with nothing published', async () => {
    const res = await get('/credentials/critical-care-accp-curriculum')
    const { json: doc } = structuredData(res)
    assert.equal(doc.competencyRequired, undefined)
    assert.equal(doc.offers, undefined)
    await expandWithoutDrops(doc, [SCHEMA_ORG], schemaOrgTerm)
  })

  it('keeps "</script>" in a description from ending the script', async () => {
    const summary = 'Safe </script><script>alert(1)</script> & <!-- "quoted" \u2028 text'
    // Another credential than the one already asked for: its page is not in the page cache yet.
    await t.database.db
      .updateTable('credential')
      .set({ summary })
      .where('slug', '=', example.recognisedSlug)
      .execute()
    const res = await get(`/credentials/${example.recognisedSlug}`)
    const { json: doc, raw } = structuredData(res)
    assert.equal(doc.description, summary)
    assert.ok(!raw.includes('<'), 'no < inside the script')
    const others = html(res.body).querySelectorAll('script:not([type="application/ld+json"])')
    assert.ok(!others.some((script) => script.textContent.includes('alert')), 'no script made of the text')
  })

  it('lists the credentials of the page as an ItemList, in the page order', async () => {
    const res = await get('/credentials?q=frailty')
    assert.equal(res.statusCode, 200)
    const { json: doc } = structuredData(res)
    assert.equal(doc['@type'], 'ItemList')
    assert.equal(doc.url, `${TEST_BASE_URL}/credentials?q=frailty`)
    const titles = textsOf(res.body, '.app-credential-list__item h3 a')
    assert.equal(doc.numberOfItems, doc.itemListElement.length)
    assert.ok(titles.includes('Frailty in the community'))
    assert.deepEqual(
      doc.itemListElement.map((e: { position: number }) => e.position),
      doc.itemListElement.map((_: unknown, i: number) => i + 1),
    )
    assert.deepEqual(
      doc.itemListElement.map((e: { item: { name: string } }) => e.item.name),
      titles,
    )
    await expandWithoutDrops(doc, [SCHEMA_ORG], schemaOrgTerm)

    const all = structuredData(await get('/credentials')).json
    assert.equal(all.numberOfItems, 38)
    await expandWithoutDrops(all, [SCHEMA_ORG], schemaOrgTerm)
  })
})
