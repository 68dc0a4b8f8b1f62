// The Centre's check as a rubric: a Centre admin judges each gateway criterion of the version
// the proposal answered, each on a page of its own; the proposal goes to the Credential Group
// only once every criterion is judged, and the judgements are on its record and in the e-mails.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Role } from '../../domain/accounts.ts'
import { STALE_MESSAGE, type ProcessActor } from '../../services/process.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import {
  banner,
  errorFor,
  errorSummary,
  html,
  mainText,
  rowVersionIn,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'
import { judgeEveryCriterion } from '../../../test/support/gateway-check.ts'

const AUTHOR = 'gw.author@example.org'
const ADMIN = 'gw.admin@example.org'
const ADMIN_2 = 'gw.admin2@example.org'
const MEMBER = 'gw.member@example.org'
/** An author who is also a Centre admin, and so may not check their own proposal. */
const AUTHOR_ADMIN = 'gw.author.admin@example.org'
const PRACTITIONER = 'gw.practitioner@example.org'

describe('the gateway check as a rubric', () => {
  let t: TestApp
  const ids: Record<string, string> = {}
  const agents: Record<string, Agent> = {}
  let codes: string[]
  let areaId: number
  let professions: string[]

  const actor = (email: string, roles: Role[]): ProcessActor => ({
    userId: ids[email]!,
    label: email,
    ip: null,
    name: `Name of ${email}`,
    roles,
  })
  const authorActor = () => actor(AUTHOR, ['specification_author'])
  const adminActor = () => actor(ADMIN, ['centre_admin'])

  /** A complete proposal, submitted; returns its id and row version. */
  async function submitted(title: string, by = authorActor()) {
    const id = await t.services.proposals.create(
      {
        clinicalAreaId: areaId,
        title,
        need: 'Older adults with frailty wait too long for specialist assessment.',
        targetProfessions: professions.slice(0, 2),
        evidence: 'Regional workforce review, 2025.',
        gatewayAnswers: Object.fromEntries(codes.map((c) => [c, `How it meets ${c}`])),
      },
      by,
    )
    return { id, rv: await t.services.proposals.submit(id, 1, by) }
  }
  const row = (id: string) =>
    t.database.db.selectFrom('proposal').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const judgementsOf = (id: string) =>
    t.database.db
      .selectFrom('proposal_gateway_judgement')
      .selectAll()
      .where('proposal_id', '=', id)
      .orderBy('criterion_code')
      .execute()
  const judgePath = (id: string, code: string) => `/proposals/${id}/gateway-check/${code}`
  /** The task list's rows: each criterion and its status. */
  const statuses = (page: string) =>
    html(page)
      .querySelectorAll('.nhsuk-task-list__item')
      .map((item) => [
        textOf(item, '.nhsuk-task-list__name-and-hint'),
        textOf(item, '.nhsuk-task-list__status'),
      ])
  /** Judges a criterion on its page, as an admin would. */
  async function judge(agent: Agent, id: string, code: string, judgement: string, reason: string) {
    const page = await agent.get(judgePath(id, code))
    assert.equal(page.statusCode, 200, code)
    return agent.post(judgePath(id, code), { rowVersion: rowVersionIn(page.body), judgement, reason })
  }
  const buttons = (page: string) => textsOf(page, 'main button')

  before(async () => {
    t = await createTestApp()
    ids[AUTHOR] = await createAccount(t, AUTHOR, [{ role: 'specification_author' }])
    ids[ADMIN] = await createAccount(t, ADMIN, [{ role: 'centre_admin' }])
    ids[ADMIN_2] = await createAccount(t, ADMIN_2, [{ role: 'centre_admin' }])
    ids[MEMBER] = await createAccount(t, MEMBER, [{ role: 'credential_group_member' }])
    ids[AUTHOR_ADMIN] = await createAccount(t, AUTHOR_ADMIN, [
      { role: 'specification_author' },
      { role: 'centre_admin' },
    ])
    ids[PRACTITIONER] = await createAccount(t, PRACTITIONER, [{ role: 'practitioner' }])
    for (const email of Object.keys(ids)) agents[email] = await signedIn(t, email)
    const options = await t.services.proposals.formOptions()
    codes = options.gateway.criteria.map((c) => c.code)
    areaId = options.areas[0]!.id
    professions = options.professions
    assert.ok(codes.length >= 3, 'the seeded gateway criteria')
  })
  after(() => t.close())

  it('judges each criterion on its own page, on the record with who and when, and audited', async () => {
    const { id } = await submitted('Judged one by one')
    const admin = agents[ADMIN]!
    let list = await admin.get(`/proposals/${id}/gateway-check`)
    assert.equal(list.statusCode, 200)
    assert.deepEqual(
      statuses(list.body).map(([, status]) => status),
      codes.map(() => 'Not judged yet'),
    )
    assert.match(mainText(list.body), new RegExp(`0 of ${codes.length} criteria judged`))

    // Both answers are needed.
    const [first = '', second = ''] = codes
    const page = await admin.get(judgePath(id, first))
    assert.match(
      mainText(page.body),
      new RegExp(`How it meets ${first.replace('.', '\\.')}`),
      "the author's answer",
    )
    await admin.post(judgePath(id, first), { rowVersion: rowVersionIn(page.body), reason: '  ' })
    const refused = await admin.get(judgePath(id, first))
    assert.equal(errorFor(refused.body, 'judgement'), 'Select whether the proposal meets the criterion')
    assert.equal(errorFor(refused.body, 'reason'), 'Enter the reason for your judgement')
    assert.deepEqual(await judgementsOf(id), [])

    const res = await judge(admin, id, first, 'partly_met', 'The need is regional, not yet national.')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/proposals/${id}/gateway-check`)
    list = await admin.get(`/proposals/${id}/gateway-check`)
    assert.match(
      banner(list.body),
      new RegExp(`Gateway criterion ${first.replace('.', '\\.')} judged: Partly met`),
    )
    assert.deepEqual(statuses(list.body)[0], [statuses(list.body)[0]![0], 'Partly met'])
    assert.ok(
      html(list.body).querySelector('.nhsuk-task-list__status .nhsuk-tag--yellow'),
      'partly met in its colour',
    )
    const saved = await judgementsOf(id)
    assert.equal(saved.length, 1)
    assert.equal(saved[0]!.judged_by, ids[ADMIN])
    assert.ok(saved[0]!.judged_at instanceof Date)
    assert.equal(saved[0]!.submission, 1)

    // Judging again replaces it; the form shows what was judged.
    await judge(admin, id, first, 'met', 'The national audit shows the same gap everywhere.')
    const again = await admin.get(judgePath(id, first))
    assert.equal(
      html(again.body).querySelector('input[name="judgement"][checked]')?.getAttribute('value'),
      'met',
    )
    assert.equal((await judgementsOf(id)).length, 1)
    await judge(agents[ADMIN_2]!, id, second, 'not_met', 'No costs are given.')

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('entity_id', '=', id)
      .where('action', '=', 'proposal.criterion_judged')
      .execute()
    assert.equal(audit.length, 3)
    assert.deepEqual(audit.at(-1)?.after, {
      criterion: second,
      judgement: 'not_met',
      reason: 'No costs are given.',
      submission: 1,
    })

    // On the record for the author, with the words of the tags.
    const shown = await agents[AUTHOR]!.get(`/proposals/${id}`)
    const tags = textsOf(shown.body, '.app-judgement .nhsuk-tag')
    assert.deepEqual(tags, ['Met', 'Not met'])
    assert.match(mainText(shown.body), /The national audit shows the same gap everywhere\./)
    assert.match(mainText(shown.body), /By Test centre_admin/)
  })

  it('refuses to put the proposal to the group until every criterion is judged, naming those left', async () => {
    const { id } = await submitted('Not all judged')
    const admin = agents[ADMIN]!
    const [first = '', ...rest] = codes
    await judge(admin, id, first, 'met', 'Clear.')
    let page = await admin.get(`/proposals/${id}`)
    assert.deepEqual(buttons(page.body), ['Return to the author'], 'the send button is hidden')
    assert.match(
      mainText(page.body),
      new RegExp(`Not judged yet: ${rest.join(', ').replaceAll('.', '\\.')}\\.`),
    )

    // Sent anyway (an old page, a script): refused, with the criteria left.
    await admin.post(`/proposals/${id}/check`, { rowVersion: rowVersionIn(page.body), decision: 'send' })
    page = await admin.get(`/proposals/${id}`)
    assert.equal(errorSummary(page.body).length, 1)
    assert.match(
      errorSummary(page.body)[0]!,
      /Judge every gateway criterion before you put the proposal to the Credential Group/,
    )
    for (const code of rest) assert.ok(errorSummary(page.body)[0]!.includes(code), code)
    assert.equal((await row(id)).state, 'submitted')
    await assert.rejects(
      t.services.proposals.check(id, (await row(id)).row_version, 'send', '', adminActor()),
      /not judged yet/,
    )

    // Returning stays possible, and the author is sent what was judged.
    await admin.post(`/proposals/${id}/check`, {
      rowVersion: rowVersionIn(page.body),
      decision: 'return',
      note: 'Cost the proposal.',
    })
    assert.equal((await row(id)).state, 'returned')
    const mail = await t.services.mail.latestTo(AUTHOR)
    assert.equal(mail?.subject, 'Your proposal needs changes: Not all judged')
    assert.ok(mail.text.includes(`${first} (Met): Clear.`), mail.text)
    for (const code of rest) assert.ok(mail.text.includes(`${code}: not judged`), mail.text)
  })

  it('puts a fully judged proposal to the group and sends the author each criterion, judgement and reason', async () => {
    const { id, rv } = await submitted('Fully judged')
    const admin = agents[ADMIN]!
    const words = ['Met', 'Partly met', 'Not met']
    const values = ['met', 'partly_met', 'not_met']
    for (const [i, code] of codes.entries())
      await judge(
        admin,
        id,
        code,
        values[i % 3]!,
        `Reason for ${code}: the answer ${words[i % 3]!.toLowerCase()}.`,
      )
    assert.ok((await row(id)).row_version > rv, 'each judgement moves the row version')
    const page = await admin.get(`/proposals/${id}`)
    assert.deepEqual(buttons(page.body), ['Put to the Credential Group', 'Return to the author'])
    const list = await admin.get(`/proposals/${id}/gateway-check`)
    assert.match(mainText(list.body), new RegExp(`${codes.length} of ${codes.length} criteria judged`))

    const res = await admin.post(`/proposals/${id}/check`, {
      rowVersion: rowVersionIn(page.body),
      decision: 'send',
    })
    assert.equal(res.statusCode, 303)
    assert.equal((await row(id)).state, 'with_group')
    const mail = await t.services.mail.latestTo(AUTHOR)
    assert.equal(mail?.subject, 'Your proposal is with the Credential Group: Fully judged')
    for (const [i, code] of codes.entries())
      assert.ok(
        mail.text.includes(
          `${code} (${words[i % 3]}): Reason for ${code}: the answer ${words[i % 3]!.toLowerCase()}.`,
        ),
        mail.text,
      )
    // The group sees the judgements on the proposal's page.
    const shown = await agents[MEMBER]!.get(`/proposals/${id}`)
    assert.deepEqual(
      textsOf(shown.body, '.app-judgement .nhsuk-tag'),
      codes.map((_, i) => words[i % 3]),
    )
    // Once sent, no more judging.
    const late = await admin.get(judgePath(id, codes[0]!))
    assert.equal(late.statusCode, 303)
    assert.equal(late.headers.location, `/proposals/${id}`)
  })

  it('refuses a judgement made on a stale form, keeping what was typed', async () => {
    const { id } = await submitted('Stale judgement')
    const admin = agents[ADMIN]!
    const [first = '', second = ''] = codes
    const old = await admin.get(judgePath(id, first))
    await judge(agents[ADMIN_2]!, id, second, 'met', 'Judged by the other admin first.')
    await admin.post(judgePath(id, first), {
      rowVersion: rowVersionIn(old.body),
      judgement: 'met',
      reason: 'Typed on an old page.',
    })
    const page = await admin.get(judgePath(id, first))
    assert.ok(errorSummary(page.body).includes(STALE_MESSAGE))
    assert.equal(
      html(page.body).querySelector('textarea[name="reason"]')?.textContent.trim(),
      'Typed on an old page.',
    )
    assert.deepEqual(
      (await judgementsOf(id)).map((j) => j.criterion_code),
      [second],
    )
  })

  it('lets only a Centre admin who did not write the proposal judge it, and only while it awaits its check', async () => {
    const { id, rv } = await submitted('Who may judge')
    const code = codes[0]!
    for (const email of [AUTHOR, MEMBER, PRACTITIONER]) {
      assert.equal((await agents[email]!.get(`/proposals/${id}/gateway-check`)).statusCode, 403, email)
      assert.equal((await agents[email]!.get(judgePath(id, code))).statusCode, 403, email)
      const res = await agents[email]!.post(judgePath(id, code), {
        rowVersion: String(rv),
        judgement: 'met',
        reason: 'Mine',
      })
      assert.equal(res.statusCode, 403, email)
    }
    await assert.rejects(
      t.services.proposals.judge(id, rv, code, 'met', 'Mine', actor(MEMBER, ['credential_group_member'])),
      /No such proposal/,
    )

    // The author who is also a Centre admin: told another admin checks it.
    const own = await submitted('My own', actor(AUTHOR_ADMIN, ['specification_author', 'centre_admin']))
    const agent = agents[AUTHOR_ADMIN]!
    const res = await agent.get(`/proposals/${own.id}/gateway-check`)
    assert.equal(res.headers.location, `/proposals/${own.id}`)
    await agent.post(judgePath(own.id, code), {
      rowVersion: String(own.rv),
      judgement: 'met',
      reason: 'Mine',
    })
    assert.match(
      errorSummary((await agent.get(`/proposals/${own.id}`)).body).join(' '),
      /another Centre admin checks it/,
    )
    assert.deepEqual(await judgementsOf(own.id), [])

    // An unknown criterion, or one the version does not hold, is not found.
    assert.equal((await agents[ADMIN]!.get(judgePath(id, 'Z9'))).statusCode, 404)
    assert.equal(
      (
        await agents[ADMIN]!.post(judgePath(id, 'Z9'), {
          rowVersion: String(rv),
          judgement: 'met',
          reason: 'x',
        })
      ).statusCode,
      404,
    )
    assert.equal((await agents[ADMIN]!.get(judgePath(id, 'not a code'))).statusCode, 400)

    // A reason longer than the other text fields allow.
    await agents[ADMIN]!.get(judgePath(id, code))
    await agents[ADMIN]!.post(judgePath(id, code), {
      rowVersion: String(rv),
      judgement: 'met',
      reason: 'x'.repeat(10_001),
    })
    const long = await agents[ADMIN]!.get(judgePath(id, code))
    assert.equal(errorFor(long.body, 'reason'), 'Reason must be 10,000 characters or fewer')

    // A draft is not judged.
    const draft = await t.services.proposals.create(
      {
        ...{
          clinicalAreaId: null,
          title: 'Draft',
          need: '',
          targetProfessions: [],
          evidence: '',
          gatewayAnswers: {},
        },
      },
      authorActor(),
    )
    await assert.rejects(
      t.services.proposals.judge(draft, 1, code, 'met', 'Early', adminActor()),
      /Only a proposal awaiting its check can be checked/,
    )
  })

  it('keeps judgements of an earlier submission on the record, to be made again after a resubmission', async () => {
    const { id, rv } = await submitted('Judged twice')
    const judged = await judgeEveryCriterion(t.services, id, rv, adminActor())
    const returned = await t.services.proposals.check(
      id,
      judged,
      'return',
      'Say more about costs.',
      adminActor(),
    )
    let shown = await agents[AUTHOR]!.get(`/proposals/${id}`)
    assert.equal(
      textsOf(shown.body, '.app-judgement .nhsuk-tag').length,
      codes.length,
      'the author reads them',
    )
    assert.match(mainText(shown.body), /The Centre's judgement: Met/)
    await t.services.proposals.submit(id, returned, authorActor())

    const admin = agents[ADMIN]!
    shown = await admin.get(`/proposals/${id}`)
    assert.match(mainText(shown.body), /Judged on an earlier submission: Met/)
    assert.match(mainText(shown.body), /To be judged again on the answer as it is now\./)
    assert.deepEqual(buttons(shown.body), ['Return to the author'])
    const list = await admin.get(`/proposals/${id}/gateway-check`)
    assert.deepEqual(
      statuses(list.body).map(([name, status]) => [name?.includes('judge it again'), status]),
      codes.map(() => [true, 'Not judged yet']),
    )
    const page = await admin.get(judgePath(id, codes[0]!))
    assert.match(
      mainText(page.body),
      /On an earlier submission, Test centre_admin judged this criterion Met on \d+ \w+ \d{4}: The answer to G1 meets it\./,
    )
    assert.equal(html(page.body).querySelector('input[name="judgement"][checked]'), null, 'not judged yet')
    await judgeEveryCriterion(t.services, id, (await row(id)).row_version, adminActor())
    assert.ok((await judgementsOf(id)).every((j) => j.submission === 2))
    shown = await admin.get(`/proposals/${id}`)
    assert.deepEqual(buttons(shown.body), ['Put to the Credential Group', 'Return to the author'])
  })
})
