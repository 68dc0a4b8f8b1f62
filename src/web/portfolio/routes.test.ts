// Credentials uploaded to a portfolio count as verified only when issued to the account that
// holds them (its e-mail address or its profile's registration number), show an outside
// issuer's name as self-declared, and are checked again: when shown, if the stored check is
// over 10 minutes old, and daily by the housekeeping re-check, a page at a time.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { unzipSync } from 'fflate'
import { parse } from 'node-html-parser'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { type Agent, createAccount, signedIn } from '../../../test/support/agent.ts'
import { didKeySigner } from '../../../test/support/credentials.ts'
import { documentLoader, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../../domain/credentials/contexts.ts'
import { identityHash } from '../../domain/credentials/open-badges.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../db/seed/demo-process.ts'
import { seedDemoProvider } from '../../db/seed/demo-provider.ts'
import { EXTERNAL_RECHECK_PAGE } from '../../services/portfolio.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
/** The demo provider's awards: Tomasz Nowak's (HCPC PA12345), then Amara Okafor's (NMC 15A1234E). */
let tomasz: { id: string; email: string }
let amara: { id: string; email: string }
/** Amara herself, with the address her provider recorded. */
let amaraAgent: Agent
let amaraId: string
/** Someone else, whose profile has another registration number. */
let carol: Agent
let carolId: string
/** Tomasz under another address, whose profile has his registration number. */
let tomaszAgent: Agent
let tomaszId: string

const credentialText = async (awardId: string) =>
  (await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body

/** Uploads a credential file and returns the id of the stored upload. */
async function upload(agent: Agent, content: string, filename = 'credential.json') {
  await agent.get('/my/portfolio/credentials/new')
  const res = await agent.upload('/my/portfolio/credentials', { field: 'credentialFile', filename, content })
  assert.equal(res.statusCode, 303, res.body)
  const id = /#credential-([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1]
  assert.ok(id, `redirected to ${String(res.headers.location)}`)
  return id
}

/** An upload's card on the portfolio page: its tags, what it says, and its issuer line. */
async function card(agent: Agent, id: string) {
  const page = await agent.get('/my/portfolio')
  assert.equal(page.statusCode, 200)
  const element = parse(page.body).querySelector(`#credential-${id}`)
  assert.ok(element, `the card of ${id}`)
  const words = (text: string) => text.replace(/\s+/g, ' ').trim()
  return {
    tags: element.querySelectorAll('.nhsuk-tag').map((tag) => words(tag.textContent)),
    paragraphs: element.querySelectorAll('p').map((p) => words(p.textContent)),
  }
}

const stored = (id: string) =>
  t.database.db
    .selectFrom('external_credential')
    .select(['verified', 'holder_match', 'summary', 'checked_at', 'issuer_name', 'issuer_ours'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

const setAwardStatus = (awardId: string, status: 'active' | 'suspended' | 'revoked') =>
  t.database.db
    .updateTable('award')
    .set({ status, status_reason: status === 'active' ? null : 'A test' })
    .where('id', '=', awardId)
    .execute()

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const awards = await t.database.db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.id', 'l.email', 'l.family_name'])
    .where('o.name', '=', DEMO_ORGANISATION)
    .orderBy('l.family_name')
    .execute()
  assert.deepEqual(
    awards.map((a) => a.family_name),
    ['Nowak', 'Okafor'],
  )
  const [nowak, okafor] = awards
  assert.ok(nowak && okafor)
  tomasz = { id: nowak.id, email: nowak.email }
  amara = { id: okafor.id, email: okafor.email }

  amaraId = await createAccount(t, amara.email, [{ role: 'practitioner' }])
  carolId = await createAccount(t, 'carol@example.org', [{ role: 'practitioner' }])
  tomaszId = await createAccount(t, 'tomasz.at.work@example.org', [{ role: 'practitioner' }])
  const profile = { region: 'london', employer: '' }
  await t.services.portfolio.saveProfile(
    { userId: carolId, label: 'test', ip: null },
    {
      ...profile,
      givenName: 'Carol',
      familyName: 'Jones',
      profession: 'Nurse',
      regulator: 'NMC',
      registrationNumber: '12A3456E',
    },
    null,
  )
  await t.services.portfolio.saveProfile(
    { userId: tomaszId, label: 'test', ip: null },
    {
      ...profile,
      givenName: 'Tomasz',
      familyName: 'Nowak',
      profession: 'Allied health professional',
      regulator: 'HCPC',
      registrationNumber: 'pa12345',
    },
    null,
  )
  amaraAgent = await signedIn(t, amara.email)
  carol = await signedIn(t, 'carol@example.org')
  tomaszAgent = await signedIn(t, 'tomasz.at.work@example.org')
})
after(() => t.close())

describe('credentials awarded here', () => {
  it('gives the date of each award as people read it', async () => {
    const page = await amaraAgent.get('/my/portfolio')
    assert.equal(page.statusCode, 200)
    const table = parse(page.body)
      .querySelectorAll('table')
      .find((el) => el.querySelector('caption')?.textContent.trim() === 'Credentials awarded here')
    assert.ok(table, 'the table of credentials awarded here')
    // Each cell's value, after the heading the responsive table repeats in it for phones.
    const cells = table
      .querySelectorAll('tbody tr td')
      .map((td) => td.querySelector('div')?.textContent.trim())
    // The demo provider awarded Amara's credential on 30 June 2026.
    assert.equal(cells[2], '30 June 2026')
  })
})

describe('whose credential it is', () => {
  it('shows a credential issued to someone else as "Issued to someone else", never as verified', async () => {
    const id = await upload(carol, await credentialText(amara.id))
    const shown = await card(carol, id)
    assert.deepEqual(shown.tags, ['Issued to someone else'])
    assert.ok(
      shown.paragraphs.some((p) => p.startsWith('Issued to someone else: it names neither')),
      shown.paragraphs.join('\n'),
    )
    const row = await stored(id)
    assert.equal(row.verified, false)
    assert.equal(row.holder_match, 'someone_else')
    const [external] = (await t.services.portfolio.externals(carolId)).filter((e) => e.id === id)
    assert.equal(external?.verified, false)
    assert.deepEqual(
      external?.checks.find((c) => c.name === 'holder'),
      {
        name: 'holder',
        ok: false,
        message:
          'Issued to someone else: it names neither your account’s e-mail address nor the registration number in your profile',
      },
    )

    // Nor in the copy of their data.
    const zip = unzipSync(new Uint8Array((await carol.get('/my/data/export')).rawPayload))
    const file = zip['my-data.json']
    assert.ok(file)
    const data = JSON.parse(Buffer.from(file).toString('utf8')) as Json
    const exported = data.credentialsFromElsewhere.find((e: Json) => e.id === id)
    assert.equal(exported.verified, false)
    assert.equal(exported.holder, 'someone_else')
  })

  it('verifies a credential that names the account’s own e-mail address, its issuer named as ours', async () => {
    const id = await upload(amaraAgent, await credentialText(amara.id))
    const shown = await card(amaraAgent, id)
    assert.deepEqual(shown.tags, ['Verified'])
    const [external] = (await t.services.portfolio.externals(amaraId)).filter((e) => e.id === id)
    assert.equal(external?.holder, 'matched')
    assert.equal(external?.issuerName, DEMO_ORGANISATION, 'one of this platform’s issuers: not self-declared')
    assert.equal(
      external?.checks.find((c) => c.name === 'holder')?.message,
      'Issued to you: it names your e-mail address',
    )
  })

  it('verifies a credential that names the registration number in the account’s profile', async () => {
    const id = await upload(tomaszAgent, await credentialText(tomasz.id))
    assert.deepEqual((await card(tomaszAgent, id)).tags, ['Verified'])
    const [external] = (await t.services.portfolio.externals(tomaszId)).filter((e) => e.id === id)
    assert.equal(
      external?.checks.find((c) => c.name === 'holder')?.message,
      'Issued to you: it names your registration number',
    )
  })

  it('names an outside issuer as self-declared', async () => {
    const { did, signer } = await didKeySigner()
    const suite = new DataIntegrityProof({ signer, cryptosuite })
    const salt = 'f00dfeed'
    const credential = await vc.issue({
      credential: {
        '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: did, type: ['Profile'], name: 'A royal college' },
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: {
          type: ['AchievementSubject'],
          identifier: [
            {
              type: 'IdentityObject',
              identityType: 'emailAddress',
              hashed: true,
              identityHash: identityHash('carol@example.org', salt),
              salt,
            },
          ],
          achievement: {
            id: 'https://college.example/curricula/acute-medicine',
            type: ['Achievement'],
            name: 'Acute medicine curriculum',
            description: 'A curriculum of another body.',
            criteria: { narrative: 'Completed.' },
          },
        },
      },
      suite,
      documentLoader,
    })
    const id = await upload(carol, JSON.stringify(credential), 'college.json')
    const shown = await card(carol, id)
    assert.ok(
      shown.paragraphs.some((p) => p.startsWith('Issued by A royal college (self-declared).')),
      shown.paragraphs.join('\n'),
    )
    const row = await stored(id)
    assert.equal(row.issuer_ours, false)
    assert.equal(row.holder_match, 'matched')
  })
})

describe('checked again', () => {
  it('shows a revoked award uploaded earlier as verified as not verified after the daily re-check', async () => {
    const id = await upload(amaraAgent, await credentialText(amara.id), 'again.json')
    assert.equal((await stored(id)).verified, true)
    await setAwardStatus(amara.id, 'revoked')
    try {
      // Checked under a day ago: the daily re-check leaves it.
      assert.equal(await t.services.portfolio.recheckExternals(), 0)
      assert.equal((await stored(id)).verified, true)

      const tomorrow = new Date(Date.now() + 25 * 3_600_000)
      assert.ok((await t.services.portfolio.recheckExternals(tomorrow)) >= 1)
      const row = await stored(id)
      assert.equal(row.verified, false)
      assert.equal(row.checked_at.getTime(), tomorrow.getTime())
      assert.match(row.summary, /^Not verified: .*revoked/)
      // Stored as checked "tomorrow", so the page shows the re-check's result as it is.
      const shown = await card(amaraAgent, id)
      assert.deepEqual(shown.tags, ['Not verified'])
      assert.ok(
        shown.paragraphs.some((p) => /revoked/.test(p)),
        shown.paragraphs.join('\n'),
      )
    } finally {
      await setAwardStatus(amara.id, 'active')
    }
  })

  it('checks again as the portfolio shows it once the stored check is over 10 minutes old', async () => {
    const id = await upload(tomaszAgent, await credentialText(tomasz.id), 'shown.json')
    await setAwardStatus(tomasz.id, 'suspended')
    try {
      assert.deepEqual(
        (await card(tomaszAgent, id)).tags,
        ['Verified'],
        'checked minutes ago: shown as stored',
      )
      await t.database.db
        .updateTable('external_credential')
        .set({ checked_at: new Date(Date.now() - 11 * 60_000) })
        .where('id', '=', id)
        .execute()
      const shown = await card(tomaszAgent, id)
      assert.deepEqual(shown.tags, ['Not verified'])
      assert.ok(
        shown.paragraphs.some((p) => /suspended/.test(p)),
        shown.paragraphs.join('\n'),
      )
      assert.equal((await stored(id)).verified, false)
    } finally {
      await setAwardStatus(tomasz.id, 'active')
    }
  })

  it('checks an upload never compared with its holder before showing it, however recent its check', async () => {
    // As uploads made before holder checks were stored: verified, holder not compared.
    const id = await upload(carol, await credentialText(tomasz.id), 'before-holder-checks.json')
    await t.database.db
      .updateTable('external_credential')
      .set({ verified: true, holder_match: null, summary: 'Verified: the signature holds' })
      .where('id', '=', id)
      .execute()
    assert.deepEqual((await card(carol, id)).tags, ['Issued to someone else'])
    assert.equal((await stored(id)).holder_match, 'someone_else')
  })

  it('re-checks every upload due, however many, a page at a time', async () => {
    const source = await t.database.db
      .selectFrom('external_credential')
      .selectAll()
      .where('user_id', '=', carolId)
      .where('holder_match', '=', 'someone_else')
      .executeTakeFirstOrThrow()
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000)
    const copies = EXTERNAL_RECHECK_PAGE * 2 + 1
    await t.database.db
      .insertInto('external_credential')
      .values(
        Array.from({ length: copies }, () => ({
          user_id: source.user_id,
          filename: source.filename,
          content_type: source.content_type,
          content: source.content,
          format: source.format,
          name: source.name,
          issuer_name: source.issuer_name,
          summary: source.summary,
          checks: JSON.stringify(source.checks),
          verified: true,
          holder_match: 'matched' as const,
          checked_at: twoDaysAgo,
        })),
      )
      .execute()
    const now = new Date()
    assert.equal(await t.services.portfolio.recheckExternals(now), copies)
    const after = await t.database.db
      .selectFrom('external_credential')
      .select(['verified', 'holder_match', 'checked_at'])
      .where('user_id', '=', carolId)
      .where('filename', '=', source.filename)
      .execute()
    assert.ok(after.length >= copies)
    for (const r of after) {
      assert.equal(r.verified, false)
      assert.equal(r.holder_match, 'someone_else')
      assert.ok(r.checked_at.getTime() >= now.getTime() - 1000)
    }
    assert.equal(await t.services.portfolio.recheckExternals(now), 0, 'none left due')
  })
})
