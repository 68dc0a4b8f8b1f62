import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  actorLabelDigest,
  auditHash,
  auditHashV2,
  canonicalJson,
  checkChain,
  contentDigest,
  ERASED_CONTENT,
  erasedLabelFor,
  unnamedErasure,
  ERASED_ANONYMOUS_LABEL,
  GENESIS_HASH,
  mentionsAny,
  pseudonymFor,
  replaceMentions,
  searchableValues,
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
      contentSalt: null,
      contentDigest: null,
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
const ADMIN_ID = '2e0b9d4f-6a1c-4f3e-8b7d-5c9a1e2f3b44'
const SALT = '00112233445566778899aabbccddeeff'
const CONTENT_SALT = 'ffeeddccbbaa99887766554433221100'
const NAME = 'Zoë O’Neil'
const EMAIL = 'zoe@example.org'
const ADMIN_LABEL = 'admin@example.org'

interface V2Event {
  actorUserId: string | null
  actorLabel: string
  entityId: string | null
  before: unknown
  after: unknown
}

/** Version 1 events followed by version 2 ones, as in a database migrated mid-life. */
function mixedChain(v1: number, v2: number | V2Event[], actorUserId: string | null = USER_ID): ChainLink[] {
  const links = chain(v1)
  const events: V2Event[] =
    typeof v2 === 'number'
      ? Array.from({ length: v2 }, (_, i) => ({
          actorUserId,
          actorLabel: NAME,
          entityId: String(v1 + i + 1),
          before: { n: v1 + i },
          after: { n: v1 + i + 1, email: EMAIL, names: [NAME, 'Practitioner'] },
        }))
      : v2
  let prevHash = links.at(-1)?.hash ?? GENESIS_HASH
  for (const [i, event] of events.entries()) {
    const id = v1 + i + 1
    const labelSalt = `${SALT.slice(0, 30)}${String(id).padStart(2, '0')}`
    const contentSalt = `${CONTENT_SALT.slice(0, 30)}${String(id).padStart(2, '0')}`
    const content = {
      occurredAt: new Date(Date.UTC(2026, 10, 26, 4, 0, id)),
      actorUserId: event.actorUserId,
      actorLabelDigest: actorLabelDigest(labelSalt, event.actorLabel),
      contentDigest: contentDigest(contentSalt, event),
      action: 'test.event',
      entityType: 'test',
      entityId: event.entityId,
      ip: null,
    }
    const hash = auditHashV2(prevHash, content)
    links.push({
      ...content,
      actorLabel: event.actorLabel,
      before: event.before,
      after: event.after,
      id,
      prevHash,
      hash,
      hashVersion: 2,
      actorLabelSalt: labelSalt,
      contentSalt,
    })
    prevHash = hash
  }
  return links
}

/** What closing USER_ID's account does to a version 2 event, as the repository decides it. */
function erased(link: ChainLink): ChainLink {
  if (link.hashVersion !== 2) return link
  const values = searchableValues([NAME, EMAIL])
  const pseudonym = pseudonymFor(USER_ID)
  const eraseLabel =
    link.actorUserId === USER_ID || (link.actorUserId === null && mentionsAny(link.actorLabel, values))
  const before = replaceMentions(link.before, values, pseudonym)
  const after = replaceMentions(link.after, values, pseudonym)
  const eraseContent =
    link.entityId === USER_ID ||
    canonicalJson({ before, after }) !== canonicalJson({ before: link.before, after: link.after })
  return {
    ...link,
    ...(eraseLabel && { actorLabel: erasedLabelFor(link.actorUserId), actorLabelSalt: null }),
    ...(eraseContent && { before: ERASED_CONTENT, after: ERASED_CONTENT, contentSalt: null }),
  }
}

describe('version 2 hashes, which allow erasing personal content', () => {
  const content: AuditContent = {
    occurredAt: new Date('2026-11-26T04:00:00.000Z'),
    actorUserId: USER_ID,
    actorLabel: EMAIL,
    action: 'test.event',
    entityType: 'test',
    entityId: null,
    ip: null,
    before: null,
    after: { email: EMAIL, displayName: NAME },
  }

  it('keeps version 1 hashes as they were, and makes version 2 ones cover a digest each of the label and of before/after', () => {
    // Fixed values: a change to either hash would strand every event already stored. The
    // digests are what `openssl dgst -sha256 -mac HMAC -macopt hexkey:<salt>` gives for the
    // label's UTF-8 bytes, and for {"after":…,"before":null}.
    assert.equal(
      auditHash(GENESIS_HASH, { ...content, after: null }),
      '47853e369ed129c185c17cbd744deb8f07d75b4f2e0ffaafa0f32c71172f8932',
    )
    const digests = {
      actorLabelDigest: actorLabelDigest(SALT, content.actorLabel),
      contentDigest: contentDigest(CONTENT_SALT, content),
    }
    assert.deepEqual(digests, {
      actorLabelDigest: '751e787a2c6ce41bbbf67e9d6816753fc1040ce5725c92b974b57ed6dc3b15fc',
      contentDigest: '0d0196436641a01eaadd366126696b5f2360ceebc70fc32556b23944c35fd68b',
    })
    const v2 = auditHashV2(GENESIS_HASH, { ...content, ...digests })
    assert.equal(v2, 'cb2132f6fb1e81812a6c99b81412fa1d56b99c169380f5e7180dee0af1357603')

    const pseudonym = pseudonymFor(USER_ID)
    const pseudonymised = {
      ...content,
      actorLabel: pseudonym,
      after: { email: pseudonym, displayName: pseudonym },
    }
    assert.equal(auditHashV2(GENESIS_HASH, { ...pseudonymised, ...digests }), v2)
    assert.notEqual(actorLabelDigest(SALT, pseudonym), digests.actorLabelDigest)
    assert.notEqual(contentDigest(CONTENT_SALT, pseudonymised), digests.contentDigest)
    assert.notEqual(contentDigest(CONTENT_SALT, { ...content, before: 1 }), digests.contentDigest)
    assert.notEqual(
      actorLabelDigest(SALT.replace('0', '1'), EMAIL),
      digests.actorLabelDigest,
      'the salt matters',
    )
    assert.notEqual(contentDigest(SALT, content), digests.contentDigest, 'the salt matters')
    for (const change of [
      { actorLabelDigest: '0'.repeat(64) },
      { contentDigest: '0'.repeat(64) },
      { action: 'test.other' },
      { entityId: 'x' },
      { ip: '192.0.2.1' },
      { actorUserId: null },
      { occurredAt: new Date(0) },
    ]) {
      assert.notEqual(auditHashV2(GENESIS_HASH, { ...content, ...digests, ...change }), v2)
    }
  })

  it('accepts a chain going on from version 1 to version 2', () => {
    const links = mixedChain(3, 3)
    assert.deepEqual(checkChain(links, GENESIS_HASH), { ok: true, checked: 6, lastHash: links[5]!.hash })
  })

  it('finds a changed label, before or after on a version 2 event that still has its salts', () => {
    for (const change of [
      { actorLabel: 'someone else' },
      { before: { n: 99 } },
      { after: null },
    ] satisfies Array<Partial<ChainLink>>) {
      const links = mixedChain(2, 3)
      links[3] = { ...links[3]!, ...change }
      const result = checkChain(links, GENESIS_HASH)
      assert.ok(!result.ok, JSON.stringify(change))
      assert.equal(result.brokenId, 4)
      assert.equal(result.checked, 3)
      assert.equal(result.problem, 'its content does not match its hash')
    }
  })

  it('finds changed content on a version 2 event, and a digest or version that was changed', () => {
    for (const change of [
      { action: 'test.forged' },
      { entityId: 'forged' },
      {
        actorLabelDigest: actorLabelDigest(SALT, 'someone else'),
        actorLabelSalt: SALT,
        actorLabel: 'someone else',
      },
      {
        contentDigest: contentDigest(CONTENT_SALT, { before: null, after: null }),
        contentSalt: CONTENT_SALT,
        before: null,
        after: null,
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
    for (const missing of [{ actorLabelDigest: null }, { contentDigest: null }]) {
      const links = mixedChain(1, 2)
      links[1] = { ...links[1]!, ...missing }
      assert.deepEqual(checkChain(links, GENESIS_HASH), {
        ok: false,
        checked: 1,
        brokenId: 2,
        problem: 'it has no digest of its personal content',
        lastHash: links[0]!.hash,
      })
    }
    const links = mixedChain(1, 2)
    links[1] = { ...links[1]!, hashVersion: 3 }
    assert.match(
      (checkChain(links, GENESIS_HASH) as { problem: string }).problem,
      /hash version 3 is unknown/,
    )
  })

  it('still verifies version 2 events whose label and before/after were erased and salts dropped', () => {
    const links = mixedChain(2, 3).map(erased)
    assert.deepEqual(links[4]!.after, ERASED_CONTENT)
    assert.ok(links.slice(2).every((l) => l.actorLabel === pseudonymFor(USER_ID)))
    assert.ok(links.slice(2).every((l) => l.actorLabelSalt === null && l.contentSalt === null))
    assert.doesNotMatch(JSON.stringify(links.slice(2)), /zoe|Zoë/i)
    const pending = new Map()
    assert.deepEqual(checkChain(links, GENESIS_HASH, pending), {
      ok: true,
      checked: 5,
      lastHash: links[4]!.hash,
    })
    // Each link is as it should be, but no erasure event names what was erased.
    assert.deepEqual(unnamedErasure(pending), {
      brokenId: 3,
      problem: 'its label and content were erased, but no erasure event after it names that',
    })
  })

  it('erases the invitee from an admin’s invitation event but keeps, and still checks, the admin’s label', () => {
    const invitation: V2Event = {
      actorUserId: ADMIN_ID,
      actorLabel: ADMIN_LABEL,
      entityId: 'invitation-1',
      before: null,
      after: { email: EMAIL, displayName: NAME, role: 'practitioner' },
    }
    const unrelated: V2Event = { ...invitation, entityId: 'invitation-2', after: { email: 'x@example.org' } }
    const links = mixedChain(1, [invitation, unrelated]).map(erased)
    assert.equal(links[1]!.actorLabel, ADMIN_LABEL, 'the admin’s account is open: their label stays')
    assert.equal(links[1]!.actorLabelSalt, mixedChain(1, [invitation])[1]!.actorLabelSalt)
    assert.deepEqual(links[1]!.after, ERASED_CONTENT)
    assert.equal(links[1]!.contentSalt, null)
    assert.deepEqual(links[2], mixedChain(1, [invitation, unrelated])[2], 'not about them: untouched')
    assert.doesNotMatch(JSON.stringify(links), /zoe|Zoë/i)
    assert.deepEqual(checkChain(links, GENESIS_HASH), { ok: true, checked: 3, lastHash: links[2]!.hash })

    // Its label still has its salt, so it is still checked against its digest.
    const relabelled = [...links]
    relabelled[1] = { ...relabelled[1]!, actorLabel: 'someone else' }
    assert.equal(
      (checkChain(relabelled, GENESIS_HASH) as { problem: string }).problem,
      'its content does not match its hash',
    )
    // What erased before/after held cannot be checked, so it must hold the marker and nothing else.
    const rewritten = [...links]
    rewritten[1] = { ...rewritten[1]!, after: { email: 'anything' } }
    assert.equal(
      (checkChain(rewritten, GENESIS_HASH) as { problem: string }).problem,
      'its before/after was erased but is not the erasure marker',
    )
  })

  it('on an erased label, checks the rest of the event, and that the label is its actor’s pseudonym', () => {
    const forged = mixedChain(1, 3).map(erased)
    forged[2] = { ...forged[2]!, action: 'test.forged' }
    assert.match((checkChain(forged, GENESIS_HASH) as { problem: string }).problem, /content does not match/)

    const relabelled = mixedChain(1, 3).map(erased)
    relabelled[2] = { ...relabelled[2]!, actorLabel: 'Someone else' }
    assert.deepEqual(checkChain(relabelled, GENESIS_HASH), {
      ok: false,
      checked: 2,
      brokenId: 3,
      problem: 'its actor label was erased but is not its actor’s pseudonym',
      lastHash: relabelled[1]!.hash,
    })

    // Without an actor, an erased label must be the fixed text, no one's pseudonym in particular.
    const anonymous = mixedChain(0, 2, null).map(erased)
    assert.equal(anonymous[1]!.actorLabel, ERASED_ANONYMOUS_LABEL)
    assert.equal(ERASED_ANONYMOUS_LABEL, 'Closed account')
    assert.equal(checkChain(anonymous, GENESIS_HASH).ok, true)
    for (const label of ['anyone', pseudonymFor(USER_ID)]) {
      anonymous[1] = { ...anonymous[1]!, actorLabel: label }
      assert.match(
        (checkChain(anonymous, GENESIS_HASH) as { problem: string }).problem,
        /erased but is not its actor’s pseudonym/,
        label,
      )
    }
  })

  it('replaces every string mentioning a personal value, at any depth, ignoring case and short values', () => {
    const values = searchableValues(['Zoë', ' ZOE@example.org ', 'Al', '', 'zoë'])
    assert.deepEqual(values, ['zoë', 'zoe@example.org'])
    assert.equal(mentionsAny('Dr ZOË Smith', values), true)
    assert.equal(mentionsAny('Al Smith', values), false)
    assert.deepEqual(
      replaceMentions(
        { zoë: 'kept key', list: ['mail ZOE@Example.org', 'other', 3, null, true], deep: { who: 'Zoë' } },
        values,
        'P',
      ),
      { zoë: 'kept key', list: ['P', 'other', 3, null, true], deep: { who: 'P' } },
    )
    assert.equal(replaceMentions('Zoë', values, 'P'), 'P')
    assert.equal(replaceMentions(null, values, 'P'), null)
  })

  it('names a closed account the same way every time, and differently from others', () => {
    assert.match(pseudonymFor(USER_ID), /^Closed account [0-9a-f]{8}$/)
    assert.equal(pseudonymFor(USER_ID), pseudonymFor(USER_ID))
    assert.notEqual(pseudonymFor(USER_ID), pseudonymFor('1d1c4a0e-2b7f-4c52-9a51-0a3c0f6e9b11'))
  })
})
