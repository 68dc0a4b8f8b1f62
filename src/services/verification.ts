// Verifying a credential, ours or another issuer's, in the Data Integrity or the JWT form,
// with reasons in plain words. Each check says passed, failed or could not be checked, and
// the verdict comes from them through the one rule in src/domain/credentials/verdict.ts.
// Nothing is fetched from elsewhere: other issuers verify through a did:key, and their
// status lists are not read.
import type { Kysely } from 'kysely'
import { isDeepStrictEqual } from 'node:util'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { VC_V2_CONTEXT } from '../domain/credentials/contexts.ts'
import { checkProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { matchHolder, namedHolder, type HolderClaim } from '../domain/credentials/holder.ts'
import { checkJwt, looksLikeJwt } from '../domain/credentials/jwt.ts'
import { statusBit, STATUS_PURPOSES, type StatusPurpose } from '../domain/credentials/open-badges.ts'
import { isClr } from '../domain/credentials/clr.ts'
import {
  failedFirst,
  recordVerdictOf,
  verdictOf,
  type Check,
  type Verdict,
} from '../domain/credentials/verdict.ts'
import { longDate } from '../domain/dates.ts'
import { wasApprovedOn } from '../domain/delivery-approval.ts'
import { UUID_PATTERN } from '../domain/identifiers.ts'
import { AWARD_STATUS_REASON_LABELS } from '../domain/providers.ts'
import * as repo from '../repositories/award-credentials.ts'
import { deliveryStateHistory } from '../repositories/deliveries.ts'
import type { AwardCredentialsService } from './award-credentials.ts'
import type { IssuersService } from './issuers.ts'
import { findCentre } from '../repositories/organisations.ts'
import { formatNumber } from '../domain/numbers.ts'

export type { Check as VerificationCheck, CheckName, Verdict } from '../domain/credentials/verdict.ts'

export interface VerificationResult {
  /** From the checks, by the one rule: valid only when every check passed. */
  verdict: Verdict
  /** The verdict is valid. */
  verified: boolean
  /** Why it could not be read at all; then nothing else is said. */
  problem: string | null
  format: 'data-integrity' | 'jwt' | null
  /**
   * Who issued it. For one of this platform's issuers the name is the one in its records;
   * for anyone else it is the name the credential gives itself (selfDeclared).
   */
  issuer: { id: string; name: string | null; ours: boolean; selfDeclared: boolean } | null
  achievement: { id: string | null; name: string | null } | null
  /** The holder as the credential names them. */
  holder: { name: string | null; registration: string | null } | null
  validFrom: string | null
  validUntil: string | null
  /** The key that signed it and when the proof says it did. */
  proof: { verificationMethod: string | null; created: string | null }
  /** Failed checks first, then those that could not be run, then those that passed. */
  checks: Check[]
  /**
   * For a record that carries credentials (a CLR 2.0 ClrCredential): each credential inside,
   * checked as if given on its own, and how many achievements it records. The verdict above
   * is then the record's, by the rule in recordVerdictOf: valid only when its own checks pass
   * and every credential inside is valid. Null for a single credential.
   */
  record: {
    kind: 'clr'
    /** The record's own name, as it gives it. */
    name: string | null
    credentials: VerificationResult[]
    achievements: number
  } | null
}

export interface VerificationService {
  /** The credential as pasted, uploaded or sent: JSON text, a parsed object, or a JWT. */
  verify(
    input: unknown,
    options?: { holder?: HolderClaim | undefined; now?: Date },
  ): Promise<VerificationResult>
}

/** The answer for something that cannot be read as a credential at all. */
export const unreadableResult = (problem: string): VerificationResult => ({
  verdict: 'not-valid',
  verified: false,
  problem,
  format: null,
  issuer: null,
  achievement: null,
  holder: null,
  validFrom: null,
  validUntil: null,
  proof: { verificationMethod: null, created: null },
  checks: [],
  record: null,
})

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value]
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const withoutProof = (credential: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(credential).filter(([key]) => key !== 'proof'))
/** A date-time as people read it, or the text itself when it is not one. */
const readable = (value: string) => (Number.isNaN(Date.parse(value)) ? value : longDate(value))

/**
 * The most JSON values (objects, arrays and their members) a credential may have. Checking
 * a signature canonicalises the whole document, which takes seconds for tens of thousands of
 * nodes, so an outsized one is refused before any of that work. An award of this platform has
 * about 200; this leaves room for ten times as many.
 */
export const MAX_CREDENTIAL_NODES = 2_000
/** A CLR carries its awards whole: room for about 40 of them, and its CPD. */
export const MAX_RECORD_NODES = 10_000
/** Each credential inside a record is checked on its own, with its own look-ups. */
export const MAX_RECORD_CREDENTIALS = 100
const TOO_LARGE = `This credential is too large to check: it has more than ${formatNumber(MAX_CREDENTIAL_NODES)} items, far more than any advanced practice credential needs`
const RECORD_TOO_LARGE = `This record is too large to check: it has more than ${formatNumber(MAX_RECORD_NODES)} items`

/** Whether the value has more than `limit` JSON values, counted without recursion. */
function exceeds(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value]
  let count = 0
  while (stack.length) {
    const next = stack.pop()
    if (++count > limit) return true
    if (typeof next === 'object' && next !== null)
      for (const member of Object.values(next)) stack.push(member)
  }
  return false
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

type AwardRow = NonNullable<Awaited<ReturnType<typeof repo.findCredential>>>

export function createVerificationService(
  db: Kysely<Database>,
  config: Config,
  deps: { issuers: IssuersService; awardCredentials: AwardCredentialsService; clock: Clock },
): VerificationService {
  const { issuers, awardCredentials } = deps
  const resolveKey = (method: string) => issuers.resolveKey(method)
  const statusPrefix = `${config.baseUrl}/status/`
  const awardPattern = new RegExp(`^${escape(config.baseUrl)}/awards/(${UUID_PATTERN})/credential$`)
  const achievementPattern = new RegExp(`^${escape(config.baseUrl)}/achievements/([a-z0-9-]+)/(\\d{1,9})$`)
  const ourDid = issuers.did('')
  const organisationOf = (did: string) => (did.startsWith(ourDid) ? did.slice(ourDid.length) : null)

  /** The bit of one of our status lists, or null when the entry points to no list we publish. */
  async function ourStatusBit(
    entry: JsonObject,
    purpose: StatusPurpose,
    issuerId: string | null,
  ): Promise<boolean | null | 'another issuer'> {
    const url = text(entry.statusListCredential) ?? ''
    const match = /^(\d{1,9})\/(revocation|suspension)$/.exec(url.slice(statusPrefix.length))
    if (!match || match[2] !== purpose) return null
    const served = await awardCredentials.statusList(Number(match[1]), purpose)
    // A list speaks only for its own issuer's credentials.
    if (served && served.credential.issuer !== issuerId) return 'another issuer'
    const subject =
      served && isObject(served.credential.credentialSubject) ? served.credential.credentialSubject : null
    const encoded = subject ? text(subject.encodedList) : null
    return encoded === null ? null : statusBit(encoded, Number(entry.statusListIndex))
  }

  async function statusChecks(
    credential: JsonObject,
    issuerId: string | null,
    award: AwardRow | undefined,
  ): Promise<Check[]> {
    const entries = list(credential.credentialStatus).filter(isObject)
    return Promise.all(
      STATUS_PURPOSES.map(async (purpose): Promise<Check> => {
        const word = purpose === 'revocation' ? 'revoked' : 'suspended'
        const entry = entries.find(
          (e) => e.type === 'BitstringStatusListEntry' && e.statusPurpose === purpose,
        )
        if (!entry)
          return { name: purpose, ok: true, message: `It has no ${purpose} list, so it cannot be ${word}` }
        if (!(text(entry.statusListCredential) ?? '').startsWith(statusPrefix))
          return {
            name: purpose,
            ok: null,
            message: `Whether it is ${word} could not be checked: its issuer publishes its status list on another site, which this service does not contact`,
          }
        const bit = await ourStatusBit(entry, purpose, issuerId)
        if (bit === 'another issuer')
          return {
            name: purpose,
            ok: false,
            message: `Its ${purpose} entry points to a list another issuer publishes`,
          }
        if (bit === null)
          return {
            name: purpose,
            ok: false,
            message: `Its ${purpose} entry points to no list this service publishes`,
          }
        if (!bit) return { name: purpose, ok: true, message: `Not ${word}` }
        const when = award?.status_changed_at ? ` on ${longDate(award.status_changed_at)}` : ''
        const why = award?.status_reason_category
          ? `: ${AWARD_STATUS_REASON_LABELS[award.status_reason_category].toLowerCase()}`
          : ''
        return { name: purpose, ok: false, message: `The issuer ${word} it${when}${why}` }
      }),
    )
  }

  /** Whether the key that signed it was reported compromised before it signed. */
  async function keyCheck(
    credential: JsonObject,
    verificationMethod: string,
    award: AwardRow | undefined,
  ): Promise<Check | null> {
    if (!organisationOf(verificationMethod)) return null
    const compromise = await issuers.keyCompromise(verificationMethod)
    if (!compromise)
      return { name: 'key', ok: true, message: 'The key that signed it has not been reported compromised' }
    const from = longDate(compromise.compromisedFrom)
    // A stolen key can sign anything with any date, so the proof's own date proves nothing.
    // What the platform recorded issuing can be trusted: the same content, signed when it says.
    const issuedHere =
      award && isDeepStrictEqual(withoutProof(credential), withoutProof(award.credential))
        ? award.issued_at
        : null
    if (issuedHere && issuedHere < compromise.compromisedFrom)
      return {
        name: 'key',
        ok: true,
        message: `Signed on ${longDate(issuedHere)} with a key reported compromised from ${from}: the platform issued it before then`,
      }
    return {
      name: 'key',
      ok: false,
      message: issuedHere
        ? `Signed on ${longDate(issuedHere)} with a key reported compromised from ${from}`
        : `Signed with a key reported compromised from ${from}, and the platform has no record of issuing it before then`,
    }
  }

  async function approvalCheck(award: AwardRow | undefined, issuer: string | null): Promise<Check> {
    if (!issuer)
      return {
        name: 'approval',
        ok: false,
        message:
          'It is for a credential the Centre endorses, but its issuer is not a provider on this platform, so it was not awarded under an approval',
      }
    if (!award)
      return {
        name: 'approval',
        ok: false,
        message: 'No award made on this platform has this credential’s identifier',
      }
    if (award.organisation_id !== issuer)
      return {
        name: 'approval',
        ok: false,
        message: 'The award with this identifier was made by another provider',
      }
    const on = longDate(award.awarded_on)
    return wasApprovedOn(await deliveryStateHistory(db, award.delivery_id), award.awarded_on)
      ? {
          name: 'approval',
          ok: true,
          message: `The provider was approved to deliver this credential on ${on}, the date of the award`,
        }
      : {
          name: 'approval',
          ok: false,
          message: `The provider was not approved to deliver this credential on ${on}, the date of the award`,
        }
  }

  /** The Centre's endorsement embedded in the achievement: genuine, about this achievement, not withdrawn. */
  async function endorsementCheck(
    achievement: JsonObject | null,
    award: AwardRow | undefined,
  ): Promise<Check> {
    const fail = (message: string): Check => ({ name: 'endorsement', ok: false, message })
    const achievementId = achievement ? text(achievement.id) : null
    const version = achievementPattern.exec(achievementId ?? '')
    if (!achievement || !version)
      return fail('It is not for a credential specification published on this platform')
    const centre = await findCentre(db)
    const centreDid = centre ? issuers.did(centre.id) : null
    const endorsement = list(achievement.endorsement)
      .filter(isObject)
      .find((e) => {
        const issuer = e.issuer
        return (isObject(issuer) ? text(issuer.id) : text(issuer)) === centreDid
      })
    if (!endorsement) return fail('It carries no endorsement by the Centre for Advancing Practice')
    const subject = list(endorsement.credentialSubject).find(isObject)
    if (!subject || text(subject.id) !== achievementId)
      return fail('The Centre’s endorsement it carries is of another credential specification')
    const proof = await checkProof(endorsement, resolveKey)
    if (!proof.ok) return fail(`The Centre’s endorsement it carries is not genuine: ${proof.reason}`)
    if (proof.verificationMethod.split('#')[0] !== centreDid)
      return fail('The Centre’s endorsement it carries was not signed with the Centre’s key')
    const record = await awardCredentials.endorsementRecord(version[1] ?? '', Number(version[2]))
    if (!record) return fail('The Centre has no record of endorsing this version of the specification')
    if (record.withdrawnAt)
      return fail(
        `The Centre withdrew its endorsement of this version of the specification on ${longDate(record.withdrawnAt)}`,
      )
    const revocation = list(endorsement.credentialStatus)
      .filter(isObject)
      .find((e) => e.statusPurpose === 'revocation')
    if (revocation && (await ourStatusBit(revocation, 'revocation', centreDid)) !== false)
      return fail('The Centre’s endorsement of this version of the specification has been withdrawn')
    if (record.endedOn && award && award.awarded_on > record.endedOn)
      return fail(
        `The Centre’s endorsement of this version ended on ${longDate(record.endedOn)}, before the award was made on ${longDate(award.awarded_on)}`,
      )
    return {
      name: 'endorsement',
      ok: true,
      message: record.endedOn
        ? `Endorsed by the Centre for Advancing Practice; the endorsement ended on ${longDate(record.endedOn)}, after this award was made`
        : 'Endorsed by the Centre for Advancing Practice, and not withdrawn',
    }
  }

  function holderCheck(credential: JsonObject, claim: HolderClaim | undefined): Check | null {
    const given = [...(claim?.emails ?? []), ...(claim?.registrationNumbers ?? []), ...(claim?.dids ?? [])]
    if (!claim || !given.some((g) => g.trim())) return null
    const matched = matchHolder(credential, claim)
    if (matched === null)
      return {
        name: 'holder',
        ok: null,
        message: 'It does not name its holder in a way that can be compared with what was given',
      }
    return matched
      ? { name: 'holder', ok: true, message: `Issued to the person with ${given.join(' or ')}` }
      : { name: 'holder', ok: false, message: `Not issued to the person with ${given.join(' or ')}` }
  }

  async function signed(input: unknown): Promise<
    | { problem: string }
    | {
        credential: JsonObject
        format: 'jwt' | 'data-integrity'
        signature: Check
        verificationMethod: string | null
        created: string | null
      }
  > {
    const raw = typeof input === 'string' ? input.trim() : input
    if (typeof raw === 'string' && looksLikeJwt(raw)) {
      const checked = await checkJwt(raw, resolveKey)
      if (!checked.credential) return { problem: checked.ok ? 'The JWT holds no credential' : checked.reason }
      if (exceeds(checked.credential, MAX_CREDENTIAL_NODES)) return { problem: TOO_LARGE }
      return {
        credential: checked.credential,
        format: 'jwt',
        signature: checked.ok
          ? {
              name: 'signature',
              ok: true,
              message: 'The signature holds: it has not been changed since it was signed',
            }
          : { name: 'signature', ok: false, message: checked.reason },
        verificationMethod: checked.verificationMethod ?? null,
        created: null,
      }
    }
    let parsed: unknown = raw
    if (typeof raw === 'string') {
      try {
        parsed = JSON.parse(raw)
      } catch {
        return { problem: 'This is not a credential: paste its JSON or its JWT, or upload its file' }
      }
    }
    if (!isObject(parsed)) return { problem: 'This is not a credential: it is not a JSON object' }
    if (isClr(parsed) ? exceeds(parsed, MAX_RECORD_NODES) : exceeds(parsed, MAX_CREDENTIAL_NODES))
      return { problem: isClr(parsed) ? RECORD_TOO_LARGE : TOO_LARGE }
    const checked = await checkProof(parsed, resolveKey)
    const proof = isObject(parsed.proof) ? parsed.proof : null
    return {
      credential: parsed,
      format: 'data-integrity',
      signature: checked.ok
        ? {
            name: 'signature',
            ok: true,
            message: 'The signature holds: it has not been changed since it was signed',
          }
        : { name: 'signature', ok: false, message: checked.reason },
      verificationMethod: checked.verificationMethod ?? (proof ? text(proof.verificationMethod) : null),
      created: proof ? text(proof.created) : null,
    }
  }

  async function verify(
    input: unknown,
    options: { holder?: HolderClaim | undefined; now?: Date },
    inside: boolean,
  ): Promise<VerificationResult> {
    const now = options.now ?? deps.clock.now()
    const read = await signed(input)
    if ('problem' in read) return unreadableResult(read.problem)
    const { credential, format, signature, verificationMethod } = read
    const types = list(credential.type)
    if (!list(credential['@context']).includes(VC_V2_CONTEXT) || !types.includes('VerifiableCredential'))
      return unreadableResult('This is not a Verifiable Credential (Data Model 2.0)')

    const issuerValue = credential.issuer
    const issuerId = isObject(issuerValue) ? text(issuerValue.id) : text(issuerValue)
    const issuerOrganisation = issuerId ? organisationOf(issuerId) : null
    const profile = issuerOrganisation ? await issuers.profile(issuerOrganisation) : null
    const subject = list(credential.credentialSubject).find(isObject)
    if (isClr(credential) && subject && list(subject.verifiableCredential).length > MAX_RECORD_CREDENTIALS)
      return unreadableResult(
        `This record is too large to check: it carries more than ${formatNumber(MAX_RECORD_CREDENTIALS)} credentials`,
      )
    const achievement = subject && isObject(subject.achievement) ? subject.achievement : null
    const validFrom = text(credential.validFrom)
    const validUntil = text(credential.validUntil)

    // An Open Badge from one of our issuers, or for one of our achievements, claims to be one of
    // our awards and is checked against its record: only an approved provider makes those.
    const isBadge = types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')
    const ourAchievement = achievementPattern.test((achievement && text(achievement.id)) ?? '')
    const isAward = isBadge && (Boolean(profile) || ourAchievement)
    const awardId = awardPattern.exec(text(credential.id) ?? '')?.[1]
    const award = isAward && profile && awardId ? await repo.findCredential(db, awardId) : undefined

    const dates: Check =
      validFrom && !(Date.parse(validFrom) <= now.getTime())
        ? { name: 'dates', ok: false, message: `Not valid until ${readable(validFrom)}` }
        : validUntil && !(Date.parse(validUntil) > now.getTime())
          ? { name: 'dates', ok: false, message: `Expired on ${readable(validUntil)}` }
          : {
              name: 'dates',
              ok: true,
              message: validUntil
                ? `In date: valid until ${readable(validUntil)}`
                : 'In date: it does not expire',
            }
    // A signature proves something only when the key is the issuer's own.
    const signatureCheck: Check =
      signature.ok && (!issuerId || !verificationMethod || verificationMethod.split('#')[0] !== issuerId)
        ? {
            name: 'signature',
            ok: false,
            message: 'It was signed with a key that does not belong to the issuer it names',
          }
        : signature
    const key =
      signatureCheck.ok && verificationMethod ? await keyCheck(credential, verificationMethod, award) : null
    const checks: Check[] = [
      signatureCheck,
      ...(key ? [key] : []),
      dates,
      ...(await statusChecks(credential, issuerId, award)),
      ...(isAward
        ? [await approvalCheck(award, issuerOrganisation), await endorsementCheck(achievement, award)]
        : []),
    ]
    const clr = isClr(credential)
    // A record names its holder for the credentials it carries, each of which is compared.
    const holder = clr ? null : holderCheck(credential, options.holder)
    if (holder) checks.push(holder)
    const inner =
      clr && subject
        ? await Promise.all(
            list(subject.verifiableCredential).map((c) =>
              inside
                ? unreadableResult('A record inside another record is not checked')
                : verify(c, options, true),
            ),
          )
        : []
    const verdict = clr
      ? recordVerdictOf(
          checks,
          inner.map((r) => r.verdict),
        )
      : verdictOf(checks)
    const named = namedHolder(credential)
    const profileName = profile ? text(profile.name) : null
    return {
      verdict,
      verified: verdict === 'valid',
      problem: null,
      format,
      issuer: issuerId
        ? {
            id: issuerId,
            name: profileName ?? (isObject(issuerValue) ? text(issuerValue.name) : null),
            ours: Boolean(profile),
            selfDeclared: !profile,
          }
        : null,
      achievement: achievement ? { id: text(achievement.id), name: text(achievement.name) } : null,
      holder:
        named.name || named.registration ? { name: named.name, registration: named.registration } : null,
      validFrom,
      validUntil,
      proof: { verificationMethod, created: read.created },
      checks: failedFirst(checks),
      record:
        clr && subject
          ? {
              kind: 'clr',
              name: text(credential.name),
              credentials: inner,
              achievements: list(subject.achievement).length,
            }
          : null,
    }
  }

  return {
    verify: (input, options = {}) => verify(input, options, false),
  }
}
