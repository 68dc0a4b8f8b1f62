// Consultations, first half: a Centre admin drafts one on a draft specification version,
// with questions, and publishes it after a confirmation; anyone responds while it is open —
// signed in as themselves, or anonymously with an address confirmed by an e-mailed link — one
// counted response per address, changeable until the close and refused after it (on a moved
// clock, in London days).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, linkIn, signedIn } from '../../../test/support/agent.ts'
import {
  attributeOf,
  banner,
  errorFor,
  errorSummary,
  fieldValue,
  heading,
  hrefs,
  html,
  mainText,
  optionValues,
  rowVersionIn,
} from '../../../test/support/html.ts'
import { fixedClock } from '../../domain/clock.ts'
import { createDemoAccounts } from '../../db/seed/demo-accounts.ts'
import { DEMO_TITLES, seedDemoProcess } from '../../db/seed/demo-process.ts'

// Monday 4 January 2027, 10:00 in London.
const clock = fixedClock('2027-01-04T10:00:00Z')
let t: TestApp
let admin: Agent
let practitioner: Agent

const PRACTITIONER = 'consult.practitioner@example.org'

const responses = () =>
  t.database.db.selectFrom('consultation_response').selectAll().orderBy('created_at').execute()

async function latestMail(to: string) {
  const mail = await t.services.mail.latestTo(to)
  assert.ok(mail, `an email to ${to}`)
  return mail
}

before(async () => {
  t = await createTestApp({}, { clock })
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await createAccount(t, 'consult.admin@example.org', [{ role: 'centre_admin' }])
  await createAccount(t, PRACTITIONER, [{ role: 'practitioner' }])
  admin = await signedIn(t, 'consult.admin@example.org')
  practitioner = await signedIn(t, PRACTITIONER)
})
after(() => t.close())

const dates = (name: string, day: string, month: string, year: string) => ({
  [`${name}[day]`]: day,
  [`${name}[month]`]: month,
  [`${name}[year]`]: year,
})

describe('consultations', () => {
  let number = 0

  it('lets a Centre admin draft a consultation, each problem on its field', async () => {
    const form = await admin.get('/admin/consultations/new')
    assert.equal(form.statusCode, 200)
    const { page } = await admin.submit('/admin/consultations/new', '/admin/consultations/new', {
      title: '',
      subject: 'specification',
      ...dates('opensOn', '31', '2', '2027'),
      ...dates('closesOn', '6', '1', '2027'),
    })
    assert.equal(errorFor(page.body, 'title'), 'Enter the title')
    assert.equal(errorFor(page.body, 'opensOn-day'), 'Opening date must be a real date')
    assert.equal(
      errorFor(page.body, 'specificationVersionId'),
      'Select the specification version to consult on',
    )

    const options = html(form.body).querySelectorAll('select[name="specificationVersionId"] option')
    const version = options.find((o) => o.textContent.includes(DEMO_TITLES.underReview))
    assert.ok(version, 'the version under review can be consulted on')
    const { posted } = await admin.submit('/admin/consultations/new', '/admin/consultations/new', {
      title: 'Sepsis: the draft specification',
      purpose: 'To hear whether the outcomes are right.',
      audience: 'Practitioners, employers and educators',
      subject: 'specification',
      specificationVersionId: version.getAttribute('value') ?? '',
      ...dates('opensOn', '4', '1', '2027'),
      ...dates('closesOn', '6', '1', '2027'),
    })
    assert.equal(posted.statusCode, 303)
    const location = String(posted.headers.location)
    assert.match(location, /^\/admin\/consultations\/\d+$/)
    number = Number(location.split('/').pop())
    const manage = await admin.get(location)
    assert.match(mainText(manage.body), /4 January 2027 to 6 January 2027/)
    // A draft is not public.
    assert.equal((await new Agent(t.app).get(`/consultations/${number}`)).statusCode, 404)
  })

  it('lets the admin add, change, move and remove questions of the draft', async () => {
    const add = async (fields: Record<string, string>) => {
      const page = await admin.get(`/admin/consultations/${number}/questions/new`)
      return admin.post(`/admin/consultations/${number}/questions/new`, {
        rowVersion: rowVersionIn(page.body),
        ...fields,
      })
    }
    const refused = await add({ kind: 'single', prompt: 'Pick', required: 'yes', options: 'Only one' })
    assert.equal(refused.statusCode, 303)
    assert.equal(
      errorFor((await admin.get(String(refused.headers.location))).body, 'options'),
      'Enter at least 2 options, one on each line',
    )
    assert.equal((await add({ kind: 'text', prompt: 'Anything else?', required: 'no' })).statusCode, 303)
    assert.equal(
      (await add({ kind: 'agreement', prompt: 'The outcomes are right', required: 'yes' })).statusCode,
      303,
    )
    assert.equal(
      (
        await add({
          kind: 'multiple',
          prompt: 'Which settings?',
          required: 'no',
          options: 'Hospital\nCommunity\nPrimary care',
        })
      ).statusCode,
      303,
    )
    let manage = await admin.get(`/admin/consultations/${number}`)
    // Move the agreement question to the top.
    await admin.post(`/admin/consultations/${number}/questions/2/move`, {
      rowVersion: rowVersionIn(manage.body),
      direction: 'up',
    })
    manage = await admin.get(`/admin/consultations/${number}`)
    assert.match(
      mainText(manage.body),
      /1\. The outcomes are right.*2\. Anything else\?.*3\. Which settings\?/,
    )
    // A stale row version is refused.
    const stale = await admin.post(`/admin/consultations/${number}/questions/3/remove`, { rowVersion: '1' })
    assert.match(
      errorSummary((await admin.get(String(stale.headers.location))).body).join(' '),
      /changed since you opened it/,
    )
    manage = await admin.get(`/admin/consultations/${number}`)
    const change = await admin.get(`/admin/consultations/${number}/questions/2`)
    assert.equal(fieldValue(change.body, 'prompt'), 'Anything else?')
    await admin.post(`/admin/consultations/${number}/questions/2`, {
      rowVersion: rowVersionIn(change.body),
      kind: 'text',
      prompt: 'What would you change?',
      required: 'no',
    })
    manage = await admin.get(`/admin/consultations/${number}`)
    assert.match(mainText(manage.body), /2\. What would you change\?/)
  })

  it('publishes after a confirmation page, and puts it on the credential’s timeline with its dates in words', async () => {
    const manage = await admin.get(`/admin/consultations/${number}`)
    const check = await admin.post(`/admin/consultations/${number}/publish`, {
      rowVersion: rowVersionIn(manage.body),
    })
    assert.equal(check.statusCode, 200)
    assert.match(heading(check.body), /^Publish Sepsis: the draft specification\?$/)
    const posted = await admin.post(`/admin/consultations/${number}/publish/confirm`, {
      rowVersion: rowVersionIn(check.body, `/admin/consultations/${number}/publish/confirm`),
    })
    assert.equal(posted.statusCode, 303)
    assert.match(banner((await admin.get(String(posted.headers.location))).body), /Consultation published/)
    const event = await t.database.db
      .selectFrom('credential_event')
      .selectAll()
      .where('action', '=', 'consultation.published')
      .executeTakeFirstOrThrow()
    assert.match(event.summary, /open from 4 January 2027 to 6 January 2027/)
    // The credential's public page lists it, with its dates in words.
    const credential = await t.database.db
      .selectFrom('credential')
      .select('slug')
      .where('id', '=', event.credential_id)
      .executeTakeFirstOrThrow()
    const publicPage = await new Agent(t.app).get(`/credentials/${credential.slug}`)
    assert.match(
      mainText(publicPage.body),
      /Consultations Sepsis: the draft specification, on draft version \d+: open from 4 January 2027 to 6 January 2027/,
    )
    assert.ok(hrefs(publicPage.body).includes(`/consultations/${number}`))
    // Its questions no longer change.
    assert.equal((await admin.get(`/admin/consultations/${number}/edit`)).statusCode, 404)
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_type', '=', 'consultation')
      .execute()
    assert.ok(audit.some((a) => a.action === 'consultation.published'))
  })

  it('shows it on the public list and page, open, with a link to comment on each learning outcome', async () => {
    const list = await new Agent(t.app).get('/consultations?phase=open')
    assert.equal(list.statusCode, 200)
    assert.match(mainText(list.body), /Sepsis: the draft specification.*Open/)
    assert.doesNotMatch(
      mainText((await new Agent(t.app).get('/consultations?phase=closed')).body),
      /Sepsis: the draft/,
    )
    const page = await new Agent(t.app).get(`/consultations/${number}`)
    assert.match(mainText(page.body), /4 January 2027 to 6 January 2027/)
    // Each choice question with the options it offers, before anyone opens the form.
    assert.match(
      mainText(page.body),
      /The outcomes are right Choose one of: Strongly agree Agree Neither agree nor disagree Disagree Strongly disagree What would you change\? \(optional\) Which settings\? \(optional\) Choose any of: Hospital Community Primary care/,
    )
    const links = hrefs(page.body, /Comment on this/)
    assert.ok(links.includes(`/consultations/${number}/respond?passage=outcome%3ALO1`), links.join(' '))
    assert.ok(links.includes(`/consultations/${number}/respond?passage=purpose`), links.join(' '))
  })

  let lo1 = ''
  it('lets a signed-in practitioner respond as themselves, commenting on an outcome, required answers checked', async () => {
    const form = await practitioner.get(`/consultations/${number}/respond?passage=outcome:LO1`)
    assert.equal(form.statusCode, 200)
    lo1 = attributeOf(form.body, 'input[name="passage"]', 'value') ?? ''
    assert.equal(lo1, 'outcome:LO1')
    assert.match(mainText(form.body), /responding as Test practitioner/)
    const empty = await practitioner.post(`/consultations/${number}/respond`, {
      passage: lo1,
      comment: 'Too broad',
    })
    const again = await practitioner.get(String(empty.headers.location))
    assert.equal(errorFor(again.body, 'capacity'), 'Select in what capacity you are responding')
    assert.equal(errorFor(again.body, 'answer-1'), 'Select an answer to question 1')
    assert.equal(fieldValue(again.body, 'comment'), 'Too broad', 'what was typed is kept')
    const saved = await practitioner.post(`/consultations/${number}/respond`, {
      passage: lo1,
      comment: 'Too broad: split assessment from treatment',
      capacity: 'practitioner',
      profession: optionValues(form.body, 'profession').find((p) => /paramedic/i.test(p ?? '')) ?? '',
      region: 'london',
      publication: 'named',
      'answer-1': 'Agree',
      'answer-3': ['Hospital', 'Community'],
    })
    assert.equal(saved.statusCode, 303)
    const shown = await practitioner.get(String(saved.headers.location))
    assert.deepEqual(errorSummary(shown.body), [])
    assert.match(banner(shown.body), /Your response has been sent/)
    const [row] = await responses()
    assert.ok(row?.confirmed_at, 'counted at once')
    assert.equal(row?.email, PRACTITIONER)
    const comment = await t.database.db
      .selectFrom('consultation_comment')
      .selectAll()
      .executeTakeFirstOrThrow()
    assert.equal(comment.passage_key, 'outcome:LO1')
    assert.ok(comment.quote.length > 0, 'the passage quoted as shown')
  })

  it('lets the signed-in practitioner change their response until the close, never making a second one', async () => {
    const form = await practitioner.get(`/consultations/${number}/respond`)
    assert.match(heading(form.body), /Change your response/)
    assert.equal(attributeOf(form.body, 'input[name="answer-1"][checked]', 'value'), 'Agree')
    const saved = await practitioner.post(`/consultations/${number}/respond`, {
      rowVersion: rowVersionIn(form.body, `/consultations/${number}/respond`),
      capacity: 'practitioner',
      publication: 'anonymous',
      'answer-1': 'Disagree',
    })
    assert.equal(saved.statusCode, 303)
    const rows = await responses()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.publication, 'anonymous')
  })

  const ANON = 'Someone.Else@example.org'
  it('saves an anonymous response unconfirmed, and counts it once the e-mailed link is followed', async () => {
    const visitor = new Agent(t.app)
    await visitor.get(`/consultations/${number}/respond?passage=outcome:LO2`)
    const sent = await visitor.post(`/consultations/${number}/respond`, {
      passage: 'outcome:LO2',
      comment: 'Needs more on sepsis in children',
      name: 'Sam Someone',
      email: ANON,
      capacity: 'patient_or_public',
      publication: 'organisation',
      'answer-1': 'Strongly agree',
    })
    // Publishing with the organisation needs one.
    assert.equal(
      errorFor((await visitor.get(String(sent.headers.location))).body, 'organisation'),
      'Enter your organisation, or choose another way to publish your response',
    )
    const ok = await visitor.post(`/consultations/${number}/respond`, {
      passage: 'outcome:LO2',
      comment: 'Needs more on sepsis in children',
      name: 'Sam Someone',
      email: ANON,
      organisation: 'Patients Together',
      capacity: 'patient_or_public',
      publication: 'organisation',
      'answer-1': 'Strongly agree',
    })
    assert.equal(ok.headers.location, `/consultations/${number}/check-email`)
    assert.equal((await visitor.get(String(ok.headers.location))).statusCode, 200)
    let row = (await responses()).find((r) => r.email === ANON)
    assert.ok(row && row.confirmed_at === null, 'not counted yet')
    const link = linkIn((await latestMail(ANON)).text, `/consultations/${number}/confirm`)
    const page = await visitor.get(link)
    assert.equal(page.statusCode, 200)
    const token = fieldValue(page.body, 'token') ?? ''
    const confirmed = await visitor.post(`/consultations/${number}/confirm`, { token })
    assert.equal(confirmed.statusCode, 303)
    assert.match(
      banner((await visitor.get(String(confirmed.headers.location))).body),
      /Your response is confirmed/,
    )
    row = (await responses()).find((r) => r.email === ANON)
    assert.ok(row?.confirmed_at, 'counted')
    // The link works once.
    assert.equal((await visitor.post(`/consultations/${number}/confirm`, { token })).statusCode, 400)
  })

  it('lets the anonymous respondent change their response through the link e-mailed to them', async () => {
    const link = linkIn((await latestMail(ANON)).text, `/consultations/${number}/respond`)
    const visitor = new Agent(t.app)
    const form = await visitor.get(link)
    assert.equal(form.statusCode, 200)
    assert.match(mainText(form.body), /responding as Sam Someone/)
    const commentId = (
      await t.database.db
        .selectFrom('consultation_comment')
        .select('id')
        .where('passage_key', '=', 'outcome:LO2')
        .executeTakeFirstOrThrow()
    ).id
    assert.equal(fieldValue(form.body, `comment-${commentId}`), 'Needs more on sepsis in children')
    const saved = await visitor.post(`/consultations/${number}/respond`, {
      token: fieldValue(form.body, 'token') ?? '',
      rowVersion: rowVersionIn(form.body, `/consultations/${number}/respond`),
      capacity: 'patient_or_public',
      publication: 'anonymous',
      'answer-1': 'Agree',
      [`comment-${commentId}`]: 'Needs more on sepsis in children and in pregnancy',
    })
    assert.equal(saved.statusCode, 303)
    const comment = await t.database.db
      .selectFrom('consultation_comment')
      .selectAll()
      .where('id', '=', commentId)
      .executeTakeFirstOrThrow()
    assert.equal(comment.body, 'Needs more on sepsis in children and in pregnancy')
  })

  it('counts one response per confirmed address: responding again sends a link to change the first', async () => {
    const before = (await responses()).length
    const visitor = new Agent(t.app)
    await visitor.get(`/consultations/${number}/respond`)
    const sent = await visitor.post(`/consultations/${number}/respond`, {
      name: 'Sam Again',
      email: ANON.toLowerCase(),
      capacity: 'other',
      publication: 'anonymous',
      'answer-1': 'Disagree',
    })
    assert.equal(sent.headers.location, `/consultations/${number}/check-email`)
    assert.equal((await responses()).length, before, 'nothing new saved')
    const mail = await latestMail(ANON)
    assert.match(mail.text, /already responded/)
    assert.ok(linkIn(mail.text, `/consultations/${number}/respond`))
  })

  it('discards a second unconfirmed response confirmed after the first, keeping one counted', async () => {
    const email = 'twice@example.org'
    const send = async (answer: string) => {
      const visitor = new Agent(t.app)
      await visitor.get(`/consultations/${number}/respond`)
      await visitor.post(`/consultations/${number}/respond`, {
        name: 'Twice',
        email,
        capacity: 'employer',
        publication: 'anonymous',
        'answer-1': answer,
      })
      return linkIn((await latestMail(email)).text, `/consultations/${number}/confirm`)
    }
    const first = await send('Agree')
    const second = await send('Disagree')
    const confirm = async (link: string) => {
      const visitor = new Agent(t.app)
      await visitor.get(link)
      return visitor.post(`/consultations/${number}/confirm`, {
        token: new URL(link, 'http://x').searchParams.get('token') ?? '',
      })
    }
    assert.equal((await confirm(first)).statusCode, 303)
    const again = await confirm(second)
    assert.equal(again.statusCode, 303)
    const mine = (await responses()).filter((r) => r.email === email)
    assert.equal(mine.length, 1)
    assert.ok(mine[0]?.confirmed_at)
  })

  it('makes a confirmed response the account’s once its address signs in, still one response', async () => {
    await createAccount(t, ANON.toLowerCase(), [{ role: 'practitioner' }])
    const person = await signedIn(t, ANON.toLowerCase())
    const form = await person.get(`/consultations/${number}/respond`)
    assert.match(heading(form.body), /Change your response/)
    const saved = await person.post(`/consultations/${number}/respond`, {
      rowVersion: rowVersionIn(form.body, `/consultations/${number}/respond`),
      capacity: 'practitioner',
      publication: 'named',
      'answer-1': 'Neither agree nor disagree',
    })
    assert.equal(saved.statusCode, 303)
    const mine = (await responses()).filter((r) => r.email.toLowerCase() === ANON.toLowerCase())
    assert.equal(mine.length, 1)
    assert.ok(mine[0]?.user_id, 'now the account’s')
  })

  it('refuses responses and changes after the close, at the end of the closing day in London', async () => {
    // 23:59 on 6 January in London: still open.
    clock.set('2027-01-06T23:59:00Z')
    assert.equal((await practitioner.get(`/consultations/${number}/respond`)).statusCode, 200)
    clock.set('2027-01-07T00:00:00Z')
    const page = await practitioner.get(`/consultations/${number}/respond`)
    assert.equal(page.statusCode, 409)
    assert.match(mainText(page.body), /closed at the end of 6 January 2027/)
    const posted = await practitioner.post(`/consultations/${number}/respond`, {
      capacity: 'practitioner',
      publication: 'named',
      'answer-1': 'Agree',
    })
    assert.equal(posted.statusCode, 409)
    const show = await new Agent(t.app).get(`/consultations/${number}`)
    assert.equal(hrefs(show.body, /Comment on this/).length, 0, 'no form offered after the close')
    assert.match(mainText(show.body), /Closed/)
    clock.set('2027-01-04T10:00:00Z')
  })
})
