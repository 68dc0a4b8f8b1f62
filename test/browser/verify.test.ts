// In a real browser: anyone checks a credential at /verify without JavaScript,
// pasting a good one, then a tampered one; follows a certificate's link to a revoked award;
// checks who holds one with the keyboard alone; and downloads the credential. axe checks
// every page.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'
import { demoActor, seedDemoProcess } from '../../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../../src/db/seed/demo-provider.ts'
import {
  assertAccessible,
  navigation,
  newContext,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { heading, journeyHelpers } from '../support/journey.ts'

let harness: BrowserHarness
let good: { id: string; email: string }
let revoked: { id: string }
const contexts: BrowserContext[] = []
const { signedInAs, closeContexts } = journeyHelpers(() => harness)

async function visitor(javaScriptEnabled: boolean): Promise<Page> {
  const context = await newContext(harness.browser, { javaScriptEnabled })
  contexts.push(context)
  return context.newPage()
}

async function open(page: Page, path: string) {
  const response = await navigation(page, () => page.goto(`${harness.baseUrl}${path}`))
  assert.equal(response.status(), 200, path)
  await assertAccessible(page)
}

async function press(page: Page, button: string) {
  const response = await navigation(page, () =>
    page.getByRole('button', { name: button, exact: true }).click(),
  )
  assert.equal(response.status(), 200)
  await assertAccessible(page)
}

const credentialJson = async (awardId: string) =>
  (await harness.testApp.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const awards = await t.database.db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'a.row_version', 'l.email'])
    .where('o.name', '=', DEMO_ORGANISATION)
    .orderBy('l.family_name')
    .execute()
  good = awards[0]!
  revoked = awards[1]!
  const admin = { ...(await demoActor(t.database.db, t.services, 'centre-admin')), organisationIds: [] }
  await t.services.awards.changeAwardStatus(
    awards[1]!.id,
    awards[1]!.row_version,
    'revoke',
    'Awarded in error',
    admin,
    'issued_in_error',
  )
})

after(async () => {
  for (const context of contexts) await context.close()
  await closeContexts()
  await harness?.close()
})

describe('checking a credential', () => {
  it('a visitor pastes a good credential, then a tampered one, without JavaScript', async () => {
    const page = await visitor(false)
    await open(page, '/verify')
    assert.equal(await heading(page), 'Check a credential')
    await press(page, 'Check the credential')
    assert.match(
      await page.locator('.nhsuk-error-summary').innerText(),
      /Paste the credential, or choose its file/,
    )

    const json = await credentialJson(good.id)
    await page.getByLabel('Credential', { exact: true }).fill(json)
    await press(page, 'Check the credential')
    assert.equal(await heading(page), 'This credential is valid')
    const checks = await page.getByRole('table').innerText()
    assert.match(checks, /Not changed since it was signed\s+Passed/)
    assert.match(checks, /Provider approved to award it\s+Passed/)
    assert.match(checks, /Endorsed by the Centre\s+Passed/)
    assert.match(
      await page.locator('.app-verdict').innerText(),
      new RegExp(`holds .*awarded by ${DEMO_ORGANISATION}`),
    )
    // At 320 px the result, DIDs and all, fits without scrolling sideways.
    await page.setViewportSize({ width: 320, height: 800 })
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
      true,
    )
    await page.setViewportSize({ width: 1280, height: 800 })

    await open(page, '/verify')
    await page
      .getByLabel('Credential', { exact: true })
      .fill(json.replace(/"name": "Frailty/, '"name": "Fake frailty'))
    await press(page, 'Check the credential')
    assert.equal(await heading(page), 'This credential is not valid')
    assert.match(
      await page.getByRole('table').innerText(),
      /Not changed since it was signed\s+Failed\s+The signature does not match/,
    )
  })

  it('a certificate’s link shows a revoked award as not valid', async () => {
    const page = await visitor(false)
    await open(page, `/verify/awards/${revoked.id}`)
    assert.equal(await heading(page), 'This credential is not valid')
    assert.match(await page.getByRole('table').innerText(), /Not revoked\s+Failed\s+The issuer revoked it on/)
  })

  it('an employer checks who holds it with the keyboard alone, and downloads the credential', async () => {
    const page = await visitor(true)
    await open(page, `/verify/awards/${good.id}`)
    await page.getByLabel('Their email address or professional registration number').focus()
    await page.keyboard.type(good.email)
    const response = await navigation(page, () => page.keyboard.press('Enter'))
    assert.equal(response.status(), 200)
    await assertAccessible(page)
    assert.match(
      await page.getByRole('table').innerText(),
      /Issued to this person\s+Passed\s+Issued to the person with/,
    )

    await page.getByText('Technical details').click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the credential (JSON)' }).click(),
    ])
    const saved = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      id: string
      proof: object
    }
    assert.equal(saved.id.endsWith(`/awards/${good.id}/credential`), true)
    assert.ok(saved.proof)
  })

  it('the provider downloads the learner’s certificate, whose QR code leads to the check', async () => {
    const page = await signedInAs('provider-staff', false)
    await open(page, `/awards/${good.id}`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download the certificate \(PDF\)/ }).click(),
    ])
    const pdf = await readFile(await download.path())
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    assert.ok(pdf.includes(`/verify/awards/${good.id})`), 'the certificate links to its check')
  })
})
