import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  auditHash,
  canonicalJson,
  checkChain,
  GENESIS_HASH,
  type AuditContent,
  type ChainLink,
} from './audit.ts'

describe('canonical JSON', () => {
  it('sorts object keys at every depth, so that equal values give equal text', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }),
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    )
    assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }))
  })

  it('reads as JSON.stringify does for what survives a jsonb round trip', () => {
    const value = { name: 'Zoë "Z" \\ O’Neil', n: 1.5, list: [true, false, null], nested: { e: '' } }
    assert.deepEqual(JSON.parse(canonicalJson(value)), value)
  })

  it('writes dates as ISO strings and leaves out undefined properties, as JSON.stringify does', () => {
    const at = new Date('2026-11-23T20:00:00.123Z')
    assert.equal(canonicalJson({ at, gone: undefined }), '{"at":"2026-11-23T20:00:00.123Z"}')
    assert.equal(canonicalJson({ at }), canonicalJson(JSON.parse(JSON.stringify({ at }))))
    assert.equal(canonicalJson(undefined), 'null')
    assert.equal(canonicalJson([undefined]), '[null]')
  })
})

function chain(length: number): ChainLink[] {
  const links: ChainLink[] = []
  let prevHash = GENESIS_HASH
  for (let id = 1; id <= length; id++) {
    const content: AuditContent = {
      occurredAt: new Date(Date.UTC(2026, 10, 23, 20, 0, id)),
      actorUserId: null,
      actorLabel: 'system',
      action: 'test.event',
      entityType: 'test',
      entityId: String(id),
      ip: '192.0.2.1',
      before: null,
      after: { n: id },
    }
    const hash = auditHash(prevHash, content)
    links.push({ ...content, id, prevHash, hash })
    prevHash = hash
  }
  return links
}

describe('checking the hash chain', () => {
  it('accepts an unbroken chain and hands on the last hash for the next batch', () => {
    const links = chain(5)
    const result = checkChain(links, GENESIS_HASH)
    assert.deepEqual(result, { ok: true, checked: 5, lastHash: links[4]!.hash })
    const firstBatch = checkChain(links.slice(0, 2), GENESIS_HASH)
    assert.deepEqual(checkChain(links.slice(2), firstBatch.lastHash), { ...result, checked: 3 })
    assert.deepEqual(checkChain([], GENESIS_HASH), { ok: true, checked: 0, lastHash: GENESIS_HASH })
  })

  it('finds an event whose content was changed', () => {
    const links = chain(5)
    links[2] = { ...links[2]!, after: { n: 99 } }
    const result = checkChain(links, GENESIS_HASH)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, 3)
    assert.equal(result.checked, 2)
    assert.match(result.problem, /content does not match/)
  })

  it('finds the event after one that was removed', () => {
    const links = chain(5)
    links.splice(1, 1)
    const result = checkChain(links, GENESIS_HASH)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, 3)
    assert.match(result.problem, /does not follow the event before it/)
  })

  it('finds a chain that does not start where the last batch ended', () => {
    const links = chain(3)
    const result = checkChain(links.slice(1), GENESIS_HASH)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, 2)
  })

  it('finds an event rewritten with a fresh hash of its own, at the event after it', () => {
    const links = chain(4)
    const forged = { ...links[1]!, actorLabel: 'someone else' }
    forged.hash = auditHash(forged.prevHash, forged)
    links[1] = forged
    const result = checkChain(links, GENESIS_HASH)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, 3)
  })
})
