import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { EPORTFOLIO_STATES } from '../../domain/eportfolio.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_EPORTFOLIO_PEOPLE, seedDemoEportfolio } from './demo-eportfolio.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo ePortfolio route', () => {
  it('holds a practitioner at every stage, made through the use cases, once', async () => {
    const records = await seedDemoEportfolio(t.database.db, t.services)
    assert.equal(records.length, DEMO_EPORTFOLIO_PEOPLE.length + 1)
    const states = await t.database.db
      .selectFrom('eportfolio as e')
      .innerJoin('user_account as u', 'u.id', 'e.practitioner_id')
      .select(['u.email', 'e.state'])
      .execute()
    const stateOf = new Map(states.map((s) => [s.email, s.state]))
    assert.equal(stateOf.get('practitioner@demo.invalid'), 'building')
    for (const { key, stage } of DEMO_EPORTFOLIO_PEOPLE)
      assert.equal(stateOf.get(`${key}@demo.invalid`), stage, key)
    const every = new Set(states.map((s) => s.state))
    for (const state of EPORTFOLIO_STATES) assert.ok(every.has(state), state)
    const extensions = await t.database.db.selectFrom('eportfolio_extension').select('state').execute()
    assert.deepEqual(
      extensions.map((x) => x.state),
      ['requested'],
      'a request for more time waits for the Centre',
    )
    const again = await seedDemoEportfolio(t.database.db, t.services)
    assert.deepEqual(again, records)
    const count = await t.database.db
      .selectFrom('eportfolio')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), states.length, 'nothing made twice')
  })
})
