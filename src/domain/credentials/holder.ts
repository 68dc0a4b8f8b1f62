// Who a credential was issued to, and the one rule for whether a claimant is that holder.
//
// Our awards name the holder with Open Badges 3.0 IdentityObjects in
// credentialSubject.identifier: their name as the provider recorded it, a salted hash of their
// e-mail address, and their professional registration ("NMC 09B2345C") when they have one.
// Another issuer may name the holder by a DID (credentialSubject.id) or an unhashed address.
//
// A claim (the address and registration of an account, or what someone typed in a "check who
// holds it" form) matches when one of its identifiers matches one the credential names:
// - an e-mail address through the salted hash (or, unhashed, ignoring case and outer spaces);
// - a registration number with spaces removed and in upper case, with or without its
//   regulator's code: "nmc 09b2345c", "NMC09B2345C" and "09B2345C" all match "NMC 09B2345C".
//   When both sides give a code, the codes must agree;
// - a DID when it is exactly the credential subject's id.
// A name is never used to match: names are neither unique nor checked.
import { REGULATORS } from '../award-rows.ts'
import type { JsonObject } from './data-integrity.ts'
import { identityHash } from './open-badges.ts'

export interface HolderClaim {
  emails?: readonly string[]
  registrationNumbers?: readonly string[]
  dids?: readonly string[]
}

/** The IdentityObject identityType of a professional registration (an OB 3.0 extension value). */
export const REGISTRATION_IDENTITY_TYPE = 'ext:ProfessionalRegistrationNumber'

/** Regulator codes a registration may start with ("Other" is no code). */
const CODES = REGULATORS.filter((r) => r !== 'Other').map((r) => r.toUpperCase())

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value]
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/**
 * A registration as the award credential names it: the regulator's code, a space, the number
 * ("NMC 09B2345C"); the number alone for a regulator with no code ("Other"); null without a number.
 */
export function registrationIdentity(regulator: string, number: string): string | null {
  const n = number.trim().toUpperCase()
  if (!n) return null
  const code = regulator.trim()
  return code && CODES.includes(code.toUpperCase()) ? `${code} ${n}` : n
}

interface Registration {
  code: string | null
  number: string
}

function parseRegistration(value: string): Registration | null {
  const compact = value.replace(/\s+/g, '').toUpperCase()
  if (!compact) return null
  const code = CODES.find((c) => compact.startsWith(c) && compact.length > c.length)
  return code ? { code, number: compact.slice(code.length) } : { code: null, number: compact }
}

const sameRegistration = (a: Registration, b: Registration) =>
  a.number === b.number && (a.code === null || b.code === null || a.code === b.code)

function subjectOf(credential: JsonObject): JsonObject | null {
  return list(credential.credentialSubject).find(isObject) ?? null
}

function identitiesOf(credential: JsonObject): JsonObject[] {
  return list(subjectOf(credential)?.identifier).filter(isObject)
}

const plain = (identity: JsonObject) => identity.hashed !== true

/** What the credential says about its holder, as issued. */
export function namedHolder(credential: JsonObject): {
  name: string | null
  registration: string | null
  subjectId: string | null
  /** How many e-mail addresses name the holder (hashed, as ours are, or not). */
  emailHashes: number
} {
  const identities = identitiesOf(credential)
  const plainValue = (type: string) =>
    identities
      .filter((i) => i.identityType === type && plain(i))
      .map((i) => text(i.identityHash)?.trim())
      .find((v) => !!v) ?? null
  return {
    name: plainValue('name'),
    registration: plainValue(REGISTRATION_IDENTITY_TYPE),
    subjectId: text(subjectOf(credential)?.id),
    emailHashes: identities.filter((i) => i.identityType === 'emailAddress' && text(i.identityHash)).length,
  }
}

function emailMatches(identity: JsonObject, email: string): boolean {
  const hash = text(identity.identityHash)
  if (!hash) return false
  if (plain(identity)) return hash.trim().toLowerCase() === email.trim().toLowerCase()
  return hash.toLowerCase() === identityHash(email, text(identity.salt) ?? '')
}

const given = (values: readonly string[] | undefined) => (values ?? []).filter((v) => v.trim() !== '')

/**
 * true: one of the claim's identifiers matches; false: the credential names a holder and none
 * match; null: the credential names no holder the claim could be compared with.
 */
export function matchHolder(credential: JsonObject, claim: HolderClaim): boolean | null {
  const identities = identitiesOf(credential)
  let comparable = false

  const emails = given(claim.emails)
  const emailIds = identities.filter((i) => i.identityType === 'emailAddress' && text(i.identityHash))
  if (emails.length && emailIds.length) {
    comparable = true
    if (emailIds.some((i) => emails.some((e) => emailMatches(i, e)))) return true
  }

  const claimed = given(claim.registrationNumbers).flatMap((r) => parseRegistration(r) ?? [])
  const registrations = identities
    .filter((i) => i.identityType === REGISTRATION_IDENTITY_TYPE && plain(i))
    .flatMap((i) => parseRegistration(text(i.identityHash) ?? '') ?? [])
  if (claimed.length && registrations.length) {
    comparable = true
    if (registrations.some((r) => claimed.some((c) => sameRegistration(r, c)))) return true
  }

  const dids = given(claim.dids).map((d) => d.trim())
  const subjectId = text(subjectOf(credential)?.id)
  if (dids.length && subjectId?.startsWith('did:')) {
    comparable = true
    if (dids.includes(subjectId)) return true
  }

  return comparable ? false : null
}

/**
 * A typed string from a "check who holds it" form: an e-mail address (contains @) or a
 * registration number (with or without the regulator code, any case and spacing). A DID
 * ("did:…") is taken as a DID. Empty text claims nothing.
 */
/**
 * Why a typed holder cannot be compared with a credential, or null when it can: an e-mail
 * address, a professional registration number (a regulator code may come first) or a DID.
 * A name is refused rather than compared: credentials are matched by identifiers, and a
 * name would only ever "not match".
 */
export function holderTextProblem(text: string): string | null {
  const value = text.trim()
  if (/^did:[a-z0-9]+:\S+$/i.test(value)) return null
  if (value.includes('@'))
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
      ? null
      : 'Enter an email address in the correct format, like name@example.com'
  const number = value.replace(/\s+/g, '')
  if (/^[A-Za-z]{0,6}[A-Za-z0-9]*\d[A-Za-z0-9]*$/.test(number) && number.length >= 5 && number.length <= 20)
    return null
  return 'Enter an email address or a professional registration number, like NMC 09B2345C'
}

export function claimFromText(text: string): HolderClaim {
  const value = text.trim()
  if (!value) return {}
  if (/^did:[a-z0-9]+:/i.test(value)) return { dids: [value] }
  if (value.includes('@')) return { emails: [value] }
  return { registrationNumbers: [value] }
}
