// A consultation in a real browser, with JavaScript on and off, axe checking every page at
// 1280 and 320 px: a Centre admin drafts one on the draft specification version under review,
// adds a question and publishes it after confirming; a signed-in practitioner and an anonymous
// respondent each comment on a learning outcome through its "Comment on this" link, and the
// anonymous one confirms by the link e-mailed to them (read from the outbox).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  startBrowserHarness,
  newContext,
  assertAccessible,
  navigation,
  type BrowserHarness,
} from '../support/browser.ts'
import { banner, heading, journeyHelpers } from '../support/journey.ts'
import { latestLinkTo } from '../support/agent.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { DEMO_TITLES, seedDemoProcess } from '../../src/db/seed/demo-process.ts'

let harness: BrowserHarness
const { signedInAs, follow, open, closeContexts, url } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
  await seedDemoProcess(harness.testApp.database.db, harness.testApp.services)
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

const londonToday = () => harness.testApp.services.clock.today().split('-')
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10).split('-')

for (const javaScript of [true, false]) {
  const how = javaScript ? 'with JavaScript' : 'without JavaScript'
  const title = `Sepsis outcomes consultation ${javaScript ? 'one' : 'two'}`
  let number = 0

  describe(`a consultation on a draft specification, ${how}`, () => {
    it('a Centre admin drafts it, adds a question and publishes it after confirming', async () => {
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, '/admin/consultations')
      await follow(admin, { button: 'Create a consultation' })
      await admin.getByLabel('Title').fill(title)
      await admin.getByLabel('Purpose').fill('To hear whether the learning outcomes are right.')
      await admin.getByLabel('Who it is for').fill('Practitioners, employers and educators')
      const [y1, m1, d1] = londonToday()
      const [y2, m2, d2] = inAMonth()
      await admin.locator('#opensOn-day').fill(String(Number(d1)))
      await admin.locator('#opensOn-month').fill(String(Number(m1)))
      await admin.locator('#opensOn-year').fill(y1 ?? '')
      await admin.locator('#closesOn-day').fill(String(Number(d2)))
      await admin.locator('#closesOn-month').fill(String(Number(m2)))
      await admin.locator('#closesOn-year').fill(y2 ?? '')
      await admin.getByLabel('A draft version of a credential specification').check()
      const option = await admin
        .locator('#specificationVersionId option', { hasText: DEMO_TITLES.underReview })
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
      await admin.getByLabel('Yes, required').check()
      await follow(admin, { button: 'Save question' })
      assert.match(await banner(admin), /Question added/)

      await follow(admin, { button: 'Publish the consultation' })
      assert.equal(await heading(admin), `Publish ${title}?`)
      assert.match(await admin.locator('.nhsuk-card--warning').innerText(), /This cannot be undone/)
      await follow(admin, { button: 'Publish the consultation' })
      assert.match(await banner(admin), /Consultation published/)
    })

    it('a signed-in practitioner comments on a learning outcome as themselves', async () => {
      const practitioner = await signedInAs('practitioner', javaScript)
      await open(practitioner, `/consultations?phase=open`)
      await follow(practitioner, { link: title })
      await follow(practitioner, { link: 'Comment on this (Learning outcome LO1)' })
      await practitioner
        .getByLabel('Your comment on Learning outcome LO1')
        .fill('Split assessment from treatment.')
      await practitioner.getByLabel('Practitioner', { exact: true }).check()
      await practitioner.getByLabel('With my name and organisation').check()
      // Required question left out: the error summary names it.
      await follow(practitioner, { button: 'Send response' })
      assert.match(
        await practitioner.locator('.nhsuk-error-summary').innerText(),
        /Select an answer to question 1/,
      )
      await practitioner.getByLabel('Agree', { exact: true }).check()
      await follow(practitioner, { button: 'Send response' })
      assert.match(await banner(practitioner), /Your response has been sent/)
    })

    it('an anonymous respondent comments on another outcome and confirms by the e-mailed link', async () => {
      const email = `anon.${javaScript ? 'one' : 'two'}@example.org`
      const context = await newContext(harness.browser, { javaScriptEnabled: javaScript })
      const visitor = await context.newPage()
      try {
        await open(visitor, `/consultations/${number}`)
        await follow(visitor, { link: 'Comment on this (Learning outcome LO2)' })
        await visitor.getByLabel('Your comment on Learning outcome LO2').fill('Say more about children.')
        await visitor.getByLabel('Full name').fill('Alex Anon')
        await visitor.getByLabel('Email address').fill(email)
        await visitor.getByLabel('Patient or member of the public').check()
        await visitor.getByLabel('Anonymously').check()
        await visitor.getByLabel('Strongly agree').check()
        await follow(visitor, { button: 'Send response' })
        assert.equal(await heading(visitor), 'Check your email')
        const link = await latestLinkTo(harness.testApp, email, `/consultations/${number}/confirm`)
        const response = await navigation(visitor, () => visitor.goto(url(link)))
        assert.equal(response.status(), 200)
        await assertAccessible(visitor)
        await follow(visitor, { button: 'Confirm my response' })
        assert.match(await banner(visitor), /Your response is confirmed/)
        // The link to change it, e-mailed on confirming, opens the response to change.
        const change = await latestLinkTo(harness.testApp, email, `/consultations/${number}/respond`)
        await open(visitor, change)
        assert.equal(await heading(visitor), 'Change your response')
      } finally {
        await context.close()
      }
      const comments = await harness.testApp.database.db
        .selectFrom('consultation_comment as c')
        .innerJoin('consultation_response as r', 'r.id', 'c.response_id')
        .innerJoin('consultation as k', 'k.id', 'r.consultation_id')
        .select(['c.passage_key', 'r.confirmed_at'])
        .where('k.number', '=', number)
        .orderBy('c.passage_key')
        .execute()
      assert.deepEqual(
        comments.map((c) => [c.passage_key, c.confirmed_at !== null]),
        [
          ['outcome:LO1', true],
          ['outcome:LO2', true],
        ],
      )
    })
  })
}
