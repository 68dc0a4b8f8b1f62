// The VC-JOSE form of a credential (W3C Securing Verifiable Credentials using JOSE and COSE):
// the credential itself, without an embedded proof, as the payload of a compact JWS signed
// with EdDSA, its key named by the protected header's kid.
import type { KeyObject } from 'node:crypto'
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose'
import type { JsonObject } from './data-integrity.ts'

export const JWT_MEDIA_TYPE = 'application/vc+jwt'

export async function signJwt(
  credential: JsonObject,
  key: { privateKey: KeyObject; verificationMethod: string },
) {
  // The JWT is the proof: an embedded one would be a second, redundant one.
  const unsecured = { ...credential }
  delete unsecured.proof
  return new CompactSign(new TextEncoder().encode(JSON.stringify(unsecured)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: key.verificationMethod })
    .sign(key.privateKey)
}

export function looksLikeJwt(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text)
}

export type JwtCheck =
  | { ok: true; credential: JsonObject; verificationMethod: string }
  | { ok: false; reason: string; credential?: JsonObject; verificationMethod?: string }

/** Checks the JWS with the key its kid names (resolved by the caller) and returns the credential. */
export async function checkJwt(
  jwt: string,
  resolveKey: (verificationMethod: string) => Promise<KeyObject | null>,
): Promise<JwtCheck> {
  let header: ReturnType<typeof decodeProtectedHeader>
  let credential: JsonObject
  try {
    header = decodeProtectedHeader(jwt)
    credential = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as JsonObject
  } catch {
    return { ok: false, reason: 'The JWT cannot be read' }
  }
  if (!credential || typeof credential !== 'object' || Array.isArray(credential))
    return { ok: false, reason: 'The JWT does not hold a credential' }
  const kid = header.kid
  if (typeof kid !== 'string')
    return { ok: false, reason: 'The JWT does not say which key signed it', credential }
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519')
    return { ok: false, reason: `The JWT is signed with ${String(header.alg)}, not EdDSA`, credential }
  const key = await resolveKey(kid)
  if (!key)
    return { ok: false, reason: `The key ${kid} cannot be found`, credential, verificationMethod: kid }
  try {
    await compactVerify(jwt, key, { algorithms: ['EdDSA', 'Ed25519'] })
  } catch {
    return {
      ok: false,
      reason:
        'The signature does not match: the credential was changed after it was signed, or signed with another key',
      credential,
      verificationMethod: kid,
    }
  }
  return { ok: true, credential, verificationMethod: kid }
}
