import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { STALE_MESSAGE, type ProcessActor } from '../../services/process.ts'
import {
  attributesOf,
  checkedValues,
  errorFor,
  errorLinks,
  everything,
  fieldValue,
  has,
  hasLink,
  heading,
  hrefs,
  html,
  mainText,
  rowVersionIn,
  summaryRows,
  textOf,
  textsOf,
  words,
} from '../../../test/support/html.ts'

/** A complete application as the form sends it, with one crosswalk row per entry. */
function applicationForm(
  changes: Record<string, string> = {},
  rows: Array<{ code?: string; outcome: string; fw: string[] }> = [
    { code: 'R1', outcome: 'Assess patients presenting with acute illness', fw: ['1.4', '1.6'] },
    { outcome: 'Lead the emergency team', fw: ['2.1'] },
  ],
): string {
  const params = new URLSearchParams({
    title: 'Emergency medicine advanced clinical practitioner curriculum',
    area: 'acute-and-emergency-care',
    type: 'curriculum',
    ownerName: 'Royal College of Emergency Medicine',
    ownerUrl: 'https://rcem.example.org',
    documentUrl: 'https://rcem.example.org/acp-curriculum.pdf',
    summary: 'The curriculum for advanced clinical practitioners in emergency medicine.',
    rows: String(rows.length + 1),
    ...changes,
  })
  rows.forEach((row, i) => {
    params.set(`code_${i}`, row.code ?? '')
    params.set(`outcome_${i}`, row.outcome)
    for (const code of row.fw) params.append(`fw_${i}`, code)
  })
  params.set(`code_${rows.length}`, `R${rows.length + 1}`)
  params.set(`outcome_${rows.length}`, '')
  return params.toString()
}

const statuses = (page: string) => textsOf(page, '.nhsuk-task-list__status')

describe('recognition', () => {
  let t: TestApp
  let author: Agent
  let otherAuthor: Agent
  let admin: Agent
  let areaSlug: string

  const actorOf = async (email: string): Promise<ProcessActor> => {
    const rows = await t.database.db
      .selectFrom('user_account as u')
      .innerJoin('role_grant as g', 'g.user_id', 'u.id')
      .select(['u.id', 'u.display_name', 'g.role'])
      .where('u.email', '=', email)
      .execute()
    const [first] = rows
    assert.ok(first)
    return {
      userId: first.id,
      label: email,
      ip: null,
      name: first.display_name,
      roles: rows.map((r) => r.role),
    }
  }

  /** Posts a raw form body (for repeated capability fields) with the agent's cookies and token. */
  async function postForm(agent: Agent, url: string, body: string) {
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: agent.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(agent.csrfToken!)}&${body}`,
    })
  }

  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'other@example.org', [{ role: 'specification_author' }])
    await createAccount(t, 'practitioner@example.org', [{ role: 'practitioner' }])
    author = await signedIn(t, 'author@example.org')
    otherAuthor = await signedIn(t, 'other@example.org')
    admin = await signedIn(t, 'admin@example.org')
    areaSlug = (
      await t.database.db.selectFrom('clinical_area').select('slug').orderBy('name').executeTakeFirstOrThrow()
    ).slug
  })
  after(() => t.close())

  const credentialRow = (slug: string) =>
    t.database.db.selectFrom('credential').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()

  let slug: string

  it('starts an application as an unlisted credential owned by the body, with a draft version 1', async () => {
    const form = await author.get('/recognition/new')
    assert.equal(form.statusCode, 200)
    assert.ok(has(form.body, '[name="title"]'), 'it starts with what is put forward')
    assert.ok(!has(form.body, '[name="ownerName"]'), 'the other sections come later')
    const res = await postForm(author, '/recognition/new', applicationForm({ area: areaSlug }))
    assert.equal(res.statusCode, 303)
    slug = String(res.headers.location).replace('/recognition/', '')
    assert.equal(slug, 'emergency-medicine-advanced-clinical-practitioner-curriculum')
    const row = await credentialRow(slug)
    assert.equal(row.listed, false)
    assert.equal(row.origin, 'other_body')
    assert.equal(row.status, 'tbc')
    assert.equal(row.type, 'curriculum')
    assert.equal(row.owner_name, 'Royal College of Emergency Medicine')
    assert.equal(row.owner_url, 'https://rcem.example.org')
    const version = await t.database.db
      .selectFrom('specification_version')
      .selectAll()
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(version.number, 1)
    assert.equal(version.kind, 'recognition')
    assert.equal(version.state, 'draft')
    assert.deepEqual(version.content, {
      ownerName: 'Royal College of Emergency Medicine',
      ownerUrl: 'https://rcem.example.org',
      documentUrl: 'https://rcem.example.org/acp-curriculum.pdf',
      summary: 'The curriculum for advanced clinical practitioners in emergency medicine.',
      crosswalk: [
        {
          code: 'R1',
          outcome: 'Assess patients presenting with acute illness',
          frameworkCodes: ['1.4', '1.6'],
        },
        { code: 'R2', outcome: 'Lead the emergency team', frameworkCodes: ['2.1'] },
      ],
    })
    const page = await author.get(`/recognition/${slug}`)
    assert.match(mainText(page.body), /Application saved as a draft/)
    assert.deepEqual(statuses(page.body), Array(3).fill('Completed'))
    assert.match(mainText(page.body), /3 of 3 sections completed/)
    const crosswalk = await author.get(`/recognition/${slug}/sections/crosswalk`)
    assert.match(mainText(crosswalk.body), /Pillar 1: Clinical practice/)
    assert.ok(checkedValues(crosswalk.body).includes('1.6'))
    const event = await t.database.db
      .selectFrom('credential_event')
      .select('action')
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(event.action, 'recognition.started')
  })

  it('never shows an unlisted credential in the public catalogue, its page or the API', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/credentials?q=Emergency+medicine+advanced' })
    assert.doesNotMatch(everything(list.body), new RegExp(slug))
    assert.equal((await t.app.inject({ method: 'GET', url: `/credentials/${slug}` })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/credentials/${slug}` })).statusCode, 404)
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/credentials?pageSize=100&q=Emergency' })
    assert.doesNotMatch(api.body, new RegExp(slug))
    const all = await t.services.catalogue.search({ page: 1, pageSize: 1000 })
    assert.ok(!all.items.some((c) => c.slug === slug))
  })

  it('checks the fields, keeping what was typed: title, area, type, https links, known capabilities', async () => {
    await author.get('/recognition/new')
    await postForm(
      author,
      '/recognition/new',
      new URLSearchParams({ title: '', area: 'astrology', type: 'module', summary: 'Kept' }).toString(),
    )
    const page = await author.get('/recognition/new')
    for (const [field, message] of Object.entries({
      title: 'Enter the title of the credential or curriculum',
      area: 'Select the clinical area',
      type: 'Select whether it is a credential specification or a curriculum',
    })) {
      assert.ok(errorFor(page.body, field)?.startsWith(message), field)
    }
    assert.equal(fieldValue(page.body, 'summary'), 'Kept')

    const ownerPath = `/recognition/${slug}/sections/owner`
    const owner = await author.get(ownerPath)
    await postForm(
      author,
      ownerPath,
      new URLSearchParams({
        rowVersion: rowVersionIn(owner.body),
        ownerName: 'Royal College of Emergency Medicine',
        ownerUrl: 'http://rcem.example.org',
        documentUrl: 'not a link',
      }).toString(),
    )
    const ownerAgain = await author.get(ownerPath)
    assert.ok(
      errorFor(ownerAgain.body, 'ownerUrl')?.startsWith("The owner's web address must start with https://"),
    )
    assert.ok(
      errorFor(ownerAgain.body, 'documentUrl')?.startsWith(
        'The link to the document must be a full web address starting with https://',
      ),
    )
    assert.ok(attributesOf(ownerAgain.body, '[value]', 'value').includes('http://rcem.example.org'))

    const crosswalkPath = `/recognition/${slug}/sections/crosswalk`
    const crosswalk = await author.get(crosswalkPath)
    await postForm(
      author,
      crosswalkPath,
      applicationForm({ rowVersion: rowVersionIn(crosswalk.body) }, [
        { code: 'R1', outcome: 'Something', fw: ['9.9'] },
        { code: 'R1', outcome: 'Twice', fw: ['1.1'] },
      ]),
    )
    const crosswalkAgain = await author.get(crosswalkPath)
    assert.ok(
      errorFor(crosswalkAgain.body, 'fw_0')?.startsWith(
        'Select framework capabilities from the list (not 9.9)',
      ),
    )
    assert.ok(errorFor(crosswalkAgain.body, 'code_1')?.startsWith('Code R1 is used twice'))
    assert.ok(textsOf(crosswalkAgain.body, 'textarea').some((text) => text.endsWith('Twice')))
    assert.equal((await credentialRow(slug)).owner_url, 'https://rcem.example.org', 'nothing saved')
    const count = await t.database.db
      .selectFrom('credential')
      .select('id')
      .where('listed', '=', false)
      .execute()
    assert.equal(count.length, 1, 'nothing saved')
  })

  it('adds another outcome without JavaScript, and removes one when asked', async () => {
    const crosswalkPath = `/recognition/${slug}/sections/crosswalk`
    const page = await author.get(crosswalkPath)
    const res = await postForm(
      author,
      crosswalkPath,
      `${applicationForm({ title: 'Not on this page', rowVersion: rowVersionIn(page.body), action: 'add' }, [
        { code: 'R1', outcome: 'Assess patients presenting with acute illness', fw: ['1.4', '1.6'] },
        { code: 'R2', outcome: 'Lead the emergency team', fw: ['2.1'] },
        { code: 'R3', outcome: 'Teach others', fw: ['3.1'] },
      ])}&remove_1=yes`,
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `${crosswalkPath}#new-outcome`)
    assert.notEqual((await credentialRow(slug)).title, 'Not on this page', 'only the section changes')
    const shown = await author.get(crosswalkPath)
    assert.match(mainText(shown.body), /Outcome R1/)
    assert.doesNotMatch(everything(shown.body), /Outcome R2/)
    assert.match(mainText(shown.body), /Outcome R3/)
    assert.match(mainText(shown.body), /New outcome/)
    assert.equal(fieldValue(shown.body, 'code_2'), 'R4', 'the new row suggests the next code')
  })

  it('refuses a save from a page opened before another save', async () => {
    const aboutPath = `/recognition/${slug}/sections/about`
    const stale = rowVersionIn((await author.get(aboutPath)).body)
    const body = applicationForm({ area: areaSlug, rowVersion: stale })
    assert.equal((await postForm(author, aboutPath, body)).statusCode, 303)
    await postForm(
      author,
      aboutPath,
      applicationForm({ area: areaSlug, rowVersion: stale, title: 'Overwritten?' }),
    )
    const page = await author.get(aboutPath)
    assert.ok(page.body.includes(STALE_MESSAGE.slice(0, 40)))
    assert.ok(attributesOf(page.body, '[value]', 'value').includes('Overwritten?'), 'what was typed is kept')
    assert.notEqual((await credentialRow(slug)).title, 'Overwritten?')
  })

  it('lists what is missing on submission, and changes nothing', async () => {
    await author.get('/recognition/new')
    const res = await postForm(
      author,
      '/recognition/new',
      applicationForm({ title: 'Half-done curriculum', area: areaSlug, ownerName: '', documentUrl: '' }, [
        { code: 'R1', outcome: '', fw: ['1.1'] },
        { code: 'R2', outcome: 'Unmapped', fw: [] },
      ]),
    )
    const halfSlug = String(res.headers.location).replace('/recognition/', '')
    const tasks = await author.get(`/recognition/${halfSlug}`)
    assert.deepEqual(statuses(tasks.body), ['Completed', 'In progress', 'In progress'])
    const section = `/recognition/${halfSlug}/sections`
    const check = await author.get(`/recognition/${halfSlug}/check`)
    assert.ok(!has(check.body, `form[action="/recognition/${halfSlug}/submit"]`), 'nothing to submit yet')
    assert.equal(summaryRows(check.body)['Name of the body'], 'Not answered yet')
    assert.ok(
      hrefs(check.body, 'Change Name of the body').includes(
        `/recognition/${halfSlug}/sections/owner#ownerName`,
      ),
    )
    assert.deepEqual(hrefs(check.body, 'Enter the text of outcome R1'), [
      `/recognition/${halfSlug}/sections/crosswalk#outcome_0`,
    ])
    assert.equal(
      (
        await author.post(`/recognition/${halfSlug}/submit`, {
          rowVersion: rowVersionIn((await author.get(`${section}/about`)).body),
        })
      ).headers.location,
      `/recognition/${halfSlug}/check`,
    )
    const shown = await author.get(`/recognition/${halfSlug}/check`)
    assert.deepEqual(errorLinks(shown.body), [
      { href: `${section}/owner#ownerName`, text: 'Enter the name of the body that owns the credential' },
      {
        href: `${section}/owner#documentUrl`,
        text: 'Enter the link to the credential or curriculum document',
      },
      { href: `${section}/crosswalk#outcome_0`, text: 'Enter the text of outcome R1' },
      { href: `${section}/crosswalk#fw_1`, text: 'Map outcome R2 to at least one framework capability' },
    ])
    const version = await t.database.db
      .selectFrom('specification_version as v')
      .innerJoin('credential as c', 'c.id', 'v.credential_id')
      .select(['v.state', 'c.status'])
      .where('c.slug', '=', halfSlug)
      .executeTakeFirstOrThrow()
    assert.deepEqual(version, { state: 'draft', status: 'tbc' })
  })

  it('lets only the author see and change their application; admins see every one', async () => {
    assert.equal((await otherAuthor.get(`/recognition/${slug}`)).statusCode, 404)
    const page = await author.get(`/recognition/${slug}/sections/about`)
    await otherAuthor.get('/recognition')
    const res = await postForm(
      otherAuthor,
      `/recognition/${slug}`,
      applicationForm({ area: areaSlug, rowVersion: rowVersionIn(page.body) }),
    )
    assert.equal(res.statusCode, 303)
    assert.doesNotMatch(everything((await otherAuthor.get('/recognition')).body), new RegExp(slug))
    assert.ok(hrefs((await author.get('/recognition')).body).includes(`/recognition/${slug}`))
    const adminList = await admin.get('/recognition')
    assert.ok(hrefs(adminList.body).includes(`/recognition/${slug}`))
    assert.match(mainText(adminList.body), /Half-done curriculum/)
    const adminView = await admin.get(`/recognition/${slug}`)
    assert.equal(adminView.statusCode, 200)
    assert.doesNotMatch(everything(adminView.body), /Save and go back/, 'admins only read it')
    assert.equal((await admin.get(`/recognition/${slug}/check`)).statusCode, 403)
    assert.equal((await otherAuthor.get(`/recognition/${slug}/sections/about`)).statusCode, 404)
    const practitioner = await signedIn(t, 'practitioner@example.org')
    assert.equal((await practitioner.get('/recognition')).statusCode, 403)
    assert.equal((await admin.get('/recognition/new')).statusCode, 403)
  })

  it('submits a complete application: frozen, under review, admins told', async () => {
    const tasks = await author.get(`/recognition/${slug}`)
    assert.match(mainText(tasks.body), /Every section is completed/)
    assert.doesNotMatch(mainText(tasks.body), /Submit application/, 'only the check page submits')
    const page = await author.get(`/recognition/${slug}/check`)
    assert.equal(heading(page.body), 'Check your answers before submitting the application')
    assert.equal(summaryRows(page.body)['Name of the body'], 'Royal College of Emergency Medicine')
    assert.match(mainText(page.body), /Once submitted, this version cannot be changed/)
    assert.equal((await credentialRow(slug)).status, 'tbc', 'saving and checking submit nothing')
    const res = await author.post(`/recognition/${slug}/submit`, { rowVersion: rowVersionIn(page.body) })
    assert.equal(res.statusCode, 303)
    const shown = await author.get(`/recognition/${slug}`)
    assert.match(mainText(shown.body), /Application submitted for review/)
    assert.doesNotMatch(everything(shown.body), /Save and go back/)
    assert.equal(
      (await author.get(`/recognition/${slug}/check`)).headers.location,
      `/recognition/${slug}`,
      'nothing to check once submitted',
    )
    const row = await credentialRow(slug)
    assert.equal(row.status, 'under_review')
    assert.equal(row.listed, false)
    const version = await t.database.db
      .selectFrom('specification_version')
      .select(['state', 'submitted_at', 'criterion_set_id'])
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(version.state, 'submitted')
    assert.ok(version.submitted_at)
    assert.ok(version.criterion_set_id)
    const mail = await t.services.mail.latestTo('admin@example.org')
    assert.equal(
      mail?.subject,
      'Application for recognition submitted: Emergency medicine advanced clinical practitioner curriculum',
    )
    assert.match(mail.text, new RegExp(`/specifications/${slug}/versions/1/reviewers`))
    const adminView = await admin.get(`/recognition/${slug}`)
    assert.ok(hrefs(adminView.body).includes(`/specifications/${slug}/versions/1/reviewers`))

    const current = await t.database.db
      .selectFrom('specification_version')
      .select('row_version')
      .where('credential_id', '=', row.id)
      .executeTakeFirstOrThrow()
    const now = String(current.row_version)
    const again = await author.post(`/recognition/${slug}/submit`, { rowVersion: now })
    assert.equal(again.statusCode, 303)
    assert.match(mainText((await author.get(`/recognition/${slug}`)).body), /Only a draft can be submitted/)
    const edit = await postForm(
      author,
      `/recognition/${slug}`,
      applicationForm({ area: areaSlug, rowVersion: now }),
    )
    assert.equal(edit.statusCode, 303)
    assert.match(
      mainText((await author.get(`/recognition/${slug}`)).body),
      /A submitted application cannot be changed/,
    )
  })

  it('once recognised, appears in the catalogue and the API as recognised, with its owner', async () => {
    // As the decision step leaves it.
    const row = await credentialRow(slug)
    await t.database.db
      .updateTable('credential')
      .set({ listed: true, status: 'recognised' })
      .where('id', '=', row.id)
      .execute()
    await t.database.db
      .updateTable('specification_version')
      .set({ state: 'published', decision: 'endorse', published_at: new Date() })
      .where('credential_id', '=', row.id)
      .execute()
    const page = await t.app.inject({ method: 'GET', url: `/credentials/${slug}` })
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Recognised/)
    assert.ok(hasLink(page.body, 'https://rcem.example.org', 'Royal College of Emergency Medicine'))
    const list = await t.app.inject({ method: 'GET', url: '/credentials?status=recognised' })
    assert.ok(hrefs(list.body).includes(`/credentials/${slug}`))
    assert.match(mainText(list.body), /Royal College of Emergency Medicine/)
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/credentials/${slug}` })
    const body = api.json<{ status: string; owner: { name: string } }>()
    assert.equal(body.status, 'recognised')
    assert.equal(body.owner.name, 'Royal College of Emergency Medicine')
    assert.match(mainText((await author.get(`/recognition/${slug}`)).body), /See it in the catalogue/)
  })

  it('starts a revised application after "revise and resubmit"', async () => {
    await author.get('/recognition/new')
    const res = await postForm(
      author,
      '/recognition/new',
      applicationForm({ title: 'Returned curriculum', area: areaSlug }),
    )
    const returned = String(res.headers.location).replace('/recognition/', '')
    const row = await credentialRow(returned)
    await t.database.db
      .updateTable('specification_version')
      .set({
        state: 'revise_and_resubmit',
        decision: 'revise_and_resubmit',
        report: 'Map the outcomes to pillar 4.',
      })
      .where('credential_id', '=', row.id)
      .execute()
    await t.database.db.updateTable('credential').set({ status: 'tbc' }).where('id', '=', row.id).execute()
    const home = await author.get('/home')
    assert.ok(hrefs(home.body, /^Applications returned for revision/).includes('/recognition'))
    assert.match(mainText(home.body), /Applications returned for revision 1 waiting/)
    const page = await author.get(`/recognition/${returned}`)
    assert.match(mainText(page.body), /Map the outcomes to pillar 4/)
    await author.post(`/recognition/${returned}/revise`, {})
    const shown = await author.get(`/recognition/${returned}`)
    assert.match(mainText(shown.body), /Version 2 started/)
    assert.match(mainText(shown.body), /3 of 3 sections completed/)
    assert.match(
      mainText((await author.get('/home')).body),
      /Applications returned for revision None waiting/,
      'revised, it is no longer a task',
    )
    assert.equal((await credentialRow(returned)).status, 'tbc', 'a revised application is not in development')
    const crosswalk = await author.get(`/recognition/${returned}/sections/crosswalk`)
    assert.match(mainText(crosswalk.body), /Lead the emergency team/)
  })

  it('records the decision in recognition’s words, only after reviews and a page that confirms it', async () => {
    await author.get('/recognition/new')
    const made = await postForm(
      author,
      '/recognition/new',
      applicationForm({ title: 'Decided curriculum', area: areaSlug }),
    )
    const decided = String(made.headers.location).replace('/recognition/', '')
    const check = await author.get(`/recognition/${decided}/check`)
    await author.post(`/recognition/${decided}/submit`, { rowVersion: rowVersionIn(check.body) })
    const decisionPath = `/recognition/${decided}/decision`

    // Before any review, the page says why there is nothing to decide yet.
    const early = await admin.get(decisionPath)
    assert.equal(early.statusCode, 200)
    assert.ok(!has(early.body, '[name="outcome"]'))
    assert.match(
      mainText(early.body),
      /at least 2 independent reviewers have completed their reviews\. None has so far/,
    )
    assert.equal(
      (await admin.get(`/specifications/${decided}/versions/1/decision`)).headers.location,
      decisionPath,
      'recognition is decided on its own page',
    )
    assert.equal((await author.get(decisionPath)).statusCode, 403)

    const adminActor = await actorOf('admin@example.org')
    for (const email of ['reviewer-1@example.org', 'reviewer-2@example.org']) {
      await createAccount(t, email, [{ role: 'independent_reviewer' }])
      const reviewer = await actorOf(email)
      const id = await t.services.reviews.assign(decided, 1, reviewer.userId, adminActor)
      let review = await t.services.reviews.review(id, reviewer)
      await t.services.reviews.declare(id, review.assignment.rowVersion, false, '', reviewer)
      review = await t.services.reviews.review(id, reviewer)
      const judgements = Object.fromEntries(
        review.criteria.map((c) => [c.code, { judgement: 'met' as const, comment: 'Met' }]),
      )
      await t.services.reviews.judge(id, review.assignment.rowVersion, judgements, reviewer)
      const [first, second] = review.rows
      assert.deepEqual(
        review.rows.map((r) => r.code),
        ['R1', 'R2'],
      )
      if (email === 'reviewer-1@example.org') {
        // Row by row on the review page: every row before the recommendation.
        const agent = await signedIn(t, email)
        const url = `/reviews/${id}`
        let page = await agent.get(url)
        assert.match(mainText(page.body), /Does outcome R1 meet the capabilities it claims\?/)
        assert.match(mainText(page.body), /0 of 2 crosswalk rows judged/)
        const crosswalk = `${url}/crosswalk`
        const rowVersion = rowVersionIn(page.body, crosswalk)
        const rows = { rowVersion, rows: '2', row_code_0: 'R1', row_code_1: 'R2' }
        await agent.post(crosswalk, {
          ...rows,
          row_judgement_0: 'meets',
          row_comment_0: '',
          row_comment_1: 'Hm',
        })
        page = await agent.get(url)
        assert.deepEqual(
          errorLinks(page.body).map((e) => [e.href, e.text]),
          [
            ['#row_comment_0', 'Enter a comment on outcome R1'],
            [
              '#row_judgement_1',
              'Select whether outcome R2 meets, partly meets or does not meet the capabilities it claims',
            ],
          ],
        )
        await agent.post(crosswalk, {
          ...rows,
          row_judgement_0: 'meets',
          row_comment_0: 'Assessed on shift.',
        })
        page = await agent.get(url)
        assert.match(mainText(page.body), /Crosswalk judgements saved/)
        assert.match(mainText(page.body), /1 of 2 crosswalk rows judged/)
        await agent.post(`${url}/recommendation`, {
          rowVersion: rowVersionIn(page.body, crosswalk),
          recommendation: 'revise_and_resubmit',
          recommendationComment: 'Map pillar 4',
        })
        page = await agent.get(url)
        assert.deepEqual(
          errorLinks(page.body).map((e) => e.text),
          ['Judge every row of the crosswalk before you recommend (1 left: R2)'],
        )
        await agent.post(crosswalk, {
          ...rows,
          rowVersion: rowVersionIn(page.body, crosswalk),
          row_judgement_0: 'meets',
          row_comment_0: 'Assessed on shift.',
          row_judgement_1: 'meets',
          row_comment_1: 'Leads the team in simulation and on shift.',
        })
        page = await agent.get(url)
        assert.equal(
          (
            await agent.post(`${url}/recommendation`, {
              rowVersion: rowVersionIn(page.body, crosswalk),
              recommendation: 'revise_and_resubmit',
              recommendationComment: 'Map pillar 4',
            })
          ).statusCode,
          303,
        )
        continue
      }
      review = await t.services.reviews.review(id, reviewer)
      await t.services.reviews.judgeRows(
        id,
        review.assignment.rowVersion,
        {
          [first!.code]: { judgement: 'meets', comment: 'Yes.' },
          [second!.code]: { judgement: 'does_not_meet', comment: 'Leadership is not assessed.' },
        },
        reviewer,
      )
      review = await t.services.reviews.review(id, reviewer)
      await t.services.reviews.recommend(
        id,
        review.assignment.rowVersion,
        'revise_and_resubmit',
        'Map pillar 4',
        reviewer,
      )
    }

    const form = await admin.get(decisionPath)
    const labels = textsOf(form.body, '.nhsuk-radios__label')
    assert.deepEqual(labels, [
      'Recognise',
      'Recognise with conditions',
      'Revise and resubmit',
      'Not recognise',
    ])
    assert.doesNotMatch(mainText(form.body), /\bEndorsed?\b/)
    const [comparison, crosswalk] = html(form.body).querySelectorAll('table')
    assert.deepEqual(textsOf(comparison!.toString(), '.nhsuk-tag').slice(-2), [
      'Revise and resubmit',
      'Revise and resubmit',
    ])
    // The crosswalk row by row, both reviewers side by side, the disagreement marked.
    const rowsShown = crosswalk!.querySelectorAll('tbody tr')
    assert.equal(rowsShown.length, 2)
    assert.match(words(rowsShown[0]!.textContent), /Reviewers agree: Meets/)
    assert.match(words(rowsShown[1]!.textContent), /Reviewers disagree: Meets \(.+\), Does not meet \(.+\)/)
    assert.match(words(rowsShown[1]!.textContent), /Leadership is not assessed\./)
    assert.ok(rowsShown[1]!.classList.contains('app-disagreement'))
    assert.match(mainText(form.body), /None is drafted yet/)
    const rowVersion = rowVersionIn(form.body)

    // Every missing answer at once, back on the form.
    await admin.post(`${decisionPath}/check`, { rowVersion, outcome: 'endorse_with_conditions' })
    const missing = await admin.get(decisionPath)
    assert.equal(errorFor(missing.body, 'conditions'), 'Enter the conditions of recognition')

    // No decision before the report is signed off; its draft names the rows the reviewers judged.
    await admin.post(`${decisionPath}/check`, { rowVersion, outcome: 'revise_and_resubmit' })
    assert.equal(
      errorFor((await admin.get(decisionPath)).body, 'outcome'),
      'Draft the consolidated report from the reviews and sign it off before you record the decision',
    )
    await t.services.reviews.draftReport(decided, 1, adminActor)
    const report = (await t.services.reviews.reportPage(decided, 1)).report!
    assert.deepEqual(
      report.content.items.filter((i) => i.kind === 'crosswalk').map((i) => [i.code, i.agreed]),
      [
        ['R1', true],
        ['R2', false],
      ],
    )
    assert.equal(
      report.content.items.find((i) => i.code === 'R2')?.agreement,
      'Reviewers disagree: Meets (Reviewer 1), Does not meet (Reviewer 2)',
    )
    await t.services.reviews.signOffReport(decided, 1, report.rowVersion, adminActor)

    const answers = { outcome: 'revise_and_resubmit' }
    const confirm = await admin.post(`${decisionPath}/check`, { rowVersion, ...answers })
    assert.equal(confirm.statusCode, 200)
    assert.equal(heading(confirm.body), 'Record this decision?')
    assert.equal(summaryRows(confirm.body)['Decision'], 'Revise and resubmit')
    assert.ok(hrefs(confirm.body, 'Change decision').includes(decisionPath))
    assert.match(mainText(confirm.body), /Recording the decision cannot be undone/)
    assert.match(mainText(confirm.body), /Test specification_author, who applied, is e-mailed the decision/)
    assert.match(mainText(confirm.body), /Nothing becomes public/)
    assert.ok(hrefs(confirm.body, 'Cancel').includes(`/recognition/${decided}`))
    assert.equal(textOf(confirm.body, 'button.nhsuk-button--warning'), 'Record decision')
    const state = () =>
      t.database.db
        .selectFrom('specification_version as v')
        .innerJoin('credential as c', 'c.id', 'v.credential_id')
        .select(['v.state', 'v.row_version'])
        .where('c.slug', '=', decided)
        .executeTakeFirstOrThrow()
    assert.equal((await state()).state, 'under_review', 'nothing recorded before the confirmation')

    // Changing it keeps what was written.
    const back = await admin.get(decisionPath)
    assert.deepEqual(checkedValues(back.body, 'outcome'), ['revise_and_resubmit'])

    // A form opened before something changed is refused at both steps.
    const stale = String((await state()).row_version - 1)
    await admin.post(`${decisionPath}/check`, { rowVersion: stale, ...answers })
    assert.ok((await admin.get(decisionPath)).body.includes(STALE_MESSAGE.slice(0, 40)))
    await admin.post(decisionPath, { rowVersion: stale, ...answers })
    assert.ok((await admin.get(decisionPath)).body.includes(STALE_MESSAGE.slice(0, 40)))
    assert.equal((await state()).state, 'under_review')

    const recorded = await admin.post(decisionPath, {
      rowVersion: fieldValue(confirm.body, 'rowVersion') ?? '',
      outcome: fieldValue(confirm.body, 'outcome') ?? '',
      conditions: fieldValue(confirm.body, 'conditions') ?? '',
    })
    assert.equal(recorded.headers.location, `/recognition/${decided}`)
    assert.equal((await state()).state, 'revise_and_resubmit')
    assert.equal((await credentialRow(decided)).status, 'tbc', 'returned, it is not in development')
    const shown = await admin.get(`/recognition/${decided}`)
    assert.match(mainText(shown.body), /Decision recorded: Returned for revision/)
    assert.match(mainText(shown.body), /Decision: Returned for revision/)
    const mail = await t.services.mail.latestTo('author@example.org')
    assert.match(mail?.text ?? '', /is: Revise and resubmit\./)
    assert.match(mail?.text ?? '', /Crosswalk row R2: Lead the emergency team\nReviewers disagree/)
    assert.match(mail?.text ?? '', new RegExp(`/recognition/${decided}`))
  })
})
