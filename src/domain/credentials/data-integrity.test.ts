// Our Data Integrity proofs against an independent implementation, used only here: Digital
// Bazaar's vc library with its eddsa-rdfc-2022 cryptosuite verifies what we sign, and we
// verify what it signs.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import assert from 'node:assert/strict'
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, it } from 'node:test'
import { didKeySigner } from '../../../test/support/credentials.ts'
import { documentLoader, MULTIKEY_CONTEXT, DID_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts'
import { addProof, checkProof, type JsonObject } from './data-integrity.ts'
import {
  didKeyMultibase,
  ed25519PublicKey,
  publicKeyMultibase,
  rawFromMultibase,
  rawPublicKey,
} from './multikey.ts'

const ISSUER = 'did:web:credentials.example.org:issuers:demo-university'
const KEY_ID = `${ISSUER}#key-1`

function credential(overrides: JsonObject = {}): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: 'https://credentials.example.org/awards/0b8e1a52-1c7e-4d2a-9e55-0d7b1c9a1f00/credential',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: ISSUER, type: ['Profile'], name: 'Demo University' },
    validFrom: '2026-07-31T00:00:00Z',
    name: 'Frailty in older people',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          identityHash: 'sha256$5d6f3b0f0c4c1f2f0d8e0b1b6a1e4c2a9f6f7d2b3c4e5f60718293a4b5c6d7e8',
          salt: 'b7c1d0',
        },
      ],
      achievement: {
        id: 'https://credentials.example.org/achievements/frailty/1',
        type: ['Achievement'],
        name: 'Frailty in older people',
        description: 'Advanced practice in the care of older people living with frailty.',
        criteria: { narrative: 'Passed the assessment of every learning outcome.' },
      },
    },
    ...overrides,
  }
}

/** A loader for the independent library: our bundled contexts, and the issuer's key and DID. */
function loaderWith(publicKey: string) {
  const key = {
    '@context': MULTIKEY_CONTEXT,
    id: KEY_ID,
    type: 'Multikey',
    controller: ISSUER,
    publicKeyMultibase: publicKey,
  }
  const didDocument = {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: ISSUER,
    verificationMethod: [key],
    assertionMethod: [KEY_ID],
  }
  return async (url: string) => {
    if (url === KEY_ID) return { contextUrl: null, documentUrl: url, document: key }
    if (url === ISSUER) return { contextUrl: null, documentUrl: url, document: didDocument }
    return documentLoader(url)
  }
}

function ourKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKey, multibase: publicKeyMultibase(rawPublicKey(publicKey)) }
}

const byKey = (key: KeyObject) => async () => key
const suite = () => new DataIntegrityProof({ cryptosuite })
// Our test credentials carry no status entry; the library asks for a check when one exists.
const checkStatus = async () => ({ verified: true })

describe('Data Integrity proofs (eddsa-rdfc-2022)', () => {
  it('signs a credential that the independent implementation verifies', async () => {
    const keys = ourKeys()
    const signed = await addProof(
      credential(),
      { privateKey: keys.privateKey, verificationMethod: KEY_ID },
      new Date(),
    )
    const result = await vc.verifyCredential({
      credential: signed,
      suite: suite(),
      documentLoader: loaderWith(keys.multibase),
      checkStatus,
    })
    assert.equal(result.verified, true, JSON.stringify(result.error, null, 1))
    assert.deepEqual(await checkProof(signed, byKey(keys.publicKey)), {
      ok: true,
      verificationMethod: KEY_ID,
      created: signed.proof.created,
    })
  })

  it('verifies a credential the independent implementation signed, with its did:key', async () => {
    const { did, signer } = await didKeySigner()
    const theirs = (await vc.issue({
      credential: credential({ issuer: { id: did, type: ['Profile'], name: 'Another body' } }),
      suite: new DataIntegrityProof({ signer, cryptosuite }),
      documentLoader,
    })) as JsonObject
    const resolve = async (verificationMethod: string) => {
      const multibase = didKeyMultibase(verificationMethod)
      const raw = multibase && rawFromMultibase(multibase)
      return raw ? ed25519PublicKey(raw) : null
    }
    const check = await checkProof(theirs, resolve)
    assert.equal(check.ok, true, JSON.stringify(check))
  })

  it('refuses a changed field, another key, and a mangled signature, each with its reason', async () => {
    const keys = ourKeys()
    const signed = await addProof(
      credential(),
      { privateKey: keys.privateKey, verificationMethod: KEY_ID },
      new Date(),
    )

    const renamed = { ...signed, name: 'Something grander' }
    const changed = await checkProof(renamed, byKey(keys.publicKey))
    assert.equal(changed.ok, false)
    assert.match(!changed.ok ? changed.reason : '', /signature does not match/)
    const theirs = await vc.verifyCredential({
      credential: renamed,
      suite: suite(),
      documentLoader: loaderWith(keys.multibase),
      checkStatus,
    })
    assert.equal(theirs.verified, false, 'the independent implementation agrees')

    const other = ourKeys()
    const wrongKey = await checkProof(signed, byKey(other.publicKey))
    assert.match(!wrongKey.ok ? wrongKey.reason : '', /signature does not match/)

    const mangled = { ...signed, proof: { ...signed.proof, proofValue: 'z0OIl' } }
    assert.match(
      ((await checkProof(mangled, byKey(keys.publicKey))) as { reason: string }).reason,
      /malformed/,
    )

    const unknownKey = await checkProof(signed, async () => null)
    assert.match((unknownKey as { reason: string }).reason, /cannot be found/)

    const unknownContext = await addProof(
      credential({ '@context': [VC_V2_CONTEXT, 'https://attacker.example/context.json'] }),
      { privateKey: keys.privateKey, verificationMethod: KEY_ID },
      new Date(),
    ).catch((error: Error) => error)
    assert.ok(unknownContext instanceof Error, 'a context from elsewhere is never fetched')
  })
})
