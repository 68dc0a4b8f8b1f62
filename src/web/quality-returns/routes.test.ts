import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { systemClock } from '../../domain/clock.ts'
import { longDate } from '../../domain/dates.ts'
import { returnDueOn, type DeliveryState } from '../../domain/providers.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  afterLink,
  everything,
  fieldValue,
  has,
  hrefs,
  mainText,
  rowVersionIn,
  summaryRows,
  tableRows,
  words,
} from '../../../test/support/html.ts'

const isoDate = (d: Date) => d.toISOString().slice(0, 10)
/** Today as the app reads it: the day in London. */
const TODAY = systemClock.today()
const addDays = (day: string, days: number) => isoDate(new Date(Date.parse(day) + days * 86_400_000))
/** The start date whose nth anniversary is `days` from today. */
const startFor = (days: number, years = 1) => {
  const due = new Date(Date.parse(addDays(TODAY, days)))
  due.setUTCFullYear(due.getUTCFullYear() - years)
  return isoDate(due)
}
const ANSWERS = {
  cohortStarted: '14',
  cohortCompleted: '11',
  outcomes: 'Eleven of fourteen passed the portfolio; three deferred.',
  changes: '',
  concerns: '',
}

describe('quality returns and provider dashboards', () => {
  let t: TestApp
  let admin: Agent
  let providerAdmin: Agent
  let staff: Agent
  let otherAdmin: Agent
  let mine: string
  let theirs: string
  /** Deliveries: soon (due in 20 days), late (10 days overdue), applied, and theirs. */
  const delivery: Record<string, string> = {}

  const db = () => t.database.db
  const returnOf = (deliveryId: string, year = 1) =>
    db()
      .selectFrom('quality_return')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .where('period_year', '=', year)
      .executeTakeFirstOrThrow()
  /** The quality-return e-mails sent to someone (not their invitation). */
  const mailTo = (email: string) =>
    db()
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', email)
      .where('subject', 'ilike', '%quality return%')
      .orderBy('created_at')
      .execute()

  before(async () => {
    t = await createTestApp()
    const orgs = await db()
      .insertInto('organisation')
      .values([
        { name: 'Mine University', kind: 'provider', region: 'london', ukprn: '10000001' },
        { name: 'Their College', kind: 'provider', region: 'north_west', ukprn: '10000002' },
      ])
      .returning(['id', 'name'])
      .execute()
    mine = orgs.find((o) => o.name === 'Mine University')!.id
    theirs = orgs.find((o) => o.name === 'Their College')!.id
    const adminId = await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'pa@example.org', [{ role: 'provider_admin', organisationId: mine }])
    await createAccount(t, 'staff@example.org', [{ role: 'provider_staff', organisationId: mine }])
    await createAccount(t, 'other-pa@example.org', [{ role: 'provider_admin', organisationId: theirs }])
    admin = await signedIn(t, 'admin@example.org')
    providerAdmin = await signedIn(t, 'pa@example.org')
    staff = await signedIn(t, 'staff@example.org')
    otherAdmin = await signedIn(t, 'other-pa@example.org')

    // Two credentials, each with a published version, to deliver.
    const area = await db().selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const versions: Array<{ credential: string; version: string }> = []
    for (const [slug, title] of [
      ['qr-frailty', 'Frailty in the community'],
      ['qr-sepsis', 'Recognising sepsis'],
      ['qr-stroke', 'Stroke rehabilitation'],
    ] as const) {
      const credential = await db()
        .insertInto('credential')
        .values({
          slug,
          title,
          clinical_area_id: area.id,
          type: 'credential_specification',
          status: 'endorsed',
          origin: 'centre',
          notes: '[]',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const version = await db()
        .insertInto('specification_version')
        .values({
          credential_id: credential.id,
          number: 1,
          kind: 'specification',
          author_id: adminId,
          state: 'published',
          content: '{}',
          published_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      versions.push({ credential: credential.id, version: version.id })
    }
    const insertDelivery = async (
      organisationId: string,
      v: number,
      state: DeliveryState,
      startDate: string,
    ) =>
      (
        await db()
          .insertInto('delivery')
          .values({
            organisation_id: organisationId,
            specification_version_id: versions[v]!.version,
            credential_id: versions[v]!.credential,
            state,
            mode: 'blended',
            start_date: startDate,
            expected_cohort: 20,
            assessment: 'Portfolio and observed practice',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    delivery.soon = await insertDelivery(mine, 0, 'approved', startFor(20))
    delivery.late = await insertDelivery(mine, 1, 'approved_with_conditions', startFor(-10))
    delivery.applied = await insertDelivery(mine, 2, 'applied', startFor(-400))
    delivery.theirs = await insertDelivery(theirs, 0, 'suspended', startFor(40, 2))
    delivery.declined = await insertDelivery(theirs, 1, 'declined', startFor(-10))
  })
  after(() => t.close())

  it('makes the return of each year that falls due within 90 days or has passed, once', async () => {
    const created = await t.services.qualityReturns.ensureReturns(TODAY)
    // soon: year 1; late: year 1; theirs (suspended, started nearly two years ago): years 1 and 2.
    assert.equal(created, 4)
    assert.equal(await t.services.qualityReturns.ensureReturns(TODAY), 0, 'repeating it makes none')
    const all = await db().selectFrom('quality_return').selectAll().execute()
    assert.deepEqual(
      all
        .filter((r) => r.delivery_id === delivery.theirs)
        .map((r) => [r.period_year, r.state])
        .sort(),
      [
        [1, 'due'],
        [2, 'due'],
      ],
    )
    assert.ok(!all.some((r) => r.delivery_id === delivery.applied || r.delivery_id === delivery.declined))
    const soon = await returnOf(delivery.soon!)
    assert.equal(soon.due_on, addDays(TODAY, 20))
    assert.equal(soon.due_on, returnDueOn(startFor(20), 1))
    // The year-2 return of "soon" is a year away: not made yet.
    assert.equal(all.filter((r) => r.delivery_id === delivery.soon).length, 1)
  })

  it('lists a provider’s own returns with due dates, and never another organisation’s', async () => {
    const page = await staff.get('/provider/returns')
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Frailty in the community/)
    assert.match(mainText(page.body), /Recognising sepsis/)
    assert.match(mainText(page.body), /Overdue/)
    assert.doesNotMatch(everything(page.body), /Their College/)

    const theirReturn = await returnOf(delivery.theirs!)
    assert.equal((await staff.get(`/provider/returns/${theirReturn.id}`)).statusCode, 404)
    const posted = await providerAdmin.post(`/provider/returns/${theirReturn.id}`, {
      rowVersion: '1',
      ...ANSWERS,
    })
    assert.equal(posted.statusCode, 404)
    assert.equal((await returnOf(delivery.theirs!)).state, 'due', 'nothing changed in their return')
    const mineReturn = await returnOf(delivery.soon!)
    assert.equal((await otherAdmin.get(`/provider/returns/${mineReturn.id}`)).statusCode, 404)
  })

  it('refuses an incomplete return field by field, keeping what was typed', async () => {
    const r = await returnOf(delivery.soon!)
    const { page } = await staff.submit(`/provider/returns/${r.id}`, `/provider/returns/${r.id}`, {
      rowVersion: String(r.row_version),
      cohortStarted: 'twelve',
      cohortCompleted: '',
      outcomes: ' ',
      changes: 'New placement in the community team',
    })
    assert.match(mainText(page.body), /The number of learners who started must be a whole number, like 12/)
    assert.match(mainText(page.body), /Enter the number of learners who completed/)
    assert.match(mainText(page.body), /Enter the outcomes of the year/)
    assert.match(mainText(page.body), /New placement in the community team/)
    assert.equal((await returnOf(delivery.soon!)).state, 'due')
  })

  it('refuses a return submitted from a stale page', async () => {
    const r = await returnOf(delivery.soon!)
    const { page } = await staff.submit(`/provider/returns/${r.id}`, `/provider/returns/${r.id}`, {
      rowVersion: String(r.row_version - 1),
      ...ANSWERS,
    })
    assert.ok(page.body.includes(STALE_MESSAGE.split('.')[0]!))
    assert.equal((await returnOf(delivery.soon!)).state, 'due')
  })

  it('submits a return, which is then read-only for the provider, with an audit event', async () => {
    const r = await returnOf(delivery.soon!)
    const form = await staff.get(`/provider/returns/${r.id}`)
    const { page } = await staff.submit(`/provider/returns/${r.id}`, `/provider/returns/${r.id}`, {
      rowVersion: rowVersionIn(form.body),
      ...ANSWERS,
    })
    assert.match(mainText(page.body), /Quality return submitted/)
    assert.ok(!has(page.body, '[name="cohortStarted"]'), 'no form once submitted')
    const saved = await returnOf(delivery.soon!)
    assert.equal(saved.state, 'submitted')
    assert.equal(saved.cohort_started, 14)
    assert.equal(saved.cohort_completed, 11)
    const again = await staff.post(`/provider/returns/${r.id}`, {
      rowVersion: String(saved.row_version),
      ...ANSWERS,
    })
    assert.equal(again.statusCode, 303)
    const shown = await staff.get(again.headers.location as string)
    assert.match(mainText(shown.body), /cannot be submitted/)
    const audit = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', r.id)
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['quality_return.submitted'],
    )
  })

  it('shows the Centre submitted, overdue and soon-due returns', async () => {
    const page = await admin.get('/quality-returns')
    assert.equal(page.statusCode, 200)
    const section = (heading: RegExp) => {
      const start = page.body.search(heading)
      const rest = page.body.slice(start + 1)
      const end = rest.search(/<h2/)
      return end === -1 ? rest : rest.slice(0, end)
    }
    assert.match(section(/Submitted, waiting for review \(1\)/), /Frailty in the community/)
    const overdue = section(/Overdue \(2\)/)
    assert.match(overdue, /Recognising sepsis/)
    assert.match(overdue, /Their College/, 'their year-1 return is overdue')
    assert.match(section(/Due in the next 30 days \(0\)/), /No returns are due/)
    assert.equal((await staff.get('/quality-returns')).statusCode, 403)
  })

  it('refuses a decision on a return that is not submitted, and a concern without a note', async () => {
    const due = await returnOf(delivery.late!)
    const { page } = await admin.submit(
      `/quality-returns/${due.id}`,
      `/quality-returns/${due.id}/decision/check`,
      {
        rowVersion: String(due.row_version),
        decision: 'accept',
      },
    )
    assert.match(mainText(page.body), /Only a submitted return can be accepted or questioned/)
    assert.equal((await returnOf(delivery.late!)).state, 'due')

    const submitted = await returnOf(delivery.soon!)
    const noNote = await admin.submit(
      `/quality-returns/${submitted.id}`,
      `/quality-returns/${submitted.id}/decision/check`,
      { rowVersion: String(submitted.row_version), decision: 'raise_concern', note: '  ' },
    )
    assert.match(mainText(noNote.page.body), /Enter the concern, which the provider will see/)
    const noChoice = await admin.submit(
      `/quality-returns/${submitted.id}`,
      `/quality-returns/${submitted.id}/decision/check`,
      { rowVersion: String(submitted.row_version), decision: 'maybe' },
    )
    assert.match(mainText(noChoice.page.body), /Select whether to accept the return or raise a concern/)
    const stale = await admin.submit(
      `/quality-returns/${submitted.id}`,
      `/quality-returns/${submitted.id}/decision`,
      { rowVersion: String(submitted.row_version - 1), decision: 'accept' },
    )
    assert.ok(stale.page.body.includes(STALE_MESSAGE.split('.')[0]!))
    const staleCheck = await admin.submit(
      `/quality-returns/${submitted.id}`,
      `/quality-returns/${submitted.id}/decision/check`,
      { rowVersion: String(submitted.row_version - 1), decision: 'accept' },
    )
    assert.ok(
      staleCheck.page.body.includes(STALE_MESSAGE.split('.')[0]!),
      'refused before the check page too',
    )
    assert.equal((await returnOf(delivery.soon!)).state, 'submitted')
  })

  it('raises a concern the provider sees and answers by submitting again; then accepts it', async () => {
    const r = await returnOf(delivery.soon!)
    const before = (await mailTo('pa@example.org')).length
    const review = await admin.get(`/quality-returns/${r.id}`)
    assert.ok(hrefs(review.body).includes(`/deliveries/${delivery.soon}`), 'links to the delivery')
    // The form leads to a page that says what recording the decision does; only its button records it.
    const { page: check } = await admin.submit(
      `/quality-returns/${r.id}`,
      `/quality-returns/${r.id}/decision/check`,
      {
        rowVersion: rowVersionIn(review.body, `/quality-returns/${r.id}/decision/check`),
        decision: 'raise_concern',
        note: 'Say why three learners deferred.',
      },
    )
    assert.equal(check.statusCode, 200)
    assert.deepEqual(summaryRows(check.body), {
      Decision: 'Raise a concern',
      'Note to the provider': 'Say why three learners deferred.',
    })
    assert.match(mainText(check.body), /Recording the decision cannot be undone/)
    assert.match(
      mainText(check.body),
      /The return goes back to .*, marked as a concern raised, and they must submit it again/,
    )
    assert.match(mainText(check.body), /admins are sent an email with your note/)
    assert.ok(
      parse(check.body).querySelector(
        `form[action="/quality-returns/${r.id}/decision"] button.nhsuk-button--warning`,
      ),
    )
    assert.deepEqual(hrefs(check.body, /^Change/), [`/quality-returns/${r.id}`, `/quality-returns/${r.id}`])
    assert.deepEqual(hrefs(check.body, 'Cancel'), [`/quality-returns/${r.id}`])
    assert.equal((await returnOf(delivery.soon!)).state, 'submitted', 'nothing recorded yet')
    assert.equal((await mailTo('pa@example.org')).length, before, 'nobody told yet')
    // Change: the form shows the answers again.
    const change = await admin.get(`/quality-returns/${r.id}`)
    assert.equal(
      parse(change.body).querySelector('input[name="decision"][checked]')?.getAttribute('value'),
      'raise_concern',
    )
    assert.equal(fieldValue(change.body, 'note'), 'Say why three learners deferred.')
    const confirmed = await admin.post(`/quality-returns/${r.id}/decision`, {
      rowVersion: fieldValue(check.body, 'rowVersion') ?? '',
      decision: fieldValue(check.body, 'decision') ?? '',
      note: fieldValue(check.body, 'note') ?? '',
    })
    const page = await admin.get(confirmed.headers.location as string)
    assert.match(mainText(page.body), /Concern raised/)
    const mails = await mailTo('pa@example.org')
    assert.equal(mails.length, before + 1)
    assert.match(mails.at(-1)!.body_text, /Say why three learners deferred/)
    assert.deepEqual(
      (await mailTo('staff@example.org')).map((m) => m.subject),
      [],
      'only provider admins are e-mailed',
    )
    assert.equal((await mailTo('other-pa@example.org')).length, 0)

    const form = await staff.get(`/provider/returns/${r.id}`)
    assert.match(mainText(form.body), /Say why three learners deferred/)
    assert.equal(fieldValue(form.body, 'cohortStarted'), '14')
    await staff.submit(`/provider/returns/${r.id}`, `/provider/returns/${r.id}`, {
      rowVersion: rowVersionIn(form.body),
      ...ANSWERS,
      concerns: 'Three learners deferred for maternity leave and illness.',
    })
    assert.equal((await returnOf(delivery.soon!)).state, 'submitted')

    const again = await admin.get(`/quality-returns/${r.id}`)
    await admin.submit(`/quality-returns/${r.id}`, `/quality-returns/${r.id}/decision`, {
      rowVersion: rowVersionIn(again.body),
      decision: 'accept',
    })
    const accepted = await returnOf(delivery.soon!)
    assert.equal(accepted.state, 'accepted')
    assert.match((await mailTo('pa@example.org')).at(-1)!.subject, /Quality return accepted/)
    // The delivery dashboard counts it as a return with concerns, dated by its first submission.
    const kept = await db()
      .selectFrom('quality_return')
      .select(['first_submitted_at', 'submitted_at', 'concern_raised_at'])
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow()
    assert.ok(kept.concern_raised_at, 'the concern is remembered once answered and accepted')
    assert.ok(kept.first_submitted_at && kept.submitted_at && kept.first_submitted_at < kept.submitted_at)
    const actions = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', r.id)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      actions.map((a) => a.action),
      [
        'quality_return.submitted',
        'quality_return.concern_raised',
        'quality_return.submitted',
        'quality_return.accepted',
      ],
    )
    const readOnly = await staff.get(`/provider/returns/${r.id}`)
    assert.ok(!has(readOnly.body, '[name="cohortStarted"]'))
  })

  it('reminds provider admins 30 and 7 days before a return is due, each once, even run twice at once', async () => {
    // A fresh return due in 25 days for their (suspended) delivery: its year 2 is due in 40.
    const year2 = await returnOf(delivery.theirs!, 2)
    const send = (day: string) => t.services.qualityReturns.sendDueReminders(day)
    const dayBefore = (days: number) => addDays(year2.due_on, -days)
    const before = (await mailTo('other-pa@example.org')).length

    assert.equal(await send(dayBefore(31)), 0, 'nothing 31 days before')
    const [a, b] = await Promise.all([send(dayBefore(30)), send(dayBefore(30))])
    assert.equal(a + b, 1, 'one of the two instances sends the 30-day reminder')
    assert.equal(await send(dayBefore(20)), 0, 'not again within the period')
    assert.equal(await send(dayBefore(7)), 1, 'the 7-day reminder')
    assert.equal(await send(dayBefore(3)), 0)
    const mails = await mailTo('other-pa@example.org')
    assert.equal(mails.length, before + 2)
    assert.match(mails.at(-1)!.subject, new RegExp(`Quality return due ${longDate(year2.due_on)}`))
    assert.match(mails.at(-1)!.subject, /^Quality return due \d{1,2} [A-Z][a-z]+ \d{4}:/)
    assert.match(mails.at(-1)!.body_text, new RegExp(`is due on ${longDate(year2.due_on)}, in`))
    assert.equal(
      (await mailTo('pa@example.org')).filter((m) => /Quality return due/.test(m.subject)).length,
      0,
    )
    const reminders = await db()
      .selectFrom('quality_return_reminder')
      .select('days_before')
      .where('quality_return_id', '=', year2.id)
      .orderBy('days_before')
      .execute()
    assert.deepEqual(
      reminders.map((r) => r.days_before),
      [7, 30],
    )
  })

  it('shows a provider its deliveries with learners, awards by status and returns owed', async () => {
    const learner = await db()
      .insertInto('learner')
      .values({
        delivery_id: delivery.late!,
        organisation_id: mine,
        given_name: 'Ada',
        family_name: 'Lovelace',
        email: 'ada@example.org',
        profession: 'Nurse',
        regulator: 'NMC',
        registration_number: '12A3456B',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const late = await db()
      .selectFrom('delivery')
      .selectAll()
      .where('id', '=', delivery.late!)
      .executeTakeFirstOrThrow()
    await db()
      .insertInto('award')
      .values({
        learner_id: learner.id,
        delivery_id: late.id,
        organisation_id: mine,
        credential_id: late.credential_id,
        specification_version_id: late.specification_version_id,
        awarded_on: TODAY,
        status: 'suspended',
        status_reason: 'Under investigation',
      })
      .execute()
    const page = await staff.get('/provider')
    assert.equal(page.statusCode, 200)
    const row = (id: string) => {
      const cells = parse(page.body).querySelectorAll(
        `tr[data-delivery="${id}"] td.nhsuk-table__cell--numeric > div`,
      )
      assert.ok(cells.length > 0, `row for ${id}`)
      // A count's link carries hidden words after the number for screen readers.
      return cells.map((cell) => Number(/^\d+/.exec(words(cell.textContent))?.[0]))
    }
    // learners, awarded, suspended, revoked, returns due
    assert.deepEqual(row(delivery.late!), [1, 0, 1, 0, 1])
    assert.deepEqual(row(delivery.soon!), [0, 0, 0, 0, 0])
    assert.deepEqual(row(delivery.applied!), [0, 0, 0, 0, 0])
    assert.match(mainText(page.body), /Waiting for a decision/)
    assert.doesNotMatch(everything(page.body), /Their College/)
    assert.match(mainText(page.body), /Quality returns due or overdue \(1\)/)
  })

  it('links each delivery, and a return’s delivery, to the page the provider’s people may see', async () => {
    for (const agent of [staff, providerAdmin]) {
      const dashboard = parse((await agent.get('/provider')).body)
      for (const id of [delivery.late!, delivery.soon!, delivery.applied!]) {
        const title = dashboard.querySelector(`tr[data-delivery="${id}"] td a`)
        assert.equal(title?.getAttribute('href'), `/provider/deliveries/${id}`)
        assert.equal((await agent.get(`/provider/deliveries/${id}`)).statusCode, 200)
      }
      const r = await returnOf(delivery.late!)
      const returnPage = parse((await agent.get(`/provider/returns/${r.id}`)).body)
      const link = returnPage.querySelectorAll('a').find((a) => a.textContent.trim() === 'See the delivery')
      assert.equal(link?.getAttribute('href'), `/provider/deliveries/${delivery.late}`)
      assert.equal((await agent.get(`/provider/deliveries/${delivery.late}`)).statusCode, 200)
    }
  })

  it('shows the Centre every provider’s counts, deliveries by credential and by region', async () => {
    const page = await admin.get('/reports/providers')
    assert.equal(page.statusCode, 200)
    const provider = (id: string) => {
      const cells = parse(page.body).querySelectorAll(
        `tr[data-provider="${id}"] td.nhsuk-table__cell--numeric > div`,
      )
      assert.ok(cells.length > 0, `row for ${id}`)
      return cells.map((cell) => Number(words(cell.textContent)))
    }
    // approved, applied, suspended, learners, awards (active), returns overdue
    assert.deepEqual(provider(mine), [2, 1, 0, 1, 0, 1])
    assert.deepEqual(provider(theirs), [0, 0, 1, 0, 0, 1])
    assert.match(mainText(page.body), /London/)
    assert.match(mainText(page.body), /North West/)
    assert.deepEqual(
      tableRows(page.body).find(([first]) => first === 'Frailty in the community'),
      ['Frailty in the community', '1', '0', '1'],
      'frailty: one approved (mine), one suspended (theirs)',
    )
    assert.equal((await providerAdmin.get('/reports/providers')).statusCode, 403)
  })

  it('counts returns to review for Centre admins and returns due for provider people on the home page', async () => {
    const year2 = await returnOf(delivery.theirs!, 2)
    await db().updateTable('quality_return').set({ state: 'submitted' }).where('id', '=', year2.id).execute()
    const home = await admin.get('/home')
    assert.equal(afterLink(home.body, 'Quality returns to review')?.text, '1 waiting')
    const staffHome = await staff.get('/home')
    // Mine: "late" is overdue; "soon" was accepted.
    assert.equal(afterLink(staffHome.body, 'Quality returns due')?.text, '1 waiting')
    const otherHome = await otherAdmin.get('/home')
    assert.equal(afterLink(otherHome.body, 'Quality returns due')?.text, '1 waiting')
  })

  it('stops counting a return as owed once its delivery is withdrawn', async () => {
    const overdueCount = async () =>
      Number(/Overdue \((\d+)\)/.exec((await admin.get('/quality-returns')).body)![1])
    const before = await overdueCount()
    const credential = await db()
      .selectFrom('delivery')
      .select(['credential_id', 'specification_version_id'])
      .where('id', '=', delivery.late!)
      .executeTakeFirstOrThrow()
    const { id } = await db()
      .insertInto('delivery')
      .values({
        ...credential,
        organisation_id: theirs,
        state: 'approved',
        mode: 'online',
        start_date: startFor(-5),
        expected_cohort: 10,
        assessment: 'Viva',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    assert.equal(await t.services.qualityReturns.ensureReturns(TODAY), 1)
    assert.equal(await overdueCount(), before + 1)
    await db().updateTable('delivery').set({ state: 'withdrawn' }).where('id', '=', id).execute()
    assert.equal(await overdueCount(), before)
    assert.equal(
      afterLink((await otherAdmin.get('/home')).body, 'Quality returns due')?.text,
      '1 waiting',
      'the withdrawn delivery owes nothing',
    )
  })
})
