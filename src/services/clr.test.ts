// A practitioner's CLR 2.0 as the Centre signs it: Digital Bazaar's vc library (the independent
// implementation) verifies it and each award inside it, the awards inside are the stored ones
// unchanged, and the platform's verifier gives one verdict for the record and one per award.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { appDocumentLoader } from '../../test/support/credentials.ts'
import { practitionerWithDemoAwards } from '../../test/support/practitioners.ts'
import { CLR_V2_CONTEXT } from '../domain/credentials/contexts.ts'
import { identityHash } from '../domain/credentials/open-badges.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let userId: string
let awardIds: string[]
const email = 'priya.clr@example.org'
const actor = () => ({ userId, label: 'test', ip: null })

const appLoader = appDocumentLoader(() => t)
const suite = () => new DataIntegrityProof({ cryptosuite })
const verifyElsewhere = (credential: Json) =>
  vc.verifyCredential({
    credential,
    suite: suite(),
    documentLoader: appLoader,
    checkStatus: (options: object) =>
      checkStatus({ ...options, documentLoader: appLoader, suite: suite(), verifyMatchingIssuers: true }),
  })

const stored = async (awardId: string) =>
  (
    await t.database.db
      .selectFrom('award_credential')
      .select('credential')
      .where('award_id', '=', awardId)
      .executeTakeFirstOrThrow()
  ).credential

const download = async (): Promise<Json> => {
  const clr = await t.services.clr.download(actor(), { email, displayName: 'Priya' })
  assert.ok(clr)
  return clr
}

before(async () => {
  t = await createTestApp()
  ;({ userId, awardIds } = await practitionerWithDemoAwards(t, email))
  assert.equal(awardIds.length, 2)
  await t.services.portfolio.saveProfile(
    actor(),
    {
      givenName: 'Priya',
      familyName: 'Shah',
      profession: 'Nurse',
      regulator: 'NMC',
      registrationNumber: '09B2345C',
      region: 'london',
      employer: '',
    },
    null,
  )
  await t.services.portfolio.addActivity(
    actor(),
    {
      title: 'Deprescribing webinar',
      day: '1',
      month: '4',
      year: '2026',
      hours: '1.5',
      type: 'self_directed',
      reflection: 'STOPP/START criteria.',
      capabilities: ['1.6'],
    },
    { filename: 'certificate.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
  )
})

after(async () => {
  await t?.close()
})

describe('a practitioner’s Comprehensive Learner Record', () => {
  it('is a ClrCredential the Centre signed, which the independent library verifies, as each award inside it', async () => {
    const before = Math.floor(t.services.clock.now().getTime() / 1000) * 1000
    const clr = await download()
    const after = t.services.clock.now().getTime()
    assert.deepEqual(clr.type, ['VerifiableCredential', 'ClrCredential'])
    assert.ok(clr['@context'].includes(CLR_V2_CONTEXT))
    assert.equal(clr.name, 'Comprehensive Learner Record of Priya Shah')
    // Valid from the moment it was made, to the second.
    assert.match(clr.validFrom, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.ok(before <= Date.parse(clr.validFrom) && Date.parse(clr.validFrom) <= after, clr.validFrom)
    const centre = await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'centre')
      .executeTakeFirstOrThrow()
    assert.equal(clr.issuer.id, t.services.issuers.did(centre.id))
    assert.equal(clr.proof.cryptosuite, 'eddsa-rdfc-2022')
    assert.ok(clr.proof.verificationMethod.startsWith(`${clr.issuer.id}#`))

    const subject = clr.credentialSubject
    assert.deepEqual(subject.type, ['ClrSubject'])
    const identities = subject.identifier.map((i: Json) => [i.identityType, i.identityHash])
    assert.deepEqual(identities.slice(0, 1), [['name', 'Priya Shah']])
    assert.deepEqual(identities[2], ['ext:ProfessionalRegistrationNumber', 'NMC 09B2345C'])
    const hashed = subject.identifier[1]
    assert.equal(hashed.identityHash, identityHash(email, hashed.salt))

    // The awards inside are the credentials their provider signed, unchanged.
    assert.equal(subject.verifiableCredential.length, 2)
    for (const [i, id] of awardIds.entries())
      assert.deepEqual(subject.verifiableCredential[i], await stored(id))

    const [activity] = subject.achievement
    assert.equal(activity.name, 'Deprescribing webinar')
    assert.match(activity.description, /1\.5 hours on 1 April 2026, with evidence: certificate\.pdf/)
    assert.equal(activity.alignment[0].targetCode, '1.6')
    assert.equal(clr.evidence.length, 1)
    assert.equal(clr.evidence[0].name, 'certificate.pdf')
    assert.match(clr.evidence[0].description, /Deprescribing webinar/)

    const whole = await verifyElsewhere(clr)
    assert.ok(whole.verified, JSON.stringify(whole.error ?? whole, null, 2))
    for (const inner of subject.verifiableCredential) {
      const result = await verifyElsewhere(inner)
      assert.ok(result.verified, JSON.stringify(result.error ?? result, null, 2))
    }
  })

  it('is valid to the platform’s verifier, with each award inside valid', async () => {
    const clr = await download()
    const result = await t.services.verification.verify(JSON.stringify(clr))
    assert.equal(result.verdict, 'valid', JSON.stringify(result, null, 2))
    assert.equal(result.record?.kind, 'clr')
    assert.deepEqual(
      result.record?.credentials.map((c) => c.verdict),
      ['valid', 'valid'],
    )
    assert.equal(result.record?.achievements, 1)
  })

  it('is not valid once an award inside is changed, which the independent library also sees', async () => {
    const clr = await download()
    const tampered = structuredClone(clr)
    tampered.credentialSubject.verifiableCredential[1].credentialSubject.identifier[0].identityHash =
      'Someone Else'
    const result = await t.services.verification.verify(JSON.stringify(tampered))
    assert.equal(result.verdict, 'not-valid')
    assert.deepEqual(
      result.record?.credentials.map((c) => c.verdict),
      ['valid', 'not-valid'],
    )
    const inner = await verifyElsewhere(tampered.credentialSubject.verifiableCredential[1])
    assert.equal(inner.verified, false)
    // The CLR's own signature covers what it carries, so it fails too.
    assert.equal((await verifyElsewhere(tampered)).verified, false)
  })

  it('is refused, unread, when it carries more credentials than the check takes', async () => {
    const clr = await download()
    const crowded = {
      ...clr,
      credentialSubject: {
        ...clr.credentialSubject,
        verifiableCredential: Array.from({ length: 101 }, () => ({})),
      },
    }
    const result = await t.services.verification.verify(crowded)
    assert.equal(result.verdict, 'not-valid')
    assert.match(result.problem ?? '', /more than 100 credentials/)
  })

  it('leaves out a revoked award, and records each download in the audit trail', async () => {
    const [first, second] = awardIds
    assert.ok(first && second)
    await t.database.db
      .updateTable('award')
      .set({ status: 'revoked', status_reason: 'A test' })
      .where('id', '=', first)
      .execute()
    try {
      const clr = await download()
      assert.deepEqual(clr.credentialSubject.verifiableCredential, [await stored(second)])
      assert.ok((await verifyElsewhere(clr)).verified)
    } finally {
      await t.database.db
        .updateTable('award')
        .set({ status: 'active', status_reason: null })
        .where('id', '=', first)
        .execute()
    }
    const events = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('actor_user_id', '=', userId)
      .where('action', '=', 'practitioner.clr_downloaded')
      .execute()
    assert.ok(events.length >= 4)
  })
})
