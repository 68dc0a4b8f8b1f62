import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AWARD_COLUMNS } from '../../domain/award-rows.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  failNthAwardInsert,
  insertApprovedDelivery,
  markRunning,
  validCsvLine,
  type AwardFixture,
} from '../../../test/support/award-fixture.ts'
import {
  attributeOf,
  everything,
  has,
  hrefs,
  html,
  mainText,
  tableRows,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'

const HEADER = AWARD_COLUMNS.join(',')
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n'

let t: TestApp
let fixture: AwardFixture
let staff: Agent
let token: string
/** The refresh a page asks for, scripted or inside <noscript> (which the parser keeps as text). */
const refreshOf = (page: string) =>
  [html(page), ...textsOf(page, 'noscript').map((inner) => html(inner))]
    .map((root) => root.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content'))
    .find((content) => content !== undefined)
const SYSTEM = { userId: null, label: 'test', ip: null }

/** Posts a file as a browser's multipart form would. */
async function upload(
  agent: Agent,
  deliveryId: string,
  content: string | Buffer,
  csrf = agent.csrfToken ?? '',
) {
  const boundary = '----award-test-boundary'
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="awards.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.app.inject({
    method: 'POST',
    url: `/provider/deliveries/${deliveryId}/imports/new`,
    headers: { cookie: agent.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  })
}

/** Uploads, runs the job as the worker would, and returns the import's page. */
async function uploadAndRun(content: string, deliveryId = fixture.deliveryId) {
  await staff.get(`/provider/deliveries/${deliveryId}/imports/new`)
  const res = await upload(staff, deliveryId, content)
  assert.equal(res.statusCode, 303, res.body)
  const location = res.headers.location as string
  assert.match(location, /^\/provider\/imports\/[0-9a-f-]{36}$/)
  await t.services.awardImports.runPendingImports()
  const id = location.split('/').pop()!
  const row = await t.database.db
    .selectFrom('award_import')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return { id, row, rejections: await rejectionsOf(id), page: await staff.get(location) }
}

/** An import's stored problems as line and reason, in the order found. */
async function rejectionsOf(importId: string) {
  const rows = await t.database.db
    .selectFrom('award_import_problem')
    .select(['line', 'message'])
    .where('import_id', '=', importId)
    .orderBy('position')
    .execute()
  return rows.map((r) => ({ line: r.line, reason: r.message }))
}

const countFor = async (table: 'learner' | 'award', deliveryId = fixture.deliveryId) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    ).n,
  )

function api(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(body === undefined ? {} : { payload: body as object }),
  })
}

const apiAward = (n: number, overrides: Record<string, unknown> = {}) => ({
  givenName: 'Api',
  familyName: `Learner ${n}`,
  email: `api${n}@example.org`,
  profession: 'Pharmacist',
  regulator: 'GPhC',
  registrationNumber: String(2000000 + n),
  eligibilityBasis: 'holds_msc',
  mscInstitution: 'University of Bath',
  mscYear: 2018,
  awardedOn: '2026-06-30',
  ...overrides,
})

before(async () => {
  t = await createTestApp()
  fixture = await insertApprovedDelivery(t.database.db)
  await createAccount(t, 'staff@uni.example', [
    { role: 'provider_staff', organisationId: fixture.organisationId },
  ])
  staff = await signedIn(t, 'staff@uni.example')
  token = (await t.services.apiTokens.create(fixture.organisationId, 'Student records', SYSTEM)).token
})

after(async () => {
  await t?.close()
})

describe('award CSV uploads', () => {
  it('the template has the header and an example row that would be accepted', async () => {
    const res = await staff.get('/provider/award-template.csv')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/csv/)
    assert.match(String(res.headers['content-disposition']), /attachment/)
    const [header, example] = res.body.trim().split(/\r?\n/)
    assert.equal(header, HEADER)
    const other = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const { row, rejections } = await uploadAndRun(res.body, other.deliveryId)
    assert.equal(row.state, 'completed', JSON.stringify(rejections))
    assert.equal(row.created_count, 1)
    assert.ok(example)
  })

  it('rejects a file with problems, with every reason by line, and saves nothing', async () => {
    const { row, rejections, page } = await uploadAndRun(
      csv(
        validCsvLine(1),
        validCsvLine(2, { email: 'not-an-email', awarded_on: '2026-02-30' }),
        validCsvLine(3, { eligibility_basis: 'enrolled_msc', programme: 'MSc Basket Weaving' }),
        validCsvLine(4, { eligibility_basis: '', msc_institution: '', msc_year: '' }),
        validCsvLine(5, { email: 'learner1@example.org' }),
      ),
    )
    assert.equal(row.state, 'rejected')
    assert.deepEqual(
      rejections.map((r) => r.line),
      [3, 3, 4, 5, 6],
    )
    assert.match(rejections[0]!.reason, /email address in the correct format/)
    assert.match(rejections[1]!.reason, /real date/)
    assert.match(rejections[2]!.reason, /no programme called "MSc Basket Weaving"/)
    assert.match(rejections[3]!.reason, /Record the basis of the learner’s eligibility/)
    assert.match(rejections[4]!.reason, /also on line 2/)
    assert.equal(await countFor('learner'), 0)
    assert.equal(await countFor('award'), 0)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Rejected: nothing was saved/)
    assert.ok(
      tableRows(page.body).some((row) => row[0] === '4' && row[4]?.startsWith('There is no programme')),
    )
    assert.match(mainText(page.body), /Upload a corrected file/)
    assert.equal(refreshOf(page.body), undefined)
  })

  it('rejects a file whose first line is not the template’s', async () => {
    const { row, rejections } = await uploadAndRun('given_name,surname\nA,B\n')
    assert.equal(row.state, 'rejected')
    const reasons = rejections.map((r) => r.reason)
    assert.ok(reasons.includes('The first line has no "family_name" column'))
    assert.ok(reasons.includes('The first line has a column "surname" that is not in the template'))
  })

  it('saves a corrected file with its counts, and the same file again creates nothing new', async () => {
    const file = csv(
      validCsvLine(1),
      validCsvLine(2),
      validCsvLine(3, {
        eligibility_basis: 'enrolled_msc',
        programme: 'msc advanced clinical practice',
        msc_institution: '',
        msc_year: '',
      }),
    )
    const first = await uploadAndRun(file)
    assert.equal(first.row.state, 'completed')
    assert.equal(first.row.created_count, 3)
    assert.equal(first.row.unchanged_count, 0)
    assert.equal(first.row.processed_rows, 3)
    assert.match(mainText(first.page.body), /3 awards were made/)
    assert.match(mainText(first.page.body), /CSV file awards\.csv/, 'the file keeps its name')
    assert.equal(first.row.filename, 'awards.csv')
    const second = await uploadAndRun(file)
    assert.equal(second.row.state, 'completed')
    assert.equal(second.row.created_count, 0)
    assert.equal(second.row.unchanged_count, 3)
    assert.equal(await countFor('learner'), 3)
    assert.equal(await countFor('award'), 3)
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', 'in', [first.id, second.id])
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['award_import.completed', 'award_import.completed'],
    )
  })

  it('uses the eligibility recorded for a registered learner when the row gives none', async () => {
    const { row, rejections } = await uploadAndRun(
      csv(
        validCsvLine(1, {
          eligibility_basis: '',
          msc_institution: '',
          msc_year: '',
          awarded_on: '2026-08-01',
        }),
      ),
    )
    assert.equal(row.state, 'completed', JSON.stringify(rejections))
    assert.equal(row.unchanged_count, 1)
    const learner = await t.database.db
      .selectFrom('learner')
      .select(['eligibility_basis', 'msc_institution'])
      .where('email', '=', 'learner1@example.org')
      .where('delivery_id', '=', fixture.deliveryId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(learner, { eligibility_basis: 'holds_msc', msc_institution: 'University of Leeds' })
  })

  it('shows a queued import with a progress bar that refreshes itself, and lists it', async () => {
    await staff.get(`/provider/deliveries/${fixture.deliveryId}/imports/new`)
    const id = await t.services.awardImports.queueCsv(
      (await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [fixture.organisationId]))!,
      { content: Buffer.from(csv(validCsvLine(40))), filename: null },
      SYSTEM,
    )
    const page = await staff.get(`/provider/imports/${id}`)
    assert.equal(refreshOf(page.body), '3')
    assert.equal(
      attributeOf(html(textOf(page.body, 'noscript')), 'meta', 'http-equiv'),
      'refresh',
      'only without script',
    )
    assert.ok(has(page.body, 'progress'))
    const list = await staff.get('/provider/imports')
    assert.ok(hrefs(list.body).includes(`/provider/imports/${id}`))
    await t.services.awardImports.runPendingImports()
    assert.equal(refreshOf((await staff.get(`/provider/imports/${id}`)).body), undefined)
  })

  it('refuses an empty upload, a file that is not text, and a delivery that cannot award', async () => {
    await staff.get(`/provider/deliveries/${fixture.deliveryId}/imports/new`)
    let res = await upload(staff, fixture.deliveryId, '')
    assert.equal(res.statusCode, 303)
    assert.match(mainText((await staff.get(res.headers.location as string)).body), /Select a CSV file/)
    res = await upload(staff, fixture.deliveryId, Buffer.from([0xff, 0xfe, 0x00, 0x81]))
    assert.match(mainText((await staff.get(res.headers.location as string)).body), /must be a CSV file/)

    const suspended = await insertApprovedDelivery(t.database.db, {
      organisationId: fixture.organisationId,
      state: 'suspended',
    })
    const form = await staff.get(`/provider/deliveries/${suspended.deliveryId}/imports/new`)
    assert.match(mainText(form.body), /not approved, so it cannot make awards/)
    assert.ok(!has(form.body, '[type="file"]'))
    res = await upload(staff, suspended.deliveryId, csv(validCsvLine(1)))
    assert.match(
      mainText((await staff.get(res.headers.location as string)).body),
      /not approved, so it cannot make awards/,
    )
    assert.equal(
      await t.database.db
        .selectFrom('award_import')
        .select('id')
        .where('delivery_id', '=', suspended.deliveryId)
        .executeTakeFirst(),
      undefined,
    )
  })

  it('refuses, line by line, awards dated before the delivery was approved, and saves none', async () => {
    // Approved on 14 November 2025, after it started (1 September 2025).
    const late = await insertApprovedDelivery(t.database.db, {
      organisationId: fixture.organisationId,
      approvedAt: new Date('2025-11-14T10:00:00Z'),
    })
    const { row, rejections, page } = await uploadAndRun(
      csv(validCsvLine(801, { awarded_on: '2025-11-14' }), validCsvLine(802, { awarded_on: '2025-11-13' })),
      late.deliveryId,
    )
    assert.equal(row.state, 'rejected')
    assert.deepEqual(rejections, [
      {
        line: 3,
        reason: 'Date of the award must be on or after 14 November 2025, when the delivery was approved',
      },
    ])
    assert.match(mainText(page.body), /on or after 14 November 2025, when the delivery was approved/)
    assert.equal(await countFor('award', late.deliveryId), 0)
  })

  it('refuses, line by line, awards dated before the delivery started or in the future, as the award form does', async () => {
    // Approved on 1 August 2025, a month before it starts on 1 September 2025.
    const early = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const { row, rejections, page } = await uploadAndRun(
      csv(
        validCsvLine(811, { awarded_on: '2025-09-01' }),
        validCsvLine(812, { awarded_on: '2025-08-31' }),
        validCsvLine(813, { awarded_on: '2099-01-01' }),
      ),
      early.deliveryId,
    )
    assert.equal(row.state, 'rejected')
    assert.deepEqual(rejections, [
      {
        line: 3,
        reason: 'Date of the award must be on or after 1 September 2025, when the delivery started',
      },
      { line: 4, reason: 'Date of the award must be today or in the past' },
    ])
    assert.match(mainText(page.body), /on or after 1 September 2025, when the delivery started/)
    assert.equal(await countFor('award', early.deliveryId), 0)
  })

  it('hides another organisation’s deliveries and imports (404)', async () => {
    const other = await insertApprovedDelivery(t.database.db)
    assert.equal((await staff.get(`/provider/deliveries/${other.deliveryId}/imports/new`)).statusCode, 404)
    assert.equal((await upload(staff, other.deliveryId, csv(validCsvLine(1)))).statusCode, 404)
    const id = await t.services.awardImports.queueCsv(
      (await t.services.awardImports.deliveryForUpload(other.deliveryId, [other.organisationId]))!,
      { content: Buffer.from(csv(validCsvLine(1))), filename: null },
      SYSTEM,
    )
    assert.equal((await staff.get(`/provider/imports/${id}`)).statusCode, 404)
    assert.doesNotMatch(everything((await staff.get('/provider/imports')).body), new RegExp(id))
    await t.services.awardImports.runPendingImports()
  })

  it('takes up an import whose worker died, and leaves one whose worker is alive', async () => {
    const id = await t.services.awardImports.queueCsv(
      (await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [fixture.organisationId]))!,
      { content: Buffer.from(csv(validCsvLine(50))), filename: null },
      SYSTEM,
    )
    await markRunning(t.database.db, id, 'expired')
    const recent = await t.services.awardImports.queueCsv(
      (await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [fixture.organisationId]))!,
      { content: Buffer.from(csv(validCsvLine(51))), filename: null },
      SYSTEM,
    )
    // Its job's lease is alive: still running elsewhere.
    await markRunning(t.database.db, recent, 'live')
    await t.services.awardImports.runPendingImports()
    const states = await t.database.db
      .selectFrom('award_import')
      .select(['id', 'state'])
      .where('id', 'in', [id, recent])
      .execute()
    assert.equal(states.find((s) => s.id === id)?.state, 'completed')
    // Still running elsewhere, for all this process knows: left alone.
    assert.equal(states.find((s) => s.id === recent)?.state, 'running')
    await t.database.db
      .updateTable('award_import')
      .set({ state: 'failed' })
      .where('id', '=', recent)
      .execute()
    await t.database.db
      .updateTable('job')
      .set({ state: 'dead', locked_by: null, locked_until: null })
      .where('key', '=', `award-import:${recent}`)
      .execute()
  })

  it('rolls back everything when saving fails midway, and marks the import failed', async () => {
    const other = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const removeFailure = await failNthAwardInsert(t.database.db, 3)
    try {
      const { row, page } = await uploadAndRun(
        csv(validCsvLine(101), validCsvLine(102), validCsvLine(103), validCsvLine(104)),
        other.deliveryId,
      ).catch(async (error: unknown) => {
        assert.match(String(error), /award insert 3 fails/)
        const row = await t.database.db
          .selectFrom('award_import')
          .selectAll()
          .where('delivery_id', '=', other.deliveryId)
          .executeTakeFirstOrThrow()
        return { row, page: await staff.get(`/provider/imports/${row.id}`) }
      })
      assert.equal(row.state, 'failed')
      assert.match(row.error ?? '', /none were saved/)
      assert.match(mainText(page.body), /Failed: nothing was saved/)
      assert.equal(await countFor('learner', other.deliveryId), 0)
      assert.equal(await countFor('award', other.deliveryId), 0)
    } finally {
      await removeFailure()
    }
  })
})

describe('awards through the API', () => {
  const url = () => `/api/v1/providers/${fixture.organisationId}/awards`

  it('needs an Idempotency-Key', async () => {
    const res = await api('POST', url(), { deliveryId: fixture.deliveryId, awards: [apiAward(1)] })
    assert.equal(res.statusCode, 400)
    assert.ok(res.json().errors.some((e: { name: string }) => /idempotency-key/i.test(e.name)))
  })

  it('answers malformed batches with a 400 problem, never a 500', async () => {
    const bad: unknown[] = [
      { deliveryId: 'not-a-uuid', awards: [apiAward(1)] },
      { deliveryId: fixture.deliveryId, awards: 'all of them' },
      { deliveryId: fixture.deliveryId, awards: [] },
      { deliveryId: fixture.deliveryId, awards: [{ ...apiAward(1), shoeSize: 9 }] },
      { deliveryId: fixture.deliveryId, awards: [{ ...apiAward(1), mscYear: 'last year' }] },
      { deliveryId: fixture.deliveryId, awards: Array.from({ length: 10_001 }, (_, i) => apiAward(i)) },
    ]
    for (const body of bad) {
      const res = await api('POST', url(), body, { 'idempotency-key': 'bad' })
      assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 100))
      assert.match(String(res.headers['content-type']), /problem\+json/)
    }
    const broken = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'b',
      },
      payload: '{"deliveryId": ',
    })
    assert.equal(broken.statusCode, 400)
  })

  it('refuses an award dated before the delivery was approved, naming the award, and saves none', async () => {
    const late = await insertApprovedDelivery(t.database.db, {
      organisationId: fixture.organisationId,
      approvedAt: new Date('2025-11-14T10:00:00Z'),
    })
    const res = await api(
      'POST',
      url(),
      {
        deliveryId: late.deliveryId,
        awards: [apiAward(901, { awardedOn: '2025-11-14' }), apiAward(902, { awardedOn: '2025-11-13' })],
      },
      { 'idempotency-key': 'before-approval' },
    )
    assert.equal(res.statusCode, 422)
    assert.deepEqual(res.json().errors, [
      {
        name: 'awards[1]',
        reason: 'Date of the award must be on or after 14 November 2025, when the delivery was approved',
      },
    ])
    assert.equal(await countFor('award', late.deliveryId), 0)
  })

  it('refuses an award dated before the delivery started, as the award form does, and saves none', async () => {
    const early = await insertApprovedDelivery(t.database.db, { organisationId: fixture.organisationId })
    const res = await api(
      'POST',
      url(),
      {
        deliveryId: early.deliveryId,
        awards: [apiAward(911, { awardedOn: '2025-09-01' }), apiAward(912, { awardedOn: '2025-08-31' })],
      },
      { 'idempotency-key': 'before-start' },
    )
    assert.equal(res.statusCode, 422)
    assert.deepEqual(res.json().errors, [
      {
        name: 'awards[1]',
        reason: 'Date of the award must be on or after 1 September 2025, when the delivery started',
      },
    ])
    assert.equal(await countFor('award', early.deliveryId), 0)
  })

  it('answers 404 to a token of another organisation', async () => {
    const other = await insertApprovedDelivery(t.database.db)
    const res = await api(
      'POST',
      `/api/v1/providers/${other.organisationId}/awards`,
      { deliveryId: other.deliveryId, awards: [apiAward(1)] },
      { 'idempotency-key': 'k-other' },
    )
    assert.equal(res.statusCode, 404)
    assert.match(String(res.headers['content-type']), /problem\+json/)
  })

  it('saves a small batch at once, replays it for the same key, refuses another body under it', async () => {
    const body = { deliveryId: fixture.deliveryId, awards: [apiAward(1), apiAward(2)] }
    const first = await api('POST', url(), body, { 'idempotency-key': 'batch-1' })
    assert.equal(first.statusCode, 201, first.body)
    assert.deepEqual(first.json(), { created: 2, unchanged: 0 })
    const replay = await api('POST', url(), body, { 'idempotency-key': 'batch-1' })
    assert.equal(replay.statusCode, 201)
    assert.deepEqual(replay.json(), { created: 2, unchanged: 0 })
    const again = await api('POST', url(), body, { 'idempotency-key': 'batch-2' })
    assert.deepEqual(again.json(), { created: 0, unchanged: 2 })
    const changed = await api(
      'POST',
      url(),
      { ...body, awards: [apiAward(3)] },
      { 'idempotency-key': 'batch-1' },
    )
    assert.equal(changed.statusCode, 422)
    assert.match(changed.json().detail, /different request/)
  })

  it('lists each rejected award by index and saves nothing', async () => {
    const before = await countFor('award')
    const res = await api(
      'POST',
      url(),
      {
        deliveryId: fixture.deliveryId,
        awards: [
          apiAward(10),
          apiAward(11, { registrationNumber: '12' }),
          apiAward(12, { profession: 'Astronaut' }),
        ],
      },
      { 'idempotency-key': 'batch-bad' },
    )
    assert.equal(res.statusCode, 422)
    const errors = res.json().errors as Array<{ name: string; reason: string }>
    assert.deepEqual(
      errors.map((e) => e.name),
      ['awards[1]', 'awards[2]'],
    )
    assert.match(errors[0]!.reason, /7 digits/)
    assert.equal(await countFor('award'), before)
  })

  it('refuses a delivery that is not the organisation’s', async () => {
    const other = await insertApprovedDelivery(t.database.db)
    const res = await api(
      'POST',
      url(),
      { deliveryId: other.deliveryId, awards: [apiAward(1)] },
      { 'idempotency-key': 'x' },
    )
    assert.equal(res.statusCode, 422)
    assert.equal(res.json().errors[0].name, 'deliveryId')
  })

  it('queues a large batch, with a Location that reports how it went', async () => {
    const awards = Array.from({ length: 501 }, (_, i) => apiAward(1000 + i))
    const res = await api(
      'POST',
      url(),
      { deliveryId: fixture.deliveryId, awards },
      { 'idempotency-key': 'big' },
    )
    assert.equal(res.statusCode, 202, res.body)
    const location = res.headers.location as string
    assert.match(location, new RegExp(`^/api/v1/providers/${fixture.organisationId}/award-imports/`))
    await t.services.awardImports.runPendingImports()
    const status = await api('GET', location)
    assert.equal(status.statusCode, 200)
    assert.equal(status.json().state, 'completed')
    assert.equal(status.json().created, 501)
    assert.equal(status.json().processedRows, 501)
    const replay = await api(
      'POST',
      url(),
      { deliveryId: fixture.deliveryId, awards },
      { 'idempotency-key': 'big' },
    )
    assert.equal(replay.statusCode, 202)
    assert.equal(replay.headers.location, location)
    const other = await insertApprovedDelivery(t.database.db)
    const foreign = await api('GET', location.replace(fixture.organisationId, other.organisationId))
    assert.equal(foreign.statusCode, 404)
  })

  it('is in the OpenAPI document with the Idempotency-Key header', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
    const post = doc.paths['/api/v1/providers/{id}/awards'].post
    assert.ok(
      post.parameters.some(
        (p: { in: string; name: string; required?: boolean }) =>
          p.in === 'header' && p.name === 'idempotency-key' && p.required === true,
      ),
    )
    assert.ok(post.requestBody)
    assert.ok(doc.paths['/api/v1/providers/{id}/award-imports/{importId}'].get)
  })
})
