// Issuers' private keys at rest: AES-256-GCM under the master key, bound to the key's owner
// and number (the additional data), so a sealed key copied to another row does not open.
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto'

const NONCE = 12
const TAG = 16

export function sealPrivateKey(privateKey: KeyObject, masterKey: Buffer, boundTo: string): Buffer {
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce)
  cipher.setAAD(Buffer.from(boundTo, 'utf8'))
  const sealed = Buffer.concat([
    cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })),
    cipher.final(),
  ])
  return Buffer.concat([nonce, cipher.getAuthTag(), sealed])
}

/** The private key; throws when the master key or the owner is not the one it was sealed with. */
export function openPrivateKey(sealed: Uint8Array, masterKey: Buffer, boundTo: string): KeyObject {
  const bytes = Buffer.from(sealed)
  const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, NONCE))
  decipher.setAAD(Buffer.from(boundTo, 'utf8'))
  decipher.setAuthTag(bytes.subarray(NONCE, NONCE + TAG))
  const der = Buffer.concat([decipher.update(bytes.subarray(NONCE + TAG)), decipher.final()])
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
}
