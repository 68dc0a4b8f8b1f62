// signJwt encodes into one reused buffer: these cases would break a wrong size or offset
// (text beyond ASCII, a credential larger than the buffer, a short one after a long one).
// jose, the independent implementation, is the judge.
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, it } from 'node:test'
import { compactVerify, importJWK } from 'jose'
import { checkJwt, signJwt, signJwtPayload } from './jwt.ts'
import type { JsonObject } from './data-integrity.ts'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const key = { privateKey, verificationMethod: 'did:web:example.test#key-1' }
const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x

async function joseReads(jwt: string) {
  const { payload, protectedHeader } = await compactVerify(
    jwt,
    await importJWK({ kty: 'OKP', crv: 'Ed25519', x }, 'EdDSA'),
  )
  assert.equal(protectedHeader.kid, key.verificationMethod)
  return JSON.parse(new TextDecoder().decode(payload)) as JsonObject
}

const credential = (name: string, extra: JsonObject = {}): JsonObject => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  issuer: 'did:web:example.test',
  credentialSubject: { name },
  ...extra,
})

describe('signJwt', () => {
  it('signs text beyond ASCII (two-, three- and four-byte UTF-8) so that jose verifies it', async () => {
    const subject = credential('Siân Ó Dálaigh — Nurse ≥ band 8 🩺')
    assert.deepEqual(await joseReads(signJwt(subject, key)), subject)
  })

  it('grows its buffer for a large credential, then still signs a small one correctly', async () => {
    const large = credential('Large', { evidence: 'é'.repeat(70_000) + '🩺'.repeat(20_000) })
    assert.deepEqual(await joseReads(signJwt(large, key)), large)
    const small = credential('Small')
    assert.deepEqual(await joseReads(signJwt(small, key)), small)
  })

  it('leaves out an embedded proof, without changing the credential it was given', async () => {
    const withProof = credential('Proved', { proof: { type: 'DataIntegrityProof' } })
    const read = await joseReads(signJwt(withProof, key))
    assert.equal(read.proof, undefined)
    assert.deepEqual(read, credential('Proved'))
    assert.deepEqual(withProof.proof, { type: 'DataIntegrityProof' })
  })

  it("signs JSON text as it is given (the database's spacing and key order), so that jose verifies it", async () => {
    const text =
      '{"id": "urn:uuid:1", "type": ["VerifiableCredential"], "issuer": "did:web:example.test", "credentialSubject": {"name": "Siân 🩺"}}'
    const jwt = signJwtPayload(text, key)
    assert.equal(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'), text)
    assert.deepEqual(await joseReads(jwt), JSON.parse(text))
  })

  it('verifies what it signed, and not a payload changed after signing', async () => {
    const jwt = signJwt(credential('Checked'), key)
    assert.equal((await checkJwt(jwt, async () => publicKey)).ok, true)
    const [header, , signature] = jwt.split('.')
    const changed = Buffer.from(JSON.stringify(credential('Changed'))).toString('base64url')
    assert.equal((await checkJwt(`${header}.${changed}.${signature}`, async () => publicKey)).ok, false)
  })
})
