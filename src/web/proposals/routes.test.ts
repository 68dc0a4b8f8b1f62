import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Role } from '../../domain/accounts.ts'
import { proposalSections } from '../../domain/proposal-sections.ts'
import { STALE_MESSAGE, type ProcessActor } from '../../services/process.ts'
import { decideAtMeeting } from '../../db/seed/demo-meetings.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import {
  attributesOf,
  errorFor,
  errorLinks,
  banner,
  everything,
  has,
  hrefs,
  html,
  links,
  mainText,
  rowVersionIn,
  summaryRows,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'
import { judgeEveryCriterion, sendToGroup } from '../../../test/support/gateway-check.ts'

const AUTHOR = 'author@example.org'
const OTHER_AUTHOR = 'other.author@example.org'
const ADMIN = 'admin@example.org'
const MEMBER = 'member@example.org'
const MEMBER_2 = 'member2@example.org'
/** An author who is also in the Credential Group. */
const AUTHOR_MEMBER = 'author.member@example.org'
const PRACTITIONER = 'practitioner@example.org'

/** Opens a page, following redirects as a browser would. */
async function follow(agent: Agent, url: string) {
  let res = await agent.get(url)
  while (res.statusCode === 303) res = await agent.get(res.headers.location as string)
  return res
}
/** The error summary's text: its title, any description and the messages. */
const summaryOf = (page: string) => textOf(page, '.nhsuk-error-summary')

describe('proposals and the Credential Group', () => {
  let t: TestApp
  const ids: Record<string, string> = {}
  const agents: Record<string, Agent> = {}
  let areaId: number
  let professions: string[]
  let gateway: Array<{ code: string; field: string; parentCode: string | null; title: string | null }>

  const actor = (email: string, roles: Role[]): ProcessActor => ({
    userId: ids[email]!,
    label: email,
    ip: null,
    name: `Name of ${email}`,
    roles,
  })
  const authorActor = () => actor(AUTHOR, ['specification_author'])
  const adminActor = () => actor(ADMIN, ['centre_admin'])
  const memberActor = () => actor(MEMBER, ['credential_group_member'])

  const completeInput = (title: string) => ({
    clinicalAreaId: areaId,
    title,
    need: 'Older adults with frailty wait too long for specialist assessment.',
    targetProfessions: professions.slice(0, 2),
    evidence: 'Regional workforce review, 2025.',
    gatewayAnswers: Object.fromEntries(gateway.map((g) => [g.code, `How it meets ${g.code}`])),
  })
  const completeForm = (title: string): Record<string, string> => ({
    clinicalArea: String(areaId),
    title,
    need: 'Older adults with frailty wait too long for specialist assessment.',
    evidence: 'Regional workforce review, 2025.',
    ...Object.fromEntries(gateway.map((g) => [g.field, `How it meets ${g.code}`])),
  })

  async function proposalRow(id: string) {
    return t.database.db.selectFrom('proposal').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }

  /** A proposal taken by the services to the given state; returns its id and row version. */
  async function proposalAt(state: 'draft' | 'submitted' | 'with_group', title: string, by = authorActor()) {
    const id = await t.services.proposals.create(completeInput(title), by)
    let rv = 1
    if (state === 'draft') return { id, rv }
    rv = await t.services.proposals.submit(id, rv, by)
    if (state === 'submitted') return { id, rv }
    rv = await sendToGroup(t.services, id, rv, adminActor())
    return { id, rv }
  }

  async function mailTo(email: string) {
    return t.services.mail.latestTo(email)
  }

  before(async () => {
    // The group decides at a meeting; two members present are enough here.
    t = await createTestApp({ GROUP_QUORUM: '2' })
    ids[AUTHOR] = await createAccount(t, AUTHOR, [{ role: 'specification_author' }])
    ids[OTHER_AUTHOR] = await createAccount(t, OTHER_AUTHOR, [{ role: 'specification_author' }])
    ids[ADMIN] = await createAccount(t, ADMIN, [{ role: 'centre_admin' }])
    ids[MEMBER] = await createAccount(t, MEMBER, [{ role: 'credential_group_member' }])
    ids[MEMBER_2] = await createAccount(t, MEMBER_2, [{ role: 'credential_group_member' }])
    ids[AUTHOR_MEMBER] = await createAccount(t, AUTHOR_MEMBER, [
      { role: 'specification_author' },
      { role: 'credential_group_member' },
    ])
    ids[PRACTITIONER] = await createAccount(t, PRACTITIONER, [{ role: 'practitioner' }])
    for (const email of Object.keys(ids)) agents[email] = await signedIn(t, email)
    const options = await t.services.proposals.formOptions()
    areaId = options.areas[0]!.id
    professions = options.professions
    gateway = options.gateway.criteria
    assert.ok(gateway.length >= 3, 'the seeded gateway criteria')
  })
  after(() => t.close())

  /** The sections of the form for the seeded gateway criteria, by the end of their address. */
  const sectionsOf = () => proposalSections(gateway)
  const sectionPath = (id: string, section: string) => `/proposals/${id}/sections/${section}`
  /** The task list's rows: each section's title and status. */
  const statuses = (page: string) =>
    html(page)
      .querySelectorAll('.nhsuk-task-list__item')
      .map((item) => [
        textOf(item, '.nhsuk-task-list__name-and-hint'),
        textOf(item, '.nhsuk-task-list__status'),
      ])
  /** Saves one section's page as the author would: opens it, and posts its fields. */
  async function saveSection(id: string, section: string, fields: Record<string, string | string[]>) {
    const author = agents[AUTHOR]!
    const page = await author.get(sectionPath(id, section))
    assert.equal(page.statusCode, 200, section)
    return author.post(sectionPath(id, section), { ...fields, rowVersion: rowVersionIn(page.body) })
  }
  const gatewayFields = (codes: readonly string[]) =>
    Object.fromEntries(
      gateway.filter((g) => codes.includes(g.code)).map((g) => [g.field, `How it meets ${g.code}`]),
    )

  it('starts a proposal on its first section, then shows the task list with what is still to do', async () => {
    const author = agents[AUTHOR]!
    const form = await author.get('/proposals/new')
    assert.equal(form.statusCode, 200)
    assert.equal(textOf(form.body, 'h1'), 'Propose a credential')
    for (const p of professions)
      assert.ok(attributesOf(form.body, 'input', 'value').includes(p), `a checkbox for ${p}`)
    assert.ok(!has(form.body, '[name^="gateway_"]'), 'the gateway criteria have sections of their own')

    const { posted, page } = await author.submit('/proposals/new', '/proposals/new', {
      clinicalArea: String(areaId),
      title: 'Frailty in the community',
    })
    assert.equal(posted.statusCode, 303)
    const id = /^\/proposals\/([0-9a-f-]{36})\/edit$/.exec(posted.headers.location as string)![1]!
    assert.match(mainText(page.body), /Draft proposal saved/)
    const sections = sectionsOf()
    assert.deepEqual(statuses(page.body), [
      ['About the credential', 'In progress'],
      ...sections.slice(1).map((s) => [s.title, 'Not started']),
    ])
    assert.deepEqual(
      hrefs(page.body).filter((h) => h.includes('/sections/')),
      sections.map((s) => sectionPath(id, s.id)),
    )
    assert.match(mainText(page.body), /0 of \d+ sections completed/)

    const row = await proposalRow(id)
    assert.equal(row.state, 'draft')
    assert.equal(row.author_id, ids[AUTHOR])
    const set = await t.database.db
      .selectFrom('criterion_set')
      .select('id')
      .where('kind', '=', 'gateway')
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(row.gateway_set_id, set.id, 'the current gateway criteria version')
  })

  it('saves a draft before its area is chosen, but not with a wrong area or profession', async () => {
    const author = agents[AUTHOR]!
    const { posted } = await author.submit('/proposals/new', '/proposals/new', { title: 'No area yet' })
    assert.equal(posted.statusCode, 303)
    const saved = await t.database.db
      .selectFrom('proposal')
      .select(['clinical_area_id', 'state'])
      .where('title', '=', 'No area yet')
      .executeTakeFirstOrThrow()
    assert.deepEqual(saved, { clinical_area_id: null, state: 'draft' })
    const before = await t.database.db.selectFrom('proposal').select('id').execute()
    const { page: wrong } = await author.submit('/proposals/new', '/proposals/new', {
      clinicalArea: '999999',
      title: 'x',
    })
    assert.match(summaryOf(wrong.body), /Select a clinical area from the list/)
    const { page: profession } = await author.submit('/proposals/new', '/proposals/new', {
      clinicalArea: String(areaId),
      targetProfessions: 'Astrologer',
    })
    assert.equal(errorFor(profession.body, 'targetProfessions'), 'Select target professions from the list')
    assert.equal((await t.database.db.selectFrom('proposal').select('id').execute()).length, before.length)
  })

  it('saves each section on its own, leaving the others as they were', async () => {
    const { id } = await proposalAt('draft', 'Section by section')
    const sections = sectionsOf()
    const [about, need, firstGateway] = sections
    assert.ok(about && need && firstGateway)
    const before = await proposalRow(id)

    // The need's page changes only the need and its evidence, however little is in them.
    const saved = await saveSection(id, 'need', { need: 'A shorter need.', evidence: '' })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, `/proposals/${id}/edit`)
    const tasks = await agents[AUTHOR]!.get(`/proposals/${id}/edit`)
    assert.match(banner(tasks.body), /The need and its evidence: saved/)
    let row = await proposalRow(id)
    assert.equal(row.need, 'A shorter need.')
    assert.equal(row.evidence, '')
    assert.equal(row.title, before.title)
    assert.deepEqual(row.target_professions, before.target_professions)
    assert.deepEqual(row.gateway_answers, before.gateway_answers)
    assert.deepEqual(
      statuses(tasks.body).map(([, status]) => status),
      sections.map((s) => (s.id === 'need' ? 'In progress' : 'Completed')),
    )

    // A gateway section's page changes only its own criteria's answers.
    await saveSection(id, firstGateway.id, {
      ...gatewayFields(firstGateway.criteria),
      [gateway[0]!.field]: 'Changed',
    })
    row = await proposalRow(id)
    assert.equal(row.gateway_answers[gateway[0]!.code], 'Changed')
    for (const g of gateway.filter((g) => !firstGateway.criteria.includes(g.code)))
      assert.equal(row.gateway_answers[g.code], before.gateway_answers[g.code], g.code)
    assert.equal(row.need, 'A shorter need.')

    // About the credential: fields another page sends are ignored here.
    await saveSection(id, 'about', {
      title: 'Renamed',
      clinicalArea: String(areaId),
      targetProfessions: professions[0]!,
      need: 'Not from this page',
    })
    row = await proposalRow(id)
    assert.equal(row.title, 'Renamed')
    assert.deepEqual(row.target_professions, [professions[0]])
    assert.equal(row.need, 'A shorter need.')
    assert.equal(row.state, 'draft', 'saving a section submits nothing')

    // A problem goes back to the section's page with what was typed.
    const wrong = await saveSection(id, 'about', { title: 'x'.repeat(201), clinicalArea: String(areaId) })
    assert.equal(wrong.headers.location, sectionPath(id, 'about'))
    const shown = await agents[AUTHOR]!.get(sectionPath(id, 'about'))
    assert.equal(errorFor(shown.body, 'title'), 'Title must be 200 characters or fewer')
    assert.equal((await proposalRow(id)).title, 'Renamed')
    assert.equal((await agents[AUTHOR]!.get(sectionPath(id, 'nonsense'))).statusCode, 404)
  })

  it('blocks an incomplete submission with an error summary naming each incomplete section', async () => {
    const id = await t.services.proposals.create(
      { ...completeInput('Half done'), need: '', targetProfessions: [], gatewayAnswers: {} },
      authorActor(),
    )
    const author = agents[AUTHOR]!
    const check = await author.get(`/proposals/${id}/check-answers`)
    assert.equal(check.statusCode, 200)
    assert.ok(!has(check.body, `form[action="/proposals/${id}/submit"]`), 'no submit button while incomplete')
    const sections = sectionsOf()
    assert.deepEqual(
      links(check.body, 'main ul.nhsuk-list--bullet a'),
      sections.map((s) => ({ text: s.title, href: sectionPath(id, s.id) })),
    )

    // A submission that gets through anyway (an old page, a script) is refused.
    const res = await author.post(`/proposals/${id}/submit`, {
      rowVersion: String((await proposalRow(id)).row_version),
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/proposals/${id}/check-answers`)
    const shown = await author.get(res.headers.location)
    const gatewaySections = sections.filter((s) => s.kind === 'gateway')
    assert.deepEqual(errorLinks(shown.body), [
      {
        href: `${sectionPath(id, 'about')}#targetProfessions`,
        text: 'Complete About the credential: select at least one target profession',
      },
      {
        href: `${sectionPath(id, 'need')}#need`,
        text: 'Complete The need and its evidence: describe the need the credential meets',
      },
      ...gatewaySections.map((s) => ({
        href: `${sectionPath(id, s.id)}#${gateway.find((g) => g.code === s.criteria[0])!.field}`,
        text: `Complete ${s.title}: ${s.criteria.map((c) => `answer gateway criterion ${c}`).join('; ')}`,
      })),
    ])
    const row = await proposalRow(id)
    assert.equal(row.state, 'draft')
    assert.equal(row.submitted_at, null)
    const events = await t.database.db
      .selectFrom('credential_event')
      .select('action')
      .where('proposal_id', '=', id)
      .execute()
    assert.deepEqual(
      events.map((e) => e.action),
      ['proposal.created'],
    )
    assert.equal(await mailTo(ADMIN).then((m) => m?.subject === 'Proposal to check: Half done'), false)
  })

  it('submits a complete proposal from the check page and e-mails the Centre admins', async () => {
    const author = agents[AUTHOR]!
    const { posted } = await author.submit('/proposals/new', '/proposals/new', {
      clinicalArea: String(areaId),
      title: 'Draft to finish',
    })
    const id = /^\/proposals\/([0-9a-f-]{36})\/edit$/.exec(posted.headers.location as string)![1]!
    const sections = sectionsOf()
    await saveSection(id, 'about', {
      title: 'Community frailty',
      clinicalArea: String(areaId),
      targetProfessions: professions[0]!,
    })
    await saveSection(id, 'need', {
      need: 'Older adults with frailty wait too long for specialist assessment.',
      evidence: 'Regional workforce review, 2025.',
    })
    for (const s of sections.filter((s) => s.kind === 'gateway'))
      await saveSection(id, s.id, gatewayFields(s.criteria))
    assert.equal((await proposalRow(id)).state, 'draft', 'saving every section submits nothing')

    const tasks = await author.get(`/proposals/${id}/edit`)
    assert.ok(statuses(tasks.body).every(([, status]) => status === 'Completed'))
    assert.deepEqual(hrefs(tasks.body, 'Check your answers and submit'), [`/proposals/${id}/check-answers`])

    const check = await author.get(`/proposals/${id}/check-answers`)
    const answers = summaryRows(check.body)
    assert.equal(answers['Title of the credential'], 'Community frailty')
    assert.equal(answers['Target professions'], professions[0])
    assert.equal(answers['Evidence of need'], 'Regional workforce review, 2025.')
    for (const g of gateway) assert.ok(Object.values(answers).includes(`How it meets ${g.code}`), g.code)
    assert.ok(hrefs(check.body, /^Change/).includes(`${sectionPath(id, 'need')}#evidence`))
    assert.match(mainText(check.body), /Once submitted, the proposal cannot be changed/)
    assert.deepEqual(hrefs(check.body, "Cancel and go back to the proposal's sections"), [
      `/proposals/${id}/edit`,
    ])

    const res = await author.post(`/proposals/${id}/submit`, {
      rowVersion: rowVersionIn(check.body, `/proposals/${id}/submit`),
    })
    assert.equal(res.headers.location, `/proposals/${id}`)
    const shown = await author.get(res.headers.location)
    assert.match(mainText(shown.body), /Proposal submitted/)
    assert.match(mainText(shown.body), /Awaiting check/)
    const row = await proposalRow(id)
    assert.equal(row.state, 'submitted')
    assert.deepEqual(row.target_professions, [professions[0]])
    assert.deepEqual(Object.keys(row.gateway_answers).sort(), gateway.map((g) => g.code).sort())
    const mail = await mailTo(ADMIN)
    assert.equal(mail?.subject, 'Proposal to check: Community frailty')
    assert.match(mail.text, new RegExp(`/proposals/${id}`))
    assert.match(mainText(shown.body), /Submitted the proposal/, 'the timeline')
    assert.match(mainText(shown.body), /by Test specification_author/, 'the timeline says who')
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '=', 'proposal.submitted')
      .execute()
    assert.equal(audit.length, 1, 'the submission is audited')

    // Once submitted, the author can no longer change it: none of its pages open.
    for (const path of [`/proposals/${id}/edit`, sectionPath(id, 'about'), `/proposals/${id}/check-answers`])
      assert.equal((await author.get(path)).statusCode, 303, path)
    const refused = await saveSectionAs(author, id, 'about', row.row_version, {
      title: 'Changed after submission',
    })
    const after = await follow(author, refused.headers.location as string)
    assert.match(
      summaryOf(after.body),
      /A proposal can only be changed before it is submitted, or when it is returned/,
    )
    assert.equal((await proposalRow(id)).title, 'Community frailty')
  })

  async function saveSectionAs(
    agent: Agent,
    id: string,
    section: string,
    rowVersion: number,
    fields: Record<string, string>,
  ) {
    return agent.post(sectionPath(id, section), { ...fields, rowVersion: String(rowVersion) })
  }

  it('shows a proposal written on the one long form, as the demo ones were, completed in every section', async () => {
    const { id, rv } = await proposalAt('draft', 'Written all at once')
    const author = agents[AUTHOR]!
    // The whole form posted at once (as scripts may) only saves, and opens the task list.
    const whole = await author.post(`/proposals/${id}/edit`, {
      ...completeForm('Written all at once'),
      targetProfessions: professions.slice(0, 2),
      rowVersion: String(rv),
    })
    assert.equal(whole.headers.location, `/proposals/${id}/edit`)
    assert.equal((await proposalRow(id)).state, 'draft')
    const tasks = await author.get(`/proposals/${id}/edit`)
    assert.match(banner(tasks.body), /Proposal saved/)
    assert.equal(tasks.statusCode, 200)
    assert.equal(textOf(tasks.body, 'h1'), 'Written all at once')
    const sections = sectionsOf()
    assert.deepEqual(
      statuses(tasks.body),
      sections.map((s) => [s.title, 'Completed']),
    )
    const check = await author.get(`/proposals/${id}/check-answers`)
    const answers = summaryRows(check.body)
    assert.equal(answers['Clinical area'], (await t.services.proposals.formOptions()).areas[0]!.name)
    assert.equal(answers['Target professions'], professions.slice(0, 2).join(', '))
    assert.ok(has(check.body, `form[action="/proposals/${id}/submit"]`))
    const page = await author.get(`/proposals/${id}`)
    assert.deepEqual(hrefs(page.body, "Change the proposal's sections"), [`/proposals/${id}/edit`])
    assert.deepEqual(hrefs(page.body, 'Check your answers and submit'), [`/proposals/${id}/check-answers`])
    assert.ok(!has(page.body, `form[action="/proposals/${id}/submit"]`), 'only the check page submits')
  })

  it('gives a stale section the "changed since you opened it" message and keeps what was typed', async () => {
    const { id } = await proposalAt('draft', 'Stale test')
    const author = agents[AUTHOR]!
    const first = await author.get(sectionPath(id, 'about'))
    const rv = rowVersionIn(first.body)
    assert.equal(
      (await author.post(sectionPath(id, 'need'), { need: 'First change', evidence: 'E', rowVersion: rv }))
        .statusCode,
      303,
    )
    const res = await author.post(sectionPath(id, 'about'), {
      title: 'Second change',
      clinicalArea: String(areaId),
      rowVersion: rv,
    })
    assert.equal(res.headers.location, sectionPath(id, 'about'))
    const page = await author.get(sectionPath(id, 'about'))
    assert.ok(mainText(page.body).includes(STALE_MESSAGE))
    assert.ok(attributesOf(page.body, '[value]', 'value').includes('Second change'))
    assert.equal((await proposalRow(id)).title, 'Stale test')
    assert.equal((await proposalRow(id)).need, 'First change')

    // The same for a check made on an old copy of the page.
    const submitted = await proposalAt('submitted', 'Stale check')
    const admin = agents[ADMIN]!
    const old = await admin.get(`/proposals/${submitted.id}`)
    await t.services.proposals.check(submitted.id, submitted.rv, 'return', 'Say more', adminActor())
    await admin.post(`/proposals/${submitted.id}/check`, {
      rowVersion: rowVersionIn(old.body),
      decision: 'send',
    })
    const shown = await admin.get(`/proposals/${submitted.id}`)
    assert.ok(mainText(shown.body).includes(STALE_MESSAGE))
    assert.equal((await proposalRow(submitted.id)).state, 'returned')
  })

  it('shows a proposal only to its author, Centre admins, and the group once it is theirs', async () => {
    const { id, rv } = await proposalAt('submitted', 'Private until checked')
    assert.equal((await agents[OTHER_AUTHOR]!.get(`/proposals/${id}`)).statusCode, 404)
    assert.equal((await agents[OTHER_AUTHOR]!.get(`/proposals/${id}/edit`)).statusCode, 404)
    assert.equal(
      (await agents[OTHER_AUTHOR]!.post(`/proposals/${id}/submit`, { rowVersion: String(rv) })).statusCode,
      404,
    )
    assert.equal((await agents[MEMBER]!.get(`/proposals/${id}`)).statusCode, 404, 'not yet with the group')
    assert.equal((await agents[PRACTITIONER]!.get(`/proposals/${id}`)).statusCode, 403)
    assert.equal((await agents[AUTHOR]!.get(`/proposals/${id}`)).statusCode, 200)
    assert.equal((await agents[ADMIN]!.get(`/proposals/${id}`)).statusCode, 200)
    assert.equal(
      (await agents[ADMIN]!.get('/proposals/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    )
    const list = await agents[OTHER_AUTHOR]!.get('/proposals')
    assert.doesNotMatch(everything(list.body), /Private until checked/)

    await sendToGroup(t.services, id, rv, adminActor())
    assert.equal((await agents[MEMBER]!.get(`/proposals/${id}`)).statusCode, 200)
    assert.match(mainText((await agents[MEMBER]!.get('/proposals')).body), /Private until checked/)
  })

  it('refuses another author every page of a draft that is not theirs, and changes nothing', async () => {
    const { id, rv } = await proposalAt('draft', 'Not yours')
    const other = agents[OTHER_AUTHOR]!
    for (const path of [`/proposals/${id}/edit`, sectionPath(id, 'about'), `/proposals/${id}/check-answers`])
      assert.equal((await other.get(path)).statusCode, 404, path)
    assert.equal((await saveSectionAs(other, id, 'about', rv, { title: 'Taken over' })).statusCode, 404)
    assert.equal((await other.post(`/proposals/${id}/submit`, { rowVersion: String(rv) })).statusCode, 404)
    const row = await proposalRow(id)
    assert.equal(row.title, 'Not yours')
    assert.equal(row.state, 'draft')
    // A Centre admin reads it but does not write it.
    const admin = agents[ADMIN]!
    assert.equal((await admin.get(sectionPath(id, 'about'))).statusCode, 403)
    assert.equal((await admin.get(`/proposals/${id}/check-answers`)).statusCode, 403)
  })

  it('returns a proposal to the author with a note, and takes it back when resubmitted', async () => {
    const { id } = await proposalAt('submitted', 'Needs more evidence')
    const admin = agents[ADMIN]!
    const list = await admin.get('/proposals')
    assert.match(mainText(list.body), /Needs more evidence/, 'admins see proposals to check by default')

    let page = await admin.get(`/proposals/${id}`)
    await admin.post(`/proposals/${id}/check`, {
      rowVersion: rowVersionIn(page.body),
      decision: 'return',
      note: '  ',
    })
    page = await admin.get(`/proposals/${id}`)
    assert.equal(errorFor(page.body, 'note'), 'Enter what the author needs to change')
    assert.equal((await proposalRow(id)).state, 'submitted')

    await admin.post(`/proposals/${id}/check`, {
      rowVersion: rowVersionIn(page.body),
      decision: 'return',
      note: 'Add the regional workforce figures.',
    })
    assert.equal((await proposalRow(id)).state, 'returned')
    const mail = await mailTo(AUTHOR)
    assert.equal(mail?.subject, 'Your proposal needs changes: Needs more evidence')
    assert.match(mail.text, /Add the regional workforce figures\./)

    const author = agents[AUTHOR]!
    const shown = await author.get(`/proposals/${id}`)
    assert.match(mainText(shown.body), /Returned for changes/)
    assert.match(mainText(shown.body), /Add the regional workforce figures\./)
    const tasks = await author.get(`/proposals/${id}/edit`)
    assert.equal(tasks.statusCode, 200)
    assert.match(mainText(tasks.body), /Add the regional workforce figures\./, 'the note is on the task list')
    await saveSection(id, 'need', {
      need: 'Older adults with frailty wait too long for specialist assessment.',
      evidence: 'Regional workforce figures, 2025: 40% vacancy.',
    })
    const check = await author.get(`/proposals/${id}/check-answers`)
    await author.post(`/proposals/${id}/submit`, {
      rowVersion: rowVersionIn(check.body, `/proposals/${id}/submit`),
    })
    assert.equal((await proposalRow(id)).state, 'submitted')
    assert.equal((await proposalRow(id)).evidence, 'Regional workforce figures, 2025: 40% vacancy.')
    assert.equal((await mailTo(ADMIN))?.subject, 'Proposal to check: Needs more evidence')
    const timeline = await author.get(`/proposals/${id}`)
    assert.match(mainText(timeline.body), /Returned the proposal to the author/)
    assert.match(mainText(timeline.body), /Submitted the proposal again/)
  })

  it('puts a proposal to the Credential Group and e-mails every member', async () => {
    const { id, rv } = await proposalAt('submitted', 'For the group')
    await judgeEveryCriterion(t.services, id, rv, adminActor())
    const admin = agents[ADMIN]!
    const page = await admin.get(`/proposals/${id}`)
    const res = await admin.post(`/proposals/${id}/check`, {
      rowVersion: rowVersionIn(page.body),
      decision: 'send',
    })
    assert.equal(res.statusCode, 303)
    assert.equal((await proposalRow(id)).state, 'with_group')
    for (const email of [MEMBER, MEMBER_2, AUTHOR_MEMBER])
      assert.equal((await mailTo(email))?.subject, 'For the Credential Group: For the group')
    const list = await agents[MEMBER]!.get('/proposals')
    assert.match(mainText(list.body), /Awaiting the group/)
    assert.match(mainText(list.body), /For the group/)
  })

  it('refuses illegal steps with the reason, changing nothing', async () => {
    const submitted = await proposalAt('submitted', 'Not yet with the group')
    const member = agents[MEMBER]!
    // Nobody records the group's decision alone: the form is gone, only a meeting decides.
    const admin = agents[ADMIN]!
    assert.equal((await admin.get(`/proposals/${submitted.id}/decision`)).statusCode, 404)
    await assert.rejects(
      t.services.groupMeetings.create(
        { meetsOn: t.services.clock.today(), startsAt: '10:00', proposalIds: [submitted.id] },
        adminActor(),
      ),
      /Select proposals that are with the Credential Group/,
    )
    assert.equal((await proposalRow(submitted.id)).state, 'submitted')

    // Reconsidering is only for deferred proposals, and only for admins.
    await admin.post(`/proposals/${submitted.id}/reconsider`, { rowVersion: String(submitted.rv) })
    assert.match(
      summaryOf((await admin.get(`/proposals/${submitted.id}`)).body),
      /Only a deferred proposal can go back to the group/,
    )
    assert.equal(
      (await member.post(`/proposals/${submitted.id}/reconsider`, { rowVersion: String(submitted.rv) }))
        .statusCode,
      403,
    )
    // Authors do not check proposals, not even their own.
    assert.equal(
      (await agents[AUTHOR]!.post(`/proposals/${submitted.id}/check`, { rowVersion: '2', decision: 'send' }))
        .statusCode,
      403,
    )
    assert.equal((await proposalRow(submitted.id)).state, 'submitted')
  })

  it('agrees a proposal: an in-development credential in the catalogue, with its expected date and a version 1 draft', async () => {
    const { id } = await proposalAt('with_group', 'Echocardiography')
    await decideAtMeeting(t.services, id, 'agree', {
      chair: adminActor(),
      members: [memberActor(), actor(MEMBER_2, ['credential_group_member'])],
      reason: 'A clear regional need, and providers ready to deliver.',
      expected: { season: 'autumn', year: 2027 },
    })

    const row = await proposalRow(id)
    assert.equal(row.state, 'agreed')
    assert.deepEqual(
      row.decision_participants.map((p) => p.id).sort(),
      [ids[MEMBER], ids[MEMBER_2]].sort(),
      'those who voted took part',
    )
    assert.equal(row.decided_by, ids[ADMIN], 'the chair recorded it')
    const credential = await t.database.db
      .selectFrom('credential')
      .selectAll()
      .where('id', '=', row.credential_id!)
      .executeTakeFirstOrThrow()
    assert.equal(credential.slug, 'echocardiography-2', 'the seeded Echocardiography keeps its slug')
    assert.equal(credential.status, 'in_development')
    assert.equal(credential.due_season, 'autumn')
    assert.equal(credential.due_year, 2027)
    assert.equal(credential.type, 'credential_specification')
    assert.equal(credential.origin, 'centre')
    assert.equal(credential.lead_author_id, ids[AUTHOR])
    assert.equal(credential.listed, true)
    assert.equal(credential.summary, completeInput('x').need)
    const statusEvents = await t.database.db
      .selectFrom('credential_status_event')
      .selectAll()
      .where('credential_id', '=', credential.id)
      .execute()
    assert.equal(statusEvents.length, 1)
    assert.equal(statusEvents[0]!.due_year, 2027)
    const versions = await t.database.db
      .selectFrom('specification_version')
      .selectAll()
      .where('credential_id', '=', credential.id)
      .execute()
    assert.equal(versions.length, 1)
    assert.equal(versions[0]!.number, 1)
    assert.equal(versions[0]!.state, 'draft')
    assert.equal(versions[0]!.author_id, ids[AUTHOR])
    assert.deepEqual(
      (versions[0]!.content as { targetProfessions: string[] }).targetProfessions,
      professions.slice(0, 2),
    )

    const page = await t.app.inject({ method: 'GET', url: '/credentials/echocardiography-2' })
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /In development, expected Autumn 2027/)
    const catalogue = await t.app.inject({ method: 'GET', url: '/credentials?q=Echocardiography' })
    assert.ok(hrefs(catalogue.body).includes('/credentials/echocardiography-2'))

    const mail = await mailTo(AUTHOR)
    assert.equal(mail?.subject, "The Credential Group's decision: Echocardiography")
    assert.match(mail.text, /agreed your proposal/)
    assert.match(mail.text, /A clear regional need/)
    assert.match(mail.text, /\/credentials\/echocardiography-2/)

    const shown = await agents[AUTHOR]!.get(`/proposals/${id}`)
    assert.match(mainText(shown.body), /The Credential Group agreed this proposal/)
    assert.match(mainText(shown.body), /in development, expected autumn 2027/)
    assert.match(
      mainText(shown.body),
      /The Credential Group agreed the proposal for development, expected Autumn 2027/,
    )
    const events = await t.database.db
      .selectFrom('credential_event')
      .select(['action', 'credential_id', 'actor_id'])
      .where('proposal_id', '=', id)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      events.map((e) => e.action),
      ['proposal.created', 'proposal.submitted', 'proposal.sent_to_group', 'proposal.agreed'],
    )
    assert.equal(events.at(-1)!.credential_id, credential.id)
    assert.equal(events.at(-1)!.actor_id, ids[ADMIN], 'the chair who closed the item')
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .execute()
    assert.ok(audit.some((a) => a.action === 'proposal.agreed'))

    // Decided once: it cannot go on another agenda.
    await assert.rejects(
      decideAtMeeting(t.services, id, 'decline', {
        chair: adminActor(),
        members: [memberActor()],
        reason: 'Changed our minds',
      }),
    )
    assert.equal((await proposalRow(id)).state, 'agreed')
  })

  it('declines a proposal and tells the author why, on their page and by e-mail', async () => {
    const { id } = await proposalAt('with_group', 'Declined idea')
    await decideAtMeeting(t.services, id, 'decline', {
      chair: adminActor(),
      members: [memberActor(), actor(MEMBER_2, ['credential_group_member'])],
      reason: 'An existing curriculum covers this need.',
    })
    const row = await proposalRow(id)
    assert.equal(row.state, 'declined')
    assert.equal(row.credential_id, null)
    const page = await agents[AUTHOR]!.get(`/proposals/${id}`)
    assert.match(mainText(page.body), /Why the Credential Group declined this proposal/)
    assert.match(mainText(page.body), /An existing curriculum covers this need\./)
    assert.match(
      mainText(page.body),
      /Taking part: Test credential_group_member, Test credential_group_member/,
    )
    assert.match(mainText(page.body), /The Credential Group's votes/)
    const mail = await mailTo(AUTHOR)
    assert.match(mail!.text, /declined your proposal "Declined idea"/)
    assert.match(mail!.text, /An existing curriculum covers this need\./)
  })

  it('defers a proposal, and an admin puts it back to the group', async () => {
    const { id } = await proposalAt('with_group', 'Deferred idea')
    await decideAtMeeting(t.services, id, 'defer', {
      chair: adminActor(),
      members: [memberActor(), actor(MEMBER_2, ['credential_group_member'])],
      reason: 'Wait for the national review.',
    })
    const rv2 = (await proposalRow(id)).row_version
    assert.match((await mailTo(AUTHOR))!.text, /Wait for the national review\./)
    const admin = agents[ADMIN]!
    const page = await admin.get(`/proposals/${id}`)
    assert.match(mainText(page.body), /Why the Credential Group deferred this proposal/)
    assert.match(mainText(page.body), /Put back to the Credential Group/)
    await admin.post(`/proposals/${id}/reconsider`, { rowVersion: String(rv2) })
    assert.equal((await proposalRow(id)).state, 'with_group')
    assert.equal((await mailTo(MEMBER))?.subject, 'For the Credential Group again: Deferred idea')
  })

  it('lets admins change the expected date of a credential in development, on its timeline', async () => {
    const { id } = await proposalAt('with_group', 'Date to move')
    await decideAtMeeting(t.services, id, 'agree', {
      chair: adminActor(),
      members: [memberActor(), actor(MEMBER_2, ['credential_group_member'])],
      reason: 'Agreed',
      expected: { season: 'spring', year: 2027 },
    })
    const admin = agents[ADMIN]!
    const proposalPage = await admin.get(`/proposals/${id}`)
    assert.ok(hrefs(proposalPage.body).includes('/credentials/date-to-move/expected-date'))
    const form = await admin.get('/credentials/date-to-move/expected-date')
    assert.equal(form.statusCode, 200)
    assert.match(mainText(form.body), /In development, expected Spring 2027/)
    const rvCredential = rowVersionIn(form.body)

    await admin.post('/credentials/date-to-move/expected-date', {
      rowVersion: rvCredential,
      season: 'winter',
      year: '20x',
    })
    let page = await admin.get('/credentials/date-to-move/expected-date')
    assert.deepEqual(
      errorLinks(page.body).map((l) => l.text),
      [
        'Enter the expected date as a season and a 4-digit year, such as Autumn 2027',
        'Enter why the expected date is changing',
      ],
    )

    await admin.post('/credentials/date-to-move/expected-date', {
      rowVersion: rvCredential,
      season: 'winter',
      year: '2027',
      reason: 'The writing group starts later.',
    })
    page = await admin.get('/credentials/date-to-move/expected-date')
    assert.match(mainText(page.body), /Expected date changed/)
    const catalogue = await t.app.inject({ method: 'GET', url: '/credentials/date-to-move' })
    assert.match(mainText(catalogue.body), /In development, expected Winter 2027/)
    assert.match(mainText(catalogue.body), /The writing group starts later\./)
    const step = await t.database.db
      .selectFrom('credential_event as e')
      .innerJoin('credential as c', 'c.id', 'e.credential_id')
      .select(['e.summary', 'e.reason', 'e.actor_id'])
      .where('c.slug', '=', 'date-to-move')
      .where('e.action', '=', 'credential.expected_date_changed')
      .executeTakeFirstOrThrow()
    assert.deepEqual(step, {
      summary: 'Changed the expected date from Spring 2027 to Winter 2027',
      reason: 'The writing group starts later.',
      actor_id: ids[ADMIN],
    })
    assert.equal((await mailTo(AUTHOR))?.subject, 'New expected date: Date to move')

    // The same form, opened before that change, is stale.
    await admin.post('/credentials/date-to-move/expected-date', {
      rowVersion: rvCredential,
      season: 'summer',
      year: '2028',
      reason: 'Overwrite?',
    })
    page = await admin.get('/credentials/date-to-move/expected-date')
    assert.ok(mainText(page.body).includes(STALE_MESSAGE))
    assert.ok(textsOf(page.body, 'textarea').some((text) => text.endsWith('Overwrite?')))

    // Only credentials in development have one; only admins change it.
    const endorsed = await t.database.db
      .selectFrom('credential')
      .select(['slug', 'row_version'])
      .where('status', '=', 'endorsed')
      .executeTakeFirstOrThrow()
    await admin.post(`/credentials/${endorsed.slug}/expected-date`, {
      rowVersion: String(endorsed.row_version),
      season: 'summer',
      year: '2028',
      reason: 'No',
    })
    page = await admin.get(`/credentials/${endorsed.slug}/expected-date`)
    assert.match(summaryOf(page.body), /Only a credential in development has an expected date/)
    assert.equal((await agents[MEMBER]!.get('/credentials/date-to-move/expected-date')).statusCode, 403)
    assert.equal((await admin.get('/credentials/no-such-thing/expected-date')).statusCode, 404)
  })

  it('counts the tasks for the home page', async () => {
    const before = await t.services.proposals.counts(adminActor())
    await proposalAt('submitted', 'Counted')
    const after = await t.services.proposals.counts(adminActor())
    assert.equal(after.toCheck, before.toCheck + 1)
    assert.equal(after.mine, 0, 'admins have no proposals of their own')
    const member = await t.services.proposals.counts(memberActor())
    assert.equal(member.toCheck, 0)
    assert.equal(member.awaitingGroup, after.awaitingGroup)
    const author = await t.services.proposals.counts(authorActor())
    const open = await t.database.db
      .selectFrom('proposal')
      .select('id')
      .where('author_id', '=', ids[AUTHOR]!)
      .where('state', 'in', ['draft', 'returned', 'submitted', 'with_group', 'deferred'])
      .execute()
    assert.equal(author.mine, open.length)
    assert.ok(author.mine > 0)
  })
})
