import { randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import {
  actorLabelDigest,
  auditHashV2,
  checkChain,
  contentDigest,
  CURRENT_HASH_VERSION,
  ERASURE_ACTION,
  GENESIS_HASH,
  pseudonymFor,
  unnamedErasure,
  type ChainCheck,
  type PendingErasures,
} from '../domain/audit.ts'
import { auditSentence, entityNoun, type AuditAction } from '../domain/audit-sentences.ts'
import { isUuid } from '../domain/identifiers.ts'
import type { Database } from '../db/schema.ts'
import { withoutSecrets } from '../domain/export-safety.ts'
import * as repo from '../repositories/audit.ts'
import { namesOfOrganisations } from '../repositories/organisations.ts'
import { namesOfUsers } from '../repositories/user-accounts.ts'
import { inBatches } from './batches.ts'

/** Who is acting, from where: every use case that changes something receives one. */
export interface Actor {
  userId: string | null
  label: string
  ip: string | null
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system', ip: null }

export interface AuditRecord {
  /** Only an action with words in AUDIT_ACTIONS, so that the trail can say what happened. */
  action: AuditAction
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
  // The machine's time, not the services' Clock: the trail says when a change was really
  // saved, which no test clock or setting may move. Millisecond precision, as the hash will
  // see it when read back.
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

/** An event with what happened in words: "Ada Lovelace gave Priya Shah the role Reviewer." */
export interface AuditEventInWords extends AuditEvent {
  sentence: string
}

export interface AuditService {
  list(
    filter: repo.AuditFilter & { limit: number; offset: number },
  ): Promise<{ events: AuditEventInWords[]; total: number }>
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
  actor_user_id?: string | null
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
      // Names by id, looked up once for the page: the people who acted and the people and
      // organisations acted on. The label stays the fallback (an erased account's pseudonym).
      const people = new Set<string>()
      const organisations = new Set<string>()
      for (const r of rows) {
        if (r.actor_user_id) people.add(r.actor_user_id)
        if (r.entity_id && isUuid(r.entity_id)) {
          if (r.entity_type === 'user_account') people.add(r.entity_id)
          if (r.entity_type === 'organisation') organisations.add(r.entity_id)
        }
      }
      const [personRows, organisationRows] = await Promise.all([
        namesOfUsers(db, [...people]),
        namesOfOrganisations(db, [...organisations]),
      ])
      const names = new Map<string, string>([
        ...personRows.filter((p) => p.display_name).map((p): [string, string] => [p.id, p.display_name]),
        ...organisationRows.map((o): [string, string] => [o.id, o.name]),
      ])
      return {
        total,
        events: rows.map((r) => {
          const event = toEvent(r)
          const actor =
            (r.actor_user_id ? names.get(r.actor_user_id) : undefined) ??
            (r.actor_label === SYSTEM_ACTOR.label ? 'The service' : r.actor_label)
          const target = (r.entity_id ? names.get(r.entity_id) : undefined) ?? entityNoun(r.entity_type)
          return {
            ...event,
            sentence: auditSentence(r.action, { actor, target, before: r.before, after: r.after }),
          }
        }),
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
      const pending: PendingErasures = new Map()
      for (;;) {
        const rows = await repo.eventsAfter(db, afterId, BATCH)
        const last = rows.at(-1)
        if (last === undefined) {
          const unnamed = unnamedErasure(pending)
          if (unnamed === null) return { ok: true, checked }
          // Reported at the erased event, although everything after it was checked too.
          return { ok: false, checked, ...unnamed }
        }
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
          pending,
        )
        if (!result.ok) return { ...result, checked: checked + result.checked }
        checked += result.checked
        previous = result.lastHash
        afterId = last.id
      }
    },
  }
}

/**
 * For closing an account, inside its transaction, after the account row was erased (the
 * triggers check that it was): the person's version 2 events show pseudonymFor(userId) as their
 * actor from then on, and every version 2 event about them or whose before/after mentions one
 * of their personal values has its before/after replaced by the erasure marker; other actors'
 * labels stay (see the repository). First an erasure event is appended naming every event and
 * part about to be erased, as the triggers require, so the chain records each erasure.
 */
export async function eraseFromAuditTrail(
  trx: Transaction<Database>,
  userId: string,
  personalValues: readonly string[],
): Promise<{ erased: number; unchangedLegacy: number }> {
  const { erasures, unchangedLegacy } = await repo.findErasures(trx, userId, personalValues)
  if (erasures.length === 0) return { erased: 0, unchangedLegacy }
  await recordAudit(trx, SYSTEM_ACTOR, {
    action: ERASURE_ACTION,
    entityType: 'user_account',
    entityId: userId,
    after: { events: erasures.map(({ id, parts }) => ({ id, parts })) },
  })
  await repo.applyErasures(trx, userId, pseudonymFor(userId), erasures)
  return { erased: erasures.length, unchangedLegacy }
}
