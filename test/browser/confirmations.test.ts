// Irreversible actions in a real browser, with JavaScript on and off (rotating a signing key,
// revoking an API token, removing a role, withdrawing a delivery, deciding on a delivery or a quality return,
// deleting a CPD activity, removing a credential from elsewhere,
// closing an account): each goes through a page
// that names its consequences, with a warning button and a way back, and nothing happens
// until the person confirms. Revoking an award: test/browser/award.test.ts; closing an
// account that signs in through OpenID Connect: src/web/authentication/oidc.test.ts.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import {
  createOrganisation,
  createPerson,
  PASSWORD,
  signInWithForm,
  startBrowserHarness,
  newContext,
  type BrowserHarness,
} from '../support/browser.ts'
import { banner, errorSummary, heading, journeyHelpers } from '../support/journey.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../src/db/seed/demo-accounts.ts'
import { publishedExample } from '../support/publication.ts'

let harness: BrowserHarness
const { signedInAs, follow, open, closeContexts } = journeyHelpers(() => harness)

before(async () => {
  harness = await startBrowserHarness()
  await createDemoAccounts(harness.testApp.database.db, harness.testApp.services)
  // As at start: every issuer has the key it signs with.
  await harness.testApp.services.issuers.ensureKeys()
})

after(async () => {
  await closeContexts()
  await harness?.close()
})

const warning = (page: Page) => page.locator('.nhsuk-card--warning').innerText()
const warningButton = (page: Page, name: string) =>
  page.locator('button.nhsuk-button--warning', { hasText: name })

/** The Centre's issuer (listed first), and the number of the key it signs with. */
async function centre(): Promise<{ name: string; keyNumber: number }> {
  const [first] = await harness.testApp.services.issuers.list()
  assert.ok(first?.centre)
  return { name: first.name, keyNumber: first.keyNumber ?? 0 }
}

for (const javaScript of [true, false]) {
  const how = javaScript ? 'with JavaScript' : 'without JavaScript'

  describe(`confirming what cannot be undone, ${how}`, () => {
    it('a Centre admin rotates the Centre’s signing key only after confirming', async () => {
      const admin = await signedInAs('centre-admin', javaScript)
      const { name, keyNumber: before } = await centre()
      await open(admin, '/admin/issuers')
      await follow(admin, { link: `Rotate the key of ${name}` })
      assert.match(await heading(admin), /^Rotate the signing key of /)
      assert.match(await warning(admin), /Rotating the key cannot be undone/)
      assert.match(await warning(admin), new RegExp(`Key ${before} is retired and signs nothing more`))
      assert.equal(await warningButton(admin, 'Rotate the key').count(), 1)
      await follow(admin, { link: 'Cancel' })
      assert.equal((await centre()).keyNumber, before, 'cancelling changes nothing')

      await follow(admin, { link: `Rotate the key of ${name}` })
      await follow(admin, { button: 'Rotate the key' })
      assert.match(await banner(admin), new RegExp(`Signing key ${before + 1} made`))
      assert.equal((await centre()).keyNumber, before + 1)
    })

    it('a provider admin revokes an API token only after confirming', async () => {
      const name = `Student records ${javaScript ? 'one' : 'two'}`
      const admin = await signedInAs('provider-admin', javaScript)
      await open(admin, '/provider/api-tokens')
      await admin.getByLabel('Name').fill(name)
      await follow(admin, { button: 'Create token' })
      const row = () => admin.getByRole('row').filter({ hasText: name })
      await follow(admin, { link: `Revoke ${name}` })
      assert.equal(await heading(admin), `Revoke the API token ${name}?`)
      assert.match(await warning(admin), /Any system that sends this token is refused from now on/)
      assert.equal(await warningButton(admin, 'Revoke the token').count(), 1)
      await follow(admin, { link: 'Cancel' })
      assert.match(await row().innerText(), /In use/, 'cancelling changes nothing')

      await follow(admin, { link: `Revoke ${name}` })
      await follow(admin, { button: 'Revoke the token' })
      assert.match(await banner(admin), /API token revoked/)
      assert.match(await row().innerText(), /Revoked/)
    })

    it('a practitioner deletes a CPD activity and removes a credential only after confirming', async () => {
      const email = `deleting.${javaScript ? 'js' : 'nojs'}@example.org`
      const userId = await createPerson(harness.testApp, {
        email,
        displayName: 'Dee Deleting',
        role: 'practitioner',
      })
      const actor = { userId, label: email, ip: null }
      const { portfolio } = harness.testApp.services
      await portfolio.addActivity(
        actor,
        {
          title: 'Sepsis update',
          day: '4',
          month: '4',
          year: '2026',
          hours: '2',
          type: 'course',
          reflection: 'Reviewed the sepsis pathway.',
          capabilities: ['1.4'],
        },
        { filename: 'sepsis.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
      )
      const assertion = {
        '@context': 'https://w3id.org/openbadges/v2',
        id: 'https://badges.example.org/assertions/123',
        type: 'Assertion',
        recipient: { type: 'email', hashed: false, identity: email },
        badge: { name: 'Moving and handling' },
        issuedOn: '2025-06-30T23:59:59+00:00',
        verification: { type: 'hosted' },
      }
      await portfolio.addExternal(actor, {
        filename: 'handling.json',
        content: Buffer.from(JSON.stringify(assertion)),
      })
      const context = await newContext(harness.browser, { javaScriptEnabled: javaScript })
      try {
        const page = await context.newPage()
        await signInWithForm(page, harness.baseUrl, email)
        await open(page, '/my/portfolio')
        await follow(page, { link: 'Delete Sepsis update' })
        assert.equal(await heading(page), 'Delete the CPD activity Sepsis update?')
        assert.match(await warning(page), /Deleting the activity cannot be undone/)
        assert.match(await warning(page), /Its 1 evidence file is deleted with it/)
        assert.equal(await warningButton(page, 'Delete the activity').count(), 1)
        await follow(page, { link: 'Cancel' })
        assert.equal((await portfolio.activities(userId)).length, 1, 'cancelling changes nothing')

        await follow(page, { link: 'Delete Sepsis update' })
        await follow(page, { button: 'Delete the activity' })
        assert.match(await banner(page), /CPD activity deleted/)
        assert.equal((await portfolio.activities(userId)).length, 0)

        await follow(page, { link: 'Remove Moving and handling' })
        assert.equal(await heading(page), 'Remove the credential Moving and handling?')
        assert.match(
          await warning(page),
          /The file handling\.json you uploaded and the result of checking it are deleted for good/,
        )
        assert.equal(await warningButton(page, 'Remove the credential').count(), 1)
        await follow(page, { link: 'Cancel' })
        assert.equal((await portfolio.externals(userId)).length, 1, 'cancelling changes nothing')

        await follow(page, { link: 'Remove Moving and handling' })
        await follow(page, { button: 'Remove the credential' })
        assert.match(await banner(page), /Credential removed from your portfolio/)
        assert.equal((await portfolio.externals(userId)).length, 0)
      } finally {
        await context.close()
      }
    })

    it('a provider admin withdraws a delivery only after confirming', async () => {
      const t = harness.testApp
      const { id: organisationId } = await t.database.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', DEMO_ORGANISATION)
        .executeTakeFirstOrThrow()
      const deliveryId = await t.services.deliveries.applyToDeliver(
        organisationId,
        {
          credentialId: (await publishedExample(t)).credentialId,
          mode: 'online',
          startDate: '2027-01-10',
          expectedCohort: '12',
          assessment: 'Portfolio and viva',
          programmeId: '',
        },
        { userId: null, label: 'test', ip: null },
      )
      const state = async () => (await t.services.deliveries.getDelivery(deliveryId, null))?.state
      const admin = await signedInAs('provider-admin', javaScript)
      await open(admin, `/provider/deliveries/${deliveryId}`)
      await follow(admin, { link: 'Withdraw the delivery' })
      assert.match(await heading(admin), /^Withdraw the delivery of .+\?$/)
      assert.match(await warning(admin), /Withdrawing the delivery cannot be undone/)
      assert.match(await warning(admin), /A withdrawn delivery cannot be brought back/)
      assert.equal(await warningButton(admin, 'Withdraw the delivery').count(), 1)
      await follow(admin, { link: 'Cancel' })
      assert.equal(await state(), 'applied', 'cancelling changes nothing')

      await follow(admin, { link: 'Withdraw the delivery' })
      await admin.getByLabel('Why are you withdrawing? (optional)').fill('No cohort this year')
      await follow(admin, { button: 'Withdraw the delivery' })
      assert.match(await banner(admin), /Delivery withdrawn/)
      assert.equal(await state(), 'withdrawn')
    })

    /** A delivery of a provider of its own, waiting for the Centre's decision. */
    async function appliedDelivery(name: string, startDate: string) {
      const t = harness.testApp
      const organisationId = await createOrganisation(
        t,
        `${name} ${javaScript ? 'with' : 'without'} JavaScript`,
      )
      const deliveryId = await t.services.deliveries.applyToDeliver(
        organisationId,
        {
          credentialId: (await publishedExample(t)).credentialId,
          mode: 'online',
          startDate,
          expectedCohort: '12',
          assessment: 'Portfolio and viva',
          programmeId: '',
        },
        { userId: null, label: 'test', ip: null },
      )
      return { organisationId, deliveryId }
    }

    it('a Centre admin records a decision on a delivery only after confirming, and can change it first', async () => {
      const { deliveryId } = await appliedDelivery('Deciding College', '2027-02-01')
      const state = async () =>
        (await harness.testApp.services.deliveries.getDelivery(deliveryId, null))?.state
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, `/deliveries/${deliveryId}`)
      await admin.getByLabel('Decline').check()
      await follow(admin, { button: 'Continue' })
      assert.deepEqual(await errorSummary(admin), ['Enter the reason for declining'])
      await admin.getByLabel('Decline').check()
      await admin.getByLabel('Reason for declining').fill('The assessment misses the outcomes.')
      await follow(admin, { button: 'Continue' })
      assert.equal(await heading(admin), 'Record this decision?')
      assert.match(await warning(admin), /Recording the decision cannot be undone/)
      assert.match(await warning(admin), /The delivery is declined/)
      assert.match(await warning(admin), /admins are sent an email with your reason/)
      assert.equal(await warningButton(admin, 'Record decision').count(), 1)
      assert.equal(await state(), 'applied', 'nothing recorded yet')

      // Change keeps the answers.
      await follow(admin, { link: 'Change your decision' })
      assert.equal(await admin.getByLabel('Decline').isChecked(), true)
      assert.equal(
        await admin.getByLabel('Reason for declining').inputValue(),
        'The assessment misses the outcomes.',
      )
      await admin.getByLabel('Approve', { exact: true }).check()
      await follow(admin, { button: 'Continue' })
      assert.match(
        await warning(admin),
        /is listed on the credential’s public page as approved to deliver it/,
      )
      await follow(admin, { link: 'Cancel' })
      assert.equal(await state(), 'applied', 'cancelling changes nothing')

      await admin.getByLabel('Approve', { exact: true }).check()
      await follow(admin, { button: 'Continue' })
      await follow(admin, { button: 'Record decision' })
      assert.match(await banner(admin), /Delivery approved/)
      assert.equal(await state(), 'approved')
    })

    it('a Centre admin records a decision on a quality return only after confirming', async () => {
      const t = harness.testApp
      const { organisationId, deliveryId } = await appliedDelivery('Returning College', '2025-02-01')
      const actor = async (key: string, role: 'centre_admin' | 'provider_admin') => {
        const { id } = await t.database.db
          .selectFrom('user_account')
          .select('id')
          .where('email', '=', `${key}@demo.invalid`)
          .executeTakeFirstOrThrow()
        return { userId: id, name: key, label: key, ip: null, roles: [role] }
      }
      const delivery = await t.services.deliveries.getDelivery(deliveryId, null)
      const centre = await actor('centre-admin', 'centre_admin')
      await t.services.deliveries.act(deliveryId, delivery?.rowVersion ?? 0, 'approve', '', centre, null)
      const summaries = await t.services.qualityReturns.listForProvider([organisationId], '2026-12-01')
      const returnId = summaries.find((r) => r.deliveryId === deliveryId)?.id ?? ''
      const due = await t.services.qualityReturns.getForCentre(returnId, '2026-12-01')
      assert.ok(due, 'the delivery owes a return')
      await t.services.qualityReturns.submit(
        returnId,
        [organisationId],
        due.rowVersion,
        { cohortStarted: '12', cohortCompleted: '10', outcomes: 'Ten passed.', changes: '', concerns: '' },
        await actor('provider-admin', 'provider_admin'),
      )
      const stateOf = async () =>
        (await t.services.qualityReturns.getForCentre(returnId, '2026-12-01'))?.state
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, `/quality-returns/${returnId}`)
      await admin.getByLabel('Accept it').check()
      await follow(admin, { button: 'Continue' })
      assert.equal(await heading(admin), 'Record this decision?')
      assert.match(await warning(admin), /The return is marked as accepted/)
      assert.match(await warning(admin), /admins are sent an email saying the Centre accepted it/)
      assert.equal(await warningButton(admin, 'Record decision').count(), 1)
      await follow(admin, { link: 'Cancel' })
      assert.equal(await stateOf(), 'submitted', 'cancelling changes nothing')

      await admin.getByLabel('Accept it').check()
      await follow(admin, { button: 'Continue' })
      await follow(admin, { button: 'Record decision' })
      assert.match(await banner(admin), /Quality return accepted/)
      assert.equal(await stateOf(), 'accepted')
    })

    it('a Centre admin removes a role only after confirming', async () => {
      const userId = await createPerson(harness.testApp, {
        email: `reviewing.${javaScript ? 'js' : 'nojs'}@example.org`,
        displayName: 'Rae Reviewer',
        role: 'independent_reviewer',
      })
      const roles = async () =>
        (await harness.testApp.services.accountAdministration.getAccount(userId))?.grants.length
      const admin = await signedInAs('centre-admin', javaScript)
      await open(admin, `/admin/accounts/${userId}`)
      await follow(admin, { link: 'Remove the independent reviewer role' })
      assert.equal(await heading(admin), 'Remove the independent reviewer role from Rae Reviewer?')
      assert.match(
        await warning(admin),
        /Rae Reviewer can no longer do what the independent reviewer role allows/,
      )
      assert.equal(await warningButton(admin, 'Remove the role').count(), 1)
      await follow(admin, { link: 'Cancel' })
      assert.equal(await roles(), 1, 'cancelling changes nothing')

      await follow(admin, { link: 'Remove the independent reviewer role' })
      await follow(admin, { button: 'Remove the role' })
      assert.match(await banner(admin), /Role removed/)
      assert.equal(await roles(), 0)
    })

    it('a practitioner closes their account only with their password', async () => {
      const email = `closing.${javaScript ? 'js' : 'nojs'}@example.org`
      await createPerson(harness.testApp, { email, displayName: 'Casey Closing', role: 'practitioner' })
      const context = await newContext(harness.browser, { javaScriptEnabled: javaScript })
      try {
        const page = await context.newPage()
        await signInWithForm(page, harness.baseUrl, email)
        await open(page, '/my/data')
        await follow(page, { link: 'Close your account' })
        assert.equal(await heading(page), 'Close your account')
        assert.match(await warning(page), /Closing your account cannot be undone/)
        assert.match(await warning(page), /Education providers keep their records/)

        await follow(page, { button: 'Close my account and erase my data' })
        assert.deepEqual(await errorSummary(page), ['Enter your password'])
        await page.getByLabel('Your password').fill('not my password')
        await follow(page, { button: 'Close my account and erase my data' })
        assert.deepEqual(await errorSummary(page), [
          'The password is not right. Enter the password you sign in with',
        ])
        await follow(page, { link: 'Cancel' })
        assert.equal(new URL(page.url()).pathname, '/my/data', 'still signed in, nothing closed')

        await follow(page, { link: 'Close your account' })
        await page.getByLabel('Your password').fill(PASSWORD)
        await follow(page, { button: 'Close my account and erase my data' })
        assert.equal(new URL(page.url()).pathname, '/account-closed')
        assert.equal(await heading(page), 'Your account is closed')
        const row = await harness.testApp.database.db
          .selectFrom('user_account')
          .select('email')
          .where('email', '=', email)
          .executeTakeFirst()
        assert.equal(row, undefined, 'the email address is erased')
      } finally {
        await context.close()
      }
    })
  })
}
