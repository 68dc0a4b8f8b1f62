// What the verifiable-credential tests share: a signer of another body (Digital Bazaar's
// ed25519-multikey with a did:key, the independent implementation), and a document loader
// that resolves our DID documents and status lists through the app, as a verifier on the
// internet would, with contexts from memory.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import assert from 'node:assert/strict'
import { documentLoader } from '../../src/domain/credentials/contexts.ts'
import { TEST_BASE_URL, type TestApp } from './app.ts'

/** A fresh did:key and a signer for it, made by the independent library. */
export async function didKeySigner() {
  const keyPair = await Ed25519Multikey.generate({ controller: 'did:key:placeholder' })
  const did = `did:key:${keyPair.publicKeyMultibase}`
  const withId = await Ed25519Multikey.from({
    ...(await keyPair.export({ publicKey: true, secretKey: true, includeContext: true })),
    id: `${did}#${keyPair.publicKeyMultibase}`,
    controller: did,
  })
  return { did, signer: withId.signer() }
}

type Json = Record<string, unknown>

/** A JSON-LD document loader over the app: did:web documents and keys, and our own URLs. */
export function appDocumentLoader(t: () => TestApp) {
  const get = (url: string) => t().app.inject({ method: 'GET', url })
  return async (url: string) => {
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#')
      const res = await get(`/issuers/${did!.split(':').pop()}/did.json`)
      assert.equal(res.statusCode, 200, url)
      const document = JSON.parse(res.body) as { verificationMethod: Json[] }
      const found = fragment ? document.verificationMethod.find((m) => m.id === url) : document
      return { contextUrl: null, documentUrl: url, document: found }
    }
    if (url.startsWith(TEST_BASE_URL)) {
      const res = await get(url.slice(TEST_BASE_URL.length))
      assert.equal(res.statusCode, 200, url)
      return { contextUrl: null, documentUrl: url, document: JSON.parse(res.body) as unknown }
    }
    return documentLoader(url)
  }
}
