// In a real browser, with the demo accounts: a Centre admin sets a Credential Group meeting
// with a proposal on its agenda and records who is present; one member declares an interest
// and is offered no vote; the other three vote (one without JavaScript), which meets the
// quorum; the chair closes the item, confirms the decision on the shared page, and the
// proposal reads "Agreed for development" with the votes, names and reasons. axe checks every
// page, at 320 px too.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBrowserHarness, type BrowserHarness } from '../support/browser.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { sendToGroup } from '../support/gateway-check.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { demoActor } from '../../src/db/seed/demo-process.ts'
import { longDate } from '../../src/domain/dates.ts'

const TITLE = 'Advanced practice in palliative care'

let harness: BrowserHarness
const { signedInAs, follow, closeContexts, open, recordDecision } = journeyHelpers(() => harness, {
  closeAfterEachTest: true,
})

let proposalId = ''
let proposalNumber = 0

before(async () => {
  harness = await startBrowserHarness()
  const { db } = harness.testApp.database
  const services = harness.testApp.services
  await createDemoAccounts(db, services)
  const author = await demoActor(db, services, 'author')
  const admin = await demoActor(db, services, 'centre-admin')
  const options = await services.proposals.formOptions()
  proposalId = await services.proposals.create(
    {
      clinicalAreaId: options.areas[0]!.id,
      title: TITLE,
      need: 'People at the end of life wait for specialist review.',
      targetProfessions: ['Nurse'],
      evidence: 'A regional workforce review.',
      gatewayAnswers: Object.fromEntries(options.gateway.criteria.map((c) => [c.code, `Meets ${c.code}.`])),
    },
    author,
  )
  const rv = await services.proposals.submit(proposalId, 1, author)
  await sendToGroup(services, proposalId, rv, admin)
  proposalNumber = (await services.proposals.get(proposalId, admin))!.number
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

describe('the Credential Group decides a proposal at a meeting', () => {
  let meetingPath = ''

  it('a Centre admin sets a meeting with the proposal on its agenda and records who is present', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, '/group-meetings')
    await follow(page, { link: 'Set a meeting' })
    assert.equal(await heading(page), 'Set a Credential Group meeting')
    await follow(page, { button: 'Set the meeting' })
    assert.deepEqual(await errorSummary(page), [
      'Enter the date of the meeting',
      'Enter the time the meeting starts, such as 14:30',
    ])
    const today = harness.testApp.services.clock.today()
    const [year, month, day] = today.split('-')
    await page.getByLabel('Day').fill(String(Number(day)))
    await page.getByLabel('Month').fill(String(Number(month)))
    await page.getByLabel('Year').fill(year!)
    await page.getByLabel('Time it starts').fill('14:30')
    assert.ok(await page.getByLabel(new RegExp(TITLE)).isChecked(), 'the waiting proposal is on the agenda')
    await follow(page, { button: 'Set the meeting' })
    assert.match(await banner(page), /Meeting set/)
    meetingPath = new URL(page.url()).pathname
    assert.match(await page.locator('main').innerText(), new RegExp(`${longDate(today)} at 14:30`))

    for (const n of ['', 'Second ', 'Third ', 'Fourth '])
      await page.getByLabel(`Demo ${n}Credential Group Member`, { exact: true }).check()
    await follow(page, { button: 'Save who is present' })
    assert.match(await banner(page), /Attendance recorded/)
  })

  it('a member declares an interest and is offered no vote', async () => {
    const page = await signedInAs('credential-group-4')
    await open(page, meetingPath)
    assert.equal(await page.getByRole('button', { name: 'Vote', exact: true }).count(), 1)
    await page.getByText(/Declare an interest in proposal/).click()
    await page.getByLabel('The interest').fill('I advised the author on the proposal.')
    await follow(page, { button: 'Declare the interest' })
    assert.match(await banner(page), /Interest declared/)
    assert.equal(await page.getByRole('button', { name: 'Vote', exact: true }).count(), 0)
    assert.match(
      await page.locator('main').innerText(),
      /You do not vote on this proposal: you have an interest in it/,
    )
  })

  for (const [key, vote, reason, javaScriptEnabled] of [
    ['credential-group', 'Agree: develop the credential', 'A clear national need.', true],
    ['credential-group-2', 'Agree: develop the credential', 'Providers are ready to deliver.', false],
    ['credential-group-3', 'Decline', 'Covered by existing curricula.', true],
  ] as const) {
    it(`${key} votes ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const page = await signedInAs(key, javaScriptEnabled)
      await open(page, meetingPath)
      await follow(page, { button: 'Vote' })
      assert.deepEqual(await errorSummary(page), ['Select your vote', 'Enter the reason for your vote'])
      await page.getByLabel(vote).check()
      await page.getByLabel('Reason for your vote').fill(reason)
      await follow(page, { button: 'Vote' })
      assert.match(await banner(page), /Vote recorded/)
      assert.equal(await page.getByRole('button', { name: 'Vote', exact: true }).count(), 0)
    })
  }

  it('the chair closes the item: the rule agrees it, confirmed on the one decision page', async () => {
    const page = await signedInAs('centre-admin')
    await open(page, meetingPath)
    assert.match(await page.locator('main').innerText(), /Votes so far: 2 agree, 1 decline, 0 defer\./)
    await follow(page, { link: `Close the item on proposal ${proposalNumber}` })
    assert.equal(await heading(page), `Close the item on proposal ${proposalNumber}`)
    await page
      .getByLabel('Reasons for the decision')
      .fill('Agreed by two votes to one: a clear national need.')
    await page.getByLabel('Season').selectOption('autumn')
    await page.getByLabel('Year').fill('2028')
    await recordDecision(page, /listed in the catalogue as in development, expected Autumn 2028/)
    assert.match(await banner(page), /Agreed: the credential is now in development/)
    await follow(page, { button: 'Close the meeting' })
    assert.match(await banner(page), /Meeting closed/)
  })

  it('the proposal shows "Agreed for development" with the votes, names and reasons', async () => {
    const page = await signedInAs('author', false)
    await open(page, `/proposals/${proposalId}`)
    const text = await page.locator('main').innerText()
    assert.match(text, /Agreed for development/)
    assert.match(text, /Demo Credential Group Member\s+Agree\s+A clear national need\./)
    assert.match(text, /Demo Second Credential Group Member\s+Agree\s+Providers are ready to deliver\./)
    assert.match(text, /Demo Third Credential Group Member\s+Decline\s+Covered by existing curricula\./)
    assert.match(text, /Demo Fourth Credential Group Member declared an interest and did not vote/)
  })
})
