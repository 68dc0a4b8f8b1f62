import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { signedIn } from '../../../test/support/agent.ts'
import { seedDemoProcess } from './demo-process.ts'
import { DEMO_PRACTITIONER_PASSWORD, seedDemoPractitioners } from './demo-practitioners.ts'
import { seedDemoProvider } from './demo-provider.ts'
import { createDemoAccounts } from './demo-accounts.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo practitioners', () => {
  it('gives every demo award a practitioner with a public directory entry showing it, once', async () => {
    const first = await seedDemoPractitioners(t.database.db, t.services)
    const again = await seedDemoPractitioners(t.database.db, t.services)
    assert.ok(first.length >= 2)
    assert.deepEqual(
      again.map((r) => r.href),
      first.map((r) => r.href),
    )
    const { entries, total } = await t.services.directory.search({})
    assert.equal(total, first.length)
    for (const entry of entries) {
      assert.equal(entry.credentials.length, 1, entry.name)
      assert.ok(entry.profession)
    }
    const email = /sign in as (\S+),/.exec(first[0]!.stage)![1]!
    const agent = await signedIn(t, email, DEMO_PRACTITIONER_PASSWORD)
    assert.equal((await agent.get('/my/portfolio')).statusCode, 200)

    // Each can download a Comprehensive Learner Record holding their award, which verifies.
    const clr = await agent.get('/my/portfolio/clr.json')
    assert.equal(clr.statusCode, 200)
    const result = await t.services.verification.verify(clr.body)
    assert.equal(result.verdict, 'valid', JSON.stringify(result.checks))
    assert.deepEqual(
      result.record?.credentials.map((c) => c.verdict),
      ['valid'],
    )
  })
})
