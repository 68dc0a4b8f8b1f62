// Verifying a credential, ours or another issuer's, in the Data Integrity or the JWT form,
// with reasons in plain words: who issued it, for what, to whom (when the checker gives the
// holder's e-mail), whether the signature holds, whether it is in date, revoked or
// suspended, and, for our own awards, whether the provider was approved to deliver it on the
// award date. Nothing is fetched from elsewhere: other issuers verify through a did:key.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { VC_V2_CONTEXT } from '../domain/credentials/contexts.ts'
import { checkProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { checkJwt, looksLikeJwt } from '../domain/credentials/jwt.ts'
import {
  identityHash,
  statusBit,
  STATUS_PURPOSES,
  type StatusPurpose,
} from '../domain/credentials/open-badges.ts'
import * as repo from '../repositories/award-credentials.ts'
import type { AwardCredentialsService } from './award-credentials.ts'
import type { IssuersService } from './issuers.ts'

export type CheckName = 'signature' | 'dates' | 'revocation' | 'suspension' | 'approval' | 'holder'

export interface VerificationCheck {
  name: CheckName
  /** null: could not be checked (said why), which does not fail the credential. */
  ok: boolean | null
  message: string
}

export interface VerificationResult {
  /** True when the signature holds, it is in date, and it is neither revoked nor suspended. */
  verified: boolean
  /** Why it could not be read at all; then nothing else is said. */
  problem: string | null
  format: 'data-integrity' | 'jwt' | null
  issuer: { id: string; name: string | null; ours: boolean } | null
  achievement: { id: string | null; name: string | null } | null
  validFrom: string | null
  validUntil: string | null
  checks: VerificationCheck[]
}

export interface VerificationService {
  /** The credential as pasted, uploaded or sent: JSON text, a parsed object, or a JWT. */
  verify(input: unknown, options?: { email?: string | undefined; now?: Date }): Promise<VerificationResult>
}

const unreadable = (problem: string): VerificationResult => ({
  verified: false,
  problem,
  format: null,
  issuer: null,
  achievement: null,
  validFrom: null,
  validUntil: null,
  checks: [],
})

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value]
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

export function createVerificationService(
  db: Kysely<Database>,
  config: Config,
  deps: { issuers: IssuersService; awardCredentials: AwardCredentialsService },
): VerificationService {
  const { issuers, awardCredentials } = deps
  const resolveKey = (method: string) => issuers.resolveKey(method)
  const statusPrefix = `${config.baseUrl}/status/`
  const awardPattern = new RegExp(
    `^${config.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/awards/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/credential$`,
  )

  async function statusChecks(credential: JsonObject): Promise<VerificationCheck[]> {
    const entries = list(credential.credentialStatus).filter(isObject)
    return Promise.all(
      STATUS_PURPOSES.map(async (purpose): Promise<VerificationCheck> => {
        const word = purpose === 'revocation' ? 'revoked' : 'suspended'
        const entry = entries.find(
          (e) => e.type === 'BitstringStatusListEntry' && e.statusPurpose === purpose,
        )
        if (!entry)
          return {
            name: purpose,
            ok: true,
            message: `The credential has no ${purpose} list: it cannot be ${word}`,
          }
        const url = text(entry.statusListCredential) ?? ''
        const match = url.startsWith(statusPrefix)
          ? /^(\d{1,9})\/(revocation|suspension)$/.exec(url.slice(statusPrefix.length))
          : null
        if (!match)
          return {
            name: purpose,
            ok: null,
            message: `Whether it is ${word} cannot be checked here: its status list is published elsewhere, and this service fetches nothing from other sites`,
          }
        const served = await awardCredentials.statusList(Number(match[1]), match[2] as StatusPurpose)
        const index = Number(entry.statusListIndex)
        const encoded =
          served && isObject(served.credential.credentialSubject)
            ? text(served.credential.credentialSubject.encodedList)
            : null
        const bit = encoded === null ? null : statusBit(encoded, index)
        if (bit === null)
          return {
            name: purpose,
            ok: false,
            message: `Its ${purpose} entry points to no list this service publishes`,
          }
        return bit
          ? { name: purpose, ok: false, message: `The issuer has ${word} this credential` }
          : { name: purpose, ok: true, message: `Not ${word}` }
      }),
    )
  }

  async function approvalCheck(credential: JsonObject): Promise<VerificationCheck> {
    const awardId = awardPattern.exec(text(credential.id) ?? '')?.[1]
    const row = awardId ? await repo.findCredential(db, awardId) : undefined
    if (!row)
      return {
        name: 'approval',
        ok: null,
        message: 'Not an award made on this platform, so its provider’s approval is not known here',
      }
    const approvedOn = row.decided_at?.toISOString().slice(0, 10)
    // Approved by then, and never declined (a later suspension or withdrawal leaves earlier awards).
    const ok = Boolean(
      approvedOn && approvedOn <= row.awarded_on && !['applied', 'declined'].includes(row.delivery_state),
    )
    return ok
      ? {
          name: 'approval',
          ok: true,
          message: `The provider was approved to deliver this credential on ${row.awarded_on}, the date of the award`,
        }
      : {
          name: 'approval',
          ok: false,
          message: `The provider was not approved to deliver this credential on ${row.awarded_on}, the date of the award`,
        }
  }

  function holderCheck(credential: JsonObject, email: string | undefined): VerificationCheck | null {
    if (!email?.trim()) return null
    const subject = list(credential.credentialSubject).find(isObject)
    const identities = list(subject?.identifier).filter(isObject)
    const matched = identities.some((i) =>
      i.identityType === 'emailAddress'
        ? i.hashed === true
          ? i.identityHash === identityHash(email, text(i.salt) ?? '')
          : text(i.identityHash)?.toLowerCase() === email.trim().toLowerCase()
        : false,
    )
    if (!identities.length)
      return {
        name: 'holder',
        ok: null,
        message: 'The credential does not name its holder by e-mail address',
      }
    return matched
      ? { name: 'holder', ok: true, message: `Awarded to ${email.trim()}` }
      : { name: 'holder', ok: false, message: `Not awarded to ${email.trim()}` }
  }

  return {
    async verify(input, options = {}) {
      const now = options.now ?? new Date()
      let credential: JsonObject
      let signature: VerificationCheck
      let format: VerificationResult['format']
      const raw = typeof input === 'string' ? input.trim() : input
      if (typeof raw === 'string' && looksLikeJwt(raw)) {
        const checked = await checkJwt(raw, resolveKey)
        if (!checked.credential)
          return unreadable(checked.ok ? 'The JWT holds no credential' : checked.reason)
        credential = checked.credential
        format = 'jwt'
        signature = checked.ok
          ? { name: 'signature', ok: true, message: `Signed by ${checked.verificationMethod}` }
          : { name: 'signature', ok: false, message: checked.reason }
      } else {
        let parsed: unknown = raw
        if (typeof raw === 'string') {
          try {
            parsed = JSON.parse(raw)
          } catch {
            return unreadable('This is not a credential: paste its JSON or its JWT, or upload its file')
          }
        }
        if (!isObject(parsed)) return unreadable('This is not a credential: it is not a JSON object')
        credential = parsed
        format = 'data-integrity'
        const checked = await checkProof(credential, resolveKey)
        signature = checked.ok
          ? { name: 'signature', ok: true, message: `Signed by ${checked.verificationMethod}` }
          : { name: 'signature', ok: false, message: checked.reason }
      }
      const types = list(credential.type)
      if (!list(credential['@context']).includes(VC_V2_CONTEXT) || !types.includes('VerifiableCredential'))
        return unreadable('This is not a Verifiable Credential (Data Model 2.0)')

      const issuerValue = credential.issuer
      const issuerId = isObject(issuerValue) ? text(issuerValue.id) : text(issuerValue)
      const subject = list(credential.credentialSubject).find(isObject)
      const achievement = isObject(subject?.achievement) ? subject.achievement : null
      const validFrom = text(credential.validFrom)
      const validUntil = text(credential.validUntil)
      const dates: VerificationCheck =
        validFrom && !(Date.parse(validFrom) <= now.getTime())
          ? { name: 'dates', ok: false, message: `Not valid until ${validFrom}` }
          : validUntil && !(Date.parse(validUntil) > now.getTime())
            ? { name: 'dates', ok: false, message: `Expired on ${validUntil}` }
            : {
                name: 'dates',
                ok: true,
                message: validUntil ? `Valid until ${validUntil}` : 'In date: it does not expire',
              }

      const checks = [signature, dates, ...(await statusChecks(credential)), await approvalCheck(credential)]
      const holder = holderCheck(credential, options.email)
      if (holder) checks.push(holder)
      const required: CheckName[] = ['signature', 'dates', 'revocation', 'suspension']
      return {
        verified: checks.every((c) => !required.includes(c.name) || c.ok !== false),
        problem: null,
        format,
        issuer: issuerId
          ? {
              id: issuerId,
              name: isObject(issuerValue) ? text(issuerValue.name) : null,
              ours: issuerId.startsWith(issuers.did('')),
            }
          : null,
        achievement: achievement ? { id: text(achievement.id), name: text(achievement.name) } : null,
        validFrom,
        validUntil,
        checks,
      }
    },
  }
}
