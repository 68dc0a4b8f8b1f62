// The workforce need pages: a Centre admin records a need (each problem on its field, in the
// NHS error summary), changes its figure (a new version, the old one kept in the history with
// who and when, dates in words), is refused a change from a form opened before another, and
// removes the need after a confirmation page; nobody else may open the pages.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import {
  banner,
  errorFor,
  errorSummary,
  fieldValue,
  heading,
  html,
  mainText,
  rowVersionIn,
  summaryRows,
  tableRows,
} from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'

// Monday 4 January 2027, 10:00 in London: financial year 2026 to 2027.
const clock = fixedClock('2027-01-04T10:00:00Z')
let t: TestApp
let admin: Agent
let otherAdmin: Agent
let practitioner: Agent

const dates = (name: string, day: string, month: string, year: string) => ({
  [`${name}[day]`]: day,
  [`${name}[month]`]: month,
  [`${name}[year]`]: year,
})

before(async () => {
  t = await createTestApp({}, { clock })
  await createAccount(t, 'need.admin@example.org', [{ role: 'centre_admin' }])
  await createAccount(t, 'need.other@example.org', [{ role: 'centre_admin' }])
  await createAccount(t, 'need.practitioner@example.org', [{ role: 'practitioner' }])
  admin = await signedIn(t, 'need.admin@example.org')
  otherAdmin = await signedIn(t, 'need.other@example.org')
  practitioner = await signedIn(t, 'need.practitioner@example.org')
})
after(() => t.close())

describe('workforce need pages', () => {
  let needPath = ''
  let credentialSlug = ''

  it('shows each problem of a new need on its field in the error summary', async () => {
    const form = await admin.get('/admin/workforce-need/new')
    assert.equal(form.statusCode, 200)
    // The current financial year is chosen to start with.
    assert.equal(
      html(form.body).querySelector('select[name="financialYear"] option[selected]')?.textContent,
      '2026 to 2027',
    )
    const { page } = await admin.submit('/admin/workforce-need/new', '/admin/workforce-need/new', {
      subjectKind: 'credential',
      credential: '',
      region: 'atlantis',
      financialYear: '2026',
      planned: '12.5',
      source: '',
      ...dates('sourceDate', '31', '2', '2024'),
    })
    assert.deepEqual(errorSummary(page.body), [
      'Select the credential',
      'Select the region',
      'Number of practitioners must be a whole number, 1 or more',
      'Enter the source of the figure',
      'Date of the source must be a real date',
    ])
    assert.equal(errorFor(page.body, 'sourceDate-day'), 'Date of the source must be a real date')
    // What was typed is shown again.
    assert.equal(fieldValue(page.body, 'planned'), '12.5')

    const future = await admin.submit('/admin/workforce-need/new', '/admin/workforce-need/new', {
      subjectKind: 'area',
      area: 'no-such-area',
      region: 'london',
      financialYear: '2026',
      planned: '10',
      source: 'NHS Long Term Workforce Plan',
      ...dates('sourceDate', '5', '1', '2027'),
    })
    assert.deepEqual(errorSummary(future.page.body), [
      'Date of the source must be today or in the past',
      'Select the clinical area',
    ])
  })

  it('records a need for a credential and lists it', async () => {
    const credential = await t.database.db
      .selectFrom('credential')
      .select(['slug', 'title'])
      .orderBy('title')
      .executeTakeFirstOrThrow()
    credentialSlug = credential.slug
    const { posted, page } = await admin.submit('/admin/workforce-need/new', '/admin/workforce-need/new', {
      subjectKind: 'credential',
      credential: credential.slug,
      region: 'london',
      financialYear: '2026',
      planned: '40',
      source: 'NHS Long Term Workforce Plan',
      ...dates('sourceDate', '30', '6', '2023'),
    })
    assert.equal(posted.statusCode, 303)
    needPath = String(posted.headers.location)
    assert.match(needPath, /^\/admin\/workforce-need\/[0-9a-f-]{36}$/)
    assert.match(banner(page.body), /Workforce need recorded/)
    assert.equal(heading(page.body), `${credential.title}, London, 2026 to 2027`)
    assert.equal(summaryRows(page.body).Practitioners, '40')
    assert.equal(summaryRows(page.body).Source, 'NHS Long Term Workforce Plan, 30 June 2023')

    // The same credential, region and year again is refused.
    const again = await admin.submit('/admin/workforce-need/new', '/admin/workforce-need/new', {
      subjectKind: 'credential',
      credential: credential.slug,
      region: 'london',
      financialYear: '2026',
      planned: '3',
      source: 'Plan',
      ...dates('sourceDate', '30', '6', '2023'),
    })
    assert.match(errorFor(again.page.body, 'financialYear') ?? '', /already recorded/)

    const list = await admin.get('/admin/workforce-need?region=london')
    assert.equal(list.statusCode, 200)
    const rows = tableRows(list.body)
    assert.equal(rows.length, 1)
    assert.match(rows[0]?.[0] ?? '', new RegExp(credential.title.replace(/[()]/g, '.')))
    assert.deepEqual(rows[0]?.slice(1), [
      'London',
      '2026 to 2027',
      '40',
      'NHS Long Term Workforce Plan, 30 June 2023',
    ])
    const elsewhere = await admin.get('/admin/workforce-need?region=north_west')
    assert.equal(tableRows(elsewhere.body).length, 0)
  })

  it('changes the figure as a new version, keeping the old one in the history', async () => {
    const form = await admin.get(`${needPath}/change`)
    assert.equal(fieldValue(form.body, 'planned'), '40')
    const missingReason = await admin.post(`${needPath}/change`, {
      rowVersion: rowVersionIn(form.body),
      planned: '55',
      source: 'NHS Long Term Workforce Plan (refreshed)',
      ...dates('sourceDate', '1', '12', '2026'),
      reason: '',
    })
    const refused = await admin.get(String(missingReason.headers.location))
    assert.deepEqual(errorSummary(refused.body), ['Enter the reason for the change'])

    const changed = await admin.post(`${needPath}/change`, {
      rowVersion: rowVersionIn(form.body),
      planned: '55',
      source: 'NHS Long Term Workforce Plan (refreshed)',
      ...dates('sourceDate', '1', '12', '2026'),
      reason: 'The plan was refreshed.',
    })
    assert.equal(changed.statusCode, 303)
    const show = await admin.get(needPath)
    assert.equal(summaryRows(show.body).Practitioners, '55')
    const history = tableRows(show.body)
    assert.deepEqual(history, [
      [
        '2',
        'Figure changed',
        '55',
        'NHS Long Term Workforce Plan (refreshed), 1 December 2026',
        'The plan was refreshed.',
        'Test centre_admin, 4 January 2027',
      ],
      [
        '1',
        'Recorded',
        '40',
        'NHS Long Term Workforce Plan, 30 June 2023',
        'None given',
        'Test centre_admin, 4 January 2027',
      ],
    ])
    assert.doesNotMatch(mainText(show.body), /\d{4}-\d{2}-\d{2}/)
  })

  it('refuses a change from a form opened before someone else changed the figure', async () => {
    const mine = await admin.get(`${needPath}/change`)
    const theirs = await otherAdmin.get(`${needPath}/change`)
    await otherAdmin.post(`${needPath}/change`, {
      rowVersion: rowVersionIn(theirs.body),
      planned: '60',
      source: 'Regional plan',
      ...dates('sourceDate', '2', '12', '2026'),
      reason: 'Regional figures.',
    })
    const stale = await admin.post(`${needPath}/change`, {
      rowVersion: rowVersionIn(mine.body),
      planned: '70',
      source: 'Regional plan',
      ...dates('sourceDate', '2', '12', '2026'),
      reason: 'Mine.',
    })
    assert.equal(stale.statusCode, 303)
    const again = await admin.get(String(stale.headers.location))
    assert.match(errorSummary(again.body).join(' '), /changed since you opened it/)
    assert.match(mainText(again.body), /The figure now is 60/)
    const show = await admin.get(needPath)
    assert.equal(summaryRows(show.body).Practitioners, '60')
    assert.equal(tableRows(show.body).length, 3)
  })

  it('removes a need after a confirmation page, as a version, and lets it be recorded again', async () => {
    const confirm = await admin.get(`${needPath}/remove`)
    assert.equal(confirm.statusCode, 200)
    assert.match(heading(confirm.body), /^Remove the need for .*\?$/)
    const noReason = await admin.post(`${needPath}/remove`, {
      rowVersion: rowVersionIn(confirm.body),
      reason: ' ',
    })
    assert.deepEqual(errorSummary((await admin.get(String(noReason.headers.location))).body), [
      'Enter the reason for removing the need',
    ])
    const removed = await admin.post(`${needPath}/remove`, {
      rowVersion: rowVersionIn(confirm.body),
      reason: 'Recorded against the wrong region.',
    })
    assert.equal(removed.statusCode, 303)
    const show = await admin.get(needPath)
    assert.equal(summaryRows(show.body).Practitioners, 'Removed')
    assert.deepEqual(tableRows(show.body)[0]?.slice(0, 3), ['4', 'Removed', 'None'])
    assert.equal((await admin.get(`${needPath}/change`)).statusCode, 404)
    assert.equal((await admin.get(`${needPath}/remove`)).statusCode, 404)
    assert.equal(tableRows((await admin.get('/admin/workforce-need?region=london')).body).length, 0)

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_type', '=', 'workforce_need')
      .orderBy('id')
      .execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'workforce_need.recorded',
        'workforce_need.changed',
        'workforce_need.changed',
        'workforce_need.removed',
      ],
    )

    const { posted } = await admin.submit('/admin/workforce-need/new', '/admin/workforce-need/new', {
      subjectKind: 'credential',
      credential: credentialSlug,
      region: 'london',
      financialYear: '2026',
      planned: '45',
      source: 'NHS Long Term Workforce Plan',
      ...dates('sourceDate', '30', '6', '2023'),
    })
    assert.equal(posted.statusCode, 303)
    assert.notEqual(posted.headers.location, needPath)
  })

  it('answers 404 for a need that does not exist', async () => {
    const missing = '/admin/workforce-need/00000000-0000-4000-8000-000000000000'
    assert.equal((await admin.get(missing)).statusCode, 404)
    assert.equal((await admin.get(`${missing}/change`)).statusCode, 404)
    const post = await admin.post(`${missing}/change`, {
      rowVersion: '1',
      planned: '1',
      source: 'x',
      ...dates('sourceDate', '1', '1', '2026'),
      reason: 'x',
    })
    assert.equal(post.statusCode, 404)
  })

  it('lets nobody but a Centre admin open the pages', async () => {
    for (const path of [
      '/admin/workforce-need',
      '/admin/workforce-need/new',
      needPath,
      `${needPath}/change`,
    ]) {
      assert.equal((await practitioner.get(path)).statusCode, 403, path)
      const anonymous = await new Agent(t.app).get(path)
      assert.equal(anonymous.statusCode, 303, path)
    }
    const refused = await practitioner.post('/admin/workforce-need/new', { subjectKind: 'area' })
    assert.equal(refused.statusCode, 403)
  })
})
