// The whole consultation on a draft specification, in a real browser, once with JavaScript and
// once without, axe checking every page at 1280 and 320 px. A Centre admin opens a
// consultation on draft version 2 of a credential whose version 1 is published; a signed-in
// practitioner and an anonymous respondent (confirming by the link e-mailed to them, read from
// the outbox) comment on learning outcomes; the clock moves past the close in London; version
// 2, frozen since it was consulted on, was returned for revision and version 3 published (test
// set-up, through the database: the review process has journeys of its own); the admin themes
// the comments, naming the outcomes of version 3 each theme changed, and publishes the outcome;
// the comparison of version 2 as consulted on with version 3 shows "Changed after
// consultation" beside exactly those outcomes.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { fixedClock } from '../../src/domain/clock.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { demoActor } from '../../src/db/seed/demo-process.ts'
import { latestLinkTo } from '../support/agent.ts'
import {
  assertAccessible,
  navigation,
  newContext,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { insertDraftToConsultOn, publishRevisedVersion } from '../support/consultations.ts'
import { banner, heading, journeyHelpers } from '../support/journey.ts'

// Winter: London keeps UTC, so the close is midnight UTC at the end of 20 January.
const OPEN_AT = '2027-01-05T12:00:00Z'
const CLOSED_AT = '2027-01-21T00:30:00Z'

let harness: BrowserHarness
const clock = fixedClock(OPEN_AT)
const { signedInAs, follow, open, closeContexts, url } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})
let authorId = ''

before(async () => {
  harness = await startBrowserHarness({ clock })
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  authorId = (await demoActor(t.database.db, t.services, 'centre-admin')).userId
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** The consultation's comment on a passage, by its key: the responses page's card for it. */
async function commentId(number: number, passageKey: string): Promise<string> {
  const row = await harness.testApp.database.db
    .selectFrom('consultation_comment as c')
    .innerJoin('consultation_response as r', 'r.id', 'c.response_id')
    .innerJoin('consultation as k', 'k.id', 'r.consultation_id')
    .select('c.id')
    .where('k.number', '=', number)
    .where('c.passage_key', '=', passageKey)
    .executeTakeFirstOrThrow()
  return row.id
}

async function giveTheme(page: Page, itemId: string, theme: string) {
  const card = page.locator(`[id$="-${itemId}"]`)
  await card.locator('select[name="theme"]').selectOption({ label: theme })
  const response = await navigation(page, () => card.getByRole('button', { name: 'Give theme' }).click())
  assert.ok(response.status() < 400)
  assert.match(await banner(page), /Theme given/)
  await assertAccessible(page)
}

async function addTheme(page: Page, number: number, theme: { name: string; weDid: string; changed: string }) {
  await open(page, `/consultations/${number}/themes`)
  await page.getByLabel('Name').fill(theme.name)
  await page.getByLabel('You said').fill(`Respondents asked about ${theme.name.toLowerCase()}.`)
  await page.getByLabel('We did').fill(theme.weDid)
  await follow(page, { button: 'Add theme' })
  assert.match(await banner(page), /Theme added/)
  await follow(page, { link: theme.name })
  await page.locator(`input[name="changedCodes"][value="${theme.changed}"]`).check()
  await follow(page, { button: 'Save theme' })
  assert.match(await banner(page), /Theme saved/)
}

for (const javaScript of [true, false]) {
  const how = javaScript ? 'with JavaScript' : 'without JavaScript'
  const key = javaScript ? 'on' : 'off'
  const title = `Frailty and delirium (JavaScript ${key})`
  const consultationTitle = `Draft frailty and delirium outcomes (JavaScript ${key})`
  const anonymous = `alex.anon.${key}@example.org`
  let slug = ''
  let credentialId = ''
  let number = 0

  describe(`a consultation on a draft specification from start to finish, ${how}`, () => {
    before(async () => {
      clock.set(OPEN_AT)
      const draft = await insertDraftToConsultOn(harness.testApp, {
        slug: `frailty-delirium-${key}`,
        title,
        authorId,
      })
      slug = draft.slug
      credentialId = draft.credentialId
    })

    it('a Centre admin opens a consultation on draft version 2', async () => {
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, '/admin/consultations')
      await follow(admin, { button: 'Create a consultation' })
      await admin.getByLabel('Title').fill(consultationTitle)
      await admin.getByLabel('Purpose').fill('To hear whether the draft learning outcomes are right.')
      await admin.getByLabel('Who it is for').fill('Practitioners, employers, educators and the public')
      for (const [field, [day, month, year]] of [
        ['opensOn', ['5', '1', '2027']],
        ['closesOn', ['20', '1', '2027']],
      ] as const) {
        await admin.locator(`#${field}-day`).fill(day)
        await admin.locator(`#${field}-month`).fill(month)
        await admin.locator(`#${field}-year`).fill(year)
      }
      await admin.getByLabel('A draft version of a credential specification').check()
      const option = await admin
        .locator('#specificationVersionId option', { hasText: title })
        .first()
        .getAttribute('value')
      await admin.locator('#specificationVersionId').selectOption(option ?? '')
      await follow(admin, { button: 'Save' })
      assert.match(await banner(admin), /Consultation drafted/)
      number = Number(new URL(admin.url()).pathname.split('/').pop())
      assert.ok(number > 0)

      await follow(admin, { button: 'Add a question' })
      await admin.getByLabel('Question', { exact: true }).fill('The learning outcomes are right')
      await admin.getByLabel('Agreement scale').check()
      await admin.getByLabel('No, optional').check()
      await follow(admin, { button: 'Save question' })
      assert.match(await banner(admin), /Question added/)

      await follow(admin, { button: 'Publish the consultation' })
      assert.equal(await heading(admin), `Publish ${consultationTitle}?`)
      await follow(admin, { button: 'Publish the consultation' })
      assert.match(await banner(admin), /Consultation published/)
    })

    it('a signed-in practitioner comments on LO1 as themselves', async () => {
      const practitioner = await signedInAs('practitioner', javaScript)
      await open(practitioner, '/consultations?phase=open')
      await follow(practitioner, { link: consultationTitle })
      assert.match(await practitioner.locator('main').innerText(), /Assess frailty with validated tools\./)
      await follow(practitioner, { link: 'Comment on this (Learning outcome LO1)' })
      await practitioner
        .getByLabel('Your comment on Learning outcome LO1')
        .fill('Frail people often have delirium: say how to recognise it.')
      await practitioner.getByLabel('Practitioner', { exact: true }).check()
      await practitioner.getByLabel('With my name and organisation').check()
      await practitioner.getByLabel('Agree', { exact: true }).check()
      await follow(practitioner, { button: 'Send response' })
      assert.match(await banner(practitioner), /Your response has been sent/)
    })

    it('an anonymous respondent comments on LO2 and confirms by the link e-mailed to them', async () => {
      const context = await newContext(harness.browser, { javaScriptEnabled: javaScript })
      const visitor = await context.newPage()
      try {
        await open(visitor, `/consultations/${number}`)
        await follow(visitor, { link: 'Comment on this (Learning outcome LO2)' })
        await visitor
          .getByLabel('Your comment on Learning outcome LO2')
          .fill('As a carer I plan care too: name carers.')
        await visitor.getByLabel('Full name').fill('Alex Anon')
        await visitor.getByLabel('Email address').fill(anonymous)
        await visitor.getByLabel('Patient or member of the public').check()
        await visitor.getByLabel('Anonymously').check()
        await follow(visitor, { button: 'Send response' })
        assert.equal(await heading(visitor), 'Check your email')
        const link = await latestLinkTo(harness.testApp, anonymous, `/consultations/${number}/confirm`)
        const response = await navigation(visitor, () => visitor.goto(url(link)))
        assert.equal(response.status(), 200)
        await assertAccessible(visitor)
        await follow(visitor, { button: 'Confirm my response' })
        assert.match(await banner(visitor), /Your response is confirmed/)
      } finally {
        await context.close()
      }
    })

    it('after the close, the admin themes the comments, naming the outcomes of version 3 they changed', async () => {
      clock.set(CLOSED_AT)
      await publishRevisedVersion(harness.testApp, credentialId, authorId)
      const admin = await signedInAs('centre-admin', javaScript)
      await addTheme(admin, number, {
        name: 'Carers',
        weDid: 'Version 3 names carers in LO2.',
        changed: 'LO2',
      })
      await addTheme(admin, number, {
        name: 'Delirium',
        weDid: 'Version 3 adds LO4 on delirium.',
        changed: 'LO4',
      })
      // Comments are read passage by passage, each passage quoted above them.
      for (const [code, theme] of [
        ['LO2', 'Carers'],
        ['LO1', 'Delirium'],
      ] as const) {
        await open(admin, `/consultations/${number}/responses?view=passage&passage=outcome:${code}`)
        await giveTheme(admin, await commentId(number, `outcome:${code}`), theme)
      }
    })

    it('the admin publishes the outcome on its confirmation page, quoting each as they allowed', async () => {
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, `/consultations/${number}/responses`)
      await follow(admin, { link: 'Publish the outcome' })
      await admin
        .getByLabel('Summary of what you heard')
        .fill('Respondents asked us to name carers and to cover delirium, and we did.')
      await follow(admin, { button: 'Continue' })
      assert.equal(await heading(admin), 'Publish the outcome?')
      assert.match(await admin.locator('main').innerText(), /Publishing cannot be undone/)
      await follow(admin, { button: 'Publish outcome' })
      assert.match(await banner(admin), /Outcome published/)
      const text = await admin.locator('main').innerText()
      assert.match(text, /“As a carer I plan care too: name carers\.”\s+Anonymous respondent/)
      assert.ok(!text.includes('Alex Anon') && !text.includes(anonymous))
      assert.match(text, /Frail people often have delirium/)
    })

    it('the comparison of version 2 as consulted on with version 3 shows what changed because of it', async () => {
      const context = await newContext(harness.browser, { javaScriptEnabled: javaScript })
      const page = await context.newPage()
      try {
        await open(page, `/consultations/${number}/outcome`)
        await follow(page, { link: 'LO2' })
        assert.match(page.url(), /\/specification\/compare\?from=2&to=3#outcome-LO2$/)
        assert.match(
          await page.locator('main').innerText(),
          /Version 2, the draft put to consultation on 5 January 2027, against version 3, published 21 January 2027/,
        )
        for (const code of ['LO2', 'LO4'])
          assert.match(await page.locator(`#outcome-${code}`).innerText(), /Changed after consultation/, code)
        for (const code of ['LO1', 'LO3'])
          assert.doesNotMatch(
            await page.locator(`#outcome-${code}`).innerText(),
            /Changed after consultation/,
            code,
          )
        await navigation(page, () =>
          page
            .locator('#outcome-LO2')
            .getByRole('link', { name: new RegExp(`consultation ${number}`) })
            .click(),
        )
        assert.equal(new URL(page.url()).pathname, `/consultations/${number}/outcome`)
        await open(page, `/credentials/${slug}/specification/versions/3`)
        assert.match(await page.locator('#outcome-LO4').innerText(), /Changed after consultation/)
      } finally {
        await context.close()
      }
    })
  })
}
