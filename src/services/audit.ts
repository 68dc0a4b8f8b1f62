import { randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  actorLabelDigest,
  auditHashV2,
  checkChain,
  contentDigest,
  CURRENT_HASH_VERSION,
  GENESIS_HASH,
  pseudonymFor,
  type ChainCheck,
} from '../domain/audit.ts'
import type { Database } from '../db/schema.ts'
import { withoutSecrets } from '../domain/export-safety.ts'
import * as repo from '../repositories/audit.ts'
import { inBatches } from './batches.ts'

/** Who is acting, from where: every use case that changes something receives one. */
export interface Actor {
  userId: string | null
  label: string
  ip: string | null
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system', ip: null }

export interface AuditRecord {
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

/**
 * Appends one event inside the caller's transaction, so that the record and the change it
 * describes are saved together or not at all.
 */
export async function recordAudit(
  trx: Transaction<Database>,
  actor: Actor,
  record: AuditRecord,
): Promise<void> {
  await repo.lockChain(trx)
  const prevHash = (await repo.lastHash(trx))?.hash ?? GENESIS_HASH
  // Millisecond precision, as the hash will see it when read back.
  const occurredAt = new Date(Math.floor(Date.now()))
  // Salts of their own per event, so that equal content gives unrelated digests, and one each
  // for the label and before/after, so that either can be erased without the other.
  const labelSalt = randomBytes(16).toString('hex')
  const contentSalt = randomBytes(16).toString('hex')
  const before = record.before ?? null
  const after = record.after ?? null
  const content = {
    occurredAt,
    actorUserId: actor.userId,
    actorLabelDigest: actorLabelDigest(labelSalt, actor.label),
    contentDigest: contentDigest(contentSalt, { before, after }),
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId ?? null,
    ip: actor.ip,
  }
  await repo.insertEvent(trx, {
    occurred_at: occurredAt,
    actor_user_id: content.actorUserId,
    actor_label: actor.label,
    action: content.action,
    entity_type: content.entityType,
    entity_id: content.entityId,
    ip: content.ip,
    before,
    after,
    prev_hash: prevHash,
    hash: auditHashV2(prevHash, content),
    hash_version: CURRENT_HASH_VERSION,
    actor_label_salt: labelSalt,
    actor_label_digest: content.actorLabelDigest,
    content_salt: contentSalt,
    content_digest: content.contentDigest,
  })
}

export interface AuditEvent {
  id: number
  occurredAt: Date
  actorLabel: string
  action: string
  entityType: string
  entityId: string | null
  ip: string | null
  before: unknown
  after: unknown
}

export interface AuditService {
  list(
    filter: repo.AuditFilter & { limit: number; offset: number },
  ): Promise<{ events: AuditEvent[]; total: number }>
  /**
   * Every event the filter picks out, newest first, a batch at a time, for a download; any
   * value in before/after that looks like a secret (a token, a hash, a password, a link
   * with a token) is replaced by "[removed]".
   */
  exportEvents(filter: repo.AuditFilter): AsyncGenerator<AuditEvent[]>
  actions(): Promise<string[]>
  verify(): Promise<ChainCheck>
}

const BATCH = 1000

function toEvent(r: {
  id: number
  occurred_at: Date
  actor_label: string
  action: string
  entity_type: string
  entity_id: string | null
  ip: string | null
  before: unknown
  after: unknown
}): AuditEvent {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    ip: r.ip,
    before: r.before,
    after: r.after,
  }
}

export function createAuditService(db: Kysely<Database>): AuditService {
  return {
    async list(filter) {
      const { rows, total } = await repo.listEvents(db, filter)
      return {
        total,
        events: rows.map(toEvent),
      }
    },

    async *exportEvents(filter) {
      for await (const rows of inBatches(
        (afterId: number | undefined, limit: number) => repo.listEventsAfter(db, filter, afterId, limit),
        (last) => last.id,
      ))
        yield rows.map((r) => {
          const event = toEvent(r)
          return { ...event, before: withoutSecrets(event.before), after: withoutSecrets(event.after) }
        })
    },

    async actions() {
      return (await repo.listActions(db)).map((r) => r.action)
    },

    async verify() {
      let previous = GENESIS_HASH
      let afterId = 0
      let checked = 0
      for (;;) {
        const rows = await repo.eventsAfter(db, afterId, BATCH)
        if (rows.length === 0) return { ok: true, checked }
        const result = checkChain(
          rows.map((r) => ({
            id: r.id,
            occurredAt: r.occurred_at,
            actorUserId: r.actor_user_id,
            actorLabel: r.actor_label,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            ip: r.ip,
            before: r.before,
            after: r.after,
            prevHash: r.prev_hash,
            hash: r.hash,
            hashVersion: r.hash_version,
            actorLabelSalt: r.actor_label_salt,
            actorLabelDigest: r.actor_label_digest,
            contentSalt: r.content_salt,
            contentDigest: r.content_digest,
          })),
          previous,
        )
        if (!result.ok) return { ...result, checked: checked + result.checked }
        checked += result.checked
        previous = result.lastHash
        afterId = rows.at(-1)!.id
      }
    },
  }
}

/**
 * For closing an account, inside its transaction: the person's version 2 events show
 * pseudonymFor(userId) as their actor from then on, and every version 2 event about them or
 * whose before/after mentions one of their personal values has those values replaced by it;
 * other actors' labels stay (see the repository).
 */
export function eraseFromAuditTrail(
  trx: Transaction<Database>,
  userId: string,
  personalValues: readonly string[],
): Promise<{ erased: number; unchangedLegacy: number }> {
  return repo.eraseFromAuditTrail(trx, userId, pseudonymFor(userId), personalValues)
}
