// OpenID for Verifiable Credential Issuance 1.0, as this platform speaks it: a holder signed in
// here asks for an offer of one of their awards, so only the pre-authorised code flow is
// offered, and always with a transaction code sent to their e-mail address (the offer is shown
// on a screen, where anyone nearby can photograph it). A wallet receives the award in either
// form the platform signs, bound to a key the wallet proves it holds.
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts'

export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt'
export const OFFER_SCHEME = 'openid-credential-offer://'

/** The two forms of an award a wallet can ask for, by their credential configuration ids. */
export const CREDENTIAL_CONFIGURATIONS = {
  OpenBadgeCredential_jwt_vc_json: 'jwt',
  OpenBadgeCredential_ldp_vc: 'data-integrity',
} as const
export type CredentialConfigurationId = keyof typeof CREDENTIAL_CONFIGURATIONS
export type CredentialForm = (typeof CREDENTIAL_CONFIGURATIONS)[CredentialConfigurationId]
export const isCredentialConfigurationId = (value: unknown): value is CredentialConfigurationId =>
  typeof value === 'string' && Object.hasOwn(CREDENTIAL_CONFIGURATIONS, value)

/** Signature algorithms a wallet may prove its key with (those Node verifies without extras). */
export const PROOF_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'PS256', 'RS256'] as const

// Long enough to open a wallet, scan the code and type in the code from the e-mail; short
// enough that a forgotten offer on a screen is soon worth nothing.
export const OFFER_MINUTES = 15
export const ACCESS_TOKEN_SECONDS = 300
export const NONCE_SECONDS = 300
export const TX_CODE_LENGTH = 6
/** Wrong transaction codes an offer takes before it is spent: a guess at a 6-digit code is 1 in a million. */
export const MAX_TX_CODE_ATTEMPTS = 5

export type OfferState = 'open' | 'redeemed' | 'expired' | 'spent'

export interface OfferFacts {
  expiresAt: Date
  redeemedAt: Date | null
  wrongTxCodes: number
}

/** Where an offer stands at `now`: it works once, until it expires or too many wrong codes are tried. */
export function offerState(offer: OfferFacts, now: Date): OfferState {
  if (offer.redeemedAt) return 'redeemed'
  if (offer.wrongTxCodes >= MAX_TX_CODE_ATTEMPTS) return 'spent'
  if (now.getTime() >= offer.expiresAt.getTime()) return 'expired'
  return 'open'
}

/** An OAuth 2.0 error (RFC 6749 section 5.2, OpenID4VCI sections 6.3 and 8.3.1.2). */
export interface ProtocolError {
  error: string
  error_description: string
}

export type TokenDecision = { ok: true } | { ok: false; refusal: ProtocolError; wrongTxCode: boolean }

const refuse = (error: string, description: string, wrongTxCode = false): TokenDecision => ({
  ok: false,
  refusal: { error, error_description: description },
  wrongTxCode,
})

/**
 * The token endpoint's one rule: an access token only for a known, open offer with the right
 * transaction code. The error codes are those OpenID4VCI gives for each case.
 */
export function tokenDecision(
  offer: OfferFacts | null,
  txCode: string | undefined,
  txCodeMatches: boolean,
  now: Date,
): TokenDecision {
  if (!offer) return refuse('invalid_grant', 'The pre-authorised code is not known')
  switch (offerState(offer, now)) {
    case 'redeemed':
      return refuse('invalid_grant', 'The pre-authorised code has already been used')
    case 'expired':
      return refuse('invalid_grant', 'The pre-authorised code has expired')
    case 'spent':
      return refuse('invalid_grant', 'The offer was stopped after too many wrong transaction codes')
    case 'open':
      break
  }
  if (txCode === undefined || txCode === '')
    return refuse('invalid_request', 'This offer needs the transaction code sent by e-mail')
  if (!txCodeMatches) return refuse('invalid_grant', 'The transaction code is wrong', true)
  return { ok: true }
}

export interface IssuerDescription {
  /** The credential issuer identifier: this platform's base URL. */
  issuer: string
  name: string
}

const endpoint = (issuer: string, path: string) => `${issuer}/openid4vci/${path}`

export const BADGE_TYPES = ['VerifiableCredential', 'OpenBadgeCredential']

/** The credential issuer metadata, served at /.well-known/openid-credential-issuer. */
export function credentialIssuerMetadata({ issuer, name }: IssuerDescription) {
  const display = [
    {
      name: 'Advanced practice credential',
      locale: 'en-GB',
      description: `An award of a credential endorsed by the ${name}, as an Open Badge`,
    },
  ]
  const common = {
    cryptographic_binding_methods_supported: ['jwk', 'did:jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
    credential_metadata: { display },
  }
  return {
    credential_issuer: issuer,
    credential_endpoint: endpoint(issuer, 'credential'),
    nonce_endpoint: endpoint(issuer, 'nonce'),
    display: [{ name, locale: 'en-GB' }],
    credential_configurations_supported: {
      OpenBadgeCredential_jwt_vc_json: {
        format: 'jwt_vc_json',
        credential_signing_alg_values_supported: ['EdDSA'],
        credential_definition: { type: BADGE_TYPES },
        ...common,
      },
      OpenBadgeCredential_ldp_vc: {
        format: 'ldp_vc',
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        credential_definition: { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], type: BADGE_TYPES },
        ...common,
      },
    } satisfies Record<CredentialConfigurationId, object>,
  }
}

/** RFC 8414 metadata: the credential issuer is its own authorisation server. */
export function authorizationServerMetadata({ issuer }: IssuerDescription) {
  return {
    issuer,
    token_endpoint: endpoint(issuer, 'token'),
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  }
}

/** The credential offer object for one award, both forms, with its pre-authorised code. */
export function credentialOffer(issuer: string, preAuthorizedCode: string) {
  return {
    credential_issuer: issuer,
    credential_configuration_ids: Object.keys(CREDENTIAL_CONFIGURATIONS),
    grants: {
      [PRE_AUTHORIZED_CODE_GRANT]: {
        'pre-authorized_code': preAuthorizedCode,
        tx_code: {
          input_mode: 'numeric',
          length: TX_CODE_LENGTH,
          description: `Enter the ${TX_CODE_LENGTH}-digit code we sent to your e-mail address`,
        },
      },
    },
  }
}

/** Where a wallet fetches the offer (credential_offer_uri). */
export const offerUriOf = (issuer: string, offerId: string) => endpoint(issuer, `offers/${offerId}`)

/** The link and QR code's content: the offer by reference, which keeps the QR code small. */
export const offerLinkOf = (issuer: string, offerId: string) =>
  `${OFFER_SCHEME}?credential_offer_uri=${encodeURIComponent(offerUriOf(issuer, offerId))}`

/** "p***@nhs.net": enough for the holder to know which inbox, not enough to learn the address. */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return 'your e-mail address'
  return `${email[0]}***${email.slice(at)}`
}

/** The public members of a JWK, in the order RFC 7638 sorts them; null if it is not a public key we take. */
export function publicJwk(jwk: unknown): Record<string, string> | null {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) return null
  const members = new Map(Object.entries(jwk))
  if (members.has('d')) return null
  const kty = members.get('kty')
  const wanted =
    kty === 'OKP' || kty === 'EC'
      ? ['crv', 'kty', 'x', ...(kty === 'EC' ? ['y'] : [])]
      : kty === 'RSA'
        ? ['e', 'kty', 'n']
        : null
  if (!wanted) return null
  const result: Record<string, string> = {}
  for (const name of wanted) {
    const value = members.get(name)
    if (typeof value !== 'string' || value === '') return null
    result[name] = value
  }
  return result
}

/** The holder's key as a did:jwk, the credential subject's id in what a wallet receives. */
export const didJwkOf = (jwk: Record<string, string>) =>
  `did:jwk:${Buffer.from(JSON.stringify(jwk), 'utf8').toString('base64url')}`

/** The public JWK a did:jwk (or its #0 key) names; null when it is not one. */
export function jwkOfDid(did: string): Record<string, string> | null {
  const match = /^did:jwk:([A-Za-z0-9_-]+)(?:#0)?$/.exec(did)
  if (!match?.[1]) return null
  try {
    return publicJwk(JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')))
  } catch {
    return null
  }
}
