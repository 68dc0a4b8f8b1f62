import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { mainText, tableRows, textsOf } from '../../../test/support/html.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_GLOSSARY_SUMMARY, seedDemoReference } from './demo-reference.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
})
after(() => t.close())

describe('the demo reference content', () => {
  it('publishes version 2 of the glossary through the real use case, once', async () => {
    const records = await seedDemoReference(t.database.db, t.services)
    assert.deepEqual(
      records.map((r) => r.href),
      ['/glossary/history/2'],
    )
    assert.deepEqual(
      await seedDemoReference(t.database.db, t.services),
      records,
      'the second run adds nothing',
    )
    assert.equal((await t.services.referenceEditing.current('glossary')).version, 2)

    const history = await t.app.inject({ method: 'GET', url: '/glossary/history' })
    assert.deepEqual(
      tableRows(history.body).map((row) => [row[0], row[2], row[3]]),
      [
        ['Version 2', 'Centre admin', DEMO_GLOSSARY_SUMMARY],
        ['Version 1', 'The Centre', 'The content the Centre published before it was edited here.'],
      ],
    )
    const diff = await t.app.inject({ method: 'GET', url: '/glossary/history/2' })
    assert.match(mainText(diff.body), /1 added, 0 removed, 2 changed, 13 unchanged/)
    assert.deepEqual(textsOf(diff.body, '.app-diff-added dt'), ['Delivery plan'])
    assert.deepEqual(textsOf(diff.body, '.app-diff-changed dt'), ['Credential', 'Periodic review'])
    const event = await t.database.db
      .selectFrom('audit_event')
      .select('actor_label')
      .where('action', '=', 'reference.published')
      .execute()
    assert.deepEqual(event, [{ actor_label: 'centre-admin@demo.invalid' }])
  })
})
