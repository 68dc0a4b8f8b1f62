// In a real browser, with the demo accounts: a practitioner whose award Demo
// University made fills in their profile (after a mistake in the NMC PIN), records a CPD
// activity mapped to two framework capabilities with a PDF as evidence, sees which
// capabilities their CPD shows, and opts into the directory showing their profession and
// the award. A member of the public, without JavaScript, finds them by a misspelt surname
// and follows the credential's check; an employer checks them by registration number and
// surname with the keyboard alone. axe checks every page.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../../src/db/seed/demo-provider.ts'
import {
  assertAccessible,
  focused,
  navigation,
  newContext,
  startBrowserHarness,
  tabTo,
  type BrowserHarness,
} from '../support/browser.ts'
import { banner, demoAccount, errorSummary, heading, journeyHelpers } from '../support/journey.ts'

let harness: BrowserHarness
const { signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness)
/** Amara Okafor's award, which the demo practitioner's account holds. */
let award: { id: string; title: string }

// The smallest PDF that names itself as one: the evidence check reads the first bytes.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n' +
    'trailer << /Root 1 0 R >>\n%%EOF\n',
)

before(async () => {
  harness = await startBrowserHarness()
  const t = harness.testApp
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const db = t.database.db
  const row = await db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .select(['a.id', 'c.title'])
    .where('o.name', '=', DEMO_ORGANISATION)
    .where('l.family_name', '=', 'Okafor')
    .executeTakeFirstOrThrow()
  award = row
  // The award went to the learner's own address; here it is the demo practitioner's.
  const practitioner = await db
    .selectFrom('user_account')
    .select('id')
    .where('email', '=', demoAccount('practitioner').email)
    .executeTakeFirstOrThrow()
  await db.updateTable('award').set({ practitioner_id: practitioner.id }).where('id', '=', award.id).execute()
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function download(page: Page, link: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link, exact: true }).click(),
  ])
  return readFile(await file.path())
}

describe('a practitioner’s portfolio and the directory', () => {
  it('the practitioner fills in their profile, records CPD and opts into the directory', async () => {
    const page = await signedInAs('practitioner')
    await open(page, '/my/profile')
    assert.equal(await heading(page), 'Your profile')
    await page.getByLabel('First name').fill('Amara')
    await page.getByLabel('Last name').fill('Okafor')
    await page.getByLabel('Profession').selectOption('Nurse')
    await page.getByLabel('Regulator').selectOption('NMC')
    await page.getByLabel('Registration number').fill('15A1234')
    await page.getByLabel('NHS England region').selectOption({ label: 'London' })
    await page.getByLabel('Employer (optional)').fill('Demo NHS Foundation Trust')
    await follow(page, { button: 'Save profile' })
    assert.match(await page.title(), /^Error: /)
    assert.deepEqual(await errorSummary(page), ['NMC PIN must look like 12A3456E'])
    // What was typed is kept.
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Okafor')
    assert.equal(await page.getByLabel('Profession').inputValue(), 'Nurse')

    await page.getByLabel('Registration number').fill('15A1234E')
    await follow(page, { button: 'Save profile' })
    assert.equal(await heading(page), 'Your CPD portfolio')
    assert.match(await banner(page), /Profile saved/)
    assert.match(await page.locator('#awards + table').innerText(), new RegExp(escaped(award.title)))

    await follow(page, { link: 'Record a CPD activity' })
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10).split('-')
    await page.getByLabel('Title').fill('Regional frailty study day')
    await page.getByLabel('Day', { exact: true }).fill(yesterday[2]!)
    await page.getByLabel('Month', { exact: true }).fill(yesterday[1]!)
    await page.getByLabel('Year', { exact: true }).fill(yesterday[0]!)
    await page.getByLabel('Hours').fill('6.5')
    await page.getByLabel('Course, conference or study day').check()
    await page.getByLabel('Reflection').fill('Comprehensive geriatric assessment in the community.')
    await page.getByLabel('1.4 Assess individuals and families in partnership').check()
    await page.getByLabel('3.1 Own a learning and development plan').check()
    await page.getByLabel('Evidence (optional)').setInputFiles({
      name: 'certificate of attendance.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await follow(page, { button: 'Save activity' })
    assert.match(await banner(page), /CPD activity recorded/)
    const activity = page.locator('.nhsuk-card', { hasText: 'Regional frailty study day' })
    assert.match(await activity.innerText(), /6\.5 hours, course, conference or study day/)
    assert.match(await activity.innerText(), /Capabilities: 1\.4, 3\.1/)
    const evidence = await download(page, 'Evidence: certificate of attendance.pdf')
    assert.deepEqual(evidence, PDF)

    await follow(page, { link: 'Capabilities your credentials and CPD show' })
    assert.equal(await heading(page), 'Capabilities your credentials and CPD show')
    // The award's credential maps to 1.4, 1.6, 1.7 and 3.1, 3.3 among others; the CPD to 1.4 and 3.1.
    const chart = page.getByRole('img', { name: /^Capabilities with evidence, by pillar/ })
    assert.match(
      (await chart.locator('title').textContent()) ?? '',
      /Clinical practice 3 of 11 \(3 from credentials, 1 from CPD\); .*Education 2 of 8 \(2 from credentials, 1 from CPD\)/,
    )
    const clinical = page.getByRole('table', { name: /^Clinical practice: 3 of 11 capabilities/ })
    assert.match(
      await clinical.getByRole('row', { name: /^1\.4 / }).innerText(),
      new RegExp(
        `1\\.4 Assess individuals and families in partnership\\s+(From credentials\\s+)?${escaped(award.title)}\\s+(CPD activities\\s+)?1\\s+(CPD hours\\s+)?6\\.5`,
      ),
    )
    assert.match(
      await page.getByRole('table', { name: /^Education: 2 of 8 capabilities/ }).innerText(),
      /3\.1 Own a learning and development plan\s+(From credentials\s+)?.+\s+(CPD activities\s+)?1\s+(CPD hours\s+)?6\.5/,
    )

    await open(page, '/my/portfolio')
    await follow(page, { link: 'Your directory entry' })
    await page.getByLabel('Yes', { exact: true }).check()
    await page.getByLabel('Profession: Nurse').check()
    await page.getByLabel(`${award.title}, ${DEMO_ORGANISATION}`).check()
    await follow(page, { button: 'Save directory entry' })
    assert.match(await banner(page), /Your directory entry is public/)
    assert.equal(await page.getByRole('link', { name: 'See your public entry' }).count(), 1)

    await open(page, '/my/data')
    const archive = await download(page, 'Download your data (ZIP)')
    assert.equal(archive.subarray(0, 2).toString(), 'PK')
  })

  it('a member of the public finds them by a misspelt surname, without JavaScript', async () => {
    const context = await newContext(harness.browser, { javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      await open(page, '/directory')
      await page.getByLabel('Name').fill('Okaffor')
      await follow(page, { button: 'Search' })
      assert.equal(await page.locator('#result-count').innerText(), '1 practitioner matches your search')
      await follow(page, { link: 'Amara Okafor' })
      assert.equal(await heading(page), 'Amara Okafor')
      const entry = await page.locator('main').innerText()
      assert.match(entry, /Profession\s+Nurse/)
      // Only what she chose: not her region or employer.
      assert.doesNotMatch(entry, /London|Demo NHS Foundation Trust|15A1234E/)
      const card = page.locator('.nhsuk-card', { hasText: award.title })
      assert.match(await card.innerText(), new RegExp(`Awarded[\\s\\S]*Awarded by ${DEMO_ORGANISATION}`))
      // The visually hidden part of the link's name says which credential it checks.
      const check = card.getByRole('link', {
        name: new RegExp(`^Check this credential\\s*: ${escaped(award.title)}$`),
      })
      const verifyPath = new URL((await check.getAttribute('href'))!).pathname
      assert.equal(verifyPath, `/verify/awards/${award.id}`)
      await open(page, verifyPath)
      assert.equal(await heading(page), 'This credential is valid')
    } finally {
      await context.close()
    }
  })

  it('an employer checks their credentials by registration number and surname, with the keyboard alone', async () => {
    const context = await newContext(harness.browser)
    try {
      const page = await context.newPage()
      await open(page, '/employer-check')
      await page.keyboard.press('Tab')
      assert.equal((await focused(page)).text, 'Skip to main content')
      await page.keyboard.press('Enter')
      await tabTo(page, (f) => f.id === 'registrationNumber', 'The registration number')
      await page.keyboard.type('15a1234e')
      await page.keyboard.press('Tab')
      assert.equal((await focused(page)).id, 'surname')
      await page.keyboard.type('okafor')
      await tabTo(
        page,
        (f) => f.tag === 'button' && f.text === 'Check credentials',
        'The "Check credentials" button',
      )
      const response = await navigation(page, () => page.keyboard.press('Enter'))
      assert.equal(response.status(), 200)
      assert.equal(response.headers()['cache-control'], 'no-store')
      await assertAccessible(page)
      assert.equal(await heading(page), 'Credentials held')
      assert.match(
        await page.getByRole('table').innerText(),
        new RegExp(`${escaped(award.title)}\\s+${DEMO_ORGANISATION}\\s+.+\\s+Awarded`),
      )
    } finally {
      await context.close()
    }
  })
})
