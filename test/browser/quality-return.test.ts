// The yearly quality return in a real browser, with the demo accounts: provider staff at Demo
// University find the overdue return from their home page and submit it without JavaScript
// (after being told what is missing); the Centre admin raises a concern. axe checks every
// page. Answering the concern is shown by src/web/quality-returns/routes.test.ts.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { assertAccessible, navigation, startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { deliveryFixture } from '../support/deliveries.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'

let harness: BrowserHarness
const { signedInAs, follow, recordDecision, closeContexts } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})
let credentialTitle: string

/** Opens the first-year return from a table of returns (the year is visually hidden text). */
async function openReturn(page: Page) {
  const name = new RegExp(`^${credentialTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\W+year 1$`)
  await navigation(page, () => page.getByRole('link', { name }).click())
  await assertAccessible(page)
}

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  // Started more than a year ago: its first return is overdue.
  const start = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10)
  credentialTitle = (await deliveryFixture(t, organisation.id, { startDate: start })).credentialTitle
  await t.services.qualityReturns.ensureReturns(new Date().toISOString().slice(0, 10))
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

describe('a yearly quality return', () => {
  it('provider staff submit the overdue return from their home page, without JavaScript', async () => {
    const page = await signedInAs('provider-staff', false)
    await follow(page, { link: 'Quality returns due' })
    assert.equal(await heading(page), 'Quality returns')
    await openReturn(page)
    assert.equal(await heading(page), credentialTitle)
    await follow(page, { button: 'Submit the return' })
    assert.deepEqual(await errorSummary(page), [
      'Enter the number of learners who started',
      'Enter the number of learners who completed',
      'Enter the outcomes of the year',
    ])
    await page.getByLabel('How many learners started in the year?').fill('14')
    await page.getByLabel('How many learners completed in the year?').fill('11')
    await page.getByLabel('Outcomes').fill('Eleven passed the portfolio; three deferred.')
    await follow(page, { button: 'Submit the return' })
    assert.match(await banner(page), /Quality return submitted/)
  })

  it('the Centre admin raises a concern about it', async () => {
    const admin = await signedInAs('centre-admin')
    // The home counts the returns to review (the pipeline lists them); the quality returns page has them all.
    await follow(admin, { link: 'Quality returns' })
    await openReturn(admin)
    await admin.getByLabel('Raise a concern').check()
    await admin.getByLabel('Note to the provider').fill('Say why three learners deferred.')
    await recordDecision(admin, /admins are sent an email with your note/)
    assert.match(await banner(admin), /Concern raised/)
  })
})
