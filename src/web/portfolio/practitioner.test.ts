// A practitioner's portfolio: the profile, checking credentials uploaded to it (good, tampered,
// unknown issuer), and CPD activities with their evidence.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TestApp } from '../../../test/support/app.ts'
import { ALICE, BOB, escaped, twoPractitioners } from '../../../test/support/practitioners.ts'
import type { Agent } from '../../../test/support/agent.ts'
import { has, mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let alice: Agent
let bob: Agent
let aliceId: string
let awards: Array<{ id: string; row_version: number; credential_title: string }>

before(async () => {
  ;({ t, alice, bob, aliceId, awards } = await twoPractitioners())
})
after(() => t.close())

describe('the practitioner profile', () => {
  it('checks registration numbers in the regulator’s format, then saves', async () => {
    const bad = await alice.submit('/my/profile', '/my/profile', { ...ALICE, registrationNumber: '123456' })
    assert.equal(bad.posted.statusCode, 303)
    assert.ok(has(bad.page.body, '.nhsuk-error-summary'))
    assert.match(mainText(bad.page.body), /NMC PIN must look like 12A3456E/)
    assert.equal(await t.services.portfolio.profile(aliceId), null, 'nothing saved')

    const good = await alice.submit('/my/profile', '/my/profile', ALICE)
    assert.equal(good.posted.headers.location, '/my/portfolio')
    assert.equal((await t.services.portfolio.profile(aliceId))?.registrationNumber, '12A3456E')
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
    const [stored] = await t.services.portfolio.externals(aliceId)
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
    const stored = (await t.services.portfolio.externals(aliceId)).find(
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
    const stored = (await t.services.portfolio.externals(aliceId)).find((e) => e.filename === 'tampered.json')
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
    const stored = (await t.services.portfolio.externals(aliceId)).find((e) => e.filename === 'unknown.json')
    assert.equal(stored?.verified, false)
    assert.match(stored.summary, /college\.example/)
  })

  it('refuses a file that is not a credential, with the error summary, and saves nothing', async () => {
    const before = (await t.services.portfolio.externals(aliceId)).length
    await alice.get('/my/portfolio/credentials/new')
    const res = await alice.upload('/my/portfolio/credentials', {
      field: 'credentialFile',
      filename: 'notes.txt',
      content: 'just some notes',
    })
    assert.equal(res.headers.location, '/my/portfolio/credentials/new')
    const page = await alice.get('/my/portfolio/credentials/new')
    assert.ok(has(page.body, '.nhsuk-error-summary'))
    assert.equal((await t.services.portfolio.externals(aliceId)).length, before)
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
    assert.equal((await t.services.portfolio.activities(aliceId)).length, 0)

    const res = await alice.upload(
      '/my/cpd',
      { field: 'evidence', filename: 'certificate.pdf', content: '%PDF-1.4\n%%EOF\n' },
      fields,
    )
    assert.equal(res.statusCode, 303)
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.deepEqual(activity?.capabilities, ['1.4', '1.6'])
    assert.equal(activity.hours, '6.5')
    assert.equal(activity.evidence.length, 1)
    const coverage = await t.services.portfolio.coverage(aliceId)
    assert.equal(coverage[0]?.covered, 2)
    const page = await alice.get('/my/capabilities')
    assert.ok(has(page.body, 'svg[role="img"]'), 'the coverage chart is an image to assistive technology')
    assert.match(mainText(page.body), /2 of 11 capabilities with evidence/)
    assert.equal((await bob.get(`/my/cpd/evidence/${activity.evidence[0]!.id}`)).statusCode, 404)
  })

  it('attaches more evidence to an activity later, only to the practitioner’s own', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
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
    const [after] = await t.services.portfolio.activities(aliceId)
    assert.deepEqual(
      after!.evidence.map((e) => e.filename),
      ['certificate.pdf', 'Reflection photo.png'],
    )
  })
  it('says a file over 5MB is too large on the form it came from, whichever form that is', async () => {
    const [activity] = await t.services.portfolio.activities(aliceId)
    assert.ok(activity)
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)])
    const forms = [
      ['/my/portfolio/credentials/new', '/my/portfolio/credentials', 'credentialFile'],
      ['/my/cpd/new', '/my/cpd', 'evidence'],
      [`/my/cpd/${activity.id}/evidence/new`, `/my/cpd/${activity.id}/evidence`, 'evidence'],
    ] as const
    for (const [form, action, field] of forms) {
      await alice.get(form)
      const res = await alice.upload(action, { field, filename: 'big.pdf', content: big })
      assert.equal(res.statusCode, 303, action)
      assert.equal(res.headers.location, form)
      assert.match(
        mainText((await alice.get(form)).body),
        /The selected file must be smaller than 5MB/,
        action,
      )
    }
    assert.equal((await t.services.portfolio.activities(aliceId))[0]?.evidence.length, 2, 'nothing added')
  })
})
