// The Centre's lists of providers and proposals at volume: paged with a total, filtered, and
// downloaded whole as formula-safe CSV, for Centre admins only.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { parse as parseHtml } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'

const csvOf = (body: string): string[][] => parse(body, { bom: true })
const statusText = (html: string) =>
  (parseHtml(html).querySelector('[role=status]')?.text.trim() ?? '').split(' (')[0]
const pageLinks = (html: string) =>
  parseHtml(html)
    .querySelectorAll('.nhsuk-pagination__item a')
    .map((a) => a.text.trim())

describe('Centre lists of providers and proposals', () => {
  let t: TestApp
  let admin: Agent
  let author: Agent
  let areaId = 0
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    const authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    admin = await signedIn(t, 'admin@example.org')
    author = await signedIn(t, 'author@example.org')
    const db = t.database.db
    const orgs = await db
      .insertInto('organisation')
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          name: i === 3 ? '-cmd|calc' : `Provider ${String(i).padStart(2, '0')}`,
          kind: 'provider',
          ukprn: `1${String(i).padStart(7, '0')}`,
        })),
      )
      .returning('id')
      .execute()
    await db
      .insertInto('programme')
      .values(
        orgs.slice(0, 12).map((o, i) => ({
          organisation_id: o.id,
          title: 'MSc Advanced Practice',
          accreditation_status: i < 8 ? 'accredited' : 'lapsed',
          accredited_from: '2025-09-01',
        })),
      )
      .execute()
    const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const other = await db
      .selectFrom('clinical_area')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    areaId = area.id
    const gateway = await db
      .selectFrom('criterion_set')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('proposal')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          author_id: authorId,
          clinical_area_id: i % 2 === 0 ? area.id : other.id,
          title: i === 4 ? '=1+1' : `Proposal about topic ${i}`,
          target_professions: JSON.stringify([]),
          gateway_set_id: gateway.id,
          gateway_answers: JSON.stringify({}),
          state: i < 40 ? 'submitted' : 'with_group',
          decision_participants: JSON.stringify([]),
        })),
      )
      .execute()
  })
  after(() => t.close())

  it('pages providers with a total, finds them by words and accreditation, and downloads them', async () => {
    const all = await admin.get('/admin/providers')
    assert.equal(statusText(all.body), '55 providers')
    assert.equal(parseHtml(all.body).querySelectorAll('tbody tr').length, 25)
    assert.deepEqual(pageLinks(all.body), ['1', '2', '3'])
    assert.equal(statusText((await admin.get('/admin/providers?q=provider 1')).body), '10 providers')
    assert.equal(statusText((await admin.get('/admin/providers?q=10000005')).body), '1 provider')
    assert.equal(
      statusText((await admin.get('/admin/providers?accreditation=accredited')).body),
      '8 providers',
    )
    assert.equal(statusText((await admin.get('/admin/providers?accreditation=lapsed')).body), '4 providers')

    const rows = csvOf((await admin.get('/admin/providers?format=csv')).body)
    assert.equal(rows.length, 56, 'the whole list, not a page')
    assert.deepEqual(rows[0], ['Name', 'Kind', 'UK Provider Reference Number', 'Region', 'Deliveries'])
    assert.ok(
      rows.some((r) => r[0] === `'-cmd|calc`),
      'formula-safe',
    )
    assert.equal(csvOf((await admin.get('/admin/providers?accreditation=lapsed&format=csv')).body).length, 5)
  })

  it('pages the Centre proposals by state, clinical area and words, and downloads them', async () => {
    const toCheck = await admin.get('/proposals')
    assert.equal(statusText(toCheck.body), '40 proposals')
    assert.deepEqual(pageLinks(toCheck.body), ['1', '2'])
    const all = await admin.get('/proposals?state=all')
    assert.equal(statusText(all.body), '60 proposals')
    assert.equal(statusText((await admin.get(`/proposals?state=all&area=${areaId}`)).body), '30 proposals')
    assert.equal(statusText((await admin.get('/proposals?state=with_group&q=topic 4')).body), '10 proposals')

    const rows = csvOf((await admin.get(`/proposals?state=all&area=${areaId}&format=csv`)).body)
    assert.equal(rows.length, 31)
    assert.deepEqual(rows[0], ['Number', 'Proposal', 'Clinical area', 'Author', 'State', 'Last changed'])
    assert.ok(
      rows.some((r) => r[1] === `'=1+1`),
      'formula-safe',
    )
    const numbers = rows.slice(1).map((r) => r[0])
    assert.equal(new Set(numbers).size, 30)
  })

  it('gives the Centre lists and downloads to Centre admins only', async () => {
    assert.equal((await author.get('/admin/providers?format=csv')).statusCode, 403)
    const download = await author.get('/proposals?state=all&format=csv')
    assert.doesNotMatch(
      String(download.headers['content-type']),
      /csv/,
      'an author gets their page, not the Centre list',
    )
  })
})
