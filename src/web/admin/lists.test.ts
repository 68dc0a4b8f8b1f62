// The Centre admin lists at volume: sent mail and the audit trail page with a total, filter,
// and download the whole filtered list as formula-safe CSV.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { parse as parseHtml } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { londonDay } from '../../domain/dates.ts'
import { recordAudit } from '../../services/audit.ts'
import { everything, hrefs, mainText } from '../../../test/support/html.ts'

const csvOf = (body: string): string[][] => parse(body, { bom: true })
const statusText = (html: string) => parseHtml(html).querySelector('[role=status]')?.text.trim() ?? ''
const pageLinks = (html: string) =>
  parseHtml(html)
    .querySelectorAll('.nhsuk-pagination__item a')
    .map((a) => a.text.trim())

describe('Centre admin lists: sent mail and the audit trail', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
    const db = t.database.db
    // 70 e-mails: 50 in January 2027 with a reset link each, 20 in March 2027.
    await db
      .insertInto('email_outbox')
      .values(
        Array.from({ length: 70 }, (_, i) => ({
          to_address: `reader-${i}@example.org`,
          subject: i < 50 ? 'Reset your password' : '+Welcome',
          body_text: `Reset it at https://x.example/reset-password?token=SECRET-TOKEN-${i}`,
          created_at: new Date(i < 50 ? Date.UTC(2027, 0, 6, 12, i) : Date.UTC(2027, 2, 1, 12, i)),
          status: i % 10 === 0 ? 'failed' : 'sent',
        })),
      )
      .execute()
    // 60 audit events, through the real hash chain.
    for (let i = 0; i < 60; i++)
      await db.transaction().execute((trx) =>
        recordAudit(
          trx,
          { userId: null, label: i < 40 ? 'robot@example.org' : 'clerk@example.org', ip: '192.0.2.1' },
          {
            action: i < 40 ? 'test.bulk' : 'test.other',
            entityType: 'test_entity',
            entityId: `entity-${i}`,
            after: { name: '@SUM(1,2)', resetLink: `https://x.example/reset?token=AUDIT-SECRET-${i}` },
          },
        ),
      )
  })
  after(() => t.close())

  it('filters sent mail by recipient, subject, status and date range, and downloads it without bodies', async () => {
    const january =
      '/admin/mail?from%5Bday%5D=1&from%5Bmonth%5D=1&from%5Byear%5D=2027&to%5Bday%5D=31&to%5Bmonth%5D=1&to%5Byear%5D=2027'
    const page = await admin.get(january)
    assert.equal(statusText(page.body).split(' (')[0], '50 emails')
    assert.deepEqual(pageLinks(page.body), ['1', '2'])
    assert.ok(
      hrefs(page.body).some(
        (href) => href.startsWith('/admin/mail?from%5Bday%5D=1') && href.endsWith('page=2'),
      ),
    )
    const bySubject = await admin.get('/admin/mail?subject=welcome')
    assert.equal(statusText(bySubject.body).split(' (')[0], '20 emails')
    const byRecipient = await admin.get('/admin/mail?recipient=reader-6')
    assert.equal(statusText(byRecipient.body).split(' (')[0], '11 emails')
    const failed = await admin.get('/admin/mail?status=failed')
    assert.equal(statusText(failed.body).split(' (')[0], '7 emails')

    const csv = await admin.get(`${january}&format=csv`)
    const rows = csvOf(csv.body)
    assert.equal(rows.length, 51)
    assert.deepEqual(rows[0], ['Created', 'To', 'Subject', 'Status', 'Attempts', 'Sent', 'Last error'])
    assert.doesNotMatch(everything(csv.body), /SECRET-TOKEN|reset-password/)
    const march = csvOf((await admin.get('/admin/mail?subject=welcome&format=csv')).body)
    assert.equal(march[1]?.[2], `'+Welcome`, 'formula-safe')
  })

  it('refuses a wrong date in the range with the error summary', async () => {
    const res = await admin.get('/admin/mail?from%5Bday%5D=31&from%5Bmonth%5D=2&from%5Byear%5D=2027')
    assert.equal(res.statusCode, 400)
    const summary = parseHtml(res.body).querySelector('.nhsuk-error-summary')
    assert.match(summary?.text ?? '', /From date must be a real date/)
    const backwards = await admin.get(
      '/admin/audit?from%5Bday%5D=2&from%5Bmonth%5D=1&from%5Byear%5D=2027&to%5Bday%5D=1&to%5Bmonth%5D=1&to%5Byear%5D=2027',
    )
    assert.equal(backwards.statusCode, 400)
    assert.match(mainText(backwards.body), /To date must be the same as or after the from date/)
  })

  it('filters the audit trail by actor, action and date range, and downloads it without secrets', async () => {
    const byActor = await admin.get('/admin/audit?actor=robot&entityType=test_entity')
    assert.equal(statusText(byActor.body).split(' (')[0], '40 events')
    const byAction = await admin.get('/admin/audit?action=test.other')
    assert.equal(statusText(byAction.body).split(' (')[0], '20 events')
    const [y, m, d] = londonDay(new Date())
      .split('-')
      .map((n) => String(Number(n)))
    const range = (from: string[], to: string[]) =>
      `from%5Bday%5D=${from[0]}&from%5Bmonth%5D=${from[1]}&from%5Byear%5D=${from[2]}&to%5Bday%5D=${to[0]}&to%5Bmonth%5D=${to[1]}&to%5Byear%5D=${to[2]}`
    const todays = await admin.get(`/admin/audit?entityType=test_entity&${range([d!, m!, y!], [d!, m!, y!])}`)
    assert.equal(statusText(todays.body).split(' (')[0], '60 events')
    const before2020 = await admin.get(
      `/admin/audit?entityType=test_entity&${range(['1', '1', '2019'], ['31', '12', '2019'])}`,
    )
    assert.equal(statusText(before2020.body).split(' (')[0], '0 events')

    const csv = await admin.get('/admin/audit?entityType=test_entity&format=csv')
    const rows = csvOf(csv.body)
    assert.equal(rows.length, 61)
    assert.deepEqual(rows[0], [
      'Event',
      'When',
      'Who',
      'Action',
      'Record type',
      'Record',
      'From',
      'Before',
      'After',
    ])
    assert.doesNotMatch(everything(csv.body), /AUDIT-SECRET/)
    const after = JSON.parse(rows[1]?.[8] ?? '{}')
    assert.deepEqual(after, { name: '@SUM(1,2)', resetLink: '[removed]' })
    const ids = rows.slice(1).map((r) => Number(r[0]))
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
      'newest first',
    )
  })

  it('keeps the lists and downloads to Centre admins', async () => {
    await createAccount(t, 'reviewer@example.org', [{ role: 'independent_reviewer' }])
    const reviewer = await signedIn(t, 'reviewer@example.org')
    for (const path of ['/admin/mail', '/admin/audit'])
      assert.equal((await reviewer.get(`${path}?format=csv`)).statusCode, 403, path)
    assert.equal((await new Agent(t.app).get('/admin/audit?format=csv')).statusCode, 303)
  })
})
