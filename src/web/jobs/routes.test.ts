// /admin/jobs: Centre admins page through the jobs, filter them by state and kind, read a dead
// job's last error and attempts, and try it again after a confirmation.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'

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
    assert.match(first.body, /32 jobs/)
    assert.match(first.body, /nhsuk-pagination/)
    assert.match(first.body, /href="\/admin\/jobs\?page=2"/)
    assert.equal((first.body.match(/<tr class="nhsuk-table__row">/g) ?? []).length, 26) // the header and 25
    const second = await admin.get('/admin/jobs?page=2')
    assert.equal((second.body.match(/<tr class="nhsuk-table__row">/g) ?? []).length, 8)
    assert.match(first.body, /1 job has stopped being tried/)
  })

  it('filters by state and by kind, keeping the filters across pages', async () => {
    const dead = await admin.get('/admin/jobs?state=dead')
    assert.match(dead.body, /1 job</)
    assert.match(dead.body, /Award upload/)
    assert.match(dead.body, /award-import:x/)
    assert.match(dead.body, /5 of 5/)
    // The error is shown as text, never as markup.
    assert.match(dead.body, /Error: &lt;the CSV&gt; could not be read/)
    assert.match(dead.body, new RegExp(`href="/admin/jobs/${deadId}/retry"`))

    const mail = await admin.get('/admin/jobs?kind=mail&state=done')
    assert.match(mail.body, /30 jobs/)
    assert.match(mail.body, /href="\/admin\/jobs\?state=done&amp;kind=mail&amp;page=2"/)
    assert.doesNotMatch(mail.body, /Try again/)
    const none = await admin.get('/admin/jobs?kind=housekeeping')
    assert.match(none.body, /0 jobs/)
  })

  it('tries a dead job again after a confirmation, and says so', async () => {
    const confirm = await admin.get(`/admin/jobs/${deadId}/retry`)
    assert.equal(confirm.statusCode, 200)
    assert.match(confirm.body, /Try the job again\?/)
    assert.match(confirm.body, /Error: &lt;the CSV&gt; could not be read/)
    // Nothing changes until confirmed.
    assert.equal((await t.services.jobs.get(deadId))!.state, 'dead')

    const { posted, page } = await admin.submit(
      `/admin/jobs/${deadId}/retry`,
      `/admin/jobs/${deadId}/retry`,
      {},
    )
    assert.equal(posted.statusCode, 303)
    assert.equal(posted.headers.location, '/admin/jobs?state=dead')
    assert.match(page.body, /Award upload job queued again/)
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
    assert.match(shown.body, /Only a job that has stopped being tried can be tried again/)
  })

  it('is for Centre admins only', async () => {
    await createAccount(t, 'staff@example.org', [{ role: 'practitioner' }])
    const someone = await signedIn(t, 'staff@example.org')
    assert.equal((await someone.get('/admin/jobs')).statusCode, 403)
  })
})
