import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fixedClock } from '../../domain/clock.ts'
import type { ProcessActor } from '../../services/process.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { sendToGroup } from '../../../test/support/gateway-check.ts'
import {
  banner,
  errorSummary,
  has,
  hrefs,
  html,
  mainText,
  rowVersionIn,
  summaryRows,
  tableRows,
} from '../../../test/support/html.ts'

const ADMIN = 'chair@example.org'
const AUTHOR = 'author@example.org'
const MEMBERS = ['m1@example.org', 'm2@example.org', 'm3@example.org', 'm4@example.org']
const AUTHOR_MEMBER = 'author.member@example.org'

describe('Credential Group meetings and votes', () => {
  const clock = fixedClock('2027-01-06T09:00:00Z')
  let t: TestApp
  const ids: Record<string, string> = {}
  const agents: Record<string, Agent> = {}
  const actor = (email: string, roles: ProcessActor['roles']): ProcessActor => ({
    userId: ids[email]!,
    label: email,
    ip: null,
    name: email,
    roles,
  })

  /** A proposal put to the group; returns its id. */
  async function withGroup(title: string, by = AUTHOR) {
    const options = await t.services.proposals.formOptions()
    const author = actor(by, ['specification_author'])
    const id = await t.services.proposals.create(
      {
        clinicalAreaId: options.areas[0]!.id,
        title,
        need: 'A need.',
        targetProfessions: options.professions.slice(0, 1),
        evidence: 'Evidence.',
        gatewayAnswers: Object.fromEntries(options.gateway.criteria.map((c) => [c.code, 'Met.'])),
      },
      author,
    )
    const rv = await t.services.proposals.submit(id, 1, author)
    await sendToGroup(t.services, id, rv, actor(ADMIN, ['centre_admin']))
    return id
  }

  const meetingIdOf = (location: unknown) => String(location).split('/').pop()!

  before(async () => {
    t = await createTestApp({}, { clock })
    ids[ADMIN] = await createAccount(t, ADMIN, [{ role: 'centre_admin' }])
    ids[AUTHOR] = await createAccount(t, AUTHOR, [{ role: 'specification_author' }])
    for (const m of MEMBERS) ids[m] = await createAccount(t, m, [{ role: 'credential_group_member' }])
    ids[AUTHOR_MEMBER] = await createAccount(t, AUTHOR_MEMBER, [
      { role: 'specification_author' },
      { role: 'credential_group_member' },
    ])
    for (const email of Object.keys(ids)) agents[email] = await signedIn(t, email)
  })
  after(() => t.close())

  it('sets a meeting from the form, saying what is missing, and e-mails the members its agenda', async () => {
    const proposal = await withGroup('Meeting form idea')
    const admin = agents[ADMIN]!
    const form = await admin.get('/group-meetings/new')
    assert.equal(form.statusCode, 200)
    assert.ok(has(form.body, `input[name="proposals"][value="${proposal}"]`))
    const { page: refused } = await admin.submit('/group-meetings/new', '/group-meetings/new', {
      'meetsOn[day]': '31',
      'meetsOn[month]': '2',
      'meetsOn[year]': '2027',
      startsAt: '25:00',
      proposals: [],
    })
    assert.deepEqual(errorSummary(refused.body), [
      'Date of the meeting must be a real date',
      'Enter the time the meeting starts, such as 14:30',
      'Select at least one proposal for the agenda',
    ])
    const { page: noTime } = await admin.submit('/group-meetings/new', '/group-meetings/new', {
      'meetsOn[day]': '20',
      'meetsOn[month]': '1',
      'meetsOn[year]': '2027',
      startsAt: '25:00',
      proposals: proposal,
    })
    assert.deepEqual(errorSummary(noTime.body), ['Enter the time the meeting starts, such as 14:30'])
    const { posted, page } = await admin.submit('/group-meetings/new', '/group-meetings/new', {
      'meetsOn[day]': '20',
      'meetsOn[month]': '1',
      'meetsOn[year]': '2027',
      startsAt: '14:30',
      proposals: proposal,
    })
    assert.equal(posted.statusCode, 303)
    assert.match(banner(page.body), /Meeting set/)
    assert.equal(summaryRows(page.body).When, '20 January 2027 at 14:30')
    const mail = await t.services.mail.latestTo(MEMBERS[0]!)
    assert.equal(mail?.subject, 'Credential Group meeting on 20 January 2027')
    assert.match(mail.text, /Proposal \d+: Meeting form idea/)
    // On one open agenda at a time.
    assert.ok(!has((await admin.get('/group-meetings/new')).body, `input[value="${proposal}"]`))
    // Voting opens on the day of the meeting.
    await admin.post(`/group-meetings/${meetingIdOf(posted.headers.location)}/attendance`, {
      rowVersion: rowVersionIn(
        page.body,
        `/group-meetings/${meetingIdOf(posted.headers.location)}/attendance`,
      ),
      present: MEMBERS.slice(0, 3).map((m) => ids[m]!),
    })
    const member = await agents[MEMBERS[0]!]!.get(String(posted.headers.location))
    assert.ok(!has(member.body, 'input[name="vote"]'))
    assert.match(mainText(member.body), /Voting opens on the day of the meeting/)
  })

  it('takes votes from members present and free of interest, and closes the item with the rule’s outcome', async () => {
    const proposal = await withGroup('Voted idea')
    const own = await withGroup('Own idea', AUTHOR_MEMBER)
    const admin = agents[ADMIN]!
    const { posted } = await admin.submit('/group-meetings/new', '/group-meetings/new', {
      'meetsOn[day]': '6',
      'meetsOn[month]': '1',
      'meetsOn[year]': '2027',
      startsAt: '10:00',
      proposals: [proposal, own],
    })
    const path = String(posted.headers.location)
    const id = meetingIdOf(path)
    let page = await admin.get(path)
    await admin.post(`${path}/attendance`, {
      rowVersion: rowVersionIn(page.body, `${path}/attendance`),
      present: [...MEMBERS.map((m) => ids[m]!), ids[AUTHOR_MEMBER]!],
    })
    const meeting = await t.services.groupMeetings.get(id, actor(ADMIN, ['centre_admin']))
    const [item, ownItem] = meeting!.items
    const voteForm = (body: string, itemId: string) =>
      has(body, `form[action="${path}/items/${itemId}/vote"]`)

    // The author, a member present, is not offered a vote on their own proposal.
    const authorPage = await agents[AUTHOR_MEMBER]!.get(path)
    assert.ok(!voteForm(authorPage.body, ownItem!.id))
    assert.ok(voteForm(authorPage.body, item!.id))

    // A member declares an interest: no vote is offered, and one is refused.
    const conflicted = agents[MEMBERS[3]!]!
    assert.ok(voteForm((await conflicted.get(path)).body, item!.id))
    await conflicted.post(`${path}/items/${item!.id}/interests`, { interest: 'I advised the author.' })
    page = await conflicted.get(path)
    assert.ok(!voteForm(page.body, item!.id))
    assert.match(mainText(page.body), /You do not vote on this proposal: you have an interest in it/)
    await conflicted.post(`${path}/items/${item!.id}/vote`, { vote: 'agree', reason: 'Anyway' })
    assert.match(errorSummary((await conflicted.get(path)).body).join(' '), /declared an interest/)
    // The chair records a member's interest; a member cannot record another's.
    await agents[MEMBERS[0]!]!.post(`${path}/items/${ownItem!.id}/interests`, {
      member: ids[MEMBERS[1]!]!,
      interest: 'Someone else',
    })
    const ownNow = (await t.services.groupMeetings.get(id, actor(ADMIN, ['centre_admin'])))!.items[1]!
    assert.deepEqual(
      ownNow.interests.map((i) => i.memberId),
      [ids[MEMBERS[0]!]],
      'a member names only themselves',
    )

    // A vote needs a choice and a reason.
    const first = agents[MEMBERS[0]!]!
    await first.post(`${path}/items/${item!.id}/vote`, { vote: 'maybe', reason: '' })
    assert.deepEqual(errorSummary((await first.get(path)).body), [
      'Select your vote',
      'Enter the reason for your vote',
    ])
    await first.post(`${path}/items/${item!.id}/vote`, { vote: 'agree', reason: 'A clear need.' })
    assert.match(mainText((await first.get(path)).body), /You voted: Agree\./)
    // Not yet: two members free to vote have not voted.
    page = await admin.get(path)
    assert.match(mainText(page.body), /3 members present and free to vote have not voted yet/)
    assert.ok(!hrefs(page.body).includes(`${path}/items/${item!.id}/close`))
    await agents[MEMBERS[1]!]!.post(`${path}/items/${item!.id}/vote`, { vote: 'agree', reason: 'Agreed.' })
    await agents[MEMBERS[2]!]!.post(`${path}/items/${item!.id}/vote`, {
      vote: 'decline',
      reason: 'Too early.',
    })
    // The author-member still has to vote on the item they did not propose.
    await agents[AUTHOR_MEMBER]!.post(`${path}/items/${item!.id}/vote`, { vote: 'agree', reason: 'Yes.' })
    // One vote each.
    await first.post(`${path}/items/${item!.id}/vote`, { vote: 'decline', reason: 'Again' })
    assert.match(errorSummary((await first.get(path)).body).join(' '), /You have already voted on this item/)

    page = await admin.get(path)
    assert.match(mainText(page.body), /Votes so far: 3 agree, 1 decline, 0 defer\./)
    const closePath = `${path}/items/${item!.id}/close`
    assert.ok(hrefs(page.body).includes(closePath))
    const closeForm = await admin.get(closePath)
    assert.equal(summaryRows(closeForm.body)['Decision of the group'], 'Agreed for development')
    // The reasons and an expected date are needed; the check page records nothing.
    await admin.post(`${closePath}/check`, { rowVersion: rowVersionIn(closeForm.body) })
    assert.deepEqual(errorSummary((await admin.get(closePath)).body), [
      'Enter the reasons for the decision',
      'Enter the season and year the specification is expected',
    ])
    const check = await admin.post(`${closePath}/check`, {
      rowVersion: rowVersionIn((await admin.get(closePath)).body),
      reason: 'A clear national need.',
      expectedSeason: 'autumn',
      expectedYear: '2028',
    })
    assert.equal(check.statusCode, 200)
    assert.deepEqual(summaryRows(check.body), {
      'Decision of the group': 'Agreed for development',
      Votes: '3 agree, 1 decline, 0 defer',
      'Who voted':
        'Test credential_group_member, Test credential_group_member, Test credential_group_member, Test specification_author',
      'Reasons for the decision': 'A clear national need.',
      'Expected date of the specification': 'Autumn 2028',
    })
    assert.match(mainText(check.body), /Recording the decision cannot be undone/)
    assert.equal(
      (
        await t.database.db
          .selectFrom('proposal')
          .select('state')
          .where('id', '=', proposal)
          .executeTakeFirstOrThrow()
      ).state,
      'with_group',
      'nothing recorded yet',
    )
    const fields = Object.fromEntries(
      html(check.body)
        .querySelectorAll(`form[action="${closePath}"] input[type="hidden"]`)
        .map((input) => [input.getAttribute('name') ?? '', input.getAttribute('value') ?? '']),
    )
    // A stale confirmation is refused.
    await admin.post(closePath, { ...fields, rowVersion: '999' })
    assert.match(mainText((await admin.get(closePath)).body), new RegExp(STALE_MESSAGE))
    const done = await admin.post(closePath, fields)
    assert.equal(done.statusCode, 303)
    assert.match(banner((await admin.get(path)).body), /Agreed: the credential is now in development/)

    const row = await t.database.db
      .selectFrom('proposal')
      .select(['state', 'decided_by', 'decision_participants'])
      .where('id', '=', proposal)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 'agreed')
    assert.equal(row.decided_by, ids[ADMIN])
    assert.equal(row.decision_participants.length, 4, 'those who voted, not the conflicted member')
    const shown = await agents[AUTHOR]!.get(`/proposals/${proposal}`)
    assert.match(mainText(shown.body), /Agreed for development/)
    assert.deepEqual(
      tableRows(shown.body)
        .map((r) => r.slice(1).join(': '))
        .sort(),
      ['Agree: A clear need.', 'Agree: Agreed.', 'Agree: Yes.', 'Decline: Too early.'],
    )
    assert.match(mainText(shown.body), /declared an interest and did not vote: I advised the author\./)
    assert.match(
      (await t.services.mail.latestTo(AUTHOR))!.subject,
      /The Credential Group's decision: Voted idea/,
    )

    // Minutes, then the meeting closes and they no longer change.
    page = await admin.get(path)
    await admin.post(`${path}/minutes`, {
      rowVersion: rowVersionIn(page.body, `${path}/minutes`),
      minutes: 'Item 1 agreed.',
    })
    page = await admin.get(path)
    await admin.post(`${path}/close`, { rowVersion: rowVersionIn(page.body, `${path}/close`) })
    page = await admin.get(path)
    assert.ok(!has(page.body, `form[action="${path}/minutes"]`))
    assert.match(mainText(page.body), /Item 1 agreed\./)
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', id)
      .execute()
    assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), [
      'group_meeting.attendance_recorded',
      'group_meeting.closed',
      'group_meeting.created',
      'group_meeting.interest_declared',
      'group_meeting.item_closed',
      'group_meeting.minutes_saved',
      'group_meeting.vote_cast',
    ])
  })

  it('puts an urgent proposal to written procedure: every member e-mailed, the rule decides after the closing date', async () => {
    const proposal = await withGroup('Urgent idea')
    const admin = agents[ADMIN]!
    const { page: refused } = await admin.submit(
      '/group-meetings/written-procedure',
      '/group-meetings/written-procedure',
      {
        proposal,
        'closesOn[day]': '6',
        'closesOn[month]': '1',
        'closesOn[year]': '2027',
      },
    )
    assert.deepEqual(errorSummary(refused.body), ['The closing date must be after today'])
    const { posted } = await admin.submit(
      '/group-meetings/written-procedure',
      '/group-meetings/written-procedure',
      {
        proposal,
        'closesOn[day]': '13',
        'closesOn[month]': '1',
        'closesOn[year]': '2027',
      },
    )
    const path = String(posted.headers.location)
    for (const m of [...MEMBERS, AUTHOR_MEMBER]) {
      const mail = await t.services.mail.latestTo(m)
      assert.equal(mail?.subject, 'Your vote, by 13 January 2027: Urgent idea')
      assert.ok(mail.text.includes(`https://credentials.example.test${path}`))
    }
    const item = (await t.services.groupMeetings.get(meetingIdOf(path), actor(ADMIN, ['centre_admin'])))!
      .items[0]!
    for (const [i, m] of MEMBERS.slice(0, 3).entries())
      await agents[m]!.post(`${path}/items/${item.id}/vote`, {
        vote: i === 2 ? 'agree' : 'decline',
        reason: `Reason ${i}`,
      })
    // Two members have not answered and the procedure is open: not yet.
    let page = await admin.get(`${path}/items/${item.id}/close`)
    assert.match(
      mainText(page.body),
      /open until 13 January 2027 and 2 of the members free to vote have not voted/,
    )
    clock.set('2027-01-14T09:00:00Z')
    try {
      await agents[MEMBERS[3]!]!.post(`${path}/items/${item.id}/vote`, { vote: 'agree', reason: 'Late' })
      assert.match(
        errorSummary((await agents[MEMBERS[3]!]!.get(path)).body).join(' '),
        /The written procedure has closed/,
      )
      page = await admin.get(`${path}/items/${item.id}/close`)
      assert.equal(summaryRows(page.body)['Decision of the group'], 'Declined')
      const check = await admin.post(`${path}/items/${item.id}/close/check`, {
        rowVersion: rowVersionIn(page.body),
        reason: 'Declined by written procedure.',
      })
      const fields = Object.fromEntries(
        html(check.body)
          .querySelectorAll(`form[action="${path}/items/${item.id}/close"] input[type="hidden"]`)
          .map((input) => [input.getAttribute('name') ?? '', input.getAttribute('value') ?? '']),
      )
      await admin.post(`${path}/items/${item.id}/close`, fields)
      const row = await t.database.db
        .selectFrom('proposal')
        .select('state')
        .where('id', '=', proposal)
        .executeTakeFirstOrThrow()
      assert.equal(row.state, 'declined')
    } finally {
      clock.set('2027-01-06T09:00:00Z')
    }
  })

  it('never decides without a quorum', async () => {
    const proposal = await withGroup('Thin meeting')
    const chair = actor(ADMIN, ['centre_admin'])
    const gm = t.services.groupMeetings
    const id = await gm.create({ meetsOn: '2027-01-06', startsAt: '09:00', proposalIds: [proposal] }, chair)
    await gm.recordAttendance(
      id,
      1,
      MEMBERS.slice(0, 2).map((m) => ids[m]!),
      chair,
    )
    const item = (await gm.get(id, chair))!.items[0]!
    for (const m of MEMBERS.slice(0, 2))
      await gm.vote(id, item.id, 'agree', 'Yes', actor(m, ['credential_group_member']))
    const now = (await gm.get(id, chair))!.items[0]!
    assert.equal(now.close.may, false)
    assert.match(
      now.close.whyNot ?? '',
      /The quorum is not met: 2 members present and free to vote, and the group needs 3/,
    )
    await assert.rejects(
      gm.closeItem(id, item.id, now.rowVersion, { reason: 'x', expected: null }, chair),
      /quorum/,
    )
  })

  it('lists meetings 25 a page, the latest first, for the group and the Centre only', async () => {
    const db = t.database.db
    await db
      .insertInto('group_meeting')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          kind: 'meeting' as const,
          meets_on: `2026-0${1 + (i % 9)}-1${i % 10}`,
          starts_at: '10:00',
          closes_on: null,
          created_by: ids[ADMIN]!,
        })),
      )
      .execute()
    const first = await agents[MEMBERS[0]!]!.get('/group-meetings')
    assert.equal(first.statusCode, 200)
    assert.equal(tableRows(first.body).length, 25)
    assert.ok(!hrefs(first.body).includes('/group-meetings/new'), 'only the chair sets meetings')
    assert.ok(hrefs(first.body).includes('/group-meetings?page=2'))
    const second = await agents[ADMIN]!.get('/group-meetings?page=2')
    assert.ok(tableRows(second.body).length >= 5)
    assert.ok(hrefs(second.body).includes('/group-meetings/new'))
    assert.equal((await agents[AUTHOR]!.get('/group-meetings')).statusCode, 403)
  })
})
