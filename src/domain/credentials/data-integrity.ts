// Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C Data Integrity EdDSA
// Cryptosuites v1.0): the document and the proof's options are each put in RDFC-1.0 canonical
// form and hashed with SHA-256; the proof options' hash then the document's is signed with
// Ed25519, and the signature kept as base58btc multibase.
import { createHash, sign, verify, type KeyObject } from 'node:crypto'
import { base58btcDecode, base58btcEncode } from './base58.ts'
import { canonicalNQuads } from './canonical.ts'

export type JsonObject = { [key: string]: unknown }

export interface DataIntegrityProof {
  type: 'DataIntegrityProof'
  cryptosuite: 'eddsa-rdfc-2022'
  created: string
  verificationMethod: string
  proofPurpose: string
  proofValue: string
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest()

// An import signs thousands of credentials with the same proof options (the same key, and a
// creation time to the second), so the options' hash is kept for the few last seen.
const MAX_OPTIONS_HASHES = 16
const optionsHashes = new Map<string, Buffer>()

async function optionsHash(proofConfig: JsonObject): Promise<Buffer> {
  const key = JSON.stringify(proofConfig)
  const known = optionsHashes.get(key)
  if (known) return known
  const hash = sha256(await canonicalNQuads(proofConfig))
  if (optionsHashes.size >= MAX_OPTIONS_HASHES) optionsHashes.clear()
  optionsHashes.set(key, hash)
  return hash
}

async function hashData(unsecured: JsonObject, options: Omit<DataIntegrityProof, 'proofValue'>) {
  const [documentForm, optionsDigest] = await Promise.all([
    canonicalNQuads(unsecured),
    optionsHash({ '@context': unsecured['@context'], ...options }),
  ])
  return Buffer.concat([optionsDigest, sha256(documentForm)])
}

/** The document with a proof by the key, named by its verification method. */
export async function addProof<T extends JsonObject>(
  document: T,
  key: { privateKey: KeyObject; verificationMethod: string },
  created: Date,
): Promise<T & { proof: DataIntegrityProof }> {
  const options = {
    type: 'DataIntegrityProof' as const,
    cryptosuite: 'eddsa-rdfc-2022' as const,
    created: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: key.verificationMethod,
    proofPurpose: 'assertionMethod',
  }
  const signature = sign(null, await hashData(document, options), key.privateKey)
  return { ...document, proof: { ...options, proofValue: `z${base58btcEncode(signature)}` } }
}

export type ProofCheck =
  | { ok: true; verificationMethod: string; created: string }
  | { ok: false; reason: string; verificationMethod?: string }

/**
 * Checks the document's one eddsa-rdfc-2022 proof with the key its verification method names
 * (resolved by the caller: null when it cannot be found).
 */
export async function checkProof(
  secured: JsonObject,
  resolveKey: (verificationMethod: string) => Promise<KeyObject | null>,
): Promise<ProofCheck> {
  const { proof, ...unsecured } = secured
  if (!proof || typeof proof !== 'object' || Array.isArray(proof))
    return { ok: false, reason: 'The credential has no proof' }
  const { proofValue, ...options } = proof as Partial<DataIntegrityProof>
  if (options.type !== 'DataIntegrityProof' || options.cryptosuite !== 'eddsa-rdfc-2022')
    return { ok: false, reason: 'The proof is not a DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite' }
  if (options.proofPurpose !== 'assertionMethod')
    return { ok: false, reason: 'The proof is not for the purpose of asserting the credential' }
  const verificationMethod = options.verificationMethod
  if (typeof verificationMethod !== 'string')
    return { ok: false, reason: 'The proof does not say which key made it' }
  const signature =
    typeof proofValue === 'string' && proofValue.startsWith('z') && base58btcDecode(proofValue.slice(1))
  if (!signature || signature.length !== 64)
    return { ok: false, reason: 'The proof’s signature is malformed', verificationMethod }
  const key = await resolveKey(verificationMethod)
  if (!key) return { ok: false, reason: `The key ${verificationMethod} cannot be found`, verificationMethod }
  let data: Buffer
  try {
    data = await hashData(unsecured, options as Omit<DataIntegrityProof, 'proofValue'>)
  } catch {
    // The library's own words (contexts, safe mode, stack depth) mean nothing to the people
    // who read this; what matters is that the signature cannot be checked.
    return {
      ok: false,
      reason:
        'Its signature cannot be checked: it uses terms or contexts this service does not recognise, or its structure cannot be read',
      verificationMethod,
    }
  }
  if (!verify(null, data, key, signature))
    return {
      ok: false,
      reason:
        'The signature does not match: the credential was changed after it was signed, or signed with another key',
      verificationMethod,
    }
  return { ok: true, verificationMethod, created: String(options.created) }
}
