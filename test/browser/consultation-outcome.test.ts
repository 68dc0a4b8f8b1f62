// In a real browser: a consultation on version 1 of a specification has closed (the clock
// moved past its closing day in London); the Centre admin makes a theme naming the outcome of
// version 2 it changed, gives it to a comment on that outcome (with JavaScript) and to an
// answer (without), and publishes the outcome on its confirmation page; the public outcome page
// quotes each respondent as they allowed, and the comparison of versions 1 and 2 shows
// "Changed after consultation" beside that outcome, linking back. axe checks every page, at
// 320 px too. Responding itself is src/web/consultations' (its route and browser tests).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { fixedClock } from '../../src/domain/clock.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { demoActor } from '../../src/db/seed/demo-process.ts'
import {
  assertAccessible,
  navigation,
  newContext,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { insertConsultation, type InsertedConsultation } from '../support/consultations.ts'
import { banner, heading, journeyHelpers } from '../support/journey.ts'
import { insertPublishedExample } from '../support/publication.ts'

let harness: BrowserHarness
const clock = fixedClock('2027-03-10T12:00:00Z')
const { signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})
let c: InsertedConsultation
let slug = ''

before(async () => {
  harness = await startBrowserHarness({ clock })
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  const admin = await demoActor(t.database.db, t.services, 'centre-admin')
  const example = await insertPublishedExample(t, 'frailty-consultation-journey')
  slug = example.slug
  const v1 = await t.database.db
    .selectFrom('specification_version')
    .select('id')
    .where('credential_id', '=', example.credentialId)
    .where('number', '=', 1)
    .executeTakeFirstOrThrow()
  c = await insertConsultation(t, {
    createdBy: admin.userId,
    opensOn: '2027-02-01',
    closesOn: '2027-03-31',
    specificationVersionId: v1.id,
    credentialId: example.credentialId,
    respondents: [
      {
        name: 'Ada Practitioner',
        email: 'ada.practitioner@example.org',
        organisation: 'Example Community Trust',
        publication: 'named',
        answers: { 1: ['Agree'], 3: 'Name carers in the planning outcome.' },
        comments: [
          {
            passageKey: 'outcome:LO2',
            quote: 'Plan care with the person and their family.',
            body: 'Carers plan care too.',
          },
        ],
      },
      {
        name: 'Sam Anonymous',
        email: 'sam.anonymous@example.org',
        organisation: 'Private Org',
        capacity: 'patient_or_public',
        publication: 'anonymous',
        answers: { 1: ['Disagree'], 3: 'As a carer I was never asked.' },
      },
    ],
  })
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** Gives the theme to the item (its card on the responses page) and waits for the page. */
async function giveTheme(page: Page, itemId: string, theme: string) {
  const card = page.locator(`[id$="-${itemId}"]`)
  await card.locator('select[name="theme"]').selectOption({ label: theme })
  const response = await navigation(page, () => card.getByRole('button', { name: 'Give theme' }).click())
  assert.ok(response.status() < 400)
  assert.match(await banner(page), /Theme given/)
  await assertAccessible(page)
}

describe('after the close, the Centre publishes what it heard and what it changed', () => {
  it('the outcome cannot be published while the consultation is open', async () => {
    const page = await signedInAs('centre-admin', false)
    await open(page, `/consultations/${c.number}/outcome/publish`)
    assert.match(
      await page.locator('main').innerText(),
      /can be published after the consultation closes on 31 March 2027/,
    )
  })

  it('after the close, a Centre admin makes a theme naming the outcome it changed and gives it to a comment (JavaScript on)', async () => {
    // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time): closed.
    clock.set('2027-03-31T23:30:00Z')
    const page = await signedInAs('centre-admin')
    await open(page, `/consultations/${c.number}/themes`)
    await page.getByLabel('Name').fill('Carers')
    await page.getByLabel('You said').fill('Carers want to plan care with the practitioner.')
    await page.getByLabel('We did').fill('Version 2 names carers in LO2.')
    await follow(page, { button: 'Add theme' })
    assert.match(await banner(page), /Theme added/)
    await follow(page, { link: 'Carers' })
    await page.locator('input[name="changedCodes"][value="LO2"]').check()
    await follow(page, { button: 'Save theme' })
    assert.match(await banner(page), /Theme saved/)

    await open(page, `/consultations/${c.number}/responses?view=passage`)
    assert.match(await page.locator('main').innerText(), /Carers plan care too\./)
    await giveTheme(page, c.responses['ada.practitioner@example.org']!.comments[0]!, 'Carers')
  })

  it('without JavaScript, the admin gives the theme to an answer and publishes the outcome on its confirmation page', async () => {
    const page = await signedInAs('centre-admin', false)
    await open(page, `/consultations/${c.number}/responses?question=${c.questionIds[2]}`)
    await giveTheme(page, c.responses['sam.anonymous@example.org']!.answers[3]!, 'Carers')
    await follow(page, { link: 'Publish the outcome' })
    await page
      .getByLabel('Summary of what you heard')
      .fill('Respondents asked us to name carers, and we did.')
    await follow(page, { button: 'Continue' })
    assert.equal(await heading(page), 'Publish the outcome?')
    assert.match(await page.locator('main').innerText(), /Publishing cannot be undone/)
    await follow(page, { button: 'Publish outcome' })
    assert.match(await banner(page), /Outcome published/)
    const text = await page.locator('main').innerText()
    assert.match(text, /“Carers plan care too\.”\s+Ada Practitioner, Example Community Trust/)
    assert.match(text, /“As a carer I was never asked\.”\s+Anonymous respondent/)
    assert.ok(!text.includes('Sam Anonymous') && !text.includes('Private Org'))
  })

  for (const javaScriptEnabled of [true, false])
    it(`the comparison of versions 1 and 2 shows what changed because of it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await newContext(harness.browser, { javaScriptEnabled })
      const page = await context.newPage()
      try {
        await open(page, `/consultations/${c.number}/outcome`)
        assert.ok(await page.locator('#question-1-chart svg title').count(), 'a chart with a title')
        await follow(page, { link: 'LO2' })
        assert.match(page.url(), /\/specification\/compare\?from=1&to=2#outcome-LO2$/)
        const row = page.locator('#outcome-LO2')
        assert.match(await row.innerText(), /Changed after consultation/)
        await navigation(page, () =>
          row.getByRole('link', { name: new RegExp(`consultation ${c.number}`) }).click(),
        )
        assert.equal(new URL(page.url()).pathname, `/consultations/${c.number}/outcome`)
        await open(page, `/credentials/${slug}/specification/versions/2`)
        assert.match(await page.locator('#outcome-LO2').innerText(), /Changed after consultation/)
      } finally {
        await context.close()
      }
    })
})
