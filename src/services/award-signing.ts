// Signing award credentials, one at a time (in the transaction that makes a few awards) or in
// bulk on worker threads (an award import), so that canonicalising and signing thousands of
// credentials never holds the web process's event loop. Only pure modules are imported here:
// the worker threads load this file, not the database.
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { Piscina } from 'piscina'
import { addProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { registrationIdentity } from '../domain/credentials/holder.ts'
import { awardCredential, identityHash, type StatusPurpose } from '../domain/credentials/open-badges.ts'
import type { SigningKey } from './issuers.ts'

/** What issuing a delivery's awards needs, read before the transaction that makes them. */
export interface Issuance {
  organisationId: string
  issuer: { id: string; name: string; url: string }
  achievement: JsonObject
  credentialName: string
  key: SigningKey
}

export interface AwardToIssue {
  id: string
  email: string
  /** The holder's name as the provider recorded it ("Priya Shah"), named in the credential. */
  name: string
  /** Their regulator and registration number, named in the credential; null when they have none. */
  registration: { regulator: string; number: string } | null
  awardedOn: string
}

export const credentialUrlOf = (baseUrl: string, awardId: string) => `${baseUrl}/awards/${awardId}/credential`
export const statusListUrlOf = (baseUrl: string, id: number, purpose: StatusPurpose) =>
  `${baseUrl}/status/${id}/${purpose}`

/** An award's credential, signed now, with its entry in the issuer's status list. */
export function signAward(
  baseUrl: string,
  issuance: Issuance,
  award: AwardToIssue,
  entry: { listId: number; index: number },
): Promise<JsonObject> {
  const salt = randomBytes(16).toString('hex')
  const unsigned = awardCredential({
    id: credentialUrlOf(baseUrl, award.id),
    name: issuance.credentialName,
    issuer: issuance.issuer,
    achievement: issuance.achievement,
    identity: { hash: identityHash(award.email, salt), salt },
    holder: {
      name: award.name,
      registration: award.registration
        ? registrationIdentity(award.registration.regulator, award.registration.number)
        : null,
    },
    awardedOn: award.awardedOn,
    status: { listUrl: (purpose) => statusListUrlOf(baseUrl, entry.listId, purpose), index: entry.index },
  })
  // The proof's creation time is when the bytes were signed, on any clock.
  return addProof(unsigned, issuance.key, new Date())
}

/** One piece of work for a signing thread: awards of one issuance, each with its entry. */
export interface SigningTask {
  baseUrl: string
  issuance: Issuance
  awards: Array<{ award: AwardToIssue; listId: number; index: number }>
}

/** What a signing thread does with a task: each award's signed credential, as JSON text. */
export async function signTask(task: SigningTask): Promise<string[]> {
  const signed: string[] = []
  for (const { award, listId, index } of task.awards)
    signed.push(JSON.stringify(await signAward(task.baseUrl, task.issuance, award, { listId, index })))
  return signed
}

export interface SigningPool {
  sign(task: SigningTask): Promise<string[]>
  close(): Promise<void>
}

/**
 * Threads to sign on. PGlite works on the process's main thread, so there one core is left to
 * it and the web event loop (on a 2-core machine, one thread; measured in bench/README.md,
 * "Award imports under load"). PostgreSQL works in processes of its own and the main thread
 * mostly waits for it, so there every core signs.
 */
export function signingThreads(embeddedDatabase: boolean): number {
  const cores = os.availableParallelism()
  return embeddedDatabase ? Math.max(1, cores - 1) : cores
}

/**
 * Worker threads that sign. Started for one import and closed after it, so no thread is
 * left running between imports. The worker runs the same file type as this one: .ts under
 * tsx (which passes its loader on to worker threads), .js once built.
 */
export function createSigningPool(threads: number): SigningPool {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const pool = new Piscina<SigningTask, string[]>({
    filename: new URL(`./award-signing-worker${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    recordTiming: false,
  })
  return {
    sign: (task) => pool.run(task),
    close: () => pool.destroy(),
  }
}
