// The practitioner's Comprehensive Learner Record download: linked from their portfolio, a
// JSON-LD file that the independent library verifies, and theirs alone.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { appDocumentLoader } from '../../../test/support/credentials.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../db/seed/demo-process.ts'
import { seedDemoProvider } from '../../db/seed/demo-provider.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let practitioner: Agent
let other: Agent
let awardIds: string[]

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const userId = await createAccount(t, 'clr.holder@example.org', [{ role: 'practitioner' }])
  await createAccount(t, 'clr.other@example.org', [{ role: 'practitioner' }])
  awardIds = (
    await t.database.db
      .selectFrom('award as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select('a.id')
      .where('o.name', '=', DEMO_ORGANISATION)
      .execute()
  ).map((a) => a.id)
  await t.database.db
    .updateTable('award')
    .set({ practitioner_id: userId })
    .where('id', 'in', awardIds)
    .execute()
  await t.services.portfolio.addActivity(
    { userId, label: 'test', ip: null },
    {
      title: 'Frailty study day',
      day: '2',
      month: '3',
      year: '2026',
      hours: '6',
      type: 'course',
      reflection: 'What I learned.',
      capabilities: ['1.4'],
    },
    null,
  )
  practitioner = await signedIn(t, 'clr.holder@example.org')
  other = await signedIn(t, 'clr.other@example.org')
})

after(async () => {
  await t?.close()
})

describe('downloading a Comprehensive Learner Record', () => {
  it('is linked from the portfolio with a sentence saying what it is', async () => {
    const page = parse((await practitioner.get('/my/portfolio')).body)
    const link = page.querySelectorAll('a').find((a) => a.getAttribute('href') === '/my/portfolio/clr.json')
    assert.ok(link, 'a link to the record')
    assert.equal(link.textContent.trim(), 'Download your Comprehensive Learner Record')
    const sentence = link.parentNode?.textContent ?? ''
    assert.match(sentence, /signed by the Centre/)
    assert.match(sentence, /Revoked or suspended awards are left out/)
  })

  it('gives the practitioner their signed record as a JSON-LD file that the independent library verifies', async () => {
    const res = await practitioner.get('/my/portfolio/clr.json')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^application\/ld\+json/)
    assert.equal(
      res.headers['content-disposition'],
      'attachment; filename="comprehensive-learner-record.json"',
    )
    assert.equal(res.headers['cache-control'], 'private, no-store')
    const clr = JSON.parse(res.body) as Json
    assert.equal(clr.credentialSubject.verifiableCredential.length, 2)
    const loader = appDocumentLoader(() => t)
    const result = await vc.verifyCredential({
      credential: clr,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loader,
    })
    assert.ok(result.verified, JSON.stringify(result.error ?? result, null, 2))

    // Anyone can put it to the platform's check, which answers for the record and each award.
    const checked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { credential: clr },
    })
    assert.equal(checked.statusCode, 200, checked.body)
    const answer = JSON.parse(checked.body) as Json
    assert.equal(answer.verdict, 'valid')
    assert.deepEqual(
      answer.record.credentials.map((c: Json) => c.verdict),
      ['valid', 'valid'],
    )
  })

  it('shows, when uploaded to the check, the record’s verdict and each award’s result', async () => {
    const clr = JSON.parse((await practitioner.get('/my/portfolio/clr.json')).body) as Json
    const visitor = new Agent(t.app)
    const check = async (content: Json) => {
      await visitor.get('/verify')
      const res = await visitor.upload('/verify', {
        field: 'file',
        filename: 'comprehensive-learner-record.json',
        content: JSON.stringify(content),
      })
      assert.equal(res.statusCode, 200)
      const page = parse(res.body)
      return {
        title: page.querySelector('h1')?.textContent.trim(),
        awards: page
          .querySelectorAll('#awards + table tbody tr')
          .map((row) => row.querySelector('.nhsuk-tag')?.textContent.trim()),
        text: page.querySelector('main')?.textContent.replace(/\s+/g, ' ') ?? '',
      }
    }
    // Pasted rather than uploaded, the same.
    await visitor.get('/verify')
    const pasted = await visitor.post('/verify', { credential: JSON.stringify(clr) })
    assert.equal(pasted.statusCode, 200, pasted.body.slice(0, 3000))
    assert.equal(parse(pasted.body).querySelector('h1')?.textContent.trim(), 'This learner record is valid')
    const valid = await check(clr)
    assert.equal(valid.title, 'This learner record is valid')
    assert.deepEqual(valid.awards, ['Valid', 'Valid'])
    assert.match(valid.text, /Every award in it is valid/)
    assert.match(valid.text, /CPD activities recorded 1/)

    const tampered = structuredClone(clr)
    tampered.credentialSubject.verifiableCredential[0].validFrom = '2020-01-01T00:00:00Z'
    const invalid = await check(tampered)
    assert.equal(invalid.title, 'This learner record is not valid')
    assert.deepEqual(invalid.awards, ['Not valid', 'Valid'])
    assert.match(invalid.text, /One award in it is not valid/)
  })

  it('holds only the downloader’s own awards', async () => {
    const clr = JSON.parse((await other.get('/my/portfolio/clr.json')).body) as Json
    assert.equal(clr.credentialSubject.verifiableCredential, undefined)
  })

  it('is refused to anyone who is not a practitioner', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/my/portfolio/clr.json' })
    assert.equal(anonymous.statusCode, 303)
    assert.match(String(anonymous.headers.location), /^\/sign-in/)
    await createAccount(t, 'clr.admin@example.org', [{ role: 'centre_admin' }])
    const admin = await signedIn(t, 'clr.admin@example.org')
    assert.equal((await admin.get('/my/portfolio/clr.json')).statusCode, 403)
  })
})
