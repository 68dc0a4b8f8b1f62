// What makes one of our awards not valid although its own signature holds: the provider was
// not approved on the award date, the key that signed it was compromised before it signed,
// or the Centre withdrew its endorsement of the version. Each through POST /api/v1/verify.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { addProof } from '../../domain/credentials/data-integrity.ts'
import { openPrivateKey } from '../../domain/credentials/sealed-key.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { demoActor, seedDemoProcess } from '../../db/seed/demo-process.ts'
import { seedDemoProvider } from '../../db/seed/demo-provider.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let organisationId: string
let awards: Array<{ id: string; delivery_id: string; awarded_on: string }>

const credentialOf = async (awardId: string) =>
  JSON.parse((await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body) as Json
const verify = async (awardId: string) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/verify',
    payload: { credential: await credentialOf(awardId) },
  })
  assert.equal(res.statusCode, 200)
  return JSON.parse(res.body) as Json
}
const check = (result: Json, name: string) => result.checks.find((c: Json) => c.name === name)
const admin = async () => ({
  ...(await demoActor(t.database.db, t.services, 'centre-admin')),
  organisationIds: [],
})

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
  awards = await t.database.db
    .selectFrom('award')
    .select(['id', 'delivery_id', 'awarded_on'])
    .where('organisation_id', '=', organisationId)
    .orderBy('awarded_on')
    .execute()
  assert.ok(awards.length >= 2)
})
after(() => t.close())

describe('what makes a genuinely signed award not valid', () => {
  it('a provider not approved on the award date, from the delivery’s history', async () => {
    const [award] = awards
    assert.ok(award)
    assert.equal((await verify(award.id)).verdict, 'valid')
    // The history says approval took effect the day after the award; the delivery is approved now.
    const saved = await t.database.db
      .selectFrom('delivery_state_change')
      .select(['id', 'effective_at'])
      .where('delivery_id', '=', award.delivery_id)
      .where('state', 'in', ['approved', 'approved_with_conditions'])
      .execute()
    await t.database.db
      .updateTable('delivery_state_change')
      .set({ effective_at: new Date(Date.parse(`${award.awarded_on}T12:00:00Z`) + 86_400_000) })
      .where('delivery_id', '=', award.delivery_id)
      .where('state', 'in', ['approved', 'approved_with_conditions'])
      .execute()
    const result = await verify(award.id)
    assert.equal(result.verdict, 'not-valid')
    assert.equal(result.verified, false)
    assert.equal(result.checks[0].name, 'approval', 'the failed check comes first')
    assert.match(check(result, 'approval').message, /was not approved to deliver this credential on/)
    for (const row of saved)
      await t.database.db
        .updateTable('delivery_state_change')
        .set({ effective_at: row.effective_at })
        .where('id', '=', row.id)
        .execute()
    assert.equal((await verify(award.id)).verdict, 'valid')
  })

  it('a key reported compromised before it signed; what the platform issued earlier still verifies', async () => {
    const [earlier, later] = awards
    assert.ok(earlier && later)
    const actor = await admin()
    await t.services.issuers.rotate(organisationId, actor)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
    await t.services.issuers.markKeyCompromised(
      organisationId,
      1,
      { from: today, reason: 'The key was copied from a laptop' },
      actor,
    )
    // One award was issued the day before; the other today, after the compromise began.
    await t.database.db
      .updateTable('award_credential')
      .set({ issued_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('award_id', '=', earlier.id)
      .execute()

    const compromised = await verify(later.id)
    assert.equal(compromised.verdict, 'not-valid')
    assert.equal(check(compromised, 'key').ok, false)
    assert.match(check(compromised, 'key').message, /reported compromised from/)
    assert.equal(check(compromised, 'signature').ok, true, 'the signature itself still holds')

    const before = await verify(earlier.id)
    assert.equal(check(before, 'key').ok, true, JSON.stringify(before.checks))
    assert.equal(before.verdict, 'valid')

    // Whoever holds the stolen key can sign new content and backdate its proof: the file's own
    // date proves nothing, and the content is not what the platform issued.
    const sealed = await t.database.db
      .selectFrom('issuer_key')
      .select('private_key_sealed')
      .where('organisation_id', '=', organisationId)
      .where('key_number', '=', 1)
      .executeTakeFirstOrThrow()
    const stolen = {
      privateKey: openPrivateKey(
        sealed.private_key_sealed,
        t.config.credentialMasterKey,
        `${organisationId}#key-1`,
      ),
      verificationMethod: `${t.services.issuers.did(organisationId)}#key-1`,
    }
    const { proof, ...content } = await credentialOf(earlier.id)
    assert.ok(proof)
    const forged = await addProof(
      { ...content, name: 'Consultant in everything' },
      stolen,
      new Date('2020-01-01T00:00:00Z'),
    )
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: forged } })
    const result = JSON.parse(res.body) as Json
    assert.equal(check(result, 'signature').ok, true, 'the stolen key makes a signature that holds')
    assert.equal(check(result, 'key').ok, false)
    assert.match(check(result, 'key').message, /no record of issuing it before then/)
    assert.equal(result.verdict, 'not-valid')
  })

  it('an endorsement the Centre withdrew', async () => {
    const [award] = awards
    assert.ok(award)
    // The key test above leaves the earlier award valid.
    assert.equal((await verify(award.id)).verdict, 'valid')
    const version = await t.database.db
      .selectFrom('award')
      .innerJoin('endorsement', 'endorsement.specification_version_id', 'award.specification_version_id')
      .select(['endorsement.specification_version_id as id', 'endorsement.row_version'])
      .where('award.id', '=', award.id)
      .executeTakeFirstOrThrow()
    await t.services.endorsements.close(
      version.id,
      version.row_version,
      'withdraw',
      'The specification was found to be unsafe',
      await admin(),
    )
    const result = await verify(award.id)
    assert.equal(result.verdict, 'not-valid')
    assert.equal(check(result, 'endorsement').ok, false)
    assert.match(
      check(result, 'endorsement').message,
      /withdrew its endorsement .* on \d{1,2} [A-Z][a-z]+ \d{4}/,
    )
  })
})
