// In a real browser, with the demo accounts: the provider admin of Demo University,
// without JavaScript, lists an accredited MSc programme and applies to deliver a published
// credential inside it (told first what is missing); the Centre admin approves it with
// conditions; the public credential page lists the provider; the admin suspends the delivery,
// which takes it off the public page, then reinstates it. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { assertAccessible, newContext, startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { publishedExample } from '../support/publication.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

let harness: BrowserHarness
const { contexts, signedInAs, follow, open, recordDecision, closeContexts } = journeyHelpers(() => harness)
let slug: string

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
  slug = (await publishedExample(harness.testApp)).slug
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

let visitor: Page | undefined

/** The public credential page as a visitor sees it; axe checks it the first time only. */
async function publicProviders(): Promise<string> {
  if (!visitor) {
    const context = await newContext(harness.browser)
    contexts.push(context)
    visitor = await context.newPage()
    await open(visitor, `/credentials/${slug}`)
  } else await visitor.reload()
  return visitor.locator('main').innerText()
}

let admin: Page

describe('delivery of a credential', () => {
  it('the provider admin adds a programme and applies to deliver, without JavaScript', async () => {
    const page = await signedInAs('provider-admin', false)
    await open(page, '/provider/programmes')
    assert.equal(await heading(page), 'Programmes')
    await follow(page, { link: 'Add a programme' })
    await follow(page, { button: 'Save programme' })
    assert.deepEqual(await errorSummary(page), ['Enter the title of the programme'])
    await page.getByLabel('Programme title').fill('MSc Advanced Clinical Practice')
    await follow(page, { button: 'Save programme' })
    assert.match(await banner(page), /Programme added/)
    // Its accreditation is the Centre's to decide (docs/programme-accreditation.md).
    assert.match(
      await page.locator('main').innerText(),
      /MSc Advanced Clinical Practice\s+Not yet accredited/,
    )

    await open(page, '/provider/deliveries')
    await follow(page, { link: 'Apply to deliver a credential' })
    await page
      .getByLabel('Credential', { exact: true })
      .selectOption({ label: 'Frailty in the community (version 2)' })
    await page.getByLabel('Blended (face to face and online)').check()
    await page.locator('#startDate-day').fill('15')
    await page.locator('#startDate-month').fill('9')
    await page.locator('#startDate-year').fill('2027')
    await page.getByLabel('Expected cohort size').fill('0')
    await page.getByLabel('Accredited programme').selectOption({ label: 'MSc Advanced Clinical Practice' })
    await follow(page, { button: 'Send application' })
    assert.deepEqual(await errorSummary(page), [
      'Expected cohort size must be between 1 and 1,000',
      'Enter how the learning outcomes are assessed',
    ])
    await page.getByLabel('Expected cohort size').fill('24')
    await page
      .getByLabel('How are the learning outcomes assessed?')
      .fill('A portfolio of practice and an observed structured clinical examination')
    await follow(page, { button: 'Send application' })
    assert.match(await banner(page), /Application sent/)
    const shown = await page.locator('main').innerText()
    assert.match(shown, /Waiting for a decision/)
    assert.match(shown, /MSc Advanced Clinical Practice/)
  })

  it('the Centre admin approves it with conditions and the public page lists the provider', async () => {
    assert.doesNotMatch(await publicProviders(), /Demo University/, 'not before it is approved')
    admin = await signedInAs('centre-admin')
    await open(admin, '/deliveries')
    assert.match(await admin.locator('main').innerText(), /Demo University\s+Waiting for a decision/)
    await follow(admin, { link: 'Frailty in the community, version 2' })
    await admin.getByLabel('Approve with conditions').check()
    await follow(admin, { button: 'Continue' })
    assert.deepEqual(await errorSummary(admin), ['Enter the conditions of approval'])
    await admin.getByLabel('Approve with conditions').check()
    await admin
      .getByLabel('Conditions', { exact: true })
      .fill('Report assessment outcomes after the first cohort.')
    await assertAccessible(admin)
    await recordDecision(admin, /Demo University is listed on the credential’s public page as approved/)
    assert.match(await banner(admin), /Delivery approved with conditions/)
    assert.match(await admin.locator('main').innerText(), /Report assessment outcomes after the first cohort/)

    const listed = await publicProviders()
    assert.match(listed, /Providers approved to deliver it/)
    assert.match(listed, /Demo University: blended \(face to face and online\), starting 15 September 2027/)
  })

  it('the Centre admin suspends the delivery, which leaves the public page, and reinstates it', async () => {
    await follow(admin, { button: 'Suspend the delivery' })
    assert.deepEqual(await errorSummary(admin), ['Enter the reason for suspending the delivery'])
    await admin.getByLabel('Reason for suspending').fill('The first quality return raised a concern.')
    await follow(admin, { button: 'Suspend the delivery' })
    assert.match(await banner(admin), /Delivery suspended/)
    assert.doesNotMatch(await publicProviders(), /Demo University/)

    await follow(admin, { button: 'Reinstate the delivery' })
    assert.match(await banner(admin), /Delivery reinstated/)
    assert.match(await publicProviders(), /Demo University/)
  })
})
