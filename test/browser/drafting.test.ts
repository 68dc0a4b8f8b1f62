// Drafting, in a real browser with the demo accounts, with JavaScript and without: the lead
// author writes the specification a section at a time from its task list (two outcomes,
// capabilities mapped across the four pillars), sees each section's status, checks every
// answer on the check page, submits from there and sees it frozen, with axe on every page on
// the way. Without JavaScript, "Add another", the list of what is missing and a format error
// work the same.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import {
  assertAccessible,
  navigation,
  newContext,
  signInWithForm,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import { taskStatuses } from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

const AUTHOR = { email: 'author@demo.invalid', password: 'demo-author-password' }

let harness: BrowserHarness
let authorId: string

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  authorId = (
    await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', AUTHOR.email)
      .executeTakeFirstOrThrow()
  ).id
})

after(async () => {
  await harness?.close()
})

/** A credential the Credential Group has agreed, with its empty version 1 draft. */
async function agreedCredential(slug: string, title: string): Promise<void> {
  const db = harness.testApp.database.db
  const area = await db.selectFrom('clinical_area').select('id').executeTakeFirstOrThrow()
  const credential = await db
    .insertInto('credential')
    .values({
      slug,
      title,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'in_development',
      due_season: 'summer',
      due_year: 2027,
      level: null,
      origin: 'centre',
      owner_name: null,
      owner_url: null,
      summary: null,
      notes: '[]',
      lead_author_id: authorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('specification_version')
    .values({
      credential_id: credential.id,
      number: 1,
      kind: 'specification',
      author_id: authorId,
      state: 'draft',
    })
    .execute()
}

const url = (path: string) => `${harness.baseUrl}${path}`
const errorLinks = (page: Page) => page.locator('.nhsuk-error-summary').getByRole('link').allInnerTexts()
const bannerText = (page: Page) => page.locator('.nhsuk-notification-banner').innerText()
const click = (page: Page, name: string) =>
  navigation(page, () => page.getByRole('button', { name, exact: true }).click())
const framework = (page: Page, row: number, code: string) =>
  page.locator(`input[name="capabilityFramework_${row}"][value="${code}"]`)
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText()
/** Opens a section from the task list, by its name. */
const openSection = (page: Page, name: string) =>
  navigation(page, () => page.getByRole('link', { name, exact: true }).click())

describe('drafting a specification', () => {
  for (const javaScriptEnabled of [true, false]) {
    const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
    const slug = javaScriptEnabled ? 'frailty-in-older-people' : 'falls-in-older-people'
    const title = javaScriptEnabled ? 'Frailty in older people' : 'Falls in older people'

    it(`the lead author drafts the specification section by section, checks it, submits it and sees it frozen, ${how}`, async () => {
      await agreedCredential(slug, title)
      const context = await newContext(harness.browser, { javaScriptEnabled })
      const page = await context.newPage()
      try {
        await signInWithForm(page, harness.baseUrl, AUTHOR.email, AUTHOR.password)

        await navigation(page, () => page.goto(url('/specifications')))
        await assertAccessible(page, `/specifications (author), ${how}`)
        await navigation(page, () => page.getByRole('link', { name: title }).click())
        assert.equal(new URL(page.url()).pathname, `/specifications/${slug}`)
        await assertAccessible(page, `the workspace with a draft, ${how}`)
        await navigation(page, () => page.getByRole('link', { name: 'Edit draft version 1' }).click())
        assert.equal(await heading(page), 'Draft version 1')
        assert.deepEqual(await taskStatuses(page), Array(5).fill('Not started'))
        await assertAccessible(page, `the draft's task list, nothing started, ${how}`)

        await openSection(page, 'About the credential')
        await assertAccessible(page, `the empty "About the credential" section, ${how}`)
        await page
          .getByLabel('Purpose', { exact: true })
          .fill('Develops advanced practitioners who lead the care of older people with frailty.')
        await page
          .getByLabel('Scope', { exact: true })
          .fill('Adults over 65 in community and acute settings.')
        await page.getByLabel('Nurse', { exact: true }).check()
        await page.getByLabel('Pharmacist', { exact: true }).check()
        await click(page, 'Save and go back to the sections')
        assert.match(await bannerText(page), /About the credential: saved/)
        assert.deepEqual(await taskStatuses(page), ['Completed', ...Array(4).fill('Not started')])

        await openSection(page, 'Entry requirements')
        await page.getByLabel("Master's-degree route").fill('Taken within or after an advanced-practice MSc.')
        await click(page, 'Save and go back to the sections')
        assert.deepEqual(
          (await taskStatuses(page)).slice(0, 2),
          ['Completed', 'In progress'],
          'half answered',
        )
        await openSection(page, 'Entry requirements')
        await page
          .getByLabel('Educational equivalence', { exact: true })
          .fill('A portfolio mapped to the four pillars.')
        await click(page, 'Save and go back to the sections')

        await openSection(page, 'Learning outcomes')
        await page.locator('#outcomeText_0').fill('Carry out a comprehensive geriatric assessment.')
        await click(page, 'Add another learning outcome')
        assert.equal(await page.getByRole('group', { name: 'Learning outcome LO1' }).count(), 1)
        await page.locator('#outcomeText_1').fill('Review and rationalise medicines with the person.')
        await assertAccessible(page, `the outcomes section after "Add another", ${how}`)
        await click(page, 'Save and go back to the sections')

        await openSection(page, 'Area-specific capabilities')
        await page.locator('#capabilityText_0').fill('Leads assessment and care planning for frailty.')
        await framework(page, 0, '1.6').check()
        await framework(page, 0, '2.5').check()
        await click(page, 'Add another capability')
        assert.equal(await page.getByRole('group', { name: 'Capability AC1' }).count(), 1)
        await page.locator('#capabilityText_1').fill('Teaches colleagues and applies research on frailty.')
        await framework(page, 1, '3.1').check()
        await framework(page, 1, '4.1').check()
        await click(page, 'Save and go back to the sections')

        await openSection(page, 'Assessment, level and credits')
        await page
          .getByLabel('Assessment strategy', { exact: true })
          .fill('Supervised assessments and a reflective case study.')
        await page.getByLabel('Level', { exact: true }).fill('7')
        await page.getByLabel('Credits', { exact: true }).fill('30')
        await click(page, 'Save and go back to the sections')
        assert.deepEqual(await taskStatuses(page), Array(5).fill('Completed'))
        await assertAccessible(page, `the draft's task list, every section completed, ${how}`)

        // What was saved is there when a section is opened again.
        await openSection(page, 'Learning outcomes')
        assert.equal(
          await page.locator('#outcomeText_1').inputValue(),
          'Review and rationalise medicines with the person.',
        )
        await navigation(page, () =>
          page.getByRole('link', { name: 'Go back to the sections without saving' }).click(),
        )
        await openSection(page, 'Area-specific capabilities')
        assert.ok(await framework(page, 1, '4.1').isChecked())
        await navigation(page, () =>
          page.getByRole('link', { name: 'Go back to the sections without saving' }).click(),
        )

        await navigation(page, () =>
          page.getByRole('link', { name: 'Check your answers and submit' }).click(),
        )
        assert.equal(await heading(page), 'Check your answers before submitting the draft')
        const answers = await page.locator('main').innerText()
        assert.match(answers, /LO2\s+Review and rationalise medicines with the person\./)
        assert.match(answers, /Target professions\s+Nurse, Pharmacist/)
        assert.match(answers, /Once submitted, this version cannot be changed/)
        await assertAccessible(page, `the check page, complete, ${how}`)
        // Change goes to the answer's page and back through the task list.
        await navigation(page, () => page.getByRole('link', { name: 'Change Credits', exact: true }).click())
        assert.equal(new URL(page.url()).pathname, `/specifications/${slug}/versions/1/sections/assessment`)
        await page.getByLabel('Credits', { exact: true }).fill('40')
        await click(page, 'Save and go back to the sections')
        await navigation(page, () =>
          page.getByRole('link', { name: 'Check your answers and submit' }).click(),
        )
        assert.match(await page.locator('main').innerText(), /Credits\s+40/)

        await click(page, 'Submit for review')
        assert.equal(new URL(page.url()).pathname, `/specifications/${slug}`)
        assert.match(await bannerText(page), /Version 1 submitted for review/)
        const timeline = page.getByRole('table', {
          name: 'What has happened to this credential, oldest first',
        })
        assert.match(await timeline.innerText(), /Submitted version 1 for review/)
        assert.match(await page.locator('.nhsuk-summary-list').innerText(), /Under review/)
        await assertAccessible(page, `the workspace after submission, ${how}`)

        await navigation(page, () => page.getByRole('link', { name: 'View version 1' }).click())
        assert.match(await page.locator('main').innerText(), /cannot be changed/)
        assert.equal(await page.locator('main form').count(), 0, 'no form: frozen')
        assert.equal(await page.locator('.nhsuk-task-list').count(), 0, 'no task list: frozen')
        assert.match(await page.locator('main').innerText(), /LO2\s+Review and rationalise medicines/)
        await assertAccessible(page, `the submitted version, read only, ${how}`)
      } finally {
        await context.close()
      }

      // The Centre admin, told by e-mail, finds it in the list with its review links.
      const mail = await harness.testApp.services.mail.latestTo('centre-admin@demo.invalid')
      assert.match(mail?.subject ?? '', new RegExp(`Specification submitted: ${title}`))
      const adminContext = await newContext(harness.browser, { javaScriptEnabled })
      const admin = await adminContext.newPage()
      try {
        await signInWithForm(
          admin,
          harness.baseUrl,
          'centre-admin@demo.invalid',
          'demo-centre-admin-password',
        )
        await navigation(admin, () => admin.goto(url('/specifications')))
        await assertAccessible(admin, `/specifications (Centre admin), ${how}`)
        await navigation(admin, () => admin.getByRole('link', { name: title }).click())
        assert.equal(await admin.getByRole('link', { name: 'Reviewers for version 1' }).count(), 1)
        assert.equal(await admin.getByRole('link', { name: 'Decision for version 1' }).count(), 1)
        await assertAccessible(admin, `the workspace as a Centre admin, ${how}`)
      } finally {
        await adminContext.close()
      }
    })
  }

  it('without JavaScript: "Add another", the list of what is missing before submitting, and a format error', async () => {
    await agreedCredential('delirium-care', 'Delirium care')
    const context = await newContext(harness.browser, { javaScriptEnabled: false })
    const page = await context.newPage()
    try {
      await signInWithForm(page, harness.baseUrl, AUTHOR.email, AUTHOR.password)
      await navigation(page, () => page.goto(url('/specifications/delirium-care/versions/1')))
      await openSection(page, 'About the credential')
      await page.getByLabel('Purpose', { exact: true }).fill('Recognising and managing delirium.')
      await click(page, 'Save and go back to the sections')
      await openSection(page, 'Learning outcomes')
      await page.locator('#outcomeText_0').fill('Recognise delirium early.')
      await click(page, 'Add another learning outcome')
      assert.equal(await page.getByRole('group', { name: 'Learning outcome LO1' }).count(), 1)
      assert.equal(await page.getByRole('group', { name: 'New learning outcome' }).count(), 1)
      await assertAccessible(page, 'the outcomes section after "Add another", without JavaScript')
      await click(page, 'Save and go back to the sections')
      assert.deepEqual(await taskStatuses(page), [
        'In progress',
        'Not started',
        'Completed',
        'Not started',
        'Not started',
      ])

      await navigation(page, () => page.getByRole('link', { name: 'Check your answers' }).click())
      const missing = await page.locator('main ul.nhsuk-list--bullet').getByRole('link').allInnerTexts()
      assert.deepEqual(missing.slice(0, 4), [
        'Enter the scope',
        'Select at least one target profession',
        "Describe the entry route through an advanced-practice Master's degree",
        'Describe how applicants show educational equivalence',
      ])
      assert.ok(missing.includes('Add at least one area-specific capability'))
      assert.ok(missing.includes('Enter the credits'))
      assert.equal(
        await page.getByRole('button', { name: 'Submit for review' }).count(),
        0,
        'nothing to submit yet',
      )
      assert.match(
        await page.locator('main').innerText(),
        /Purpose\s+Recognising and managing delirium\./,
        'saved',
      )
      await assertAccessible(page, 'the check page listing what is missing, without JavaScript')

      await navigation(page, () => page.getByRole('link', { name: 'Enter the credits' }).click())
      assert.equal(
        new URL(page.url()).pathname,
        '/specifications/delirium-care/versions/1/sections/assessment',
      )
      await page.getByLabel('Level', { exact: true }).fill('nine')
      await click(page, 'Save and go back to the sections')
      assert.deepEqual(await errorLinks(page), ['Level must be a whole number from 6 to 8'])
      await assertAccessible(page, 'the assessment section with a format error, without JavaScript')
    } finally {
      await context.close()
    }
  })
})
