// The fast canonical form against the jsonld library's, for a set of credentials of several
// shapes, each shape more than once so that the fast way is the one compared.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import jsonld from 'jsonld'
import { canonicalNQuads, canonicalStats } from './canonical.ts'
import { documentLoader, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts'
import { achievement, awardCredential, identityHash, statusListCredential } from './open-badges.ts'

type Json = Record<string, unknown>

/** The jsonld library's own canonize, which our code does not call. */
const byJsonld = (document: Json) =>
  (jsonld.canonize as unknown as (input: unknown, options: object) => Promise<string>)(document, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    documentLoader,
    safe: true,
  })

const AWKWARD = [
  'Frailty in older people',
  'Quotes " and \\ backslashes \\" and \'single\'',
  'Lines\nand\r\nreturns\tand tabs',
  'Ünïcödé, 中文, emoji 🩺 and a zero-width\u200bspace',
  '',
  ' leading and trailing spaces ',
  '<not markup> & {"json": true}',
]

function credential(i: number, alignments: number): Json {
  const text = AWKWARD[i % AWKWARD.length]!
  return awardCredential({
    id: `https://credentials.example.test/awards/${i}-${text.length}/credential`,
    name: text || 'Unnamed',
    issuer: {
      id: `did:web:credentials.example.test:issuers:${i}`,
      name: `Provider ${text}`,
      url: `https://provider-${i}.example.org/`,
    },
    achievement: achievement({
      id: `https://credentials.example.test/achievements/frailty/${i}`,
      name: `Achievement ${text}`,
      description: text,
      criteria: `Criteria ${text}`,
      level: 7,
      credits: 20,
      alignments: Array.from({ length: alignments }, (_, n) => ({
        code: `${n + 1}.${i}`,
        name: `${text} capability ${n}`,
        url: `https://credentials.example.test/framework#capability-${n}`,
      })),
      creator: {
        id: 'did:web:credentials.example.test:issuers:centre',
        name: 'Centre for Advancing Practice',
      },
    }),
    identity: { hash: identityHash(`learner${i}@example.org`, `salt${i}`), salt: `salt${i}` },
    // The holder's name as recorded, awkward text included; every other one has no registration.
    holder: { name: `Learner ${text}`, registration: i % 2 ? `NMC ${i}${text.length}A1234E` : null },
    awardedOn: `2026-0${(i % 9) + 1}-1${i % 10}`,
    status: {
      listUrl: (purpose) => `https://credentials.example.test/status/${i}/${purpose}`,
      index: i * 7919,
    },
  })
}

describe('the fast canonical form', () => {
  it('equals the jsonld library’s for credentials of several shapes and awkward text', async () => {
    const documents: Json[] = []
    for (const alignments of [0, 1, 6]) for (let i = 0; i < 12; i++) documents.push(credential(i, alignments))
    for (let i = 0; i < 5; i++) {
      documents.push(
        statusListCredential({
          url: `https://credentials.example.test/status/${i}/revocation`,
          issuer: `did:web:credentials.example.test:issuers:${i}`,
          purpose: 'revocation',
          setIndexes: [i, i * 1000, 131_071],
          validFrom: new Date(Date.UTC(2026, i, 1)),
        }),
        // A proof's options, as Data Integrity canonicalises them.
        {
          '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          created: `2026-11-2${i}T10:00:0${i}Z`,
          verificationMethod: `did:web:credentials.example.test:issuers:${i}#key-${i + 1}`,
          proofPurpose: 'assertionMethod',
        },
      )
    }
    const before = canonicalStats.fast
    for (const document of documents) assert.equal(await canonicalNQuads(document), await byJsonld(document))
    // The slow way: the first award of each of six shapes (three numbers of alignments, with and
    // without a registration), the first proof, and each status list (its issuer is a string).
    assert.ok(canonicalStats.fast - before >= documents.length - 12, 'most went the fast way')
  })

  it('stays equal when two strings turn out to name one node, whichever document of the shape comes first', async () => {
    const withIssuer = (i: number, issuer: string) => {
      const document = credential(i, 2) as Json & { issuer: Json; credentialSubject: { achievement: Json } }
      return {
        ...document,
        issuer: { ...document.issuer, id: issuer },
        credentialSubject: {
          ...document.credentialSubject,
          achievement: {
            ...document.credentialSubject.achievement,
            creator: { id: issuer, type: ['Profile'], name: 'Also the creator' },
          },
        },
      }
    }
    // The shape is learnt from distinct issuers, then used for documents where they coincide.
    for (let i = 0; i < 3; i++) {
      const distinct = withIssuer(100 + i, `did:web:credentials.example.test:issuers:distinct-${i}`)
      assert.equal(await canonicalNQuads(distinct), await byJsonld(distinct))
    }
    const before = canonicalStats.fast
    const same = withIssuer(200, 'did:web:credentials.example.test:issuers:one')
    ;(same.credentialSubject.achievement.creator as Json).id = 'did:web:credentials.example.test:issuers:one'
    const merged = { ...same, issuer: { ...same.issuer, id: 'did:web:credentials.example.test:issuers:one' } }
    assert.equal(await canonicalNQuads(merged), await byJsonld(merged))
    assert.equal(canonicalStats.fast, before + 1, 'the fast way')
  })

  it('goes the slow way, still equal, when a string could be read differently', async () => {
    const base = credential(1, 1) as Json & { credentialSubject: Json }
    const relative = { ...base, id: 'not-an-absolute-iri' }
    await assert.rejects(canonicalNQuads(relative), 'jsonld refuses it in safe mode, and so do we')
    const compact = { ...base, id: 'ext:thing' }
    assert.equal(await canonicalNQuads(compact), await byJsonld(compact))
    const sneaky = {
      ...base,
      credentialSubject: {
        ...base.credentialSubject,
        type: ['AchievementSubject'],
        activityEndDate: 'https://placeholder.invalid/0',
      },
    }
    const slowBefore = canonicalStats.slow
    assert.equal(await canonicalNQuads(sneaky), await byJsonld(sneaky))
    assert.ok(
      canonicalStats.slow > slowBefore,
      'a document holding the placeholders’ address is never templated',
    )
  })
})
