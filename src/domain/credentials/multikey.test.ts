import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import assert from 'node:assert/strict'
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { base58btcDecode, base58btcEncode } from './base58.ts'
import {
  didKeyMultibase,
  didWeb,
  didWebDocumentUrl,
  publicKeyMultibase,
  rawFromMultibase,
  rawPublicKey,
} from './multikey.ts'

describe('base58btc', () => {
  it('encodes the known examples and round-trips any bytes, leading zeros included', () => {
    assert.equal(base58btcEncode(Buffer.from('Hello World!')), '2NEpo7TZRRrLZSi2U')
    assert.equal(base58btcEncode(Uint8Array.from([0, 0, 1])), '112')
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from([...(i % 3 ? [] : [0, 0]), ...randomBytes(i)])
      assert.deepEqual(base58btcDecode(base58btcEncode(bytes)), bytes)
    }
    assert.equal(base58btcDecode('0OIl'), null)
  })
})

describe('Multikey and DIDs', () => {
  it('writes an Ed25519 public key as the independent implementation does', async () => {
    const theirs = await Ed25519Multikey.generate({ controller: 'did:example:1' })
    const jwk = (await Ed25519Multikey.toJwk({ keyPair: theirs })) as { x: string }
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' })
    assert.equal(publicKeyMultibase(rawPublicKey(publicKey)), theirs.publicKeyMultibase)
    assert.deepEqual(
      Buffer.from(rawFromMultibase(theirs.publicKeyMultibase)!),
      Buffer.from(jwk.x, 'base64url'),
    )
    assert.equal(rawFromMultibase('zabc'), null)
  })

  it('names issuers with did:web under the base URL, and finds the document again', () => {
    assert.equal(
      didWeb('https://credentials.example.org', 'issuers', 'abc'),
      'did:web:credentials.example.org:issuers:abc',
    )
    assert.equal(didWeb('http://localhost:3000/', 'issuers', 'abc'), 'did:web:localhost%3A3000:issuers:abc')
    assert.equal(
      didWebDocumentUrl('did:web:localhost%3A3000:issuers:abc'),
      'https://localhost:3000/issuers/abc/did.json',
    )
    assert.equal(didWebDocumentUrl('did:web:example.org'), 'https://example.org/.well-known/did.json')
    assert.equal(didWebDocumentUrl('did:key:z6Mk'), null)
  })

  it('reads the key inside an Ed25519 did:key', () => {
    const multibase = publicKeyMultibase(rawPublicKey(generateKeyPairSync('ed25519').publicKey))
    assert.equal(didKeyMultibase(`did:key:${multibase}#${multibase}`), multibase)
    assert.equal(
      didKeyMultibase('did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'),
      null,
      'a secp256k1 key',
    )
  })
})
