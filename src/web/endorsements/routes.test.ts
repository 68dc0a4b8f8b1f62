// The Centre's endorsements with a status: each EndorsementCredential has an entry in a
// revocation list of the Centre's, which Digital Bazaar's libraries (used only in tests)
// resolve through the app; withdrawing sets its bit, ending signs it again with validUntil.
// Both are a Centre admin's, with a reason and a confirmation, and audited.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { appDocumentLoader } from '../../../test/support/credentials.ts'
import { insertPublishedExample, type PublishedExample } from '../../../test/support/publication.ts'
import { canonicalNQuads, canonicalNQuadsByJsonld } from '../../domain/credentials/canonical.ts'
import { createDemoAccounts } from '../../db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../db/seed/demo-process.ts'
import { hrefs, mainText, rowVersionIn } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let admin: Agent
let example: PublishedExample

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers })
const appLoader = appDocumentLoader(() => t)
const suite = () => new DataIntegrityProof({ cryptosuite })
const verifyElsewhere = (credential: Json, now?: Date) =>
  vc.verifyCredential({
    credential,
    suite: suite(),
    documentLoader: appLoader,
    ...(now ? { now } : {}),
    checkStatus: (options: object) =>
      checkStatus({ ...options, documentLoader: appLoader, suite: suite(), verifyMatchingIssuers: true }),
  })
const revoked = async (credential: Json) => {
  const status = await checkStatus({ credential, documentLoader: appLoader, suite: suite() })
  assert.equal(status.verified, true, JSON.stringify(status.error))
  return status.results![0]!.status
}
const versionId = (slug: string, number: number) =>
  t.database.db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select('v.id')
    .where('c.slug', '=', slug)
    .where('v.number', '=', number)
    .executeTakeFirstOrThrow()
    .then((r) => r.id)
/** The hidden fields (but the CSRF token) of the form that posts to the action, by name. */
const hiddenFields = (html: string, action: string) => {
  const form = parse(html).querySelector(`form[action="${action}"]`)
  assert.ok(form, `a form posting to ${action}`)
  return Object.fromEntries(
    form
      .querySelectorAll('input[type="hidden"]')
      .map((input) => [input.getAttribute('name'), input.getAttribute('value')])
      .filter(([name]) => name !== '_csrf'),
  )
}
const endorsementOf = async (slug: string, number: number) => {
  const res = await get(`/achievements/${slug}/${number}/endorsement`)
  assert.equal(res.statusCode, 200, res.body)
  return JSON.parse(res.body) as Json
}

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await createAccount(t, 'endorsement.admin@example.org', [{ role: 'centre_admin' }])
  admin = await signedIn(t, 'endorsement.admin@example.org')
  example = await insertPublishedExample(t)
})
after(() => t.close())

describe('endorsements with a status', () => {
  it('makes the record, with an entry in a list of the Centre’s, when a version is endorsed', async () => {
    const rows = await t.database.db
      .selectFrom('endorsement as e')
      .innerJoin('status_list as l', 'l.id', 'e.status_list_id')
      .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
      .select(['e.status_index', 'l.holds', 'o.kind'])
      .orderBy('e.status_index')
      .execute()
    assert.ok(rows.length > 0, 'the demo process’s decisions made records')
    for (const [i, row] of rows.entries()) {
      assert.deepEqual([row.status_index, row.holds, row.kind], [i, 'endorsements', 'centre'])
    }
  })

  it('puts a revocation entry in the endorsement, which the independent implementation verifies', async () => {
    const endorsement = await endorsementOf(example.slug, 2)
    const [entry, ...more] = endorsement.credentialStatus as Json[]
    assert.equal(more.length, 0)
    assert.equal(entry!.type, 'BitstringStatusListEntry')
    assert.equal(entry!.statusPurpose, 'revocation')
    assert.match(entry!.statusListCredential, new RegExp(`^${TEST_BASE_URL}/status/\\d+/revocation$`))
    assert.equal(entry!.id, `${entry!.statusListCredential}#${entry!.statusListIndex}`)
    const result = await verifyElsewhere(endorsement)
    assert.equal(result.verified, true, JSON.stringify(result.error ?? result, null, 1))
    assert.equal(await revoked(endorsement), false)
    // The fast canonical form agrees with jsonld's for the new shape (once seen, and after).
    const unsigned = { ...endorsement }
    delete unsigned.proof
    for (let i = 0; i < 2; i++)
      assert.equal(await canonicalNQuads(unsigned), await canonicalNQuadsByJsonld(unsigned))
    // The record was made on first reading (the example was written straight to the database).
    assert.deepEqual(await t.services.awardCredentials.endorsementRecord(example.slug, 2), {
      withdrawnAt: null,
      withdrawalReason: null,
      endedOn: null,
    })
    // Reading again gives the same document.
    assert.deepEqual(await endorsementOf(example.slug, 2), endorsement)
    assert.equal(await t.services.awardCredentials.endorsementRecord(example.slug, 3), null, 'a draft')
    assert.equal(await t.services.awardCredentials.endorsementRecord('no-such-credential', 1), null)
  })

  it('withdraws only with a reason and a confirmation; then the bit is set and it is audited', async () => {
    const endorsement = await endorsementOf(example.slug, 2)
    const listPath = (endorsement.credentialStatus[0].statusListCredential as string).slice(
      TEST_BASE_URL.length,
    )
    const etag = (await get(listPath)).headers.etag as string
    const id = await versionId(example.slug, 2)
    const form = `/admin/endorsements/${id}/withdraw`

    const list = await admin.get('/admin/endorsements')
    assert.equal(list.statusCode, 200)
    assert.match(mainText(list.body), /Frailty in the community, version 2/)
    assert.ok(list.body.includes(form))

    const page = await admin.get(form)
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), /Withdraw: every award made under this version is no longer valid/)
    assert.match(
      mainText(page.body),
      /End at the next version: awards made on or before \d{1,2} [A-Z][a-z]+ \d{4} stay valid/,
    )
    const rowVersion = rowVersionIn(page.body)

    // No reason: back to the form with the error.
    const noReason = await admin.post(form, { rowVersion, action: 'withdraw', reason: '  ' })
    assert.equal(noReason.statusCode, 303)
    assert.equal(noReason.headers.location, form)
    assert.match(mainText((await admin.get(form)).body), /Enter the reason/)
    const noChoice = await admin.post(form, { rowVersion, reason: 'Found wanting' })
    assert.match(mainText((await admin.get(noChoice.headers.location as string)).body), /Select what to do/)

    // The confirmation page, in answer to the POST: the values are in its form's hidden
    // fields, never in an address; nothing is done until it is confirmed.
    const confirm = await admin.post(form, {
      rowVersion,
      action: 'withdraw',
      reason: '  Criteria not met after all ',
    })
    assert.equal(confirm.statusCode, 200)
    assert.equal(confirm.headers.location, undefined, 'no redirect carries the reason')
    assert.equal(confirm.headers['cache-control'], 'no-store')
    assert.match(mainText(confirm.body), /Withdraw the endorsement\?/)
    assert.match(mainText(confirm.body), /This cannot be undone/)
    assert.deepEqual(hiddenFields(confirm.body, `${form}/confirm`), {
      rowVersion,
      action: 'withdraw',
      reason: 'Criteria not met after all',
    })
    assert.ok(!confirm.body.includes('/confirm?'), 'no link carries the values either')
    assert.ok(hrefs(confirm.body).includes(form), 'a link back to the form')
    assert.equal((await t.services.endorsements.find(id))!.state, 'active')
    assert.equal((await get(listPath, { 'if-none-match': etag })).statusCode, 304)

    const done = await admin.post(`${form}/confirm`, {
      rowVersion,
      action: 'withdraw',
      reason: 'Criteria not met after all',
    })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, '/admin/endorsements')
    assert.match(mainText((await admin.get('/admin/endorsements')).body), /withdrawn/)

    const record = await t.services.awardCredentials.endorsementRecord(example.slug, 2)
    assert.ok(record?.withdrawnAt instanceof Date)
    assert.equal(record.withdrawalReason, 'Criteria not met after all')
    assert.equal(record.endedOn, null)

    const served = await get(listPath, { 'if-none-match': etag })
    assert.equal(served.statusCode, 200, 'the list changed, so it is sent again')
    assert.notEqual(served.headers.etag, etag)
    assert.equal(await revoked(await endorsementOf(example.slug, 2)), true)

    const event = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_label', 'entity_id', 'after'])
      .where('action', '=', 'endorsement.withdrawn')
      .executeTakeFirstOrThrow()
    assert.equal(event.entity_id, id)
    assert.equal(event.actor_label, 'endorsement.admin@example.org')
    assert.match(JSON.stringify(event.after), /Criteria not met after all/)

    // Once only.
    const again = await admin.post(`${form}/confirm`, { rowVersion, action: 'end', reason: 'x' })
    assert.equal(again.headers.location, form)
    assert.match(mainText((await admin.get(form)).body), /already been withdrawn/)
    assert.equal((await t.services.endorsements.find(id))!.state, 'withdrawn')
  })

  it('ends at the next version: signed again with validUntil, its bit left clear', async () => {
    const id = await versionId(example.slug, 1)
    const found = await t.services.endorsements.find(id)
    assert.equal(found?.endAtNextVersion, true)
    assert.equal(found.endOn, '2026-06-02', 'the day version 2 was published')
    const before = await endorsementOf(example.slug, 1)
    assert.equal(before.validUntil, undefined)

    const form = `/admin/endorsements/${id}/withdraw`
    await admin.get(form)
    const confirm = await admin.post(form, {
      rowVersion: String(found.rowVersion),
      action: 'end',
      reason: 'Replaced by version 2',
    })
    assert.equal(confirm.statusCode, 200)
    assert.equal(confirm.headers.location, undefined)
    assert.match(mainText(confirm.body), /End the endorsement\?/)
    assert.deepEqual(hiddenFields(confirm.body, `${form}/confirm`), {
      rowVersion: String(found.rowVersion),
      action: 'end',
      reason: 'Replaced by version 2',
    })
    assert.match(mainText(confirm.body), /awards made on or before 2 June 2026 stay valid/)
    const done = await admin.post(`${form}/confirm`, {
      rowVersion: String(found.rowVersion),
      action: 'end',
      reason: 'Replaced by version 2',
    })
    assert.equal(done.statusCode, 303)

    assert.deepEqual(await t.services.awardCredentials.endorsementRecord(example.slug, 1), {
      withdrawnAt: null,
      withdrawalReason: 'Replaced by version 2',
      endedOn: '2026-06-02',
    })
    const ended = await endorsementOf(example.slug, 1)
    assert.equal(ended.validUntil, '2026-06-02T23:59:59Z')
    assert.notEqual(ended.proof.proofValue, before.proof.proofValue, 'signed again')
    assert.equal(await revoked(ended), false)
    const then = await verifyElsewhere(ended, new Date('2026-06-01T12:00:00Z'))
    assert.equal(then.verified, true, JSON.stringify(then.error ?? then, null, 1))
    const now = await verifyElsewhere(ended)
    assert.equal(now.verified, false, 'expired after its last day')
    const event = await t.database.db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'endorsement.ended')
      .executeTakeFirstOrThrow()
    assert.match(JSON.stringify(event.after), /2026-06-02/)
  })

  it('is for Centre admins only, and unknown versions are not found', async () => {
    const id = await versionId(example.slug, 2)
    assert.equal((await get(`/admin/endorsements/${id}/withdraw`)).statusCode, 303, 'to sign in')
    const draft = await versionId(example.slug, 3)
    assert.equal((await admin.get(`/admin/endorsements/${draft}/withdraw`)).statusCode, 404)
  })
})
