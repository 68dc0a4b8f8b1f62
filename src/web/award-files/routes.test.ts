// Awards as verifiable credentials, checked by independent implementations used only here:
// Digital Bazaar's vc library (eddsa-rdfc-2022) and its Bitstring Status List library resolve
// our DID documents and status lists through the app, as a verifier on the internet would.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { failCredentialInserts } from '../../../test/support/award-fixture.ts'
import { appDocumentLoader } from '../../../test/support/credentials.ts'
import { createAccount, signedIn } from '../../../test/support/agent.ts'
import { identityHash } from '../../domain/credentials/open-badges.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { demoActor, seedDemoProcess } from '../../db/seed/demo-process.ts'
import { demoCsv, seedDemoProvider } from '../../db/seed/demo-provider.ts'
import { hrefs, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let organisationId: string

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers })
}

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

const demoAwards = () =>
  t.database.db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .select([
      'a.id',
      'a.row_version',
      'l.email',
      'l.given_name',
      'l.family_name',
      'l.regulator',
      'l.registration_number',
    ])
    .where('a.organisation_id', '=', organisationId)
    .orderBy('l.family_name')
    .execute()

const count = async (table: 'award' | 'award_credential') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  organisationId = (
    await t.database.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', DEMO_ORGANISATION)
      .executeTakeFirstOrThrow()
  ).id
})
after(() => t.close())

describe('awards as verifiable credentials', () => {
  it('issues each award as a signed Open Badges 3.0 credential that the independent implementation verifies', async () => {
    const awards = await demoAwards()
    assert.equal(awards.length, 2)
    const res = await get(`/awards/${awards[0]!.id}/credential`)
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/vc/)
    const credential = JSON.parse(res.body) as Json
    assert.deepEqual(credential.type, ['VerifiableCredential', 'OpenBadgeCredential'])
    assert.equal(credential.id, `${TEST_BASE_URL}/awards/${awards[0]!.id}/credential`)
    assert.equal(credential.issuer.id, t.services.issuers.did(organisationId))
    assert.equal(credential.issuer.name, DEMO_ORGANISATION)
    // The holder as issued: their name and registration as recorded, and a salted hash of the address.
    const [name, identity, registration] = credential.credentialSubject.identifier
    assert.deepEqual(name, {
      type: 'IdentityObject',
      identityType: 'name',
      hashed: false,
      identityHash: `${awards[0]!.given_name} ${awards[0]!.family_name}`,
    })
    assert.equal(identity.identityType, 'emailAddress')
    assert.equal(identity.hashed, true)
    assert.equal(identity.identityHash, identityHash(awards[0]!.email, identity.salt))
    assert.ok(!res.body.includes(awards[0]!.email), 'the address itself is not in the credential')
    assert.deepEqual(registration, {
      type: 'IdentityObject',
      identityType: 'ext:ProfessionalRegistrationNumber',
      hashed: false,
      identityHash: `${awards[0]!.regulator} ${awards[0]!.registration_number}`,
    })
    const { achievement } = credential.credentialSubject
    assert.match(achievement.id, /\/achievements\/[a-z0-9-]+\/2$/)
    assert.ok(achievement.alignment.length > 0, 'aligned to the framework capabilities it maps to')
    assert.deepEqual(
      credential.credentialStatus.map((s: Json) => s.statusPurpose),
      ['revocation', 'suspension'],
    )
    assert.equal(credential.proof.cryptosuite, 'eddsa-rdfc-2022')

    const result = await verifyElsewhere(credential)
    assert.equal(result.verified, true, JSON.stringify(result.error ?? result, null, 1))

    // Each award has its own random entry.
    const other = JSON.parse((await get(`/awards/${awards[1]!.id}/credential`)).body) as Json
    assert.notEqual(other.credentialStatus[0].statusListIndex, credential.credentialStatus[0].statusListIndex)
    assert.equal((await get('/awards/00000000-0000-4000-8000-000000000000/credential')).statusCode, 404)
  })

  it('flips the revocation bit at once when the award is revoked, which the independent check sees', async () => {
    const [award] = await demoAwards()
    const credential = JSON.parse((await get(`/awards/${award!.id}/credential`)).body) as Json
    const listUrl = (credential.credentialStatus[0].statusListCredential as string).slice(
      TEST_BASE_URL.length,
    )
    const first = await get(listUrl)
    assert.equal(first.statusCode, 200)
    assert.match(first.headers['cache-control'] as string, /no-cache/)
    const etag = first.headers.etag as string
    assert.equal((await get(listUrl, { 'if-none-match': etag })).statusCode, 304)
    const list = JSON.parse(first.body) as Json
    assert.deepEqual(list.type, ['VerifiableCredential', 'BitstringStatusListCredential'])
    assert.equal(list.credentialSubject.statusPurpose, 'revocation')

    const admin = { ...(await demoActor(t.database.db, t.services, 'centre-admin')), organisationIds: [] }
    await t.services.awards.changeAwardStatus(
      award!.id,
      award!.row_version,
      'revoke',
      'Awarded in error',
      admin,
      'issued_in_error',
    )

    const after = await get(listUrl, { 'if-none-match': etag })
    assert.equal(after.statusCode, 200, 'the list changed, so it is sent again')
    assert.notEqual(after.headers.etag, etag)
    const status = await checkStatus({ credential, documentLoader: appLoader, suite: suite() })
    assert.equal(status.verified, true, JSON.stringify(status.error))
    assert.deepEqual(
      status.results!.map((r) => [r.credentialStatus.statusPurpose, r.status]),
      [
        ['revocation', true],
        ['suspension', false],
      ],
    )
    // (The vc library leaves what a set bit means to the verifier: its check reports the bit.)
  })

  it('publishes each version as an Open Badges Achievement at a stable address', async () => {
    const credential = JSON.parse(
      (await get(`/awards/${(await demoAwards())[1]!.id}/credential`)).body,
    ) as Json
    const path = (credential.credentialSubject.achievement.id as string).slice(TEST_BASE_URL.length)
    const res = await get(path)
    assert.equal(res.statusCode, 200)
    const document = JSON.parse(res.body) as Json
    assert.deepEqual(document.type, ['Achievement'])
    assert.deepEqual(document.alignment, credential.credentialSubject.achievement.alignment)
    assert.equal((await get('/achievements/no-such-credential/1')).statusCode, 404)

    // The Centre's endorsement travels with the achievement, and verifies on its own.
    const [endorsement] = document.endorsement as Json[]
    assert.deepEqual(endorsement!.type, ['VerifiableCredential', 'EndorsementCredential'])
    assert.equal(endorsement!.credentialSubject.id, document.id)
    assert.match(endorsement!.issuer.id, /^did:web:credentials\.example\.test:issuers:/)
    assert.notEqual(endorsement!.issuer.id, credential.issuer.id, 'signed by the Centre, not the provider')
    // With its entry in the Centre's revocation list (src/web/endorsements/routes.test.ts).
    assert.ok(endorsement)
    const checked = await verifyElsewhere(endorsement)
    assert.equal(checked.verified, true, JSON.stringify(checked.error, null, 1))
    assert.deepEqual(JSON.parse((await get(`${path}/endorsement`)).body), endorsement)
    assert.deepEqual(
      credential.credentialSubject.achievement.endorsement,
      [endorsement],
      'the award carries it',
    )
    assert.equal((await get('/achievements/no-such-credential/1/endorsement')).statusCode, 404)
    assert.equal((await get('/status/999999/revocation')).statusCode, 404)
  })

  it('gives the holder, the provider and the Centre a certificate with a QR code, and the copies; nobody else', async () => {
    const award = (await demoAwards())[1]!
    await createAccount(t, award.email, [{ role: 'practitioner' }])
    const holder = await signedIn(t, award.email)
    const mine = await holder.get('/my/awards')
    assert.ok(hrefs(mine.body).includes(`/awards/${award.id}/certificate.pdf`), 'the holder’s page offers it')
    assert.ok(hrefs(mine.body).includes(`/verify/awards/${award.id}`))
    const linkedIn = hrefs(mine.body).find((href) => href.startsWith('https://www.linkedin.com/profile/add?'))
    assert.ok(linkedIn, 'an Add to LinkedIn link')
    const params = new URL(linkedIn).searchParams
    assert.equal(params.get('certUrl'), `${TEST_BASE_URL}/verify/awards/${award.id}`)
    assert.equal(params.get('organizationName'), DEMO_ORGANISATION)

    const pdf = await holder.get(`/awards/${award.id}/certificate.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.match(
      pdf.headers['content-disposition'] as string,
      /^attachment; filename="certificate-frailty-in-older-people-demo\.pdf"$/,
    )
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
    assert.ok(
      pdf.rawPayload.includes(`/URI (${TEST_BASE_URL}/verify/awards/${award.id})`),
      'it links to the check',
    )

    await createAccount(t, 'someone.else@example.org', [{ role: 'practitioner' }])
    const stranger = await signedIn(t, 'someone.else@example.org')
    assert.equal((await stranger.get(`/awards/${award.id}/certificate.pdf`)).statusCode, 404)
    const anonymous = await t.app.inject({ method: 'GET', url: `/awards/${award.id}/certificate.pdf` })
    assert.equal(anonymous.statusCode, 303, 'sign in first')
    const staff = await signedIn(t, 'provider-staff@demo.invalid', 'demo-provider-staff-password')
    assert.equal((await staff.get(`/awards/${award.id}/certificate.pdf`)).statusCode, 200)
    assert.match(mainText((await staff.get(`/awards/${award.id}`)).body), /The learner's copies/)
  })

  it('signs awards from a CSV file with them: a failure while saving credentials leaves no award', async () => {
    const [listed] = await t.services.deliveries.listDeliveries({ organisationId })
    const delivery = (await t.services.awardImports.deliveryForUpload(listed!.id, [organisationId]))!
    const actor = { userId: null, label: 'test', ip: null }
    const [awardsBefore, credentialsBefore] = [await count('award'), await count('award_credential')]
    const { db } = t.database
    const removeTrigger = await failCredentialInserts(db)
    const failed = await t.services.awardImports.queueCsv(
      delivery,
      { content: demoCsv('valid'), filename: 'a.csv' },
      actor,
    )
    await t.services.awardImports.runPendingImports().catch(() => undefined)
    assert.equal((await t.services.awardImports.get(failed, [organisationId]))!.state, 'failed')
    assert.deepEqual(
      [await count('award'), await count('award_credential')],
      [awardsBefore, credentialsBefore],
    )
    await removeTrigger()
    const saved = await t.services.awardImports.queueCsv(
      delivery,
      { content: demoCsv('valid'), filename: 'a.csv' },
      actor,
    )
    await t.services.awardImports.runPendingImports()
    assert.equal((await t.services.awardImports.get(saved, [organisationId]))!.state, 'completed')
    assert.deepEqual(
      [await count('award'), await count('award_credential')],
      [awardsBefore + 5, credentialsBefore + 5],
    )
    const [last] = await db
      .selectFrom('award_credential as ac')
      .innerJoin('award as a', 'a.id', 'ac.award_id')
      .select('ac.credential')
      .where('a.award_import_id', '=', saved)
      .execute()
    assert.equal((await verifyElsewhere(last!.credential as Json)).verified, true)
  })
})
