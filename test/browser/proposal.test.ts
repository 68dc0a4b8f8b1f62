// In a real browser, with the demo accounts: the author proposes a credential and
// answers the gateway criteria without JavaScript, a Centre admin puts it to the Credential
// Group, a group member records the group's agreement with who took part, and the credential
// appears in the catalogue as in development with its expected date. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

const TITLE = 'Frailty in the community'

let harness: BrowserHarness
const { signedInAs, follow, closeContexts, open } = journeyHelpers(() => harness, {
  checkSignInPages: true,
  closeAfterEachTest: true,
})

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** A signed-in tab for a demo account; without JavaScript when asked. */

/** Clicks what leads to another page, and checks that page with axe. */

describe('a proposal becomes a credential in development', () => {
  let proposalPath = ''

  it('the author proposes a credential and submits it, without JavaScript', async () => {
    const page = await signedInAs('author', false)
    await open(page, '/proposals')
    await follow(page, { button: 'Propose a credential' })
    assert.equal(await heading(page), 'Propose a credential')

    // A draft needs only its area; the rest can wait.
    await page.getByLabel('Clinical area').selectOption({ label: 'Primary care' })
    await page.getByLabel('Title of the credential').fill(TITLE)
    await follow(page, { button: 'Save draft' })
    proposalPath = new URL(page.url()).pathname
    assert.match(proposalPath, /^\/proposals\/[0-9a-f-]{36}$/)
    assert.match(await banner(page), /Draft proposal saved/)

    // Submitting too early lists what is missing, each linked to its field.
    await follow(page, { button: 'Submit proposal' })
    const missing = await errorSummary(page)
    assert.equal(missing[0], 'Describe the need the credential meets')
    assert.ok(missing.includes('Answer gateway criterion G1'))

    await follow(page, { link: 'Describe the need the credential meets' })
    assert.equal(new URL(page.url()).hash, '#need')
    await page
      .getByLabel('The need it meets')
      .fill('Older adults with frailty wait too long for specialist assessment.')
    await page.getByLabel('Nurse', { exact: true }).check()
    await page.getByLabel('Allied health professional').check()
    await page.getByLabel('Evidence of need').fill('Regional workforce review, 2025.')
    const answers = page.locator('textarea[name^="gateway_"]')
    const count = await answers.count()
    assert.ok(count >= 3, 'a field for each gateway criterion')
    for (let i = 0; i < count; i++) await answers.nth(i).fill(`Our answer to criterion ${i + 1}.`)
    await follow(page, { button: 'Save draft' })
    assert.match(await banner(page), /Proposal saved/)
    assert.match(await page.locator('main').innerText(), /The proposal is complete/)

    await follow(page, { button: 'Submit proposal' })
    assert.match(await banner(page), /Proposal submitted/)
    assert.match(await page.locator('main .nhsuk-tag').first().innerText(), /Awaiting check/)
  })

  it('a Centre admin checks it and puts it to the Credential Group', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, '/proposals')
    await follow(page, { link: TITLE })
    assert.equal(new URL(page.url()).pathname, proposalPath)
    await follow(page, { button: 'Put to the Credential Group' })
    assert.match(await banner(page), /Proposal put to the Credential Group/)
    assert.match(
      await page.locator('main').innerText(),
      /Checked the proposal and put it to the Credential Group/,
    )
  })

  it('a group member records the agreement, with who took part and the expected date', async () => {
    const page = await signedInAs('credential-group')
    await open(page, '/proposals')
    await follow(page, { link: TITLE })
    await follow(page, { button: "Record the group's decision" })
    assert.equal(await heading(page), "Record the Credential Group's decision")

    await follow(page, { button: 'Record decision' })
    assert.deepEqual(await errorSummary(page), [
      'Select the decision of the group',
      'Enter the reasons for the decision',
      'Select who took part in the decision',
    ])

    await page.getByLabel('Agree: develop the credential').check()
    await page
      .getByLabel('Reasons for the decision')
      .fill('A clear regional need, and providers ready to deliver.')
    await page.getByLabel('Demo Credential Group Member', { exact: true }).check()
    await page.getByLabel('Demo Second Credential Group Member').check()
    await page.getByLabel('Season').selectOption('autumn')
    await page.getByLabel('Year').fill('2027')
    await follow(page, { button: 'Record decision' })
    assert.match(await banner(page), /Agreed: the credential is now in development/)
    const text = await page.locator('main').innerText()
    assert.match(text, /Taking part: Demo Credential Group Member, Demo Second Credential Group Member/)
    assert.match(text, /in development, expected autumn 2027/)
  })

  it('the credential is in the catalogue, in development, expected Autumn 2027', async () => {
    const page = await signedInAs('practitioner')
    await open(page, `/credentials?q=${encodeURIComponent(TITLE)}`)
    const row = page.locator('.app-credential-list__item').filter({ hasText: TITLE })
    assert.match(await row.innerText(), /In development, expected Autumn 2027/)
    await follow(page, { link: TITLE })
    assert.match(await page.locator('main').innerText(), /In development, expected Autumn 2027/)
  })

  it('the Centre admin moves the expected date, and the author sees the decision', async () => {
    const admin = await signedInAs('centre-admin')
    await open(admin, proposalPath)
    await follow(admin, { link: 'Change the expected date' })
    await admin.getByLabel('Season').selectOption('spring')
    await admin.getByLabel('Year').fill('2028')
    await admin.getByLabel('Why the date is changing').fill('The writing group starts later.')
    await follow(admin, { button: 'Change expected date' })
    assert.match(await banner(admin), /Expected date changed/)
    assert.match(await admin.locator('main').innerText(), /In development, expected Spring 2028/)

    const author = await signedInAs('author', false)
    await open(author, proposalPath)
    const text = await author.locator('main').innerText()
    assert.match(text, /The Credential Group agreed this proposal/)
    assert.match(text, /A clear regional need/)
    assert.match(text, /in development, expected spring 2028/)
  })
})
