// In a real browser, with the demo accounts: a Centre admin assigns two reviewers to
// a submitted specification; each declares no conflict, judges every endorsement criterion
// with a comment and recommends (the first without JavaScript); the admin compares the
// judgements side by side, drafts the consolidated report from them, edits and signs it off,
// and endorses, which publishes the version with the report. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { banner, demoAccount as demo, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

const TITLE = 'Frailty in acute care'
const SLUG = 'frailty-in-acute-care'

let harness: BrowserHarness
const { signedInAs, follow, closeContexts, open, recordDecision } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})
let criteria: string[] = []
let versionId = ''

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  const db = t.database.db
  const author = await db
    .selectFrom('user_account')
    .select('id')
    .where('email', '=', demo('author').email)
    .executeTakeFirstOrThrow()
  const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
  const set = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'endorsement')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow()
  criteria = (
    await db
      .selectFrom('criterion')
      .select('code')
      .where('criterion_set_id', '=', set.id)
      .orderBy('sort_order')
      .execute()
  ).map((c) => c.code)
  // The version as the drafting journey leaves it: submitted, against the criteria in force.
  const credential = await db
    .insertInto('credential')
    .values({
      slug: SLUG,
      title: TITLE,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'under_review',
      origin: 'centre',
      lead_author_id: author.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  versionId = (
    await db
      .insertInto('specification_version')
      .values({
        credential_id: credential.id,
        number: 1,
        kind: 'specification',
        author_id: author.id,
        state: 'submitted',
        criterion_set_id: set.id,
        submitted_at: new Date(),
        content: JSON.stringify({
          purpose: 'Safe, effective advanced practice for older people living with frailty in hospital.',
          scope: 'Adults living with frailty in acute and same-day emergency care.',
          targetProfessions: ['Nurse', 'Physiotherapist'],
          entryRequirements: {
            mastersRoute: "Within or after an advanced-practice Master's degree.",
            equivalence: 'A portfolio mapped to the four pillars of the framework.',
          },
          outcomes: [{ code: 'LO1', text: 'Lead a comprehensive geriatric assessment.' }],
          capabilities: [
            { code: 'AC1', text: 'Assess and manage frailty', frameworkCodes: ['1.1', '2.1', '3.1', '4.1'] },
          ],
          assessmentStrategy: 'Workplace-based assessment and a structured clinical examination.',
          level: 7,
          credits: 30,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** From the reviewer's list of reviews to the review page, declaring no conflict. */
async function declareNoConflict(page: Page) {
  await open(page, '/reviews')
  await follow(page, { link: `${TITLE}, version 1` })
  assert.equal(await heading(page), 'Review of version 1')
  assert.match(await page.locator('main').innerText(), /Lead a comprehensive geriatric assessment\./)
  await page.getByLabel('No, I have no conflict of interest').check()
  await follow(page, { button: 'Declare interests' })
  assert.match(await banner(page), /No conflict of interest declared/)
}

/** Judges every criterion with a comment, saves, and recommends. */
async function judgeAndRecommend(page: Page, judgement: 'met' | 'partly_met', recommendation: string) {
  for (const [i, code] of criteria.entries()) {
    await page.locator(`input[name="judgement_${i}"][value="${judgement}"]`).check()
    await page
      .getByLabel(`Your comment on criterion ${code}`, { exact: true })
      .fill(`Evidence for ${code} is clear.`)
  }
  await follow(page, { button: 'Save judgements' })
  assert.match(await banner(page), /Judgements saved/)
  await page.getByLabel(recommendation, { exact: true }).check()
  await page.getByLabel('Your reasons').fill(`I recommend: ${recommendation}.`)
  await follow(page, { button: 'Send recommendation' })
  assert.match(await banner(page), /Recommendation sent/)
}

describe('independent review and the decision', () => {
  it('a Centre admin assigns two reviewers to the submitted version', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, '/decisions')
    await follow(page, { link: `${TITLE}, version 1` })
    assert.equal(await heading(page), 'Reviewers')
    assert.equal(await page.getByRole('option', { name: 'Demo Specification Author' }).count(), 0)

    await follow(page, { button: 'Assign reviewer' })
    assert.deepEqual(await errorSummary(page), ['Select a reviewer'])
    for (const name of ['Demo Independent Reviewer', 'Demo Second Reviewer']) {
      await page.getByLabel('Independent reviewer').selectOption({ label: name })
      await follow(page, { button: 'Assign reviewer' })
      assert.match(await banner(page), new RegExp(`${name} assigned`))
    }
    const rows = await page.locator('table tbody tr').allInnerTexts()
    assert.equal(rows.length, 2)
    for (const row of rows) assert.match(row, /Not yet declared/)
    const mail = await harness.testApp.services.mail.latestTo(demo('reviewer').email)
    assert.match(mail!.text, /\/reviews\/[0-9a-f-]{36}/)
  })

  it('the first reviewer reviews without JavaScript', async () => {
    const page = await signedInAs('reviewer', false)
    await declareNoConflict(page)
    await judgeAndRecommend(page, 'met', 'Endorse')
    assert.match(await page.locator('table').innerText(), /Recommended: Endorse/)
  })

  it('the second reviewer is told what is missing, then reviews', async () => {
    const page = await signedInAs('reviewer-2')
    await declareNoConflict(page)
    await page.locator('input[name="judgement_0"][value="met"]').check()
    await follow(page, { button: 'Save judgements' })
    assert.deepEqual(await errorSummary(page), [`Enter a comment on criterion ${criteria[0]}`])
    assert.equal(await page.getByRole('button', { name: 'Send recommendation' }).count(), 0)
    await judgeAndRecommend(page, 'partly_met', 'Endorse with conditions')
  })

  it('the admin compares the judgements, drafts, edits and signs off the report, then endorses', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, '/decisions')
    await follow(page, { link: `${TITLE}, version 1` })
    assert.equal(await heading(page), 'Decision')
    const columns = await page.locator('table thead th').allInnerTexts()
    assert.deepEqual(columns, ['Criterion', 'Demo Independent Reviewer', 'Demo Second Reviewer'])
    const firstRow = await page.locator('table tbody tr').first().innerText()
    assert.match(firstRow, /Met[\s\S]*Partly met/)
    assert.match(
      await page.locator('table tbody tr').last().innerText(),
      /Endorse[\s\S]*Endorse with conditions/,
    )

    // No decision without a signed-off report.
    await page.getByLabel('Endorse', { exact: true }).check()
    await follow(page, { button: 'Continue' })
    assert.deepEqual(await errorSummary(page), [
      'Draft the consolidated report from the reviews and sign it off before you record the decision',
    ])

    // The report, drafted from the reviews, marks where they disagree.
    await follow(page, { link: 'Draft the consolidated report from the reviews' })
    assert.equal(await heading(page), 'Consolidated report')
    await follow(page, { button: 'Draft the report from the reviews' })
    assert.match(await banner(page), /Report drafted from the reviews/)
    const first = await page.locator('.app-report-item').first().innerText()
    assert.match(first, /Reviewers disagree: Met \(Reviewer 1\), Partly met \(Reviewer 2\)/)
    assert.match(first, new RegExp(`Reviewer 2: Partly met\\. Evidence for ${criteria[0]} is clear\\.`))
    assert.match(
      await page.locator('main').innerText(),
      /Reviewers disagree: Endorse \(Reviewer 1\), Endorse with conditions \(Reviewer 2\)/,
    )

    // Edited: every finding is needed.
    const overall = page.getByLabel("The Centre's overall recommendation")
    await overall.fill('')
    await follow(page, { button: 'Save the report' })
    assert.deepEqual(await errorSummary(page), ['Enter the overall recommendation'])
    await page
      .getByLabel(`The Centre's finding on criterion ${criteria[0]}`, { exact: true })
      .fill('Met in full for one reviewer and nearly for the other: the Centre finds it met.')
    await overall.fill('Both reviewers found the criteria met or nearly met.')
    await follow(page, { button: 'Save the report' })
    assert.match(await banner(page), /Report saved/)

    // Signed off after a page that says it cannot be undone.
    await follow(page, { button: 'Continue to sign off' })
    assert.equal(await heading(page), 'Sign off this report?')
    assert.match(await page.locator('.nhsuk-card--warning').innerText(), /cannot be changed afterwards/)
    await follow(page, { button: 'Sign off report' })
    assert.match(await banner(page), /Report signed off/)
    assert.equal(await heading(page), 'Decision')
    assert.match(await page.locator('main').innerText(), /Signed off by Demo Centre Admin/)

    await page.getByLabel('Endorse', { exact: true }).check()
    await recordDecision(page, /is endorsed by the Centre and published/)
    assert.match(await banner(page), /Version 1 is published/)

    const version = await harness.testApp.database.db
      .selectFrom('specification_version')
      .select(['state', 'report'])
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    assert.equal(version.state, 'published')
    assert.match(
      version.report ?? '',
      new RegExp(
        `^Criterion ${criteria[0]}.*\\nReviewers disagree: Met \\(Reviewer 1\\), Partly met \\(Reviewer 2\\)\\nMet in full`,
      ),
    )
    assert.match(version.report ?? '', /Both reviewers found the criteria met or nearly met\.$/)
    const mail = await harness.testApp.services.mail.latestTo(demo('author').email)
    assert.match(mail!.text, /Both reviewers found the criteria met or nearly met\./)
    assert.match(mail!.text, /the Centre finds it met\./)
  })
})
