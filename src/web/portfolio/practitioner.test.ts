// A practitioner's portfolio: the profile, checking credentials uploaded to it (good, tampered,
// unknown issuer), CPD activities with their evidence, and the practitioner's rights: the
// export and closing the account (erasure, with the audit trail kept under a pseudonym).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { unzipSync } from 'fflate'
import type { TestApp } from '../../../test/support/app.ts'
import { ALICE, BOB, twoPractitioners } from '../../../test/support/practitioners.ts'
import type { Agent } from '../../../test/support/agent.ts'
import { pseudonymFor } from '../../domain/audit.ts'
import { has, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let alice: Agent
let bob: Agent
let aliceId: string
let awards: Array<{ id: string; row_version: number; credential_title: string }>

const escaped = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
const json = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url })
  return { status: res.statusCode, body: JSON.parse(res.body) as Json }
}

before(async () => {
  ;({ t, visitor, alice, bob, aliceId, awards } = await twoPractitioners())
})
after(() => t.close())

describe('the practitioner profile', () => {
  it('checks registration numbers in the regulator’s format, then saves', async () => {
    const bad = await alice.submit('/my/profile', '/my/profile', { ...ALICE, registrationNumber: '123456' })
    assert.equal(bad.posted.statusCode, 303)
    assert.ok(has(bad.page.body, '.nhsuk-error-summary'))
    assert.match(mainText(bad.page.body), /NMC PIN must look like 12A3456E/)
    assert.equal(await t.services.practitioners.profile(aliceId), null, 'nothing saved')

    const good = await alice.submit('/my/profile', '/my/profile', ALICE)
    assert.equal(good.posted.headers.location, '/my/portfolio')
    assert.equal((await t.services.practitioners.profile(aliceId))?.registrationNumber, '12A3456E')
    const saved = await bob.submit('/my/profile', '/my/profile', BOB)
    assert.equal(saved.posted.headers.location, '/my/portfolio')
  })

  it('shows awards in the portfolio by themselves, with their live status', async () => {
    const page = await alice.get('/my/portfolio')
    assert.equal(page.statusCode, 200)
    assert.match(mainText(page.body), escaped(awards[0]!.credential_title))
    assert.match(mainText(page.body), /Active/)
  })
})

describe('credentials from elsewhere', () => {
  const credentialJson = async (awardId: string) =>
    (await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body

  it('verifies a good credential on upload and keeps the result with the date checked', async () => {
    await alice.get('/my/portfolio/credentials/new')
    const res = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'award.json',
      content: await credentialJson(awards[0]!.id),
      contentType: 'application/json',
    })
    assert.equal(res.statusCode, 303, res.body)
    const [stored] = await t.services.practitioners.externals(aliceId)
    assert.equal(stored?.verified, true, JSON.stringify(stored?.checks))
    assert.ok(stored.checkedAt instanceof Date)
    assert.match(mainText((await alice.get('/my/portfolio')).body), /Verified/)
  })

  it('stores a file under a safe name whatever it was called, so that it downloads and exports safely', async () => {
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: '../../证书 ✓.json',
      content: await credentialJson(awards[0]!.id),
    })
    const stored = (await t.services.practitioners.externals(aliceId)).find(
      (e) => e.filename === 'credential.json',
    )
    assert.ok(stored)
    const file = await alice.get(`/my/portfolio/credentials/${stored.id}/file`)
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-disposition'], 'attachment; filename="credential.json"')
  })

  it('stores a tampered credential as not verified, saying why', async () => {
    const tampered = JSON.parse(await credentialJson(awards[0]!.id)) as Json
    tampered.name = 'Something grander'
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'tampered.json',
      content: JSON.stringify(tampered),
    })
    const stored = (await t.services.practitioners.externals(aliceId)).find(
      (e) => e.filename === 'tampered.json',
    )
    assert.equal(stored?.verified, false)
    assert.match(stored.summary, /signature|changed/i)
  })

  it('stores a credential from an issuer it cannot resolve as not verified', async () => {
    const unknown = JSON.parse(await credentialJson(awards[0]!.id)) as Json
    unknown.issuer = { ...unknown.issuer, id: 'did:web:college.example' }
    unknown.proof.verificationMethod = 'did:web:college.example#key-1'
    await alice.get('/my/portfolio/credentials/new')
    await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'unknown.json',
      content: JSON.stringify(unknown),
    })
    const stored = (await t.services.practitioners.externals(aliceId)).find(
      (e) => e.filename === 'unknown.json',
    )
    assert.equal(stored?.verified, false)
    assert.match(stored.summary, /college\.example/)
  })

  it('refuses a file that is not a credential, with the error summary, and saves nothing', async () => {
    const before = (await t.services.practitioners.externals(aliceId)).length
    await alice.get('/my/portfolio/credentials/new')
    const res = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'notes.txt',
      content: 'just some notes',
    })
    assert.equal(res.headers.location, '/my/portfolio/credentials/new')
    const page = await alice.get('/my/portfolio/credentials/new')
    assert.ok(has(page.body, '.nhsuk-error-summary'))
    assert.equal((await t.services.practitioners.externals(aliceId)).length, before)
  })
})

describe('CPD activities', () => {
  it('records an activity with evidence checked by content and maps it to capabilities', async () => {
    await alice.get('/my/cpd/new')
    const fields = {
      title: 'Frailty study day',
      day: '3',
      month: '3',
      year: '2026',
      hours: '6.5',
      type: 'course',
      reflection: 'Learned the Rockwood scale.',
      capabilities: ['1.4', '1.6'],
    }
    const pretend = await alice.upload(
      '/my/cpd',
      { field: 'evidence', filename: 'certificate.pdf', content: 'not really a PDF' },
      fields,
    )
    assert.equal(pretend.headers.location, '/my/cpd/new')
    assert.match(mainText((await alice.get('/my/cpd/new')).body), /must be a PDF, PNG or JPEG/)
    assert.equal((await t.services.practitioners.activities(aliceId)).length, 0)

    const res = await alice.upload(
      '/my/cpd',
      { field: 'evidence', filename: 'certificate.pdf', content: '%PDF-1.4\n%%EOF\n' },
      fields,
    )
    assert.equal(res.statusCode, 303)
    const [activity] = await t.services.practitioners.activities(aliceId)
    assert.deepEqual(activity?.capabilities, ['1.4', '1.6'])
    assert.equal(activity.hours, '6.5')
    assert.equal(activity.evidence.length, 1)
    const coverage = await t.services.practitioners.coverage(aliceId)
    assert.equal(coverage[0]?.covered, 2)
    const page = await alice.get('/my/capabilities')
    assert.ok(has(page.body, 'svg[role="img"]'), 'the coverage chart is an image to assistive technology')
    assert.match(mainText(page.body), /2 of 11 capabilities with evidence/)
    assert.equal((await bob.get(`/my/cpd/evidence/${activity.evidence[0]!.id}`)).statusCode, 404)
  })

  it('attaches more evidence to an activity later, only to the practitioner’s own', async () => {
    const [activity] = await t.services.practitioners.activities(aliceId)
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await bob.get('/my/portfolio')
    const other = await bob.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'x.png',
      content: png,
    })
    assert.equal(other.statusCode, 404)

    await alice.get(`/my/cpd/${activity!.id}/evidence/new`)
    const empty = await alice.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'notes.docx',
      content: 'PK not a PDF',
    })
    assert.equal(empty.headers.location, `/my/cpd/${activity!.id}/evidence/new`)
    const added = await alice.upload(`/my/cpd/${activity!.id}/evidence`, {
      field: 'evidence',
      filename: 'Reflection photo.jpeg',
      content: png,
    })
    assert.equal(added.statusCode, 303)
    const [after] = await t.services.practitioners.activities(aliceId)
    assert.deepEqual(
      after!.evidence.map((e) => e.filename),
      ['certificate.pdf', 'Reflection photo.png'],
    )
  })
})

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

  it('closes the account: personal data erased, entry gone, awards kept, audit trail pseudonymised', async () => {
    await alice.get('/my/data')
    const refused = await alice.post('/my/account/close', {})
    assert.equal(refused.headers.location, '/my/data')

    await alice.get('/my/data')
    const closed = await alice.post('/my/account/close', { confirm: 'yes' })
    assert.equal(closed.headers.location, '/account-closed')
    const signedOut = await alice.get('/my/portfolio')
    assert.match(String(signedOut.headers.location), /^\/sign-in/, 'signed out')

    assert.equal((await visitor.get(`/directory/${aliceId}`)).statusCode, 404)
    assert.equal((await json('/api/v1/directory?name=smith')).body.items.length, 0)
    assert.equal(await t.services.practitioners.profile(aliceId), null)
    assert.equal((await t.services.practitioners.activities(aliceId)).length, 0)
    assert.equal((await t.services.practitioners.externals(aliceId)).length, 0)

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
