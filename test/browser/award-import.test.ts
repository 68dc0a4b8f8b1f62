// In a real browser, without JavaScript, as the demo provider staff of Demo
// University: the award template downloads; a CSV file with mistakes is checked in the
// background and shows every problem with its line number, and saves nothing; the corrected
// file completes with its counts; the same file again awards nobody twice. axe checks every
// page. The job is run from the test where the page would otherwise wait for the worker.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { AWARD_COLUMNS } from '../../src/domain/award-rows.ts'
import { insertApprovedDelivery, type AwardFixture } from '../support/award-fixture.ts'
import { navigation, startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'

let harness: BrowserHarness
const { url, signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness)
let fixture: AwardFixture

const HEADER = AWARD_COLUMNS.join(',')
const line = (given: string, email: string, pin: string, date = '2026-07-31') =>
  `${given},Example,${email},Nurse,NMC,${pin},holds_msc,,University of Leeds,2019,${date}`
const WITH_MISTAKES = [
  HEADER,
  line('Ola', 'ola.example@example.org', '12A3456E'),
  line('Ben', 'ben.example@example', '1234', '2026-02-30'),
].join('\n')
const CORRECTED = [
  HEADER,
  line('Ola', 'ola.example@example.org', '12A3456E'),
  line('Ben', 'ben.example@example.org', '98B7654C'),
].join('\n')

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  fixture = await insertApprovedDelivery(t.database.db, { organisationId: organisation.id })
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** Chooses the file and uploads it; runs the job; shows the finished import's page. */
async function uploadFile(page: Page, name: string, content: string) {
  await page.locator('#file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) })
  // The page it lands on reloads itself while the job runs: axe looks at the finished one.
  await navigation(page, () => page.getByRole('button', { name: 'Upload and check' }).click())
  assert.match(page.url(), /\/provider\/imports\/[0-9a-f-]{36}$/)
  await harness.testApp.services.awardImports.runPendingImports()
  await open(page, new URL(page.url()).pathname)
  assert.equal(await heading(page), 'Award upload')
}

describe('awards by CSV upload', () => {
  it('provider staff upload a file, correct its mistakes by line, and upload it twice', async () => {
    const page = await signedInAs('provider-staff', false)
    await open(page, `/provider/deliveries/${fixture.deliveryId}/learners`)
    await follow(page, { link: 'Upload awards from a CSV file' })
    assert.equal(await heading(page), 'Upload awards')

    const template = await page.request.get(url('/provider/award-template.csv'))
    assert.equal(template.status(), 200)
    assert.match(template.headers()['content-disposition'] ?? '', /attachment; filename="award-template.csv"/)
    assert.equal((await template.text()).split(/\r?\n/)[0], HEADER)

    await uploadFile(page, 'awards.csv', WITH_MISTAKES)
    const report = page.getByRole('table', { name: 'Problems found' })
    const rows = await report.locator('tbody tr').allInnerTexts()
    assert.ok(rows.length >= 3, rows.join('\n'))
    for (const row of rows) assert.match(row, /^3\s/, 'every problem is on line 3')
    assert.match(rows.join('\n'), /email address in the correct format/)
    assert.match(rows.join('\n'), /NMC PIN must look like 12A3456E/)
    assert.match(rows.join('\n'), /real date/)
    assert.match(await page.locator('main').innerText(), /Nothing was saved/)

    await follow(page, { link: 'Upload a corrected file' })
    await uploadFile(page, 'awards-corrected.csv', CORRECTED)
    assert.match(
      await page.locator('main').innerText(),
      /2 awards were made\. 0 learners were already awarded/,
    )

    await follow(page, { link: 'Upload another file' })
    await uploadFile(page, 'awards-corrected.csv', CORRECTED)
    assert.match(
      await page.locator('main').innerText(),
      /0 awards were made\. 2 learners were already awarded/,
    )

    // The form with JavaScript too (its file input is not enhanced into another control).
    await open(await signedInAs('provider-staff'), `/provider/deliveries/${fixture.deliveryId}/imports/new`)

    await follow(page, { link: 'All uploads' })
    assert.equal(await heading(page), 'Award uploads')
    assert.equal(await page.locator('tbody tr').count(), 3)
    assert.match(
      await page.locator('tbody').innerText(),
      /CSV file awards\.csv/,
      'each upload keeps its name',
    )
    const awards = await harness.testApp.database.db
      .selectFrom('award')
      .select('id')
      .where('delivery_id', '=', fixture.deliveryId)
      .execute()
    assert.equal(awards.length, 2)
  })
})
