// Tokens for machine clients, such as a university's student-records system. A token is
// "apc_<prefix>_<secret>": the prefix finds the row, the secret is checked against its hash.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/api-tokens.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { hashToken, newToken, sameSecret } from './tokens.ts'

export interface ApiTokenSummary {
  id: string
  name: string
  prefix: string
  createdAt: Date
  createdBy: string | null
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export interface ApiClient {
  tokenId: string
  tokenName: string
  organisationId: string
  organisationName: string
}

export interface ApiTokensService {
  create(
    organisationId: string,
    name: string,
    actor: Actor,
  ): Promise<{ token: string; summary: ApiTokenSummary }>
  list(organisationId: string): Promise<ApiTokenSummary[]>
  revoke(organisationId: string, tokenId: string, actor: Actor): Promise<void>
  authenticate(bearer: string): Promise<ApiClient | null>
}

const TOKEN_FORMAT = /^apc_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/

export function createApiTokensService(db: Kysely<Database>): ApiTokensService {
  return {
    async create(organisationId, nameInput, actor) {
      const name = nameInput.trim()
      if (!name)
        throw new ServiceError('Enter a name for the token, such as the system that will use it', 'name')
      if (name.length > 100) throw new ServiceError('Name must be 100 characters or fewer', 'name')
      const prefix = newToken(9).replace(/[-_]/g, 'x').slice(0, 12)
      const secret = newToken(32)
      const token = `apc_${prefix}_${secret}`
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await repo.insertApiToken(trx, {
          organisation_id: organisationId,
          name,
          token_prefix: prefix,
          token_hash: hashToken(secret),
          created_by: actor.userId,
        })
        await recordAudit(trx, actor, {
          action: 'api_token.created',
          entityType: 'api_token',
          entityId: inserted.id,
          after: { organisationId, name, prefix },
        })
        return inserted
      })
      return {
        token,
        summary: {
          id: row.id,
          name,
          prefix,
          createdAt: row.created_at,
          createdBy: actor.label,
          lastUsedAt: null,
          revokedAt: null,
        },
      }
    },

    async list(organisationId) {
      return (await repo.listApiTokens(db, organisationId)).map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.token_prefix,
        createdAt: t.created_at,
        createdBy: t.created_by_name,
        lastUsedAt: t.last_used_at,
        revokedAt: t.revoked_at,
      }))
    },

    async revoke(organisationId, tokenId, actor) {
      await db.transaction().execute(async (trx) => {
        const token = await repo.findApiToken(trx, tokenId)
        if (!token || token.organisation_id !== organisationId)
          throw new ServiceError('There is no such token')
        if (token.revoked_at) return
        await repo.revokeApiToken(trx, tokenId, actor.userId)
        await recordAudit(trx, actor, {
          action: 'api_token.revoked',
          entityType: 'api_token',
          entityId: tokenId,
          before: { name: token.name, prefix: token.token_prefix },
        })
      })
    },

    async authenticate(bearer) {
      const match = TOKEN_FORMAT.exec(bearer)
      const [, prefix, secret] = match ?? []
      if (prefix === undefined || secret === undefined) return null
      const row = await repo.findApiTokenByPrefix(db, prefix)
      if (!row || row.revoked_at || !sameSecret(row.token_hash, hashToken(secret))) return null
      await repo.markApiTokenUsed(db, row.id)
      return {
        tokenId: row.id,
        tokenName: row.name,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
      }
    },
  }
}
