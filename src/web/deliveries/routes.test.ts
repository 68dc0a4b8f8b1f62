import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { parse } from 'node-html-parser'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createOrganisation } from '../../../test/support/browser.ts'
import { publishedExample } from '../../../test/support/publication.ts'
import { fixedClock } from '../../domain/clock.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  everything,
  fieldValue,
  hasLink,
  hrefs,
  mainText,
  rowVersionIn,
  summaryRows,
  textOf,
} from '../../../test/support/html.ts'

const DELIVERY = {
  mode: 'blended',
  'startDate[day]': '15',
  'startDate[month]': '9',
  'startDate[year]': '2027',
  expectedCohort: '24',
  assessment: 'Portfolio of practice and an observed structured clinical examination',
  programmeId: '',
}

describe('deliveries', () => {
  let t: TestApp
  let admin: Agent
  let providerAdmin: Agent
  let staff: Agent
  let otherAdmin: Agent
  let credentialId: string
  let slug: string

  before(async () => {
    t = await createTestApp()
    const organisationId = await createOrganisation(t, 'Southbank University')
    const otherOrganisationId = await createOrganisation(t, 'Eastgate College')
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
    const check = `${page}/decision/check`
    const noConditions = await admin.submit(page, check, {
      rowVersion,
      decision: 'approve_with_conditions',
      conditions: '  ',
    })
    assert.match(mainText(noConditions.page.body), /Enter the conditions of approval/)
    const noReason = await admin.submit(page, check, { rowVersion, decision: 'decline' })
    assert.match(mainText(noReason.page.body), /Enter the reason for declining/)
    const noDecision = await admin.submit(page, check, { rowVersion })
    assert.match(mainText(noDecision.page.body), /Select your decision/)
    const suspending = await admin.submit(page, check, { rowVersion, decision: 'suspend' })
    assert.match(mainText(suspending.page.body), /Select your decision/, 'the decision form only decides')
    // The POST that records it checks again.
    const unchecked = await admin.submit(page, page, { rowVersion, action: 'decide', decision: 'decline' })
    assert.match(mainText(unchecked.page.body), /Enter the reason for declining/)
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
    const { page: checked } = await admin.submit(page, `${page}/decision/check`, {
      rowVersion: '99',
      decision: 'approve',
    })
    assert.match(mainText(checked.body), new RegExp(STALE_MESSAGE), 'refused before the check page too')
    assert.equal((await deliveryRow(deliveryId)).state, 'applied')
  })

  it('approves with conditions: audited, the first return due, the provider admins told', async () => {
    const page = `/deliveries/${deliveryId}`
    const form = await admin.get(page)
    // The form leads to a page that says what recording the decision does; only its button records it.
    const { page: check } = await admin.submit(page, `${page}/decision/check`, {
      rowVersion: rowVersionIn(form.body, `${page}/decision/check`),
      decision: 'approve_with_conditions',
      conditions: 'Report assessment outcomes after the first cohort.',
    })
    assert.equal(check.statusCode, 200)
    assert.deepEqual(summaryRows(check.body), {
      'Your decision': 'Approve with conditions',
      Conditions: 'Report assessment outcomes after the first cohort.',
    })
    assert.match(mainText(check.body), /Recording the decision cannot be undone/)
    assert.match(mainText(check.body), /is listed on the credential’s public page as approved to deliver it/)
    assert.match(mainText(check.body), /admins are sent an email with the conditions/)
    assert.ok(parse(check.body).querySelector(`form[action="${page}"] button.nhsuk-button--warning`))
    assert.deepEqual(hrefs(check.body, /^Change/), [page, page])
    assert.deepEqual(hrefs(check.body, 'Cancel'), [page])
    assert.equal((await deliveryRow(deliveryId)).state, 'applied', 'nothing recorded yet')
    // Change: the form shows the answers again.
    const change = await admin.get(page)
    assert.equal(
      parse(change.body).querySelector('input[name="decision"][checked]')?.getAttribute('value'),
      'approve_with_conditions',
    )
    assert.equal(fieldValue(change.body, 'conditions'), 'Report assessment outcomes after the first cohort.')
    const fields = Object.fromEntries(
      parse(check.body)
        .querySelectorAll(`form[action="${page}"] input[type="hidden"]`)
        .map((input) => [input.getAttribute('name') ?? '', input.getAttribute('value') ?? '']),
    )
    const confirmed = await admin.post(page, fields)
    const shown = await admin.get(confirmed.headers.location as string)
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
    const confirm = `${page}/withdraw`
    assert.equal((await staff.get(confirm)).statusCode, 403)
    assert.equal((await otherAdmin.get(confirm)).statusCode, 404)
    assert.ok(hasLink((await providerAdmin.get(page)).body, confirm), 'the delivery page links to it')
    const form = await providerAdmin.get(confirm)
    assert.equal(form.statusCode, 200)
    assert.match(textOf(form.body, 'h1'), /^Withdraw the delivery of .+\?$/)
    const warning = textOf(form.body, '.nhsuk-card--warning')
    assert.match(warning, /Withdrawing the delivery cannot be undone/)
    assert.match(warning, /A withdrawn delivery cannot be brought back/)
    assert.equal(textOf(form.body, 'button.nhsuk-button--warning'), 'Withdraw the delivery')
    assert.ok(hasLink(form.body, page, 'Cancel'))
    assert.notEqual((await deliveryRow(deliveryId)).state, 'withdrawn', 'opening the page withdraws nothing')

    const stale = await providerAdmin.submit(confirm, confirm, { rowVersion: '999999', note: 'Typed' })
    assert.equal(stale.posted.headers.location, confirm, 'a stale form comes back to the confirmation')
    assert.equal(fieldValue(stale.page.body, 'note'), 'Typed')
    const { page: shown } = await providerAdmin.submit(confirm, confirm, {
      rowVersion: rowVersionIn(form.body),
    })
    assert.match(mainText(shown.body), /Delivery withdrawn/)
    assert.equal((await deliveryRow(deliveryId)).state, 'withdrawn')
    const again = await providerAdmin.get(confirm)
    assert.equal(again.headers.location, page, 'nothing left to withdraw')
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

describe('deliveries are dated by the clock', () => {
  const clock = fixedClock('2027-03-01T10:00:00Z')
  let t: TestApp
  let admin: Agent
  let providerAdmin: Agent
  let credentialId: string

  before(async () => {
    t = await createTestApp({}, { clock })
    const organisationId = await createOrganisation(t, 'Southbank University')
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'padmin@example.org', [{ role: 'provider_admin', organisationId }])
    admin = await signedIn(t, 'admin@example.org')
    providerAdmin = await signedIn(t, 'padmin@example.org')
    credentialId = (await publishedExample(t)).credentialId
  })
  after(() => t.close())

  it('records the application and the decision, and their history, at the times the clock gives', async () => {
    const { posted } = await providerAdmin.submit('/provider/deliveries/new', '/provider/deliveries/new', {
      ...DELIVERY,
      credentialId,
    })
    const id = /\/provider\/deliveries\/([0-9a-f-]{36})$/.exec(String(posted.headers.location))?.[1] ?? ''
    assert.match(mainText((await admin.get('/deliveries')).body), /1 March 2027/)
    clock.advance({ days: 10 })
    const page = `/deliveries/${id}`
    const form = await admin.get(page)
    await admin.submit(page, page, {
      rowVersion: rowVersionIn(form.body),
      action: 'decide',
      decision: 'approve',
    })
    const row = await t.database.db
      .selectFrom('delivery')
      .select(['state', 'applied_at', 'decided_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 'approved')
    assert.equal(row.applied_at.toISOString(), '2027-03-01T10:00:00.000Z')
    assert.equal(row.decided_at?.toISOString(), '2027-03-11T10:00:00.000Z')
    const history = await t.database.db
      .selectFrom('delivery_state_change')
      .select(['state', 'effective_at'])
      .where('delivery_id', '=', id)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      history.map((h) => [h.state, h.effective_at.toISOString()]),
      [
        ['applied', '2027-03-01T10:00:00.000Z'],
        ['approved', '2027-03-11T10:00:00.000Z'],
      ],
    )
  })
})
