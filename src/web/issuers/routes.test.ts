// Issuers' keys and their public documents: a registered provider can sign at once, anyone can
// resolve its DID document (which an independent implementation accepts), and rotating keeps
// what the earlier key signed verifiable.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, testConfig, type TestApp } from '../../../test/support/app.ts'
import type { Agent } from '../../../test/support/agent.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../../domain/credentials/contexts.ts'
import { appDocumentLoader } from '../../../test/support/credentials.ts'
import { addProof, checkProof, type JsonObject } from '../../domain/credentials/data-integrity.ts'
import { openPrivateKey } from '../../domain/credentials/sealed-key.ts'
import { createIssuersService } from '../../services/issuers.ts'
import { attributesOf, mainText } from '../../../test/support/html.ts'

let t: TestApp
let admin: Agent
let providerId: string

const credential = (issuer: string): JsonObject => ({
  '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: issuer, type: ['Profile'], name: 'University of Northfield' },
  validFrom: '2026-07-31T00:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://credentials.example.test/achievements/frailty/1',
      type: ['Achievement'],
      name: 'Frailty in older people',
      description: 'Advanced practice in frailty.',
      criteria: { narrative: 'Passed.' },
    },
  },
})

const appLoader = appDocumentLoader(() => t)

before(async () => {
  t = await createTestApp()
  await createAccount(t, 'admin@example.org', [{ role: 'centre_admin' }])
  admin = await signedIn(t, 'admin@example.org')
  providerId = await t.services.providers.createProvider(
    { name: 'University of Northfield', kind: 'university', ukprn: '', region: 'north_west', website: '' },
    { userId: null, label: 'test', ip: null },
  )
})
after(() => t.close())

describe('issuers and their keys', () => {
  it('gives a provider a signing key when it is registered, kept encrypted', async () => {
    const keys = await t.services.issuers.keys(providerId)
    assert.deepEqual(
      keys.map((k) => [k.number, k.retiredAt]),
      [[1, null]],
    )
    const row = await t.database.db
      .selectFrom('issuer_key')
      .selectAll()
      .where('organisation_id', '=', providerId)
      .executeTakeFirstOrThrow()
    const key = await t.services.issuers.signingKey(providerId)
    const der = key.privateKey.export({ format: 'der', type: 'pkcs8' })
    assert.ok(
      !Buffer.from(row.private_key_sealed).includes(der.subarray(16)),
      'the private key is not stored in clear',
    )
    const otherMaster = testConfig({ CREDENTIAL_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') })
    assert.throws(() =>
      openPrivateKey(row.private_key_sealed, otherMaster.credentialMasterKey, `${providerId}#key-1`),
    )
    assert.throws(
      () => openPrivateKey(row.private_key_sealed, testConfig().credentialMasterKey, `${providerId}#key-2`),
      'a sealed key moved to another key number does not open',
    )
    await assert.rejects(
      createIssuersService(t.database.db, otherMaster, t.services.clock).signingKey(providerId),
      'a platform with another master key cannot sign',
    )
  })

  it('publishes a did:web DID document and an Open Badges Profile, answering 404 for anything else', async () => {
    const did = t.services.issuers.did(providerId)
    assert.equal(did, `did:web:credentials.example.test:issuers:${providerId}`)
    const res = await t.app.inject({ method: 'GET', url: `/issuers/${providerId}/did.json` })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/did\+ld\+json/)
    assert.match(res.headers['cache-control'] as string, /max-age=300/)
    const document = JSON.parse(res.body)
    assert.equal(document.id, did)
    assert.deepEqual(document.assertionMethod, [`${did}#key-1`])
    assert.equal(document.verificationMethod[0].type, 'Multikey')
    assert.match(document.verificationMethod[0].publicKeyMultibase, /^z6Mk/)

    const profile = JSON.parse((await t.app.inject({ method: 'GET', url: `/issuers/${providerId}` })).body)
    assert.deepEqual(
      { id: profile.id, type: profile.type, name: profile.name },
      { id: did, type: ['Profile'], name: 'University of Northfield' },
    )

    const unknown = '00000000-0000-4000-8000-000000000000'
    assert.equal((await t.app.inject({ method: 'GET', url: `/issuers/${unknown}/did.json` })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: `/issuers/${unknown}` })).statusCode, 404)
  })

  it('signs credentials that the independent implementation verifies through the DID document', async () => {
    const key = await t.services.issuers.signingKey(providerId)
    const signed = await addProof(credential(t.services.issuers.did(providerId)), key, new Date())
    const result = await vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: appLoader,
    })
    assert.equal(result.verified, true, JSON.stringify(result.error, null, 1))
    assert.equal((await checkProof(signed, (m) => t.services.issuers.resolveKey(m))).ok, true)
  })

  it('rotates the key from the provider page: new credentials use the new key, earlier ones still verify', async () => {
    const before = await addProof(
      credential(t.services.issuers.did(providerId)),
      await t.services.issuers.signingKey(providerId),
      new Date(),
    )
    const page = await admin.get(`/admin/providers/${providerId}`)
    assert.match(mainText(page.body), /Key 1, made .*: signs new credentials/)
    const { posted, page: shown } = await admin.submit(
      `/admin/providers/${providerId}`,
      `/admin/issuers/${providerId}/rotate-key`,
      {},
    )
    assert.equal(posted.statusCode, 303)
    assert.match(mainText(shown.body), /Signing key 2 made/)

    const key = await t.services.issuers.signingKey(providerId)
    assert.match(key.verificationMethod, /#key-2$/)
    const document = JSON.parse(
      (await t.app.inject({ method: 'GET', url: `/issuers/${providerId}/did.json` })).body,
    )
    assert.deepEqual(
      document.assertionMethod.map((m: string) => m.split('#')[1]),
      ['key-1', 'key-2'],
    )
    assert.equal((await checkProof(before, (m) => t.services.issuers.resolveKey(m))).ok, true)
    const result = await vc.verifyCredential({
      credential: before,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: appLoader,
    })
    assert.equal(result.verified, true, 'the independent implementation still accepts the earlier key')

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', providerId)
      .where('action', '=', 'issuer.key_rotated')
      .execute()
    assert.equal(audit.length, 1)
  })

  it('makes keys at start for the Centre and any organisation without one, once', async () => {
    const made = await t.services.issuers.ensureKeys()
    assert.ok(made >= 1, 'the Centre has its key')
    assert.equal(await t.services.issuers.ensureKeys(), 0)
    const centre = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    assert.equal((await t.services.issuers.keys(centre.id)).length, 1)
    assert.equal(
      await t.services.issuers.resolveKey(`did:web:elsewhere.example:issuers:${centre.id}#key-1`),
      null,
    )
  })

  it('lists every issuer for Centre admins, the Centre first, and rotates the Centre’s own key', async () => {
    await t.services.issuers.ensureKeys()
    const page = await admin.get('/admin/issuers')
    assert.equal(page.statusCode, 200)
    const names = attributesOf(page.body, 'tr.nhsuk-table__row[id^="issuer-"]', 'id').map((id) =>
      id.slice('issuer-'.length),
    )
    const centre = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    assert.equal(names[0], centre.id, 'the Centre first')
    assert.ok(names.includes(providerId))
    const { posted, page: shown } = await admin.submit(
      '/admin/issuers',
      `/admin/issuers/${centre.id}/rotate-key`,
      {},
    )
    assert.equal(posted.headers.location, '/admin/issuers')
    assert.match(mainText(shown.body), /Signing key 2 made/)
    assert.match(mainText(shown.body), /key 2, made/)
  })
})
