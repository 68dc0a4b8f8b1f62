import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, latestLinkTo, signedIn } from '../../../test/support/agent.ts'
import { STALE_MESSAGE } from '../../services/process.ts'
import {
  banner,
  errorFor,
  errorSummary,
  has,
  heading,
  mainText,
  rowVersionIn,
  textOf,
  textsOf,
} from '../../../test/support/html.ts'

describe('the ePortfolio route', () => {
  let t: TestApp
  let practitioner: Agent
  let supervisor: Agent
  let stranger: Agent
  let admin: Agent
  let assessorA: Agent
  let assessorB: Agent
  let codes: string[]
  let portfolioId: string
  let practitionerId: string

  before(async () => {
    t = await createTestApp()
    practitionerId = await createAccount(t, 'ada@example.org', [{ role: 'practitioner' }])
    await createAccount(t, 'sam@example.org', [{ role: 'practitioner' }])
    await createAccount(t, 'stranger@example.org', [{ role: 'practitioner' }])
    await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
    await createAccount(t, 'assessor-a@example.org', [{ role: 'independent_reviewer' }])
    await createAccount(t, 'assessor-b@example.org', [{ role: 'independent_reviewer' }])
    practitioner = await signedIn(t, 'ada@example.org')
    supervisor = await signedIn(t, 'sam@example.org')
    stranger = await signedIn(t, 'stranger@example.org')
    admin = await signedIn(t, 'admin@example.org')
    assessorA = await signedIn(t, 'assessor-a@example.org')
    assessorB = await signedIn(t, 'assessor-b@example.org')
    codes = (
      await t.database.db
        .selectFrom('framework_capability')
        .select('code')
        .where('retired_at', 'is', null)
        .orderBy('pillar_code')
        .orderBy('sort_order')
        .execute()
    ).map((r) => r.code)
    assert.ok(codes.length > 10)
  })
  after(() => t.close())

  const route = () =>
    t.database.db
      .selectFrom('eportfolio')
      .selectAll()
      .where('practitioner_id', '=', practitionerId)
      .executeTakeFirstOrThrow()
  const auditOf = (action: string) =>
    t.database.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute()

  it('registers a practitioner for the route', async () => {
    const page = await practitioner.get('/my/eportfolio')
    assert.equal(page.statusCode, 200)
    assert.ok(has(page.body, 'form[action="/my/eportfolio/register"]'))
    const { page: after } = await practitioner.submit('/my/eportfolio', '/my/eportfolio/register', {})
    assert.match(banner(after.body), /You have registered/)
    const row = await route()
    portfolioId = row.id
    assert.equal(row.state, 'registered')
    assert.match(mainText(after.body), /Registered/)
    assert.match(mainText(after.body), /A supervisor to accept the invitation by \d+ \w+ \d{4}/)
    const again = await practitioner.submit('/my/eportfolio', '/my/eportfolio/register', {})
    assert.match(errorSummary(again.page.body).join(' '), /already registered/)
  })

  it('invites a supervisor by e-mail, refusing a bad address and a stale form', async () => {
    const form = await practitioner.get('/my/eportfolio/supervisor')
    const rowVersion = rowVersionIn(form.body, '/my/eportfolio/supervisor')
    const bad = await practitioner.submit('/my/eportfolio/supervisor', '/my/eportfolio/supervisor', {
      rowVersion,
      name: '',
      email: 'not-an-address',
    })
    assert.equal(errorFor(bad.page.body, 'name'), 'Enter the supervisor’s name')
    assert.match(errorFor(bad.page.body, 'email') ?? '', /correct format/)
    const stale = await practitioner.post('/my/eportfolio/supervisor', {
      rowVersion: String(Number(rowVersion) + 5),
      name: 'Sam Supervisor',
      email: 'sam@example.org',
    })
    assert.equal(stale.statusCode, 303)
    assert.equal(
      errorSummary((await practitioner.get(String(stale.headers.location))).body)[0],
      STALE_MESSAGE,
    )
    const ok = await practitioner.submit('/my/eportfolio/supervisor', '/my/eportfolio/supervisor', {
      rowVersion,
      name: 'Sam Supervisor',
      email: 'sam@example.org',
    })
    assert.match(banner(ok.page.body), /Invitation sent to sam@example.org/)
    const mail = await t.services.mail.latestTo('sam@example.org')
    assert.match(mail?.subject ?? '', /asks you to supervise/)
    assert.doesNotMatch(mail?.text ?? '', /\d{4}-\d{2}-\d{2}/, 'dates in words')
  })

  it('lets the invited supervisor accept by the link, once', async () => {
    const link = await latestLinkTo(t, 'sam@example.org', '/eportfolio/supervision/accept')
    const before = await supervisor.get(`/eportfolio/${portfolioId}`)
    assert.equal(before.statusCode, 404, 'no access before accepting')
    const page = await supervisor.get(link)
    assert.match(mainText(page.body), /Test practitioner asks you to supervise/)
    const token = new URL(link, 'https://x').searchParams.get('token') ?? ''
    const accepted = await supervisor.post('/eportfolio/supervision/accept', { token })
    assert.equal(accepted.headers.location, `/eportfolio/${portfolioId}`)
    const row = await route()
    assert.equal(row.state, 'building')
    assert.ok(row.supervisor_id)
    const again = await stranger.post('/eportfolio/supervision/accept', { token })
    assert.equal(again.statusCode, 303)
    assert.match(
      errorSummary((await stranger.get(String(again.headers.location))).body).join(' '),
      /expired or has already been used/,
    )
    assert.equal((await route()).supervisor_id, row.supervisor_id)
  })

  it('adds evidence mapped to capabilities with a note each, and shows what is still missing', async () => {
    const form = await practitioner.get('/my/eportfolio/evidence/new')
    const rowVersion = rowVersionIn(form.body, '/my/eportfolio/evidence/new')
    assert.equal(
      form.body.match(/name="capabilities"/g)?.length,
      codes.length,
      'every capability can be ticked',
    )
    const bad = await practitioner.submit('/my/eportfolio/evidence/new', '/my/eportfolio/evidence/new', {
      rowVersion,
      kind: 'reflection',
      title: 'Leading the frailty service redesign',
      body: '',
      capabilities: ['2.5'],
      'note_2.5': '',
    })
    assert.equal(errorFor(bad.page.body, 'body'), 'Enter your reflection')
    assert.equal(errorFor(bad.page.body, 'note_2.5'), 'Say how this shows capability 2.5')
    const [first = '', ...rest] = codes
    const reflection = await practitioner.submit(
      '/my/eportfolio/evidence/new',
      '/my/eportfolio/evidence/new',
      {
        rowVersion,
        kind: 'reflection',
        title: 'Leading the frailty service redesign',
        body: 'What I learnt leading the redesign.',
        capabilities: rest,
        ...Object.fromEntries(rest.map((c) => [`note_${c}`, `Shows ${c}`])),
      },
    )
    assert.match(banner(reflection.page.body), /Evidence added/)
    const coverage = await practitioner.get('/my/eportfolio/coverage')
    assert.deepEqual(
      textsOf(coverage.body, '#missing li').map((s) => s.split(' ')[0]),
      [first],
      'one capability still missing',
    )
    // A testimonial counts only once the colleague confirms it.
    const testimonial = await practitioner.submit(
      '/my/eportfolio/evidence/new',
      '/my/eportfolio/evidence/new',
      {
        rowVersion: rowVersionIn(
          (await practitioner.get('/my/eportfolio/evidence/new')).body,
          '/my/eportfolio/evidence/new',
        ),
        kind: 'testimonial',
        title: 'From the ward manager',
        body: 'Ada practises within her scope and is accountable for every decision.',
        colleagueName: 'Wendy Ward',
        colleagueEmail: 'wendy@example.org',
        capabilities: [first],
        [`note_${first}`]: 'Her manager saw it daily',
      },
    )
    assert.match(banner(testimonial.page.body), /Wendy Ward has been e-mailed/)
    assert.equal(textsOf((await practitioner.get('/my/eportfolio/coverage')).body, '#missing li').length, 1)
  })

  it('lets the named colleague confirm the testimonial without signing in, once', async () => {
    const link = await latestLinkTo(t, 'wendy@example.org', '/eportfolio/testimonials/confirm')
    const anonymous = new Agent(t.app)
    const page = await anonymous.get(link)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Ada practises within her scope/)
    const token = new URL(link, 'https://x').searchParams.get('token') ?? ''
    const confirmed = await anonymous.post('/eportfolio/testimonials/confirm', { token })
    assert.equal(confirmed.headers.location, '/eportfolio/testimonials/confirmed')
    assert.equal(
      textOf((await practitioner.get('/my/eportfolio/coverage')).body, '#missing'),
      'Every capability has evidence.',
    )
    const again = await anonymous.get(link)
    assert.equal(again.statusCode, 400)
    assert.equal(heading(again.body), 'This link does not work')
  })

  it('shows the evidence only to the practitioner, supervisor, assessors and Centre admins, auditing every other look', async () => {
    assert.equal((await stranger.get(`/eportfolio/${portfolioId}`)).statusCode, 404)
    assert.equal((await assessorA.get(`/eportfolio/${portfolioId}`)).statusCode, 404, 'not an assessor yet')
    const before = (await auditOf('eportfolio.evidence_viewed')).length
    const own = await practitioner.get('/my/eportfolio')
    assert.match(mainText(own.body), /Leading the frailty service redesign/)
    assert.equal(
      (await auditOf('eportfolio.evidence_viewed')).length,
      before,
      'the practitioner’s own look is not audited',
    )
    const seen = await supervisor.get(`/eportfolio/${portfolioId}`)
    assert.equal(seen.statusCode, 200)
    assert.match(mainText(seen.body), /Leading the frailty service redesign/)
    const adminSeen = await admin.get(`/admin/eportfolios/${portfolioId}`)
    assert.equal(adminSeen.statusCode, 200)
    const events = await auditOf('eportfolio.evidence_viewed')
    assert.equal(events.length, before + 2)
    assert.deepEqual(
      events.slice(-2).map((e) => [e.entity_id, e.actor_label]),
      [
        [portfolioId, 'sam@example.org'],
        [portfolioId, 'admin@example.org'],
      ],
    )
  })

  it('lets the supervisor comment and sign off after a confirmation page; the practitioner then submits', async () => {
    const page = await supervisor.get(`/eportfolio/${portfolioId}`)
    const commented = await supervisor.post(`/eportfolio/${portfolioId}/comments`, {
      comment: 'Add your audit.',
    })
    assert.equal(commented.statusCode, 303)
    assert.match(mainText((await practitioner.get('/my/eportfolio')).body), /Add your audit\./)
    assert.ok(has(page.body, `a[href="/eportfolio/${portfolioId}/sign-off"]`))
    // The practitioner cannot submit before sign-off.
    const early = await practitioner.get('/my/eportfolio/submit')
    const refused = await practitioner.post('/my/eportfolio/submit', { rowVersion: rowVersionIn(early.body) })
    assert.match(
      errorSummary((await practitioner.get(String(refused.headers.location))).body).join(' '),
      /supervisor must sign off/,
    )
    const check = await supervisor.get(`/eportfolio/${portfolioId}/sign-off`)
    assert.equal(heading(check.body), 'Sign off this ePortfolio as ready?')
    assert.equal((await stranger.get(`/eportfolio/${portfolioId}/sign-off`)).statusCode, 404)
    const signed = await supervisor.post(`/eportfolio/${portfolioId}/sign-off`, {
      rowVersion: rowVersionIn(check.body),
    })
    assert.equal(signed.statusCode, 303)
    assert.equal((await route()).state, 'signed_off')
    const confirm = await practitioner.get('/my/eportfolio/submit')
    assert.equal(heading(confirm.body), 'Submit your ePortfolio for assessment?')
    const submitted = await practitioner.post('/my/eportfolio/submit', {
      rowVersion: rowVersionIn(confirm.body),
    })
    assert.equal(submitted.statusCode, 303)
    assert.equal((await route()).state, 'submitted')
    // Evidence is locked once submitted.
    const form = await practitioner.get('/my/eportfolio/evidence/new')
    const late = await practitioner.submit('/my/eportfolio/evidence/new', '/my/eportfolio/evidence/new', {
      rowVersion: rowVersionIn(form.body, '/my/eportfolio/evidence/new'),
      kind: 'reflection',
      title: 'Late',
      body: 'Late',
      capabilities: [codes[0] ?? ''],
      [`note_${codes[0] ?? ''}`]: 'Late',
    })
    assert.match(errorSummary(late.page.body).join(' '), /has been submitted/)
  })

  it('takes two assessors who disagree to moderation, then to a confirmed recognition', async () => {
    const ids = await t.database.db
      .selectFrom('user_account')
      .select(['id', 'email'])
      .where('email', 'in', ['assessor-a@example.org', 'assessor-b@example.org'])
      .orderBy('email')
      .execute()
    for (const { id } of ids) {
      const page = await admin.get(`/admin/eportfolios/${portfolioId}`)
      const res = await admin.post(`/admin/eportfolios/${portfolioId}/assessors`, {
        rowVersion: rowVersionIn(page.body, `/admin/eportfolios/${portfolioId}/assessors`),
        assessor: id,
      })
      assert.equal(res.statusCode, 303)
    }
    assert.equal((await route()).state, 'assessing')
    const [disputed = ''] = codes
    for (const [agent, mark] of [
      [assessorA, 'demonstrated'],
      [assessorB, 'not_yet'],
    ] as const) {
      const declare = await agent.post(`/eportfolio/${portfolioId}/interests`, { conflict: 'no' })
      assert.equal(declare.statusCode, 303)
      const page = await agent.get(`/eportfolio/${portfolioId}/assessment`)
      assert.equal(page.statusCode, 200)
      const incomplete = await agent.post(`/eportfolio/${portfolioId}/assessment`, {
        [`judgement_${disputed}`]: mark,
        [`comment_${disputed}`]: 'Needs more',
        complete: 'yes',
      })
      assert.match(
        errorSummary((await agent.get(String(incomplete.headers.location))).body).join(' '),
        /Judge every capability/,
      )
      const fields: Record<string, string> = { complete: 'yes' }
      for (const c of codes) {
        fields[`judgement_${c}`] = c === disputed ? mark : 'demonstrated'
        fields[`comment_${c}`] = c === disputed ? 'Needs more evidence of scope' : ''
      }
      const done = await agent.post(`/eportfolio/${portfolioId}/assessment`, fields)
      assert.equal(done.statusCode, 303)
    }
    assert.equal((await route()).state, 'moderation')
    const page = await admin.get(`/admin/eportfolios/${portfolioId}`)
    assert.ok(has(page.body, `form[action="/admin/eportfolios/${portfolioId}/moderation"]`))
    const moderated = await admin.post(`/admin/eportfolios/${portfolioId}/moderation`, {
      rowVersion: rowVersionIn(page.body, `/admin/eportfolios/${portfolioId}/moderation`),
      [`judgement_${disputed}`]: 'demonstrated',
      [`comment_${disputed}`]: 'The testimonial settles it.',
    })
    assert.equal(moderated.statusCode, 303)
    const ready = await admin.get(`/admin/eportfolios/${portfolioId}`)
    const rowVersion = rowVersionIn(ready.body, `/admin/eportfolios/${portfolioId}/decision/check`)
    const check = await admin.post(`/admin/eportfolios/${portfolioId}/decision/check`, {
      rowVersion,
      outcome: 'recognised',
    })
    assert.equal(check.statusCode, 200)
    assert.equal(heading(check.body), 'Record this decision?')
    assert.equal((await route()).state, 'moderation', 'nothing recorded before confirming')
    const decided = await admin.post(`/admin/eportfolios/${portfolioId}/decision`, {
      rowVersion,
      outcome: 'recognised',
    })
    assert.equal(decided.statusCode, 303)
    assert.equal((await route()).state, 'recognised')
    const mine = await practitioner.get('/my/eportfolio')
    assert.match(mainText(mine.body), /Recognised/)
    assert.match(mainText(mine.body), /Decided: Recognised/)
    const mail = await t.services.mail.latestTo('ada@example.org')
    assert.match(mail?.subject ?? '', /recognised/)
  })

  it('lets a practitioner ask for more time on their own step, which the Centre grants after a confirmation page', async () => {
    await stranger.submit('/my/eportfolio', '/my/eportfolio/register', {})
    const due = await t.database.db
      .selectFrom('eportfolio as e')
      .innerJoin('user_account as u', 'u.id', 'e.practitioner_id')
      .select(['e.id', 'e.step_started_on'])
      .where('u.email', '=', 'stranger@example.org')
      .executeTakeFirstOrThrow()
    const form = await stranger.get('/my/eportfolio/extension')
    assert.equal(form.statusCode, 200)
    const rowVersion = rowVersionIn(form.body, '/my/eportfolio/extension')
    const early = await stranger.submit('/my/eportfolio/extension', '/my/eportfolio/extension', {
      rowVersion,
      'until[day]': '1',
      'until[month]': '1',
      'until[year]': '2020',
      reason: '',
    })
    assert.equal(errorFor(early.page.body, 'reason'), 'Say why you need more time')
    const earlier = await stranger.submit('/my/eportfolio/extension', '/my/eportfolio/extension', {
      rowVersion,
      'until[day]': '1',
      'until[month]': '1',
      'until[year]': '2020',
      reason: 'Leave',
    })
    assert.equal(errorFor(earlier.page.body, 'until-day'), 'Ask for a day after the current deadline')
    // The registered step is due 28 days after registration; ask for 60 days.
    const until = new Date(Date.parse(`${due.step_started_on}T00:00:00Z`) + 60 * 86_400_000)
    const asked = await stranger.submit('/my/eportfolio/extension', '/my/eportfolio/extension', {
      rowVersion,
      'until[day]': String(until.getUTCDate()),
      'until[month]': String(until.getUTCMonth() + 1),
      'until[year]': String(until.getUTCFullYear()),
      reason: 'My supervisor is on leave',
    })
    assert.match(banner(asked.page.body), /Request for more time sent/)
    const page = await admin.get(`/admin/eportfolios/${due.id}`)
    assert.match(mainText(page.body), /My supervisor is on leave/)
    const fields = {
      rowVersion: rowVersionIn(page.body, `/admin/eportfolios/${due.id}/extension/check`),
      decision: 'granted',
      note: '',
    }
    const check = await admin.post(`/admin/eportfolios/${due.id}/extension/check`, fields)
    assert.equal(check.statusCode, 200)
    assert.equal(heading(check.body), 'Record this decision?')
    const granted = await admin.post(`/admin/eportfolios/${due.id}/extension`, fields)
    assert.equal(granted.statusCode, 303)
    const after = await t.database.db
      .selectFrom('eportfolio')
      .select('extended_to')
      .where('id', '=', due.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.extended_to, until.toISOString().slice(0, 10))
    const mine = await stranger.get('/my/eportfolio')
    assert.match(mainText(mine.body), /Granted/)
    assert.match(mainText(mine.body), new RegExp(`by ${until.getUTCDate()} \\w+ ${until.getUTCFullYear()}`))
    const again = await admin.post(`/admin/eportfolios/${due.id}/extension`, fields)
    assert.match(
      errorSummary((await admin.get(String(again.headers.location))).body).join(' '),
      /changed since you opened it|no request/,
    )
  })

  it('lists the route for the Centre, filtered by state', async () => {
    const all = await admin.get('/admin/eportfolios?state=recognised')
    assert.equal(all.statusCode, 200)
    assert.match(mainText(all.body), /1 ePortfolio/)
    const none = await admin.get('/admin/eportfolios?state=moderation')
    assert.match(mainText(none.body), /No ePortfolio matches/)
  })
})
