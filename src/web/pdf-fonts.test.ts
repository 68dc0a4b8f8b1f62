import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { embeddedFonts, pdfText } from '../../test/support/pdf.ts'
import { VERSION_2 } from '../../test/support/publication.ts'
import type { PublishedVersion, PublishedVersionSummary } from '../services/publication.ts'
import { renderCertificate } from './award-files/certificate.ts'
import { drawable } from './pdf-fonts.ts'
import { renderPdf } from './publication/pdf.ts'

// Characters outside Windows-1252 that the catalogue's content uses: Greek, mathematical
// operators and Latin Extended-A, the ones the standard PDF fonts print as "?".
const BEYOND_1252 = ['β-blockers', '≥ 58', 'Łódź', 'µg/kg', '≤ 0.5', 'Ω', 'Dvořák']

const published = new Date('2026-06-02T09:30:00Z')
const summary: PublishedVersionSummary = {
  number: 1,
  kind: 'specification',
  state: 'published',
  publishedAt: published,
  path: '/credentials/heart-failure/specification/versions/1',
}
const url = 'https://credentials.example.org/credentials/heart-failure/specification'
const version: PublishedVersion = {
  credential: {
    slug: 'heart-failure',
    title: 'Heart failure in Łódź and elsewhere',
    type: 'specialty',
    area: { slug: 'cardiology', name: 'Cardiology' },
    status: 'endorsed',
    owner: null,
    summary: null,
  },
  number: 1,
  kind: 'specification',
  state: 'published',
  publishedAt: published,
  decidedAt: published,
  decision: { outcome: 'endorse', label: 'Endorsed', conditions: null },
  specification: {
    ...VERSION_2,
    purpose: 'Titrates β-blockers for people with an ejection fraction ≥ 58 % or ≤ 0.5 of normal.',
    outcomes: [{ code: 'LO1', text: 'Doses in µg/kg; impedance in Ω; cites Dvořák.' }],
  },
  recognition: null,
  mapped: [],
  mappedOutcomes: [],
  coverage: [],
  withdrawn: false,
  versions: [summary],
  latest: summary,
  previous: null,
  path: summary.path,
  urls: {
    page: `${url}/versions/1`,
    pdf: `${url}/versions/1/pdf`,
    jsonLd: `${url}/versions/1.jsonld`,
    latest: url,
    current: url,
    framework: 'https://credentials.example.org/framework',
    site: 'https://credentials.example.org',
  },
}

describe('PDFs print every character', () => {
  it('a specification embeds DejaVu Sans and its text reads back as written, Greek, maths and Polish included', async () => {
    const pdf = await renderPdf(version)
    assert.deepEqual(embeddedFonts(pdf).sort(), ['DejaVuSans', 'DejaVuSans-Bold'])
    assert.doesNotMatch(pdf.toString('latin1'), /\/BaseFont \/Helvetica/, 'no standard font is used')
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    for (const part of BEYOND_1252) assert.ok(text.includes(part), `the PDF says "${part}"`)
    assert.ok(text.includes('Heart failure in Łódź and elsewhere'))
    assert.ok(!text.includes('?'), 'nothing was replaced by a question mark')
    assert.ok(!text.includes('\uFFFD'), 'every glyph drawn maps back to a character')
  })

  it('a certificate prints the holder’s and the provider’s names as they are', async () => {
    const pdf = await renderCertificate({
      holderName: 'Łucja Żółć-Παπαδοπούλου',
      credentialTitle: 'β-blockers in heart failure',
      versionNumber: 1,
      providerName: 'Uniwersytet Medyczny w Łodzi',
      awardedOn: '2026-06-30',
      verifyUrl: 'https://credentials.example.org/verify/awards/1',
      status: 'active',
    })
    assert.deepEqual(embeddedFonts(pdf).sort(), ['DejaVuSans', 'DejaVuSans-Bold'])
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    for (const part of [
      'Łucja Żółć-Παπαδοπούλου',
      'β-blockers in heart failure',
      'Uniwersytet Medyczny w Łodzi',
    ])
      assert.ok(text.includes(part), `the certificate says "${part}"`)
    assert.ok(text.includes('30 June 2026'), 'the date in words')
  })

  it('drawable composes accents and leaves out control characters no font can draw', () => {
    assert.equal(drawable('Lo\u0301dz\u0301'), 'Lódź')
    assert.equal(drawable('a\tb\u0007c\nd'), 'a bc\nd')
    assert.equal(drawable('≥ 58'), '≥ 58')
  })
})
