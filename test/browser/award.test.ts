// In a real browser, with the demo accounts: provider staff at Demo University
// register a learner on an approved delivery without JavaScript, try to award the credential
// before recording eligibility and are told what is missing, record that the learner holds
// an MSc and award it; the Centre admin suspends the award and the provider revokes it. axe
// checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { deliveryFixture } from '../support/deliveries.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'

let harness: BrowserHarness
const { signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness)
let deliveryId: string
let credentialTitle: string

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  const delivery = await deliveryFixture(t, organisation.id, { startDate: '2025-09-01' })
  deliveryId = delivery.id
  credentialTitle = delivery.credentialTitle
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

async function fillToday(page: Page) {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-') as [string, string, string]
  await page.getByLabel('Day').fill(day)
  await page.getByLabel('Month').fill(month)
  await page.getByLabel('Year').fill(year)
}

let awardPath: string

describe('a single award', () => {
  it('provider staff register a learner and award the credential once eligibility is recorded, without JavaScript', async () => {
    const page = await signedInAs('provider-staff', false)
    await open(page, `/provider/deliveries/${deliveryId}/learners`)
    assert.equal(await heading(page), `Learners: ${credentialTitle}`)
    await follow(page, { link: 'Register a learner' })
    await page.getByLabel('Given name').fill('Grace')
    await page.getByLabel('Family name').fill('Mensah')
    await page.getByLabel('Email address').fill('grace.mensah@example.org')
    await page.getByLabel('Profession').selectOption('Nurse')
    await page.getByLabel('Regulator').selectOption('NMC')
    await page.getByLabel('Registration number').fill('12A3456E')
    await follow(page, { button: 'Register learner' })
    assert.equal(await heading(page), 'Grace Mensah')
    assert.match(await banner(page), /Learner registered/)

    await follow(page, { link: 'Award the credential' })
    await fillToday(page)
    await follow(page, { button: 'Confirm and award' })
    assert.deepEqual(await errorSummary(page), [
      'Record the basis of the learner’s eligibility before awarding the credential',
    ])

    await follow(page, { link: 'Grace Mensah' })
    await page.getByLabel('Holds an advanced-practice MSc').check()
    await page.getByLabel('Institution that awarded the MSc').fill('University of Leeds')
    await page.getByLabel('Year the MSc was awarded').fill('2019')
    await follow(page, { button: 'Save eligibility' })
    assert.match(await banner(page), /Eligibility recorded/)

    await follow(page, { link: 'Award the credential' })
    await fillToday(page)
    await follow(page, { button: 'Confirm and award' })
    assert.match(await banner(page), /Credential awarded/)
    assert.match(await page.locator('main .nhsuk-tag').first().innerText(), /Awarded/)
    awardPath = new URL(page.url()).pathname
  })

  it('the Centre admin suspends the award, and the provider revokes it without JavaScript, each after confirming', async () => {
    const admin = await signedInAs('centre-admin')
    await open(admin, awardPath)
    await follow(admin, { link: 'Suspend or revoke the award' })
    assert.equal(await heading(admin), "Change the award's status")
    await admin.getByLabel('Suspend the award').check()
    await admin.getByLabel('Under investigation').check()
    await admin.getByLabel('Reason').fill('The assessment is being investigated')
    await follow(admin, { button: 'Continue' })
    assert.equal(await heading(admin), 'Suspend the award?')
    assert.match(await admin.locator('.nhsuk-card--warning').innerText(), /told it is suspended/)
    await follow(admin, { button: 'Suspend the award' })
    assert.equal(new URL(admin.url()).pathname, awardPath)
    assert.match(await banner(admin), /Award suspended/)
    assert.match(await admin.locator('main .nhsuk-tag').first().innerText(), /Suspended/)
    assert.equal(await admin.locator('main form').count(), 0, 'no form under the success banner')

    const provider = await signedInAs('provider-staff', false)
    await open(provider, '/provider/awards?status=suspended')
    await follow(provider, { link: 'Grace Mensah' })
    await follow(provider, { link: 'Reinstate or revoke the award' })
    await provider.getByLabel('Revoke the award (this cannot be undone)').check()
    await provider.getByLabel('Academic misconduct').check()
    await provider.getByLabel('Reason').fill('The investigation found plagiarism')
    await follow(provider, { button: 'Continue' })
    assert.equal(await heading(provider), 'Revoke the award?')
    assert.match(await provider.locator('.nhsuk-card--warning').innerText(), /cannot be undone/)
    const revoke = provider.getByRole('button', { name: 'Revoke the award', exact: true })
    assert.match((await revoke.getAttribute('class')) ?? '', /nhsuk-button--warning/)

    // Cancel changes nothing.
    await follow(provider, { link: 'Cancel' })
    assert.equal(new URL(provider.url()).pathname, awardPath)
    assert.match(await provider.locator('main .nhsuk-tag').first().innerText(), /Suspended/)

    await follow(provider, { link: 'Reinstate or revoke the award' })
    await provider.getByLabel('Revoke the award (this cannot be undone)').check()
    await provider.getByLabel('Academic misconduct').check()
    await provider.getByLabel('Reason').fill('The investigation found plagiarism')
    await follow(provider, { button: 'Continue' })
    await follow(provider, { button: 'Revoke the award' })
    assert.match(await banner(provider), /Award revoked/)
    assert.match(await provider.locator('main .nhsuk-tag').first().innerText(), /Revoked/)
    assert.equal(await provider.locator('main form').count(), 0, 'no form under the success banner')
    await open(provider, `/provider/deliveries/${deliveryId}/learners`)
    assert.match(await provider.locator('table').innerText(), /Revoked/)
  })
})
