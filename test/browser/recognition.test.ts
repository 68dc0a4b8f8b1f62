// In a real browser, with the demo accounts: the author applies, without JavaScript, for
// recognition of a Royal College's curriculum as a task list — what it is, the body that owns
// it, a crosswalk from its outcomes to the framework ("add another" posts the form), each
// section saved on its own — checks every answer, is shown what is missing, and submits it
// from the check page alone. A reviewer judges the crosswalk row by row; after independent
// review the Centre admin sees both reviewers' judgements of each row, drafts the consolidated
// report, signs it off and records the decision,
// with JavaScript and without, through a page that names what it does; a recognised
// application appears in the catalogue with its owner. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type { ProcessActor } from '../../src/services/process.ts'
import {
  assertAccessible,
  navigation,
  newContext,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.ts'
import {
  banner,
  demoAccount as demo,
  errorSummary,
  heading,
  journeyHelpers,
  taskStatuses,
} from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'

const TITLE = 'Emergency medicine advanced clinical practitioner curriculum'
const OWNER = 'Royal College of Emergency Medicine'

let harness: BrowserHarness
const { contexts, url, signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})
let areaName: string

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
  areaName = (
    await harness.testApp.database.db
      .selectFrom('clinical_area')
      .select('name')
      .orderBy('name')
      .executeTakeFirstOrThrow()
  ).name
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

/** Ticks framework capabilities for one crosswalk row. */
async function tick(page: Page, row: number, codes: string[]) {
  for (const code of codes) await page.locator(`input[name="fw_${row}"][value="${code}"]`).check()
}

async function actorFor(key: string): Promise<ProcessActor> {
  const { email } = demo(key)
  const user = await harness.testApp.database.db
    .selectFrom('user_account as u')
    .innerJoin('role_grant as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'g.role'])
    .where('u.email', '=', email)
    .execute()
  return {
    userId: user[0]!.id,
    label: email,
    ip: null,
    name: user[0]!.display_name,
    roles: user.map((u) => u.role),
  }
}

let slug: string

/**
 * A complete application, submitted, with both reviewers assigned; reviewed twice, ready for
 * the decision, unless `reviewed` is false. The reviewers agree on the first crosswalk row
 * and disagree on the second.
 */
async function reviewedApplication(title: string, reviewed = true): Promise<string> {
  const { recognition, reviews } = harness.testApp.services
  const author = await actorFor('author')
  const admin = await actorFor('centre-admin')
  const area = await harness.testApp.database.db
    .selectFrom('clinical_area')
    .select('slug')
    .orderBy('name')
    .executeTakeFirstOrThrow()
  const made = await recognition.apply(
    {
      title,
      area: area.slug,
      type: 'curriculum',
      ownerName: OWNER,
      ownerUrl: '',
      documentUrl: 'https://rcem.example.org/curriculum.pdf',
      summary: 'A curriculum put forward for recognition.',
      crosswalk: [
        { code: 'R1', outcome: 'Lead the team', frameworkCodes: ['2.1'] },
        { code: 'R2', outcome: 'Take part in research', frameworkCodes: ['4.2'] },
      ],
    },
    author,
  )
  const draft = await recognition.get(made, author)
  assert.ok(draft)
  await recognition.submit(made, draft.rowVersion, author)
  for (const key of ['reviewer', 'reviewer-2']) {
    const reviewer = await actorFor(key)
    const id = await reviews.assign(made, 1, reviewer.userId, admin)
    if (!reviewed) continue
    let review = await reviews.review(id, reviewer)
    await reviews.declare(id, review.assignment.rowVersion, false, '', reviewer)
    review = await reviews.review(id, reviewer)
    const judgements = Object.fromEntries(
      review.criteria.map((c) => [c.code, { judgement: 'met' as const, comment: 'Met by the curriculum' }]),
    )
    await reviews.judge(id, review.assignment.rowVersion, judgements, reviewer)
    review = await reviews.review(id, reviewer)
    await reviews.judgeRows(
      id,
      review.assignment.rowVersion,
      {
        R1: { judgement: 'meets', comment: 'Assessed in the workplace.' },
        R2:
          key === 'reviewer'
            ? { judgement: 'meets', comment: 'An audit project is required.' }
            : { judgement: 'does_not_meet', comment: 'Research is not assessed.' },
      },
      reviewer,
    )
    review = await reviews.review(id, reviewer)
    await reviews.recommend(id, review.assignment.rowVersion, 'endorse', 'Recognise it', reviewer)
  }
  return made
}

describe('recognition', () => {
  it('the author applies without JavaScript, with the document and a crosswalk, and submits', async () => {
    const page = await signedInAs('author', false)
    await assertAccessible(page)
    await follow(page, { link: 'Your applications for recognition' })
    assert.equal(await heading(page), 'Applications for recognition')
    await follow(page, { link: 'Apply for recognition' })
    assert.equal(await heading(page), 'Apply for recognition')

    await page.getByLabel('Title', { exact: true }).fill(TITLE)
    await page.getByLabel('Clinical area').selectOption({ label: areaName })
    await page.getByLabel('Curriculum', { exact: true }).check()
    await page
      .getByLabel('Summary')
      .fill('The curriculum for advanced clinical practitioners in emergency medicine.')
    await follow(page, { button: 'Save and continue' })
    assert.match(await banner(page), /Application saved as a draft/)
    slug = new URL(page.url()).pathname.replace('/recognition/', '')
    assert.deepEqual(await taskStatuses(page), ['Completed', 'Not started', 'Not started'])

    await follow(page, { link: 'The body that owns it' })
    await page.getByLabel('Name of the body').fill(OWNER)
    await page.getByLabel('Link to the published document').fill('http://rcem.example.org/acp-curriculum.pdf')
    await follow(page, { button: 'Save and go back to the sections' })
    assert.deepEqual(await errorSummary(page), ['The link to the document must start with https://'])
    assert.equal(await page.getByLabel('Name of the body').inputValue(), OWNER, 'what was typed stays')
    await page
      .getByLabel('Link to the published document')
      .fill('https://rcem.example.org/acp-curriculum.pdf')
    await follow(page, { button: 'Save and go back to the sections' })
    assert.match(await banner(page), /The body that owns it: saved/)
    assert.deepEqual(await taskStatuses(page), ['Completed', 'Completed', 'Not started'])

    await follow(page, { link: 'Crosswalk to the framework' })
    await page
      .locator('#outcome_0')
      .fill('Care for physiologically stable adult patients presenting to acute care')
    await tick(page, 0, ['1.4', '1.6', '1.7'])
    await follow(page, { button: 'Save and add another outcome' })
    assert.equal(new URL(page.url()).hash, '#new-outcome')
    assert.equal(await page.locator('#code_1').inputValue(), 'R2', 'a new row for the next outcome')
    await page.locator('#outcome_1').fill('Lead and supervise the emergency department team')
    await follow(page, { button: 'Save and go back to the sections' })
    assert.deepEqual(await taskStatuses(page), ['Completed', 'Completed', 'In progress'])

    await follow(page, { link: 'Check your answers' })
    assert.equal(await heading(page), 'Check your answers before submitting the application')
    assert.equal(await page.getByRole('button', { name: 'Submit application' }).count(), 0)
    await follow(page, { link: 'Map outcome R2 to at least one framework capability' })
    await tick(page, 1, ['2.1', '2.8', '3.1', '4.1'])
    await follow(page, { button: 'Save and go back to the sections' })
    assert.deepEqual(await taskStatuses(page), ['Completed', 'Completed', 'Completed'])
    await follow(page, { link: 'Check your answers and submit' })
    await follow(page, { link: 'Change Name of the body' })
    assert.equal(await page.getByLabel('Name of the body').inputValue(), OWNER)
    await follow(page, { link: 'Go back to the sections without saving' })
    await follow(page, { link: 'Check your answers and submit' })
    assert.match(await page.locator('main').innerText(), /Once submitted, this version cannot be changed/)
    await follow(page, { button: 'Submit application' })
    assert.match(await banner(page), /Application submitted for review/)
    const shown = await page.locator('main').innerText()
    assert.match(shown, /Submitted/)
    assert.match(shown, /R2\s+Lead and supervise the emergency department team\s+2\.1, 2\.8, 3\.1, 4\.1/)

    const visitor = await (await newContext(harness.browser)).newPage()
    contexts.push(visitor.context())
    const hidden = await navigation(visitor, () => visitor.goto(url(`/credentials/${slug}`)))
    assert.equal(hidden.status(), 404, 'not in the catalogue while under review')
  })

  it('the Centre admin sees the application and where to take it to review', async () => {
    const page = await signedInAs('centre-admin')
    await follow(page, { link: 'Recognition applications' })
    await follow(page, { link: TITLE })
    assert.match(await page.locator('main').innerText(), new RegExp(OWNER))
    assert.equal(
      await page.getByRole('link', { name: 'Assign reviewers' }).getAttribute('href'),
      `/specifications/${slug}/versions/1/reviewers`,
    )
    const mail = await harness.testApp.services.mail.latestTo(demo('centre-admin').email)
    assert.match(mail!.subject, /Application for recognition submitted/)
  })

  it('a reviewer judges each crosswalk row, and recommends only once every row is judged', async () => {
    const reviewing = await reviewedApplication('Curriculum judged row by row', false)
    const page = await signedInAs('reviewer', false)
    await open(page, '/reviews')
    await follow(page, { link: 'Curriculum judged row by row, version 1' })
    await page.getByLabel('No, I have no conflict of interest').check()
    await follow(page, { button: 'Declare interests' })
    const criteria = await page.locator('input[name^="code_"]').count()
    for (let i = 0; i < criteria; i++) {
      await page.locator(`input[name="judgement_${i}"][value="met"]`).check()
      await page.locator(`textarea[name="comment_${i}"]`).fill('Met by the curriculum.')
    }
    await follow(page, { button: 'Save judgements' })
    assert.match(await banner(page), /Judgements saved/)
    assert.match(await page.locator('main').innerText(), /0 of 2 crosswalk rows judged/)
    assert.equal(await page.getByRole('button', { name: 'Send recommendation' }).count(), 0)

    await page.locator('input[name="row_judgement_0"][value="meets"]').check()
    await follow(page, { button: 'Save crosswalk judgements' })
    assert.deepEqual(await errorSummary(page), ['Enter a comment on outcome R1'])
    await page.getByLabel('Your comment on outcome R1').fill('Assessed in the workplace.')
    await page.locator('input[name="row_judgement_1"][value="partly_meets"]').check()
    await page.getByLabel('Your comment on outcome R2').fill('Audit, but no research.')
    await follow(page, { button: 'Save crosswalk judgements' })
    assert.match(await banner(page), /Crosswalk judgements saved/)
    await page.getByLabel('Endorse', { exact: true }).check()
    await page.getByLabel('Your reasons').fill('Recognise it.')
    await follow(page, { button: 'Send recommendation' })
    assert.match(await banner(page), /Recommendation sent/)
    const row = await harness.testApp.database.db
      .selectFrom('review_assignment as r')
      .innerJoin('specification_version as v', 'v.id', 'r.version_id')
      .innerJoin('credential as c', 'c.id', 'v.credential_id')
      .innerJoin('user_account as u', 'u.id', 'r.reviewer_id')
      .select(['r.row_judgements', 'r.recommendation'])
      .where('c.slug', '=', reviewing)
      .where('u.email', '=', demo('reviewer').email)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, {
      row_judgements: {
        R1: { judgement: 'meets', comment: 'Assessed in the workplace.' },
        R2: { judgement: 'partly_meets', comment: 'Audit, but no research.' },
      },
      recommendation: 'endorse',
    })
  })

  for (const javaScript of [false, true]) {
    const how = javaScript ? 'with JavaScript' : 'without JavaScript'
    it(`the Centre admin records the decision only after confirming it, ${how}`, async () => {
      const title = `Curriculum decided ${how}`
      const decided = await reviewedApplication(title)
      const page = await signedInAs('centre-admin', javaScript)
      await open(page, `/recognition/${decided}`)
      await follow(page, { link: 'Record the decision' })
      const labels = await page.locator('.nhsuk-radios__label').allInnerTexts()
      assert.deepEqual(labels, [
        'Recognise',
        'Recognise with conditions',
        'Revise and resubmit',
        'Not recognise',
      ])
      // Both reviewers' judgements of each crosswalk row, the disagreement marked.
      const rows = await page.locator('#crosswalk ~ table tbody tr').allInnerTexts()
      assert.equal(rows.length, 2)
      assert.match(rows[0]!, /Reviewers agree: Meets/)
      assert.match(
        rows[1]!,
        /Reviewers disagree: Meets \(Demo Independent Reviewer\), Does not meet \(Demo Second Reviewer\)/,
      )
      // The report, drafted from the reviews, and signed off before the decision.
      await follow(page, { link: 'Draft the consolidated report from the reviews' })
      await follow(page, { button: 'Draft the report from the reviews' })
      const r2 = page.locator('.app-report-item', { hasText: 'Crosswalk row R2' })
      assert.match(
        await r2.innerText(),
        /Reviewers disagree: Meets \(Reviewer 1\), Does not meet \(Reviewer 2\)/,
      )
      await page
        .getByLabel("The Centre's finding on crosswalk row R2")
        .fill('Research is not assessed: pillar 4 is not mapped.')
      await follow(page, { button: 'Save the report' })
      await follow(page, { button: 'Continue to sign off' })
      assert.equal(await heading(page), 'Sign off this report?')
      await follow(page, { button: 'Sign off report' })
      assert.match(await banner(page), /Report signed off/)
      assert.equal(new URL(page.url()).pathname, `/recognition/${decided}/decision`)
      await page.getByLabel('Revise and resubmit').check()
      await follow(page, { button: 'Continue' })
      assert.equal(await heading(page), 'Record this decision?')
      const warning = await page.locator('.nhsuk-card--warning').innerText()
      assert.match(warning, /Recording the decision cannot be undone/)
      assert.match(warning, /is e-mailed the decision and the consolidated report/)
      assert.match(warning, /Nothing becomes public/)

      await follow(page, { link: 'Change decision' })
      await page.getByLabel('Recognise', { exact: true }).check()
      await follow(page, { button: 'Continue' })
      assert.equal(await heading(page), 'Record this decision?')
      assert.match(await page.locator('.nhsuk-summary-list').innerText(), /Recognise/)
      assert.match(
        await page.locator('.nhsuk-card--warning').innerText(),
        /listed in the public catalogue as recognised/,
      )
      await follow(page, { link: 'Cancel' })
      assert.equal(new URL(page.url()).pathname, `/recognition/${decided}`)
      assert.match(
        await page.locator('main').innerText(),
        /Under review|Submitted/,
        'cancelling records nothing',
      )

      await follow(page, { link: 'Record the decision' })
      await follow(page, { button: 'Continue' })
      await follow(page, { button: 'Record decision' })
      assert.match(await banner(page), /Decision recorded: Recognised/)
      assert.match(await page.locator('main').innerText(), /See it in the catalogue/)
      if (!javaScript) slug = decided
    })
  }

  it('once recognised, the catalogue shows it as recognised, with its owner', async () => {
    const TITLE = 'Curriculum decided without JavaScript'
    const visitor = await (await newContext(harness.browser)).newPage()
    contexts.push(visitor.context())
    await navigation(visitor, () => visitor.goto(url('/credentials?status=recognised')))
    await assertAccessible(visitor)
    const listed = visitor.locator('li', { has: visitor.getByRole('link', { name: TITLE }) })
    assert.match(await listed.innerText(), new RegExp(`Recognised[\\s\\S]*Owned by ${OWNER}`))
    await follow(visitor, { link: TITLE })
    const page = await visitor.locator('main').innerText()
    assert.match(page, /Recognised/)
    assert.match(page, new RegExp(`Owner\\s+${OWNER}`))
  })
})
