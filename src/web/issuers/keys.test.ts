// Marking an issuer's key compromised: only a retired one, from a date, with a reason and a
// confirmation, audited; the key stays in the DID document.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { hrefs, mainText } from '../../../test/support/html.ts'

let t: TestApp
let admin: Agent
let providerId: string

before(async () => {
  t = await createTestApp()
  await createAccount(t, 'keys.admin@example.org', [{ role: 'centre_admin' }])
  admin = await signedIn(t, 'keys.admin@example.org')
  providerId = await t.services.providers.createProvider(
    { name: 'University of Keyfield', kind: 'university', ukprn: '', region: 'north_west', website: '' },
    { userId: null, label: 'test', ip: null },
  )
})
after(() => t.close())

describe('compromised keys', () => {
  it('refuses to mark the key the issuer signs with: rotate it first', async () => {
    const page = await admin.get(`/admin/issuers/${providerId}`)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Rotate the key first/)
    assert.ok(!page.body.includes(`/admin/issuers/${providerId}/keys/1/compromise`))
    const form = `/admin/issuers/${providerId}/keys/1/compromise`
    assert.match(mainText((await admin.get(form)).body), /Rotate the key first/)
    const posted = await admin.post(form, {
      'from[day]': '1',
      'from[month]': '1',
      'from[year]': '2026',
      reason: 'Leaked',
    })
    assert.equal(posted.headers.location, form)
    assert.match(mainText((await admin.get(form)).body), /Rotate the key first/)
    await assert.rejects(
      t.services.issuers.markKeyCompromised(
        providerId,
        1,
        { from: '2026-01-01', reason: 'Leaked' },
        { userId: null, label: 'test', ip: null },
      ),
      /Rotate the key first/,
    )
    const vm = `${t.services.issuers.did(providerId)}#key-1`
    assert.equal(await t.services.issuers.keyCompromise(vm), null)
  })

  it('marks a retired key from a date, after a confirmation, audited; the key stays published', async () => {
    await t.services.issuers.rotate(providerId, { userId: null, label: 'test', ip: null })
    const form = `/admin/issuers/${providerId}/keys/1/compromise`
    const page = await admin.get(`/admin/issuers/${providerId}`)
    assert.ok(page.body.includes(form), 'a retired key can be marked')
    await admin.get(form)

    const noReason = await admin.post(form, {
      'from[day]': '31',
      'from[month]': '2',
      'from[year]': '2026',
      reason: '',
    })
    const shown = (await admin.get(noReason.headers.location as string)).body
    assert.match(mainText(shown), /must be a real date/)
    assert.match(mainText(shown), /Enter why the key is compromised/)
    const future = await admin.post(form, {
      'from[day]': '1',
      'from[month]': '1',
      'from[year]': '2999',
      reason: 'Leaked',
    })
    assert.match(mainText((await admin.get(future.headers.location as string)).body), /today or in the past/)

    // The confirmation page, in answer to the POST: the values are in its form's hidden
    // fields, never in an address.
    const confirm = await admin.post(form, {
      'from[day]': '6',
      'from[month]': '1',
      'from[year]': '2026',
      reason: 'Laptop stolen ',
    })
    assert.equal(confirm.statusCode, 200)
    assert.equal(confirm.headers.location, undefined, 'no redirect carries the reason')
    assert.equal(confirm.headers['cache-control'], 'no-store')
    assert.match(mainText(confirm.body), /Mark key 1 as compromised\?/)
    assert.match(mainText(confirm.body), /6 January 2026/)
    const confirmForm = parse(confirm.body).querySelector(`form[action="${form}/confirm"]`)
    assert.ok(confirmForm, 'the confirm form posts to the final action')
    const hidden = Object.fromEntries(
      confirmForm
        .querySelectorAll('input[type="hidden"]')
        .map((input) => [input.getAttribute('name'), input.getAttribute('value')])
        .filter(([name]) => name !== '_csrf'),
    )
    assert.deepEqual(hidden, { from: '2026-01-06', reason: 'Laptop stolen' })
    assert.ok(!confirm.body.includes('/confirm?'), 'no link carries the values either')
    assert.ok(hrefs(confirm.body).includes(form), 'a link back to the form')
    const vm = `${t.services.issuers.did(providerId)}#key-1`
    assert.equal(await t.services.issuers.keyCompromise(vm), null, 'nothing done before confirming')

    const done = await admin.post(`${form}/confirm`, { from: '2026-01-06', reason: 'Laptop stolen' })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/admin/issuers/${providerId}`)
    const after = await admin.get(`/admin/issuers/${providerId}`)
    assert.match(mainText(after.body), /Key 1 marked compromised from 6 January 2026/)
    assert.match(mainText(after.body), /compromised from 6 January 2026/)

    const compromise = await t.services.issuers.keyCompromise(vm)
    // The start of 6 January 2026 in the UK (GMT then).
    assert.deepEqual(compromise, { compromisedFrom: new Date('2026-01-06T00:00:00Z') })
    assert.equal(await t.services.issuers.keyCompromise(`${t.services.issuers.did(providerId)}#key-2`), null)
    assert.equal(await t.services.issuers.keyCompromise('did:web:elsewhere.example:issuers:x#key-1'), null)

    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'after', 'actor_label'])
      .where('action', '=', 'issuer.key_compromised')
      .executeTakeFirstOrThrow()
    assert.equal(event.entity_id, providerId)
    assert.equal(event.actor_label, 'keys.admin@example.org')
    assert.match(JSON.stringify(event.after), /Laptop stolen/)

    const did = JSON.parse(
      (await t.app.inject({ method: 'GET', url: `/issuers/${providerId}/did.json` })).body,
    )
    assert.ok(
      did.verificationMethod.some((m: { id: string }) => m.id === vm),
      'kept: what it signed before still verifies',
    )
    const again = await admin.post(`${form}/confirm`, { from: '2026-01-01', reason: 'x' })
    assert.equal(again.headers.location, form)
    assert.match(mainText((await admin.get(form)).body), /already marked compromised/)
  })

  it('tells when the platform signed an award’s credential', async () => {
    assert.equal(
      await t.services.issuers.awardCredentialIssuedAt('00000000-0000-4000-8000-000000000000'),
      null,
    )
    assert.equal(await t.services.issuers.awardCredentialIssuedAt('not-a-uuid'), null)
  })
})
