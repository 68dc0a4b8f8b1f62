import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  actorLabelDigest,
  auditHash,
  auditHashV2,
  canonicalJson,
  checkChain,
  GENESIS_HASH,
  pseudonymFor,
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
    links.push({
      ...content,
      id,
      prevHash,
      hash,
      hashVersion: 1,
      actorLabelSalt: null,
      actorLabelDigest: null,
    })
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

const USER_ID = '7d1c4a0e-2b7f-4c52-9a51-0a3c0f6e9b11'
const SALT = '00112233445566778899aabbccddeeff'

/** Version 1 events followed by version 2 ones, as in a database migrated mid-life. */
function mixedChain(v1: number, v2: number): ChainLink[] {
  const links = chain(v1)
  let prevHash = links.at(-1)?.hash ?? GENESIS_HASH
  for (let id = v1 + 1; id <= v1 + v2; id++) {
    const salt = `${SALT.slice(0, 30)}${String(id).padStart(2, '0')}`
    const actorLabel = 'Zoë O’Neil'
    const content = {
      occurredAt: new Date(Date.UTC(2026, 10, 26, 4, 0, id)),
      actorUserId: USER_ID,
      actorLabelDigest: actorLabelDigest(salt, actorLabel),
      action: 'test.event',
      entityType: 'test',
      entityId: String(id),
      ip: null,
      before: { n: id - 1 },
      after: { n: id },
    }
    const hash = auditHashV2(prevHash, content)
    links.push({ ...content, actorLabel, id, prevHash, hash, hashVersion: 2, actorLabelSalt: salt })
    prevHash = hash
  }
  return links
}

describe('version 2 hashes, which allow pseudonymising the actor', () => {
  const content: AuditContent = {
    occurredAt: new Date('2026-11-26T04:00:00.000Z'),
    actorUserId: USER_ID,
    actorLabel: 'zoe@example.org',
    action: 'test.event',
    entityType: 'test',
    entityId: null,
    ip: null,
    before: null,
    after: null,
  }

  it('keeps version 1 hashes as they were, and makes version 2 ones cover the digest, not the label', () => {
    // Fixed values: a change to either hash would strand every event already stored. The
    // digest is what `openssl dgst -sha256 -mac HMAC -macopt hexkey:<salt>` gives.
    assert.equal(
      auditHash(GENESIS_HASH, content),
      '47853e369ed129c185c17cbd744deb8f07d75b4f2e0ffaafa0f32c71172f8932',
    )
    const digest = actorLabelDigest(SALT, content.actorLabel)
    assert.equal(digest, '751e787a2c6ce41bbbf67e9d6816753fc1040ce5725c92b974b57ed6dc3b15fc')
    const v2 = auditHashV2(GENESIS_HASH, { ...content, actorLabelDigest: digest })
    assert.equal(v2, '56ffdb155ddaa88f830ab2d9c5c267835df78ecd5d261fb38f0d47ca0e8a5bd5')

    const pseudonymised = { ...content, actorLabel: pseudonymFor(USER_ID) }
    assert.equal(auditHashV2(GENESIS_HASH, { ...pseudonymised, actorLabelDigest: digest }), v2)
    assert.notEqual(auditHash(GENESIS_HASH, pseudonymised), auditHash(GENESIS_HASH, content))
    assert.notEqual(actorLabelDigest(SALT.replace('0', '1'), content.actorLabel), digest, 'the salt matters')
    assert.notEqual(auditHashV2(GENESIS_HASH, { ...content, actorLabelDigest: '0'.repeat(64) }), v2)
    assert.notEqual(auditHashV2(GENESIS_HASH, { ...content, actorLabelDigest: digest, after: 1 }), v2)
  })

  it('accepts a chain going on from version 1 to version 2', () => {
    const links = mixedChain(3, 3)
    assert.deepEqual(checkChain(links, GENESIS_HASH), { ok: true, checked: 6, lastHash: links[5]!.hash })
  })

  it('finds a changed label on a version 2 event that still has its salt', () => {
    const links = mixedChain(2, 3)
    links[3] = { ...links[3]!, actorLabel: 'someone else' }
    const result = checkChain(links, GENESIS_HASH)
    assert.ok(!result.ok)
    assert.equal(result.brokenId, 4)
    assert.equal(result.checked, 3)
    assert.match(result.problem, /actor label does not match its digest/)
  })

  it('finds changed content on a version 2 event, and a digest or version that was changed', () => {
    for (const change of [
      { after: { n: 99 } },
      {
        actorLabelDigest: actorLabelDigest(SALT, 'someone else'),
        actorLabelSalt: SALT,
        actorLabel: 'someone else',
      },
      { hashVersion: 1 },
    ] satisfies Array<Partial<ChainLink>>) {
      const links = mixedChain(1, 3)
      links[2] = { ...links[2]!, ...change }
      const result = checkChain(links, GENESIS_HASH)
      assert.ok(!result.ok, JSON.stringify(change))
      assert.equal(result.brokenId, 3)
      assert.match(result.problem, /content does not match its hash/)
    }
    const links = mixedChain(1, 2)
    links[1] = { ...links[1]!, actorLabelDigest: null }
    assert.deepEqual(checkChain(links, GENESIS_HASH), {
      ok: false,
      checked: 1,
      brokenId: 2,
      problem: 'it has no digest of its actor label',
      lastHash: links[0]!.hash,
    })
    links[1] = { ...links[1]!, hashVersion: 3 }
    assert.match(
      (checkChain(links, GENESIS_HASH) as { problem: string }).problem,
      /hash version 3 is unknown/,
    )
  })

  it('still verifies version 2 events whose label was pseudonymised and salt dropped', () => {
    const links = mixedChain(2, 3).map((link) =>
      link.hashVersion === 2 ? { ...link, actorLabel: pseudonymFor(USER_ID), actorLabelSalt: null } : link,
    )
    assert.deepEqual(checkChain(links, GENESIS_HASH), { ok: true, checked: 5, lastHash: links[4]!.hash })
  })

  it('names a closed account the same way every time, and differently from others', () => {
    assert.match(pseudonymFor(USER_ID), /^Closed account [0-9a-f]{8}$/)
    assert.equal(pseudonymFor(USER_ID), pseudonymFor(USER_ID))
    assert.notEqual(pseudonymFor(USER_ID), pseudonymFor('1d1c4a0e-2b7f-4c52-9a51-0a3c0f6e9b11'))
  })
})
