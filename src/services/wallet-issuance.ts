// Awards into digital wallets by OpenID4VCI's pre-authorised code flow: the holder asks for an
// offer here, signed in; a code to type into the wallet goes to their e-mail address; the
// wallet trades the offer's code and the e-mailed one for an access token, proves it holds a
// key, and receives the award signed afresh by its provider with that key as the subject's id.
// The copy keeps the award's id and status entries, so revoking the award revokes it too.
//
// The four endpoints are written here rather than taken from an OpenID4VC library: they are
// small, and the tests drive them with an independent client library, which a server built
// on the same library would not test. Key proofs are checked with jose.
import { randomInt } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { addProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { signJwt } from '../domain/credentials/jwt.ts'
import {
  ACCESS_TOKEN_SECONDS,
  authorizationServerMetadata,
  CREDENTIAL_CONFIGURATIONS,
  credentialIssuerMetadata,
  credentialOffer,
  didJwkOf,
  isCredentialConfigurationId,
  jwkOfDid,
  maskedEmail,
  NONCE_SECONDS,
  OFFER_MINUTES,
  offerLinkOf,
  offerState,
  PRE_AUTHORIZED_CODE_GRANT,
  PROOF_ALGORITHMS,
  PROOF_JWT_TYPE,
  publicJwk,
  tokenDecision,
  TX_CODE_LENGTH,
  type ProtocolError,
} from '../domain/credentials/openid4vci.ts'
import { findAwardCopy, findCredential } from '../repositories/award-credentials.ts'
import { findCentre } from '../repositories/organisations.ts'
import * as repo from '../repositories/wallet-offers.ts'
import { recordAudit, type Actor } from './audit.ts'
import type { IssuersService } from './issuers.ts'
import { enqueueMail } from './mail.ts'
import { hashToken, newToken, sameSecret } from './tokens.ts'

/** An award its holder may offer to a wallet. */
export interface WalletAward {
  id: string
  credentialTitle: string
  providerName: string
  awardedOn: string
}

/** A new offer, for its holder's page: shown once, as its code is kept only as a hash. */
export interface StartedOffer {
  offerId: string
  /** openid-credential-offer://…, for the QR code and the link. */
  link: string
  expiresAt: Date
  /** Where the transaction code was sent, partly hidden. */
  sentTo: string
}

export type ProtocolAnswer =
  { ok: true; body: JsonObject } | { ok: false; status: 400 | 401; body: ProtocolError }

export interface WalletIssuanceService {
  credentialIssuerMetadata(): Promise<JsonObject>
  authorizationServerMetadata(): JsonObject
  /** The holder's active award, or null when it is not theirs or not active. */
  award(userId: string, awardId: string): Promise<WalletAward | null>
  /** Makes an offer of the holder's active award and e-mails its transaction code; null as award() is. */
  startOffer(
    actor: Actor & { userId: string },
    account: { email: string },
    awardId: string,
  ): Promise<StartedOffer | null>
  /** The credential offer object behind a credential_offer_uri; null unless the offer is open. */
  offer(code: string): Promise<JsonObject | null>
  /** The token endpoint: the offer's code and transaction code for an access token. */
  token(request: { grantType?: string; code?: string; txCode?: string }): Promise<ProtocolAnswer>
  /** The nonce endpoint: a fresh c_nonce for a key proof. */
  nonce(): Promise<JsonObject>
  /** The credential endpoint: the award, signed for the key the proof shows the wallet holds. */
  credential(accessToken: string | null, request: unknown, ip: string | null): Promise<ProtocolAnswer>
  /** Forgets nonces no proof can use any more (housekeeping). */
  pruneNonces(): Promise<void>
}

const refusal = (status: 400 | 401, error: string, description: string): ProtocolAnswer => ({
  ok: false,
  status,
  body: { error, error_description: description },
})

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The one key proof of a credential request (OpenID4VCI 1.0's proofs, or the earlier proof). */
function proofJwtOf(request: Record<string, unknown>): string | ProtocolAnswer {
  const { proofs, proof } = request
  if (proofs !== undefined && proof !== undefined)
    return refusal(400, 'invalid_credential_request', 'Send proofs or proof, not both')
  if (isObject(proofs)) {
    const jwts = proofs.jwt
    if (Object.keys(proofs).length !== 1 || !Array.isArray(jwts))
      return refusal(400, 'invalid_proof', 'Only proofs of the type jwt are taken')
    if (jwts.length !== 1)
      return refusal(400, 'invalid_credential_request', 'Send one key proof: one award is issued at a time')
    const [jwt] = jwts
    return typeof jwt === 'string' ? jwt : refusal(400, 'invalid_proof', 'The key proof is not a JWT')
  }
  if (isObject(proof)) {
    if (proof.proof_type !== 'jwt' || typeof proof.jwt !== 'string')
      return refusal(400, 'invalid_proof', 'Only proofs of the type jwt are taken')
    return proof.jwt
  }
  return refusal(400, 'invalid_proof', 'A key proof is needed, to bind the award to the wallet')
}

export function createWalletIssuanceService(
  db: Kysely<Database>,
  config: Config,
  deps: { issuers: IssuersService; clock: Clock },
): WalletIssuanceService {
  const { issuers, clock } = deps
  const issuer = config.baseUrl
  const addSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000)

  async function awardOf(userId: string, awardId: string): Promise<WalletAward | null> {
    const row = await findAwardCopy(db, awardId)
    if (!row || row.practitioner_id !== userId || row.status !== 'active') return null
    return {
      id: row.id,
      credentialTitle: row.credential_title,
      providerName: row.organisation_name,
      awardedOn: row.awarded_on,
    }
  }

  /** The wallet's key from a proof JWT, checked: its did:jwk, or why the proof is refused. */
  async function holderOf(jwt: string, now: Date): Promise<{ did: string; nonce: string } | ProtocolAnswer> {
    let header
    try {
      header = decodeProtectedHeader(jwt)
    } catch {
      return refusal(400, 'invalid_proof', 'The key proof cannot be read')
    }
    if (header.typ !== PROOF_JWT_TYPE)
      return refusal(400, 'invalid_proof', `The key proof's typ must be ${PROOF_JWT_TYPE}`)
    const algorithm = header.alg
    if (!PROOF_ALGORITHMS.some((a) => a === algorithm) || algorithm === undefined)
      return refusal(400, 'invalid_proof', `Sign the key proof with one of ${PROOF_ALGORITHMS.join(', ')}`)
    const jwk =
      header.jwk !== undefined
        ? publicJwk(header.jwk)
        : typeof header.kid === 'string'
          ? jwkOfDid(header.kid)
          : null
    if (!jwk || (header.jwk !== undefined && header.kid !== undefined))
      return refusal(400, 'invalid_proof', 'Name the key by a public jwk or a did:jwk kid, one of them')
    let payload
    try {
      const key = await importJWK(jwk, algorithm)
      ;({ payload } = await jwtVerify(jwt, key, {
        typ: PROOF_JWT_TYPE,
        audience: issuer,
        algorithms: [algorithm],
        requiredClaims: ['iat', 'nonce'],
        maxTokenAge: NONCE_SECONDS,
        clockTolerance: 60,
        currentDate: now,
      }))
    } catch {
      return refusal(
        400,
        'invalid_proof',
        'The key proof is not signed by its key, is for another issuer, or is too old',
      )
    }
    const { nonce } = payload
    if (typeof nonce !== 'string') return refusal(400, 'invalid_proof', 'The key proof has no nonce')
    return { did: didJwkOf(jwk), nonce }
  }

  return {
    async credentialIssuerMetadata() {
      const centre = await findCentre(db)
      return credentialIssuerMetadata({ issuer, name: centre?.name ?? 'Centre for Advancing Practice' })
    },

    authorizationServerMetadata() {
      return authorizationServerMetadata({ issuer, name: '' })
    },

    award: awardOf,

    async startOffer(actor, account, awardId) {
      const award = await awardOf(actor.userId, awardId)
      if (!award) return null
      const code = newToken()
      const txCode = String(randomInt(10 ** TX_CODE_LENGTH)).padStart(TX_CODE_LENGTH, '0')
      const now = clock.now()
      const expiresAt = addSeconds(now, OFFER_MINUTES * 60)
      const { id } = await db.transaction().execute(async (trx) => {
        const offer = await repo.insertOffer(trx, {
          award_id: award.id,
          user_id: actor.userId,
          pre_authorized_code_hash: hashToken(code),
          tx_code_hash: hashToken(txCode),
          created_at: now,
          expires_at: expiresAt,
        })
        await enqueueMail(trx, {
          to: account.email,
          subject: 'Your code to add an award to your digital wallet',
          text: [
            `You asked to add your award "${award.credentialTitle}" to a digital wallet.`,
            '',
            `When your wallet asks for a code, enter: ${txCode}`,
            '',
            `The code works once, for ${OFFER_MINUTES} minutes from when you asked. If you did not ask, ignore this e-mail: without the code nobody can take the award.`,
          ].join('\n'),
        })
        await recordAudit(trx, actor, {
          action: 'award.wallet_offered',
          entityType: 'award',
          entityId: award.id,
          after: { offer: offer.id },
        })
        return offer
      })
      return {
        offerId: id,
        link: offerLinkOf(issuer, code),
        expiresAt,
        sentTo: maskedEmail(account.email),
      }
    },

    async offer(code) {
      const found = await repo.findOfferByCode(db, hashToken(code))
      if (!found) return null
      const facts = {
        expiresAt: found.expires_at,
        redeemedAt: found.redeemed_at,
        wrongTxCodes: found.wrong_tx_codes,
      }
      return offerState(facts, clock.now()) === 'open' ? credentialOffer(issuer, code) : null
    },

    async token({ grantType, code, txCode }) {
      if (grantType !== PRE_AUTHORIZED_CODE_GRANT)
        return refusal(
          400,
          'unsupported_grant_type',
          `Only the grant ${PRE_AUTHORIZED_CODE_GRANT} is offered`,
        )
      if (!code) return refusal(400, 'invalid_request', 'Send the pre-authorized_code from the offer')
      const now = clock.now()
      return db.transaction().execute(async (trx) => {
        const found = await repo.findOfferByCode(trx, hashToken(code))
        const decision = tokenDecision(
          found
            ? {
                expiresAt: found.expires_at,
                redeemedAt: found.redeemed_at,
                wrongTxCodes: found.wrong_tx_codes,
              }
            : null,
          txCode,
          found !== undefined && txCode !== undefined && sameSecret(hashToken(txCode), found.tx_code_hash),
          now,
        )
        if (!decision.ok) {
          if (decision.wrongTxCode && found) await repo.countWrongTxCode(trx, found.id)
          return { ok: false, status: 400, body: decision.refusal }
        }
        const accessToken = newToken()
        const expiresAt = addSeconds(now, ACCESS_TOKEN_SECONDS)
        if (
          !found ||
          !(await repo.redeemOffer(trx, found.id, { hash: hashToken(accessToken), expiresAt }, now))
        )
          return refusal(400, 'invalid_grant', 'The pre-authorised code has already been used')
        return {
          ok: true,
          body: { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS },
        }
      })
    },

    async nonce() {
      const nonce = newToken()
      await repo.insertNonce(db, {
        nonce_hash: hashToken(nonce),
        expires_at: addSeconds(clock.now(), NONCE_SECONDS),
      })
      return { c_nonce: nonce }
    },

    async credential(accessToken, request, ip) {
      const now = clock.now()
      const found = accessToken
        ? await repo.findOfferByAccessToken(db, hashToken(accessToken), now)
        : undefined
      if (!found) return refusal(401, 'invalid_token', 'The access token is not known or has expired')
      if (!isObject(request)) return refusal(400, 'invalid_credential_request', 'Send a JSON object')
      const configuration = request.credential_configuration_id
      if (configuration === undefined)
        return refusal(400, 'invalid_credential_request', 'Send the credential_configuration_id you want')
      if (!isCredentialConfigurationId(configuration))
        return refusal(
          400,
          'unknown_credential_configuration',
          'No credential of that configuration is offered',
        )
      const jwt = proofJwtOf(request)
      if (typeof jwt !== 'string') return jwt
      const holder = await holderOf(jwt, now)
      if ('ok' in holder) return holder
      if (!(await repo.takeNonce(db, hashToken(holder.nonce), now)))
        return refusal(
          400,
          'invalid_nonce',
          'The nonce is not one this issuer gave, or it was used or is too old',
        )

      const award = await findCredential(db, found.award_id)
      if (!award || award.status !== 'active' || award.practitioner_id !== found.user_id)
        return refusal(400, 'credential_request_denied', 'The award is no longer active')
      const stored = award.credential
      const subject = isObject(stored.credentialSubject) ? stored.credentialSubject : {}
      const bound: JsonObject = {
        ...Object.fromEntries(Object.entries(stored).filter(([name]) => name !== 'proof')),
        credentialSubject: { ...subject, id: holder.did },
      }
      const key = await issuers.signingKey(award.organisation_id)
      const form = CREDENTIAL_CONFIGURATIONS[configuration]
      const credential = form === 'jwt' ? signJwt(bound, key) : await addProof(bound, key, now)
      await db.transaction().execute((trx) =>
        recordAudit(
          trx,
          { userId: found.user_id, label: 'a digital wallet', ip },
          {
            action: 'award.wallet_issued',
            entityType: 'award',
            entityId: found.award_id,
            after: { offer: found.id, format: configuration, holder: holder.did },
          },
        ),
      )
      return { ok: true, body: { credentials: [{ credential }] } }
    },

    async pruneNonces() {
      await repo.deleteExpiredNonces(db, clock.now())
    },
  }
}
