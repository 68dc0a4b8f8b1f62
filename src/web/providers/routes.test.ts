import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  attributeOf,
  fieldValue,
  hrefs,
  mainText,
  rowVersionIn,
  selectedOptions,
} from '../../../test/support/html.ts'

const PROVIDER = {
  name: 'University of Northfield',
  kind: 'university',
  ukprn: '10001234',
  region: 'north_west',
  website: 'https://www.northfield.example.ac.uk',
}

describe('provider organisations (Centre admins)', () => {
  let t: TestApp
  let admin: Agent

  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
  })
  after(() => t.close())

  const auditActions = async (entityId: string) =>
    (
      await t.database.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action)

  let providerId: string

  it('refuses a UK Provider Reference Number that is not 8 digits starting with 1', async () => {
    for (const [ukprn, message] of [
      ['1000123A', 'must only include numbers'],
      ['1000123', 'must be 8 digits'],
      ['20001234', 'must start with 1'],
    ] as const) {
      const { posted, page } = await admin.submit('/admin/providers/new', '/admin/providers/new', {
        ...PROVIDER,
        ukprn,
      })
      assert.equal(posted.statusCode, 303)
      assert.equal(posted.headers.location, '/admin/providers/new')
      assert.match(mainText(page.body), new RegExp(`UK Provider Reference Number ${message}`))
      assert.equal(fieldValue(page.body, 'ukprn'), ukprn, 'keeps what was typed')
    }
    const { page } = await admin.submit('/admin/providers/new', '/admin/providers/new', {})
    assert.match(mainText(page.body), /Enter the provider's name/)
    assert.match(mainText(page.body), /Select the kind of provider/)
    assert.match(mainText(page.body), /Select the region/)
    const saved = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', PROVIDER.name)
      .execute()
    assert.equal(saved.length, 0, 'nothing saved')
  })

  it('registers a provider, audited, with spaces in its number ignored, and lists it', async () => {
    const { posted, page } = await admin.submit('/admin/providers/new', '/admin/providers/new', {
      ...PROVIDER,
      ukprn: '1000 1234',
    })
    assert.equal(posted.statusCode, 303)
    providerId = /\/admin\/providers\/([0-9a-f-]{36})$/.exec(posted.headers.location as string)![1]!
    assert.match(mainText(page.body), /Provider registered/)
    assert.match(mainText(page.body), /10001234/)
    assert.ok(hrefs(page.body).includes(`/admin/invitations?organisation=${providerId}`))
    assert.deepEqual(await auditActions(providerId), ['provider.registered'])
    const list = await admin.get('/admin/providers')
    assert.match(mainText(list.body), /University of Northfield/)
    assert.match(mainText(list.body), /North West/)
  })

  it('refuses a UK Provider Reference Number another provider has', async () => {
    const { page } = await admin.submit('/admin/providers/new', '/admin/providers/new', {
      ...PROVIDER,
      name: 'Another University',
    })
    assert.match(mainText(page.body), /Another provider already has this UK Provider Reference Number/)
  })

  it('opens the invitation page with the organisation and the provider admin role chosen', async () => {
    const res = await admin.get(`/admin/invitations?organisation=${providerId}`)
    assert.equal(res.statusCode, 200)
    assert.equal(attributeOf(res.body, 'input#organisation', 'value'), 'University of Northfield')
    assert.ok(selectedOptions(res.body).some((option) => option.value === 'provider_admin'))
  })

  it('changes the details with the row version; a stale form changes nothing', async () => {
    const form = await admin.get(`/admin/providers/${providerId}/edit`)
    const rowVersion = rowVersionIn(form.body)
    const fields = { ...PROVIDER, rowVersion, region: 'london' }
    const { page } = await admin.submit(
      `/admin/providers/${providerId}/edit`,
      `/admin/providers/${providerId}/edit`,
      fields,
    )
    assert.match(mainText(page.body), /Provider details saved/)
    assert.match(mainText(page.body), /London/)
    const stale = await admin.submit(
      `/admin/providers/${providerId}/edit`,
      `/admin/providers/${providerId}/edit`,
      { ...fields, region: 'midlands' },
    )
    assert.match(mainText(stale.page.body), new RegExp(STALE_MESSAGE))
    const row = await t.database.db
      .selectFrom('organisation')
      .select('region')
      .where('id', '=', providerId)
      .executeTakeFirstOrThrow()
    assert.equal(row.region, 'london')
    assert.deepEqual(await auditActions(providerId), ['provider.registered', 'provider.updated'])
  })

  it('shows page not found for an unknown provider', async () => {
    assert.equal((await admin.get('/admin/providers/not-an-id')).statusCode, 404)
    assert.equal((await admin.get(`/admin/providers/${crypto.randomUUID()}/edit`)).statusCode, 404)
  })
})
