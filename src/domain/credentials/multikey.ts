// Ed25519 public keys as Multikey (multicodec 0xed01, base58btc multibase), and the DIDs that
// name keys and issuers: did:key for a bare key, did:web for an issuer on this platform.
import { createPublicKey, type KeyObject } from 'node:crypto'
import { base58btcDecode, base58btcEncode } from './base58.ts'

const ED25519_PUB = [0xed, 0x01]

export function publicKeyMultibase(rawPublicKey: Uint8Array): string {
  return `z${base58btcEncode(Uint8Array.from([...ED25519_PUB, ...rawPublicKey]))}`
}

/** The 32 raw bytes of an Ed25519 public key in Multikey form, or null when it is not one. */
export function rawFromMultibase(multibase: string): Uint8Array | null {
  if (!multibase.startsWith('z')) return null
  const bytes = base58btcDecode(multibase.slice(1))
  if (!bytes || bytes.length !== 34 || bytes[0] !== ED25519_PUB[0] || bytes[1] !== ED25519_PUB[1]) return null
  return bytes.slice(2)
}

/** A Node public key object from 32 raw bytes. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  })
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' })
  if (!jwk.x) throw new Error('The key has no public part to export')
  return Buffer.from(jwk.x, 'base64url')
}

/**
 * The did:web of a path under a base URL: https://example.org:8443/issuers/abc gives
 * did:web:example.org%3A8443:issuers:abc (the port's colon is percent-encoded).
 */
export function didWeb(baseUrl: string, ...segments: string[]): string {
  const url = new URL(baseUrl)
  const basePath = url.pathname.split('/').filter(Boolean)
  return ['did:web', encodeURIComponent(url.host), ...basePath, ...segments].join(':')
}

/** Where a did:web's document is: its path segments then did.json (or /.well-known/did.json). */
export function didWebDocumentUrl(did: string): string | null {
  if (!did.startsWith('did:web:')) return null
  const [host, ...segments] = did.slice('did:web:'.length).split(':')
  if (!host) return null
  const path = segments.length
    ? `/${segments.map(decodeURIComponent).join('/')}/did.json`
    : '/.well-known/did.json'
  return `https://${decodeURIComponent(host)}${path}`
}

/** The Multikey inside a did:key, or null when the DID is not an Ed25519 did:key. */
export function didKeyMultibase(did: string): string | null {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#.*)?$/.exec(did)
  const multibase = match?.[1]
  return multibase && rawFromMultibase(multibase) ? multibase : null
}
