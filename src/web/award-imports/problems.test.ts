// An upload's problems, bounded: grouped by kind with counts, the first 100 on the page, the
// first 10,000 stored and downloadable as CSV, "and N more" beyond; and dates written the UK way.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseHtml } from 'node-html-parser'
import { AWARD_COLUMNS } from '../../domain/award-rows.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  insertApprovedDelivery,
  validCsvLine,
  type AwardFixture,
} from '../../../test/support/award-fixture.ts'
import { everything, html, tableRows, words } from '../../../test/support/html.ts'

const HEADER = AWARD_COLUMNS.join(',')
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n'
const SYSTEM = { userId: null, label: 'test', ip: null }

let t: TestApp
let fixture: AwardFixture
let staff: Agent
let token: string

/** Queues a file as the upload form does, runs it as the worker would; returns the import's id. */
async function run(content: string, deliveryId = fixture.deliveryId): Promise<string> {
  const delivery = await t.services.awardImports.deliveryForUpload(deliveryId, [fixture.organisationId])
  assert.ok(delivery)
  const id = await t.services.awardImports.queueCsv(
    delivery,
    { content: Buffer.from(content), filename: 'awards.csv' },
    SYSTEM,
  )
  await t.services.awardImports.runPendingImports()
  return id
}

const text = (html: string, selector: string) =>
  parseHtml(html)
    .querySelectorAll(selector)
    .map((e) => e.textContent.replace(/\s+/g, ' ').trim())

const storedCount = async (importId: string) =>
  Number(
    (
      await t.database.db
        .selectFrom('award_import_problem')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('import_id', '=', importId)
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  t = await createTestApp()
  fixture = await insertApprovedDelivery(t.database.db)
  await createAccount(t, 'problems-staff@uni.example', [
    { role: 'provider_staff', organisationId: fixture.organisationId },
  ])
  staff = await signedIn(t, 'problems-staff@uni.example')
  token = (await t.services.apiTokens.create(fixture.organisationId, 'Student records', SYSTEM)).token
})

after(async () => {
  await t?.close()
})

describe('an upload’s problems', () => {
  let importId: string
  before(async () => {
    // 120 rows with an NMC PIN in another regulator's format, 30 with a bad address; the
    // first row's date is month first as well, and its name would be a spreadsheet formula.
    const lines = []
    for (let n = 1; n <= 150; n++)
      lines.push(
        validCsvLine(n, {
          ...(n === 1 ? { given_name: '=1+2', awarded_on: '8/31/2026' } : {}),
          ...(n <= 120 ? { registration_number: `PA${10000 + n}` } : { email: `learner${n}-at-example.org` }),
        }),
      )
    importId = await run(csv(...lines))
  })

  it('are grouped by kind with the rows of each, and the first 100 listed with the learner and the value', async () => {
    const page = await staff.get(`/provider/imports/${importId}`)
    assert.equal(page.statusCode, 200)
    assert.deepEqual(text(page.body, '#problem-groups li'), [
      '120 rows: the registration number is not in the NMC’s format',
      '30 rows: the email address is not in the correct format',
      '1 row: the date of the award is not a real date',
    ])
    assert.ok(text(page.body, 'h2').includes('151 problems in 150 lines'))
    const rows = tableRows(page.body, '#problems')
    assert.equal(rows.length, 100)
    const cells = (i: number) => rows[i]
    assert.deepEqual(cells(0), [
      '2',
      '=1+2 Number 1',
      'registration_number',
      'PA10001',
      'NMC PIN must look like 12A3456E',
    ])
    assert.deepEqual(cells(1), [
      '2',
      '=1+2 Number 1',
      'awarded_on',
      '8/31/2026',
      'Date of the award must be a real date, like 31/08/2026 or 2026-08-31',
    ])
    assert.deepEqual(text(page.body, '#problems caption'), ['The first 100 problems'])
    const link = parseHtml(page.body).querySelector(`a[href="/provider/imports/${importId}/problems.csv"]`)
    assert.equal(link?.textContent, 'Download every problem (CSV)')
    assert.doesNotMatch(everything(page.body), /more: they are counted/)
  })

  it('download in full as formula-safe CSV, for the provider’s people only', async () => {
    const res = await staff.get(`/provider/imports/${importId}/problems.csv`)
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/csv/)
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="upload-problems-/)
    const [header, ...rows] = parseCsv(res.body)
    assert.deepEqual(header, ['line', 'learner', 'field', 'value', 'problem', 'kind'])
    assert.equal(rows.length, 151)
    assert.deepEqual(rows[0], [
      '2',
      `'=1+2 Number 1`,
      'registration_number',
      'PA10001',
      'NMC PIN must look like 12A3456E',
      'nmc_pin_format',
    ])
    assert.deepEqual(rows.at(-1), [
      '151',
      'Learner Number 150',
      'email',
      'learner150-at-example.org',
      'Enter an email address in the correct format, like name@example.com',
      'email_format',
    ])

    const other = await insertApprovedDelivery(t.database.db)
    await createAccount(t, 'other-staff@uni.example', [
      { role: 'provider_staff', organisationId: other.organisationId },
    ])
    const stranger = await signedIn(t, 'other-staff@uni.example')
    assert.equal((await stranger.get(`/provider/imports/${importId}/problems.csv`)).statusCode, 404)
  })
})

describe('a rejected file of 100,000 rows', () => {
  it('stores 10,000 problems, counts them all, says how many more, and makes a page under 300 KB', async () => {
    // Every row's registration number is not an NMC PIN, and every other row's address is bad:
    // 150,000 problems in 100,000 rows (a file of about 4 MB, under the 5 MB limit).
    const lines = [HEADER]
    for (let n = 1; n <= 100_000; n++)
      lines.push(`L,${n},${n % 2 ? `e${n}@x.uk` : `e${n}`},Nurse,NMC,P${n},,,,,1/7/2026`)
    const content = `${lines.join('\n')}\n`
    assert.ok(content.length < 5 * 1024 * 1024)
    const other = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const id = await run(content, other.deliveryId)

    const row = await t.database.db
      .selectFrom('award_import')
      .select(['state', 'problem_total', 'problem_rows'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { state: 'rejected', problem_total: 150_000, problem_rows: 100_000 })
    assert.equal(await storedCount(id), 10_000)

    const page = await staff.get(`/provider/imports/${id}`)
    assert.equal(page.statusCode, 200)
    const bytes = Buffer.byteLength(page.body)
    assert.ok(bytes < 300 * 1024, `the page is ${bytes} bytes`)
    assert.deepEqual(text(page.body, '#problem-groups li'), [
      '100,000 rows: the registration number is not in the NMC’s format',
      '50,000 rows: the email address is not in the correct format',
    ])
    assert.ok(text(page.body, 'h2').includes('150,000 problems in 100,000 lines'))
    assert.equal(parseHtml(page.body).querySelectorAll('#problems tbody tr').length, 100)
    assert.equal(
      words(html(page.body).querySelector('a[download]')?.parentNode?.textContent),
      'Download the first 10,000 problems (CSV), and 140,000 more: they are counted above but not listed.',
    )

    const download = await staff.get(`/provider/imports/${id}/problems.csv`)
    const [, ...rows] = parseCsv(download.body)
    assert.equal(rows.length, 10_001)
    assert.deepEqual(rows.at(-1), [
      '',
      '',
      '',
      '',
      'and 140,000 more problems, not listed: correct these and upload the file again',
      '',
    ])
  })
})

describe('dates written the UK way', () => {
  it('are read day first in a CSV file, as are YYYY-MM-DD dates', async () => {
    const other = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const id = await run(
      csv(
        validCsvLine(901, { awarded_on: '31/07/2026' }),
        validCsvLine(902, { awarded_on: '1/8/2026' }),
        validCsvLine(903, { awarded_on: '2026-08-03' }),
      ),
      other.deliveryId,
    )
    const item = await t.services.awardImports.get(id, [fixture.organisationId])
    assert.equal(item?.state, 'completed', JSON.stringify(item?.problemGroups))
    const awards = await t.database.db
      .selectFrom('award')
      .select('awarded_on')
      .where('delivery_id', '=', other.deliveryId)
      .orderBy('awarded_on')
      .execute()
    assert.deepEqual(
      awards.map((a) => a.awarded_on),
      ['2026-07-31', '2026-08-01', '2026-08-03'],
    )
  })

  it('are read in an API batch, and a wrong date is refused with both forms in the message', async () => {
    const other = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const award = (n: number, awardedOn: string) => ({
      givenName: 'Api',
      familyName: `Learner ${n}`,
      email: `uk-date-${n}@example.org`,
      profession: 'Pharmacist',
      regulator: 'GPhC',
      registrationNumber: String(3000000 + n),
      eligibilityBasis: 'holds_msc',
      mscInstitution: 'University of Bath',
      mscYear: 2018,
      awardedOn,
    })
    const post = (key: string, awards: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/providers/${fixture.organisationId}/awards`,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
        payload: { deliveryId: other.deliveryId, awards },
      })
    const refused = await post('uk-dates-1', [award(1, '8/31/2026')])
    assert.equal(refused.statusCode, 422, refused.body)
    assert.deepEqual(refused.json().errors, [
      {
        name: 'awards[0]',
        reason: 'Date of the award must be a real date, like 31/08/2026 or 2026-08-31',
      },
    ])
    const saved = await post('uk-dates-2', [award(1, '31/7/2026'), award(2, '2026-08-01')])
    assert.equal(saved.statusCode, 201, saved.body)
    assert.deepEqual(saved.json(), { created: 2, unchanged: 0 })
  })
})

describe('a queued API batch with problems', () => {
  it('still reports each problem by index, with the count of every problem', async () => {
    const awards = Array.from({ length: 501 }, (_, n) => ({
      givenName: 'Api',
      familyName: `Queued ${n}`,
      email: `queued-${n}@example.org`,
      profession: 'Pharmacist',
      regulator: 'GPhC',
      registrationNumber: n === 7 ? '123' : String(4000000 + n),
      eligibilityBasis: 'holds_msc',
      mscInstitution: 'University of Bath',
      mscYear: 2018,
      awardedOn: n === 9 ? '2026-13-01' : '2026-06-30',
    }))
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/providers/${fixture.organisationId}/awards`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'queued-problems' },
      payload: { deliveryId: fixture.deliveryId, awards },
    })
    assert.equal(res.statusCode, 202, res.body)
    await t.services.awardImports.runPendingImports()
    const status = await t.app.inject({
      method: 'GET',
      url: String(res.headers.location),
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(status.statusCode, 200)
    const body = status.json()
    assert.equal(body.state, 'rejected')
    assert.equal(body.rejectionCount, 2)
    assert.deepEqual(body.rejections, [
      { index: 7, reason: 'GPhC registration number must be 7 digits' },
      { index: 9, reason: 'Date of the award must be a real date, like 31/08/2026 or 2026-08-31' },
    ])
  })
})
