// Programme accreditation through the pages, as each person does it: the provider applies and
// answers the panel; the Centre assigns assessors, records the panel, decides with a condition
// and records it met; assessors declare and judge. Refusals come back to the form with their
// message; a form opened before someone else's change is refused as stale; a provider never
// sees another provider's application.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../../domain/clock.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { createOrganisation } from '../../../test/support/browser.ts'
import {
  errorSummary,
  heading,
  hrefs,
  mainText,
  rowVersionIn,
  tableRows,
} from '../../../test/support/html.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import { insertCentreAccreditation } from '../../../test/support/accreditation.ts'

const STANDARDS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9']
const answers = Object.fromEntries(
  STANDARDS.map((code) => [`answer_${code}`, `How the programme meets ${code}.`]),
)
const judgeAll = (judgement = 'met') =>
  Object.fromEntries(
    STANDARDS.flatMap((code) => [
      [`judgement_${code}`, judgement],
      [`comment_${code}`, `Evidence for ${code} is clear.`],
    ]),
  )

describe('programme accreditation (pages)', () => {
  const clock = fixedClock('2027-01-04T10:00:00Z')
  let t: TestApp
  let provider: Agent
  let otherProvider: Agent
  let admin: Agent
  const assessors: Record<string, Agent> = {}
  let organisationId: string
  let programmeId: string
  let page: string

  before(async () => {
    t = await createTestApp({}, { clock })
    organisationId = await createOrganisation(t, 'Southbank University')
    const otherId = await createOrganisation(t, 'Eastgate College')
    await createAccount(t, 'padmin@example.org', [{ role: 'provider_admin', organisationId }])
    await createAccount(t, 'other@example.org', [{ role: 'provider_admin', organisationId: otherId }])
    await createAccount(t, 'centre@example.org', [{ role: 'centre_admin' }])
    for (const name of ['one', 'two', 'three'])
      await createAccount(t, `${name}@example.org`, [{ role: 'independent_reviewer' }])
    await createAccount(t, 'inside@example.org', [
      { role: 'independent_reviewer' },
      { role: 'provider_staff', organisationId },
    ])
    provider = await signedIn(t, 'padmin@example.org')
    otherProvider = await signedIn(t, 'other@example.org')
    admin = await signedIn(t, 'centre@example.org')
    for (const name of ['one', 'two', 'three']) assessors[name] = await signedIn(t, `${name}@example.org`)
    programmeId = await t.services.programmes.createProgramme(
      organisationId,
      { title: 'MSc Advanced Clinical Practice' },
      { userId: null, label: 'test', ip: null },
    )
  })
  after(() => t.close())

  const userIdOf = async (email: string) =>
    (
      await t.database.db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id

  it('asks for every standard, checks the answers, then submits the application', async () => {
    const form = `/provider/programmes/${programmeId}/accreditation/apply?organisation=${organisationId}`
    const action = `/provider/programmes/${programmeId}/accreditation/apply`
    const opened = await provider.get(form)
    assert.equal(opened.statusCode, 200)
    for (const code of STANDARDS) assert.match(mainText(opened.body), new RegExp(`${code}: `))
    const missing = await provider.submit(form, `${action}/check`, {
      organisation: organisationId,
      awardTitle: 'MSc Advanced Clinical Practice',
      routes: 'Generalist and critical care pathways',
      modes: 'blended',
      intake: '40',
    })
    assert.ok(errorSummary(missing.page.body).includes('Answer standard A1'))
    const fields = {
      organisation: organisationId,
      awardTitle: 'MSc Advanced Clinical Practice',
      routes: 'Generalist and critical care pathways',
      modes: ['blended', 'work_based'],
      intake: '40',
      ...answers,
    }
    await provider.get(form)
    const check = await provider.post(`${action}/check`, fields)
    assert.equal(check.statusCode, 200)
    assert.equal(heading(check.body), 'Submit this application?')
    assert.match(mainText(check.body), /Blended \(face to face and online\), Work-based/)
    const submitted = await provider.post(action, fields)
    assert.equal(submitted.statusCode, 303)
    page = String(submitted.headers.location)
    const shown = await provider.get(page)
    assert.match(mainText(shown.body), /Application submitted/)
    assert.match(mainText(shown.body), /Applied/)
    const mail = await t.services.mail.latestTo('centre@example.org')
    assert.match(mail?.text ?? '', /applied on 4 January 2027/)
    // A second application while this one is in progress is refused.
    const again = await provider.get(form)
    assert.equal(again.statusCode, 303)
    assert.ok(
      errorSummary((await provider.get(String(again.headers.location))).body).some((e) =>
        /in progress/.test(e),
      ),
    )
  })

  it('shows the application only to the Centre, its provider and its assessors', async () => {
    assert.equal((await otherProvider.get(page)).statusCode, 404)
    assert.equal((await assessors.one?.get(page))?.statusCode, 404)
    assert.equal((await admin.get(page)).statusCode, 200)
  })

  it('refuses an assessor from the applying provider, and assigns three others', async () => {
    const opened = await admin.get(page)
    const refused = await admin.post(`${page}/assessors`, {
      rowVersion: rowVersionIn(opened.body, `${page}/assessors`),
      assessor: await userIdOf('inside@example.org'),
    })
    assert.equal(refused.statusCode, 303)
    assert.ok(errorSummary((await admin.get(page)).body).some((e) => /own organisation/.test(e)))
    for (const name of ['one', 'two', 'three']) {
      const before = await admin.get(page)
      const res = await admin.post(`${page}/assessors`, {
        rowVersion: rowVersionIn(before.body, `${page}/assessors`),
        assessor: await userIdOf(`${name}@example.org`),
      })
      assert.equal(res.statusCode, 303)
    }
    const mail = await t.services.mail.latestTo('three@example.org')
    assert.match(mail?.subject ?? '', /Please assess: MSc Advanced Clinical Practice/)
  })

  it('lets an assessor who declared a conflict judge nothing', async () => {
    const three = assessors.three
    assert.ok(three)
    const opened = await three.get(page)
    await three.post(`${page}/conflict`, {
      rowVersion: rowVersionIn(opened.body, `${page}/conflict`),
      conflict: 'yes',
      conflictNote: 'I examine on this programme',
    })
    const after = await three.get(page)
    assert.equal(after.statusCode, 200)
    assert.equal(hrefs(after.body).includes(`${page}/review`), false)
    const res = await three.post(`${page}/review`, { rowVersion: '2', ...judgeAll() })
    assert.ok(
      errorSummary((await three.get(String(res.headers.location))).body).some((e) => /conflict/.test(e)),
    )
  })

  it('needs every standard judged, with a comment, before a review is complete', async () => {
    for (const name of ['one', 'two']) {
      const agent = assessors[name]
      assert.ok(agent)
      const opened = await agent.get(page)
      await agent.post(`${page}/conflict`, {
        rowVersion: rowVersionIn(opened.body, `${page}/conflict`),
        conflict: 'no',
      })
      const form = await agent.get(page)
      const partial = await agent.post(`${page}/review`, {
        rowVersion: rowVersionIn(form.body, `${page}/review`),
        judgement_A1: 'met',
        comment_A1: 'Mapped in full',
        complete: 'yes',
      })
      const back = await agent.get(String(partial.headers.location))
      assert.ok(errorSummary(back.body).includes('Judge A2, with a comment, before you complete your review'))
      const done = await agent.post(`${page}/review`, {
        rowVersion: rowVersionIn(back.body, `${page}/review`),
        ...judgeAll(name === 'two' ? 'partly_met' : 'met'),
        complete: 'yes',
      })
      assert.equal(done.statusCode, 303)
      assert.match(mainText((await agent.get(page)).body), /Review completed/)
    }
  })

  it('refuses a form opened before someone else changed the application', async () => {
    const opened = await admin.get(page)
    const stale = rowVersionIn(opened.body, `${page}/panel`)
    // The provider withdraws nothing; the Centre asks nothing yet: a second admin tab records the panel.
    const fields = {
      'heldOn[day]': '4',
      'heldOn[month]': '1',
      'heldOn[year]': '2027',
      members: 'Dr A Chair\nProf B Member',
    }
    const first = await admin.post(`${page}/panel`, { rowVersion: stale, ...fields })
    assert.equal(first.statusCode, 303)
    const second = await admin.post(`${page}/panel`, { rowVersion: stale, ...fields })
    assert.ok(errorSummary((await admin.get(String(second.headers.location))).body).includes(STALE_MESSAGE))
  })

  it('puts the panel’s question to the provider and decides only once it is answered', async () => {
    let opened = await admin.get(page)
    await admin.post(`${page}/questions`, {
      rowVersion: rowVersionIn(opened.body, `${page}/questions`),
      text: 'How are workplace supervisors prepared?',
    })
    opened = await admin.get(page)
    assert.match(mainText(opened.body), /has not answered every question from the panel/)
    assert.equal(hrefs(opened.body).includes(`${page}/decision`), false)
    const providerPage = await provider.get(page)
    const answered = await provider.post(`${page}/questions/0/answer`, {
      rowVersion: rowVersionIn(providerPage.body, `${page}/questions/0/answer`),
      text: 'A two-day course and a named link tutor',
    })
    assert.equal(answered.statusCode, 303)
    opened = await admin.get(page)
    assert.ok(hrefs(opened.body).includes(`${page}/decision`))
  })

  it('confirms a decision with a condition before recording it, and e-mails the provider', async () => {
    const form = await admin.get(`${page}/decision`)
    const fields = {
      rowVersion: rowVersionIn(form.body, `${page}/decision/check`),
      outcome: 'accredited_with_conditions',
      'periodFrom[day]': '1',
      'periodFrom[month]': '2',
      'periodFrom[year]': '2027',
      'periodUntil[day]': '31',
      'periodUntil[month]': '1',
      'periodUntil[year]': '2032',
      reason: 'The panel found the standards met, with one gap',
      condition_0: 'Publish the placement agreement',
      'dueOn_0[day]': '30',
      'dueOn_0[month]': '6',
      'dueOn_0[year]': '2027',
    }
    const noConditions = await admin.post(`${page}/decision/check`, { ...fields, condition_0: '' })
    assert.ok(
      errorSummary((await admin.get(String(noConditions.headers.location))).body).includes(
        'Enter at least one condition',
      ),
    )
    await admin.get(`${page}/decision`)
    const check = await admin.post(`${page}/decision/check`, fields)
    assert.equal(check.statusCode, 200)
    assert.equal(heading(check.body), 'Record this decision?')
    assert.match(mainText(check.body), /1 February 2027 to 31 January 2032/)
    const recorded = await admin.post(`${page}/decision`, fields)
    assert.equal(recorded.statusCode, 303)
    const shown = await provider.get(page)
    assert.match(mainText(shown.body), /Accredited with conditions/)
    assert.match(mainText(shown.body), /Due by 30 June 2027/)
    const mail = await t.services.mail.latestTo('padmin@example.org')
    assert.match(mail?.subject ?? '', /Accreditation decision/)
    assert.match(mail?.text ?? '', /from 1 February 2027 to 31 January 2032/)
    assert.doesNotMatch(mail?.text ?? '', /\d{4}-\d{2}-\d{2}/)
    assert.equal(
      (await t.services.programmeAccreditation.accreditedOnDay([programmeId], '2027-01-31')).size,
      0,
    )
    assert.equal(
      (await t.services.programmeAccreditation.accreditedOnDay([programmeId], '2027-02-01')).size,
      1,
    )
  })

  it('records the condition met with its evidence, which makes the programme accredited', async () => {
    clock.set('2027-05-10T09:00:00Z')
    const opened = await admin.get(page)
    const empty = await admin.post(`${page}/conditions/0/met`, {
      rowVersion: rowVersionIn(opened.body, `${page}/conditions/0/met`),
      text: '',
    })
    assert.ok(
      errorSummary((await admin.get(String(empty.headers.location))).body).some((e) => /evidence/.test(e)),
    )
    const again = await admin.get(page)
    await admin.post(`${page}/conditions/0/met`, {
      rowVersion: rowVersionIn(again.body, `${page}/conditions/0/met`),
      text: 'The agreement, published on the programme page',
    })
    const shown = await provider.get(page)
    assert.match(mainText(shown.body), /Met on 10 May 2027/)
    const timeline = mainText(shown.body)
    for (const step of [
      'Applied for accreditation',
      'Recorded the panel',
      'Decided: Accredited with conditions',
      'Recorded as met',
    ])
      assert.ok(timeline.includes(step), step)
  })

  it('lists applications 25 a page for the Centre, the provider and the assessor', async () => {
    const centre = await admin.get('/admin/accreditations')
    assert.equal(tableRows(centre.body).length, 1)
    assert.match(mainText(centre.body), /1 application/)
    const filtered = await admin.get('/admin/accreditations?state=panel')
    assert.match(mainText(filtered.body), /0 applications/)
    const own = await provider.get('/provider/accreditations')
    assert.equal(tableRows(own.body).length, 1)
    const other = await otherProvider.get('/provider/accreditations')
    assert.match(mainText(other.body), /0 applications/)
    const assigned = await assessors.one?.get('/accreditations/assigned')
    assert.match(mainText(assigned?.body ?? ''), /Completed 4 January 2027/)
  })

  it('withdraws the accreditation after a page that asks to confirm it', async () => {
    clock.set('2028-03-01T09:00:00Z')
    const form = await admin.get(`${page}/withdraw-accreditation`)
    assert.equal(heading(form.body), 'Withdraw the accreditation?')
    const empty = await admin.post(`${page}/withdraw-accreditation`, {
      rowVersion: rowVersionIn(form.body, `${page}/withdraw-accreditation`),
      reason: '',
    })
    assert.ok(
      errorSummary((await admin.get(String(empty.headers.location))).body).includes(
        'Enter why the accreditation is withdrawn',
      ),
    )
    const again = await admin.get(`${page}/withdraw-accreditation`)
    await admin.post(`${page}/withdraw-accreditation`, {
      rowVersion: rowVersionIn(again.body, `${page}/withdraw-accreditation`),
      reason: 'Placements stopped',
    })
    const svc = t.services.programmeAccreditation
    assert.equal((await svc.accreditedOnDay([programmeId], '2028-02-29')).size, 1)
    assert.equal((await svc.accreditedOnDay([programmeId], '2028-03-01')).size, 0)
  })

  it('reminds the provider to apply for re-accreditation before the end, once a period, and ends it after', async () => {
    const second = await t.services.programmes.createProgramme(
      organisationId,
      { title: 'MSc Advanced Practice (Primary Care)' },
      { userId: null, label: 'test', ip: null },
    )
    await insertCentreAccreditation(
      t.database.db,
      { id: second, organisationId },
      { from: '2027-09-01', until: '2032-08-31' },
    )
    const svc = t.services.programmeAccreditation
    clock.set('2031-12-01T09:00:00Z')
    assert.deepEqual(await svc.sendReminders(), { reminded: 0, ended: 0 })
    clock.set('2032-03-10T09:00:00Z')
    assert.deepEqual(await svc.sendReminders(), { reminded: 1, ended: 0 })
    assert.deepEqual(await svc.sendReminders(), { reminded: 0, ended: 0 }, 'sent once')
    const mail = await t.services.mail.latestTo('padmin@example.org')
    assert.match(mail?.subject ?? '', /Apply for re-accreditation: MSc Advanced Practice \(Primary Care\)/)
    assert.match(mail?.text ?? '', /ends on 31 August 2032/)
    clock.set('2032-09-01T09:00:00Z')
    assert.deepEqual(await svc.sendReminders(), { reminded: 0, ended: 1 })
    const statuses = await t.services.programmes.listProgrammes(organisationId)
    assert.equal(statuses.find((p) => p.id === second)?.accreditation, 'lapsed')
  })
})
