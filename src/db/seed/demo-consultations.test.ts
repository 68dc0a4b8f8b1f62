import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { mainText } from '../../../test/support/html.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_CONSULTATION_TITLES, seedDemoConsultations } from './demo-consultations.ts'
import { seedDemoProcess } from './demo-process.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo consultations', () => {
  it('holds one open consultation with a response and one closed with its outcome published, once', async () => {
    const records = await seedDemoConsultations(t.database.db, t.services)
    assert.deepEqual(
      records.map((r) => [r.stage, r.title]),
      [
        ['Open consultation', DEMO_CONSULTATION_TITLES.open],
        ['Closed consultation, outcome published', DEMO_CONSULTATION_TITLES.closed],
      ],
    )
    const open = await t.app.inject({ method: 'GET', url: records[0]!.href })
    assert.equal(open.statusCode, 200)
    assert.match(mainText(open.body), /Open/)

    const outcome = await t.app.inject({ method: 'GET', url: records[1]!.href })
    assert.equal(outcome.statusCode, 200)
    const text = mainText(outcome.body)
    assert.match(text, /3 responses/)
    assert.match(text, /Priya Demo, Demo Hospital Trust/)
    assert.ok(!text.includes('Tom Demo') && text.includes('Demo University'), 'organisation only')
    assert.match(text, /Carers in planning care/)
    assert.match(text, /LO4: Plan care with people living with frailty/)

    // The next version and the comparison say which outcomes changed because of it.
    const slug = /\/credentials\/([^/]+)\/specification\/compare/.exec(outcome.body)?.[1]
    assert.ok(slug, 'the outcome links the comparison')
    const compare = await t.app.inject({
      method: 'GET',
      url: `/credentials/${slug}/specification/compare?from=1&to=2`,
    })
    assert.match(mainText(compare.body), /Changed after consultation/)

    // Once: seeding again adds nothing.
    assert.deepEqual(await seedDemoConsultations(t.database.db, t.services), records)
    const count = await t.database.db
      .selectFrom('consultation')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 2)
  })
})
