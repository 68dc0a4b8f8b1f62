// The audit trail is a hash chain: each event's hash covers its own content and the hash of
// the event before it, so changing or removing a past event breaks every link after it.
import { createHash } from 'node:crypto'

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

export interface ChainLink extends AuditContent {
  id: number
  prevHash: string
  hash: string
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
    if (auditHash(link.prevHash, link) !== link.hash) {
      return {
        ok: false,
        checked,
        brokenId: link.id,
        problem: 'its content does not match its hash',
        lastHash: expectedPrev,
      }
    }
    expectedPrev = link.hash
    checked++
  }
  return { ok: true, checked, lastHash: expectedPrev }
}
