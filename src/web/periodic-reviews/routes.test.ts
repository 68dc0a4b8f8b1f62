import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import type { CredentialStatus } from '../../domain/catalogue.ts'
import { fixedClock } from '../../domain/clock.ts'
import { longDate } from '../../domain/dates.ts'
import { STALE_MESSAGE, type ProcessActor } from '../../services/process.ts'
import {
  errorFor,
  everything,
  has,
  hrefs,
  fieldValue,
  mainText,
  rowVersionIn,
  tableRows,
} from '../../../test/support/html.ts'

interface Setup {
  slug: string
  publishedAt: string
  nextReviewDue: string | null
  leadAuthorId?: string | null
  status?: CredentialStatus
  intervalMonths?: number | null
}

/** A credential with version 1 published, set up directly as the decision step leaves it. */
async function publishedCredential(t: TestApp, authorId: string, setup: Setup) {
  const db = t.database.db
  const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
  const credential = await db
    .insertInto('credential')
    .values({
      slug: setup.slug,
      title: `Credential ${setup.slug}`,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: setup.status ?? 'endorsed',
      due_season: null,
      due_year: null,
      level: 7,
      origin: 'centre',
      owner_name: null,
      owner_url: null,
      summary: null,
      lead_author_id: setup.leadAuthorId === undefined ? authorId : setup.leadAuthorId,
      review_interval_months: setup.intervalMonths ?? null,
      next_review_due: setup.nextReviewDue,
    })
    .returning(['id', 'row_version'])
    .executeTakeFirstOrThrow()
  await db
    .insertInto('specification_version')
    .values({
      credential_id: credential.id,
      number: 1,
      kind: 'specification',
      author_id: authorId,
      state: 'published',
      content: JSON.stringify({
        purpose: `Purpose of ${setup.slug}`,
        outcomes: [{ code: 'LO1', text: 'Do it' }],
      }),
      published_at: new Date(`${setup.publishedAt}T12:00:00Z`),
    })
    .execute()
  return credential
}

describe('periodic review', () => {
  let t: TestApp
  let admin: Agent
  let adminId: string
  let authorId: string
  let otherAuthorId: string
  let actor: ProcessActor

  before(async () => {
    t = await createTestApp()
    adminId = await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    otherAuthorId = await createAccount(t, 'other.author@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'reviewer@example.org', [{ role: 'independent_reviewer' }])
    admin = await signedIn(t, 'admin@example.org')
    actor = {
      userId: adminId,
      label: 'admin@example.org',
      ip: null,
      name: 'Test centre_admin',
      roles: ['centre_admin'],
    }
  })
  after(() => t.close())

  const mailTo = (address: string) =>
    t.database.db
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', address)
      .orderBy('created_at')
      .execute()
  const credentialRow = (slug: string) =>
    t.database.db.selectFrom('credential').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()
  const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

  it('lists reviews due within 90 days and overdue, not later ones, for admins only', async () => {
    await publishedCredential(t, authorId, {
      slug: 'pr-overdue',
      publishedAt: '2023-01-10',
      nextReviewDue: soon(-5),
    })
    await publishedCredential(t, authorId, {
      slug: 'pr-due',
      publishedAt: '2023-03-10',
      nextReviewDue: soon(40),
    })
    await publishedCredential(t, authorId, {
      slug: 'pr-later',
      publishedAt: '2024-03-10',
      nextReviewDue: soon(200),
    })
    const page = await admin.get('/periodic-reviews')
    assert.equal(page.statusCode, 200)
    assert.ok(
      tableRows(page.body).some((row) => row[0] === 'Credential pr-overdue' && row.includes('Overdue')),
    )
    assert.ok(tableRows(page.body).some((row) => row[0] === 'Credential pr-due' && row.includes('Due')))
    assert.doesNotMatch(everything(page.body), /pr-later/)
    assert.ok((await t.services.periodicReviews.counts(actor)).periodicDue >= 2)
    const author = { ...actor, userId: authorId, roles: ['specification_author' as const] }
    assert.deepEqual(await t.services.periodicReviews.counts(author), { periodicDue: 0 })

    const reviewer = await signedIn(t, 'reviewer@example.org')
    assert.equal((await reviewer.get('/periodic-reviews')).statusCode, 403)
    assert.equal((await reviewer.get('/periodic-reviews/pr-due')).statusCode, 403)
  })

  it('answers 404 for a credential with neither a specification published here nor an endorsement before', async () => {
    // Listed as in delivery on the 2020 page, never endorsed by the Centre.
    const seeded = await t.database.db
      .selectFrom('credential')
      .select(['slug', 'row_version'])
      .where('status', '=', 'in_delivery')
      .where('endorsed_on', 'is', null)
      .orderBy('slug')
      .executeTakeFirstOrThrow()
    assert.equal((await admin.get(`/periodic-reviews/${seeded.slug}`)).statusCode, 404)
    assert.equal((await admin.get('/periodic-reviews/no-such-thing')).statusCode, 404)
    for (const attempt of [
      () => t.services.periodicReviews.openReview(seeded.slug, seeded.row_version, actor),
      () => t.services.periodicReviews.withdraw(seeded.slug, seeded.row_version, 'Old', actor),
      () => t.services.periodicReviews.setInterval(seeded.slug, seeded.row_version, 12, actor),
    ]) {
      await assert.rejects(attempt(), /has no specification published on the platform/)
    }
    assert.equal((await credentialRow(seeded.slug)).status, 'in_delivery', 'nothing changed')
  })

  it('sets the interval and recomputes the due date from the publication date, to the end of short months', async () => {
    await publishedCredential(t, authorId, {
      slug: 'pr-interval',
      publishedAt: '2025-08-31',
      nextReviewDue: '2028-08-31',
    })
    const page = await admin.get('/periodic-reviews/pr-interval')
    assert.match(mainText(page.body), /36 months \(the default\)/)
    const res = await admin.post('/periodic-reviews/pr-interval/interval', {
      rowVersion: rowVersionIn(page.body),
      interval: '6',
    })
    assert.equal(res.statusCode, 303)
    const shown = await admin.get('/periodic-reviews/pr-interval')
    assert.match(mainText(shown.body), /Review interval set to 6 months/)
    assert.match(mainText(shown.body), /28 February 2026/)
    const row = await credentialRow('pr-interval')
    assert.equal(row.review_interval_months, 6)
    assert.equal(row.next_review_due, '2026-02-28')
    const event = await t.database.db
      .selectFrom('credential_event')
      .select(['action', 'summary', 'actor_label'])
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(event, {
      action: 'credential.review_interval_set',
      summary: 'Set the periodic review interval to 6 months; next review due 28 February 2026',
      actor_label: 'Test centre_admin',
    })
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('action', '=', 'credential.review_interval_set')
      .executeTakeFirst()
    assert.equal(audit?.entity_id, row.id)
  })

  it('refuses an interval outside 1 to 120 months, keeping what was typed', async () => {
    for (const interval of ['0', '121', 'twelve', '', '1.5']) {
      const page = await admin.get('/periodic-reviews/pr-interval')
      await admin.post('/periodic-reviews/pr-interval/interval', {
        rowVersion: rowVersionIn(page.body),
        interval,
      })
      const shown = await admin.get('/periodic-reviews/pr-interval')
      assert.equal(
        errorFor(shown.body, 'interval'),
        'Enter a review interval between 1 and 120 months, as a whole number',
        interval,
      )
      assert.equal(fieldValue(shown.body, 'interval'), interval)
    }
    assert.equal((await credentialRow('pr-interval')).review_interval_months, 6, 'unchanged')
  })

  it('refuses a change made on a page opened before someone else changed the credential', async () => {
    const stale = rowVersionIn((await admin.get('/periodic-reviews/pr-interval')).body)
    const fresh = rowVersionIn((await admin.get('/periodic-reviews/pr-interval')).body)
    await admin.post('/periodic-reviews/pr-interval/interval', { rowVersion: fresh, interval: '12' })
    await admin.post('/periodic-reviews/pr-interval/interval', { rowVersion: stale, interval: '24' })
    const shown = await admin.get('/periodic-reviews/pr-interval')
    assert.ok(shown.body.includes(STALE_MESSAGE.slice(0, 40)))
    assert.equal((await credentialRow('pr-interval')).review_interval_months, 12)
    await admin.post('/periodic-reviews/pr-interval/open', { rowVersion: stale })
    assert.ok((await admin.get('/periodic-reviews/pr-interval')).body.includes(STALE_MESSAGE.slice(0, 40)))
    assert.equal((await credentialRow('pr-interval')).status, 'endorsed', 'not opened')
  })

  it('opens a periodic review: status follows, the lead author is told, and it cannot be opened twice', async () => {
    const page = await admin.get('/periodic-reviews/pr-due')
    const res = await admin.post('/periodic-reviews/pr-due/open', { rowVersion: rowVersionIn(page.body) })
    assert.equal(res.statusCode, 303)
    const shown = await admin.get('/periodic-reviews/pr-due')
    assert.match(mainText(shown.body), /Periodic review opened/)
    assert.match(mainText(shown.body), /Start version 2/)
    assert.ok(hrefs(shown.body, 'Withdraw the credential').includes('/periodic-reviews/pr-due/withdraw'))
    const row = await credentialRow('pr-due')
    assert.equal(row.status, 'periodic_review')
    const review = await t.database.db
      .selectFrom('periodic_review')
      .selectAll()
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(review.due_date, row.next_review_due)
    assert.equal(review.closed_at, null)
    const mail = await mailTo('author@example.org')
    const opened = mail.find((m) => m.subject === 'Periodic review opened: Credential pr-due')
    assert.ok(opened)
    assert.match(opened.body_text, new RegExp(`, due ${longDate(review.due_date)}\\.`))
    assert.doesNotMatch(opened.body_text, /\d{4}-\d{2}-\d{2}/)
    const status = await t.database.db
      .selectFrom('credential_status_event')
      .select('status')
      .where('credential_id', '=', row.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(status.status, 'periodic_review')

    const list = await admin.get('/periodic-reviews')
    assert.match(mainText(list.body), /Open reviews[\s\S]*pr-due[\s\S]*No new version yet/)
    assert.doesNotMatch(
      everything(list.body.split('Open reviews')[0]!),
      /pr-due/,
      'no longer in the due list',
    )

    await assert.rejects(
      t.services.periodicReviews.openReview('pr-due', row.row_version, actor),
      /A periodic review of this credential is already open/,
    )
  })

  it('refuses to start a new version before the review is opened', async () => {
    const row = await credentialRow('pr-overdue')
    await assert.rejects(
      t.services.periodicReviews.startNewVersion('pr-overdue', row.row_version, actor),
      /Open a periodic review to start a new version/,
    )
    assert.equal(
      (
        await t.database.db
          .selectFrom('specification_version')
          .select('id')
          .where('credential_id', '=', row.id)
          .execute()
      ).length,
      1,
    )
  })

  it('starts version 2 as a draft copy of version 1, by the chosen author, who is told', async () => {
    const page = await admin.get('/periodic-reviews/pr-due')
    const res = await admin.post('/periodic-reviews/pr-due/new-version', {
      rowVersion: rowVersionIn(page.body),
      author: otherAuthorId,
    })
    assert.equal(res.statusCode, 303)
    const shown = await admin.get('/periodic-reviews/pr-due')
    assert.match(mainText(shown.body), /Version 2 started/)
    assert.match(mainText(shown.body), /Version 2 is draft/)
    const row = await credentialRow('pr-due')
    const versions = await t.database.db
      .selectFrom('specification_version')
      .selectAll()
      .where('credential_id', '=', row.id)
      .orderBy('number')
      .execute()
    assert.equal(versions.length, 2)
    assert.equal(versions[1]!.state, 'draft')
    assert.equal(versions[1]!.author_id, otherAuthorId)
    assert.equal(versions[1]!.kind, 'specification')
    assert.deepEqual(versions[1]!.content, versions[0]!.content)
    assert.equal(row.status, 'periodic_review')
    assert.ok((await mailTo('other.author@example.org')).some((m) => /New version to write/.test(m.subject)))

    await assert.rejects(
      t.services.periodicReviews.startNewVersion('pr-due', row.row_version, actor),
      /Version 2 is already being written or reviewed/,
    )
  })

  it('starts a new version by the lead author when none is chosen, and refuses someone who is not an author', async () => {
    await publishedCredential(t, authorId, {
      slug: 'pr-lead',
      publishedAt: '2023-05-01',
      nextReviewDue: soon(10),
    })
    let row = await credentialRow('pr-lead')
    await t.services.periodicReviews.openReview('pr-lead', row.row_version, actor)
    row = await credentialRow('pr-lead')
    await assert.rejects(
      t.services.periodicReviews.startNewVersion('pr-lead', row.row_version, actor, adminId),
      /Select a specification author from the list/,
    )
    const page = await admin.get('/periodic-reviews/pr-lead')
    await admin.post('/periodic-reviews/pr-lead/new-version', {
      rowVersion: rowVersionIn(page.body),
      author: 'not-a-uuid',
    })
    assert.equal(
      errorFor((await admin.get('/periodic-reviews/pr-lead')).body, 'author'),
      'Select a specification author from the list',
    )
    assert.equal(await t.services.periodicReviews.startNewVersion('pr-lead', row.row_version, actor), 2)
    const v2 = await t.database.db
      .selectFrom('specification_version')
      .select('author_id')
      .where('credential_id', '=', row.id)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow()
    assert.equal(v2.author_id, authorId)
  })

  it('withdraws: needs a reason; then the credential, its published version and the review say withdrawn', async () => {
    const page = await admin.get('/periodic-reviews/pr-overdue')
    await admin.post('/periodic-reviews/pr-overdue/open', { rowVersion: rowVersionIn(page.body) })
    const opened = await admin.get('/periodic-reviews/pr-overdue')
    // The review page only links to withdrawal: the page behind the link says what it does.
    assert.ok(!has(opened.body, 'form[action="/periodic-reviews/pr-overdue/withdraw"]'))
    assert.ok(hrefs(opened.body, 'Withdraw the credential').includes('/periodic-reviews/pr-overdue/withdraw'))
    const confirm = await admin.get('/periodic-reviews/pr-overdue/withdraw')
    assert.equal(confirm.statusCode, 200)
    assert.match(mainText(confirm.body), /Withdrawing the credential cannot be undone/)
    assert.match(mainText(confirm.body), /stays available, marked as withdrawn/)
    assert.ok(hrefs(confirm.body, 'Cancel').includes('/periodic-reviews/pr-overdue'))
    assert.equal((await credentialRow('pr-overdue')).status, 'periodic_review', 'opening it changes nothing')
    const refused = await admin.post('/periodic-reviews/pr-overdue/withdraw', {
      rowVersion: rowVersionIn(confirm.body),
      reason: '  ',
    })
    assert.equal(
      refused.headers.location,
      '/periodic-reviews/pr-overdue/withdraw',
      'back to the page it came from',
    )
    assert.equal(
      errorFor((await admin.get('/periodic-reviews/pr-overdue/withdraw')).body, 'reason'),
      'Enter why the credential is withdrawn',
    )
    assert.equal((await credentialRow('pr-overdue')).status, 'periodic_review')

    const again = await admin.get('/periodic-reviews/pr-overdue/withdraw')
    const res = await admin.post('/periodic-reviews/pr-overdue/withdraw', {
      rowVersion: rowVersionIn(again.body),
      reason: 'Superseded by the national curriculum',
    })
    assert.equal(res.statusCode, 303)
    const shown = await admin.get('/periodic-reviews/pr-overdue')
    assert.match(mainText(shown.body), /Credential withdrawn/)
    assert.match(mainText(shown.body), /has been withdrawn, so it has no more periodic reviews/)
    const row = await credentialRow('pr-overdue')
    assert.equal(row.status, 'withdrawn')
    assert.equal(row.next_review_due, null)
    const version = await t.database.db
      .selectFrom('specification_version')
      .select('state')
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(version.state, 'withdrawn')
    const review = await t.database.db
      .selectFrom('periodic_review')
      .select(['outcome', 'reason', 'closed_at'])
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(review.outcome, 'withdrawn')
    assert.equal(review.reason, 'Superseded by the national curriculum')
    assert.ok(review.closed_at)
    const mail = await mailTo('author@example.org')
    assert.ok(
      mail.some(
        (m) =>
          m.subject === 'Credential withdrawn: Credential pr-overdue' &&
          /Superseded by the national/.test(m.body_text),
      ),
    )

    const catalogue = await t.app.inject({ method: 'GET', url: '/credentials/pr-overdue' })
    assert.match(mainText(catalogue.body), /Withdrawn/)
    assert.match(mainText(catalogue.body), /Superseded by the national curriculum/)

    // Nothing more can be done to it.
    for (const attempt of [
      () => t.services.periodicReviews.openReview('pr-overdue', row.row_version, actor),
      () => t.services.periodicReviews.setInterval('pr-overdue', row.row_version, 12, actor),
      () => t.services.periodicReviews.startNewVersion('pr-overdue', row.row_version, actor),
      () => t.services.periodicReviews.withdraw('pr-overdue', row.row_version, 'Again', actor),
    ]) {
      await assert.rejects(attempt(), /has been withdrawn/)
    }
  })

  it('refuses withdrawal while a new version is under review', async () => {
    const row = await credentialRow('pr-due')
    await t.database.db
      .updateTable('specification_version')
      .set({ state: 'submitted' })
      .where('credential_id', '=', row.id)
      .where('number', '=', 2)
      .execute()
    await assert.rejects(
      t.services.periodicReviews.withdraw('pr-due', row.row_version, 'No longer needed', actor),
      /Version 2 is under review/,
    )
    assert.equal((await credentialRow('pr-due')).status, 'periodic_review')
  })

  it('only lets Centre admins act, even through the service', async () => {
    const row = await credentialRow('pr-later')
    const author = { ...actor, userId: authorId, roles: ['specification_author' as const] }
    await assert.rejects(
      t.services.periodicReviews.openReview('pr-later', row.row_version, author),
      /Only Centre admins manage periodic reviews/,
    )
  })

  it('reviews a credential endorsed before the platform: its page, opening it and a blank version 1', async () => {
    const page = await admin.get('/periodic-reviews/acute-medicine')
    assert.equal(page.statusCode, 200)
    const text = mainText(page.body)
    assert.match(
      text,
      /Endorsed before this service, so not held here\. Its reviews count from 1 January 2022/,
    )
    assert.match(text, /1 January 2025\s+Overdue/)
    await t.services.periodicReviews.openReview(
      'acute-medicine',
      (await credentialRow('acute-medicine')).row_version,
      actor,
    )
    const number = await t.services.periodicReviews.startNewVersion(
      'acute-medicine',
      (await credentialRow('acute-medicine')).row_version,
      actor,
      authorId,
    )
    assert.equal(number, 1)
    assert.equal((await credentialRow('acute-medicine')).status, 'periodic_review')
  })

  describe('reminders', () => {
    let dueSlug: string
    before(async () => {
      dueSlug = 'pr-remind'
      await publishedCredential(t, authorId, {
        slug: dueSlug,
        publishedAt: '2034-03-31',
        nextReviewDue: '2037-03-31',
      })
      // Far in the future, so that the other credentials of this file never match.
      await publishedCredential(t, authorId, {
        slug: 'pr-remind-opened',
        publishedAt: '2034-03-31',
        nextReviewDue: '2037-03-31',
      })
      const opened = await credentialRow('pr-remind-opened')
      await t.services.periodicReviews.openReview('pr-remind-opened', opened.row_version, actor)
      await publishedCredential(t, authorId, {
        slug: 'pr-remind-draft',
        publishedAt: '2034-03-31',
        nextReviewDue: '2037-03-31',
        status: 'in_development',
      })
    })

    const remindersFor = async (slug: string) => {
      const row = await credentialRow(slug)
      return (
        await t.database.db
          .selectFrom('review_reminder')
          .select('days_before')
          .where('credential_id', '=', row.id)
          .orderBy('days_before', 'desc')
          .execute()
      ).map((r) => r.days_before)
    }

    // The seeded catalogue's credentials are overdue all along and have their own reminders:
    // each step counts this credential's.
    const sendOn = async (day: string) => {
      const before = (await remindersFor(dueSlug)).length
      await t.services.periodicReviews.sendDueReminders(day)
      return (await remindersFor(dueSlug)).length - before
    }

    it('sends nothing more than 90 days before', async () => {
      assert.equal(await sendOn('2036-12-30'), 0)
      assert.deepEqual(await remindersFor(dueSlug), [])
    })

    it('sends the 90-day reminder to the admins and the lead author once, even from two workers at once', async () => {
      const subject = `Periodic review due 31 March 2037: Credential ${dueSlug}`
      const before = (await mailTo('admin@example.org')).length
      await Promise.all([
        t.services.periodicReviews.sendDueReminders('2037-01-01'),
        t.services.periodicReviews.sendDueReminders('2037-01-01'),
      ])
      assert.equal(await sendOn('2037-01-02'), 0, 'still the same period')
      assert.deepEqual(await remindersFor(dueSlug), [90])
      const adminMail = (await mailTo('admin@example.org')).slice(before).filter((m) => m.subject === subject)
      assert.equal(adminMail.length, 1)
      assert.match(adminMail[0]!.body_text, /\/periodic-reviews\/pr-remind/)
      assert.match(adminMail[0]!.body_text, /falls due on 31 March 2037, in 90 days or less/)
      assert.equal((await mailTo('author@example.org')).filter((m) => m.subject === subject).length, 1)
      assert.deepEqual(await remindersFor('pr-remind-opened'), [], 'an opened review needs no reminder')
      assert.deepEqual(await remindersFor('pr-remind-draft'), [], 'only credentials in force')
      const row = await credentialRow(dueSlug)
      const event = await t.database.db
        .selectFrom('credential_event')
        .select(['summary', 'actor_label'])
        .where('action', '=', 'periodic_review.reminder_sent')
        .where('credential_id', '=', row.id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(event, {
        summary: "Reminder sent: periodic review due 31 March 2037 (90 days' notice)",
        actor_label: 'system',
      })
    })

    it('sends the 30-day and 7-day reminders, one on the due date, and no more until a month overdue', async () => {
      assert.equal(await sendOn('2037-03-01'), 1)
      assert.equal(await sendOn('2037-03-02'), 0)
      assert.equal(await sendOn('2037-03-24'), 1)
      assert.equal(await sendOn('2037-03-30'), 0, 'the 7-day one went already')
      assert.equal(await sendOn('2037-03-31'), 1, 'on the due date')
      assert.equal(await sendOn('2037-04-01'), 0)
      assert.deepEqual(await remindersFor(dueSlug), [90, 30, 7, 0])
    })

    it('sends again for a new due date after the interval changes', async () => {
      const row = await credentialRow(dueSlug)
      // Published 2034-03-31 + 37 months: 30 April 2027.
      await t.services.periodicReviews.setInterval(dueSlug, row.row_version, 37, actor)
      assert.equal((await credentialRow(dueSlug)).next_review_due, '2037-04-30')
      assert.equal(await sendOn('2037-04-01'), 1)
      assert.deepEqual(await remindersFor(dueSlug), [90, 30, 30, 7, 0])
    })
  })
})

describe('periodic review dates follow the clock, in London', () => {
  // 23:30 UTC on 30 June is 00:30 on 1 July in London: a review due on 30 June is overdue.
  const clock = fixedClock('2036-06-30T23:30:00Z')
  let t: TestApp
  let admin: Agent

  before(async () => {
    t = await createTestApp({}, { clock })
    const authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    admin = await signedIn(t, 'admin@example.org')
    await publishedCredential(t, authorId, {
      slug: 'pr-edge',
      publishedAt: '2033-06-30',
      nextReviewDue: '2036-06-30',
    })
  })
  after(() => t.close())

  const urgencyTag = async () => {
    const page = parse((await admin.get('/periodic-reviews/pr-edge')).body)
    return page.querySelector('.nhsuk-tag--red, .nhsuk-tag--orange')?.text.trim()
  }

  it('is overdue once 30 June has ended in London, though it is still 30 June in UTC', async () => {
    clock.set('2036-06-30T23:30:00Z')
    assert.equal(await urgencyTag(), 'Overdue')
  })

  it('is due, not overdue, an hour earlier, while it is still 30 June in London', async () => {
    clock.set('2036-06-30T22:30:00Z')
    assert.equal(await urgencyTag(), 'Due')
  })

  it('lists it among the reviews due, as overdue, on the same day', async () => {
    clock.set('2036-06-30T23:30:00Z')
    const overview = await t.services.periodicReviews.overview(t.services.clock.today())
    assert.deepEqual(
      overview.due.filter((r) => r.slug.startsWith('pr-')).map((r) => [r.slug, r.urgency]),
      [['pr-edge', 'overdue']],
    )
  })

  it('dates the timeline entry and the status change of opening the review by the clock', async () => {
    clock.set('2036-07-01T09:15:00Z')
    const page = await admin.get('/periodic-reviews/pr-edge')
    await admin.post('/periodic-reviews/pr-edge/open', { rowVersion: rowVersionIn(page.body) })
    const db = t.database.db
    const credential = await db
      .selectFrom('credential')
      .select('id')
      .where('slug', '=', 'pr-edge')
      .executeTakeFirstOrThrow()
    const opened = await db
      .selectFrom('credential_event')
      .select('occurred_at')
      .where('credential_id', '=', credential.id)
      .where('action', '=', 'periodic_review.opened')
      .executeTakeFirstOrThrow()
    assert.equal(opened.occurred_at.toISOString(), '2036-07-01T09:15:00.000Z')
    const status = await db
      .selectFrom('credential_status_event')
      .select(['reason', 'recorded_at'])
      .where('credential_id', '=', credential.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    assert.deepEqual(
      [status.reason, status.recorded_at.toISOString()],
      ['Periodic review opened', '2036-07-01T09:15:00.000Z'],
    )
  })
})
