import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
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
