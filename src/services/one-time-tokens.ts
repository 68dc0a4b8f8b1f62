// Links sent by e-mail that work once: invitations, password resets and confirmations of an
// e-mail address. Registration, authentication and account administration each send some;
// each is issued here, so that every one is stored (only its hash) and dated the same way.
import type { Kysely } from 'kysely'
import { tokenExpiry, type Role, type TokenPurpose } from '../domain/accounts.ts'
import type { Database } from '../db/schema.ts'
import { insertOneTimeToken } from '../repositories/one-time-tokens.ts'
import { hashToken, newToken } from './tokens.ts'

/**
 * A new token for `purpose`, issued at `now` and working for as long as links for that
 * purpose do, unless `expiresAt` says otherwise. Returns the token, to send, and its row's id.
 */
export async function issueOneTimeToken(
  trx: Kysely<Database>,
  purpose: TokenPurpose,
  fields: {
    user_id: string | null
    email: string
    display_name?: string | null
    role?: Role | null
    organisation_id?: string | null
    created_by?: string | null
  },
  now: Date,
  expiresAt: Date = tokenExpiry(purpose, now),
): Promise<{ token: string; id: string }> {
  const token = newToken()
  const row = await insertOneTimeToken(trx, {
    purpose,
    token_hash: hashToken(token),
    created_at: now,
    expires_at: expiresAt,
    ...fields,
  })
  return { token, id: row.id }
}

/** The link to a page of this platform that takes the token, as an e-mail gives it. */
export function linkWithToken(baseUrl: string, path: string, token: string): string {
  return `${baseUrl}${path}?token=${encodeURIComponent(token)}`
}
