// The audit trail is a hash chain: each event's hash covers its own content and the hash of
// the event before it, so changing or removing a past event breaks every link after it.
//
// Version 1 hashes cover the actor's label (a name or e-mail address) and the before/after
// content itself, so none of it can ever change. Version 2 hashes cover, in their place, two
// HMACs, each under a salt of its own kept beside it: one of the label, one of before/after.
// Either can later be erased on its own (a closed account's name, e-mail address and numbers
// replaced by a pseudonym, and that salt by null) without breaking the chain, so erasing the
// person an event is about leaves the label of whoever made it alone. While a salt is there,
// what it covers is still checked against its digest; once it is gone, the digest cannot be
// tested against guessed values, so an erased part must hold fixed text: an erased label its
// actor's pseudonym (erasedLabelFor), erased before/after the marker ERASED_CONTENT each. And
// every erasure appends an event of its own (ERASURE_ACTION) naming the events and parts it
// erased, so a part replaced without one, or by anything else, is reported. The rest of the
// event (when, who by id, what, which entity, from where) is always checked.
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

/** What version 2 hashes cover only through a salted digest: what may name a person. */
export interface PersonalContent {
  before: unknown
  after: unknown
}

/** Version 2 content: two digests, of the label and of before/after, stand in for them. */
export interface AuditContentV2 extends Omit<AuditContent, 'actorLabel' | keyof PersonalContent> {
  actorLabelDigest: string
  contentDigest: string
}

const hmac = (saltHex: string, text: string) =>
  createHmac('sha256', Buffer.from(saltHex, 'hex')).update(text, 'utf8').digest('hex')

/** HMAC-SHA256 of the label's UTF-8 bytes, keyed with the salt's bytes (stored as hex). */
export function actorLabelDigest(saltHex: string, actorLabel: string): string {
  return hmac(saltHex, actorLabel)
}

/** HMAC-SHA256 of {before, after} as canonical JSON, keyed with the salt's bytes (stored as hex). */
export function contentDigest(saltHex: string, content: PersonalContent): string {
  return hmac(saltHex, canonicalJson({ before: content.before ?? null, after: content.after ?? null }))
}

export function auditHashV2(prevHash: string, content: AuditContentV2): string {
  const body = canonicalJson({
    hashVersion: 2,
    prevHash,
    occurredAt: content.occurredAt.toISOString(),
    actorUserId: content.actorUserId,
    actorLabelDigest: content.actorLabelDigest,
    contentDigest: content.contentDigest,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    ip: content.ip,
  })
  return createHash('sha256').update(body).digest('hex')
}

/** What an erased account's events show as their actor, the same for all of its events. */
export function pseudonymFor(userId: string): string {
  return `Closed account ${createHash('sha256').update(userId).digest('hex').slice(0, 8)}`
}

/**
 * What an event without an actor (no one signed in, or the system) shows as its label once the
 * label was erased because it named a closed account: this text exactly, so that whoever
 * erased it could not have written a label of their choosing.
 */
export const ERASED_ANONYMOUS_LABEL = 'Closed account'

/** The only label an erased event may show: its actor's pseudonym, or the fixed text without one. */
export function erasedLabelFor(actorUserId: string | null): string {
  return actorUserId === null ? ERASED_ANONYMOUS_LABEL : pseudonymFor(actorUserId)
}

/**
 * What an erased before and an erased after each hold, and nothing else: fixed, so that whoever
 * erased them could not have written content of their choosing. The migration
 * 20261206210000_audit_erasure_marker writes the same value into its trigger.
 */
export const ERASED_CONTENT: Readonly<{ erased: true }> = Object.freeze({ erased: true })

/** The action of the event every erasure appends, naming what it erased. */
export const ERASURE_ACTION = 'audit.erased'

export type ErasedPart = 'label' | 'content'

/** The after of an erasure event: each erased event by id, with the parts erased. */
export interface ErasureRecord {
  events: Array<{ id: number; parts: ErasedPart[] }>
}

/** The erasure record in an erasure event's after, or null when it does not have that shape. */
export function erasureRecordOf(after: unknown): ErasureRecord | null {
  if (after === null || typeof after !== 'object' || !('events' in after)) return null
  const events: unknown = after.events
  if (!Array.isArray(events)) return null
  const record: ErasureRecord = { events: [] }
  for (const entry of events) {
    if (entry === null || typeof entry !== 'object' || !('id' in entry) || !('parts' in entry)) return null
    const { id, parts }: { id: unknown; parts: unknown } = entry
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || !Array.isArray(parts)) return null
    const named: ErasedPart[] = []
    for (const part of parts) {
      if (part !== 'label' && part !== 'content') return null
      named.push(part)
    }
    record.events.push({ id, parts: named })
  }
  return record
}

/** The personal values worth looking for: at least 3 characters, lower case, each once. */
export function searchableValues(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v.length >= 3))]
}

/** Whether the text contains one of the values (from searchableValues), ignoring case. */
export function mentionsAny(text: string, values: readonly string[]): boolean {
  const lower = text.toLowerCase()
  return values.some((v) => lower.includes(v))
}

/**
 * The JSON value with every string that contains one of the values (from searchableValues,
 * ignoring case) replaced by the pseudonym, at every depth. Object keys stay as they are.
 */
export function replaceMentions(value: unknown, values: readonly string[], pseudonym: string): unknown {
  if (typeof value === 'string') return mentionsAny(value, values) ? pseudonym : value
  if (Array.isArray(value)) return value.map((v) => replaceMentions(v, values, pseudonym))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        replaceMentions(v, values, pseudonym),
      ]),
    )
  }
  return value
}

export interface ChainLink extends AuditContent {
  id: number
  prevHash: string
  hash: string
  hashVersion: number
  /** Null on version 1, and on version 2 once the label was erased. */
  actorLabelSalt: string | null
  /** Null on version 1. */
  actorLabelDigest: string | null
  /** Null on version 1, and on version 2 once before/after was erased. */
  contentSalt: string | null
  /** Null on version 1. */
  contentDigest: string | null
}

/** Why a link's content does not fit its hash, or null when it does. */
function contentProblem(link: ChainLink): string | null {
  const mismatch = 'its content does not match its hash'
  if (link.hashVersion === 1) return auditHash(link.prevHash, link) === link.hash ? null : mismatch
  if (link.hashVersion !== 2) return `its hash version ${link.hashVersion} is unknown`
  if (link.actorLabelDigest === null || link.contentDigest === null) {
    return 'it has no digest of its personal content'
  }
  const digests = { actorLabelDigest: link.actorLabelDigest, contentDigest: link.contentDigest }
  if (auditHashV2(link.prevHash, { ...link, ...digests }) !== link.hash) return mismatch
  // The digests are the hash's stand-ins for the label and before/after: the same failure.
  if (link.actorLabelSalt !== null) {
    if (actorLabelDigest(link.actorLabelSalt, link.actorLabel) !== link.actorLabelDigest) return mismatch
  } else if (link.actorLabel !== erasedLabelFor(link.actorUserId)) {
    // Erased: the digest can no longer be tested, but an erased label is fixed text, so whoever
    // erased it could not have written a label of their choosing.
    return 'its actor label was erased but is not its actor’s pseudonym'
  }
  if (link.contentSalt !== null) {
    if (contentDigest(link.contentSalt, link) !== link.contentDigest) return mismatch
  } else if (!isErasedContent(link.before) || !isErasedContent(link.after)) {
    // Erased: what it held cannot be tested, so it must be the marker and nothing else.
    return 'its before/after was erased but is not the erasure marker'
  }
  if (link.action === ERASURE_ACTION) {
    if (link.contentSalt === null) return 'it is an erasure event whose record was erased'
    if (erasureRecordOf(link.after) === null)
      return 'it is an erasure event without a record of what it erased'
  }
  return null
}

const isErasedContent = (value: unknown) => canonicalJson(value) === canonicalJson(ERASED_CONTENT)

/**
 * The erased parts seen so far that no erasure event has named yet, by event id: pass the same
 * one to every checkChain of a run, then ask unnamedErasure at the end.
 */
export type PendingErasures = Map<number, Set<ErasedPart>>

function erasedParts(link: ChainLink): ErasedPart[] {
  if (link.hashVersion !== 2) return []
  const parts: ErasedPart[] = []
  if (link.actorLabelSalt === null) parts.push('label')
  if (link.contentSalt === null) parts.push('content')
  return parts
}

/** Why an erasure event does not fit the erasures before it, or null when it does. */
function erasureProblem(link: ChainLink, pending: PendingErasures): string | null {
  const record = erasureRecordOf(link.after)
  if (record === null) return null
  for (const { id, parts } of record.events) {
    for (const part of parts) {
      if (!pending.get(id)?.delete(part)) {
        return `it names the ${part} of event ${id} as erased, which is not erased or was named before`
      }
    }
    if (pending.get(id)?.size === 0) pending.delete(id)
  }
  return null
}

/** The first erased event no erasure event named, once every link was checked. */
export function unnamedErasure(pending: PendingErasures): { brokenId: number; problem: string } | null {
  if (pending.size === 0) return null
  const id = Math.min(...pending.keys())
  const parts = [...(pending.get(id) ?? [])]
  const erased = `its ${parts.join(' and ')} ${parts.length > 1 ? 'were' : 'was'} erased`
  return { brokenId: id, problem: `${erased}, but no erasure event after it names that` }
}

export type ChainCheck =
  { ok: true; checked: number } | { ok: false; checked: number; brokenId: number; problem: string }

/**
 * Checks links in id order; call with consecutive batches, passing the last good hash and the
 * same pending erasures on, and ask unnamedErasure once the last batch was checked.
 */
export function checkChain(
  links: readonly ChainLink[],
  previousHash: string,
  pending: PendingErasures = new Map(),
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
    const problem =
      contentProblem(link) ?? (link.action === ERASURE_ACTION ? erasureProblem(link, pending) : null)
    if (problem !== null) {
      return { ok: false, checked, brokenId: link.id, problem, lastHash: expectedPrev }
    }
    const parts = erasedParts(link)
    if (parts.length > 0) pending.set(link.id, new Set(parts))
    expectedPrev = link.hash
    checked++
  }
  return { ok: true, checked, lastHash: expectedPrev }
}
