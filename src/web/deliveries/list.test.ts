// A provider's list of its deliveries: paged with a total, searched by the credential's
// title, filtered by state, downloaded whole as CSV, and never showing another provider's.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { insertApprovedDelivery, type AwardFixture } from '../../../test/support/award-fixture.ts'

const statusText = (html: string) => parse(html).querySelector('[role="status"]')?.text.trim()
const csvOf = (body: string): string[][] => parseCsv(body, { bom: true })

describe("a provider's list of deliveries", () => {
  let t: TestApp
  let staff: Agent
  let main: AwardFixture

  before(async () => {
    t = await createTestApp()
    const db = t.database.db
    main = await insertApprovedDelivery(db, { organisationName: 'Volume University' })
    await insertApprovedDelivery(db, { organisationId: main.organisationId })
    await insertApprovedDelivery(db, { organisationName: 'Elsewhere College' })
    await createAccount(t, 'staff@example.org', [
      { role: 'provider_staff', organisationId: main.organisationId },
    ])
    staff = await signedIn(t, 'staff@example.org')
  })
  after(() => t.close())

  it('pages, searches and filters deliveries, and downloads them', async () => {
    const first = await staff.get('/provider/deliveries')
    assert.equal(statusText(first.body), '2 deliveries')
    const word = main.credentialTitle.split(' ').pop() ?? ''
    assert.equal(statusText((await staff.get(`/provider/deliveries?q=${word}`)).body), '1 delivery found')
    assert.equal(
      statusText((await staff.get('/provider/deliveries?state=declined')).body),
      '0 deliveries found',
    )
    const csv = csvOf((await staff.get('/provider/deliveries?format=csv')).body)
    assert.equal(csv.length, 3)
    assert.ok(csv.slice(1).every((r) => r[2] === 'Volume University'))
  })
})
