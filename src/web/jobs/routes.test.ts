// /admin/jobs: Centre admins page through the jobs, filter them by state and kind, read a dead
// job's last error and attempts, and try it again after a confirmation.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { everything, has, hrefs, html, mainText } from '../../../test/support/html.ts'

describe('the background jobs page', () => {
  let t: TestApp
  let admin: Agent
  let deadId: string
  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
    const db = t.database.db
    // 30 done mail jobs, a waiting reminder, and a dead award import.
    for (let i = 0; i < 30; i++) await t.services.jobs.enqueue(db, 'mail', { n: i })
    await db.updateTable('job').set({ state: 'done', attempts: 1, finished_at: new Date() }).execute()
    await t.services.jobs.enqueue(db, 'reminders', {})
    deadId = await t.services.jobs.enqueue(db, 'award-import', { importId: 'x' }, { key: 'award-import:x' })
    await db
      .updateTable('job')
      .set({
        state: 'dead',
        attempts: 5,
        finished_at: new Date(),
        last_error: 'Error: <the CSV> could not be read',
      })
      .where('id', '=', deadId)
      .execute()
  })
  after(() => t.close())

  it('pages through every job with a total, newest first', async () => {
    const first = await admin.get('/admin/jobs')
    assert.equal(first.statusCode, 200)
    assert.match(mainText(first.body), /32 jobs/)
    assert.ok(has(first.body, '.nhsuk-pagination'))
    assert.ok(hrefs(first.body).includes('/admin/jobs?page=2'))
    assert.equal(html(first.body).querySelectorAll('tr.nhsuk-table__row').length, 26) // the header and 25
    const second = await admin.get('/admin/jobs?page=2')
    assert.equal(html(second.body).querySelectorAll('tr.nhsuk-table__row').length, 8)
    assert.match(mainText(first.body), /1 job has stopped being tried/)
  })

  it('filters by state and by kind, keeping the filters across pages', async () => {
    const dead = await admin.get('/admin/jobs?state=dead')
    assert.match(mainText(dead.body), /(^| )1 job( |$)/)
    assert.match(mainText(dead.body), /Award upload/)
    assert.match(mainText(dead.body), /award-import:x/)
    assert.match(mainText(dead.body), /5 of 5/)
    // The error is shown as text, never as markup.
    assert.match(mainText(dead.body), /Error: <the CSV> could not be read/)
    assert.ok(!has(dead.body, 'the'), 'the error is text, not an element')
    assert.ok(hrefs(dead.body).includes(`/admin/jobs/${deadId}/retry`))

    const mail = await admin.get('/admin/jobs?kind=mail&state=done')
    assert.match(mainText(mail.body), /30 jobs/)
    assert.ok(hrefs(mail.body).includes('/admin/jobs?state=done&kind=mail&page=2'))
    assert.doesNotMatch(everything(mail.body), /Try again/)
    const none = await admin.get('/admin/jobs?kind=housekeeping')
    assert.match(mainText(none.body), /0 jobs/)
  })

  it('tries a dead job again after a confirmation, and says so', async () => {
    const confirm = await admin.get(`/admin/jobs/${deadId}/retry`)
    assert.equal(confirm.statusCode, 200)
    assert.match(mainText(confirm.body), /Try the job again\?/)
    assert.match(mainText(confirm.body), /Error: <the CSV> could not be read/)
    assert.ok(!has(confirm.body, 'the'), 'the error is text, not an element')
    // Nothing changes until confirmed.
    assert.equal((await t.services.jobs.get(deadId))!.state, 'dead')

    const { posted, page } = await admin.submit(
      `/admin/jobs/${deadId}/retry`,
      `/admin/jobs/${deadId}/retry`,
      {},
    )
    assert.equal(posted.statusCode, 303)
    assert.equal(posted.headers.location, '/admin/jobs?state=dead')
    assert.match(mainText(page.body), /Award upload job queued again/)
    const job = (await t.services.jobs.get(deadId))!
    assert.equal(job.state, 'queued')
    assert.equal(job.attempts, 0)
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', deadId)
      .executeTakeFirstOrThrow()
    assert.equal(audit.action, 'job.retried')
    assert.ok(audit.actor_user_id)

    // Once queued, the confirmation is gone, and a second try says why not.
    const again = await admin.get(`/admin/jobs/${deadId}/retry`)
    assert.equal(again.statusCode, 303)
    const refused = await admin.post(`/admin/jobs/${deadId}/retry`)
    assert.equal(refused.statusCode, 303)
    const shown = await admin.get(refused.headers.location as string)
    assert.match(mainText(shown.body), /Only a job that has stopped being tried can be tried again/)
  })

  it('is for Centre admins only', async () => {
    await createAccount(t, 'staff@example.org', [{ role: 'practitioner' }])
    const someone = await signedIn(t, 'staff@example.org')
    assert.equal((await someone.get('/admin/jobs')).statusCode, 403)
  })
})
