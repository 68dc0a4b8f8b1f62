// The provider's lists at volume: awards, a delivery's learners and uploads page (past the
// 500 rows /provider/awards used to stop at), search, filter, download the whole filtered
// list as formula-safe CSV, stay small at any size, and never show another provider's rows.
// The list of deliveries is tested with the deliveries (src/web/deliveries/list.test.ts).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import type { Agent } from '../../../test/support/agent.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { insertApprovedDelivery, type AwardFixture } from '../../../test/support/award-fixture.ts'
import { familyNameOf, insertLearnersWithAwards } from '../../../test/support/list-fixture.ts'
import { everything, mainText } from '../../../test/support/html.ts'

const statusText = (html: string) => parse(html).querySelector('[role="status"]')?.text.trim()
const rowsIn = (html: string) => parse(html).querySelectorAll('table tbody tr')
const nextHref = (html: string) =>
  parse(html).querySelector('.nhsuk-pagination__next a, a.nhsuk-pagination__link--next')?.getAttribute('href')
const csvOf = (body: string): string[][] => parseCsv(body, { bom: true })

describe('provider lists at volume', () => {
  let t: TestApp
  let staff: Agent
  let other: Agent
  let centre: Agent
  let main: AwardFixture
  let second: AwardFixture
  let foreign: AwardFixture

  before(async () => {
    t = await createTestApp()
    const db = t.database.db
    main = await insertApprovedDelivery(db, { organisationName: 'Volume University' })
    second = await insertApprovedDelivery(db, { organisationId: main.organisationId })
    foreign = await insertApprovedDelivery(db, { organisationName: 'Elsewhere College' })
    await insertLearnersWithAwards(db, main.deliveryId, 600)
    await insertLearnersWithAwards(db, second.deliveryId, 5, { first: 1001 })
    await insertLearnersWithAwards(db, foreign.deliveryId, 7, { first: 2001 })
    // A name a spreadsheet would run as a formula.
    await db
      .updateTable('learner')
      .set({ given_name: '=HYPERLINK("http://evil.example")' })
      .where('registration_number', '=', 'RN000001')
      .execute()
    await createAccount(t, 'staff@example.org', [
      { role: 'provider_staff', organisationId: main.organisationId },
    ])
    await createAccount(t, 'other@example.org', [
      { role: 'provider_admin', organisationId: foreign.organisationId },
    ])
    await createAccount(t, 'centre@example.org', [{ role: 'centre_admin' }])
    staff = await signedIn(t, 'staff@example.org')
    other = await signedIn(t, 'other@example.org')
    centre = await signedIn(t, 'centre@example.org')
  })
  after(() => t.close())

  describe('awards', () => {
    it('pages past 500 with the total, 25 a page', async () => {
      const first = await staff.get('/provider/awards')
      assert.equal(first.statusCode, 200)
      assert.equal(statusText(first.body), '605 awards')
      assert.equal(rowsIn(first.body).length, 25)
      assert.equal(nextHref(first.body), '/provider/awards?page=2')
      const last = await staff.get('/provider/awards?page=25')
      assert.equal(rowsIn(last.body).length, 5)
      assert.equal(nextHref(last.body), undefined)
      const beyond = await staff.get('/provider/awards?page=26')
      assert.equal(beyond.statusCode, 200)
      assert.equal(rowsIn(beyond.body).length, 0)
      assert.match(mainText(beyond.body), /There are no awards on this page/)
    })

    it('searches by name, registration number and e-mail address', async () => {
      const name = familyNameOf(12)
      for (const q of [name.toLowerCase(), `Giv ${name}`, 'rn 000012', 'LEARNER000012@']) {
        const res = await staff.get(`/provider/awards?q=${encodeURIComponent(q)}`)
        assert.equal(statusText(res.body), '1 award found', q)
        assert.match(rowsIn(res.body)[0]?.text ?? '', new RegExp(`Given ${name}`), q)
      }
      assert.equal(statusText((await staff.get('/provider/awards?q=nobody')).body), '0 awards found')
      const many = await staff.get('/provider/awards?q=famaaab')
      assert.equal(statusText(many.body), '100 awards found')
      // The start of a value, its wildcards taken literally.
      assert.equal(statusText((await staff.get('/provider/awards?q=%25')).body), '0 awards found')
    })

    it('finds a name with or without its accents', async () => {
      await t.database.db
        .updateTable('learner')
        .set({ given_name: 'Siân', family_name: 'Ó Briain' })
        .where('registration_number', '=', 'RN000020')
        .execute()
      for (const q of ['sian', 'Siân', 'SIÂN Ó', 'sian o']) {
        const res = await staff.get(`/provider/awards?q=${encodeURIComponent(q)}`)
        assert.equal(statusText(res.body), '1 award found', q)
        assert.match(rowsIn(res.body)[0]?.text ?? '', /Siân Ó Briain/, q)
      }
      await t.database.db
        .updateTable('learner')
        .set({ given_name: 'Zoe', family_name: familyNameOf(20) })
        .where('registration_number', '=', 'RN000020')
        .execute()
      assert.equal(
        statusText((await staff.get(`/provider/awards?q=${encodeURIComponent('Zoë')}`)).body),
        '1 award found',
      )
    })

    it('filters by status, delivery and date range, and keeps the filter on the next page', async () => {
      const suspended = await staff.get('/provider/awards?status=suspended')
      assert.equal(statusText(suspended.body), '30 awards found')
      assert.equal(nextHref(suspended.body), '/provider/awards?status=suspended&page=2')
      const byDelivery = await staff.get(`/provider/awards?delivery=${second.deliveryId}`)
      assert.equal(statusText(byDelivery.body), '5 awards found')
      // 1 January 2026 + n % 300 days: 2 and 3 January are n = 1, 2, 301, 302 (and none of 1001–1005).
      const range = await staff.get(
        '/provider/awards?from[day]=2&from[month]=1&from[year]=2026&to[day]=3&to[month]=1&to[year]=2026',
      )
      assert.equal(statusText(range.body), '4 awards found')
      const wrong = await staff.get('/provider/awards?from[day]=31&from[month]=2&from[year]=2026')
      assert.equal(wrong.statusCode, 200)
      assert.match(mainText(wrong.body), /From date must be a real date/)
      assert.equal(
        parse(wrong.body).querySelectorAll('.nhsuk-error-summary').length,
        1,
        'the layout’s summary only',
      )
    })

    it('downloads the whole filtered list as formula-safe CSV', async () => {
      const all = await staff.get('/provider/awards?format=csv')
      assert.equal(all.statusCode, 200)
      assert.match(String(all.headers['content-type']), /^text\/csv/)
      assert.match(String(all.headers['content-disposition']), /attachment; filename="awards.csv"/)
      const rows = csvOf(all.body)
      assert.equal(rows[0]?.[0], 'Given name')
      assert.equal(rows.length, 606)
      const evil = rows.find((r) => r[5] === 'RN000001')
      assert.equal(evil?.[0], `'=HYPERLINK("http://evil.example")`)
      const suspended = csvOf((await staff.get('/provider/awards?status=suspended&format=csv')).body)
      assert.equal(suspended.length, 31)
      assert.ok(suspended.slice(1).every((r) => r[10] === 'Suspended' && r[11] !== ''))
      const page = await staff.get('/provider/awards?status=suspended')
      assert.equal(
        parse(page.body).querySelector('a[download]')?.getAttribute('href'),
        '/provider/awards?status=suspended&amp;format=csv'.replace('&amp;', '&'),
      )
    })

    it("never lists or downloads another provider's awards; the Centre sees every one", async () => {
      const res = await other.get('/provider/awards')
      assert.equal(statusText(res.body), '7 awards')
      assert.doesNotMatch(everything(res.body), new RegExp(familyNameOf(12)))
      const csv = csvOf((await other.get('/provider/awards?format=csv')).body)
      assert.equal(csv.length, 8)
      assert.ok(csv.slice(1).every((r) => Number(r[5]?.slice(2)) > 2000))
      const searched = await other.get(`/provider/awards?q=${familyNameOf(12)}`)
      assert.equal(statusText(searched.body), '0 awards found')
      const foreignDelivery = await other.get(`/provider/awards?delivery=${main.deliveryId}&format=csv`)
      assert.equal(csvOf(foreignDelivery.body).length, 1)
      assert.equal(statusText((await centre.get('/provider/awards')).body), '612 awards')
    })
  })

  describe('learners of a delivery', () => {
    it('pages the learners, and a page stays small', async () => {
      const first = await staff.get(`/provider/deliveries/${main.deliveryId}/learners`)
      assert.equal(first.statusCode, 200)
      assert.equal(statusText(first.body), '600 learners')
      assert.equal(rowsIn(first.body).length, 25)
      assert.ok(first.body.length < 300_000, `${first.body.length} bytes`)
      assert.equal(nextHref(first.body), `/provider/deliveries/${main.deliveryId}/learners?page=2`)
      const last = await staff.get(`/provider/deliveries/${main.deliveryId}/learners?page=24`)
      assert.equal(rowsIn(last.body).length, 25)
      assert.match(mainText(last.body), new RegExp(familyNameOf(600)))
    })

    it('searches and filters by eligibility and award', async () => {
      const base = `/provider/deliveries/${main.deliveryId}/learners`
      assert.equal(statusText((await staff.get(`${base}?q=famaaafj`)).body), '10 learners found')
      assert.equal(statusText((await staff.get(`${base}?q=rn000599`)).body), '1 learner found')
      assert.equal(statusText((await staff.get(`${base}?eligibility=holds_msc`)).body), '600 learners found')
      assert.equal(statusText((await staff.get(`${base}?eligibility=none`)).body), '0 learners found')
      await insertLearnersWithAwards(t.database.db, main.deliveryId, 3, { first: 701, awarded: false })
      assert.equal(statusText((await staff.get(`${base}?award=not_awarded`)).body), '3 learners found')
      const pastTheEnd = await staff.get(`${base}?award=not_awarded&page=3`)
      assert.equal(statusText(pastTheEnd.body), '3 learners found')
      assert.equal(rowsIn(pastTheEnd.body).length, 0)
      assert.equal(statusText((await staff.get(`${base}?award=awarded`)).body), '600 learners found')
      const lastAwarded = await staff.get(`${base}?award=awarded&page=24`)
      assert.equal(rowsIn(lastAwarded.body).length, 25)
      assert.match(mainText(lastAwarded.body), new RegExp(familyNameOf(600)))
      assert.doesNotMatch(everything(lastAwarded.body), new RegExp(familyNameOf(701)))
    })

    it('downloads the whole filtered list', async () => {
      const base = `/provider/deliveries/${main.deliveryId}/learners`
      const rows = csvOf((await staff.get(`${base}?format=csv`)).body)
      assert.equal(rows.length, 604)
      assert.equal(rows[1]?.[0], `'=HYPERLINK("http://evil.example")`)
      const notAwarded = csvOf((await staff.get(`${base}?award=not_awarded&format=csv`)).body)
      assert.deepEqual(
        notAwarded.slice(1).map((r) => [r[5], r[7]]),
        [
          ['RN000701', 'Not awarded'],
          ['RN000702', 'Not awarded'],
          ['RN000703', 'Not awarded'],
        ],
      )
    })

    it("another provider's delivery is not found, as a page or a download", async () => {
      const base = `/provider/deliveries/${main.deliveryId}/learners`
      assert.equal((await other.get(base)).statusCode, 404)
      assert.equal((await other.get(`${base}?format=csv`)).statusCode, 404)
    })
  })

  describe('uploads', () => {
    before(async () => {
      const db = t.database.db
      const upload = (i: number, fixture: AwardFixture) => ({
        organisation_id: fixture.organisationId,
        delivery_id: fixture.deliveryId,
        source: 'csv' as const,
        filename: i === 0 ? '=cmd.csv' : `file-${i}.csv`,
        content_sha256: String(i),
        content: '',
        state: i < 3 ? ('failed' as const) : ('completed' as const),
        created_at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })
      const uploads = Array.from({ length: 30 }, (_, i) => upload(i, main))
      await db
        .insertInto('award_import')
        .values([...uploads, upload(5, foreign)])
        .execute()
    })

    it('pages and filters uploads, and downloads them', async () => {
      const first = await staff.get('/provider/imports')
      assert.equal(statusText(first.body), '30 uploads')
      assert.equal(rowsIn(first.body).length, 25)
      assert.equal(rowsIn((await staff.get('/provider/imports?page=2')).body).length, 5)
      assert.equal(statusText((await staff.get('/provider/imports?state=failed')).body), '3 uploads')
      const csv = csvOf((await staff.get('/provider/imports?format=csv')).body)
      assert.equal(csv.length, 31)
      assert.ok(csv.some((r) => r[3] === "'=cmd.csv"))
      assert.equal(csvOf((await other.get('/provider/imports?format=csv')).body).length, 2)
    })
  })
})
