import { insertCentreAccreditation } from '../../../test/support/accreditation.ts'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'
import { systemClock } from '../../domain/clock.ts'
import { SUSPENDED_DELIVERY_MESSAGE } from '../../services/awards.ts'
import { deliveryFixture } from '../../../test/support/deliveries.ts'
import {
  attributesOf,
  errorFor,
  everything,
  fieldValue,
  has,
  hrefs,
  mainText,
  rowVersionIn,
} from '../../../test/support/html.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
/** Today as the app reads it: the day in London. */
const today = () => systemClock.today()
const dateParts = (iso: string) => {
  const [year, month, day] = iso.split('-') as [string, string, string]
  return { 'awardedOn[day]': day, 'awardedOn[month]': month, 'awardedOn[year]': year }
}
describe('learners, eligibility and awards', () => {
  let t: TestApp
  let staff: Agent
  let otherStaff: Agent
  let admin: Agent
  let orgId: string
  let otherOrgId: string
  let deliveryId: string
  let otherDeliveryId: string
  let programmeId: string

  const learnerForm = (changes: Record<string, string> = {}) => ({
    givenName: 'Ada',
    familyName: 'Okafor',
    email: 'ada.okafor@example.org',
    profession: 'Nurse',
    regulator: 'NMC',
    registrationNumber: '12a3456e',
    ...changes,
  })

  /** Posts the eligibility form as a browser does: multipart, with an optional file. */
  async function postEligibility(
    agent: Agent,
    learnerId: string,
    fields: Record<string, string>,
    file?: { name: string; type: string; content: Buffer },
  ) {
    const boundary = '----awards-test-boundary'
    const parts: Buffer[] = []
    const all = { _csrf: agent.csrfToken!, ...fields }
    for (const [name, value] of Object.entries(all))
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      )
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        ),
        file.content,
        Buffer.from('\r\n'),
      )
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`))
    return t.app.inject({
      method: 'POST',
      url: `/provider/learners/${learnerId}/eligibility`,
      headers: { cookie: agent.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    })
  }

  async function registerLearner(agent: Agent, delivery: string, changes: Record<string, string> = {}) {
    const { posted } = await agent.submit(
      `/provider/deliveries/${delivery}/learners/new`,
      `/provider/deliveries/${delivery}/learners/new`,
      learnerForm(changes),
    )
    assert.equal(posted.statusCode, 303)
    const location = posted.headers.location as string
    assert.match(location, /^\/provider\/learners\/[0-9a-f-]{36}$/, location)
    return location.split('/').pop()!
  }

  async function recordHoldsMsc(agent: Agent, learnerId: string) {
    const page = await agent.get(`/provider/learners/${learnerId}`)
    const res = await postEligibility(agent, learnerId, {
      rowVersion: rowVersionIn(page.body),
      basis: 'holds_msc',
      mscInstitution: 'University of Leeds',
      mscYear: '2019',
    })
    assert.equal(res.statusCode, 303)
  }

  async function award(agent: Agent, learnerId: string, iso = today()) {
    return agent.submit(
      `/provider/learners/${learnerId}/award`,
      `/provider/learners/${learnerId}/award`,
      dateParts(iso),
    )
  }

  const learnerRow = (id: string) =>
    t.database.db.selectFrom('learner').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const awardOf = (learnerId: string) =>
    t.database.db.selectFrom('award').selectAll().where('learner_id', '=', learnerId).executeTakeFirst()

  before(async () => {
    t = await createTestApp()
    const db = t.database.db
    const org = await db
      .insertInto('organisation')
      .values({ name: 'Northern University', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const other = await db
      .insertInto('organisation')
      .values({ name: 'Southern College', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    orgId = org.id
    otherOrgId = other.id
    await createAccount(t, 'staff@example.org', [{ role: 'provider_staff', organisationId: orgId }])
    await createAccount(t, 'other@example.org', [{ role: 'provider_admin', organisationId: otherOrgId }])
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    staff = await signedIn(t, 'staff@example.org')
    otherStaff = await signedIn(t, 'other@example.org')
    admin = await signedIn(t, 'admin@example.org')
    deliveryId = (await deliveryFixture(t, orgId)).id
    otherDeliveryId = (await deliveryFixture(t, otherOrgId)).id
    programmeId = (
      await db
        .insertInto('programme')
        .values({ organisation_id: orgId, title: 'MSc Advanced Clinical Practice' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
    await insertCentreAccreditation(
      db,
      { id: programmeId, organisationId: orgId },
      { from: '2020-01-01', until: '2099-12-31' },
    )
  })
  after(() => t.close())

  let learnerId: string

  it('registers a learner with a profession, regulator and a registration number in the regulator’s format', async () => {
    const form = await staff.get(`/provider/deliveries/${deliveryId}/learners/new`)
    assert.equal(form.statusCode, 200)
    assert.ok(attributesOf(form.body, 'option', 'value').includes('Nurse'))
    assert.ok(attributesOf(form.body, 'option', 'value').includes('HCPC'))
    const bad = await staff.submit(
      `/provider/deliveries/${deliveryId}/learners/new`,
      `/provider/deliveries/${deliveryId}/learners/new`,
      learnerForm({ registrationNumber: 'PA12345', email: 'not an email', profession: 'Astronaut' }),
    )
    assert.equal(bad.posted.statusCode, 303)
    assert.match(mainText(bad.page.body), /NMC PIN must look like 12A3456E/)
    assert.match(mainText(bad.page.body), /Enter an email address in the correct format/)
    assert.match(mainText(bad.page.body), /Select the learner’s profession/)
    assert.equal(await t.database.db.selectFrom('learner').select('id').executeTakeFirst(), undefined)

    learnerId = await registerLearner(staff, deliveryId)
    const row = await learnerRow(learnerId)
    assert.equal(row.registration_number, '12A3456E')
    assert.equal(row.organisation_id, orgId)
    const list = await staff.get(`/provider/deliveries/${deliveryId}/learners`)
    assert.match(mainText(list.body), /Ada Okafor/)
    assert.match(mainText(list.body), /Not recorded/)
    assert.ok(
      hrefs(list.body).includes(`/provider/deliveries/${deliveryId}/imports/new`),
      'the learners page leads to the CSV upload',
    )
  })

  it('refuses a second learner with the same email on the delivery, with a clear message', async () => {
    const { page } = await staff.submit(
      `/provider/deliveries/${deliveryId}/learners/new`,
      `/provider/deliveries/${deliveryId}/learners/new`,
      learnerForm({ email: 'ADA.okafor@example.org' }),
    )
    assert.match(
      mainText(page.body),
      /A learner with this email address is already registered on this delivery/,
    )
    const count = await t.database.db
      .selectFrom('learner')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1)
  })

  it('shows another organisation’s delivery, learner, evidence and award as not found', async () => {
    assert.equal((await otherStaff.get(`/provider/deliveries/${deliveryId}/learners`)).statusCode, 404)
    assert.equal((await otherStaff.get(`/provider/deliveries/${deliveryId}/learners/new`)).statusCode, 404)
    assert.equal((await otherStaff.get(`/provider/learners/${learnerId}`)).statusCode, 404)
    assert.equal((await otherStaff.get(`/provider/learners/${learnerId}/award`)).statusCode, 404)
    assert.equal((await otherStaff.get(`/provider/learners/${learnerId}/evidence`)).statusCode, 404)
    await otherStaff.get(`/provider/deliveries/${otherDeliveryId}/learners/new`)
    const post = await otherStaff.post(
      `/provider/deliveries/${deliveryId}/learners/new`,
      learnerForm({ email: 'x@example.org' }),
    )
    assert.equal(post.statusCode, 404)
    const award = await otherStaff.post(`/provider/learners/${learnerId}/award`, dateParts(today()))
    assert.equal(award.statusCode, 404)
    assert.equal(await awardOf(learnerId), undefined)
  })

  it('refuses to register learners on a delivery that is not approved', async () => {
    const applied = await deliveryFixture(t, orgId, { state: 'applied' })
    const form = await staff.get(`/provider/deliveries/${applied.id}/learners/new`)
    assert.match(mainText(form.body), /Learners can only be registered on an approved delivery/)
    const { page } = await staff.submit(
      `/provider/deliveries/${deliveryId}/learners/new`,
      `/provider/deliveries/${applied.id}/learners/new`,
      learnerForm({ email: 'someone@example.org' }),
    )
    assert.match(mainText(page.body), /Learners can only be registered on an approved delivery/)
  })

  it('refuses an award without eligibility and lists what is missing in the error summary', async () => {
    const { posted, page } = await award(staff, learnerId)
    assert.equal(posted.statusCode, 303)
    assert.ok(has(page.body, '.nhsuk-error-summary'))
    assert.match(
      mainText(page.body),
      /Record the basis of the learner’s eligibility before awarding the credential/,
    )
    assert.equal(await awardOf(learnerId), undefined)
  })

  it('checks the basis of eligibility, with every gap of an MSc held named', async () => {
    const page = await staff.get(`/provider/learners/${learnerId}`)
    const res = await postEligibility(staff, learnerId, {
      rowVersion: rowVersionIn(page.body),
      basis: 'holds_msc',
      mscYear: '1900',
    })
    assert.equal(res.statusCode, 303)
    const shown = await staff.get(res.headers.location as string)
    assert.match(mainText(shown.body), /Enter the institution that awarded the MSc/)
    assert.match(mainText(shown.body), /Year the MSc was awarded must be between 1950 and \d{4}/)
    const none = await postEligibility(staff, learnerId, { rowVersion: rowVersionIn(page.body) })
    assert.match(
      mainText((await staff.get(none.headers.location as string)).body),
      /Select the basis of the learner/,
    )
    const otherProgramme = await postEligibility(staff, learnerId, {
      rowVersion: rowVersionIn(page.body),
      basis: 'enrolled_msc',
      programmeId: '00000000-0000-4000-8000-000000000000',
    })
    assert.match(
      mainText((await staff.get(otherProgramme.headers.location as string)).body),
      /Select the accredited MSc programme/,
    )
    assert.equal((await learnerRow(learnerId)).eligibility_basis, null)
  })

  it('takes evidence of equivalence only as a PDF, PNG or JPEG by its content, whatever its name', async () => {
    const page = await staff.get(`/provider/learners/${learnerId}`)
    const rowVersion = rowVersionIn(page.body)
    const disguised = await postEligibility(
      staff,
      learnerId,
      { rowVersion, basis: 'equivalence' },
      { name: 'evidence.pdf', type: 'application/pdf', content: Buffer.from('MZ this is not a PDF') },
    )
    assert.equal(disguised.statusCode, 303)
    assert.match(
      mainText((await staff.get(disguised.headers.location as string)).body),
      /The selected file must be a PDF, PNG or JPEG/,
    )
    const empty = await postEligibility(staff, learnerId, { rowVersion, basis: 'equivalence' })
    assert.match(
      mainText((await staff.get(empty.headers.location as string)).body),
      /Select the evidence of educational equivalence/,
    )
    const tooBig = await postEligibility(
      staff,
      learnerId,
      { rowVersion, basis: 'equivalence' },
      {
        name: 'big.pdf',
        type: 'application/pdf',
        content: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]),
      },
    )
    assert.equal(tooBig.statusCode, 303)
    assert.match(
      mainText((await staff.get(tooBig.headers.location as string)).body),
      /The selected file must be smaller than 5MB/,
    )
    assert.equal(await t.database.db.selectFrom('evidence_file').select('id').executeTakeFirst(), undefined)

    // A PNG named .txt is still a PNG.
    const ok = await postEligibility(
      staff,
      learnerId,
      { rowVersion, basis: 'equivalence' },
      { name: 'scan.txt', type: 'text/plain', content: PNG },
    )
    assert.equal(ok.statusCode, 303)
    const row = await learnerRow(learnerId)
    assert.equal(row.eligibility_basis, 'equivalence')
    const file = await t.database.db.selectFrom('evidence_file').selectAll().executeTakeFirstOrThrow()
    assert.equal(file.content_type, 'image/png')
    assert.equal(file.organisation_id, orgId)
  })

  it('lets the provider and Centre admins download the evidence, and nobody else', async () => {
    const own = await staff.get(`/provider/learners/${learnerId}/evidence`)
    assert.equal(own.statusCode, 200)
    assert.equal(own.headers['content-type'], 'image/png')
    assert.deepEqual(own.rawPayload, PNG)
    assert.equal((await admin.get(`/provider/learners/${learnerId}/evidence`)).statusCode, 200)
    assert.equal((await otherStaff.get(`/provider/learners/${learnerId}/evidence`)).statusCode, 404)
  })

  it('refuses a stale eligibility form', async () => {
    const res = await postEligibility(staff, learnerId, {
      rowVersion: '1',
      basis: 'holds_msc',
      mscInstitution: 'Leeds',
      mscYear: '2019',
    })
    assert.match(
      mainText((await staff.get(res.headers.location as string)).body),
      /This record changed since you opened it/,
    )
  })

  let awardId: string

  it('awards on a real date, today or past, not before the delivery started, once', async () => {
    for (const [iso, message] of [
      ['2099-01-01', /Date of the award must be today or in the past/],
      ['2025-08-31', /Date of the award must be on or after 1 September 2025, when the delivery started/],
    ] as const) {
      const { page } = await award(staff, learnerId, iso)
      assert.match(mainText(page.body), message)
    }
    // No such day, or a year no award can have (PostgreSQL has no year 0): as the API and CSV say.
    const unreal: Array<[string, string, string]> = [
      ['31', '2', '2026'],
      ['1', '1', '0000'],
      ['1', '1', '0001'],
    ]
    for (const [day, month, year] of unreal) {
      const { page: unreal } = await staff.submit(
        `/provider/learners/${learnerId}/award`,
        `/provider/learners/${learnerId}/award`,
        { 'awardedOn[day]': day, 'awardedOn[month]': month, 'awardedOn[year]': year },
      )
      assert.match(mainText(unreal.body), /Date of the award must be a real date/, `${day}/${month}/${year}`)
    }
    assert.equal(await awardOf(learnerId), undefined)

    const { posted, page } = await award(staff, learnerId)
    assert.equal(posted.statusCode, 303)
    awardId = (posted.headers.location as string).split('/').pop()!
    assert.match(mainText(page.body), /Credential awarded/)
    assert.match(mainText(page.body), /Awarded/)
    const row = (await awardOf(learnerId))!
    assert.equal(row.status, 'active')
    assert.equal(row.organisation_id, orgId)
    assert.equal(row.practitioner_id, null)
    const mail = await t.services.mail.latestTo('ada.okafor@example.org')
    assert.match(mail!.subject, /You have been awarded/)

    const again = await staff.post(`/provider/learners/${learnerId}/award`, dateParts(today()))
    assert.equal(again.statusCode, 303)
    const shown = await staff.get(again.headers.location as string)
    assert.match(mainText(shown.body), /already been awarded/)
    const count = await t.database.db
      .selectFrom('award')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1)
  })

  it('awards on a programme the Centre accredited, and refuses one its provider only declared accredited', async () => {
    // Declared accredited by its provider before the Centre's process, never confirmed.
    const lapsed = await t.database.db
      .insertInto('programme')
      .values({
        organisation_id: orgId,
        title: 'MSc Declared',
        accreditation_status: 'accredited',
        accredited_from: '2015-01-01',
        accredited_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = await registerLearner(staff, deliveryId, {
      email: 'bo@example.org',
      regulator: 'HCPC',
      registrationNumber: 'PA12345',
    })
    let page = await staff.get(`/provider/learners/${id}`)
    await postEligibility(staff, id, {
      rowVersion: rowVersionIn(page.body),
      basis: 'enrolled_msc',
      programmeId: lapsed.id,
    })
    const refused = await award(staff, id)
    assert.match(
      mainText(refused.page.body),
      /MSc programme was not accredited by the Centre on the award date/,
    )
    page = await staff.get(`/provider/learners/${id}`)
    await postEligibility(staff, id, {
      rowVersion: rowVersionIn(page.body),
      basis: 'enrolled_msc',
      programmeId,
    })
    const { posted } = await award(staff, id)
    assert.match(posted.headers.location as string, /^\/awards\//)
  })

  it('refuses awards on a suspended delivery until it is reinstated', async () => {
    const suspended = await deliveryFixture(t, orgId)
    const id = await registerLearner(staff, suspended.id, { email: 'cy@example.org' })
    await recordHoldsMsc(staff, id)
    await t.database.db
      .updateTable('delivery')
      .set({ state: 'suspended', suspended_reason: 'Concern' })
      .where('id', '=', suspended.id)
      .execute()
    const { page } = await award(staff, id)
    assert.equal(errorFor(page.body, 'awardedOn-day'), SUSPENDED_DELIVERY_MESSAGE)
    assert.equal(await awardOf(id), undefined)
    const list = await staff.get(`/provider/deliveries/${suspended.id}/learners`)
    assert.match(
      mainText(list.body),
      /A suspended delivery cannot register learners or make awards until it is reinstated/,
    )
    assert.ok(!list.body.includes('/imports/new'), 'no upload from a suspended delivery')
  })

  it('refuses an award dated before the delivery was approved, or while it was suspended, saying when', async () => {
    // Approved on 10 January 2026, after it started (1 September 2025).
    const late = await deliveryFixture(t, orgId, { approvedAt: new Date('2026-01-10T15:00:00Z') })
    const id = await registerLearner(staff, late.id, { email: 'early@example.org' })
    await recordHoldsMsc(staff, id)
    const before = await award(staff, id, '2026-01-09')
    assert.equal(
      errorFor(before.page.body, 'awardedOn-day'),
      'Date of the award must be on or after 10 January 2026, when the delivery was approved',
    )
    assert.equal(await awardOf(id), undefined)

    // Suspended on 1 October 2025 and reinstated on 1 November 2025.
    const paused = await deliveryFixture(t, orgId)
    await t.database.db
      .insertInto('delivery_state_change')
      .values([
        { delivery_id: paused.id, state: 'suspended', effective_at: new Date('2025-10-01T11:00:00Z') },
        { delivery_id: paused.id, state: 'approved', effective_at: new Date('2025-11-01T11:00:00Z') },
      ])
      .execute()
    const other = await registerLearner(staff, paused.id, { email: 'paused@example.org' })
    await recordHoldsMsc(staff, other)
    for (const day of ['2025-10-01', '2025-10-31']) {
      const { page } = await award(staff, other, day)
      assert.match(
        mainText(page.body),
        /Date of the award must be before 1 October 2025, when the delivery was suspended, or on or after 1 November 2025, when it was approved again/,
      )
    }
    assert.equal(await awardOf(other), undefined)

    const { posted } = await award(staff, id, '2026-01-10')
    assert.match(posted.headers.location as string, /^\/awards\//, 'the day of the approval counts')
    assert.equal((await awardOf(id))!.awarded_on, '2026-01-10')
  })

  it('lists awards for the provider and Centre admins, filtered by status; others get not found', async () => {
    const list = await staff.get('/provider/awards')
    assert.equal(list.statusCode, 200)
    assert.match(mainText(list.body), /Ada Okafor/)
    assert.doesNotMatch(everything((await staff.get('/provider/awards?status=revoked')).body), /Ada Okafor/)
    assert.match(mainText((await admin.get('/provider/awards')).body), /Ada Okafor/)
    assert.doesNotMatch(everything((await otherStaff.get('/provider/awards')).body), /Ada Okafor/)
    assert.equal((await otherStaff.get(`/awards/${awardId}`)).statusCode, 404)
    const seenByAdmin = await admin.get(`/awards/${awardId}`)
    assert.equal(seenByAdmin.statusCode, 200)
    assert.ok(hrefs(seenByAdmin.body).includes(`/provider/learners/${learnerId}/evidence`))
    await otherStaff.get('/provider/awards')
    const post = await otherStaff.post(`/awards/${awardId}/status`, {
      rowVersion: '1',
      action: 'revoke',
      reason: 'No',
    })
    assert.equal(post.statusCode, 404)
    assert.equal((await awardOf(learnerId))!.status, 'active')
  })

  it('asks to confirm a change of status, naming what it means, and changes nothing until then', async () => {
    const page = await admin.get(`/awards/${awardId}/status`)
    const confirm = await admin.post(`/awards/${awardId}/status/check`, {
      rowVersion: rowVersionIn(page.body),
      action: 'revoke',
      reasonCategory: 'academic_misconduct',
      reason: 'Plagiarism found',
    })
    assert.equal(confirm.statusCode, 200)
    assert.match(mainText(confirm.body), /Revoke the award\?/)
    assert.match(mainText(confirm.body), /cannot be undone/)
    assert.match(mainText(confirm.body), /no longer verifies/)
    assert.equal(fieldValue(confirm.body, 'action'), 'revoke')
    assert.equal(fieldValue(confirm.body, 'reason'), 'Plagiarism found')
    assert.equal(fieldValue(confirm.body, 'rowVersion'), rowVersionIn(page.body))
    assert.ok(has(confirm.body, 'button.nhsuk-button--warning'))
    assert.equal((await awardOf(learnerId))!.status, 'active', 'nothing changed yet')
    const noReason = await admin.post(`/awards/${awardId}/status/check`, {
      rowVersion: rowVersionIn(page.body),
      action: 'suspend',
      reason: 'x',
    })
    assert.equal(noReason.headers.location, `/awards/${awardId}/status`)
    assert.equal(
      errorFor((await admin.get(`/awards/${awardId}/status`)).body, 'reasonCategory'),
      'Select why the award is being suspended',
    )
  })

  it('suspends, reinstates and revokes an award with a reason, audited and e-mailed, and revoked is final', async () => {
    const page = await admin.get(`/awards/${awardId}/status`)
    const noReason = await admin.post(`/awards/${awardId}/status`, {
      rowVersion: rowVersionIn(page.body),
      action: 'suspend',
      reason: ' ',
    })
    const refusedPage = (await admin.get(noReason.headers.location as string)).body
    assert.match(mainText(refusedPage), /Enter the reason/)
    assert.equal(
      errorFor(refusedPage, 'reasonCategory'),
      'Select why the award is being suspended',
      'the public reason category is required, in the error summary',
    )
    assert.equal((await awardOf(learnerId))!.status, 'active')
    const suspend = await admin.post(`/awards/${awardId}/status`, {
      rowVersion: rowVersionIn(page.body),
      action: 'suspend',
      reasonCategory: 'under_investigation',
      reason: 'Assessment under investigation',
    })
    assert.equal(suspend.statusCode, 303)
    const suspended = await admin.get(`/awards/${awardId}`)
    assert.match(mainText(suspended.body), /Award suspended/)
    assert.match(mainText(suspended.body), /Assessment under investigation/)
    assert.match(mainText(suspended.body), /Reason shown to people checking the award/)
    assert.match(mainText(suspended.body), /Under investigation/)
    assert.equal((await awardOf(learnerId))!.status, 'suspended')
    assert.equal((await awardOf(learnerId))!.status_reason_category, 'under_investigation')
    const mail = await t.services.mail.latestTo('ada.okafor@example.org')
    assert.match(mail!.subject, /has been suspended/)
    assert.match(mail!.text, /Assessment under investigation/)
    assert.match(mainText((await staff.get(`/provider/deliveries/${deliveryId}/learners`)).body), /Suspended/)
    assert.match(mainText((await staff.get('/provider/awards?status=suspended')).body), /Ada Okafor/)

    // A stale form: the record changed since it was opened.
    const stale = await admin.post(`/awards/${awardId}/status`, {
      rowVersion: rowVersionIn(page.body),
      action: 'reinstate',
      reason: 'x',
    })
    assert.match(
      mainText((await admin.get(stale.headers.location as string)).body),
      /This record changed since you opened it/,
    )

    let current = await staff.get(`/awards/${awardId}/status`)
    await staff.post(`/awards/${awardId}/status`, {
      rowVersion: rowVersionIn(current.body),
      action: 'reinstate',
      reason: 'Cleared',
    })
    assert.equal((await awardOf(learnerId))!.status, 'active')
    assert.equal((await awardOf(learnerId))!.status_reason_category, null, 'none while active')
    current = await staff.get(`/awards/${awardId}/status`)
    await staff.post(`/awards/${awardId}/status`, {
      rowVersion: rowVersionIn(current.body),
      action: 'revoke',
      reasonCategory: 'academic_misconduct',
      reason: 'Plagiarism found',
    })
    const row = (await awardOf(learnerId))!
    assert.equal(row.status, 'revoked')
    assert.equal(row.status_reason, 'Plagiarism found')
    assert.equal(row.status_reason_category, 'academic_misconduct')
    current = await staff.get(`/awards/${awardId}`)
    assert.ok(!has(current.body, '[name="action"]'))
    assert.ok(!hrefs(current.body).includes(`/awards/${awardId}/status`))
    assert.ok(!has((await staff.get(`/awards/${awardId}/status`)).body, '[name="action"]'))
    const again = await staff.post(`/awards/${awardId}/status`, {
      rowVersion: String(row.row_version),
      action: 'reinstate',
      reason: 'x',
    })
    assert.match(
      mainText((await staff.get(again.headers.location as string)).body),
      /A revoked award cannot be changed/,
    )
    const events = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', awardId)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      events.map((e) => e.action),
      ['award.made', 'award.suspended', 'award.reinstated', 'award.revoked'],
    )
  })

  it('links an award to the account with the same verified email, when made and when verified later', async () => {
    // An account verified before the award.
    await createAccount(t, 'dee@example.org', [{ role: 'practitioner' }])
    const dee = await registerLearner(staff, deliveryId, { email: 'dee@example.org' })
    await recordHoldsMsc(staff, dee)
    await award(staff, dee)
    const deeAccount = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'dee@example.org')
      .executeTakeFirstOrThrow()
    assert.equal((await awardOf(dee))!.practitioner_id, deeAccount.id)

    // An account registered but not yet confirmed does not get the award until it confirms.
    const eve = await registerLearner(staff, deliveryId, { email: 'eve@example.org' })
    await recordHoldsMsc(staff, eve)
    const visitor = new Agent(t.app)
    await visitor.submit('/register', '/register', {
      displayName: 'Eve',
      email: 'eve@example.org',
      password: 'correct horse battery staple',
      confirmPassword: 'correct horse battery staple',
    })
    const link = await latestLinkTo(t, 'eve@example.org', '/confirm-email')
    await award(staff, eve)
    assert.equal((await awardOf(eve))!.practitioner_id, null)
    await visitor.get(link)
    await visitor.post('/confirm-email', { token: new URL(link, 'https://x').searchParams.get('token')! })
    const eveAccount = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'eve@example.org')
      .executeTakeFirstOrThrow()
    assert.equal((await awardOf(eve))!.practitioner_id, eveAccount.id)

    // Invitation acceptance verifies the address too.
    await createAccount(t, 'ada.okafor@example.org', [{ role: 'practitioner' }])
    assert.notEqual((await awardOf(learnerId))!.practitioner_id, null)

    const ada = await signedIn(t, 'ada.okafor@example.org')
    assert.ok(hrefs((await ada.get('/home')).body).includes('/my/awards'))
    assert.ok(hrefs((await staff.get('/home')).body).includes('/provider/awards'))
    const mine = await ada.get('/my/awards')
    assert.equal(mine.statusCode, 200)
    assert.match(mainText(mine.body), /Northern University/)
    assert.match(mainText(mine.body), /Revoked/)
    const deeAgent = await signedIn(t, 'dee@example.org')
    assert.doesNotMatch(everything((await deeAgent.get('/my/awards')).body), /Revoked/)
  })

  it('writes dates as people read them: the form’s hint, the pages, the e-mail and the practitioner’s awards', async () => {
    const words = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()
    const html = async (agent: Agent, url: string) => {
      const res = await agent.get(url)
      assert.equal(res.statusCode, 200, url)
      return parse(res.body)
    }
    const delivery = await deliveryFixture(t, orgId, { startDate: '2026-01-12' })
    const id = await registerLearner(staff, delivery.id, {
      email: 'fay@example.org',
      givenName: 'Fay',
      familyName: 'Dates',
    })
    await recordHoldsMsc(staff, id)

    const form = await html(staff, `/provider/learners/${id}/award`)
    const hint = words(form.querySelector('#awardedOn-hint')?.textContent)
    assert.match(hint, /not before 12 January 2026, when the delivery started/)
    assert.doesNotMatch(hint, /2026-01-12/)

    const { posted } = await award(staff, id, '2026-06-30')
    const location = posted.headers.location as string
    assert.match(location, /^\/awards\//)

    const shown = await html(staff, location)
    const awardedOn = shown
      .querySelectorAll('.nhsuk-summary-list__row')
      .find((row) => words(row.querySelector('dt')?.textContent) === 'Awarded on')
    assert.equal(words(awardedOn?.querySelector('dd')?.textContent), '30 June 2026')

    const learners = await html(staff, `/provider/deliveries/${delivery.id}/learners`)
    assert.match(words(learners.querySelector('main p')?.textContent), /^Delivery starting 12 January 2026:/)
    const row = learners.querySelectorAll('tbody tr').find((r) => /Fay Dates/.test(words(r.textContent)))
    assert.match(words(row?.textContent), /Awarded 30 June 2026/)
    assert.match(
      words((await html(staff, `/provider/learners/${id}`)).textContent),
      /Awarded on 30 June 2026/,
    )

    const list = await html(staff, '/provider/awards')
    const listed = list.querySelectorAll('tbody tr').find((r) => /Dates/.test(words(r.textContent)))
    // The cell's value, after the heading it repeats for phones.
    assert.equal(words(listed?.querySelectorAll('td')[3]?.querySelector('div')?.textContent), '30 June 2026')

    const mail = await t.services.mail.latestTo('fay@example.org')
    assert.match(mail?.text ?? '', /awarded you the credential .+, on 30 June 2026\./)
    assert.doesNotMatch(mail?.text ?? '', /2026-06-30/)

    await createAccount(t, 'fay@example.org', [{ role: 'practitioner' }])
    const fay = await signedIn(t, 'fay@example.org')
    const mine = await html(fay, '/my/awards')
    assert.equal(
      words(mine.querySelector('tbody tr')?.querySelectorAll('td')[2]?.querySelector('div')?.textContent),
      '30 June 2026',
    )
    assert.match(words(mine.textContent), /Awarded by Northern University on 30 June 2026\./)
    assert.doesNotMatch(mine.textContent, /2026-06-30/)
  })
})
