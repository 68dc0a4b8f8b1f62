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
import { parse, type HTMLElement } from 'node-html-parser'
import { createTestApp, TEST_BASE_URL, type TestApp } from '../../../test/support/app.ts'
import { Agent } from '../../../test/support/agent.ts'
import { didKeySigner } from '../../../test/support/credentials.ts'
import { documentLoader, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../../domain/credentials/contexts.ts'
import { addProof } from '../../domain/credentials/data-integrity.ts'
import { publicKeyMultibase, rawFromMultibase, rawPublicKey } from '../../domain/credentials/multikey.ts'
import { createDemoAccounts, DEMO_ORGANISATION } from '../../db/seed/demo-accounts.ts'
import { demoActor, seedDemoProcess } from '../../db/seed/demo-process.ts'
import { seedDemoProvider } from '../../db/seed/demo-provider.ts'
import { mainText } from '../../../test/support/html.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp
let visitor: Agent
let awards: Array<{ id: string; row_version: number; email: string; name: string; registration: string }>

const credentialOf = async (awardId: string) =>
  JSON.parse((await t.app.inject({ method: 'GET', url: `/awards/${awardId}/credential` })).body) as Json
const api = async (body: object) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: body })
  return { status: res.statusCode, body: JSON.parse(res.body) as Json }
}
const check = (result: Json, name: string) => result.checks.find((c: Json) => c.name === name)
const html = (body: string) => parse(body)
const textOf = (element: HTMLElement | null) => element?.textContent.replace(/\s+/g, ' ').trim() ?? ''
/** The result page's verdict panel, its checks by name, and the headings of its sections. */
function resultPage(body: string) {
  const root = html(body)
  return {
    title: textOf(root.querySelector('h1')),
    panel: textOf(root.querySelector('.app-verdict')),
    panelClass: root.querySelector('.app-verdict')?.classNames ?? '',
    headings: root.querySelectorAll('h2').map((h) => textOf(h)),
    checks: Object.fromEntries(
      root.querySelectorAll('tr[data-check]').map((row) => [row.getAttribute('data-check'), textOf(row)]),
    ),
    /** The summary list that follows the heading. */
    list(heading: string) {
      const h2 = root.querySelectorAll('h2').find((h) => textOf(h) === heading)
      let next = h2?.nextElementSibling
      while (next && !next.classList.contains('nhsuk-summary-list')) next = next.nextElementSibling
      return Object.fromEntries(
        (next?.querySelectorAll('.nhsuk-summary-list__row') ?? []).map((row) => [
          textOf(row.querySelector('.nhsuk-summary-list__key')),
          textOf(row.querySelector('.nhsuk-summary-list__value')),
        ]),
      )
    },
  }
}

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
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  const organisation = await t.database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', DEMO_ORGANISATION)
    .executeTakeFirstOrThrow()
  awards = (
    await t.database.db
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
      .where('a.organisation_id', '=', organisation.id)
      .orderBy('l.family_name')
      .execute()
  ).map((a) => ({
    id: a.id,
    row_version: a.row_version,
    email: a.email,
    name: `${a.given_name} ${a.family_name}`,
    registration: `${a.regulator} ${a.registration_number}`,
  }))
  visitor = new Agent(t.app)
})
after(() => t.close())

describe('verifying credentials', () => {
  it('says a good credential is valid, with every check passed: the holder, what, who and when first', async () => {
    const { status, body } = await api({ credential: await credentialOf(awards[0]!.id) })
    assert.equal(status, 200)
    assert.equal(body.verdict, 'valid', JSON.stringify(body.checks))
    assert.equal(body.verified, true)
    assert.equal(body.format, 'data-integrity')
    assert.deepEqual(
      [body.issuer.name, body.issuer.ours, body.issuer.selfDeclared],
      [DEMO_ORGANISATION, true, false],
    )
    assert.match(body.achievement.name, /Frailty/)
    assert.deepEqual(
      body.checks.map((c: Json) => [c.name, c.ok]),
      [
        ['signature', true],
        ['key', true],
        ['dates', true],
        ['revocation', true],
        ['suspension', true],
        ['approval', true],
        ['endorsement', true],
      ],
    )
    assert.equal(body.holder.name, awards[0]!.name)

    const posted = await visitor.submit('/verify', '/verify', {
      credential: JSON.stringify(await credentialOf(awards[0]!.id)),
    })
    assert.equal(posted.page.statusCode, 200)
    const page = resultPage(posted.page.body)
    assert.equal(page.title, 'This credential is valid')
    assert.match(page.panelClass, /app-verdict--valid/)
    assert.match(
      page.panel,
      new RegExp(
        `${awards[0]!.name}.* holds .*Frailty.*, awarded by ${DEMO_ORGANISATION} on \\d{1,2} [A-Z][a-z]+ \\d{4}\\.`,
      ),
    )
    assert.equal(page.list('The credential')['Awarded by'], DEMO_ORGANISATION)
    assert.ok(!page.headings.includes('What this file claims (not verified)'))
  })

  it('is not valid for a holder it was not issued to, and matches the e-mail address or the registration number', async () => {
    const credential = await credentialOf(awards[0]!.id)
    const right = await api({ credential, holder: awards[0]!.email.toUpperCase() })
    assert.equal(check(right.body, 'holder').ok, true)
    assert.equal(right.body.verdict, 'valid')
    const byNumber = await api({ credential, holder: awards[0]!.registration.toLowerCase() })
    assert.equal(check(byNumber.body, 'holder').ok, true, JSON.stringify(byNumber.body.checks))
    const wrong = await api({ credential, holder: 'someone.else@example.org' })
    assert.equal(check(wrong.body, 'holder').ok, false)
    assert.equal(wrong.body.verdict, 'not-valid')
    assert.equal(wrong.body.verified, false)
    assert.equal(wrong.body.checks[0].name, 'holder', 'the failed check comes first')
    const legacy = await api({ credential, email: 'someone.else@example.org' })
    assert.equal(legacy.body.verdict, 'not-valid')

    const url = `/verify/awards/${awards[0]!.id}`
    const shown = resultPage((await visitor.get(url)).body)
    assert.equal(shown.title, 'This credential is valid')
    assert.match(shown.panel, new RegExp(`^This credential is valid ${awards[0]!.name} \\(`))
    const mismatch = resultPage(
      (await visitor.submit(url, url, { holder: 'someone.else@example.org' })).page.body,
    )
    assert.equal(mismatch.title, 'This credential is not valid')
    assert.match(mismatch.panel, /Not issued to the person with someone\.else@example\.org/)
    const matched = resultPage((await visitor.submit(url, url, { holder: awards[0]!.email })).page.body)
    assert.equal(matched.title, 'This credential is valid')
    assert.match(matched.checks.holder ?? '', /Passed/)
    const blank = await visitor.submit(url, url, { holder: ' ' })
    assert.match(
      textOf(html(blank.page.body).querySelector('.nhsuk-error-summary')),
      /Enter their email address or professional registration number/,
    )
  })

  it('fails a tampered credential, and never shows what it claims as fact', async () => {
    const credential = await credentialOf(awards[0]!.id)
    credential.credentialSubject.achievement.name = 'Cardiology (forged)'
    const tampered = await api({ credential })
    assert.equal(tampered.body.verdict, 'not-valid')
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

    const page = resultPage(
      (await visitor.submit('/verify', '/verify', { credential: JSON.stringify(credential) })).page.body,
    )
    assert.equal(page.title, 'This credential is not valid')
    assert.match(page.panelClass, /app-verdict--not-valid/)
    assert.match(page.panel, /changed after it was signed/)
    assert.doesNotMatch(page.panel, /Cardiology/)
    assert.ok(!page.headings.includes('The credential'), 'no section states the claims as facts')
    assert.equal(page.list('What this file claims (not verified)')['Credential'], 'Cardiology (forged)')
  })

  it('fails a credential signed with a key that is not its issuer’s', async () => {
    // Signed properly, by someone else's did:key, but naming one of our providers as issuer.
    const genuine = await credentialOf(awards[0]!.id)
    const { proof, ...content } = genuine
    assert.ok(proof)
    const { signer } = await didKeySigner()
    const forged = await vc.issue({
      credential: content,
      suite: new DataIntegrityProof({ signer, cryptosuite }),
      documentLoader,
    })
    const result = await api({ credential: forged })
    assert.equal(result.body.verdict, 'not-valid')
    assert.match(check(result.body, 'signature').message, /does not belong to the issuer/)
  })

  it('fails a revoked credential and a suspended one, saying when and why', async () => {
    const admin = { ...(await demoActor(t.database.db, t.services, 'centre-admin')), organisationIds: [] }
    const [first, second] = awards
    await t.services.awards.changeAwardStatus(
      second!.id,
      second!.row_version,
      'suspend',
      'Under investigation',
      admin,
      'under_investigation',
    )
    const suspended = await api({ credential: await credentialOf(second!.id) })
    assert.equal(suspended.body.verdict, 'not-valid')
    assert.match(
      check(suspended.body, 'suspension').message,
      /^The issuer suspended it on \d{1,2} [A-Z][a-z]+ \d{4}: under investigation$/,
    )
    assert.equal(check(suspended.body, 'revocation').ok, true)

    await t.services.awards.changeAwardStatus(
      first!.id,
      first!.row_version,
      'revoke',
      'Awarded in error',
      admin,
      'issued_in_error',
    )
    const revoked = await api({ credential: await credentialOf(first!.id) })
    assert.equal(revoked.body.verified, false)
    assert.match(check(revoked.body, 'revocation').message, /^The issuer revoked it on .*: issued in error$/)
    const page = resultPage((await visitor.get(`/verify/awards/${first!.id}`)).body)
    assert.equal(page.title, 'This credential is not valid')
    assert.match(page.panel, /The issuer revoked it on .*: issued in error/)
    assert.doesNotMatch(page.panel, /Awarded in error/, 'the private reason stays private')
  })

  it('verifies another issuer’s credential through its did:key, names it as self-declared, and fails it once expired', async () => {
    const good = await api({ credential: await elsewhere({ validUntil: '2099-01-01T00:00:00Z' }) })
    assert.equal(good.body.verdict, 'valid', JSON.stringify(good.body.checks))
    assert.deepEqual([good.body.issuer.ours, good.body.issuer.selfDeclared], [false, true])
    assert.equal(
      check(good.body, 'approval'),
      undefined,
      'not one of our awards: no provider approval to check',
    )
    const expired = await api({ credential: await elsewhere({ validUntil: '2025-06-01T00:00:00Z' }) })
    assert.equal(expired.body.verdict, 'not-valid')
    assert.equal(check(expired.body, 'dates').message, 'Expired on 1 June 2025')
    const page = resultPage(
      (await visitor.submit('/verify', '/verify', { credential: JSON.stringify(await elsewhere()) })).page
        .body,
    )
    assert.match(page.panel, /awarded by A royal college \(self-declared\)/)
    // Its status list lives elsewhere: could not be checked, so never called valid.
    const listed = await api({
      credential: await elsewhere({
        credentialStatus: {
          id: 'https://college.example/status/1#5',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '5',
          statusListCredential: 'https://college.example/status/1',
        },
      }),
    })
    assert.equal(check(listed.body, 'revocation').ok, null)
    assert.equal(listed.body.verdict, 'unconfirmed')
    const unconfirmed = resultPage(
      (
        await visitor.submit('/verify', '/verify', {
          credential: JSON.stringify(
            await elsewhere({
              credentialStatus: {
                id: 'https://college.example/status/1#5',
                type: 'BitstringStatusListEntry',
                statusPurpose: 'revocation',
                statusListIndex: '5',
                statusListCredential: 'https://college.example/status/1',
              },
            }),
          ),
        })
      ).page.body,
    )
    assert.equal(unconfirmed.title, 'This credential could not be fully checked')
    assert.match(unconfirmed.checks.revocation ?? '', /Could not be checked/)
    assert.ok(unconfirmed.headings.includes('What this file claims (not verified)'))
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
    const { proof, ...unsecured } = await credentialOf(awardId)
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
    assert.match(resultPage(res.body).title, /^This credential is/)

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
    assert.match(mainText((await visitor.get('/verify')).body), /The selected file must be smaller than 1MB/)

    const empty = await visitor.submit('/verify', '/verify', { credential: '  ' })
    assert.match(mainText(empty.page.body), /Paste the credential, or choose its file/)
    const nonsense = await visitor.submit('/verify', '/verify', { credential: 'hello' })
    assert.match(mainText(nonsense.page.body), /This is not a credential/)
    // An address shaped like one of our awards' but not a real identifier is simply not ours.
    const odd = await api({
      credential: { ...(await elsewhere()), id: `${TEST_BASE_URL}/awards/${'-'.repeat(36)}/credential` },
    })
    assert.equal(odd.status, 200)
    assert.equal(check(odd.body, 'approval'), undefined)
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

describe('what a tester tried', () => {
  it('shows a file whose dates are not dates as not valid, without failing', async () => {
    // The independent library refuses to sign such a date, so our own signs it.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const key = publicKeyMultibase(rawPublicKey(publicKey))
    const { proof, ...unsigned } = await elsewhere()
    assert.ok(proof)
    const credential = await addProof(
      {
        ...unsigned,
        issuer: { id: `did:key:${key}`, type: ['Profile'], name: 'A royal college' },
        validFrom: 'yesterday',
      },
      { privateKey, verificationMethod: `did:key:${key}#${key}` },
      new Date(),
    )
    const posted = await visitor.submit('/verify', '/verify', { credential: JSON.stringify(credential) })
    assert.equal(posted.page.statusCode, 200)
    const page = resultPage(posted.page.body)
    assert.equal(page.title, 'This credential is not valid')
    assert.equal(page.list('What this file claims (not verified)')['Awarded on'], 'yesterday')
  })

  it('fails a credential for one of our achievements from an issuer that is not ours, even carrying the Centre’s endorsement', async () => {
    const { proof, ...genuine } = await credentialOf(awards[1]!.id)
    assert.ok(proof)
    const { did, signer } = await didKeySigner()
    const sign = (credential: Json) =>
      vc.issue({ credential, suite: new DataIntegrityProof({ signer, cryptosuite }), documentLoader })
    const impostor = await sign({
      ...genuine,
      issuer: { id: did, type: ['Profile'], name: 'Centre for Advancing Practice' },
    })
    const result = await api({ credential: impostor })
    assert.equal(check(result.body, 'signature').ok, true, 'signed by its own issuer')
    assert.equal(result.body.verdict, 'not-valid')
    assert.match(check(result.body, 'approval').message, /its issuer is not a provider on this platform/)
    // Our status lists speak for their own issuer's credentials only.
    const borrowed = await api({
      credential: await elsewhere({ credentialStatus: genuine.credentialStatus }),
    })
    assert.equal(borrowed.body.verdict, 'not-valid')
    assert.match(check(borrowed.body, 'revocation').message, /a list another issuer publishes/)
  })

  it('refuses a credential too large to check before doing the work', async () => {
    const credential = await credentialOf(awards[1]!.id)
    const alignment = credential.credentialSubject.achievement.alignment[0]
    credential.credentialSubject.achievement.alignment = Array.from({ length: 3_000 }, () => alignment)
    const refused = await api({ credential })
    assert.equal(refused.status, 422)
    assert.match(refused.body.detail, /too large to check/)
  })

  it('asks for an e-mail address or registration number rather than failing the holder check on a name', async () => {
    const url = `/verify/awards/${awards[1]!.id}`
    const named = await visitor.submit(url, url, { holder: 'Tomasz Nowak' })
    assert.match(
      textOf(html(named.page.body).querySelector('.nhsuk-error-summary')),
      /Enter an email address or a professional registration number/,
    )
    const pasted = await visitor.submit('/verify', '/verify', {
      credential: JSON.stringify(await credentialOf(awards[1]!.id)),
      holder: 'x@',
    })
    assert.match(textOf(html(pasted.page.body).querySelector('.nhsuk-error-summary')), /correct format/)
    const viaApi = await api({ credential: await credentialOf(awards[1]!.id), holder: 'Tomasz Nowak' })
    assert.equal(viaApi.status, 422)
  })

  it('reads a credential baked into a badge image, and says plainly what it cannot read', async () => {
    const credential = await credentialOf(awards[1]!.id)
    const image = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 10 10"><openbadges:credential><![CDATA[${JSON.stringify(credential)}]]></openbadges:credential></svg>`
    await visitor.get('/verify')
    const res = await visitor.upload('/verify', {
      field: 'file',
      filename: 'badge.svg',
      content: image,
      contentType: 'image/svg+xml',
    })
    assert.equal(res.statusCode, 200)
    assert.match(resultPage(res.body).title, /^This credential (is|could)/)
    assert.deepEqual(
      resultPage(res.body).list('The credential')['Credential'] ??
        resultPage(res.body).list('What this file claims (not verified)')['Credential'],
      credential.credentialSubject.achievement.name,
    )

    const signed: Json = await elsewhere()
    signed['@context'] = [...signed['@context'], 'https://evil.example/context.json']
    const unknown = await api({ credential: signed })
    assert.match(
      check(unknown.body, 'signature').message,
      /^Its signature cannot be checked: it uses terms or contexts/,
    )
  })
})
