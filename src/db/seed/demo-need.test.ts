import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { currentNeeds } from '../../repositories/workforce-needs.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_NEED_REGIONS, DEMO_NEED_YEARS, seedDemoNeed } from './demo-need.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo workforce need', () => {
  it('records needs for credentials and areas by region and year, one changed and one removed, once', async () => {
    const records = await seedDemoNeed(t.database.db, t.services)
    assert.deepEqual(
      records.map((r) => r.stage),
      ['Needs in force', 'A changed figure', 'A removed need'],
    )
    const needs = await currentNeeds(t.database.db, {})
    // Without the demo process there is no published demo credential: two credentials and two areas.
    assert.equal(needs.length, 4 * DEMO_NEED_REGIONS.length * DEMO_NEED_YEARS.length - 1)
    assert.ok(needs.some((n) => n.credentialId === null) && needs.some((n) => n.credentialId !== null))
    assert.deepEqual([...new Set(needs.map((n) => n.financialYear))].sort(), [...DEMO_NEED_YEARS])

    const changed = records[1]
    const removed = records[2]
    assert.ok(changed && removed)
    const history = await t.services.workforceNeeds.find(changed.href.split('/').pop() ?? '')
    assert.deepEqual(
      history?.versions.map((v) => v.kind),
      ['changed', 'recorded'],
    )
    const gone = await t.services.workforceNeeds.find(removed.href.split('/').pop() ?? '')
    assert.equal(gone?.removed, true)

    // Once: seeding again adds nothing.
    assert.deepEqual(await seedDemoNeed(t.database.db, t.services), records)
    assert.equal((await currentNeeds(t.database.db, {})).length, needs.length)
  })
})
