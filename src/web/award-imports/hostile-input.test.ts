// Hostile input to the awards API and the CSV upload: dates no calendar or database has, and
// values of the wrong JSON type, are refused naming the award and the field, never a 500,
// and nothing is saved.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AWARD_COLUMNS } from '../../domain/award-rows.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import {
  insertApprovedDelivery,
  validCsvLine,
  type AwardFixture,
} from '../../../test/support/award-fixture.ts'

let t: TestApp
let fixture: AwardFixture
let token: string
const SYSTEM = { userId: null, label: 'test', ip: null }

before(async () => {
  t = await createTestApp()
  fixture = await insertApprovedDelivery(t.database.db)
  token = (await t.services.apiTokens.create(fixture.organisationId, 'Student records', SYSTEM)).token
})
after(() => t?.close())

const apiAward = (n: number, overrides: Record<string, unknown> = {}) => ({
  givenName: 'Api',
  familyName: `Learner ${n}`,
  email: `hostile${n}@example.org`,
  profession: 'Pharmacist',
  regulator: 'GPhC',
  registrationNumber: String(2100000 + n),
  eligibilityBasis: 'holds_msc',
  mscInstitution: 'University of Bath',
  mscYear: 2018,
  awardedOn: '2026-06-30',
  ...overrides,
})

let keys = 0
function postBatch(awards: unknown[], deliveryId = fixture.deliveryId) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/providers/${fixture.organisationId}/awards`,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': `hostile-${++keys}` },
    payload: { deliveryId, awards },
  })
}

const countOf = async (table: 'learner' | 'award', deliveryId: string) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    ).n,
  )

const REAL_DATE = 'Date of the award must be a real date, like 31/08/2026 or 2026-08-31'
/** Dates with no such day, or a year no award can have, and what each is told. */
const BAD_DATES: Array<[string, string]> = [
  ['0000-01-01', REAL_DATE],
  ['0001-01-01', REAL_DATE],
  ['1/1/0000', REAL_DATE],
  ['2026-02-30', REAL_DATE],
  ['9999-12-31', 'Date of the award must be today or in the past'],
  ['31/12/9999', 'Date of the award must be today or in the past'],
]

describe('award dates no calendar has', () => {
  it('are refused through the API with 422, naming the award, and nothing is saved', async () => {
    for (const [date, reason] of BAD_DATES) {
      const res = await postBatch([apiAward(1), apiAward(2, { awardedOn: date })])
      assert.equal(res.statusCode, 422, `${date}: ${res.body}`)
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/)
      assert.deepEqual(res.json().errors, [{ name: 'awards[1]', reason }], date)
    }
    assert.equal(await countOf('award', fixture.deliveryId), 0)
    assert.equal(await countOf('learner', fixture.deliveryId), 0)
  })

  it('are refused in a CSV file, each as a problem on its line, and nothing is saved', async () => {
    const delivery = await t.services.awardImports.deliveryForUpload(fixture.deliveryId, [
      fixture.organisationId,
    ])
    assert.ok(delivery)
    const lines = BAD_DATES.map(([date], i) => validCsvLine(i + 1, { awarded_on: date }))
    const content = Buffer.from([AWARD_COLUMNS.join(','), ...lines].join('\n') + '\n')
    const id = await t.services.awardImports.queueCsv(delivery, { content, filename: 'dates.csv' }, SYSTEM)
    await t.services.awardImports.runPendingImports()
    const item = await t.services.awardImports.get(id, [fixture.organisationId])
    assert.equal(item?.state, 'rejected', item?.error ?? '')
    const problems = await t.services.awardImports.problems(id, [fixture.organisationId])
    assert.deepEqual(
      problems?.map((p) => ({ line: p.line, field: p.field, message: p.message })),
      BAD_DATES.map(([, message], i) => ({ line: i + 2, field: 'awarded_on', message })),
    )
    assert.equal(await countOf('award', fixture.deliveryId), 0)
  })
})

describe('values of the wrong JSON type', () => {
  it('are refused with 400 and a problem naming each field, never saved as text', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ givenName: true }, 'awards.0.givenName'],
      [{ familyName: 42 }, 'awards.0.familyName'],
      [{ email: ['hostile@example.org'] }, 'awards.0.email'],
      [{ registrationNumber: 2100001 }, 'awards.0.registrationNumber'],
      [{ mscYear: '2018' }, 'awards.0.mscYear'],
      [{ awardedOn: { day: 1 } }, 'awards.0.awardedOn'],
      [{ mscInstitution: false }, 'awards.0.mscInstitution'],
    ]
    for (const [wrong, field] of cases) {
      const res = await postBatch([apiAward(1, wrong)])
      const what = JSON.stringify(wrong)
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`)
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/, what)
      const names = res.json<{ errors: Array<{ name: string }> }>().errors.map((e) => e.name)
      assert.ok(names.includes(field), `${what} names ${field}: ${names.join(', ')}`)
    }
    const batch = await t.app.inject({
      method: 'POST',
      url: `/api/v1/providers/${fixture.organisationId}/awards`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'hostile-deliveries' },
      payload: { deliveryId: [fixture.deliveryId], awards: [apiAward(1)] },
    })
    assert.equal(batch.statusCode, 400, 'a list of one is not its item either')
    assert.equal(await countOf('learner', fixture.deliveryId), 0)
  })

  it('still accepts the same batch with the right types', async () => {
    const res = await postBatch([apiAward(1)])
    assert.equal(res.statusCode, 201, res.body)
    const learner = await t.database.db
      .selectFrom('learner')
      .select(['given_name', 'msc_year'])
      .where('delivery_id', '=', fixture.deliveryId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(learner, { given_name: 'Api', msc_year: 2018 })
  })
})
