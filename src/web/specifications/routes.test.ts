import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import type { SpecificationContent } from '../../domain/specification-content.ts'
import {
  attributesOf,
  checkedValues,
  errorLinks as summaryLinks,
  everything,
  fieldValue,
  has,
  hrefs,
  links,
  mainText,
  rowVersionIn,
  textsOf,
} from '../../../test/support/html.ts'

type Pairs = Array<[string, string]>

/** Posts a form as a browser would, with repeated names for checkbox groups. */
async function postForm(t: TestApp, agent: Agent, url: string, pairs: Pairs) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: agent.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', agent.csrfToken ?? ''], ...pairs]).toString(),
  })
  return res
}

/** The draft form's fields for some content; rows without a code are new rows. */
function fields(content: Partial<SpecificationContent>, rowVersion: string, action = 'save'): Pairs {
  const pairs: Pairs = [
    ['rowVersion', rowVersion],
    ['action', action],
    ['purpose', content.purpose ?? ''],
    ['scope', content.scope ?? ''],
    ['mastersRoute', content.entryRequirements?.mastersRoute ?? ''],
    ['equivalence', content.entryRequirements?.equivalence ?? ''],
    ['assessmentStrategy', content.assessmentStrategy ?? ''],
    ['level', content.level == null ? '' : String(content.level)],
    ['credits', content.credits == null ? '' : String(content.credits)],
  ]
  for (const p of content.targetProfessions ?? []) pairs.push(['targetProfessions', p])
  const outcomes = content.outcomes ?? []
  pairs.push(['outcomeRows', String(outcomes.length)])
  outcomes.forEach((o, i) => pairs.push([`outcomeCode_${i}`, o.code], [`outcomeText_${i}`, o.text]))
  const capabilities = content.capabilities ?? []
  pairs.push(['capabilityRows', String(capabilities.length)])
  capabilities.forEach((c, i) => {
    pairs.push([`capabilityCode_${i}`, c.code], [`capabilityText_${i}`, c.text])
    for (const f of c.frameworkCodes) pairs.push([`capabilityFramework_${i}`, f])
  })
  return pairs
}

const COMPLETE: SpecificationContent = {
  purpose: 'Prepare advanced practitioners to lead care of people with frailty.',
  scope: 'Community and acute settings; not paediatrics.',
  targetProfessions: ['Nurse', 'Pharmacist'],
  entryRequirements: {
    mastersRoute: 'Taken within or after an advanced-practice MSc.',
    equivalence: 'A portfolio mapped to the framework, judged by the provider.',
  },
  outcomes: [
    { code: '', text: 'Assess frailty with a comprehensive geriatric assessment.' },
    { code: '', text: 'Lead deprescribing decisions with patients and families.' },
  ],
  capabilities: [
    { code: '', text: 'Manage complex multimorbidity', frameworkCodes: ['1.6', '2.5'] },
    { code: '', text: 'Teach and research frailty care', frameworkCodes: ['3.1', '4.1'] },
  ],
  assessmentStrategy: 'Workplace-based assessments and a portfolio viva.',
  level: 7,
  credits: 60,
}

describe('drafting a specification', () => {
  let t: TestApp
  let author: Agent
  let otherAuthor: Agent
  let admin: Agent
  let authorId: string
  let otherAuthorId: string
  let areaId: number
  let serial = 0

  before(async () => {
    t = await createTestApp()
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'admin2@example.org', [{ role: 'centre_admin' }])
    authorId = await createAccount(t, 'author@example.org', [{ role: 'specification_author' }])
    otherAuthorId = await createAccount(t, 'other@example.org', [{ role: 'specification_author' }])
    admin = await signedIn(t, 'admin@example.org')
    author = await signedIn(t, 'author@example.org')
    otherAuthor = await signedIn(t, 'other@example.org')
    areaId = (await t.database.db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()).id
  })
  after(() => t.close())

  /** A credential in development with its version 1 draft, as agreeing a proposal leaves it. */
  async function startingDraft(lead = authorId, content: unknown = {}) {
    serial += 1
    const slug = `frailty-${serial}`
    const credential = await t.database.db
      .insertInto('credential')
      .values({
        slug,
        title: `Frailty ${serial}`,
        clinical_area_id: areaId,
        type: 'credential_specification',
        status: 'in_development',
        due_season: 'spring',
        due_year: 2027,
        level: null,
        origin: 'centre',
        owner_name: null,
        owner_url: null,
        summary: null,
        notes: '[]',
        lead_author_id: lead,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.database.db
      .insertInto('specification_version')
      .values({
        credential_id: credential.id,
        number: 1,
        kind: 'specification',
        author_id: lead,
        state: 'draft',
        content: JSON.stringify(content),
      })
      .execute()
    return { slug, id: credential.id, form: `/specifications/${slug}/versions/1` }
  }

  /** The one way a draft is submitted: "Submit for review" on its check-your-answers page. */
  async function submitFromCheckPage(form: string) {
    const check = await author.get(`${form}/check`)
    return postForm(t, author, `${form}/submit`, [['rowVersion', rowVersionIn(check.body)]])
  }

  const version = (credentialId: string, number = 1) =>
    t.database.db
      .selectFrom('specification_version')
      .selectAll()
      .where('credential_id', '=', credentialId)
      .where('number', '=', number)
      .executeTakeFirstOrThrow()

  const errorLinks = (page: string) =>
    summaryLinks(page).map(({ href, text }) => [href.replace(/^.*#/, ''), text])
  /** A section's page of the draft, which carries the draft's row version. */
  const section = (draft: { form: string }, name = 'about') => `${draft.form}/sections/${name}`

  it('saves an incomplete draft, giving new outcomes their codes', async () => {
    const draft = await startingDraft()
    const page = await author.get(draft.form)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Draft version 1/)
    const res = await postForm(
      t,
      author,
      draft.form,
      fields(
        { purpose: 'Only a purpose so far', outcomes: [{ code: '', text: 'A first outcome' }] },
        rowVersionIn((await author.get(section(draft))).body),
      ),
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, draft.form)
    assert.match(mainText((await author.get(draft.form)).body), /Draft saved/)
    const shown = await author.get(section(draft, 'outcomes'))
    assert.match(mainText(shown.body), /Learning outcome LO1/)
    assert.match(mainText(shown.body), /New learning outcome/, 'an empty row for the next one')
    const row = await version(draft.id)
    assert.equal(row.state, 'draft')
    assert.equal((row.content as SpecificationContent).purpose, 'Only a purpose so far')
    assert.deepEqual((row.content as SpecificationContent).outcomes, [
      { code: 'LO1', text: 'A first outcome' },
    ])
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('action', '=', 'specification.draft_saved')
      .execute()
    assert.ok(
      audit.some((a) => a.entity_id === row.id),
      'saving is in the audit trail',
    )
  })

  it('is a task list: each section saves alone and shows its status; only the check page submits', async () => {
    const draft = await startingDraft()
    const statuses = async () => textsOf((await author.get(draft.form)).body, '.nhsuk-task-list__status')
    assert.deepEqual(await statuses(), Array(5).fill('Not started'))

    // A section saves only its own answers, whatever else the body carries.
    const about = await author.get(section(draft))
    assert.ok(has(about.body, '#purpose') && !has(about.body, '#level'), 'one section on its page')
    const saved = await postForm(
      t,
      author,
      section(draft),
      fields({ purpose: 'Only a purpose', level: 7 }, rowVersionIn(about.body)),
    )
    assert.equal(saved.headers.location, draft.form)
    const partial = (await version(draft.id)).content as SpecificationContent
    assert.equal(partial.purpose, 'Only a purpose')
    assert.equal(partial.level, null, 'the level is not on this page')
    assert.deepEqual(await statuses(), ['In progress', ...Array(4).fill('Not started')])

    for (const name of ['about', 'entry-requirements', 'outcomes', 'capabilities', 'assessment']) {
      const page = await author.get(section(draft, name))
      const res = await postForm(t, author, section(draft, name), fields(COMPLETE, rowVersionIn(page.body)))
      assert.equal(res.headers.location, draft.form, name)
    }
    assert.deepEqual(await statuses(), Array(5).fill('Completed'))
    assert.equal((await version(draft.id)).state, 'draft', 'saving never submits')

    const check = await author.get(`${draft.form}/check`)
    const text = mainText(check.body)
    for (const answer of [
      COMPLETE.purpose,
      'Learning outcome LO2',
      COMPLETE.assessmentStrategy,
      'Nurse, Pharmacist',
    ])
      assert.ok(text.includes(answer), answer)
    assert.match(text, /Once submitted, this version cannot be changed/)
    assert.ok(hrefs(check.body, /^Change/).includes(`${section(draft)}#purpose`))
    const res = await postForm(t, author, `${draft.form}/submit`, [['rowVersion', rowVersionIn(check.body)]])
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/specifications/${draft.slug}`)
    assert.equal((await version(draft.id)).state, 'submitted')
    assert.equal((await author.get(section(draft))).headers.location, draft.form, 'no section to change')
  })

  it('the check page lists what is missing, each linked to its field, and offers no submission', async () => {
    const draft = await startingDraft(authorId, { ...COMPLETE, scope: '', level: null })
    const check = await author.get(`${draft.form}/check`)
    assert.ok(!has(check.body, `form[action="${draft.form}/submit"]`))
    assert.ok(hrefs(check.body, 'Enter the scope').includes(`${section(draft)}#scope`))
    assert.ok(hrefs(check.body, 'Enter the level').includes(`${section(draft, 'assessment')}#level`))
    assert.match(mainText(check.body), /Scope\s+Not answered yet/)
    // A submission sent anyway is refused with the same list, and nothing is locked.
    const row = await version(draft.id)
    const res = await postForm(t, author, `${draft.form}/submit`, [['rowVersion', String(row.row_version)]])
    assert.equal(res.headers.location, `${draft.form}/check`)
    const refused = await author.get(`${draft.form}/check`)
    assert.deepEqual(errorLinks(refused.body), [
      ['scope', 'Enter the scope'],
      ['level', 'Enter the level'],
    ])
    assert.equal((await version(draft.id)).state, 'draft')
  })

  it('"Add another" saves and shows a new empty row, without JavaScript', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft, 'capabilities'))
    const res = await postForm(
      t,
      author,
      section(draft, 'capabilities'),
      fields(
        { capabilities: [{ code: '', text: 'First', frameworkCodes: ['1.1'] }] },
        rowVersionIn(page.body),
        'addCapability',
      ),
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `${section(draft, 'capabilities')}#capabilities`)
    const shown = await author.get(section(draft, 'capabilities'))
    assert.match(mainText(shown.body), /Capability AC1/)
    assert.equal(fieldValue(shown.body, 'capabilityRows'), '2')
    assert.ok(checkedValues(shown.body).includes('1.1'))
  })

  it('refuses only format problems, field by field, keeping what was typed and saving nothing', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft, 'assessment'))
    const before = await version(draft.id)
    await postForm(
      t,
      author,
      section(draft, 'assessment'),
      fields({ assessmentStrategy: 'Typed strategy' }, rowVersionIn(page.body)).map(
        ([k, v]): [string, string] => (k === 'level' ? [k, 'seven'] : k === 'credits' ? [k, '500'] : [k, v]),
      ),
    )
    const shown = await author.get(section(draft, 'assessment'))
    assert.deepEqual(errorLinks(shown.body), [
      ['level', 'Level must be a whole number from 6 to 8'],
      ['credits', 'Credits must be a whole number from 1 to 180'],
    ])
    assert.match(mainText(shown.body), /Typed strategy/)
    assert.ok(attributesOf(shown.body, '[value]', 'value').includes('seven'))
    const after = await version(draft.id)
    assert.equal(after.row_version, before.row_version, 'nothing saved')
  })

  it('"submit" on an incomplete draft saves it and opens the check page listing what is missing', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft))
    const res = await postForm(
      t,
      author,
      draft.form,
      fields(
        {
          ...COMPLETE,
          scope: '',
          outcomes: [{ code: '', text: 'Only outcome' }],
          capabilities: [{ code: '', text: 'Clinical only', frameworkCodes: ['1.1'] }],
          level: null,
        },
        rowVersionIn(page.body),
        'submit',
      ),
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `${draft.form}/check`, 'never submitted from the form')
    const shown = await author.get(`${draft.form}/check`)
    assert.ok(!has(shown.body, `form[action="${draft.form}/submit"]`))
    for (const missing of [
      'Enter the scope',
      'Map the capabilities, between them, to all four pillars of the framework',
      'Enter the level',
    ])
      assert.ok(hrefs(shown.body, missing).length, missing)
    const row = await version(draft.id)
    assert.equal(row.state, 'draft')
    assert.equal((row.content as SpecificationContent).purpose, COMPLETE.purpose, 'the draft was saved')
  })

  it('submits a complete draft: frozen, credential under review, admins told, on the timeline', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft))
    const saved = await postForm(t, author, draft.form, fields(COMPLETE, rowVersionIn(page.body), 'submit'))
    assert.equal(
      saved.headers.location,
      `${draft.form}/check`,
      'the form only saves and opens the check page',
    )
    assert.equal((await version(draft.id)).state, 'draft', 'nothing is locked before the check page')
    const res = await submitFromCheckPage(draft.form)
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/specifications/${draft.slug}`)

    const row = await version(draft.id)
    assert.equal(row.state, 'submitted')
    assert.ok(row.submitted_at)
    const endorsement = await t.database.db
      .selectFrom('criterion_set')
      .select('id')
      .where('kind', '=', 'endorsement')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(row.criterion_set_id, endorsement.id)
    const content = row.content as SpecificationContent
    assert.deepEqual(
      content.capabilities.map((c) => c.code),
      ['AC1', 'AC2'],
    )
    const credential = await t.database.db
      .selectFrom('credential')
      .select('status')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow()
    assert.equal(credential.status, 'under_review')

    for (const email of ['admin@example.org', 'admin2@example.org']) {
      const mail = await t.services.mail.latestTo(email)
      assert.ok(mail, `${email} was told`)
      assert.match(mail.subject, new RegExp(`Specification submitted: Frailty ${draft.slug.split('-')[1]}`))
      assert.match(mail.text, new RegExp(`/specifications/${draft.slug}`))
    }

    const workspace = await author.get(`/specifications/${draft.slug}`)
    assert.match(mainText(workspace.body), /Version 1 submitted for review/)
    assert.match(
      mainText(workspace.body),
      /Submitted version 1 for review/,
      'the timeline says what happened',
    )
    assert.match(mainText(workspace.body), /Test specification_author/, 'and who did it')

    // Frozen: the page is read-only and a changed form is refused.
    const frozen = await author.get(draft.form)
    assert.ok(!has(frozen.body, '[name="rowVersion"]'))
    assert.match(mainText(frozen.body), /cannot be changed/)
    await postForm(
      t,
      author,
      draft.form,
      fields({ ...COMPLETE, purpose: 'Changed' }, String(row.row_version)),
    )
    const refusedPage = await author.get(draft.form)
    assert.match(mainText(refusedPage.body), /Version 1 has been submitted, so it cannot be changed/)
    assert.equal((await version(draft.id)).row_version, row.row_version)
  })

  it('admins see the workspace with links to review and decision; other authors get 404', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft))
    await postForm(t, author, draft.form, fields(COMPLETE, rowVersionIn(page.body), 'submit'))
    await submitFromCheckPage(draft.form)

    const seen = await admin.get(`/specifications/${draft.slug}`)
    assert.equal(seen.statusCode, 200)
    assert.ok(hrefs(seen.body).includes(`/specifications/${draft.slug}/versions/1/reviewers`))
    assert.ok(hrefs(seen.body).includes(`/specifications/${draft.slug}/versions/1/decision`))
    assert.match(mainText(seen.body), /Spring 2027/)
    assert.match(mainText(seen.body), /Lead author[\s\S]*?Test specification_author/)
    const authorView = await author.get(`/specifications/${draft.slug}`)
    assert.doesNotMatch(everything(authorView.body), /versions\/1\/reviewers/)

    assert.equal((await otherAuthor.get(`/specifications/${draft.slug}`)).statusCode, 404)
    assert.equal((await otherAuthor.get(draft.form)).statusCode, 404)
    await otherAuthor.get('/specifications')
    assert.equal((await postForm(t, otherAuthor, draft.form, fields(COMPLETE, '1'))).statusCode, 404)
    assert.equal(
      (await postForm(t, otherAuthor, `/specifications/${draft.slug}/versions`, [])).statusCode,
      404,
    )
    assert.equal((await author.get('/specifications/no-such-thing')).statusCode, 404)
    assert.equal((await author.get(`/specifications/${draft.slug}/versions/9`)).statusCode, 404)
  })

  it("refuses a draft's changes from anyone but its author, even an admin", async () => {
    const draft = await startingDraft()
    const page = await admin.get(draft.form)
    assert.equal(page.statusCode, 200)
    assert.ok(!has(page.body, '[name="rowVersion"]'), 'admins read drafts; they do not edit them')
    await postForm(t, admin, draft.form, fields({ purpose: 'Admin wrote this' }, '1'))
    const shown = await admin.get(draft.form)
    assert.match(mainText(shown.body), /Only the author can change this draft/)
    assert.equal((await version(draft.id)).row_version, 1)
  })

  it('refuses a stale form: "changed since you opened it", nothing saved', async () => {
    const draft = await startingDraft()
    const first = await author.get(section(draft))
    const stale = rowVersionIn(first.body)
    await postForm(t, author, section(draft), fields({ purpose: 'First change' }, stale))
    await postForm(t, author, section(draft), fields({ purpose: 'Second change, from the old page' }, stale))
    const shown = await author.get(section(draft))
    assert.ok(shown.body.includes(STALE_MESSAGE.replace(/'/g, '&#39;')), 'the stale message is shown')
    assert.match(mainText(shown.body), /First change/, 'the latest version is shown')
    assert.equal(
      (await version(draft.id)).content &&
        ((await version(draft.id)).content as SpecificationContent).purpose,
      'First change',
    )
  })

  it('after "revise and resubmit", the author starts version 2 as a copy; codes stay stable', async () => {
    const draft = await startingDraft()
    const page = await author.get(section(draft))
    await postForm(t, author, draft.form, fields(COMPLETE, rowVersionIn(page.body), 'submit'))
    await submitFromCheckPage(draft.form)
    // The decision belongs to the review journey; here it is recorded directly.
    await t.database.db
      .updateTable('specification_version')
      .set({
        state: 'revise_and_resubmit',
        decision: 'revise_and_resubmit',
        decided_at: new Date(),
        report: 'Add an outcome on recognising delirium.',
      })
      .where('credential_id', '=', draft.id)
      .execute()
    const workspace = await author.get(`/specifications/${draft.slug}`)
    assert.match(mainText(workspace.body), /Start version 2/)
    const decided = await author.get(draft.form)
    assert.match(mainText(decided.body), /Revise and resubmit/)
    assert.match(
      mainText(decided.body),
      /Add an outcome on recognising delirium\./,
      'the report goes back to the author',
    )

    const res = await postForm(t, author, `/specifications/${draft.slug}/versions`, [])
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/specifications/${draft.slug}/versions/2`)
    const v1 = await version(draft.id, 1)
    const v2 = await version(draft.id, 2)
    assert.equal(v2.state, 'draft')
    assert.equal(v2.author_id, authorId)
    assert.deepEqual(v2.content, v1.content)
    const credential = await t.database.db
      .selectFrom('credential')
      .select('status')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow()
    assert.equal(credential.status, 'in_development')
    const timeline = await author.get(`/specifications/${draft.slug}`)
    assert.match(mainText(timeline.body), /Started version 2, a copy of version 1 to revise/)

    // Remove LO2 and add a new outcome: it is LO3, never LO2 again.
    const form = await author.get(`/specifications/${draft.slug}/versions/2/sections/outcomes`)
    const content = v2.content as SpecificationContent
    await postForm(
      t,
      author,
      `/specifications/${draft.slug}/versions/2`,
      fields(
        { ...content, outcomes: [content.outcomes[0]!, { code: '', text: 'A new outcome' }] },
        rowVersionIn(form.body),
      ),
    )
    const saved = (await version(draft.id, 2)).content as SpecificationContent
    assert.deepEqual(
      saved.outcomes.map((o) => o.code),
      ['LO1', 'LO3'],
    )

    // A second start is refused: version 2 is open.
    await postForm(t, author, `/specifications/${draft.slug}/versions`, [])
    assert.match(
      mainText((await author.get(`/specifications/${draft.slug}`)).body),
      /A new version can be started after a decision to revise and resubmit/,
    )
  })

  it('periodic review: a Centre admin starts a version for an author from the published one', async () => {
    const draft = await startingDraft(authorId, COMPLETE)
    await t.database.db
      .updateTable('specification_version')
      .set({ state: 'published', published_at: new Date() })
      .where('credential_id', '=', draft.id)
      .execute()
    await t.database.db
      .updateTable('credential')
      .set({ status: 'periodic_review' })
      .where('id', '=', draft.id)
      .execute()
    const adminId = (
      await t.database.db
        .selectFrom('user_account')
        .select('id')
        .where('email', '=', 'admin@example.org')
        .executeTakeFirstOrThrow()
    ).id
    const adminActor = {
      userId: adminId,
      name: 'Ada Admin',
      label: 'admin@example.org',
      ip: null,
      roles: ['centre_admin' as const],
    }
    const authorActor = { ...adminActor, userId: authorId, roles: ['specification_author' as const] }
    await assert.rejects(
      t.services.specifications.startVersion(draft.slug, authorActor, { authorId }),
      /Only Centre admins start a version for someone else/,
    )
    const { number } = await t.services.specifications.startVersion(draft.slug, adminActor, {
      authorId,
      reason: 'Periodic review found the assessment out of date',
    })
    assert.equal(number, 2)
    const v2 = await version(draft.id, 2)
    assert.equal(v2.author_id, authorId)
    assert.equal(v2.state, 'draft')
    assert.equal((v2.content as SpecificationContent).purpose, COMPLETE.purpose)
    const credential = await t.database.db
      .selectFrom('credential')
      .select('status')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow()
    assert.equal(credential.status, 'periodic_review', 'the published version stays in force')
    const mail = await t.services.mail.latestTo('author@example.org')
    assert.match(mail?.subject ?? '', /New version to draft/)
    const workspace = await author.get(`/specifications/${draft.slug}`)
    assert.match(
      mainText(workspace.body),
      /Periodic review found the assessment out of date/,
      'the why, on the timeline',
    )
    assert.ok(links(workspace.body).some((link) => link.text === 'Edit draft version 2'))
  })

  it('maps a learning outcome to framework capabilities, shown beside it; an unknown one is refused', async () => {
    const draft = await startingDraft(authorId, { ...COMPLETE, outcomes: [{ code: 'LO1', text: 'One' }] })
    const page = await author.get(section(draft, 'outcomes'))
    assert.deepEqual(
      attributesOf(page.body, 'input[name="outcomeFramework_0"]', 'value').slice(0, 2),
      ['1.1', '1.2'],
      'every framework capability is offered for each outcome',
    )
    await postForm(t, author, section(draft, 'outcomes'), [
      ['rowVersion', rowVersionIn(page.body)],
      ['outcomeRows', '1'],
      ['outcomeCode_0', 'LO1'],
      ['outcomeText_0', 'One'],
      ['outcomeFramework_0', '1.6'],
      ['outcomeFramework_0', '4.2'],
      ['action', 'save'],
    ])
    const saved = (await version(draft.id)).content as SpecificationContent
    assert.deepEqual(saved.outcomes, [{ code: 'LO1', text: 'One', frameworkCodes: ['1.6', '4.2'] }])
    const shown = await author.get(`${draft.form}/check`)
    assert.match(
      mainText(shown.body),
      /One \(develops 1\.6 Clinical reasoning in differentiated and undifferentiated presentations; 4\.2 /,
    )
    const again = await author.get(section(draft, 'outcomes'))
    assert.deepEqual(checkedValues(again.body, 'outcomeFramework_0'), ['1.6', '4.2'])

    await postForm(t, author, section(draft, 'outcomes'), [
      ['rowVersion', rowVersionIn(again.body)],
      ['outcomeRows', '1'],
      ['outcomeCode_0', 'LO1'],
      ['outcomeText_0', 'One'],
      ['outcomeFramework_0', '9.9'],
      ['action', 'save'],
    ])
    const refused = await author.get(section(draft, 'outcomes'))
    assert.deepEqual(errorLinks(refused.body), [
      ['outcomeFramework_0', 'Select framework capabilities from the list'],
    ])
  })

  it('removes a row when asked', async () => {
    const draft = await startingDraft(authorId, {
      ...COMPLETE,
      outcomes: [
        { code: 'LO1', text: 'One' },
        { code: 'LO2', text: 'Two' },
      ],
    })
    const page = await author.get(section(draft, 'outcomes'))
    await postForm(t, author, draft.form, [
      ...fields(
        {
          ...COMPLETE,
          outcomes: [
            { code: 'LO1', text: 'One' },
            { code: 'LO2', text: 'Two' },
          ],
        },
        rowVersionIn(page.body),
      ),
      ['outcomeRemove_0', 'yes'],
    ])
    const saved = (await version(draft.id)).content as SpecificationContent
    assert.deepEqual(saved.outcomes, [{ code: 'LO2', text: 'Two' }])
  })

  it('refuses a new version of a withdrawn credential, and before any decision', async () => {
    const draft = await startingDraft()
    await assert.rejects(
      t.services.specifications.startVersion(draft.slug, {
        userId: authorId,
        name: 'Author',
        label: 'author@example.org',
        ip: null,
        roles: ['specification_author'],
      }),
      /A new version can be started after a decision to revise and resubmit/,
    )
    await t.database.db
      .updateTable('credential')
      .set({ status: 'withdrawn' })
      .where('id', '=', draft.id)
      .execute()
    await t.database.db
      .updateTable('specification_version')
      .set({ state: 'revise_and_resubmit' })
      .where('credential_id', '=', draft.id)
      .execute()
    await assert.rejects(
      t.services.specifications.startVersion(draft.slug, {
        userId: authorId,
        name: 'Author',
        label: 'author@example.org',
        ip: null,
        roles: ['specification_author'],
      }),
      /This credential has been withdrawn/,
    )
  })

  it('lists each author their own specifications, and admins all; counts drafts to write', async () => {
    const mine = await startingDraft()
    const theirs = await startingDraft(otherAuthorId)
    const authorList = await author.get('/specifications')
    assert.ok(hrefs(authorList.body).includes(`/specifications/${mine.slug}`))
    assert.ok(!hrefs(authorList.body).includes(`/specifications/${theirs.slug}`))
    const adminList = await admin.get('/specifications')
    assert.ok(hrefs(adminList.body).includes(`/specifications/${mine.slug}`))
    assert.ok(hrefs(adminList.body).includes(`/specifications/${theirs.slug}`))
    const { drafts } = await t.services.specifications.counts({ userId: otherAuthorId })
    assert.equal(drafts, 1)
  })

  it('answers a form that is not ours with 400, never 500', async () => {
    const draft = await startingDraft()
    await author.get(draft.form)
    const res = await postForm(t, author, draft.form, [
      ['purpose', 'a'],
      ['purpose', 'b'],
    ])
    assert.equal(res.statusCode, 400)
    const nonsense = await postForm(t, author, draft.form, [
      ['rowVersion', 'x'],
      ['outcomeRows', '99999'],
      ['capabilityRows', '-4'],
      ['capabilityFramework_0', '9.9'],
    ])
    assert.equal(nonsense.statusCode, 303)
  })
})
