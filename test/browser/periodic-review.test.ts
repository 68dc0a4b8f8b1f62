// In a real browser, with the demo accounts: the Centre admin finds the periodic
// reviews due from the home page, sets a credential's review interval, opens its review and
// starts a new version by the lead author; then, without JavaScript, opens another credential's
// review and withdraws it, and the catalogue shows it withdrawn. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  assertAccessible,
  navigation,
  newContext,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { banner, demoAccount as demo, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

let harness: BrowserHarness
const { contexts, url, signedInAs, follow, closeContexts } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})

/** An endorsed credential with version 1 published, as the decision step leaves it. */
async function endorsedCredential(slug: string, title: string, publishedOn: string, due: string) {
  const db = harness.testApp.database.db
  const author = await db
    .selectFrom('user_account')
    .select('id')
    .where('email', '=', demo('author').email)
    .executeTakeFirstOrThrow()
  const area = await db.selectFrom('clinical_area').select('id').orderBy('name').executeTakeFirstOrThrow()
  const credential = await db
    .insertInto('credential')
    .values({
      slug,
      title,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'endorsed',
      due_season: null,
      due_year: null,
      level: 7,
      origin: 'centre',
      owner_name: null,
      owner_url: null,
      summary: null,
      lead_author_id: author.id,
      next_review_due: due,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('specification_version')
    .values({
      credential_id: credential.id,
      number: 1,
      kind: 'specification',
      author_id: author.id,
      state: 'published',
      content: JSON.stringify({ purpose: `The purpose of ${title}` }),
      published_at: new Date(`${publishedOn}T12:00:00Z`),
    })
    .execute()
}

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
  await endorsedCredential('older-people-frailty', 'Older people: frailty', '2023-01-16', daysFromNow(-3))
  await endorsedCredential('pain-management', 'Pain management', '2023-04-03', daysFromNow(45))
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

describe('periodic review', () => {
  it('the Centre admin sees the due and overdue reviews, sets an interval, opens a review and starts a new version', async () => {
    const page = await signedInAs('centre-admin')
    await assertAccessible(page)
    // The home counts the reviews due (the pipeline lists them); the periodic reviews page has them all.
    await follow(page, { link: 'Periodic reviews' })
    assert.equal(await heading(page), 'Periodic reviews')
    const due = page.getByRole('table', { name: /Reviews due within 90 days/ })
    const rows = await due.getByRole('row').allInnerTexts()
    // The 2022 catalogue's credentials, overdue since 2025, come first.
    assert.match(rows[1]!, /Acute medicine[\s\S]*1 January 2025[\s\S]*Overdue/)
    assert.match(rows.find((r) => r.includes('Older people: frailty')) ?? '', /Overdue/)
    assert.match(rows.find((r) => r.includes('Pain management')) ?? '', /Due/)

    await follow(page, { link: 'Pain management' })
    assert.equal(await heading(page), 'Pain management')
    await page.getByLabel('Months between periodic reviews').fill('24')
    await follow(page, { button: 'Save interval' })
    assert.match(await banner(page), /Review interval set to 24 months[\s\S]*3 April 2025/)

    await follow(page, { button: 'Open periodic review' })
    assert.match(await banner(page), /Periodic review opened/)
    assert.match(await page.locator('main').innerText(), /Periodic review/)
    await page
      .getByLabel('Who writes the new version')
      .selectOption({ label: 'Demo Specification Author (lead author)' })
    await follow(page, { button: 'Start version 2' })
    assert.match(await banner(page), /Version 2 started/)
    assert.match(await page.locator('main').innerText(), /Version 2 is draft/)

    await follow(page, { link: 'Periodic reviews' })
    const open = page.getByRole('table', { name: 'Periodic reviews in progress' })
    assert.match(await open.innerText(), /Pain management[\s\S]*Version 2: Draft/)
    const mail = await harness.testApp.services.mail.latestTo(demo('author').email)
    assert.match(mail!.subject, /New version to write: Pain management/)
  })

  it('without JavaScript, the admin opens a review and withdraws the credential, giving the reason', async () => {
    const page = await signedInAs('centre-admin', false)
    await navigation(page, () => page.goto(url('/periodic-reviews')))
    await assertAccessible(page)
    await follow(page, { link: 'Older people: frailty' })
    await follow(page, { button: 'Open periodic review' })
    await follow(page, { link: 'Withdraw the credential' })
    assert.match(await page.locator('main').innerText(), /Withdrawing the credential cannot be undone/)
    // Cancel changes nothing.
    await follow(page, { link: 'Cancel' })
    assert.match(await page.locator('main').innerText(), /Withdraw the credential/)
    await follow(page, { link: 'Withdraw the credential' })
    await follow(page, { button: 'Withdraw credential' })
    assert.deepEqual(await errorSummary(page), ['Enter why the credential is withdrawn'])
    assert.match(await page.title(), /^Error: /)

    await page
      .getByLabel('Why is the credential withdrawn?')
      .fill('Replaced by the national frailty curriculum')
    await follow(page, { button: 'Withdraw credential' })
    assert.match(await banner(page), /Credential withdrawn/)
    assert.match(
      await page.locator('main').innerText(),
      /has been withdrawn, so it has no more periodic reviews/,
    )

    const visitor = await (await newContext(harness.browser)).newPage()
    contexts.push(visitor.context())
    await navigation(visitor, () => visitor.goto(url('/credentials/older-people-frailty')))
    await assertAccessible(visitor)
    const shown = await visitor.locator('main').innerText()
    assert.match(shown, /Withdrawn/)
    assert.match(shown, /Replaced by the national frailty curriculum/)
  })
})
