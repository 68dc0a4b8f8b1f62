// An award into a wallet by OpenID4VCI, driven by the OpenWallet Foundation's client library
// (the independent implementation) over the app: the holder's page makes the offer, the code
// comes by e-mail, the wallet receives the award in both forms bound to its key, and both
// verify, with Digital Bazaar's vc and the platform's verifier. Used, expired or mistyped
// offers are refused with the protocol's error codes.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import { clientAuthenticationAnonymous, type Jwk } from '@openid4vc/oauth2'
import { Openid4vciClient, Openid4vciRetrieveCredentialsError } from '@openid4vc/openid4vci'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createAccount, signedIn, type Agent } from '../../../test/support/agent.ts'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { appDocumentLoader } from '../../../test/support/credentials.ts'
import { html } from '../../../test/support/html.ts'
import { practitionerWithDemoAwards } from '../../../test/support/practitioners.ts'
import { fixedClock } from '../../domain/clock.ts'
import { didJwkOf, publicJwk } from '../../domain/credentials/openid4vci.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const clock = fixedClock(new Date())
const email = 'sam.wallet@example.org'
let t: TestApp
let awardId: string
let agent: Agent

/** fetch for the client library, answered by the app in process. */
const fetchViaApp = async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const res = await t.app.inject({
    method: init?.method === 'POST' ? 'POST' : 'GET',
    url: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(new Headers(init?.headers)),
    ...(init?.body !== undefined && init.body !== null ? { payload: String(init.body) } : {}),
  })
  const headers = new Headers()
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
  return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), {
    status: res.statusCode,
    headers,
  })
}

/** A wallet: its own key (P-256) and the client library, with callbacks of our own. */
async function wallet() {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const jwk = await exportJWK(publicKey)
  const client = new Openid4vciClient({
    callbacks: {
      fetch: fetchViaApp,
      generateRandom: (n) => randomBytes(n),
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      signJwt: async (_signer, { header, payload }) => ({
        jwt: await new SignJWT(payload).setProtectedHeader(header).sign(privateKey),
        signerJwk: jwk as Jwk,
      }),
      clientAuthentication: clientAuthenticationAnonymous(),
    },
  })
  return { client, jwk: jwk as Jwk }
}

/** The holder asks for an offer on their award's page: the link, and the code from the e-mail. */
async function makeOffer(): Promise<{ link: string; txCode: string }> {
  await agent.get(`/my/awards/${awardId}/wallet`)
  const posted = await agent.post(`/my/awards/${awardId}/wallet`)
  assert.equal(posted.statusCode, 303)
  const page = html((await agent.get(String(posted.headers.location))).body)
  const link = page.querySelector('#offer-link')?.getAttribute('href')
  assert.ok(link?.startsWith('openid-credential-offer://?credential_offer_uri='), link)
  assert.ok(page.querySelector('figure.app-qr-code svg'), 'a QR code of the offer')
  const mail = await t.services.mail.latestTo(email)
  const txCode = /enter: (\d{6})/.exec(mail?.text ?? '')?.[1]
  assert.ok(txCode, mail?.text)
  return { link: String(link), txCode }
}

const appLoader = appDocumentLoader(() => t)
const suite = () => new DataIntegrityProof({ cryptosuite })

before(async () => {
  t = await createTestApp({}, { clock })
  const { awardIds } = await practitionerWithDemoAwards(t, email)
  awardId = awardIds[0] ?? ''
  agent = await signedIn(t, email)
})
after(() => t.close())

describe('OpenID4VCI: an award into a wallet', () => {
  it('issues the award in both forms, bound to the wallet key, and both verify', async () => {
    const { link, txCode } = await makeOffer()
    const { client, jwk } = await wallet()
    const offer = await client.resolveCredentialOffer(link)
    assert.deepEqual(offer.credential_configuration_ids, [
      'OpenBadgeCredential_jwt_vc_json',
      'OpenBadgeCredential_ldp_vc',
    ])
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer)
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      txCode,
    })
    const holderDid = didJwkOf(publicJwk(jwk) ?? {})

    const received: Json = {}
    for (const credentialConfigurationId of offer.credential_configuration_ids) {
      const { c_nonce } = await client.requestNonce({ issuerMetadata })
      const { jwt } = await client.createCredentialRequestJwtProof({
        issuerMetadata,
        credentialConfigurationId,
        nonce: c_nonce,
        signer: { method: 'jwk', alg: 'ES256', publicJwk: jwk },
      })
      const { credentialResponse } = await client.retrieveCredentials({
        issuerMetadata,
        accessToken: accessTokenResponse.access_token,
        credentialConfigurationId,
        proofs: { jwt: [jwt] },
      })
      const [first] = credentialResponse.credentials ?? []
      received[credentialConfigurationId] =
        typeof first === 'object' && 'credential' in first ? first.credential : null
    }

    // The Data Integrity form: Digital Bazaar's vc verifies it, status lists included.
    const ldp: Json = received.OpenBadgeCredential_ldp_vc
    assert.equal(ldp.credentialSubject.id, holderDid, 'bound to the wallet key')
    assert.equal(ldp.id, `https://credentials.example.test/awards/${awardId}/credential`)
    const elsewhere = await vc.verifyCredential({
      credential: ldp,
      suite: suite(),
      documentLoader: appLoader,
      checkStatus: (options: object) =>
        checkStatus({ ...options, documentLoader: appLoader, suite: suite(), verifyMatchingIssuers: true }),
    })
    assert.equal(elsewhere.verified, true, JSON.stringify(elsewhere.error))
    const ours = await t.services.verification.verify(ldp)
    assert.equal(ours.verdict, 'valid', JSON.stringify(ours.checks))

    // The JWT form: a VC-JOSE JWT whose payload names the same holder key; our verifier takes it.
    const jwt: string = received.OpenBadgeCredential_jwt_vc_json
    assert.equal(typeof jwt, 'string')
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json
    assert.equal(payload.credentialSubject.id, holderDid)
    const jwtResult = await t.services.verification.verify(jwt)
    assert.equal(jwtResult.verdict, 'valid', JSON.stringify(jwtResult.checks))

    // Each issuance is on the audit trail.
    const audited = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', awardId)
      .where('action', 'in', ['award.wallet_offered', 'award.wallet_issued'])
      .execute()
    assert.equal(audited.filter((a) => a.action === 'award.wallet_issued').length, 2)
    assert.ok(audited.some((a) => a.action === 'award.wallet_offered'))
  })

  it('refuses a used offer with invalid_grant, and its address is gone', async () => {
    const { link, txCode } = await makeOffer()
    const { client } = await wallet()
    const offer = await client.resolveCredentialOffer(link)
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer)
    await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      txCode,
    })
    await assert.rejects(
      client.retrievePreAuthorizedCodeAccessTokenFromOffer({
        credentialOffer: offer,
        issuerMetadata,
        txCode,
      }),
      (error: Json) => error.errorResponse?.error === 'invalid_grant',
    )
    await assert.rejects(client.resolveCredentialOffer(link))
  })

  it('refuses an expired offer with invalid_grant', async () => {
    const { link, txCode } = await makeOffer()
    const { client } = await wallet()
    const offer = await client.resolveCredentialOffer(link)
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer)
    clock.advance({ minutes: 16 })
    try {
      await assert.rejects(
        client.retrievePreAuthorizedCodeAccessTokenFromOffer({
          credentialOffer: offer,
          issuerMetadata,
          txCode,
        }),
        (error: Json) =>
          error.errorResponse?.error === 'invalid_grant' &&
          /expired/.test(error.errorResponse.error_description),
      )
    } finally {
      clock.set(new Date())
    }
  })

  it('stops an offer after five wrong codes, and asks for the code when it is missing', async () => {
    const { link, txCode } = await makeOffer()
    const { client } = await wallet()
    const offer = await client.resolveCredentialOffer(link)
    const code =
      offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.['pre-authorized_code']
    assert.ok(code)
    const token = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/openid4vci/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
          'pre-authorized_code': code,
          ...fields,
        }).toString(),
      })
    const missing = await token({})
    assert.equal(missing.statusCode, 400)
    assert.equal(missing.json().error, 'invalid_request')
    const wrong = txCode === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) assert.equal((await token({ tx_code: wrong })).json().error, 'invalid_grant')
    const right = await token({ tx_code: txCode })
    assert.equal(right.statusCode, 400)
    assert.equal(right.json().error, 'invalid_grant')
    assert.match(right.json().error_description, /too many wrong/)
    assert.equal(right.headers['cache-control'], 'no-store')
  })

  it('refuses a credential request without a token, with a reused nonce, or for an unknown configuration', async () => {
    const { link, txCode } = await makeOffer()
    const { client, jwk } = await wallet()
    const offer = await client.resolveCredentialOffer(link)
    const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer)
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
      txCode,
    })
    const credentialRequest = (body: Json, token: string | null = accessTokenResponse.access_token) =>
      t.app.inject({
        method: 'POST',
        url: '/openid4vci/credential',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        payload: JSON.stringify(body),
      })
    const noToken = await credentialRequest(
      { credential_configuration_id: 'OpenBadgeCredential_ldp_vc' },
      null,
    )
    assert.equal(noToken.statusCode, 401)
    assert.equal(noToken.json().error, 'invalid_token')
    assert.match(String(noToken.headers['www-authenticate']), /invalid_token/)

    const unknown = await credentialRequest({ credential_configuration_id: 'UniversityDegree' })
    assert.equal(unknown.json().error, 'unknown_credential_configuration')

    const { c_nonce } = await client.requestNonce({ issuerMetadata })
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId: 'OpenBadgeCredential_ldp_vc',
      nonce: c_nonce,
      signer: { method: 'jwk', alg: 'ES256', publicJwk: jwk },
    })
    const body = { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [jwt] } }
    assert.equal((await credentialRequest(body)).statusCode, 200)
    const replayed = await credentialRequest(body)
    assert.equal(replayed.statusCode, 400)
    assert.equal(replayed.json().error, 'invalid_nonce')

    // A proof by another key than the one it names is refused.
    const other = await wallet()
    const { c_nonce: fresh } = await client.requestNonce({ issuerMetadata })
    const forged = await other.client.createCredentialRequestJwtProof({
      issuerMetadata,
      credentialConfigurationId: 'OpenBadgeCredential_ldp_vc',
      nonce: fresh,
      signer: { method: 'jwk', alg: 'ES256', publicJwk: jwk },
    })
    const refused = await credentialRequest({ ...body, proofs: { jwt: [forged.jwt] } })
    assert.equal(refused.json().error, 'invalid_proof')
    await assert.rejects(
      client.retrieveCredentials({
        issuerMetadata,
        accessToken: accessTokenResponse.access_token,
        credentialConfigurationId: 'OpenBadgeCredential_ldp_vc',
        proofs: { jwt: [forged.jwt] },
      }),
      Openid4vciRetrieveCredentialsError,
    )
  })

  it('refuses an offer of an award that is not yours or not active', async () => {
    const other = await createAccount(t, 'not.the.holder@example.org', [{ role: 'practitioner' }])
    assert.ok(other)
    const stranger = await signedIn(t, 'not.the.holder@example.org')
    assert.equal((await stranger.get(`/my/awards/${awardId}/wallet`)).statusCode, 404)
    assert.equal((await stranger.post(`/my/awards/${awardId}/wallet`)).statusCode, 404)
  })
})
