// Verification at /verify, /verify/awards/:id and POST /api/v1/verify: a good, a tampered, a
// revoked, a suspended and an expired credential, a wrong key, both forms (Data Integrity and
// JWT), credentials signed by independent implementations, and the holder's address.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { CompactSign, compactVerify, importJWK } from 'jose'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { Agent } from '../../../test/support/agent.ts'
import { didKeySigner } from '../../../test/support/credentials.ts'
import { documentLoader, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../../domain/credentials/contexts.ts'
import { publicKeyMultibase, rawFromMultibase, rawPublicKey } from '../../domain/credentials/multikey.ts'
import { DEMO_ORGANISATION } from '../../services/accounts.ts'
import { demoActor, seedDemoProcess } from '../../services/demo-process.ts'
import { seedDemoProvider } from '../../services/demo-provider.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let awards: Array<{ id: string; row_version: number; email: string }>

const credentialOf = async (awardId: string) =>
  JSON.parse((await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body) as Json
const api = async (body: object) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: body })
  return { status: res.statusCode, body: JSON.parse(res.body) as Json }
}
const check = (result: Json, name: string) => result.checks.find((c: Json) => c.name === name)

/** A credential from another body, signed by the independent implementation with a did:key. */
async function elsewhere(extra: Json = {}) {
  const { did, signer } = await didKeySigner()
  return vc.issue({
    credential: {
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: did, type: ['Profile'], name: 'A royal college' },
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://college.example/curricula/acute-medicine',
          type: ['Achievement'],
          name: 'Acute medicine curriculum',
          description: 'A curriculum of another body.',
          criteria: { narrative: 'Completed.' },
        },
      },
      ...extra,
    },
    suite: new DataIntegrityProof({ signer, cryptosuite }),
    documentLoader,
  })
}

before(async () => {
  t = await createTestApp()
  await t.services.accounts.createDemoAccounts()
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  awards = await t.database.db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .select(['a.id', 'a.row_version', 'l.email'])
    .where('a.organisation_id', '=', organisation.id)
    .orderBy('l.family_name')
    .execute()
  visitor = new Agent(t.app)
})
after(() => t.close())

describe('verifying credentials', () => {
  it('says a good credential is valid: who issued it, for what, approved on the award date', async () => {
    const { status, body } = await api({ credential: await credentialOf(awards[0]!.id) })
    assert.equal(status, 200)
    assert.equal(body.verified, true, JSON.stringify(body.checks))
    assert.equal(body.format, 'data-integrity')
    assert.deepEqual([body.issuer.name, body.issuer.ours], [DEMO_ORGANISATION, true])
    assert.match(body.achievement.name, /Frailty/)
    assert.deepEqual(
      body.checks.map((c: Json) => [c.name, c.ok]),
      [
        ['signature', true],
        ['dates', true],
        ['revocation', true],
        ['suspension', true],
        ['approval', true],
      ],
    )

    const page = await visitor.submit('/verify', '/verify', {
      credential: JSON.stringify(await credentialOf(awards[0]!.id)),
    })
    assert.equal(page.page.statusCode, 200)
    assert.match(page.page.body, /<h1>This credential is valid<\/h1>/)
    assert.match(page.page.body, new RegExp(DEMO_ORGANISATION))
  })

  it('matches the holder only when the right address is given', async () => {
    const credential = await credentialOf(awards[0]!.id)
    const right = await api({ credential, email: awards[0]!.email.toUpperCase() })
    assert.equal(check(right.body, 'holder').ok, true)
    const wrong = await api({ credential, email: 'someone.else@example.org' })
    assert.equal(check(wrong.body, 'holder').ok, false)
    assert.equal(wrong.body.verified, true, 'the credential itself is still genuine')
    const page = await visitor.submit(`/verify/awards/${awards[0]!.id}`, `/verify/awards/${awards[0]!.id}`, {
      email: awards[0]!.email,
    })
    assert.match(page.page.body, new RegExp(`Awarded to ${awards[0]!.email.replace('.', '\\.')}`))
  })

  it('fails a tampered credential, and one whose proof names another key', async () => {
    const credential = await credentialOf(awards[0]!.id)
    credential.credentialSubject.achievement.name = 'Consultant in everything'
    const tampered = await api({ credential })
    assert.equal(tampered.body.verified, false)
    assert.match(check(tampered.body, 'signature').message, /changed after it was signed/)

    const other = await credentialOf(awards[1]!.id)
    const swapped = { ...(await credentialOf(awards[0]!.id)) }
    swapped.proof = {
      ...swapped.proof,
      verificationMethod: `${t.services.issuers.did(other.issuer.id.split(':').pop())}#key-9`,
    }
    const wrongKey = await api({ credential: swapped })
    assert.equal(wrongKey.body.verified, false)
    assert.match(check(wrongKey.body, 'signature').message, /cannot be found/)

    const page = await visitor.submit('/verify', '/verify', { credential: JSON.stringify(credential) })
    assert.match(page.page.body, /<h1>This credential is not valid<\/h1>/)
  })

  it('fails a revoked credential and a suspended one, each saying so', async () => {
    const admin = { ...(await demoActor(t.database.db, t.services, 'centre-admin')), organisationIds: [] }
    const [first, second] = awards
    await t.services.awards.changeAwardStatus(
      second!.id,
      second!.row_version,
      'suspend',
      'Under investigation',
      admin,
    )
    const suspended = await api({ credential: await credentialOf(second!.id) })
    assert.equal(suspended.body.verified, false)
    assert.equal(check(suspended.body, 'suspension').message, 'The issuer has suspended this credential')
    assert.equal(check(suspended.body, 'revocation').ok, true)

    await t.services.awards.changeAwardStatus(
      first!.id,
      first!.row_version,
      'revoke',
      'Awarded in error',
      admin,
    )
    const revoked = await api({ credential: await credentialOf(first!.id) })
    assert.equal(revoked.body.verified, false)
    assert.equal(check(revoked.body, 'revocation').message, 'The issuer has revoked this credential')
    const page = await visitor.get(`/verify/awards/${first!.id}`)
    assert.match(page.body, /The issuer has revoked this credential/)
  })

  it('verifies another issuer’s credential through its did:key, and fails it once expired', async () => {
    const good = await api({ credential: await elsewhere({ validUntil: '2099-01-01T00:00:00Z' }) })
    assert.equal(good.body.verified, true, JSON.stringify(good.body.checks))
    assert.equal(good.body.issuer.ours, false)
    assert.equal(check(good.body, 'approval').ok, null)
    const expired = await api({ credential: await elsewhere({ validUntil: '2025-06-01T00:00:00Z' }) })
    assert.equal(expired.body.verified, false)
    assert.equal(check(expired.body, 'dates').message, 'Expired on 2025-06-01T00:00:00Z')
  })

  it('issues the JWT form, which jose verifies with the key in the DID document, and verifies JWTs signed elsewhere', async () => {
    const awardId = awards[1]!.id
    const res = await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential.jwt` })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/vc\+jwt/)
    const jwt = res.body
    const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as Json
    assert.equal(header.typ, 'vc+jwt')
    const did = (header.kid as string).split('#')[0]!
    const document = JSON.parse(
      (await t.app.inject({ method: 'GET', url: `/issuers/${did.split(':').pop()}/did.json` })).body,
    ) as Json
    const method = document.verificationMethod.find((m: Json) => m.id === header.kid)
    const x = Buffer.from(rawFromMultibase(method.publicKeyMultibase)!).toString('base64url')
    const { payload } = await compactVerify(jwt, await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA'))
    const credential = JSON.parse(new TextDecoder().decode(payload)) as Json
    const { proof, ...unsecured } = (await credentialOf(awardId)) as Json
    assert.ok(proof, 'the stored credential has its Data Integrity proof')
    assert.deepEqual(credential, unsecured, 'the JWT holds the stored credential without its proof')
    assert.equal(credential.proof, undefined, 'the JWT is the proof')

    const ours = await api({ credential: jwt })
    assert.equal(ours.body.format, 'jwt')
    assert.equal(check(ours.body, 'signature').ok, true)
    const [head, body] = jwt.split('.')
    const changed = `${head}.${Buffer.from(JSON.stringify({ ...credential, name: 'Other' })).toString('base64url')}.${jwt.split('.')[2]}`
    assert.equal(check((await api({ credential: changed })).body, 'signature').ok, false)
    assert.ok(body)

    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const key = publicKeyMultibase(rawPublicKey(publicKey))
    const theirs = await new CompactSign(
      new TextEncoder().encode(
        JSON.stringify({
          '@context': [VC_V2_CONTEXT],
          type: ['VerifiableCredential'],
          issuer: `did:key:${key}`,
          validFrom: '2025-01-01T00:00:00Z',
          credentialSubject: { id: 'did:example:holder' },
        }),
      ),
    )
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `did:key:${key}#${key}` })
      .sign(privateKey)
    const elsewhereResult = await api({ credential: theirs })
    assert.equal(elsewhereResult.body.verified, true, JSON.stringify(elsewhereResult.body.checks))
  })

  it('reads an uploaded file, and explains what it cannot read', async () => {
    const credential = JSON.stringify(await credentialOf(awards[1]!.id))
    await visitor.get('/verify')
    const boundary = '----verify'
    const res = await t.app.inject({
      method: 'POST',
      url: '/verify',
      headers: { cookie: visitor.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${visitor.csrfToken}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="credential.json"\r\nContent-Type: application/json\r\n\r\n${credential}\r\n`,
        `--${boundary}--\r\n`,
      ].join(''),
    })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1>This credential is/)

    const huge = await t.app.inject({
      method: 'POST',
      url: '/verify',
      headers: { cookie: visitor.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${visitor.csrfToken}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\nContent-Type: application/json\r\n\r\n${' '.repeat(1_100_000)}\r\n`,
        `--${boundary}--\r\n`,
      ].join(''),
    })
    assert.equal(huge.statusCode, 303)
    assert.match((await visitor.get('/verify')).body, /The selected file must be smaller than 1MB/)

    const empty = await visitor.submit('/verify', '/verify', { credential: '  ' })
    assert.match(empty.page.body, /Paste the credential, or choose its file/)
    const nonsense = await visitor.submit('/verify', '/verify', { credential: 'hello' })
    assert.match(nonsense.page.body, /This is not a credential/)
    // An address shaped like one of our awards' but not a real identifier is simply not ours.
    const odd = await api({
      credential: { ...(await elsewhere()), id: `${TEST_BASE_URL}/awards/${'-'.repeat(36)}/credential` },
    })
    assert.equal(odd.status, 200)
    assert.equal(check(odd.body, 'approval').ok, null)
    const refused = await api({ credential: 'hello' })
    assert.equal(refused.status, 422)
    assert.match(refused.body.detail ?? refused.body.title, /not a credential/)
    assert.equal((await api({})).status, 400)
    assert.equal((await api({ credential: {}, extra: 1 })).status, 400)
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/verify/awards/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
      404,
    )
  })
})
