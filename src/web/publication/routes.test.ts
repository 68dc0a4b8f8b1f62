import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { createDemoAccounts } from '../../db/seed/demo-accounts.ts'
import { DEMO_TITLES, seedDemoProcess } from '../../db/seed/demo-process.ts'
import {
  insertPublishedExample,
  RECOGNITION,
  VERSION_1,
  VERSION_2,
  type PublishedExample,
} from '../../../test/support/publication.ts'
import {
  attributeOf,
  everything,
  has,
  hasLink,
  hrefs,
  html,
  links,
  mainText,
  selectedOptions,
  spacedText,
  words,
} from '../../../test/support/html.ts'
import { pdfText } from '../../../test/support/pdf.ts'
import { longDate } from '../../domain/dates.ts'
import { SYSTEM_ACTOR } from '../../services/audit.ts'

/** The PDF's text as one line: wrapped lines joined, spaces collapsed. */
const flat = (text: string) => text.replace(/\s+/g, ' ')
/** Page text with a space wherever a tag was, without scripts: what a reader sees. */
const visible = spacedText

describe('published specifications', () => {
  let t: TestApp
  let example: PublishedExample
  let base: string
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  before(async () => {
    t = await createTestApp()
    example = await insertPublishedExample(t)
    base = `/credentials/${example.slug}/specification`
  })
  after(() => t.close())

  describe('the page of a version', () => {
    it('shows every section of the specification, with framework capabilities by code and label', async () => {
      const res = await get(`${base}/versions/2`)
      assert.equal(res.statusCode, 200)
      const text = visible(res.body)
      assert.match(text, /Frailty in the community Specification, version 2/)
      for (const part of [
        VERSION_2.purpose,
        VERSION_2.scope,
        VERSION_2.entryRequirements.mastersRoute,
        VERSION_2.entryRequirements.equivalence,
        VERSION_2.assessmentStrategy,
        "Master's level 7",
        'Providers report assessment outcomes to the Centre after the first cohort.',
        'Endorsed with conditions, 2 June 2026',
        'Published 2 June 2026',
        'Open Government Licence v3.0',
      ]) {
        assert.ok(text.includes(part), `the page says "${part}"`)
      }
      for (const heading of [
        'Purpose',
        'Scope',
        'Target professions',
        'Entry requirements',
        'Learning outcomes',
      ])
        assert.ok(
          html(res.body)
            .querySelectorAll('h2[id]')
            .some((h2) => words(h2.textContent) === heading),
          heading,
        )
      assert.match(text, /LO4 Recognise and respond to delirium\./)
      assert.match(text, /Credits 90/)
      assert.match(text, /Nurse Pharmacist/)
      // AC1 maps to 1.4, 1.6 and 1.7, under the clinical practice pillar, with their labels.
      assert.match(
        text,
        /AC1: Comprehensive geriatric assessment Clinical practice 1\.4 Assess individuals and families in partnership 1\.6 Clinical reasoning in differentiated and undifferentiated presentations 1\.7 Initiate, evaluate and modify interventions, including prescribing/,
      )
      assert.match(text, /AC5: Evaluate research on frailty interventions Research 4\.2 [^]+ 4\.3 /)
      assert.match(text, /Clinical practice AC1 Leadership and management AC2 Education AC3 Research AC5/)
      assert.doesNotMatch(text, /UNPUBLISHED DRAFT/)
      assert.doesNotMatch(text, /A newer version exists/)
    })

    it('links to the PDF, the JSON-LD (also as <link rel="alternate">) and the comparison with the previous version', async () => {
      const res = await get(`${base}/versions/2`)
      assert.equal(
        attributeOf(res.body, 'link[rel="alternate"][type="application/ld+json"]', 'href'),
        `${base}/versions/2/jsonld`,
      )
      assert.equal(
        attributeOf(res.body, 'link[rel="canonical"]', 'href'),
        `${TEST_BASE_URL}${base}/versions/2`,
      )
      assert.deepEqual(links(res.body, 'a[download]'), [
        { href: `${base}/versions/2/pdf`, text: 'Download this version as a PDF' },
      ])
      assert.ok(
        hasLink(res.body, `${base}/compare?from=1&to=2`, 'Compare with the previous version (version 1)'),
      )
      assert.ok(hasLink(res.body, `${base}/versions/1`, 'Version 1'))
    })

    it("links the Centre's signed endorsement of the version and says in words whether it stands", async () => {
      t.app.pageCache.clear()
      const page = html((await get(`${base}/versions/2`)).body)
      const section = page.querySelector('#endorsement')
      assert.equal(words(section?.text), 'The Centre’s endorsement In force')
      const href = `/achievements/${example.slug}/2/endorsement`
      assert.ok(hrefs(page).includes(href), 'links the signed endorsement')
      assert.ok(
        hrefs(page).includes('/verify/about') && hrefs(page).includes('/verify'),
        'and how it is checked',
      )
      assert.match(visible(page.toString()), /The Centre’s endorsement of this version is in force\./)
      const signed = await get(href)
      assert.equal(signed.statusCode, 200)
      assert.ok(JSON.parse(signed.body).type.includes('EndorsementCredential'))

      // Ending version 1's endorsement: its page says so, with the day in words.
      const v1 = await t.database.db
        .selectFrom('specification_version')
        .select('id')
        .where('credential_id', '=', example.credentialId)
        .where('number', '=', 1)
        .executeTakeFirstOrThrow()
      const found = await t.services.endorsements.find(v1.id)
      assert.ok(found)
      const { endedOn } = await t.services.endorsements.close(
        v1.id,
        found.rowVersion,
        'end',
        'Version 2 replaces it',
        SYSTEM_ACTOR,
      )
      assert.ok(endedOn)
      t.app.pageCache.clear()
      const older = html((await get(`${base}/versions/1`)).body)
      assert.equal(words(older.querySelector('#endorsement')?.text), 'The Centre’s endorsement Ended')
      const text = visible(older.toString())
      assert.ok(
        text.includes(
          `ended on ${longDate(endedOn)}: awards made under it on or before that day stay valid. Reason: Version 2 replaces it`,
        ),
        text,
      )
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/)
      t.app.pageCache.clear()
    })

    it('says of an older version that a newer one exists, and links to it', async () => {
      const res = await get(`${base}/versions/1`)
      assert.equal(res.statusCode, 200)
      const text = visible(res.body)
      assert.match(text, /A newer version exists/)
      assert.ok(hasLink(res.body, `${base}/versions/2`, 'Read version 2, published 2 June 2026'))
      assert.ok(text.includes(VERSION_1.outcomes[2]!.text), 'version 1 keeps its own content')
      assert.match(text, /Endorsed, 14 March 2025/)
      assert.doesNotMatch(everything(res.body), /Compare with the previous version/)
    })

    it("is linked from the credential's catalogue page, with its date and the earlier versions", async () => {
      const res = await get(`/credentials/${example.slug}`)
      assert.equal(res.statusCode, 200)
      assert.match(visible(res.body), /Specification: version 2, published 2 June 2026\./)
      assert.ok(hasLink(res.body, `${base}/versions/2`, 'Read version 2 of the specification'))
      assert.ok(
        html(res.body)
          .querySelectorAll('p')
          .some(
            (p) =>
              words(p.textContent).startsWith('Earlier versions: version 1') &&
              hasLink(p, `${base}/versions/1`, 'version 1'),
          ),
      )
    })

    it('shows the newest published version at the specification address', async () => {
      const res = await get(base)
      assert.equal(res.statusCode, 200)
      assert.match(visible(res.body), /Specification, version 2/)
      assert.equal(
        attributeOf(res.body, 'link[rel="canonical"]', 'href'),
        `${TEST_BASE_URL}${base}/versions/2`,
      )
    })

    it('answers 404 for a draft, a version that does not exist, a credential without published versions and an unknown one', async () => {
      assert.equal((await get(`${base}/versions/3`)).statusCode, 404, 'a draft is not public')
      assert.equal((await get(`${base}/versions/3/pdf`)).statusCode, 404)
      assert.equal((await get(`${base}/versions/3/jsonld`)).statusCode, 404)
      assert.equal((await get(`${base}/versions/99`)).statusCode, 404)
      assert.equal((await get('/credentials/no-such-credential/specification')).statusCode, 404)
      const unpublished = await t.database.db
        .selectFrom('credential')
        .select('slug')
        .where('status', '=', 'tbc')
        .executeTakeFirstOrThrow()
      assert.equal((await get(`/credentials/${unpublished.slug}/specification`)).statusCode, 404)
      assert.equal((await get(`/credentials/${unpublished.slug}/specification/compare`)).statusCode, 404)
    })

    it('answers 400 for a version number that is not a number', async () => {
      for (const bad of ['two', '0', '-1', '1.5', '99999999999'])
        assert.equal((await get(`${base}/versions/${bad}`)).statusCode, 400, bad)
    })

    it('shows a recognised credential: owner, their document, summary and crosswalk', async () => {
      const res = await get(`/credentials/${example.recognisedSlug}/specification/versions/1`)
      assert.equal(res.statusCode, 200)
      const text = visible(res.body)
      assert.match(text, /Recognition, version 1/)
      assert.ok(hasLink(res.body, RECOGNITION.ownerUrl, RECOGNITION.ownerName))
      assert.ok(hrefs(res.body, /^Read the credential or curriculum/).includes(RECOGNITION.documentUrl))
      assert.ok(text.includes(RECOGNITION.summary))
      assert.match(
        text,
        /C2: Lead the shift Leadership and management 2\.1 Build and lead team relationships 2\.5 Lead service redesign/,
      )
      assert.match(text, /Recognised/)
    })

    it('says clearly on every version that a withdrawn credential is withdrawn', async () => {
      const withdrawn = await insertPublishedExample(t, 'withdrawn-frailty')
      await t.database.db
        .updateTable('credential')
        .set({ status: 'withdrawn' })
        .where('id', '=', withdrawn.credentialId)
        .execute()
      await t.database.db
        .updateTable('specification_version')
        .set({ state: 'withdrawn' })
        .where('credential_id', '=', withdrawn.credentialId)
        .where('number', '=', 2)
        .execute()
      for (const n of [1, 2]) {
        const res = await get(`/credentials/withdrawn-frailty/specification/versions/${n}`)
        assert.equal(res.statusCode, 200)
        assert.match(
          visible(res.body),
          /This credential has been withdrawn It is no longer available for delivery/,
        )
      }
      const jsonLd = JSON.parse(
        (await get('/credentials/withdrawn-frailty/specification/versions/2/jsonld')).body,
      )
      assert.equal(jsonLd.creativeWorkStatus, 'Withdrawn')
      assert.equal(jsonLd['apc:withdrawn'], true)
    })
  })

  describe('the PDF', () => {
    it('is a tagged PDF download with every section of the version', async () => {
      const res = await get(`${base}/versions/2/pdf`)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], 'application/pdf')
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="${example.slug}-specification-version-2.pdf"`,
      )
      const pdf = res.rawPayload
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      const raw = pdf.toString('latin1')
      assert.match(raw, /\/StructTreeRoot/, 'tagged')
      assert.match(raw, /\/MarkInfo/)
      assert.match(raw, /\/Lang \(en-GB\)/)

      const text = flat(pdfText(pdf))
      for (const part of [
        'Frailty in the community',
        'Version: 2',
        'Published: 2 June 2026',
        'Decision: Endorsed with conditions',
        'Providers report assessment outcomes to the Centre after the first cohort.',
        VERSION_2.purpose,
        VERSION_2.scope,
        'Nurse',
        'Pharmacist',
        VERSION_2.entryRequirements.mastersRoute,
        VERSION_2.entryRequirements.equivalence,
        'LO2: Plan anticipatory care with the person, their family and carers.',
        'LO4: Recognise and respond to delirium.',
        'AC1: Comprehensive geriatric assessment',
        'Clinical practice: 1.4 Assess individuals and families in partnership; 1.6 Clinical reasoning',
        'Research: 4.2',
        VERSION_2.assessmentStrategy,
        "Level: Master's level 7",
        'Credits: 90',
        'Open Government Licence v3.0',
        'Page 1 of',
      ]) {
        assert.ok(text.includes(part), `the PDF says "${part}"`)
      }
      assert.ok(!text.includes('LO3'), 'version 2 has no LO3')
      assert.ok(!text.includes('UNPUBLISHED DRAFT'))
    })

    it('of an earlier version has that version, and the same bytes every time (it is cached for good)', async () => {
      const pdf = (await get(`${base}/versions/1/pdf`)).rawPayload
      assert.ok(pdf.equals((await get(`${base}/versions/1/pdf`)).rawPayload), 'the same bytes')
      const text = flat(pdfText(pdf))
      assert.ok(!text.includes('newer version'), 'what may change later is left to the page')
      assert.ok(
        text.replace(/\s/g, '').includes(`${TEST_BASE_URL}${base}`),
        'it says where the newest version is',
      )
      assert.ok(text.includes('LO3: Review medicines for people living with frailty.'))
      assert.ok(text.includes('Credits: 60'))
    })

    it('of a recognised credential has its owner, document and crosswalk', async () => {
      const text = flat(
        pdfText(
          (await get(`/credentials/${example.recognisedSlug}/specification/versions/1/pdf`)).rawPayload,
        ),
      )
      for (const part of [
        RECOGNITION.ownerName,
        RECOGNITION.documentUrl,
        RECOGNITION.summary,
        'C1: Manage the undifferentiated patient',
      ])
        assert.ok(text.includes(part), `the PDF says "${part}"`)
    })
  })

  describe('JSON-LD', () => {
    it('describes the version with schema.org and the framework capabilities as DefinedTerms', async () => {
      const res = await get(`${base}/versions/2/jsonld`)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], 'application/ld+json; charset=utf-8')
      const doc = JSON.parse(res.body)
      assert.equal(doc['@context'][0], 'https://schema.org')
      assert.equal(doc['@context'][1].apc, `${TEST_BASE_URL}/specification-vocabulary#`)
      assert.equal(doc['@type'], 'EducationalOccupationalCredential')
      assert.equal(doc['@id'], `${TEST_BASE_URL}${base}/versions/2`)
      assert.equal(doc.url, doc['@id'])
      assert.equal(doc.name, 'Frailty in the community')
      assert.equal(doc.version, '2')
      assert.equal(doc.datePublished, '2026-06-02T09:30:00.000Z')
      assert.equal(doc.credentialCategory, 'Credential specification')
      assert.equal(doc.educationalLevel, 'Level 7')
      assert.equal(doc.description, VERSION_2.purpose)
      assert.equal(doc.creativeWorkStatus, 'Published')
      assert.equal(doc.license, 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/')
      assert.equal(doc.about.name.length > 0, true)
      assert.deepEqual(
        doc.competencyRequired.map((c: { termCode: string }) => c.termCode),
        ['1.4', '1.6', '1.7', '2.1', '3.1', '4.2', '4.3'],
      )
      const term = doc.competencyRequired[1]
      assert.equal(term['@type'], 'DefinedTerm')
      assert.equal(term.name, 'Clinical reasoning in differentiated and undifferentiated presentations')
      assert.equal(term.inDefinedTermSet['@type'], 'DefinedTermSet')
      assert.equal(term.inDefinedTermSet['@id'], `${TEST_BASE_URL}/framework`)
      assert.deepEqual(
        doc['apc:learningOutcome'].map((o: { identifier: string }) => o.identifier),
        ['LO1', 'LO2', 'LO4'],
      )
      assert.deepEqual(doc['apc:areaCapability'][4 - 4]['apc:mapsTo'], [
        { '@id': `${TEST_BASE_URL}/framework#capability-1.4` },
        { '@id': `${TEST_BASE_URL}/framework#capability-1.6` },
        { '@id': `${TEST_BASE_URL}/framework#capability-1.7` },
      ])
      assert.equal(doc['apc:credits'], 90)
      assert.equal(doc['apc:decision'].name, 'Endorsed with conditions')
      assert.equal(doc['apc:previousVersion'], `${TEST_BASE_URL}${base}/versions/1`)
      assert.equal(doc['apc:latestVersion'], `${TEST_BASE_URL}${base}/versions/2`)
      assert.ok(
        doc.encoding.some(
          (e: { encodingFormat: string; contentUrl: string }) =>
            e.encodingFormat === 'application/pdf' &&
            e.contentUrl === `${TEST_BASE_URL}${base}/versions/2/pdf`,
        ),
      )
    })

    it('of a recognised credential names its owner and crosswalk', async () => {
      const doc = JSON.parse(
        (await get(`/credentials/${example.recognisedSlug}/specification/versions/1/jsonld`)).body,
      )
      assert.equal(doc.author.name, RECOGNITION.ownerName)
      assert.equal(doc.isBasedOn, RECOGNITION.documentUrl)
      assert.equal(doc['apc:crosswalk'].length, 2)
      assert.equal(doc.credentialCategory, 'Recognised curriculum')
    })

    it('has its vocabulary documented at the address of its prefix', async () => {
      const res = await get('/specification-vocabulary')
      assert.equal(res.statusCode, 200)
      assert.ok(has(res.body, '#areaCapability'))
      assert.ok(has(res.body, '#mapsTo'))
    })
  })

  describe('comparing versions', () => {
    it('compares outcome by outcome, capability by capability, then the other parts', async () => {
      const res = await get(`${base}/compare?from=1&to=2`)
      assert.equal(res.statusCode, 200)
      const row = (id: string) => {
        const found = html(res.body).querySelector(`tr.nhsuk-table__row[id="${id}"]`)
        assert.ok(found, `a row ${id}`)
        return visible(found)
      }
      assert.equal(
        row('outcome-LO1'),
        'LO1 Unchanged Assess frailty with validated tools. Assess frailty with validated tools.',
      )
      assert.equal(
        row('outcome-LO2'),
        'LO2 Changed Plan care with the person and their family. Plan anticipatory care with the person, their family and carers.',
      )
      assert.equal(
        row('outcome-LO3'),
        'LO3 Removed Review medicines for people living with frailty. Not in this version',
      )
      assert.equal(row('outcome-LO4'), 'LO4 Added Not in this version Recognise and respond to delirium.')
      assert.match(
        row('capability-AC1'),
        /^AC1 Changed Comprehensive geriatric assessment Clinical practice 1\.4 .* 1\.6 .* Comprehensive geriatric assessment Clinical practice 1\.4 .* 1\.7 Initiate/,
      )
      assert.match(row('capability-AC2'), /^AC2 Unchanged /)
      assert.match(
        row('capability-AC3'),
        /^AC3 Changed Teach frailty assessment to colleagues .* Teach and supervise frailty assessment/,
      )
      assert.match(
        row('capability-AC4'),
        /^AC4 Removed Audit frailty outcomes Research 4\.2 .* Not in this version$/,
      )
      assert.match(
        row('capability-AC5'),
        /^AC5 Added Not in this version Evaluate research on frailty interventions Research 4\.2/,
      )
      assert.equal(row('field-credits'), 'Credits Changed 60 90')
      assert.match(
        row('field-scope'),
        /^Scope Changed Community and intermediate care .* Community, intermediate and acute care/,
      )
      assert.match(row('field-purpose'), /^Purpose Unchanged /)
      const text = visible(res.body)
      assert.match(text, /Learning outcomes: 1 added, 1 removed, 1 changed, 1 unchanged/)
      assert.match(text, /Area-specific capabilities: 1 added, 1 removed, 2 changed, 1 unchanged/)
      assert.match(text, /Other parts: 0 added, 0 removed, 2 changed, 6 unchanged/)
    })

    it('compares the other way round too, and by default the newest version against the one before', async () => {
      const reversed = visible((await get(`${base}/compare?from=2&to=1`)).body)
      assert.match(reversed, /Learning outcomes: 1 added, 1 removed, 1 changed, 1 unchanged/)
      assert.match(reversed, /Version 2 compared with version 1/)
      const defaults = await get(`${base}/compare`)
      assert.equal(defaults.statusCode, 200)
      assert.match(visible(defaults.body), /Version 1 compared with version 2/)
      assert.deepEqual(selectedOptions(defaults.body), [
        { value: '1', text: 'Version 1 (superseded)' },
        { value: '2', text: 'Version 2 (current)' },
      ])

      assert.equal(attributeOf(defaults.body, `form[action="${base}/compare"]`, 'method'), 'get')
    })

    it('shows the form with an error, never a 500, for versions it cannot compare', async () => {
      const cases: Array<[string, string]> = [
        ['from=one&to=2', 'Select the version to compare from'],
        ['from=1', 'Select the version to compare with'],
        ['from=1&to=', 'Select the version to compare with'],
        ['from=1&to=3', 'Select a published version to compare with'],
        ['from=99&to=2', 'Select a published version to compare from'],
        ['from=2&to=2', 'Select two different versions to compare'],
        ['from=1&to=2.5', 'Select the version to compare with'],
        ['from=1&to=99999999999999', 'Select the version to compare with'],
      ]
      for (const [query, message] of cases) {
        const res = await get(`${base}/compare?${query}`)
        assert.equal(res.statusCode, 400, query)
        assert.match(mainText(res.body), /There is a problem/, query)
        assert.ok(visible(res.body).includes(message), `${query}: ${message}`)
        assert.ok(!has(res.body, '#changes'), `${query}: no comparison`)
      }
      assert.equal((await get(`${base}/compare?from=1&from=2&to=2`)).statusCode, 400)
    })

    it('says there is nothing to compare when one version is published', async () => {
      for (const query of ['', '?from=1&to=1', '?from=1&to=2']) {
        const res = await get(`/credentials/${example.recognisedSlug}/specification/compare${query}`)
        assert.equal(res.statusCode, 200, query)
        assert.match(
          visible(res.body),
          /Only one version has been published, so there is nothing to compare yet/,
        )
        assert.doesNotMatch(everything(res.body), /There is a problem/)
      }
    })
  })

  describe('caching', () => {
    it('keeps the PDF for good, and the page and JSON-LD, which say if a newer version exists, for five minutes', async () => {
      assert.equal(
        (await get(`${base}/versions/2/pdf`)).headers['cache-control'],
        'public, max-age=31536000, immutable',
      )
      assert.equal((await get(`${base}/versions/2/jsonld`)).headers['cache-control'], 'public, max-age=300')
      const first = await get(`${base}/versions/1`)
      const second = await get(`${base}/versions/1`)
      assert.equal(second.headers['x-page-cache'], 'hit', 'the second answer came from the page cache')
      for (const res of [first, second]) {
        assert.equal(res.headers['cache-control'], 'public, max-age=300')
        assert.equal(res.headers.vary, 'Cookie')
      }
      assert.equal(
        (await get(`${base}/versions/99`)).headers['cache-control'],
        undefined,
        'a 404 is not kept',
      )
    })

    it('lets only their own browser keep the pages of someone signed in', async () => {
      await createAccount(t, 'reader@example.org', [{ role: 'practitioner' }])
      const reader = await signedIn(t, 'reader@example.org')
      const res = await reader.get(`${base}/versions/2`)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['cache-control'], 'private, no-cache')
    })
  })

  describe('versions published through the real process (the demo records)', () => {
    it('shows both versions of the demo specification and compares them', async () => {
      await createDemoAccounts(t.database.db, t.services)
      await seedDemoProcess(t.database.db, t.services)
      const { slug } = await t.database.db
        .selectFrom('credential')
        .select('slug')
        .where('title', '=', DEMO_TITLES.published)
        .executeTakeFirstOrThrow()
      const demo = `/credentials/${slug}/specification`
      for (const path of [
        demo,
        `${demo}/versions/1`,
        `${demo}/versions/2`,
        `${demo}/versions/1/pdf`,
        `${demo}/versions/2/jsonld`,
      ])
        assert.equal((await get(path)).statusCode, 200, path)
      const compared = visible((await get(`${demo}/compare`)).body)
      assert.match(compared, /Version 1 compared with version 2/)
      assert.match(compared, /Learning outcomes: \d+ added, \d+ removed, \d+ changed, \d+ unchanged/)
      // Each learning outcome is shown with the framework capabilities it develops, and compared with them.
      const v2 = (await get(`${demo}/versions/2`)).body
      assert.match(
        words(html(v2).querySelector('#outcome-LO3')?.textContent),
        /^LO3 Review and rationalise medicines, including deprescribing where appropriate\. Clinical practice 1\.7 Initiate, evaluate and modify interventions, including prescribing 1\.8 Manage risk$/,
      )
      const lo2 = words(html((await get(`${demo}/compare`)).body).querySelector('#outcome-LO2')?.textContent)
      assert.match(
        lo2,
        /explain the results\. Clinical practice 1\.6 [^]+ shared care records\. Clinical practice 1\.6 [^]+1\.9 Work across agencies and professions$/,
      )
      const recognised = await t.database.db
        .selectFrom('credential')
        .select('slug')
        .where('title', '=', DEMO_TITLES.recognised)
        .executeTakeFirstOrThrow()
      assert.match(
        mainText(visible((await get(`/credentials/${recognised.slug}/specification`)).body)),
        /Recognition, version 1/,
      )
    })
  })

  describe('the service', () => {
    it('lists the published versions only, oldest first', async () => {
      const list = await t.services.publication.listPublished(example.slug)
      assert.deepEqual(
        list?.versions.map((v) => [v.number, v.state]),
        [
          [1, 'superseded'],
          [2, 'published'],
        ],
      )
      assert.equal(await t.services.publication.getPublished(example.slug, 3), null)
      assert.equal(await t.services.publication.listPublished('no-such-credential'), null)
    })
  })
})
