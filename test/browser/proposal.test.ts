// In a real browser, with the demo accounts: the author proposes a credential as a task list,
// a section at a time, and submits it from the check-your-answers page (with JavaScript and
// without), a Centre admin judges each gateway criterion and only then puts it to the Credential
// Group, its members vote at a meeting and the chair records the agreement, and the credential
// appears in the catalogue as in development with its expected date. axe checks every page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { banner, errorSummary, heading, journeyHelpers, taskNames, taskStatuses } from '../support/journey.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { demoActor } from '../../src/db/seed/demo-process.ts'

const TITLE = 'Frailty in the community'

let harness: BrowserHarness
const { signedInAs, follow, closeContexts, open, recordDecision } = journeyHelpers(() => harness, {
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

  // The author writes a proposal as a task list, a section at a time, and submits it only from
  // the check-your-answers page: without JavaScript (the proposal the rest of the journey
  // follows), and with it.
  for (const javaScriptEnabled of [false, true]) {
    const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
    const title = javaScriptEnabled ? `${TITLE} and at home` : TITLE

    it(`the author proposes a credential section by section, checks it and submits it, ${how}`, async () => {
      const page = await signedInAs('author', javaScriptEnabled)
      await open(page, '/proposals')
      await follow(page, { button: 'Propose a credential' })
      assert.equal(await heading(page), 'Propose a credential')

      // A draft needs nothing to be saved; the rest can wait.
      await page.getByLabel('Clinical area').selectOption({ label: 'Primary care' })
      await page.getByLabel('Title of the credential').fill(title)
      await follow(page, { button: 'Save and continue' })
      const tasksPath = new URL(page.url()).pathname
      assert.match(tasksPath, /^\/proposals\/[0-9a-f-]{36}\/edit$/)
      assert.match(await banner(page), /Draft proposal saved/)
      assert.equal(await heading(page), title)
      const sections = await taskNames(page)
      assert.deepEqual(sections.slice(0, 2), ['About the credential', 'The need and its evidence'])
      const gatewaySections = sections.filter((name) => /gateway criterion/.test(name))
      assert.ok(gatewaySections.length >= 3, 'a section for each main gateway criterion')
      assert.deepEqual(await taskStatuses(page), [
        'In progress',
        ...Array(sections.length - 1).fill('Not started'),
      ])

      // The check page can be read at any time, but offers no submission until all is done.
      await follow(page, { link: 'Check your answers' })
      assert.equal(await heading(page), 'Check your answers before submitting the proposal')
      assert.equal(await page.getByRole('button', { name: 'Submit proposal' }).count(), 0)
      assert.match(
        await page.locator('main').innerText(),
        /Before you can submit the proposal, complete these sections/,
      )
      await follow(page, { link: "Go back to the proposal's sections" })

      await follow(page, { link: 'About the credential' })
      assert.equal(await page.getByLabel('Title of the credential').inputValue(), title, 'what was saved')
      await page.getByLabel('Nurse', { exact: true }).check()
      await page.getByLabel('Allied health professional').check()
      await follow(page, { button: 'Save and go back to the sections' })
      assert.match(await banner(page), /About the credential: saved/)
      assert.equal((await taskStatuses(page))[0], 'Completed')

      await follow(page, { link: 'The need and its evidence' })
      await page
        .getByLabel('The need it meets')
        .fill('Older adults with frailty wait too long for specialist assessment.')
      await follow(page, { button: 'Save and go back to the sections' })
      assert.equal((await taskStatuses(page))[1], 'In progress', 'the evidence is still to come')

      for (const name of gatewaySections) {
        await follow(page, { link: name })
        const answers = page.locator('textarea[name^="gateway_"]')
        const count = await answers.count()
        assert.ok(count >= 1, `a field for each criterion of ${name}`)
        for (let i = 0; i < count; i++) await answers.nth(i).fill(`Our answer to ${name}, part ${i + 1}.`)
        await follow(page, { button: 'Save and go back to the sections' })
      }
      assert.deepEqual(await taskStatuses(page), [
        'Completed',
        'In progress',
        ...Array(gatewaySections.length).fill('Completed'),
      ])

      // Each answer on the check page changes on its section's page.
      await follow(page, { link: 'Check your answers' })
      await follow(page, { link: 'Change Evidence of need' })
      assert.equal(new URL(page.url()).pathname, tasksPath.replace(/edit$/, 'sections/need'))
      await page.getByLabel('Evidence of need').fill('Regional workforce review, 2025.')
      await follow(page, { button: 'Save and go back to the sections' })
      assert.deepEqual(await taskStatuses(page), Array(sections.length).fill('Completed'))
      assert.match(await page.locator('main').innerText(), /Every section is completed/)

      await follow(page, { link: 'Check your answers and submit' })
      const answers = await page.locator('main').innerText()
      assert.match(
        answers,
        /Target professions\s+Nurse, Allied health professional|Target professions\s+Allied health professional, Nurse/,
      )
      assert.match(answers, /Evidence of need\s+Regional workforce review, 2025\./)
      assert.match(answers, /Once submitted, the proposal cannot be changed/)
      await follow(page, { button: 'Submit proposal' })
      assert.match(await banner(page), /Proposal submitted/)
      assert.match(await page.locator('main .nhsuk-tag').first().innerText(), /Awaiting check/)
      if (!javaScriptEnabled) proposalPath = new URL(page.url()).pathname
      assert.match(new URL(page.url()).pathname, /^\/proposals\/[0-9a-f-]{36}$/)
    })
  }

  it('a Centre admin judges every gateway criterion, then puts it to the Credential Group', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, '/proposals')
    await follow(page, { link: TITLE })
    assert.equal(new URL(page.url()).pathname, proposalPath)
    // Nothing judged yet: the proposal can be returned, but not sent.
    assert.equal(await page.getByRole('button', { name: 'Put to the Credential Group' }).count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Return to the author' }).count(), 1)
    assert.match(await page.locator('main').innerText(), /once every gateway criterion is judged/)

    await follow(page, { link: 'Judge the gateway criteria' })
    assert.equal(await heading(page), 'Check the gateway criteria')
    const criteria = await taskNames(page)
    assert.ok(criteria.length >= 3, 'a row for each gateway criterion, parts included')
    assert.deepEqual(await taskStatuses(page), Array(criteria.length).fill('Not judged yet'))

    // A judgement needs both its answer and a reason.
    await follow(page, { link: criteria[0]! })
    assert.match(await page.locator('main').innerText(), /Our answer to/, "the author's answer")
    await follow(page, { button: 'Save judgement' })
    assert.deepEqual(await errorSummary(page), [
      'Select whether the proposal meets the criterion',
      'Enter the reason for your judgement',
    ])
    const words = ['Met', 'Partly met', 'Not met']
    for (const [i, name] of criteria.entries()) {
      if (i > 0) await follow(page, { link: name })
      await page.getByLabel(words[i % 3]!, { exact: true }).check()
      await page.getByLabel('Your reason').fill(`The answer to ${name} is ${words[i % 3]!.toLowerCase()}.`)
      await follow(page, { button: 'Save judgement' })
      assert.match(await banner(page), new RegExp(`judged: ${words[i % 3]}`))
    }
    assert.deepEqual(
      await taskStatuses(page),
      criteria.map((_, i) => words[i % 3]),
    )
    assert.match(
      await page.locator('main').innerText(),
      new RegExp(`${criteria.length} of ${criteria.length} criteria judged`),
    )

    await follow(page, { link: "Go to the proposal's page to put it to the group or return it" })
    await follow(page, { button: 'Put to the Credential Group' })
    assert.match(await banner(page), /Proposal put to the Credential Group/)
    assert.match(
      await page.locator('main').innerText(),
      /Checked the proposal and put it to the Credential Group/,
    )
  })

  it('the Credential Group votes at a meeting, and the chair records its agreement with the expected date', async () => {
    // The meeting and the votes through the use cases (test/browser/group-meeting.test.ts
    // walks them page by page); the chair closes the item here.
    const { db } = harness.testApp.database
    const services = harness.testApp.services
    const admin = await demoActor(db, services, 'centre-admin')
    const members = await Promise.all(
      ['credential-group', 'credential-group-2', 'credential-group-3'].map((k) => demoActor(db, services, k)),
    )
    const proposalId = proposalPath.split('/').pop()!
    const meetingId = await services.groupMeetings.create(
      { meetsOn: services.clock.today(), startsAt: '10:00', proposalIds: [proposalId] },
      admin,
    )
    await services.groupMeetings.recordAttendance(
      meetingId,
      1,
      members.map((m) => m.userId),
      admin,
    )
    const item = (await services.groupMeetings.get(meetingId, admin))!.items[0]!
    for (const m of members)
      await services.groupMeetings.vote(meetingId, item.id, 'agree', 'A clear regional need.', m)

    const page = await signedInAs('centre-admin')
    await open(page, `/group-meetings/${meetingId}`)
    await follow(page, { link: `Close the item on proposal ${item.proposalNumber}` })
    await follow(page, { button: 'Continue' })
    assert.deepEqual(await errorSummary(page), [
      'Enter the reasons for the decision',
      'Enter the season and year the specification is expected',
    ])
    await page
      .getByLabel('Reasons for the decision')
      .fill('A clear regional need, and providers ready to deliver.')
    await page.getByLabel('Season').selectOption('autumn')
    await page.getByLabel('Year').fill('2027')
    await recordDecision(page, /listed in the catalogue as in development, expected Autumn 2027/)
    assert.match(await banner(page), /Agreed: the credential is now in development/)
    await open(page, proposalPath)
    const text = await page.locator('main').innerText()
    assert.match(
      text,
      /Taking part: Demo Credential Group Member, Demo Second Credential Group Member, Demo Third Credential Group Member/,
    )
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
    // The Centre's judgement of each criterion is on the author's record, in words.
    const tags = await author.locator('.app-judgement .nhsuk-tag').allInnerTexts()
    assert.ok(tags.length >= 3)
    assert.deepEqual(tags.slice(0, 3), ['Met', 'Partly met', 'Not met'])
    assert.match(text, /The answer to .+ is partly met\./)
  })
})
