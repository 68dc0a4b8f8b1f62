import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createOrganisation } from '../../../test/support/browser.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import { everything, has, hrefs, mainText, rowVersionIn } from '../../../test/support/html.ts'

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

  it('asks for a title only: the Centre decides accreditation', async () => {
    const form = await providerAdmin.get('/provider/programmes/new')
    assert.equal(has(form.body, 'input[name="accreditationStatus"]'), false)
    const { page } = await providerAdmin.submit('/provider/programmes/new', '/provider/programmes/new', {
      title: '',
      accreditationStatus: 'accredited',
    })
    assert.match(mainText(page.body), /Enter the title of the programme/)
  })

  it('adds a programme, not yet accredited, with a link to apply; staff see it but cannot change it', async () => {
    const { posted, page } = await providerAdmin.submit(
      '/provider/programmes/new',
      '/provider/programmes/new',
      // A status sent by an old form is ignored: providers no longer declare it.
      { title: 'MSc Advanced Clinical Practice', accreditationStatus: 'accredited' },
    )
    assert.equal(posted.statusCode, 303)
    assert.match(mainText(page.body), /Programme added/)
    assert.match(mainText(page.body), /Not yet accredited/)
    assert.match(mainText(page.body), /Apply for accreditation/)
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
    })
    assert.equal(res.statusCode, 404)
    // Asking for the other organisation's list by its id is refused the same way.
    assert.equal(
      (await otherAdmin.get(`/provider/programmes?organisation=${organisationId}`)).statusCode,
      404,
    )
  })

  it('changes a title with its row version; a stale form changes nothing; a declaration cannot be set', async () => {
    const form = await providerAdmin.get(`/provider/programmes/${programmeId}/edit`)
    const fields = {
      rowVersion: rowVersionIn(form.body),
      title: 'MSc Advanced Clinical Practice (Hons)',
      accreditationStatus: 'accredited',
      'accreditedFrom[day]': '1',
      'accreditedFrom[month]': '9',
      'accreditedFrom[year]': '2024',
    }
    const url = `/provider/programmes/${programmeId}/edit`
    assert.match(mainText((await providerAdmin.submit(url, url, fields)).page.body), /Programme saved/)
    const stale = await providerAdmin.submit(url, url, { ...fields, title: 'Another title' })
    assert.match(mainText(stale.page.body), new RegExp(STALE_MESSAGE))
    const row = await t.database.db
      .selectFrom('programme')
      .selectAll()
      .where('id', '=', programmeId)
      .executeTakeFirstOrThrow()
    assert.equal(row.title, 'MSc Advanced Clinical Practice (Hons)')
    assert.equal(row.accreditation_status, null)
  })

  it('shows a declaration made before the Centre’s process as declared, not confirmed', async () => {
    await t.database.db
      .insertInto('programme')
      .values({
        organisation_id: organisationId,
        title: 'MSc Declared',
        accreditation_status: 'accredited',
        accredited_from: '2021-09-01',
      })
      .execute()
    const page = await staff.get('/provider/programmes')
    assert.match(mainText(page.body), /Declared by the provider, not confirmed by the Centre/)
    assert.match(mainText(page.body), /You declared it accredited from 1 September 2021/)
  })
})
