// The Centre admin lists at volume: accounts and invitations page with a total, filter, and
// download the whole filtered list as formula-safe CSV.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { parse as parseHtml } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'

const csvOf = (body: string): string[][] => parse(body, { bom: true })
const rowsOf = (html: string) => parseHtml(html).querySelectorAll('tbody tr')
const statusText = (html: string) => parseHtml(html).querySelector('[role=status]')?.text.trim() ?? ''
const pageLinks = (html: string) =>
  parseHtml(html)
    .querySelectorAll('.nhsuk-pagination__item a')
    .map((a) => a.text.trim())

describe('Centre admin lists: accounts and invitations', () => {
  let t: TestApp
  let admin: Agent
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
    const db = t.database.db
    // 60 people, one of whom types a formula as their name.
    const people = await db
      .insertInto('user_account')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          email: `person-${String(i).padStart(2, '0')}@example.org`,
          display_name:
            i === 7 ? '=HYPERLINK("http://evil.example","x")' : `Person ${String(i).padStart(2, '0')}`,
          password_hash: null,
          email_verified_at: new Date(),
        })),
      )
      .returning('id')
      .execute()
    await db
      .insertInto('role_grant')
      .values(
        people.slice(0, 30).map((p) => ({
          user_id: p.id,
          role: 'independent_reviewer',
          organisation_id: null,
          granted_by: null,
        })),
      )
      .execute()
    // 40 invitations: 25 pending reviewers, 10 accepted authors, 5 expired reviewers.
    await db
      .insertInto('one_time_token')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          purpose: 'invitation',
          token_hash: `hash-of-invitation-${i}`,
          email: `invitee-${i}@example.org`,
          display_name: `Invitee ${i}`,
          role: i >= 25 && i < 35 ? 'specification_author' : 'independent_reviewer',
          expires_at: i >= 35 ? new Date(Date.now() - 86_400_000) : new Date(Date.now() + 86_400_000),
          used_at: i >= 25 && i < 35 ? new Date() : null,
        })),
      )
      .execute()
  })
  after(() => t.close())

  it('pages accounts with a total and NHS numbered pagination, and finds by role and words', async () => {
    const all = await admin.get('/admin/accounts')
    assert.equal(statusText(all.body).split(' (')[0], '61 accounts')
    assert.equal(rowsOf(all.body).length, 25)
    assert.deepEqual(pageLinks(all.body), ['1', '2', '3'])
    const third = await admin.get('/admin/accounts?page=3')
    assert.equal(rowsOf(third.body).length, 11)
    const reviewers = await admin.get('/admin/accounts?role=independent_reviewer&q=person-1')
    assert.equal(statusText(reviewers.body).split(' (')[0], '10 accounts')
    assert.ok(Buffer.byteLength(all.body) < 300_000)
  })

  it('downloads every account the filter picks out as formula-safe CSV', async () => {
    const res = await admin.get('/admin/accounts?role=independent_reviewer&format=csv')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/csv/)
    assert.match(String(res.headers['content-disposition']), /attachment; filename="accounts.csv"/)
    const rows = csvOf(res.body)
    assert.deepEqual(rows[0], [
      'Name',
      'Email address',
      'Roles',
      'Status',
      'Email confirmed',
      'Demo',
      'Created',
    ])
    assert.equal(rows.length, 31, 'every reviewer, not one page')
    assert.ok(rows.slice(1).every((r) => r[2] === 'Independent reviewer'))
    const formula = rows.find((r) => r[1] === 'person-07@example.org')
    assert.equal(formula?.[0], `'=HYPERLINK("http://evil.example","x")`)
    const everyone = csvOf((await admin.get('/admin/accounts?format=csv')).body)
    assert.equal(everyone.length, 62)
    assert.equal(new Set(everyone.map((r) => r[1])).size, 62, 'no account twice across batches')
  })

  it('lists invitations by state and role, paged, and downloads them without tokens', async () => {
    const pending = await admin.get('/admin/invitations?state=pending')
    assert.equal(statusText(pending.body).split(' (')[0], '25 invitations')
    assert.equal(rowsOf(pending.body).length, 25)
    const accepted = await admin.get('/admin/invitations?state=accepted&role=specification_author')
    assert.equal(statusText(accepted.body).split(' (')[0], '10 invitations')
    const expired = await admin.get('/admin/invitations?state=expired&role=independent_reviewer')
    assert.equal(statusText(expired.body).split(' (')[0], '5 invitations')
    const all = await admin.get('/admin/invitations')
    assert.deepEqual(pageLinks(all.body), ['1', '2'])
    const rows = csvOf((await admin.get('/admin/invitations?role=independent_reviewer&format=csv')).body)
    assert.equal(rows.length, 31)
    assert.equal(rows[0]?.[4], 'State')
    assert.doesNotMatch(rows.flat().join(','), /hash-of-invitation/)
  })

  it('keeps the lists and downloads to Centre admins', async () => {
    await createAccount(t, 'reviewer@example.org', [{ role: 'independent_reviewer' }])
    const reviewer = await signedIn(t, 'reviewer@example.org')
    for (const path of ['/admin/accounts', '/admin/invitations'])
      assert.equal((await reviewer.get(`${path}?format=csv`)).statusCode, 403, path)
    assert.equal((await new Agent(t.app).get('/admin/accounts?format=csv')).statusCode, 303)
  })
})
