import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  attributesOf,
  checkedValues,
  errorFor,
  everything,
  fieldValue,
  hasLink,
  hrefs,
  mainText,
  rowVersionIn,
  textsOf,
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

describe('recognition', () => {
  let t: TestApp
  let author: Agent
  let otherAuthor: Agent
  let admin: Agent
  let areaSlug: string

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
    assert.match(mainText(form.body), /Pillar 1: Clinical practice/)
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
    assert.ok(checkedValues(page.body).includes('1.6'))
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
      applicationForm(
        {
          title: '',
          area: 'astrology',
          type: 'module',
          ownerUrl: 'http://rcem.example.org',
          documentUrl: 'not a link',
        },
        [
          { code: 'R1', outcome: 'Something', fw: ['9.9'] },
          { code: 'R1', outcome: 'Twice', fw: ['1.1'] },
        ],
      ),
    )
    const page = await author.get('/recognition/new')
    for (const [field, message] of Object.entries({
      title: 'Enter the title of the credential or curriculum',
      area: 'Select the clinical area',
      type: 'Select whether it is a credential specification or a curriculum',
      ownerUrl: "The owner's web address must start with https://",
      documentUrl: 'The link to the document must be a full web address starting with https://',
      fw_0: 'Select framework capabilities from the list (not 9.9)',
      code_1: 'Code R1 is used twice',
    })) {
      assert.ok(errorFor(page.body, field)?.startsWith(message), field)
    }
    assert.ok(attributesOf(page.body, '[value]', 'value').includes('http://rcem.example.org'))
    assert.ok(textsOf(page.body, 'textarea').some((text) => text.endsWith('Twice')))
    const count = await t.database.db
      .selectFrom('credential')
      .select('id')
      .where('listed', '=', false)
      .execute()
    assert.equal(count.length, 1, 'nothing saved')
  })

  it('adds another outcome without JavaScript, and removes one when asked', async () => {
    const page = await author.get(`/recognition/${slug}`)
    const res = await postForm(
      author,
      `/recognition/${slug}`,
      `${applicationForm({ area: areaSlug, rowVersion: rowVersionIn(page.body), action: 'add' }, [
        { code: 'R1', outcome: 'Assess patients presenting with acute illness', fw: ['1.4', '1.6'] },
        { code: 'R2', outcome: 'Lead the emergency team', fw: ['2.1'] },
        { code: 'R3', outcome: 'Teach others', fw: ['3.1'] },
      ])}&remove_1=yes`,
    )
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/recognition/${slug}#new-outcome`)
    const shown = await author.get(`/recognition/${slug}`)
    assert.match(mainText(shown.body), /Outcome R1/)
    assert.doesNotMatch(everything(shown.body), /Outcome R2/)
    assert.match(mainText(shown.body), /Outcome R3/)
    assert.match(mainText(shown.body), /New outcome/)
    assert.equal(fieldValue(shown.body, 'code_2'), 'R4', 'the new row suggests the next code')
  })

  it('refuses a save from a page opened before another save', async () => {
    const stale = rowVersionIn((await author.get(`/recognition/${slug}`)).body)
    const body = applicationForm({ area: areaSlug, rowVersion: stale })
    assert.equal((await postForm(author, `/recognition/${slug}`, body)).statusCode, 303)
    await postForm(
      author,
      `/recognition/${slug}`,
      applicationForm({ area: areaSlug, rowVersion: stale, title: 'Overwritten?' }),
    )
    const page = await author.get(`/recognition/${slug}`)
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
    const page = await author.get(`/recognition/${halfSlug}`)
    await author.post(`/recognition/${halfSlug}/submit`, { rowVersion: rowVersionIn(page.body) })
    const shown = await author.get(`/recognition/${halfSlug}`)
    assert.equal(errorFor(shown.body, 'ownerName'), 'Enter the name of the body that owns the credential')
    assert.equal(
      errorFor(shown.body, 'documentUrl'),
      'Enter the link to the credential or curriculum document',
    )
    assert.equal(errorFor(shown.body, 'outcome_0'), 'Enter the text of outcome R1')
    assert.equal(errorFor(shown.body, 'fw_1'), 'Map outcome R2 to at least one framework capability')
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
    const page = await author.get(`/recognition/${slug}`)
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
    assert.doesNotMatch(everything(adminView.body), /Save draft/, 'admins only read it')
    const practitioner = await signedIn(t, 'practitioner@example.org')
    assert.equal((await practitioner.get('/recognition')).statusCode, 403)
    assert.equal((await admin.get('/recognition/new')).statusCode, 403)
  })

  it('submits a complete application: frozen, under review, admins told', async () => {
    const page = await author.get(`/recognition/${slug}`)
    assert.match(mainText(page.body), /The application is complete/)
    const res = await author.post(`/recognition/${slug}/submit`, { rowVersion: rowVersionIn(page.body) })
    assert.equal(res.statusCode, 303)
    const shown = await author.get(`/recognition/${slug}`)
    assert.match(mainText(shown.body), /Application submitted for review/)
    assert.doesNotMatch(everything(shown.body), /Save draft/)
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
    await t.database.db
      .updateTable('credential')
      .set({ status: 'in_development' })
      .where('id', '=', row.id)
      .execute()
    const page = await author.get(`/recognition/${returned}`)
    assert.match(mainText(page.body), /Map the outcomes to pillar 4/)
    await author.post(`/recognition/${returned}/revise`, {})
    const shown = await author.get(`/recognition/${returned}`)
    assert.match(mainText(shown.body), /Version 2 started/)
    assert.match(mainText(shown.body), /Save draft/)
    assert.match(mainText(shown.body), /Lead the emergency team/)
  })
})
