// The token endpoint's one rule: an access token only for a known offer, not used, not
// expired, not stopped, with the right transaction code; every refusal carries the error code
// OpenID4VCI gives for its case, and only a wrong code counts against the offer.
import fc from 'fast-check'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  didJwkOf,
  jwkOfDid,
  MAX_TX_CODE_ATTEMPTS,
  offerState,
  publicJwk,
  tokenDecision,
  type OfferFacts,
} from './openid4vci.ts'

const now = new Date('2026-12-07T12:00:00Z')
const offers = fc.option(
  fc.record({
    expiresAt: fc.integer({ min: -3600, max: 3600 }).map((s) => new Date(now.getTime() + s * 1000)),
    redeemedAt: fc.option(fc.constant(new Date(now.getTime() - 1000)), { nil: null }),
    wrongTxCodes: fc.integer({ min: 0, max: MAX_TX_CODE_ATTEMPTS + 2 }),
  }),
  { nil: null },
)
const txCodes = fc.option(fc.constantFrom('', '123456', '000000'), { nil: undefined })

describe('tokenDecision', () => {
  it('grants a token exactly when the offer is open and the code is given and right', () => {
    fc.assert(
      fc.property(offers, txCodes, fc.boolean(), (offer: OfferFacts | null, txCode, matches) => {
        const decision = tokenDecision(offer, txCode, matches, now)
        const open =
          offer !== null &&
          offer.redeemedAt === null &&
          offer.wrongTxCodes < MAX_TX_CODE_ATTEMPTS &&
          offer.expiresAt.getTime() > now.getTime()
        const given = txCode !== undefined && txCode !== ''
        assert.equal(decision.ok, open && given && matches)
        if (decision.ok) return
        // A closed offer is invalid_grant whatever the code; a missing code invalid_request.
        const expected = !open ? 'invalid_grant' : !given ? 'invalid_request' : 'invalid_grant'
        assert.equal(decision.refusal.error, expected)
        assert.equal(decision.wrongTxCode, open && given && !matches)
      }),
    )
  })

  it('closes an offer once used, once expired, or after the last wrong code', () => {
    fc.assert(
      fc.property(offers, (offer) => {
        if (!offer) return
        const state = offerState(offer, now)
        if (offer.redeemedAt) assert.equal(state, 'redeemed')
        else if (offer.wrongTxCodes >= MAX_TX_CODE_ATTEMPTS) assert.equal(state, 'spent')
        else if (offer.expiresAt <= now) assert.equal(state, 'expired')
        else assert.equal(state, 'open')
      }),
    )
  })
})

describe('holder keys', () => {
  it('keeps only the public members of a key, and refuses a private one', () => {
    const ec = { kty: 'EC', crv: 'P-256', x: 'abc', y: 'def', kid: 'k1', use: 'sig' }
    assert.deepEqual(publicJwk(ec), { crv: 'P-256', kty: 'EC', x: 'abc', y: 'def' })
    assert.equal(publicJwk({ ...ec, d: 'secret' }), null)
    assert.equal(publicJwk({ kty: 'oct', k: 'secret' }), null)
    assert.equal(publicJwk({ kty: 'OKP', crv: 'Ed25519' }), null)
    assert.equal(publicJwk('did:jwk:x'), null)
  })

  it('reads back the key of every did:jwk it makes', () => {
    fc.assert(
      fc.property(fc.base64String({ minLength: 4 }), fc.base64String({ minLength: 4 }), (x, y) => {
        const jwk = { crv: 'P-256', kty: 'EC', x, y }
        assert.deepEqual(jwkOfDid(didJwkOf(jwk)), jwk)
        assert.deepEqual(jwkOfDid(`${didJwkOf(jwk)}#0`), jwk)
      }),
    )
    assert.equal(jwkOfDid('did:key:z6Mk'), null)
    assert.equal(jwkOfDid('did:jwk:!!!'), null)
  })
})
