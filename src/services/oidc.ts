// Signing in through an organisation's OpenID Connect provider (such as NHS Care Identity).
// The provider only tells us who the person is: the account must already exist, and is
// found by an e-mail address that the provider says it has verified.
import * as client from 'openid-client'
import type { Config } from '../config.ts'

/** What the browser's session must keep between start() and finish(). */
export interface OidcTransaction {
  state: string
  nonce: string
  codeVerifier: string
}

/**
 * Why finish() found no person: `refused` when the provider sent an error (the person
 * cancelled, or the provider would not sign them in), `unverified` when it gave no
 * verified e-mail address, `failed` for anything else (a wrong state, an expired code,
 * a provider we cannot reach).
 */
export type OidcProblem = 'refused' | 'unverified' | 'failed'

export type OidcResult = { email: string } | { problem: OidcProblem; detail: string }

export interface OidcService {
  /** The address to register with the provider. */
  readonly redirectUri: string
  /** `again`: the person is signed in and must prove it again, so the provider asks them afresh. */
  start(options?: { again?: boolean }): Promise<OidcTransaction & { url: string }>
  /** currentUrl: the callback's path and query, as the browser requested it. */
  finish(currentUrl: string, expected: OidcTransaction): Promise<OidcResult>
}

const SCOPE = 'openid email profile'
// A provider that does not answer within this long will not answer in time for a person
// who is waiting on a page.
const TIMEOUT_SECONDS = 10

/** Plain HTTP only for a provider on this machine: a local test or development provider. */
export function allowsInsecureIssuer(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)
}

export function createOidcService(oidc: NonNullable<Config['oidc']>, baseUrl: string): OidcService {
  const issuer = new URL(oidc.issuer)
  const redirectUri = `${baseUrl}/sign-in/oidc/callback`
  let discovered: Promise<client.Configuration> | undefined

  // Discovered on first use rather than at start, so that the platform starts (and
  // password sign-in works) while the provider is down; a failure is not cached.
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(issuer, oidc.clientId, undefined, client.ClientSecretBasic(oidc.clientSecret), {
        timeout: TIMEOUT_SECONDS,
        execute: allowsInsecureIssuer(issuer) ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined
        throw error
      })
    return discovered
  }

  return {
    redirectUri,

    async start(options = {}) {
      const config = await configuration()
      const codeVerifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(options.again ? { prompt: 'login' } : {}),
      })
      return { url: url.href, state, nonce, codeVerifier }
    },

    async finish(currentUrl, expected) {
      // The redirect URI sent with the code must be the registered one, whatever Host
      // header or proxy the request came through, so only the query is taken from it.
      const callback = new URL(redirectUri)
      callback.search = new URL(currentUrl, redirectUri).search
      try {
        const config = await configuration()
        const tokens = await client.authorizationCodeGrant(config, callback, {
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          pkceCodeVerifier: expected.codeVerifier,
          idTokenExpected: true,
        })
        const claims = tokens.claims()
        if (!claims) return { problem: 'failed', detail: 'no ID token' }
        let { email, email_verified: verified } = claims
        // Providers may keep the e-mail address out of the ID token and give it only from
        // the userinfo endpoint (oidc-provider does so by default). An ID token that says
        // the address is not verified is not overruled.
        if (email === undefined || verified === undefined) {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
          email = info.email
          verified = info.email_verified
        }
        if (typeof email !== 'string' || email === '') return { problem: 'unverified', detail: 'no email' }
        // Strictly true: some providers send "false" as a string, which is truthy.
        if (verified !== true) return { problem: 'unverified', detail: 'email not verified' }
        return { email }
      } catch (error) {
        // Only once the state matched, so that a forged link cannot pose as the provider.
        if (error instanceof client.AuthorizationResponseError) {
          return { problem: 'refused', detail: error.error }
        }
        return { problem: 'failed', detail: error instanceof Error ? error.message : String(error) }
      }
    },
  }
}
