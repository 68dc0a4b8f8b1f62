// Periodic review reminders as the job runner sends them, on a clock moved through a review's
// life: 90, 30 and 7 days before it falls due, on the day, then each month it stays overdue.
// Two workers run each day's reminders job at once; every reminder goes once, to the Centre
// admins and the lead author (not to another author), with its dates in words.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createAccount } from '../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { fixedClock } from '../domain/clock.ts'
import { jobHandlers } from './job-handlers.ts'
import { createWorker, type Worker } from './worker.ts'

const TITLE = 'Credential reminded'

describe('periodic review reminders from the job runner', () => {
  const clock = fixedClock('2036-12-01T09:00:00Z')
  let t: TestApp
  let workers: Worker[]
  let credentialId: string

  before(async () => {
    t = await createTestApp({}, { clock })
    await createAccount(t, 'admin.one@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'admin.two@example.org', [{ role: 'centre_admin' }])
    const lead = await createAccount(t, 'lead@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'other.author@example.org', [{ role: 'specification_author' }])
    const db = t.database.db
    credentialId = await insertEndorsed('credential-reminded', TITLE, lead, '2037-03-31')
    const handlers = { reminders: jobHandlers(t.services).reminders }
    workers = ['a', 'b'].map((workerId) => createWorker(db, t.config, handlers, { workerId, pollMs: 20 }))
  })
  after(() => t.close())

  /** An endorsed credential with its lead author and review date; its id. */
  async function insertEndorsed(slug: string, title: string, leadAuthorId: string, reviewDue: string) {
    const db = t.database.db
    const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const credential = await db
      .insertInto('credential')
      .values({
        slug,
        title,
        clinical_area_id: area.id,
        type: 'credential_specification',
        status: 'endorsed',
        due_season: null,
        due_year: null,
        level: 7,
        origin: 'centre',
        owner_name: null,
        owner_url: null,
        summary: null,
        lead_author_id: leadAuthorId,
        next_review_due: reviewDue,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return credential.id
  }

  /** Moves the clock to the day, queues one reminders job per worker and runs them together. */
  async function runOn(day: string) {
    clock.set(`${day}T09:00:00Z`)
    for (let i = 0; i < workers.length; i++) await t.services.jobs.enqueue(t.database.db, 'reminders', {})
    const ran = await Promise.all(workers.map((w) => w.runOnce()))
    assert.deepEqual(ran, [true, true])
  }

  const mail = async () =>
    (
      await t.database.db
        .selectFrom('email_outbox')
        .select(['to_address', 'subject', 'body_text'])
        .where('subject', 'like', `%${TITLE}`)
        .orderBy('created_at')
        .orderBy('to_address')
        .execute()
    ).map((m) => ({ to: m.to_address, subject: m.subject, body: m.body_text }))

  const keys = async () =>
    (
      await t.database.db
        .selectFrom('review_reminder')
        .select('days_before')
        .where('credential_id', '=', credentialId)
        .orderBy('days_before', 'desc')
        .execute()
    ).map((r) => r.days_before)

  const PEOPLE = ['admin.one@example.org', 'admin.two@example.org', 'lead@example.org']

  it('sends each reminder once, before, on and monthly after the due date, to the admins and the lead author', async () => {
    const steps: Array<[string, string | null, RegExp | null]> = [
      ['2036-12-30', null, null],
      ['2036-12-31', 'Periodic review due 31 March 2037', /falls due on 31 March 2037, in 90 days or less/],
      ['2037-01-15', null, null],
      ['2037-03-01', 'Periodic review due 31 March 2037', /falls due on 31 March 2037, in 30 days or less/],
      ['2037-03-10', null, null],
      ['2037-03-24', 'Periodic review due 31 March 2037', /falls due on 31 March 2037, in a week or less/],
      ['2037-03-30', null, null],
      ['2037-03-31', 'Periodic review due today, 31 March 2037', /falls due today, 31 March 2037/],
      ['2037-04-15', null, null],
      [
        '2037-04-30',
        'Periodic review overdue by 1 month',
        /fell due on 31 March 2037 and is 1 month overdue/,
      ],
      ['2037-05-01', null, null],
      [
        '2037-05-31',
        'Periodic review overdue by 2 months',
        /fell due on 31 March 2037 and is 2 months overdue/,
      ],
      ['2037-06-29', null, null],
      ['2037-06-30', 'Periodic review overdue by 3 months', /is 3 months overdue/],
      ['2037-06-30', null, null],
    ]
    for (const [day, subject, body] of steps) {
      const before = (await mail()).length
      await runOn(day)
      const sent = (await mail()).slice(before)
      if (!subject) {
        assert.deepEqual(sent, [], `nothing new on ${day}`)
        continue
      }
      assert.deepEqual(
        sent.map((m) => [m.to, m.subject]),
        PEOPLE.map((to) => [to, `${subject}: ${TITLE}`]),
        `one e-mail each on ${day}`,
      )
      for (const m of sent) {
        assert.match(m.body, body ?? /./)
        assert.doesNotMatch(m.body, /\d{4}-\d{2}-\d{2}/, 'dates in words only')
      }
      assert.match(sent[0]!.body, /\/periodic-reviews\/credential-reminded/)
    }
    assert.deepEqual(await keys(), [90, 30, 7, 0, -30, -61, -91])
  })

  it('stops once the review is opened', async () => {
    const admin = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'admin.one@example.org')
      .executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('periodic_review')
      .values({ credential_id: credentialId, due_date: '2037-03-31', opened_by: admin.id })
      .execute()
    const before = (await mail()).length
    await runOn('2037-07-31')
    assert.equal((await mail()).length, before)
  })

  it('sends a lead author who is also a Centre admin one e-mail, not two', async () => {
    const db = t.database.db
    const admin = await db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', 'admin.one@example.org')
      .executeTakeFirstOrThrow()
    const title = 'Credential led by an admin'
    await insertEndorsed('credential-led-by-an-admin', title, admin.id, '2037-11-30')
    // 90 days before 30 November 2037.
    await runOn('2037-09-01')
    const sent = await db
      .selectFrom('email_outbox')
      .select('to_address')
      .where('subject', 'like', `%${title}`)
      .orderBy('to_address')
      .execute()
    assert.deepEqual(
      sent.map((m) => m.to_address),
      ['admin.one@example.org', 'admin.two@example.org'],
    )
  })
})
