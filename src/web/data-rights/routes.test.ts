// A practitioner's rights to their data: the export of everything held about them, and
// closing the account (erasure, with the audit trail kept under a pseudonym).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { unzipSync } from 'fflate'
import type { TestApp } from '../../../test/support/app.ts'
import { ALICE, getJson, twoPractitioners } from '../../../test/support/practitioners.ts'
import { signedIn, type Agent } from '../../../test/support/agent.ts'
import { pseudonymFor } from '../../domain/audit.ts'
import { errorFor, has, hasLink, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let alice: Agent
let aliceId: string
let awards: Array<{ id: string; row_version: number; credential_title: string }>

const json = (url: string) => getJson(t, url)

// Alice's portfolio holds what her export must carry: her profile, a credential from
// elsewhere, and one CPD activity with a PDF as its evidence.
before(async () => {
  ;({ t, visitor, alice, aliceId, awards } = await twoPractitioners())
  const [award] = awards
  assert.ok(award)
  const profile = await alice.submit('/my/profile', '/my/profile', ALICE)
  assert.equal(profile.posted.headers.location, '/my/portfolio')

  await alice.get('/my/portfolio/credentials/new')
  const credential = await alice.upload('/my/portfolio/credentials', {
    field: 'credentialFile',
    filename: 'award.json',
    content: (await t.app.inject({ method: 'GET', url: `/awards/${award.id}/credential` })).body,
    contentType: 'application/json',
  })
  assert.equal(credential.statusCode, 303, credential.body)

  await alice.get('/my/cpd/new')
  const activity = await alice.upload(
    '/my/cpd',
    { field: 'evidence', filename: 'certificate.pdf', content: '%PDF-1.4\n%%EOF\n' },
    {
      title: 'Frailty study day',
      day: '3',
      month: '3',
      year: '2026',
      hours: '6.5',
      type: 'course',
      reflection: 'Learned the Rockwood scale.',
      capabilities: ['1.4', '1.6'],
    },
  )
  assert.equal(activity.statusCode, 303)
})
after(() => t.close())

describe('a practitioner’s rights', () => {
  before(async () => {
    const listed = await alice.submit('/my/directory-entry', '/my/directory-entry', {
      listed: 'yes',
      show: ['profession'],
      awardIds: [awards[0]!.id],
    })
    assert.equal(listed.posted.statusCode, 303)
    assert.equal((await visitor.get(`/directory/${aliceId}`)).statusCode, 200)
  })

  it('gives them everything held about them in one archive, evidence files included', async () => {
    const res = await alice.get('/my/data/export')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'application/zip')
    const files = unzipSync(new Uint8Array(res.rawPayload))
    const data = JSON.parse(Buffer.from(files['my-data.json']!).toString()) as Json
    assert.equal(data.profile.registrationNumber, '12A3456E')
    assert.equal(data.cpdActivities.length, 1)
    const evidence = data.cpdActivities[0].evidence[0].file as string
    assert.equal(Buffer.from(files[evidence]!).toString(), '%PDF-1.4\n%%EOF\n')
    assert.ok(files[data.credentialsFromElsewhere[0].file])
  })

  it('holds each award’s signed credential files, the providers’ learner records about them and the employer checks on their number', async () => {
    const db = t.database.db
    const [award, bobAward] = awards
    assert.ok(award && bobAward)
    const learnerOf = (awardId: string) =>
      db
        .selectFrom('award as a')
        .innerJoin('learner as l', 'l.id', 'a.learner_id')
        .select(['l.id', 'l.registration_number', 'l.family_name', 'l.delivery_id', 'l.organisation_id'])
        .where('a.id', '=', awardId)
        .executeTakeFirstOrThrow()
    const learner = await learnerOf(award.id)
    const bobs = await learnerOf(bobAward.id)
    // A record under her confirmed address that no award is linked to yet, with a file.
    const file = await db
      .insertInto('evidence_file')
      .values({
        organisation_id: learner.organisation_id,
        filename: 'Equivalence portfolio.PDF',
        content_type: 'application/pdf',
        size_bytes: 15,
        sha256: '0'.repeat(64),
        content: Buffer.from('%PDF-1.4\n%%EOF\n'),
        uploaded_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const pending = await db
      .insertInto('learner')
      .values({
        delivery_id: bobs.delivery_id,
        organisation_id: bobs.organisation_id,
        given_name: 'Alice',
        family_name: 'Smith',
        email: 'alice@example.org',
        profession: 'Nurse',
        regulator: 'NMC',
        registration_number: learner.registration_number,
        eligibility_basis: 'equivalence',
        equivalence_file_id: file.id,
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Two checks on her number (one that finds her, one with another surname), one on Bob's.
    for (const surname of [learner.family_name, 'Nobody'])
      await visitor.submit('/employer-check', '/employer-check', {
        registrationNumber: learner.registration_number,
        surname,
      })
    await visitor.submit('/employer-check', '/employer-check', {
      registrationNumber: bobs.registration_number,
      surname: bobs.family_name,
    })

    const files = unzipSync(new Uint8Array((await alice.get('/my/data/export')).rawPayload))
    const data = JSON.parse(Buffer.from(files['my-data.json']!).toString()) as Json
    const text = (name: string) => Buffer.from(files[name] ?? []).toString()

    const signed = data.awards.find((a: Json) => a.id === award.id)
    assert.deepEqual(signed.credentialFiles, [`credentials/${award.id}.json`, `credentials/${award.id}.jwt`])
    const published = await t.app.inject({ method: 'GET', url: `/awards/${award.id}/credential` })
    assert.deepEqual(JSON.parse(text(`credentials/${award.id}.json`)), JSON.parse(published.body))
    const jwt = text(`credentials/${award.id}.jwt`)
    assert.equal(jwt.split('.').length, 3, 'a compact JWS')
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Json
    assert.equal(payload.id, JSON.parse(published.body).id, 'the same credential')

    assert.deepEqual(
      data.learnerRecords.map((l: Json) => l.id).sort(),
      [learner.id, pending.id].sort(),
      'the record of her award and the one under her address; not Bob’s',
    )
    const record = data.learnerRecords.find((l: Json) => l.id === pending.id)
    assert.equal(record.email, 'alice@example.org')
    assert.equal(record.eligibilityBasis, 'equivalence')
    assert.equal(text(record.equivalenceEvidenceFile), '%PDF-1.4\n%%EOF\n')
    assert.match(record.equivalenceEvidenceFile, /^learner-records\/.+-Equivalence portfolio\.pdf$/)

    assert.deepEqual(data.employerChecks.registrationNumbers, [learner.registration_number])
    assert.deepEqual(
      data.employerChecks.checks.map((c: Json) => c.found),
      [true, false],
    )
    for (const check of data.employerChecks.checks)
      assert.deepEqual(Object.keys(check).sort(), ['checkedAt', 'found'], 'nothing about who checked')
  })

  it('closes the account: personal data erased, entry gone, awards kept, audit trail pseudonymised', async () => {
    const data = await alice.get('/my/data')
    assert.ok(hasLink(data.body, '/my/account/close', 'Close your account'), 'a link, not a form')
    assert.ok(!has(data.body, 'form[action="/my/account/close"]'))
    const page = await alice.get('/my/account/close')
    assert.match(mainText(page.body), /Closing your account cannot be undone/)
    assert.match(mainText(page.body), /Education providers keep their records of the awards/)
    assert.ok(has(page.body, 'input[type="password"][name="password"]'))
    assert.ok(has(page.body, 'button.nhsuk-button--warning'))
    assert.ok(hasLink(page.body, '/my/data', 'Cancel'))

    const refused = await alice.post('/my/account/close', {})
    assert.equal(refused.headers.location, '/my/account/close')
    assert.equal(errorFor((await alice.get('/my/account/close')).body, 'password'), 'Enter your password')
    const wrong = await alice.post('/my/account/close', { password: 'not my password' })
    assert.equal(wrong.headers.location, '/my/account/close')
    assert.equal(
      errorFor((await alice.get('/my/account/close')).body, 'password'),
      'The password is not right. Enter the password you sign in with',
    )
    assert.ok(await t.services.portfolio.profile(aliceId), 'nothing erased yet')

    const closed = await alice.post('/my/account/close', { password: 'correct horse battery staple' })
    assert.equal(closed.headers.location, '/account-closed')
    const signedOut = await alice.get('/my/portfolio')
    assert.match(String(signedOut.headers.location), /^\/sign-in/, 'signed out')

    assert.equal((await visitor.get(`/directory/${aliceId}`)).statusCode, 404)
    assert.equal((await json('/api/v1/directory?name=smith')).body.items.length, 0)
    assert.equal(await t.services.portfolio.profile(aliceId), null)
    assert.equal((await t.services.portfolio.activities(aliceId)).length, 0)
    assert.equal((await t.services.portfolio.externals(aliceId)).length, 0)

    const award = await t.database.db
      .selectFrom('award')
      .select(['practitioner_id', 'status'])
      .where('id', '=', awards[0]!.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(award, { practitioner_id: null, status: 'active' }, 'the provider keeps the award')

    const account = await t.database.db
      .selectFrom('user_account')
      .select(['email', 'display_name', 'password_hash', 'status'])
      .where('id', '=', aliceId)
      .executeTakeFirstOrThrow()
    assert.doesNotMatch(JSON.stringify(account), /alice/i)
    assert.equal(account.display_name, pseudonymFor(aliceId))

    const trail = await t.database.db
      .selectFrom('audit_event')
      .select(['actor_label', 'before', 'after'])
      .where('actor_user_id', '=', aliceId)
      .execute()
    assert.ok(trail.length > 3)
    assert.ok(trail.every((e) => e.actor_label === pseudonymFor(aliceId)))
    // Every event, whoever's: the invitation and account creation held her e-mail address.
    const everything = await t.database.db.selectFrom('audit_event').selectAll().orderBy('id').execute()
    assert.ok(JSON.stringify(everything).includes(pseudonymFor(aliceId)))
    const naming = everything.filter((e) =>
      /alice@example\.org|Alice|Smith|12A3456E/i.test(JSON.stringify(e)),
    )
    assert.deepEqual(naming, [])
    // The erasure is itself an event, naming each event it erased, the latest after closing.
    const erasure = everything.at(-1)
    assert.equal(erasure?.action, 'audit.erased')
    assert.equal(erasure.entity_id, aliceId)
    const named = new Set((erasure.after as { events: Array<{ id: number }> }).events.map((e) => e.id))
    const erased = everything.filter(
      (e) => e.hash_version === 2 && (e.actor_label_salt === null || e.content_salt === null),
    )
    assert.ok(erased.length > 3)
    assert.ok(erased.every((e) => named.has(e.id)))
    assert.equal((await t.services.audit.verify()).ok, true)
  })
})

describe('closing an account asks for the password, limited like signing in', () => {
  it('refuses every try once the account has failed too often, even the right password', async () => {
    const bob = await signedIn(t, 'bob@example.org')
    await bob.get('/my/account/close')
    for (let i = 0; i < t.config.signIn.maxFailuresPerAccount; i++) {
      await bob.post('/my/account/close', { password: `guess ${i}` })
    }
    const limited = await bob.post('/my/account/close', { password: 'correct horse battery staple' })
    assert.equal(limited.headers.location, '/my/account/close')
    assert.match(
      errorFor((await bob.get('/my/account/close')).body, 'password') ?? '',
      /You have tried too many times/,
    )
    const row = await t.database.db
      .selectFrom('user_account')
      .select(['status', 'email'])
      .where('email', '=', 'bob@example.org')
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'active', 'not closed')
    assert.equal((await bob.get('/my/data')).statusCode, 200, 'still signed in')
  })
})
