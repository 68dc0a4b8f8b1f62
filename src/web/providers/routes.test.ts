import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createOrganisation } from '../../../test/support/browser.ts'
import { publishedExample } from '../../../test/support/publication.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  attributeOf,
  everything,
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

const DELIVERY = {
  mode: 'blended',
  'startDate[day]': '15',
  'startDate[month]': '9',
  'startDate[year]': '2027',
  expectedCohort: '24',
  assessment: 'Portfolio of practice and an observed structured clinical examination',
  programmeId: '',
}

describe('providers, programmes and deliveries', () => {
  let t: TestApp
  let admin: Agent
  let providerAdmin: Agent
  let staff: Agent
  let otherAdmin: Agent
  let organisationId: string
  let otherOrganisationId: string
  let credentialId: string
  let slug: string

  before(async () => {
    t = await createTestApp()
    organisationId = await createOrganisation(t, 'Southbank University')
    otherOrganisationId = await createOrganisation(t, 'Eastgate College')
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'padmin@example.org', [{ role: 'provider_admin', organisationId }])
    await createAccount(t, 'staff@example.org', [{ role: 'provider_staff', organisationId }])
    await createAccount(t, 'other@example.org', [
      { role: 'provider_admin', organisationId: otherOrganisationId },
    ])
    admin = await signedIn(t, 'admin@example.org')
    providerAdmin = await signedIn(t, 'padmin@example.org')
    staff = await signedIn(t, 'staff@example.org')
    otherAdmin = await signedIn(t, 'other@example.org')
    const example = await publishedExample(t)
    credentialId = example.credentialId
    slug = example.slug
  })
  after(() => t.close())

  const deliveryRow = (id: string) =>
    t.database.db.selectFrom('delivery').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const auditActions = async (entityId: string) =>
    (
      await t.database.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action)

  describe('provider organisations (Centre admins)', () => {
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

  describe('programmes (provider admins)', () => {
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

  describe('deliveries', () => {
    let deliveryId: string
    let otherDeliveryId: string

    it('checks each answer of an application to deliver', async () => {
      const form = await providerAdmin.get('/provider/deliveries/new')
      assert.match(
        mainText(form.body),
        /Frailty in the community \(version 2\)/,
        'the latest published version',
      )
      for (const [cohort, message] of [
        ['0', 'between 1 and 1,000'],
        ['1001', 'between 1 and 1,000'],
        ['2.5', 'must be a whole number'],
        ['', 'Enter the expected cohort size'],
      ] as const) {
        const { page } = await providerAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
          ...DELIVERY,
          credentialId,
          expectedCohort: cohort,
        })
        assert.match(mainText(page.body), new RegExp(message))
      }
      const { page } = await providerAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
        'startDate[day]': '31',
        'startDate[month]': '2',
        'startDate[year]': '2027',
        programmeId: crypto.randomUUID(),
      })
      assert.match(mainText(page.body), /Select the credential you will deliver/)
      assert.match(mainText(page.body), /Select how the credential will be delivered/)
      assert.match(mainText(page.body), /Start date must be a real date/)
      assert.match(mainText(page.body), /Enter how the learning outcomes are assessed/)
      assert.match(mainText(page.body), /Select one of your programmes/)
      const count = await t.database.db
        .selectFrom('delivery')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 0)
    })

    it('applies to deliver the latest published version, audited', async () => {
      const { posted, page } = await providerAdmin.submit(
        '/provider/deliveries/new',
        '/provider/deliveries/new',
        {
          ...DELIVERY,
          credentialId,
        },
      )
      assert.equal(posted.statusCode, 303)
      deliveryId = /\/provider\/deliveries\/([0-9a-f-]{36})$/.exec(posted.headers.location as string)![1]!
      assert.match(mainText(page.body), /Application sent/)
      assert.match(mainText(page.body), /Waiting for a decision/)
      const row = await deliveryRow(deliveryId)
      const version = await t.database.db
        .selectFrom('specification_version')
        .select('number')
        .where('id', '=', row.specification_version_id)
        .executeTakeFirstOrThrow()
      assert.equal(version.number, 2)
      assert.equal(row.start_date, '2027-09-15')
      assert.equal(row.expected_cohort, 24)
      assert.deepEqual(await auditActions(deliveryId), ['delivery.applied'])
      assert.match(
        mainText((await staff.get('/provider/deliveries')).body),
        /Frailty in the community, version 2/,
      )
    })

    it('tells a provider that applies twice for the same version that it already has', async () => {
      const { page } = await providerAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
        ...DELIVERY,
        credentialId,
      })
      assert.match(
        mainText(page.body),
        /You have already applied to deliver version 2 of Frailty in the community/,
      )
    })

    it("never shows another provider's delivery, nor lets it withdraw one", async () => {
      assert.doesNotMatch(everything((await otherAdmin.get('/provider/deliveries')).body), /Frailty/)
      assert.equal((await otherAdmin.get(`/provider/deliveries/${deliveryId}`)).statusCode, 404)
      await otherAdmin.get('/provider/deliveries')
      const res = await otherAdmin.post(`/provider/deliveries/${deliveryId}/withdraw`, { rowVersion: '1' })
      assert.equal(res.statusCode, 404)
      assert.equal((await deliveryRow(deliveryId)).state, 'applied')
      // The other provider may apply for the same version: the rule is one live delivery each.
      const { posted } = await otherAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
        ...DELIVERY,
        credentialId,
      })
      otherDeliveryId = /([0-9a-f-]{36})$/.exec(posted.headers.location as string)![1]!
    })

    it('lists deliveries for the Centre, those waiting first, and filters by state', async () => {
      const list = await admin.get('/deliveries')
      assert.match(mainText(list.body), /Southbank University/)
      assert.match(mainText(list.body), /Eastgate College/)
      const filtered = await admin.get('/deliveries?state=approved')
      assert.doesNotMatch(everything(filtered.body), /Southbank University/)
      assert.equal((await admin.get('/deliveries?state=nonsense')).statusCode, 200)
    })

    it('needs conditions to approve with conditions and a reason to decline', async () => {
      const page = `/deliveries/${deliveryId}`
      const form = await admin.get(page)
      const rowVersion = rowVersionIn(form.body)
      const noConditions = await admin.submit(page, page, {
        rowVersion,
        action: 'decide',
        decision: 'approve_with_conditions',
        conditions: '  ',
      })
      assert.match(mainText(noConditions.page.body), /Enter the conditions of approval/)
      const noReason = await admin.submit(page, page, { rowVersion, action: 'decide', decision: 'decline' })
      assert.match(mainText(noReason.page.body), /Enter the reason for declining/)
      const noDecision = await admin.submit(page, page, { rowVersion, action: 'decide' })
      assert.match(mainText(noDecision.page.body), /Select your decision/)
      assert.equal((await deliveryRow(deliveryId)).state, 'applied')
    })

    it('refuses a stale decision', async () => {
      const page = `/deliveries/${deliveryId}`
      const { page: shown } = await admin.submit(page, page, {
        rowVersion: '99',
        action: 'decide',
        decision: 'approve',
      })
      assert.match(mainText(shown.body), new RegExp(STALE_MESSAGE))
      assert.equal((await deliveryRow(deliveryId)).state, 'applied')
    })

    it('approves with conditions: audited, the first return due, the provider admins told', async () => {
      const page = `/deliveries/${deliveryId}`
      const form = await admin.get(page)
      const { page: shown } = await admin.submit(page, page, {
        rowVersion: rowVersionIn(form.body),
        action: 'decide',
        decision: 'approve_with_conditions',
        conditions: 'Report assessment outcomes after the first cohort.',
      })
      assert.match(mainText(shown.body), /Delivery approved with conditions/)
      const row = await deliveryRow(deliveryId)
      assert.equal(row.state, 'approved_with_conditions')
      assert.equal(row.conditions, 'Report assessment outcomes after the first cohort.')
      const returns = await t.database.db
        .selectFrom('quality_return')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .execute()
      assert.equal(returns.length, 1)
      assert.equal(returns[0]!.period_year, 1)
      assert.equal(returns[0]!.due_on, '2028-09-15')
      assert.equal(returns[0]!.state, 'due')
      assert.deepEqual(await auditActions(deliveryId), [
        'delivery.applied',
        'delivery.approved_with_conditions',
      ])
      const mail = await t.services.mail.latestTo('padmin@example.org')
      assert.match(mail!.subject, /approved with conditions/)
      assert.match(mail!.text, /Report assessment outcomes after the first cohort/)
      assert.match(mail!.text, /, starting 15 September 2027, is now approved with conditions\./)
      assert.doesNotMatch((await t.services.mail.latestTo('other@example.org'))?.subject ?? '', /approved/)
    })

    it('refuses a decision the lifecycle does not allow, with the reason, changing nothing', async () => {
      const page = `/deliveries/${deliveryId}`
      const form = await admin.get(page)
      const { page: shown } = await admin.submit(page, page, {
        rowVersion: rowVersionIn(form.body),
        action: 'reinstate',
      })
      assert.match(mainText(shown.body), /A delivery that is approved with conditions cannot be reinstated/)
      assert.equal((await deliveryRow(deliveryId)).state, 'approved_with_conditions')
    })

    it('lists approved providers on the public credential page, not those waiting or declined', async () => {
      const page = await new Agent(t.app).get(`/credentials/${slug}`)
      assert.match(mainText(page.body), /Providers approved to deliver it/)
      assert.match(mainText(page.body), /Southbank University/)
      assert.match(mainText(page.body), /blended \(face to face and online\), starting 15 September 2027/)
      assert.doesNotMatch(everything(page.body), /Eastgate College/)
      const form = await admin.get(`/deliveries/${otherDeliveryId}`)
      await admin.submit(`/deliveries/${otherDeliveryId}`, `/deliveries/${otherDeliveryId}`, {
        rowVersion: rowVersionIn(form.body),
        action: 'decide',
        decision: 'decline',
        declineReason: 'The assessment does not cover the clinical outcomes.',
      })
      assert.equal((await deliveryRow(otherDeliveryId)).state, 'declined')
      const again = await new Agent(t.app).get(`/credentials/${slug}`)
      assert.doesNotMatch(everything(again.body), /Eastgate College/)
      assert.match((await t.services.mail.latestTo('other@example.org'))!.text, /does not cover the clinical/)
    })

    it('suspends with a reason, which takes the provider off the public page, and reinstates', async () => {
      const page = `/deliveries/${deliveryId}`
      let form = await admin.get(page)
      const noReason = await admin.submit(page, page, {
        rowVersion: rowVersionIn(form.body),
        action: 'suspend',
      })
      assert.match(mainText(noReason.page.body), /Enter the reason for suspending the delivery/)
      form = await admin.get(page)
      const { page: shown } = await admin.submit(page, page, {
        rowVersion: rowVersionIn(form.body),
        action: 'suspend',
        suspendReason: 'The quality return raised a concern.',
      })
      assert.match(mainText(shown.body), /Delivery suspended/)
      assert.equal((await deliveryRow(deliveryId)).state, 'suspended')
      const anonymous = new Agent(t.app)
      assert.doesNotMatch(
        everything((await anonymous.get(`/credentials/${slug}`)).body),
        /Southbank University/,
      )
      assert.match(
        mainText((await providerAdmin.get(`/provider/deliveries/${deliveryId}`)).body),
        /cannot make awards/,
      )
      form = await admin.get(page)
      const reinstated = await admin.submit(page, page, {
        rowVersion: rowVersionIn(form.body),
        action: 'reinstate',
      })
      assert.match(mainText(reinstated.page.body), /Delivery reinstated/)
      assert.equal((await deliveryRow(deliveryId)).state, 'approved')
      assert.match(mainText((await anonymous.get(`/credentials/${slug}`)).body), /Southbank University/)
      assert.deepEqual((await auditActions(deliveryId)).slice(-2), [
        'delivery.suspended',
        'delivery.reinstated',
      ])
    })

    it('lets the provider admin withdraw, after which it may apply again; staff may not', async () => {
      await staff.get(`/provider/deliveries/${deliveryId}`)
      assert.equal(
        (await staff.post(`/provider/deliveries/${deliveryId}/withdraw`, { rowVersion: '1' })).statusCode,
        403,
      )
      const page = `/provider/deliveries/${deliveryId}`
      const form = await providerAdmin.get(page)
      const { page: shown } = await providerAdmin.submit(page, `${page}/withdraw`, {
        rowVersion: rowVersionIn(form.body),
      })
      assert.match(mainText(shown.body), /Delivery withdrawn/)
      assert.equal((await deliveryRow(deliveryId)).state, 'withdrawn')
      const { posted } = await providerAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
        ...DELIVERY,
        credentialId,
      })
      assert.equal(posted.statusCode, 303)
      const newId = /^\/provider\/deliveries\/([0-9a-f-]{36})$/.exec(posted.headers.location as string)![1]!
      // The Centre's list puts the one waiting for a decision before the older, decided ones.
      const list = (await admin.get('/deliveries')).body
      const order = [newId, otherDeliveryId, deliveryId].map((id) => list.indexOf(`/deliveries/${id}`))
      assert.ok(order.every((i) => i > 0))
      assert.ok(order[0]! < order[1]! && order[0]! < order[2]!, 'waiting for a decision first')
    })

    it('records every change of state in the delivery’s history, from when it took effect', async () => {
      const history = await t.database.db
        .selectFrom('delivery_state_change')
        .select(['state', 'effective_at', 'recorded_by'])
        .where('delivery_id', '=', deliveryId)
        .orderBy('effective_at')
        .orderBy('id')
        .execute()
      assert.deepEqual(
        history.map((h) => h.state),
        ['applied', 'approved_with_conditions', 'suspended', 'approved', 'withdrawn'],
      )
      const row = await deliveryRow(deliveryId)
      assert.equal(history[0]!.effective_at.getTime(), row.applied_at.getTime())
      assert.equal(history[1]!.effective_at.getTime(), row.decided_at!.getTime())
      assert.ok(history.every((h) => h.recorded_by !== null))
    })
  })
})
