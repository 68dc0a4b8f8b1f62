import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import type { CredentialStatus } from '../../domain/catalogue.ts'
import { systemClock } from '../../domain/clock.ts'
import { nextReviewDue } from '../../domain/credential-lifecycle.ts'
import { longDate } from '../../domain/dates.ts'
import type { RecognitionContent, SpecificationContent } from '../../domain/specification-content.ts'
import { STALE_MESSAGE, type ProcessActor } from '../../services/process.ts'
import {
  checkedValues,
  errorLinks,
  everything,
  fieldValue,
  hrefs,
  html,
  mainText,
  rowVersionIn,
  summaryRows,
  textsOf,
  words,
} from '../../../test/support/html.ts'

const CONTENT: SpecificationContent = {
  purpose: 'Safe, effective advanced practice in acute frailty.',
  scope: 'Adults living with frailty in acute settings.',
  targetProfessions: ['Nursing', 'Physiotherapy'],
  entryRequirements: {
    mastersRoute: 'Within or after an advanced-practice MSc.',
    equivalence: 'A portfolio showing level 7 capability.',
  },
  outcomes: [{ code: 'LO1', text: 'Lead comprehensive geriatric assessment.' }],
  capabilities: [{ code: 'C1', text: 'Assess frailty.', frameworkCodes: ['1.1', '2.1', '3.1', '4.1'] }],
  assessmentStrategy: 'Workplace-based assessment and a viva.',
  level: 7,
  credits: 30,
}

const today = () => systemClock.today()

const errorsOn = (page: string) => errorLinks(page).map(({ href, text }) => [href.slice(1), text])

describe('independent review and the decision', () => {
  let t: TestApp
  const ids: Record<string, string> = {}
  const agents: Record<string, Agent> = {}
  let criteria: Array<{ code: string }>
  let slugCounter = 0

  const actor = (key: string, roles: ProcessActor['roles']): ProcessActor => ({
    userId: ids[key]!,
    label: `${key}@example.org`,
    ip: null,
    name: `Name of ${key}`,
    roles,
  })
  /** The endorsement criteria in force: the newest set. */
  const endorsementSetId = async () =>
    (
      await t.database.db
        .selectFrom('criterion_set')
        .select('id')
        .where('kind', '=', 'endorsement')
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow()
    ).id
  const admin = () => actor('admin', ['centre_admin'])
  const reviewer = (key: string) => actor(key, ['independent_reviewer'])

  before(async () => {
    t = await createTestApp()
    const people: Array<[string, Parameters<typeof createAccount>[2]]> = [
      ['admin', [{ role: 'centre_admin' }]],
      ['admin2', [{ role: 'centre_admin' }]],
      ['r1', [{ role: 'independent_reviewer' }]],
      ['r2', [{ role: 'independent_reviewer' }]],
      ['r3', [{ role: 'independent_reviewer' }]],
      ['proposer', [{ role: 'independent_reviewer' }, { role: 'specification_author' }]],
      ['author', [{ role: 'specification_author' }, { role: 'independent_reviewer' }]],
    ]
    for (const [key, roles] of people) {
      ids[key] = await createAccount(t, `${key}@example.org`, roles)
      await t.database.db
        .updateTable('user_account')
        .set({ display_name: `Name of ${key}` })
        .where('id', '=', ids[key])
        .execute()
      agents[key] = await signedIn(t, `${key}@example.org`)
    }
    criteria = await t.database.db
      .selectFrom('criterion')
      .select('code')
      .where('criterion_set_id', '=', await endorsementSetId())
      .orderBy('sort_order')
      .execute()
    assert.ok(criteria.length >= 2, 'the endorsement criteria are seeded')
  })
  after(() => t.close())

  /** A credential with a submitted version, made straight in the database. */
  async function submitted(
    options: {
      status?: CredentialStatus
      kind?: 'specification' | 'recognition'
      content?: SpecificationContent | RecognitionContent
      number?: number
      reviewIntervalMonths?: number
    } = {},
  ) {
    const db = t.database.db
    const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
    const setId = await endorsementSetId()
    const slug = `review-test-${++slugCounter}`
    const credential = await db
      .insertInto('credential')
      .values({
        slug,
        title: `Acute frailty ${slugCounter}`,
        clinical_area_id: area.id,
        type: 'credential_specification',
        status: options.status ?? 'under_review',
        origin: 'centre',
        listed: options.kind !== 'recognition',
        review_interval_months: options.reviewIntervalMonths ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const number = options.number ?? 1
    const version = await db
      .insertInto('specification_version')
      .values({
        credential_id: credential.id,
        number,
        kind: options.kind ?? 'specification',
        author_id: ids.author!,
        state: 'submitted',
        content: JSON.stringify(options.content ?? CONTENT),
        criterion_set_id: setId,
        submitted_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { slug, credentialId: credential.id, versionId: version.id, number }
  }

  const judgementsFor = (
    codes: Array<{ code: string }>,
    judgement: 'met' | 'partly_met' | 'not_met' = 'met',
  ): Record<string, { judgement: 'met' | 'partly_met' | 'not_met'; comment: string }> =>
    Object.fromEntries(codes.map((c) => [c.code, { judgement, comment: `Comment on ${c.code}` }]))

  /** A whole review through the service, as the reviewer would make it. */
  async function completeReview(
    slug: string,
    number: number,
    key: string,
    recommendation = 'endorse',
    rows?: Record<string, { judgement: 'meets' | 'partly_meets' | 'does_not_meet'; comment: string }>,
    judgements = judgementsFor(criteria),
  ) {
    const id = await t.services.reviews.assign(slug, number, ids[key]!, admin())
    await t.services.reviews.declare(id, 1, false, '', reviewer(key))
    await t.services.reviews.judge(id, 2, judgements, reviewer(key))
    if (rows) await t.services.reviews.judgeRows(id, 3, rows, reviewer(key))
    await t.services.reviews.recommend(id, rows ? 4 : 3, recommendation, `Reasons of ${key}`, reviewer(key))
    return id
  }

  /** The consolidated report drafted from the reviews and signed off, as the decision needs. */
  async function signedOffReport(slug: string, number: number, overall?: string) {
    await t.services.reviews.draftReport(slug, number, admin())
    let page = await t.services.reviews.reportPage(slug, number)
    if (overall !== undefined) {
      const report = page.report!
      await t.services.reviews.saveReport(
        slug,
        number,
        report.rowVersion,
        { findings: report.content.items.map((i) => i.finding), overall },
        admin(),
      )
      page = await t.services.reviews.reportPage(slug, number)
    }
    await t.services.reviews.signOffReport(slug, number, page.report!.rowVersion, admin())
  }

  const versionRow = (versionId: string) =>
    t.database.db
      .selectFrom('specification_version')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
  const credentialRow = (id: string) =>
    t.database.db.selectFrom('credential').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const events = (credentialId: string) =>
    t.database.db
      .selectFrom('credential_event')
      .select(['action', 'version_number', 'summary', 'reason'])
      .where('credential_id', '=', credentialId)
      .orderBy('id')
      .execute()
  const mailTo = async (key: string) => t.services.mail.latestTo(`${key}@example.org`)

  it('assigns reviewers, e-mails each one, and puts the version under review', async () => {
    const v = await submitted()
    const page = await agents.admin!.get(`/specifications/${v.slug}/versions/1/reviewers`)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Name of r1/)
    assert.ok(
      !html(page.body)
        .querySelectorAll('option[value]')
        .some((o) => o.getAttribute('value') !== '' && words(o.textContent) === 'Name of author'),
      'the author is not offered',
    )

    const res = await agents.admin!.post(`/specifications/${v.slug}/versions/1/reviewers`, {
      reviewer: ids.r1!,
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/specifications/${v.slug}/versions/1/reviewers`)
    const shown = await agents.admin!.get(res.headers.location)
    assert.match(mainText(shown.body), /Name of r1 assigned/)
    assert.match(mainText(shown.body), /Not yet declared/)

    const assignment = await t.database.db
      .selectFrom('review_assignment')
      .selectAll()
      .where('version_id', '=', v.versionId)
      .executeTakeFirstOrThrow()
    assert.equal(assignment.reviewer_id, ids.r1)
    assert.equal((await versionRow(v.versionId)).state, 'under_review')
    const mail = await mailTo('r1')
    assert.match(mail!.text, new RegExp(`/reviews/${assignment.id}`))
    assert.match(mail!.subject, /Please review/)
    assert.deepEqual(
      (await events(v.credentialId)).map((e) => [e.action, e.version_number]),
      [['review.assigned', 1]],
    )

    // The same reviewer twice is refused.
    await agents.admin!.post(`/specifications/${v.slug}/versions/1/reviewers`, { reviewer: ids.r1! })
    const again = await agents.admin!.get(`/specifications/${v.slug}/versions/1/reviewers`)
    assert.match(mainText(again.body), /This reviewer is already assigned|Select a reviewer from the list/)
  })

  it("refuses the version's author and the author of the credential's proposal as reviewers", async () => {
    const v = await submitted()
    const url = `/specifications/${v.slug}/versions/1/reviewers`
    await agents.admin!.post(url, { reviewer: ids.author! })
    let page = await agents.admin!.get(url)
    assert.deepEqual(errorsOn(page.body), [['reviewer', 'The author cannot review their own specification']])

    const gateway = await t.database.db
      .selectFrom('criterion_set')
      .select('id')
      .where('kind', '=', 'gateway')
      .executeTakeFirstOrThrow()
    const area = await t.database.db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('proposal')
      .values({
        author_id: ids.proposer!,
        clinical_area_id: area.id,
        title: 'Acute frailty',
        gateway_set_id: gateway.id,
        state: 'agreed',
        credential_id: v.credentialId,
      })
      .execute()
    page = await agents.admin!.get(url)
    assert.ok(
      !html(page.body)
        .querySelectorAll('option[value]')
        .some((o) => o.getAttribute('value') !== '' && words(o.textContent) === 'Name of proposer'),
      'the proposer is not offered',
    )
    await agents.admin!.post(url, { reviewer: ids.proposer! })
    page = await agents.admin!.get(url)
    assert.deepEqual(errorsOn(page.body), [
      ['reviewer', 'The author of the proposal for this credential cannot review it'],
    ])
    await agents.admin!.post(url, {})
    page = await agents.admin!.get(url)
    assert.deepEqual(errorsOn(page.body), [['reviewer', 'Select a reviewer']])
    const count = await t.database.db
      .selectFrom('review_assignment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('version_id', '=', v.versionId)
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 0)
    assert.equal((await versionRow(v.versionId)).state, 'submitted')
  })

  it('a declared conflict blocks the assignment and tells the admins, whose page shows it', async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r2!, admin())
    const page = await agents.r2!.get(`/reviews/${id}`)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Do you have a conflict of interest\?/)

    // A conflict needs a description.
    await agents.r2!.post(`/reviews/${id}/conflict`, {
      rowVersion: '1',
      conflict: 'declared',
      conflictNote: '',
    })
    const shown = await agents.r2!.get(`/reviews/${id}`)
    assert.deepEqual(errorsOn(shown.body), [['conflictNote', 'Describe the conflict of interest']])

    const res = await agents.r2!.post(`/reviews/${id}/conflict`, {
      rowVersion: '1',
      conflict: 'declared',
      conflictNote: 'I co-wrote the curriculum it draws on.',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/reviews')
    for (const key of ['admin', 'admin2']) {
      const mail = await mailTo(key)
      assert.match(mail!.subject, /Conflict of interest/)
      assert.match(mail!.text, /I co-wrote the curriculum it draws on\./)
      assert.match(mail!.text, new RegExp(`/specifications/${v.slug}/versions/1/reviewers`))
    }
    const reviewers = await agents.admin!.get(`/specifications/${v.slug}/versions/1/reviewers`)
    assert.match(mainText(reviewers.body), /Name of r2 declared a conflict of interest/)
    assert.match(mainText(reviewers.body), /I co-wrote the curriculum it draws on\./)
    assert.ok(
      html(reviewers.body)
        .querySelectorAll('option[value]')
        .some((o) => o.getAttribute('value') !== '' && words(o.textContent) === 'Name of r1'),
      'someone else can be assigned',
    )

    // The reviewer cannot go on to judge.
    const judged = await agents.r2!.post(`/reviews/${id}`, {
      rowVersion: '2',
      criteria: '1',
      code_0: criteria[0]!.code,
      judgement_0: 'met',
      comment_0: 'Fine',
    })
    assert.equal(judged.statusCode, 403)
    const row = await t.database.db
      .selectFrom('review_assignment')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.conflict, 'declared')
    assert.deepEqual(row.judgements, {})
    assert.ok((await events(v.credentialId)).some((e) => e.action === 'review.conflict_declared'))
    assert.equal((await t.services.reviews.counts(reviewer('r2'))).assignedToMe, 0)
  })

  it('refuses a reviewer who declared a conflict every page and form of the version; one who did not still gets in', async () => {
    const v = await submitted()
    const declared = await t.services.reviews.assign(v.slug, 1, ids.r2!, admin())
    const clear = await t.services.reviews.assign(v.slug, 1, ids.r3!, admin())
    await t.services.reviews.declare(declared, 1, true, 'I wrote part of it.', reviewer('r2'))
    await t.services.reviews.declare(clear, 1, false, '', reviewer('r3'))
    const judgement = {
      rowVersion: '2',
      criteria: '1',
      code_0: criteria[0]!.code,
      judgement_0: 'met',
      comment_0: 'Fine',
    }
    const recommendation = { rowVersion: '2', recommendation: 'endorse', recommendationComment: 'Good.' }
    const again = { rowVersion: '2', conflict: 'none' }

    // What the specification says must not reach the reviewer with a conflict, on any route.
    const refused = [
      await agents.r2!.get(`/reviews/${declared}`),
      await agents.r2!.post(`/reviews/${declared}`, judgement),
      await agents.r2!.post(`/reviews/${declared}/recommendation`, recommendation),
      await agents.r2!.post(`/reviews/${declared}/conflict`, again),
    ]
    for (const res of refused) {
      assert.equal(res.statusCode, 403)
      const page = parse(res.body)
      assert.equal(page.querySelector('h1')?.text.trim(), 'You cannot see this review')
      assert.ok(!res.body.includes(CONTENT.purpose), 'no word of the specification')
      assert.equal(page.querySelector('form[action^="/reviews/"]'), null, 'no review form')
    }
    const row = await t.database.db
      .selectFrom('review_assignment')
      .select(['conflict', 'judgements', 'recommendation'])
      .where('id', '=', declared)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { conflict: 'declared', judgements: {}, recommendation: null })

    // Their list names the version without a link to it.
    const list = parse((await agents.r2!.get('/reviews')).body)
    const cell = list
      .querySelectorAll('td')
      .find((td) => td.text.includes(`Acute frailty ${slugCounter}, version 1`))
    assert.ok(cell, 'the version is listed')
    assert.equal(cell.querySelector('a'), null)

    // The reviewer without a conflict reads it and judges.
    const open = await agents.r3!.get(`/reviews/${clear}`)
    assert.equal(open.statusCode, 200)
    assert.ok(open.body.includes(CONTENT.purpose))
    assert.ok(parse(open.body).querySelector(`form[action="/reviews/${clear}"]`))
    const saved = await agents.r3!.post(`/reviews/${clear}`, judgement)
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, `/reviews/${clear}`)
    const r3List = parse((await agents.r3!.get('/reviews')).body)
    assert.ok(r3List.querySelector(`a[href="/reviews/${clear}"]`))
  })

  it('cannot judge before declaring, needs a comment with each judgement, and every criterion before recommending', async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r1!, admin())
    const url = `/reviews/${id}`
    const form = (rowVersion: string, fields: Record<string, string>) => ({
      rowVersion,
      criteria: String(criteria.length),
      ...Object.fromEntries(criteria.map((c, i) => [`code_${i}`, c.code])),
      ...fields,
    })
    await agents.r1!.post(url, form('1', { judgement_0: 'met', comment_0: 'Fine' }))
    let page = await agents.r1!.get(url)
    assert.match(mainText(page.body), /Declare any conflicts of interest before you review/)

    await agents.r1!.post(`${url}/conflict`, { rowVersion: '1', conflict: 'none' })
    page = await agents.r1!.get(url)
    assert.match(mainText(page.body), /No conflict of interest declared/)
    assert.match(mainText(page.body), /Is criterion [^ ]+ met\?/)
    assert.doesNotMatch(
      everything(page.body),
      /E5\+|Further criteria|Numbered from 5 onwards/,
      'no placeholder criterion',
    )

    await agents.r1!.post(url, form('2', { judgement_0: 'met', comment_0: '', comment_1: 'No judgement' }))
    page = await agents.r1!.get(url)
    assert.deepEqual(errorsOn(page.body), [
      ['comment_0', `Enter a comment on criterion ${criteria[0]!.code}`],
      ['judgement_1', `Select whether criterion ${criteria[1]!.code} is met, partly met or not met`],
    ])
    assert.ok(
      textsOf(page.body, 'textarea').some((text) => text.endsWith('No judgement')),
      'what was typed is kept',
    )

    const saved = await agents.r1!.post(
      url,
      form('2', { judgement_0: 'partly_met', comment_0: 'Mostly there' }),
    )
    assert.equal(saved.statusCode, 303)
    page = await agents.r1!.get(url)
    assert.match(mainText(page.body), /Judgements saved/)
    assert.match(mainText(page.body), new RegExp(`1 of ${criteria.length} criteria judged`))
    assert.ok(checkedValues(page.body).includes('partly_met'))

    // Not through the page (it offers no form yet), but straight to the route.
    await agents.r1!.post(`${url}/recommendation`, {
      rowVersion: '3',
      recommendation: 'endorse',
      recommendationComment: 'Good',
    })
    page = await agents.r1!.get(url)
    assert.deepEqual(errorsOn(page.body), [
      ['recommendation', `Judge every criterion before you recommend (${criteria.length - 1} left)`],
    ])
    const row = await t.database.db
      .selectFrom('review_assignment')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.recommendation, null)
    assert.deepEqual(row.judgements, {
      [criteria[0]!.code]: { judgement: 'partly_met', comment: 'Mostly there' },
    })

    const all = Object.fromEntries(
      criteria.flatMap((c, i) => [
        [`judgement_${i}`, 'met'],
        [`comment_${i}`, `Meets ${c.code}`],
      ]),
    )
    await agents.r1!.post(url, form('3', all))
    page = await agents.r1!.get(url)
    assert.match(mainText(page.body), /What do you recommend\?/)
    await agents.r1!.post(`${url}/recommendation`, { rowVersion: '4', recommendation: 'endorse' })
    page = await agents.r1!.get(url)
    assert.deepEqual(errorsOn(page.body), [
      ['recommendationComment', 'Enter the reasons for your recommendation'],
    ])
    const done = await agents.r1!.post(`${url}/recommendation`, {
      rowVersion: '4',
      recommendation: 'endorse_with_conditions',
      recommendationComment: 'Add a second assessment method.',
    })
    assert.equal(done.statusCode, 303)
    const finished = await t.database.db
      .selectFrom('review_assignment')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(finished.recommendation, 'endorse_with_conditions')
    assert.ok(finished.completed_at)
    assert.deepEqual(
      (await events(v.credentialId)).map((e) => [e.action, e.version_number]),
      [
        ['review.assigned', 1],
        ['review.no_conflict_declared', 1],
        ['review.recommended', 1],
      ],
    )
    page = await agents.r1!.get(url)
    assert.match(mainText(page.body), /Add a second assessment method\./)
    assert.doesNotMatch(everything(page.body), /Save judgements/, 'a finished review is read-only')
  })

  it("shows nobody else's review: 404", async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r1!, admin())
    assert.equal((await agents.r2!.get(`/reviews/${id}`)).statusCode, 404)
    assert.equal(
      (await agents.r2!.post(`/reviews/${id}/conflict`, { rowVersion: '1', conflict: 'none' })).statusCode,
      404,
    )
    assert.equal((await agents.admin!.get(`/specifications/${v.slug}/versions/9/decision`)).statusCode, 404)
    assert.equal(
      (await agents.admin!.get('/specifications/nothing-here/versions/1/reviewers')).statusCode,
      404,
    )
  })

  it('refuses a decision with fewer than two completed reviews, and changes nothing', async () => {
    const v = await submitted()
    await completeReview(v.slug, 1, 'r1')
    await t.services.reviews.assign(v.slug, 1, ids.r2!, admin())
    const before = await versionRow(v.versionId)
    const url = `/specifications/${v.slug}/versions/1/decision`
    const page = await agents.admin!.get(url)
    assert.match(mainText(page.body), /A decision needs at least 2 completed reviews/)
    // Refused on the way to the page that asks to confirm it, and again when confirmed.
    for (const step of [`${url}/check`, url])
      await agents.admin!.post(step, {
        rowVersion: rowVersionIn(page.body, `${url}/check`),
        outcome: 'endorse',
        report: 'Endorse it.',
        conditions: '',
      })
    const shown = await agents.admin!.get(url)
    assert.deepEqual(errorsOn(shown.body), [
      ['outcome', 'A decision needs at least 2 completed reviews (1 so far)'],
    ])
    assert.match(mainText(shown.body), /None is drafted yet/)
    assert.deepEqual(await versionRow(v.versionId), before)
    assert.equal((await credentialRow(v.credentialId)).status, 'under_review')
    assert.equal(await mailTo('author').then((m) => m?.subject.startsWith('Decision')), false)
    assert.ok(!(await events(v.credentialId)).some((e) => e.action.startsWith('specification.')))
  })

  it('checks the decision form: conditions when endorsing with conditions, and a signed-off report', async () => {
    const v = await submitted()
    const url = `/specifications/${v.slug}/versions/1/decision`
    const page = await agents.admin!.get(url)
    const check = `${url}/check`
    const refused = await agents.admin!.post(check, {
      rowVersion: rowVersionIn(page.body, check),
      outcome: 'endorse_with_conditions',
      report: ' ',
      conditions: '',
    })
    assert.equal(refused.headers.location, url, 'back to the form, not on to the check page')
    const shown = await agents.admin!.get(url)
    assert.deepEqual(errorsOn(shown.body), [['conditions', 'Enter the conditions of endorsement']])
    await agents.admin!.post(check, { rowVersion: rowVersionIn(page.body, check) })
    assert.deepEqual(errorsOn((await agents.admin!.get(url)).body), [['outcome', 'Select the decision']])

    // Two complete reviews, but no signed-off report: no decision.
    await completeReview(v.slug, 1, 'r1')
    await completeReview(v.slug, 1, 'r2')
    const answers = {
      rowVersion: rowVersionIn((await agents.admin!.get(url)).body, check),
      outcome: 'endorse',
    }
    await agents.admin!.post(check, answers)
    assert.deepEqual(errorsOn((await agents.admin!.get(url)).body), [
      [
        'outcome',
        'Draft the consolidated report from the reviews and sign it off before you record the decision',
      ],
    ])
    await t.services.reviews.draftReport(v.slug, 1, admin())
    await agents.admin!.post(url, answers)
    assert.deepEqual(errorsOn((await agents.admin!.get(url)).body), [
      ['outcome', 'Sign off the consolidated report before you record the decision'],
    ])
    assert.equal((await versionRow(v.versionId)).state, 'under_review')
    // Signed off, the decision is recorded.
    const report = await t.services.reviews.reportPage(v.slug, 1)
    await t.services.reviews.signOffReport(v.slug, 1, report.report!.rowVersion, admin())
    assert.equal((await agents.admin!.post(url, answers)).headers.location, '/decisions')
    assert.equal((await versionRow(v.versionId)).state, 'published')
  })

  it('shows the judgements side by side; endorsing publishes, supersedes the earlier version and closes the periodic review', async () => {
    const v = await submitted({ status: 'periodic_review', number: 2, reviewIntervalMonths: 24 })
    const db = t.database.db
    const earlier = await db
      .insertInto('specification_version')
      .values({
        credential_id: v.credentialId,
        number: 1,
        kind: 'specification',
        author_id: ids.author!,
        state: 'published',
        content: JSON.stringify(CONTENT),
        published_at: new Date('2023-01-01T12:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const periodic = await db
      .insertInto('periodic_review')
      .values({ credential_id: v.credentialId, due_date: '2026-01-01', opened_by: ids.admin! })
      .returning('id')
      .executeTakeFirstOrThrow()
    await completeReview(v.slug, 2, 'r1', 'endorse')
    await completeReview(v.slug, 2, 'r3', 'endorse_with_conditions')
    assert.equal((await t.services.reviews.counts(admin())).decisionsDue, 1)
    assert.match((await mailTo('admin'))!.subject, /Decision due/)

    const list = await agents.admin!.get('/decisions')
    assert.ok(hrefs(list.body).includes(`/specifications/${v.slug}/versions/2/decision`))
    assert.match(mainText(list.body), /2 of 2 complete/)

    const url = `/specifications/${v.slug}/versions/2/decision`
    const page = await agents.admin!.get(url)
    assert.equal(page.statusCode, 200)
    const headers = textsOf(page.body, 'th.nhsuk-table__header[scope="col"]')
    assert.deepEqual(headers, ['Criterion', 'Name of r1', 'Name of r3'])
    assert.doesNotMatch(
      everything(page.body),
      /E5\+|Further criteria|Numbered from 5 onwards/,
      'no placeholder criterion',
    )
    assert.equal(
      textsOf(page.body, 'td p').filter((text) => text === `Comment on ${criteria[0]!.code}`).length,
      2,
      'both reviewers’ comments on the first criterion',
    )
    assert.match(mainText(page.body), /Reasons of r1/)
    assert.match(mainText(page.body), /Endorse with conditions/)

    // The consolidated report: drafted from the reviews, edited, signed off after a check.
    assert.match(mainText(page.body), /None is drafted yet/)
    const reportUrl = `/specifications/${v.slug}/versions/2/report`
    let report = await agents.admin!.get(reportUrl)
    assert.equal(report.statusCode, 200)
    assert.equal((await agents.admin!.post(`${reportUrl}/draft`, {})).statusCode, 303)
    report = await agents.admin!.get(reportUrl)
    assert.match(mainText(report.body), /Reviewers agree: Met/)
    assert.match(
      mainText(report.body),
      /Reviewers disagree: Endorse \(Reviewer 1\), Endorse with conditions \(Reviewer 2\)/,
    )
    assert.match(mainText(report.body), /Reviewer 1: Name of r1; Reviewer 2: Name of r3/)
    assert.equal(
      fieldValue(report.body, 'finding_0'),
      `Reviewer 1: Comment on ${criteria[0]!.code}\nReviewer 2: Comment on ${criteria[0]!.code}`,
    )
    const items = Number(fieldValue(report.body, 'items'))
    assert.equal(items, criteria.length)
    const findings = Object.fromEntries(
      Array.from({ length: items }, (_, i) => [`finding_${i}`, `Met, as both reviewers found (${i}).`]),
    )
    // Every finding is needed.
    await agents.admin!.post(reportUrl, {
      rowVersion: rowVersionIn(report.body, reportUrl),
      items: String(items),
      ...findings,
      finding_0: ' ',
      overall: '',
    })
    assert.deepEqual(errorsOn((await agents.admin!.get(reportUrl)).body), [
      ['finding_0', `Enter the finding on criterion ${criteria[0]!.code}`],
      ['overall', 'Enter the overall recommendation'],
    ])
    const saved = await agents.admin!.post(reportUrl, {
      rowVersion: rowVersionIn(report.body, reportUrl),
      items: String(items),
      ...findings,
      overall: 'Both reviewers found every criterion met.',
    })
    assert.equal(saved.statusCode, 303)
    report = await agents.admin!.get(reportUrl)
    assert.match(mainText(report.body), /Report saved/)
    const signOff = `${reportUrl}/sign-off`
    const signCheck = await agents.admin!.post(`${signOff}/check`, {
      rowVersion: rowVersionIn(report.body, `${signOff}/check`),
    })
    assert.equal(signCheck.statusCode, 200)
    assert.match(mainText(signCheck.body), /cannot be changed afterwards/)
    assert.equal(
      summaryRows(signCheck.body)['Overall recommendation'],
      'Both reviewers found every criterion met.',
    )
    const signed = await agents.admin!.post(signOff, {
      rowVersion: fieldValue(signCheck.body, 'rowVersion') ?? '',
    })
    assert.equal(signed.statusCode, 303)
    assert.equal(signed.headers.location, url)
    report = await agents.admin!.get(reportUrl)
    assert.match(mainText(report.body), /The signed-off report/)
    assert.doesNotMatch(everything(report.body), /Save the report/, 'a signed-off report is read-only')
    // No second sign-off, no edit.
    await agents.admin!.post(reportUrl, {
      rowVersion: '2',
      items: String(items),
      ...findings,
      overall: 'Changed',
    })
    assert.deepEqual(errorsOn((await agents.admin!.get(reportUrl)).body), [
      ['overall', 'The consolidated report is signed off and cannot be changed'],
    ])

    // The form leads to a page that says what recording the decision does; nothing is
    // recorded until its button is pressed.
    const decisionForm = await agents.admin!.get(url)
    assert.match(mainText(decisionForm.body), /Signed off by Name of admin/)
    const answers = {
      rowVersion: rowVersionIn(decisionForm.body, `${url}/check`),
      outcome: 'endorse',
      conditions: 'ignored',
    }
    const check = await agents.admin!.post(`${url}/check`, answers)
    assert.equal(check.statusCode, 200)
    assert.equal(check.headers['cache-control'], 'no-store')
    assert.deepEqual(summaryRows(check.body), {
      Decision: 'Endorse',
      'Consolidated report': `Signed off by Name of admin on ${longDate(new Date())}`,
    })
    const consequences = mainText(check.body)
    assert.match(consequences, /Recording the decision cannot be undone/)
    assert.match(consequences, /is endorsed by the Centre and published/)
    assert.match(
      consequences,
      /Name of author, the author, is sent an email with the decision and the consolidated report/,
    )
    assert.match(consequences, /The public timeline of the credential shows the decision and the publication/)
    assert.ok(html(check.body).querySelector(`form[action="${url}"] button.nhsuk-button--warning`))
    assert.deepEqual(hrefs(check.body, /^Change/), [url, url])
    assert.ok(hrefs(check.body, 'Cancel').length === 1)
    assert.equal(fieldValue(check.body, 'rowVersion'), answers.rowVersion)
    assert.equal(fieldValue(check.body, 'conditions'), '', 'conditions only when endorsing with them')
    assert.equal((await versionRow(v.versionId)).state, 'under_review', 'nothing recorded yet')
    assert.equal((await versionRow(v.versionId)).decision, null)
    // Change: the form shows the answers again.
    const again = await agents.admin!.get(url)
    assert.deepEqual(checkedValues(again.body, 'outcome'), ['endorse'])

    const res = await agents.admin!.post(url, {
      rowVersion: fieldValue(check.body, 'rowVersion') ?? '',
      outcome: fieldValue(check.body, 'outcome') ?? '',
      conditions: fieldValue(check.body, 'conditions') ?? '',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/decisions')
    assert.match(mainText((await agents.admin!.get('/decisions')).body), /Version 2 is published/)

    const version = await versionRow(v.versionId)
    assert.equal(version.state, 'published')
    assert.equal(version.decision, 'endorse')
    assert.equal(version.decision_conditions, null)
    assert.match(version.report ?? '', /Reviewers agree: Met\nMet, as both reviewers found \(0\)\./)
    assert.match(
      version.report ?? '',
      /Overall recommendation\n.*\nBoth reviewers found every criterion met\.$/,
    )
    assert.equal(version.decided_by, ids.admin)
    assert.ok(version.published_at && version.decided_at)
    assert.equal((await versionRow(earlier.id)).state, 'superseded')
    const credential = await credentialRow(v.credentialId)
    assert.equal(credential.status, 'endorsed')
    assert.equal(credential.level, 7)
    assert.equal(String(credential.next_review_due).slice(0, 10), nextReviewDue(today(), 24))
    const review = await db
      .selectFrom('periodic_review')
      .selectAll()
      .where('id', '=', periodic.id)
      .executeTakeFirstOrThrow()
    assert.equal(review.outcome, 'new_version')
    assert.ok(review.closed_at)
    const mail = await mailTo('author')
    assert.match(mail!.subject, /Decision/)
    assert.match(mail!.text, /Endorse/)
    assert.match(mail!.text, /Both reviewers found every criterion met\./)
    const steps = (await events(v.credentialId)).filter((e) => e.action.startsWith('specification.'))
    assert.deepEqual(
      steps.map((e) => [e.action, e.version_number]),
      [
        ['specification.published', 2],
        ['specification.superseded', 1],
      ],
    )
    // Decided: the page shows the decision, and a second decision is refused.
    const decided = await agents.admin!.get(url)
    assert.match(mainText(decided.body), /Both reviewers found every criterion met\./)
    assert.doesNotMatch(everything(decided.body), /Record decision/)
    assert.equal((await t.services.reviews.counts(admin())).decisionsDue, 0)
  })

  it('the consolidated report drafted from two reviews that disagree', async () => {
    const v = await submitted()
    const [first, second] = criteria
    const notMet = {
      ...judgementsFor(criteria),
      [first!.code]: { judgement: 'not_met' as const, comment: 'No assessment of this at all.' },
    }
    await completeReview(v.slug, 1, 'r1', 'endorse')
    await completeReview(v.slug, 1, 'r2', 'revise_and_resubmit', undefined, notMet)
    const reportUrl = `/specifications/${v.slug}/versions/1/report`
    // Only a Centre admin drafts it.
    assert.equal((await agents.r1!.post(`${reportUrl}/draft`, {})).statusCode, 403)
    assert.equal((await agents.admin!.post(`${reportUrl}/draft`, {})).statusCode, 303)

    const page = await t.services.reviews.reportPage(v.slug, 1)
    assert.equal(page.stage, 'draft')
    const [disagreed, agreed] = page.report!.content.items
    assert.equal(disagreed!.code, first!.code)
    assert.equal(disagreed!.agreed, false)
    assert.equal(disagreed!.agreement, 'Reviewers disagree: Met (Reviewer 1), Not met (Reviewer 2)')
    assert.deepEqual(
      disagreed!.judgements.map((j) => [j.reviewer, j.label, j.comment]),
      [
        ['Reviewer 1', 'Met', `Comment on ${first!.code}`],
        ['Reviewer 2', 'Not met', 'No assessment of this at all.'],
      ],
    )
    assert.equal(agreed!.code, second!.code)
    assert.equal(agreed!.agreement, 'Reviewers agree: Met')
    assert.equal(
      page.report!.content.recommendationAgreement,
      'Reviewers disagree: Endorse (Reviewer 1), Revise and resubmit (Reviewer 2)',
    )

    // The page marks the disagreement beside both judgements.
    const shown = await agents.admin!.get(reportUrl)
    const item = html(shown.body).querySelectorAll('.app-report-item')[0]!
    assert.match(words(item.textContent), /Reviewers disagree: Met \(Reviewer 1\), Not met \(Reviewer 2\)/)
    assert.ok(item.querySelector('.nhsuk-tag--orange'), 'a disagreement is marked in orange')
    assert.match(words(item.textContent), /Reviewer 2: Not met\. No assessment of this at all\./)
    assert.ok(html(shown.body).querySelectorAll('.app-report-item')[1]!.querySelector('.nhsuk-tag--green'))

    // Drafted once; audited.
    await agents.admin!.post(`${reportUrl}/draft`, {})
    assert.deepEqual(errorsOn((await agents.admin!.get(reportUrl)).body), [
      ['draft', 'The consolidated report is already drafted'],
    ])
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', v.versionId)
      .execute()
    assert.ok(audit.some((a) => a.action === 'report.drafted'))
  })

  it('revise and resubmit sends the report back to the author; the credential is in development again', async () => {
    const v = await submitted()
    await completeReview(v.slug, 1, 'r1', 'revise_and_resubmit')
    await completeReview(v.slug, 1, 'r2', 'revise_and_resubmit')
    await signedOffReport(v.slug, 1, 'Map the capabilities to pillar 4.')
    await t.services.reviews.decide(
      v.slug,
      1,
      (await versionRow(v.versionId)).row_version,
      { outcome: 'revise_and_resubmit', conditions: '' },
      admin(),
    )
    assert.equal((await versionRow(v.versionId)).state, 'revise_and_resubmit')
    assert.equal((await credentialRow(v.credentialId)).status, 'in_development')
    const mail = await mailTo('author')
    assert.match(mail!.text, /Revise and resubmit/)
    assert.match(mail!.text, /Map the capabilities to pillar 4\./)
    assert.equal((await credentialRow(v.credentialId)).next_review_due, null)
  })

  it('refuses a decision on a withdrawn credential', async () => {
    const v = await submitted({ status: 'withdrawn' })
    await completeReview(v.slug, 1, 'r1')
    await completeReview(v.slug, 1, 'r2')
    await signedOffReport(v.slug, 1)
    const url = `/specifications/${v.slug}/versions/1/decision`
    const page = await agents.admin!.get(url)
    await agents.admin!.post(`${url}/check`, {
      rowVersion: rowVersionIn(page.body, `${url}/check`),
      outcome: 'endorse',
    })
    assert.deepEqual(errorsOn((await agents.admin!.get(url)).body), [
      ['outcome', 'This credential has been withdrawn, so nothing more can be done to it'],
    ])
    assert.equal((await versionRow(v.versionId)).state, 'under_review')
  })

  it('recognising lists the credential as recognised, with its owner', async () => {
    const content: RecognitionContent = {
      ownerName: 'Royal College of Emergency Medicine',
      ownerUrl: 'https://rcem.example.org',
      documentUrl: 'https://rcem.example.org/curriculum.pdf',
      summary: 'The emergency medicine curriculum for advanced clinical practitioners.',
      crosswalk: [{ code: 'O1', outcome: 'Resuscitate.', frameworkCodes: ['1.1'] }],
    }
    const v = await submitted({ kind: 'recognition', content, status: 'under_review' })
    const id = await t.services.reviews.assign(v.slug, 1, ids.r1!, admin())
    const page = await agents.r1!.get(`/reviews/${id}`)
    assert.match(mainText(page.body), /Royal College of Emergency Medicine/)
    assert.match(mainText(page.body), /https:\/\/rcem\.example\.org\/curriculum\.pdf/)
    assert.match(mainText(page.body), /Resuscitate\./)
    await t.services.reviews.declare(id, 1, false, '', reviewer('r1'))
    await t.services.reviews.judge(id, 2, judgementsFor(criteria), reviewer('r1'))
    await assert.rejects(
      t.services.reviews.recommend(id, 3, 'endorse', 'Yes', reviewer('r1')),
      /Judge every row of the crosswalk before you recommend \(1 left: O1\)/,
    )
    await t.services.reviews.judgeRows(id, 3, { O1: { judgement: 'meets', comment: 'Yes' } }, reviewer('r1'))
    await t.services.reviews.recommend(id, 4, 'endorse', 'Yes', reviewer('r1'))
    await completeReview(v.slug, 1, 'r2', 'endorse', { O1: { judgement: 'meets', comment: 'Fine' } })
    await signedOffReport(v.slug, 1)
    await t.services.reviews.decide(
      v.slug,
      1,
      (await versionRow(v.versionId)).row_version,
      { outcome: 'endorse', conditions: '' },
      admin(),
    )
    const credential = await credentialRow(v.credentialId)
    assert.equal(credential.status, 'recognised')
    assert.equal(credential.listed, true)
    assert.equal(credential.origin, 'other_body')
    assert.equal(credential.owner_name, 'Royal College of Emergency Medicine')
    assert.equal(credential.owner_url, 'https://rcem.example.org')
  })

  it('a review keeps the criteria version it was assigned under after admins publish new criteria', async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r3!, admin())
    const current = await t.services.criteria.current('endorsement')
    await t.services.criteria.publish(
      'endorsement',
      current.version,
      [
        ...current.criteria,
        {
          code: 'E9',
          parentCode: null,
          title: 'New',
          statement: 'A newer criterion.',
          guidance: [],
          note: null,
        },
      ],
      { userId: ids.admin!, label: 'admin@example.org', ip: null },
    )
    try {
      const page = await agents.r3!.get(`/reviews/${id}`)
      assert.equal(
        summaryRows(page.body)['Judged against'],
        `Endorsement criteria, version ${current.version}`,
      )
      assert.doesNotMatch(everything(page.body), /A newer criterion\./)
      await t.services.reviews.declare(id, 1, false, '', reviewer('r3'))
      await assert.rejects(
        t.services.reviews.judge(id, 2, { E9: { judgement: 'met', comment: 'x' } }, reviewer('r3')),
        /There is no such criterion/,
      )
      await t.services.reviews.judge(id, 2, judgementsFor(criteria), reviewer('r3'))
      await t.services.reviews.recommend(id, 3, 'endorse', 'Fine', reviewer('r3'))
      const decision = await agents.admin!.get(`/specifications/${v.slug}/versions/1/decision`)
      assert.doesNotMatch(everything(decision.body), /A newer criterion\./)
      // A version submitted now is judged against the new criteria.
      const later = await submitted()
      const laterId = await t.services.reviews.assign(later.slug, 1, ids.r3!, admin())
      assert.match(mainText((await agents.r3!.get(`/reviews/${laterId}`)).body), /A newer criterion\./)
    } finally {
      // Put the seeded criteria back in force for the tests that follow.
      await t.services.criteria.publish('endorsement', current.version + 1, current.criteria, {
        userId: ids.admin!,
        label: 'admin@example.org',
        ip: null,
      })
    }
  })
  it('a form opened before someone else changed the record is refused as stale', async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r1!, admin())
    await t.services.reviews.declare(id, 1, false, '', reviewer('r1'))
    const first = await agents.r1!.get(`/reviews/${id}`)
    const seen = rowVersionIn(first.body, `/reviews/${id}`)
    const fields = {
      criteria: '1',
      code_0: criteria[0]!.code,
      judgement_0: 'met',
      comment_0: 'From the first tab',
    }
    assert.equal((await agents.r1!.post(`/reviews/${id}`, { ...fields, rowVersion: seen })).statusCode, 303)
    await agents.r1!.post(`/reviews/${id}`, { ...fields, comment_0: 'From the second tab', rowVersion: seen })
    const page = await agents.r1!.get(`/reviews/${id}`)
    assert.match(mainText(page.body), new RegExp(STALE_MESSAGE))
    const row = await t.database.db
      .selectFrom('review_assignment')
      .select('judgements')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.judgements[criteria[0]!.code]!.comment, 'From the first tab')

    // The decision form too.
    await completeReview(v.slug, 1, 'r2')
    await t.services.reviews.judge(id, 3, judgementsFor(criteria), reviewer('r1'))
    await t.services.reviews.recommend(id, 4, 'endorse', 'Fine', reviewer('r1'))
    await signedOffReport(v.slug, 1)
    const url = `/specifications/${v.slug}/versions/1/decision`
    const decisionPage = await agents.admin!.get(url)
    const stale = rowVersionIn(decisionPage.body, `${url}/check`)
    // The page asking to confirm carries the row version of the form it came from.
    const check = await agents.admin!.post(`${url}/check`, {
      rowVersion: stale,
      outcome: 'endorse',
      report: 'Endorse.',
    })
    assert.equal(fieldValue(check.body, 'rowVersion'), stale)
    await t.services.reviews.decide(
      v.slug,
      1,
      Number(stale),
      { outcome: 'not_endorsed', conditions: '' },
      actor('admin2', ['centre_admin']),
    )
    await agents.admin!.post(url, { rowVersion: stale, outcome: 'endorse', report: 'Endorse.' })
    const shown = await agents.admin!.get(url)
    assert.match(mainText(shown.body), new RegExp(STALE_MESSAGE))
    // A stale form is refused on its way to the check page too.
    await agents.admin!.post(`${url}/check`, { rowVersion: stale, outcome: 'endorse', report: 'Endorse.' })
    assert.match(mainText((await agents.admin!.get(url)).body), new RegExp(STALE_MESSAGE))
    assert.equal((await versionRow(v.versionId)).decision, 'not_endorsed')
    assert.equal((await credentialRow(v.credentialId)).status, 'tbc')
  })

  it('lists my reviews and counts them for the home page', async () => {
    const v = await submitted()
    const id = await t.services.reviews.assign(v.slug, 1, ids.r2!, admin())
    const before = (await t.services.reviews.counts(reviewer('r2'))).assignedToMe
    const page = await agents.r2!.get('/reviews')
    assert.equal(page.statusCode, 200)
    assert.ok(hrefs(page.body).includes(`/reviews/${id}`))
    assert.match(mainText(page.body), /Declare your interests/)
    await t.services.reviews.declare(id, 1, false, '', reviewer('r2'))
    await t.services.reviews.judge(id, 2, judgementsFor(criteria), reviewer('r2'))
    await t.services.reviews.recommend(id, 3, 'endorse', 'Fine', reviewer('r2'))
    assert.equal((await t.services.reviews.counts(reviewer('r2'))).assignedToMe, before - 1)
    assert.equal((await t.services.reviews.counts(reviewer('r2'))).decisionsDue, undefined)
  })

  it('keeps reviewers to their own pages, and sends an admin asking for reviews to the reviews and decisions page', async () => {
    assert.equal((await agents.r1!.get('/decisions')).statusCode, 403)
    // An admin does no reviews of their own: their view of reviews is /decisions.
    const reviews = await agents.admin!.get('/reviews')
    assert.equal(reviews.statusCode, 303)
    assert.equal(reviews.headers.location, '/decisions')
    assert.equal((await agents.admin!.get('/decisions')).statusCode, 200)
  })
})
