// npm run bench:credentials: in one run, on the same credential, signatures and verifications
// per second for (a) raw Ed25519 with Node's crypto over the credential's JSON, (b) the
// platform's Data Integrity path (eddsa-rdfc-2022), (c) Digital Bazaar's vc library with the
// same cryptosuite, and (d) the platform's JWT path (from the stored credential's JSON text, as
// the platform signs one). Goals: (b) at least 10 times (c), both issuing and verifying; (d) at
// least 70% of (a). Exits 1 when a goal is missed.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { PGlite } from '@electric-sql/pglite'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import * as vc from '@digitalbazaar/vc'
import { createPrivateKey, sign, verify } from 'node:crypto'
import os from 'node:os'
import { canonicalStats } from '../src/domain/credentials/canonical.ts'
import { documentLoader, MULTIKEY_CONTEXT, DID_CONTEXT } from '../src/domain/credentials/contexts.ts'
import { addProof, checkProof, type JsonObject } from '../src/domain/credentials/data-integrity.ts'
import { checkJwt, signJwt, signJwtPayload } from '../src/domain/credentials/jwt.ts'
import { ed25519PublicKey, rawFromMultibase } from '../src/domain/credentials/multikey.ts'
import {
  achievement,
  awardCredential,
  endorsementCredential,
  identityHash,
} from '../src/domain/credentials/open-badges.ts'

const SECONDS = Number(process.argv[2] ?? 3)
const ISSUER = 'did:web:credentials.example.test:issuers:7d0f8b5e-1f52-4c40-9b7e-2a0d7f5b6c11'

// One key for every path: made by the independent library, read by Node too.
const keyPair = await Ed25519Multikey.generate({ id: `${ISSUER}#key-1`, controller: ISSUER })
const exported = (await keyPair.export({ publicKey: true, secretKey: true, includeContext: true })) as {
  secretKeyMultibase: string
}
const seed = Buffer.from(
  (await import('../src/domain/credentials/base58.ts')).base58btcDecode(
    exported.secretKeyMultibase.slice(1),
  )!,
).subarray(2)
// PKCS #8 for an Ed25519 seed: a fixed 16-byte prefix, then the 32 bytes.
const privateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
  format: 'der',
  type: 'pkcs8',
})
const publicKey = ed25519PublicKey(rawFromMultibase(keyPair.publicKeyMultibase)!)
const key = { privateKey, verificationMethod: `${ISSUER}#key-1` }

const credential = awardCredential({
  id: 'https://credentials.example.test/awards/3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f/credential',
  name: 'Frailty in older people',
  issuer: { id: ISSUER, name: 'University of Northfield', url: 'https://www.northfield.example.ac.uk' },
  achievement: achievement({
    id: 'https://credentials.example.test/achievements/frailty-in-older-people/2',
    name: 'Frailty in older people',
    description: 'Develops advanced practitioners who assess and manage frailty in older people.',
    criteria: 'Assessed by an approved education provider as meeting every learning outcome.',
    level: 7,
    credits: 30,
    alignments: ['1.1', '1.6', '2.3', '3.2', '4.1', '4.4'].map((code) => ({
      code,
      name: `Framework capability ${code}`,
      url: `https://credentials.example.test/framework#capability-${code}`,
    })),
    creator: { id: 'did:web:credentials.example.test:issuers:centre', name: 'Centre for Advancing Practice' },
    // As every award carries it: the Centre's signed endorsement of the version.
    endorsements: [
      await addProof(
        endorsementCredential({
          id: 'https://credentials.example.test/achievements/frailty-in-older-people/2/endorsement',
          achievementId: 'https://credentials.example.test/achievements/frailty-in-older-people/2',
          name: 'Endorsement of Frailty in older people, version 2',
          comment: 'The Centre for Advancing Practice endorsed version 2 after independent review.',
          issuer: { id: ISSUER, name: 'Centre for Advancing Practice' },
          decidedAt: new Date('2026-03-02T10:00:00Z'),
        }),
        key,
        new Date('2026-03-02T10:00:00Z'),
      ),
    ],
  }),
  identity: { hash: identityHash('learner@example.org', 'b7c1d0e2'), salt: 'b7c1d0e2' },
  holder: { name: 'Priya Shah', registration: 'NMC 09B2345C' },
  awardedOn: '2026-07-31',
  status: { listUrl: (p) => `https://credentials.example.test/status/1/${p}`, index: 94567 },
})

const verificationMethod = {
  '@context': MULTIKEY_CONTEXT,
  id: `${ISSUER}#key-1`,
  type: 'Multikey',
  controller: ISSUER,
  publicKeyMultibase: keyPair.publicKeyMultibase,
}
const loader = async (url: string) => {
  if (url === verificationMethod.id)
    return { contextUrl: null, documentUrl: url, document: verificationMethod }
  if (url === ISSUER)
    return {
      contextUrl: null,
      documentUrl: url,
      document: {
        '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
        id: ISSUER,
        verificationMethod: [verificationMethod],
        assertionMethod: [verificationMethod.id],
      },
    }
  return documentLoader(url)
}
const theirSuite = () => new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite })
const checkStatus = async () => ({ verified: true })

/** Runs fn for the time given (after a warm-up) and returns operations per second. */
async function perSecond(fn: () => Promise<unknown> | unknown, seconds = SECONDS): Promise<number> {
  const warmUntil = performance.now() + 500
  while (performance.now() < warmUntil) await fn()
  let n = 0
  const start = performance.now()
  const end = start + seconds * 1000
  while (performance.now() < end) {
    await fn()
    n++
  }
  return n / ((performance.now() - start) / 1000)
}

/**
 * Operations per second of each function, timed in alternating rounds so that both see the
 * same machine: on a shared virtual machine the speed drifts by a fifth within a minute,
 * which measured one after the other moved the ratio of (d) to (a) from 0.68 to 0.80.
 */
async function sideBySide(fns: Array<() => Promise<unknown> | unknown>): Promise<number[]> {
  const rounds = 6
  const counts = fns.map(() => 0)
  const times = fns.map(() => 0)
  for (const fn of fns) await perSecond(fn, 0.2)
  for (let round = 0; round < rounds; round++)
    for (const [i, fn] of fns.entries()) {
      const start = performance.now()
      const end = start + (SECONDS * 1000) / rounds
      while (performance.now() < end) {
        await fn()
        counts[i]!++
      }
      times[i]! += performance.now() - start
    }
  return counts.map((n, i) => n / (times[i]! / 1000))
}

const bytes = Buffer.from(JSON.stringify(credential))
const rawSignature = sign(null, bytes, privateKey)
const ours = await addProof(credential, key, new Date())
// The library adds its proof to the object it is given: each call gets a copy.
const theirs = (await vc.issue({
  credential: structuredClone(credential),
  suite: theirSuite(),
  documentLoader: loader,
})) as JsonObject
const jwt = signJwt(credential, key)
// (d) signs a stored award as the platform does: from the JSON text the database gives for
// `(credential - 'proof')::text` (jsonb's own key order and spacing, a little longer than
// JSON.stringify's), taken here from PGlite itself.
const pglite = await PGlite.create()
const storedJson = (
  await pglite.query<{ json: string }>(`select ($1::jsonb - 'proof')::text as json`, [JSON.stringify(ours)])
).rows[0]!.json
await pglite.close()

// Each path must verify what it and the others made before it is timed.
const resolve = async () => publicKey
const sanity = [
  verify(null, bytes, publicKey, rawSignature),
  (await checkProof(ours, resolve)).ok,
  (await checkProof(theirs, resolve)).ok,
  (
    await vc.verifyCredential({
      credential: ours,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: loader,
      checkStatus,
    })
  ).verified,
  (await checkJwt(jwt, resolve)).ok,
  (await checkJwt(signJwtPayload(storedJson, key), resolve)).ok,
]
if (sanity.some((ok) => !ok)) throw new Error(`a path does not verify: ${JSON.stringify(sanity)}`)

const stats = { ...canonicalStats }
const [rawSign, jwtSign, jwtFromObject] = await sideBySide([
  () => sign(null, bytes, privateKey),
  () => signJwtPayload(storedJson, key),
  () => signJwt(credential, key),
])
const [rawVerify, jwtVerify] = await sideBySide([
  () => verify(null, bytes, publicKey, rawSignature),
  () => checkJwt(jwt, resolve),
])
const figures = {
  a: { sign: rawSign!, verify: rawVerify! },
  b: {
    sign: await perSecond(() => addProof(credential, key, new Date())),
    verify: await perSecond(() => checkProof(ours, resolve)),
  },
  c: {
    sign: await perSecond(() =>
      vc.issue({ credential: structuredClone(credential), suite: theirSuite(), documentLoader: loader }),
    ),
    verify: await perSecond(() =>
      vc.verifyCredential({
        credential: theirs,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: loader,
        checkStatus,
      }),
    ),
  },
  d: { sign: jwtSign!, verify: jwtVerify! },
}

const names = {
  a: '(a) raw Ed25519, Node crypto',
  b: '(b) platform, Data Integrity',
  c: '(c) @digitalbazaar/vc',
  d: '(d) platform, JWT',
}
console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, ${SECONDS} s each`)
console.log(`${'path'.padEnd(34)}${'sign/s'.padStart(10)}${'verify/s'.padStart(10)}`)
for (const [id, f] of Object.entries(figures))
  console.log(
    `${names[id as keyof typeof names].padEnd(34)}${f.sign.toFixed(0).padStart(10)}${f.verify.toFixed(0).padStart(10)}`,
  )
console.log(
  `(d) from a JavaScript object instead: ${jwtFromObject!.toFixed(0)} sign/s, ${((100 * jwtFromObject!) / rawSign!).toFixed(0)}% of (a) (JSON.stringify included)`,
)
console.log(
  `bytes signed: (a) ${bytes.length}, (d) ${jwt.split('.').slice(0, 2).join('.').length} from an object, ${signJwtPayload(storedJson, key).split('.').slice(0, 2).join('.').length} as stored`,
)
console.log(
  `canonical forms during the timed runs: ${canonicalStats.fast - stats.fast} fast, ${canonicalStats.slow - stats.slow} through jsonld`,
)

const goals = [
  ['(b) issues ≥ 10 × (c)', figures.b.sign / figures.c.sign, 10],
  ['(b) verifies ≥ 10 × (c)', figures.b.verify / figures.c.verify, 10],
  ['(d) signs ≥ 70% of (a)', figures.d.sign / figures.a.sign, 0.7],
  ['(d) verifies ≥ 70% of (a)', figures.d.verify / figures.a.verify, 0.7],
] as const
let missed = false
for (const [goal, ratio, needed] of goals) {
  const met = ratio >= needed
  missed ||= !met
  console.log(`${met ? 'met   ' : 'MISSED'} ${goal}: ${ratio.toFixed(2)}`)
}
process.exit(missed ? 1 : 0)
