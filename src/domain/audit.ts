// The audit trail is a hash chain: each event's hash covers its own content and the hash of
// the event before it, so changing or removing a past event breaks every link after it.
//
// Version 1 hashes cover the actor's label (a name or e-mail address) itself, so it can never
// change. Version 2 hashes cover an HMAC of the label under a salt kept beside it instead, so
// the label and salt can later be replaced by a pseudonym and null (erasure) without breaking
// the chain. While the salt is there, the label is still checked against the digest; once it
// is gone, the digest cannot be tested against guessed names.
import { createHash, createHmac } from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditContent {
  occurredAt: Date
  actorUserId: string | null
  actorLabel: string
  action: string
  entityType: string
  entityId: string | null
  ip: string | null
  before: unknown
  after: unknown
}

/** JSON with object keys sorted at every depth, so that equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** The version 1 hash, which covers the actor's label itself. */
export function auditHash(prevHash: string, content: AuditContent): string {
  const body = canonicalJson({
    prevHash,
    occurredAt: content.occurredAt.toISOString(),
    actorUserId: content.actorUserId,
    actorLabel: content.actorLabel,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    ip: content.ip,
    before: content.before ?? null,
    after: content.after ?? null,
  })
  return createHash('sha256').update(body).digest('hex')
}

/** The hash version new events are written with. */
export const CURRENT_HASH_VERSION = 2

/** Version 2 content: the label's digest stands in for the label. */
export interface AuditContentV2 extends Omit<AuditContent, 'actorLabel'> {
  actorLabelDigest: string
}

/** HMAC-SHA256 keyed with the salt's bytes (the salt is stored as hex). */
export function actorLabelDigest(saltHex: string, actorLabel: string): string {
  return createHmac('sha256', Buffer.from(saltHex, 'hex')).update(actorLabel).digest('hex')
}

export function auditHashV2(prevHash: string, content: AuditContentV2): string {
  const body = canonicalJson({
    hashVersion: 2,
    prevHash,
    occurredAt: content.occurredAt.toISOString(),
    actorUserId: content.actorUserId,
    actorLabelDigest: content.actorLabelDigest,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    ip: content.ip,
    before: content.before ?? null,
    after: content.after ?? null,
  })
  return createHash('sha256').update(body).digest('hex')
}

/** What an erased account's events show as their actor, the same for all of its events. */
export function pseudonymFor(userId: string): string {
  return `Closed account ${createHash('sha256').update(userId).digest('hex').slice(0, 8)}`
}

export interface ChainLink extends AuditContent {
  id: number
  prevHash: string
  hash: string
  hashVersion: number
  /** Null on version 1, and on version 2 once the label was pseudonymised. */
  actorLabelSalt: string | null
  /** Null on version 1. */
  actorLabelDigest: string | null
}

/** Why a link's content does not fit its hash, or null when it does. */
function contentProblem(link: ChainLink): string | null {
  const mismatch = 'its content does not match its hash'
  if (link.hashVersion === 1) return auditHash(link.prevHash, link) === link.hash ? null : mismatch
  if (link.hashVersion !== 2) return `its hash version ${link.hashVersion} is unknown`
  if (link.actorLabelDigest === null) return 'it has no digest of its actor label'
  if (auditHashV2(link.prevHash, { ...link, actorLabelDigest: link.actorLabelDigest }) !== link.hash) {
    return mismatch
  }
  if (
    link.actorLabelSalt !== null &&
    actorLabelDigest(link.actorLabelSalt, link.actorLabel) !== link.actorLabelDigest
  ) {
    return 'its actor label does not match its digest'
  }
  return null
}

export type ChainCheck =
  { ok: true; checked: number } | { ok: false; checked: number; brokenId: number; problem: string }

/** Checks links in id order; call with consecutive batches, passing the last good hash on. */
export function checkChain(
  links: readonly ChainLink[],
  previousHash: string,
): ChainCheck & { lastHash: string } {
  let expectedPrev = previousHash
  let checked = 0
  for (const link of links) {
    if (link.prevHash !== expectedPrev) {
      return {
        ok: false,
        checked,
        brokenId: link.id,
        problem: 'it does not follow the event before it (an event was removed or changed)',
        lastHash: expectedPrev,
      }
    }
    const problem = contentProblem(link)
    if (problem !== null) {
      return { ok: false, checked, brokenId: link.id, problem, lastHash: expectedPrev }
    }
    expectedPrev = link.hash
    checked++
  }
  return { ok: true, checked, lastHash: expectedPrev }
}
