// Reading responses and publishing the outcome of a specification consultation: only Centre
// admins read responses; only confirmed responses count; hidden words are never published;
// each quote names its respondent only as they allowed; the download is formula-safe; the
// outcome can be published only after the close in London; respondents and subscribers are
// e-mailed; the next version shows the outcomes that changed because of it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../../domain/clock.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, linkIn, signedIn } from '../../../test/support/agent.ts'
import {
  insertConsultation,
  insertDraftToConsultOn,
  publishRevisedVersion,
  type InsertedConsultation,
} from '../../../test/support/consultations.ts'
import { insertPublishedExample, VERSION_1, VERSION_2 } from '../../../test/support/publication.ts'
import {
  banner,
  errorSummary,
  has,
  hrefs,
  html,
  mainText,
  pageText,
  rowVersionIn,
  tableRows,
} from '../../../test/support/html.ts'

const ADMIN = 'outcome.admin@example.org'
const FORMULA = '=HYPERLINK("http://evil.example","click")'

describe('reading responses and publishing the outcome', () => {
  // Midsummer: London is on BST, an hour ahead of UTC.
  const clock = fixedClock('2027-06-15T10:00:00Z')
  let t: TestApp
  let admin: Agent
  let c: InsertedConsultation
  let slug: string
  let adminId: string

  before(async () => {
    t = await createTestApp({}, { clock })
    adminId = await createAccount(t, ADMIN, [{ role: 'centre_admin' }])
    const organisation = await t.database.db
      .insertInto('organisation')
      .values({ name: 'University of Testing', kind: 'provider' })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const role of ['practitioner', 'credential_group_member'] as const)
      await createAccount(t, `${role}@example.org`, [{ role }])
    await createAccount(t, 'provider_admin@example.org', [
      { role: 'provider_admin', organisationId: organisation.id },
    ])
    admin = await signedIn(t, ADMIN)
    const example = await insertPublishedExample(t, 'frailty-consulted')
    slug = example.slug
    const v1 = await t.database.db
      .selectFrom('specification_version')
      .select('id')
      .where('credential_id', '=', example.credentialId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow()
    c = await insertConsultation(t, {
      createdBy: adminId,
      opensOn: '2027-06-01',
      closesOn: '2027-06-30',
      specificationVersionId: v1.id,
      credentialId: example.credentialId,
      respondents: [
        {
          name: 'Ada Lovelace',
          email: 'ada@example.org',
          organisation: 'Example Trust',
          profession: 'Nurse',
          region: 'london',
          publication: 'named',
          answers: { 1: ['Agree'], 2: ['Yes'], 3: 'Add delirium to the outcomes.' },
          comments: [
            {
              passageKey: 'outcome:LO2',
              quote: 'Plan care with the person and their family.',
              body: 'Carers matter as much as families.',
            },
          ],
        },
        {
          name: 'Ben Quiet',
          email: 'ben@example.org',
          organisation: 'Northern College',
          capacity: 'education_provider',
          region: 'north_west',
          publication: 'organisation',
          answers: { 1: ['Disagree'], 3: FORMULA },
          comments: [
            {
              passageKey: 'outcome:LO2',
              quote: 'Plan care with the person and their family.',
              body: 'Name carers in LO2.',
            },
          ],
        },
        {
          name: 'Cat Hidden',
          email: 'cat@example.org',
          organisation: 'Secret Org',
          capacity: 'patient_or_public',
          publication: 'anonymous',
          answers: { 1: ['Agree'], 3: 'Anonymous but fair: carers need a say.' },
        },
        {
          name: 'Dee Abusive',
          email: 'dee@example.org',
          publication: 'named',
          answers: { 1: ['Strongly disagree'], 3: 'ABUSIVE WORDS about a named person' },
        },
        {
          name: 'Eve Unconfirmed',
          email: 'eve@example.org',
          organisation: 'Unconfirmed Org',
          publication: 'named',
          confirmed: false,
          answers: { 1: ['Strongly agree'], 3: 'UNCONFIRMED WORDS' },
        },
      ],
    })
  })
  after(() => t.close())

  const responses = () => `/consultations/${c.number}/responses`

  it('lets only Centre admins read responses: practitioners, providers and group members are refused', async () => {
    for (const role of ['practitioner', 'provider_admin', 'credential_group_member']) {
      const agent = await signedIn(t, `${role}@example.org`)
      assert.equal((await agent.get(responses())).statusCode, 403, role)
      assert.equal((await agent.get(`${responses()}/download`)).statusCode, 403, role)
    }
    const anonymous = await t.app.inject({ method: 'GET', url: responses() })
    assert.equal(anonymous.statusCode, 303)
    assert.match(String(anonymous.headers.location), /^\/sign-in\?returnTo=/)
  })

  it('shows confirmed answers by question, filtered by capacity and region, and never an unconfirmed one', async () => {
    const page = await admin.get(`${responses()}?view=question&question=${c.questionIds[2]}`)
    assert.equal(page.statusCode, 200)
    const text = mainText(page.body)
    assert.match(text, /4 confirmed responses/)
    for (const words of ['Add delirium to the outcomes.', 'Anonymous but fair', 'ABUSIVE WORDS'])
      assert.ok(text.includes(words), words)
    assert.ok(!text.includes('UNCONFIRMED WORDS'))
    assert.ok(!text.includes('Eve Unconfirmed'))

    const filtered = mainText(
      (
        await admin.get(
          `${responses()}?view=question&question=${c.questionIds[2]}&capacity=education_provider`,
        )
      ).body,
    )
    assert.match(filtered, /1 confirmed response match the filters|1 answer/)
    assert.ok(filtered.includes('Ben Quiet') && !filtered.includes('Ada Lovelace'))
    const london = mainText(
      (await admin.get(`${responses()}?view=question&question=${c.questionIds[2]}&region=london`)).body,
    )
    assert.ok(london.includes('Ada Lovelace') && !london.includes('Ben Quiet'))
  })

  it('shows comments by passage, with the passage quoted', async () => {
    const page = await admin.get(`${responses()}?view=passage`)
    const text = mainText(page.body)
    assert.match(text, /Learning outcome LO2 \(2 comments\)/)
    assert.ok(text.includes('Carers matter as much as families.') && text.includes('Name carers in LO2.'))
    assert.ok(text.includes('Plan care with the person and their family.'))
  })

  it('hides an abusive answer only after the confirmation page, with a reason, audited', async () => {
    const answerId = c.responses['dee@example.org']!.answers[3]!
    const form = await admin.get(`/consultations/${c.number}/answer/${answerId}/hide`)
    assert.equal(form.statusCode, 200)
    const { page: refused } = await admin.submit(
      `/consultations/${c.number}/answer/${answerId}/hide`,
      `/consultations/${c.number}/answer/${answerId}/hide/check`,
      { reason: '' },
    )
    assert.deepEqual(errorSummary(refused.body), ['Enter why it is hidden'])
    const check = await admin.post(`/consultations/${c.number}/answer/${answerId}/hide/check`, {
      reason: 'Personal abuse of a named person',
    })
    assert.equal(check.statusCode, 200)
    assert.match(pageText(check.body), /Hiding cannot be undone/)
    const still = await t.database.db
      .selectFrom('consultation_answer')
      .select('hidden_at')
      .where('id', '=', answerId)
      .executeTakeFirstOrThrow()
    assert.equal(still.hidden_at, null, 'nothing hidden by the check page')
    const done = await admin.post(`/consultations/${c.number}/answer/${answerId}/hide`, {
      reason: 'Personal abuse of a named person',
    })
    assert.equal(done.statusCode, 303)
    assert.match(banner((await admin.get(String(done.headers.location))).body), /Answer hidden/)
    const audit = await t.services.audit.list({ action: 'consultation.answer_hidden', limit: 10, offset: 0 })
    assert.equal(audit.events.length, 1)
    assert.match(
      audit.events[0]!.sentence,
      /hid an answer to a consultation as abusive: “Personal abuse of a named person”/,
    )
    const page = mainText((await admin.get(`${responses()}?question=${c.questionIds[2]}`)).body)
    assert.match(page, /Hidden as abusive: Personal abuse of a named person/)
  })

  let themeId = ''

  it('makes themes naming changed outcomes of the next version, and tags answers and comments without JavaScript', async () => {
    const { page: refused } = await admin.submit(
      `/consultations/${c.number}/themes`,
      `/consultations/${c.number}/themes`,
      { name: '' },
    )
    assert.deepEqual(errorSummary(refused.body), ['Enter the name of the theme'])
    await admin.submit(`/consultations/${c.number}/themes`, `/consultations/${c.number}/themes`, {
      name: 'Carers',
      youSaid: 'Many said carers are missing from LO2.',
      weDid: 'We named carers in LO2 of version 2.',
    })
    themeId = (
      await t.database.db
        .selectFrom('consultation_theme')
        .select('id')
        .where('name', '=', 'Carers')
        .executeTakeFirstOrThrow()
    ).id
    const edit = await admin.get(`/consultations/${c.number}/themes/${themeId}`)
    assert.ok(has(edit.body, 'input[name="changedCodes"][value="LO4"]'), 'outcomes of version 2 offered')
    const { posted, page: saved } = await admin.submit(
      `/consultations/${c.number}/themes/${themeId}`,
      `/consultations/${c.number}/themes/${themeId}`,
      {
        rowVersion: rowVersionIn(edit.body),
        name: 'Carers',
        youSaid: 'Many said carers are missing from LO2.',
        weDid: 'We named carers in LO2 of version 2.',
        changedCodes: ['LO2'],
      },
    )
    assert.equal(posted.statusCode, 303)
    assert.equal(
      posted.headers.location,
      `/consultations/${c.number}/themes`,
      errorSummary(saved.body).join(),
    )
    const changes = await t.database.db
      .selectFrom('consultation_theme_change')
      .select('outcome_code')
      .execute()
    assert.deepEqual(
      changes.map((ch) => ch.outcome_code),
      ['LO2'],
    )

    const tag = (kind: string, item: string) =>
      admin.post(`/consultations/${c.number}/tags`, { theme: themeId, kind, item, back: responses() })
    const r = c.responses
    for (const [kind, item] of [
      ['answer', r['ada@example.org']!.answers[3]!],
      ['answer', r['ben@example.org']!.answers[3]!],
      ['answer', r['cat@example.org']!.answers[3]!],
      ['answer', r['dee@example.org']!.answers[3]!],
      ['comment', r['ada@example.org']!.comments[0]!],
      ['comment', r['ben@example.org']!.comments[0]!],
    ] as const)
      assert.equal((await tag(kind, item)).statusCode, 303)
    // An unconfirmed answer cannot be tagged; tagged anyway in the database, it still never counts.
    assert.equal((await tag('answer', r['eve@example.org']!.answers[3]!)).statusCode, 404)
    await t.database.db
      .insertInto('consultation_theme_tag')
      .values({ theme_id: themeId, answer_id: r['eve@example.org']!.answers[3]!, tagged_by: adminId })
      .execute()
    const themes = await admin.get(`/consultations/${c.number}/themes`)
    assert.deepEqual(tableRows(themes.body)[0]?.slice(0, 2), ['Carers', '5 answers and comments'])
    const page = await admin.get(`${responses()}?question=${c.questionIds[2]}`)
    assert.ok(hrefs(page.body).length > 0)
    assert.match(mainText(page.body), /Themes: Carers/)
  })

  it('downloads everything as formula-safe CSV, hidden content marked, dates in words, unconfirmed left out', async () => {
    const csv = await admin.get(`${responses()}/download`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    const body = csv.body
    assert.ok(body.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), 'the formula is neutralised')
    assert.ok(!/(^|,)=HYPERLINK/m.test(body))
    assert.match(body, /Answer,[^\r\n]*\[hidden\],Carers,Yes,Personal abuse of a named person/)
    assert.ok(!body.includes('ABUSIVE WORDS'), 'hidden words are not repeated in the download')
    assert.match(body, /10 January 2027/)
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(body), 'no ISO dates')
    assert.ok(!body.includes('eve@example.org') && !body.includes('UNCONFIRMED'))
    assert.match(body, /^Theme,/m)
  })

  it('refuses to publish the outcome before the end of the closing day in London', async () => {
    const form = await admin.get(`/consultations/${c.number}/outcome/publish`)
    assert.match(mainText(form.body), /after the consultation closes on 30 June 2027/)
    // 23:30 on 30 June in UTC is already 1 July in London, but 22:30 is still 30 June.
    clock.set('2027-06-30T22:30:00Z')
    const early = await admin.post(`/consultations/${c.number}/outcome/publish/check`, {
      rowVersion: '1',
      summary: 'Too soon.',
    })
    assert.equal(early.statusCode, 303)
    assert.deepEqual(errorSummary((await admin.get(String(early.headers.location))).body), [
      'The outcome can be published only after the consultation closes on 30 June 2027',
    ])
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/consultations/${c.number}/outcome` })).statusCode,
      404,
    )
    clock.set('2027-06-30T23:30:00Z')
  })

  it('publishes the outcome after a confirmation page, and e-mails every confirmed respondent', async () => {
    const check = await admin.post(`/consultations/${c.number}/outcome/publish/check`, {
      rowVersion: '1',
      summary: 'Respondents asked us to name carers.',
    })
    assert.equal(check.statusCode, 200)
    assert.match(pageText(check.body), /Publishing cannot be undone/)
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/consultations/${c.number}/outcome` })).statusCode,
      404,
    )
    const done = await admin.post(`/consultations/${c.number}/outcome/publish`, {
      rowVersion: '1',
      summary: 'Respondents asked us to name carers.',
    })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/consultations/${c.number}/outcome`)
    const jobs = await t.database.db
      .selectFrom('job')
      .select('payload')
      .where('kind', '=', 'consultation-notices')
      .execute()
    assert.equal(jobs.length, 1)
    await t.services.consultationOutcomes.runNoticeJob(jobs[0]!.payload)
    for (const email of ['ada@example.org', 'ben@example.org', 'cat@example.org', 'dee@example.org']) {
      const mail = await t.services.mail.latestTo(email)
      assert.ok(mail, email)
      assert.match(mail.text, /closed on 30 June 2027/)
      assert.match(mail.text, /On 1 July 2027 we published/)
      assert.ok(mail.text.includes(`/consultations/${c.number}/outcome`))
    }
    assert.equal(
      await t.services.mail.latestTo('eve@example.org'),
      null,
      'the unconfirmed respondent is not e-mailed',
    )
    const again = await admin.post(`/consultations/${c.number}/outcome/publish`, {
      rowVersion: '2',
      summary: 'Again.',
    })
    assert.equal(again.statusCode, 303)
    assert.equal(again.headers.location, `/consultations/${c.number}/outcome/publish`)
  })

  it('shows the public outcome: who responded, a chart with its table, quotes only as each respondent allowed', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/consultations/${c.number}/outcome` })
    assert.equal(page.statusCode, 200)
    const text = mainText(page.body)
    assert.match(text, /4 responses/)
    assert.ok(text.includes('Respondents asked us to name carers.'))
    // Named: name and organisation. Organisation only: no name. Anonymous: neither.
    assert.ok(text.includes('Ada Lovelace, Example Trust'))
    assert.ok(text.includes('Northern College') && !text.includes('Ben Quiet'))
    assert.ok(
      text.includes('Anonymous but fair') && !text.includes('Cat Hidden') && !text.includes('Secret Org'),
    )
    assert.ok(text.includes('Anonymous respondent'))
    assert.ok(!text.includes('ABUSIVE') && !text.includes('Dee Abusive'), 'hidden words never published')
    assert.ok(
      !text.includes('UNCONFIRMED') && !text.includes('Eve Unconfirmed') && !text.includes('Unconfirmed Org'),
    )
    assert.match(text, /Carers\s+5 answers and comments/)

    const doc = html(page.body)
    const figure = doc.querySelector('#question-1-chart')
    assert.ok(figure, 'the agreement question has a chart')
    assert.equal(
      figure.querySelector('svg title')?.text,
      'Question 1: Do you agree with the learning outcomes?',
    )
    const rows = tableRows(page.body, 'details table')
    assert.deepEqual(rows.slice(0, 5), [
      ['Strongly agree', '0 of 4 (0%)'],
      ['Agree', '2 of 4 (50%)'],
      ['Neither agree nor disagree', '0 of 4 (0%)'],
      ['Disagree', '1 of 4 (25%)'],
      ['Strongly disagree', '1 of 4 (25%)'],
    ])
    const bars = figure
      .querySelectorAll('g[data-mark="bar"] rect')
      .map((r) => Number(r.getAttribute('width')))
    assert.equal(bars.length, 5)
    assert.equal(bars[1], 2 * bars[3]!, 'the bars are the table’s numbers')
    assert.ok(!page.body.includes('<style'), 'no inline style for the CSP to refuse')
    const compare = `/credentials/${slug}/specification/compare?from=1&to=2`
    assert.ok(hrefs(page.body).includes(`${compare}#outcome-LO2`), 'the change links to the comparison')
  })

  it('shows “Changed after consultation” beside LO2 on the next version and on the comparison, linking the outcome', async () => {
    t.app.pageCache.clear()
    for (const url of [
      `/credentials/${slug}/specification/compare?from=1&to=2`,
      `/credentials/${slug}/specification/versions/2`,
    ]) {
      const page = await t.app.inject({ method: 'GET', url })
      assert.equal(page.statusCode, 200, url)
      const doc = html(page.body)
      const lo2 = doc.querySelector('#outcome-LO2')
      assert.match(lo2?.text ?? '', /Changed after consultation/, url)
      assert.ok(lo2?.querySelector(`a[href="/consultations/${c.number}/outcome"]`), url)
      assert.doesNotMatch(doc.querySelector('#outcome-LO1')?.text ?? '', /Changed after consultation/, url)
    }
  })

  it('freezes a consulted draft, and compares it as consulted with the next version though it was never published', async () => {
    const authorId = await createAccount(t, 'consulted.author@example.org', [
      { role: 'specification_author' },
    ])
    const draft = await insertDraftToConsultOn(t, {
      slug: 'consulted-draft',
      title: 'Consulted draft credential',
      authorId,
    })
    const author = {
      userId: authorId,
      label: 'author',
      ip: null,
      name: 'Author',
      roles: ['specification_author' as const],
    }
    const save = async () => {
      const view = await t.services.specifications.getVersion(draft.slug, 2, author)
      assert.ok(view)
      return t.services.specifications.saveDraft(draft.slug, 2, view.version.rowVersion, VERSION_2, author)
    }
    // Before a consultation on it is published, the draft is the author's to change.
    await save()
    await t.database.db
      .updateTable('specification_version')
      .set({ content: JSON.stringify(VERSION_1) })
      .where('id', '=', draft.draftId)
      .execute()
    const consulted = await insertConsultation(t, {
      createdBy: adminId,
      opensOn: '2027-06-01',
      closesOn: '2027-06-30',
      specificationVersionId: draft.draftId,
      credentialId: draft.credentialId,
    })
    await assert.rejects(save, {
      message: `Version 2 is the subject of consultation ${consulted.number}, so it cannot be changed. Changes make a new version`,
    })
    // The author's task list says so before they try.
    const tasks = await (
      await signedIn(t, 'consulted.author@example.org')
    ).get(`/specifications/${draft.slug}/versions/2`)
    assert.equal(tasks.statusCode, 200)
    assert.match(
      mainText(tasks.body),
      new RegExp(
        `This draft is the subject of consultation ${consulted.number}: .*, so it cannot be changed`,
      ),
    )

    t.app.pageCache.clear()
    const compare = `/credentials/${draft.slug}/specification/compare?from=2&to=3`
    // Version 3 does not exist yet: version 2, consulted on, may already be chosen.
    const early = await t.app.inject({ method: 'GET', url: compare })
    assert.equal(early.statusCode, 400)
    assert.deepEqual(errorSummary(early.body), ['Select a published version to compare with'])
    assert.ok(has(early.body, '#from option[value="2"]'), 'version 2 offered to compare from')

    // Its outcome, published while version 3 is still a draft, links to no page that is not there.
    await publishRevisedVersion(t, draft.credentialId, authorId, { publish: false })
    const v3 = await t.database.db
      .selectFrom('specification_version')
      .select('id')
      .where('credential_id', '=', draft.credentialId)
      .where('number', '=', 3)
      .executeTakeFirstOrThrow()
    const theme = await t.database.db
      .insertInto('consultation_theme')
      .values({ consultation_id: consulted.id, name: 'Carers', we_did: 'Named carers.', created_by: adminId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('consultation_theme_change')
      .values({ theme_id: theme.id, specification_version_id: v3.id, outcome_code: 'LO2' })
      .execute()
    await t.database.db
      .updateTable('consultation')
      .set({ outcome_published_at: clock.now(), outcome_summary: 'We heard about carers.' })
      .where('id', '=', consulted.id)
      .execute()
    const outcomePath = `/consultations/${consulted.number}/outcome`
    const unpublished = await t.app.inject({ method: 'GET', url: outcomePath })
    assert.equal(unpublished.statusCode, 200)
    assert.match(mainText(unpublished.body), /Version 3, which makes the changes below, is not published yet/)
    assert.deepEqual(
      hrefs(unpublished.body).filter((h) => h.includes(`/credentials/${draft.slug}/specification`)),
      [],
    )

    await publishRevisedVersion(t, draft.credentialId, authorId)
    t.app.pageCache.clear()
    const outcome = await t.app.inject({ method: 'GET', url: outcomePath })
    assert.ok(hrefs(outcome.body).includes(`${compare}#outcome-LO2`), 'the change links to the comparison')
    const page = await t.app.inject({ method: 'GET', url: compare })
    assert.equal(page.statusCode, 200)
    const text = mainText(page.body)
    assert.match(text, /Version 2 compared with version 3/)
    assert.match(
      text,
      /Version 2, the draft put to consultation on \d+ \w+ \d{4}, against version 3, published/,
    )
    assert.ok(hrefs(page.body, 'Version 2').includes(`/consultations/${consulted.number}`))
    assert.match(html(page.body).querySelector('#outcome-LO1')?.text ?? '', /Unchanged/)
    assert.match(html(page.body).querySelector('#outcome-LO2')?.text ?? '', /Changed after consultation/)
    assert.match(
      html(page.body).querySelector('#from option[value="2"]')?.text ?? '',
      /Version 2 \(consulted on\)/,
    )
    // Its draft pages stay private: only the comparison and the consultation show it.
    const versionPage = await t.app.inject({
      method: 'GET',
      url: `/credentials/${draft.slug}/specification/versions/2`,
    })
    assert.equal(versionPage.statusCode, 404)
  })

  it('subscribes with a confirmation, e-mails subscribers of a new consultation, and unsubscribes only by the button', async () => {
    const visitor = new Agent(t.app)
    const { page: refused } = await visitor.submit('/consultations/subscribe', '/consultations/subscribe', {
      email: 'nope',
      area: 'all',
    })
    assert.deepEqual(errorSummary(refused.body), [
      'Enter an email address in the correct format, like name@example.com',
    ])
    const { page } = await visitor.submit('/consultations/subscribe', '/consultations/subscribe', {
      email: 'sub@example.org',
      area: 'all',
    })
    assert.match(banner(page.body), /Check your email/)
    const confirmLink = linkIn(
      (await t.services.mail.latestTo('sub@example.org'))!.text,
      '/consultations/subscribe/confirm',
    )
    const token = new URL(confirmLink, 'https://x').searchParams.get('token') ?? ''
    // A link scanner's GET changes nothing.
    await visitor.get(confirmLink)
    assert.equal((await t.services.consultationOutcomes.subscription(token))?.confirmed, false)
    const confirmed = await visitor.post('/consultations/subscribe/confirm', { token })
    assert.match(
      mainText(confirmed.body),
      /We will email sub@example.org when a consultation opens in any area/,
    )

    const next = await insertConsultation(t, {
      title: 'The implementation plan',
      createdBy: adminId,
      opensOn: '2027-07-05',
      closesOn: '2027-08-05',
    })
    await t.services.consultationOutcomes.notifySubscribers(next.id)
    const job = await t.database.db
      .selectFrom('job')
      .select('payload')
      .where('kind', '=', 'consultation-notices')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
    await t.services.consultationOutcomes.runNoticeJob(job.payload)
    const notice = await t.services.mail.latestTo('sub@example.org')
    assert.match(notice!.text, /The implementation plan/)
    assert.match(notice!.text, /open from 5 July 2027 to 5 August 2027/)
    const unsubscribe = linkIn(notice!.text, '/consultations/unsubscribe')
    const button = await visitor.get(unsubscribe)
    assert.ok(has(button.body, 'form[action="/consultations/unsubscribe"] button'))
    assert.ok(await t.services.consultationOutcomes.subscription(token), 'the GET keeps the subscription')
    const gone = await visitor.post('/consultations/unsubscribe', {
      token: new URL(unsubscribe, 'https://x').searchParams.get('token') ?? '',
    })
    assert.match(mainText(gone.body), /We will no longer email sub@example.org/)
    assert.equal(await t.services.consultationOutcomes.subscription(token), null)
  })
})
