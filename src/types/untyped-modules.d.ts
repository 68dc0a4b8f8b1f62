// Packages that ship no type declarations: only what we use of them.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>
}

// Used only by the interoperability tests, as the independent implementation.
declare module '@digitalbazaar/vc' {
  export function issue(options: object): Promise<Record<string, unknown>>
  export function verifyCredential(options: object): Promise<{ verified: boolean; error?: unknown }>
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: object
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: object)
  }
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface MultikeyPair {
    id: string
    controller: string
    publicKeyMultibase: string
    signer(): object
    export(options: object): Promise<Record<string, unknown>>
  }
  export function generate(options: { id?: string; controller?: string }): Promise<MultikeyPair>
  export function from(key: object): Promise<MultikeyPair>
  export function toJwk(options: { keyPair: MultikeyPair; secretKey?: boolean }): Promise<object>
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function checkStatus(options: object): Promise<{
    verified: boolean
    error?: unknown
    results?: Array<{ verified: boolean; status?: boolean; credentialStatus: { statusPurpose: string } }>
  }>
}
declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: object): Promise<unknown>
}
