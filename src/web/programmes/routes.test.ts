import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createOrganisation } from '../../../test/support/browser.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import { everything, hrefs, mainText, rowVersionIn } from '../../../test/support/html.ts'

describe('programmes (provider admins)', () => {
  let t: TestApp
  let providerAdmin: Agent
  let staff: Agent
  let otherAdmin: Agent
  let organisationId: string

  before(async () => {
    t = await createTestApp()
    organisationId = await createOrganisation(t, 'Southbank University')
    const otherOrganisationId = await createOrganisation(t, 'Eastgate College')
    await createAccount(t, 'padmin@example.org', [{ role: 'provider_admin', organisationId }])
    await createAccount(t, 'staff@example.org', [{ role: 'provider_staff', organisationId }])
    await createAccount(t, 'other@example.org', [
      { role: 'provider_admin', organisationId: otherOrganisationId },
    ])
    providerAdmin = await signedIn(t, 'padmin@example.org')
    staff = await signedIn(t, 'staff@example.org')
    otherAdmin = await signedIn(t, 'other@example.org')
  })
  after(() => t.close())

  let programmeId: string

  it('refuses an end date before the start date, and a missing start date', async () => {
    const fields = {
      title: 'MSc Advanced Clinical Practice',
      accreditationStatus: 'accredited',
      'accreditedFrom[day]': '1',
      'accreditedFrom[month]': '9',
      'accreditedFrom[year]': '2024',
      'accreditedUntil[day]': '31',
      'accreditedUntil[month]': '8',
      'accreditedUntil[year]': '2024',
    }
    const { page } = await providerAdmin.submit(
      '/provider/programmes/new',
      '/provider/programmes/new',
      fields,
    )
    assert.match(mainText(page.body), /Accredited until must be the same as or after accredited from/)
    const missing = await providerAdmin.submit('/provider/programmes/new', '/provider/programmes/new', {
      ...fields,
      'accreditedFrom[day]': '',
      'accreditedFrom[month]': '',
      'accreditedFrom[year]': '',
      'accreditedUntil[day]': '30',
      'accreditedUntil[month]': '2',
      'accreditedUntil[year]': '2029',
    })
    assert.match(mainText(missing.page.body), /Enter the accredited from/)
    assert.match(mainText(missing.page.body), /Accredited until must be a real date/)
  })

  it('adds a programme without an end date; staff see it but cannot change it', async () => {
    const { posted, page } = await providerAdmin.submit(
      '/provider/programmes/new',
      '/provider/programmes/new',
      {
        title: 'MSc Advanced Clinical Practice',
        accreditationStatus: 'accredited',
        'accreditedFrom[day]': '1',
        'accreditedFrom[month]': '9',
        'accreditedFrom[year]': '2024',
      },
    )
    assert.equal(posted.statusCode, 303)
    assert.match(mainText(page.body), /Programme added/)
    assert.match(mainText(page.body), /No end date/)
    const edit = hrefs(page.body, 'MSc Advanced Clinical Practice')
      .map((href) => /^\/provider\/programmes\/([0-9a-f-]{36})\/edit$/.exec(href)?.[1])
      .find((id) => id !== undefined)
    assert.ok(edit, 'the programme links to its edit page')
    programmeId = edit
    const seen = await staff.get('/provider/programmes')
    assert.match(mainText(seen.body), /MSc Advanced Clinical Practice/)
    assert.doesNotMatch(everything(seen.body), /\/edit/)
    assert.equal((await staff.get('/provider/programmes/new')).statusCode, 403)
  })

  it("never shows or changes another provider's programme", async () => {
    assert.doesNotMatch(
      everything((await otherAdmin.get('/provider/programmes')).body),
      /MSc Advanced Clinical Practice/,
    )
    assert.equal((await otherAdmin.get(`/provider/programmes/${programmeId}/edit`)).statusCode, 404)
    await otherAdmin.get('/provider/programmes')
    const res = await otherAdmin.post(`/provider/programmes/${programmeId}/edit`, {
      rowVersion: '1',
      title: 'Taken over',
      accreditationStatus: 'lapsed',
      'accreditedFrom[day]': '1',
      'accreditedFrom[month]': '1',
      'accreditedFrom[year]': '2020',
    })
    assert.equal(res.statusCode, 404)
    // Asking for the other organisation's list by its id is refused the same way.
    assert.equal(
      (await otherAdmin.get(`/provider/programmes?organisation=${organisationId}`)).statusCode,
      404,
    )
  })

  it('changes a programme with its row version; a stale form changes nothing', async () => {
    const form = await providerAdmin.get(`/provider/programmes/${programmeId}/edit`)
    const fields = {
      rowVersion: rowVersionIn(form.body),
      title: 'MSc Advanced Clinical Practice',
      accreditationStatus: 'accredited_with_conditions',
      'accreditedFrom[day]': '1',
      'accreditedFrom[month]': '9',
      'accreditedFrom[year]': '2024',
      'accreditedUntil[day]': '31',
      'accreditedUntil[month]': '8',
      'accreditedUntil[year]': '2029',
    }
    const url = `/provider/programmes/${programmeId}/edit`
    assert.match(mainText((await providerAdmin.submit(url, url, fields)).page.body), /Programme saved/)
    const stale = await providerAdmin.submit(url, url, { ...fields, accreditationStatus: 'lapsed' })
    assert.match(mainText(stale.page.body), new RegExp(STALE_MESSAGE))
    const row = await t.database.db
      .selectFrom('programme')
      .selectAll()
      .where('id', '=', programmeId)
      .executeTakeFirstOrThrow()
    assert.equal(row.accreditation_status, 'accredited_with_conditions')
    assert.equal(row.accredited_until, '2029-08-31')
  })
})
