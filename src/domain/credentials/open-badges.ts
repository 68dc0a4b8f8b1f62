// Open Badges 3.0 documents as the platform issues them: the award as an AchievementCredential
// (VC Data Model 2.0), its holder named as issued (their name, a salted hash of their e-mail
// address, their professional registration; see holder.ts), its status in two Bitstring Status
// Lists (revocation and suspension), and those lists.
import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts'
import type { JsonObject } from './data-integrity.ts'

/** Bitstring Status List v1.0 asks for at least 131,072 entries, so one entry says little. */
export const STATUS_LIST_SIZE = 131_072
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const
export type StatusPurpose = (typeof STATUS_PURPOSES)[number]

/** OB 3.0's identityHash: "sha256$" and the hex SHA-256 of the address followed by the salt. */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`, 'utf8').digest('hex')}`
}

export interface AchievementInput {
  id: string
  name: string
  description: string
  criteria: string
  /** Framework level, such as 7. */
  level: number | null
  credits: number | null
  /** The framework capabilities the specification maps to. */
  alignments: Array<{ code: string; name: string; url: string }>
  creator: { id: string; name: string }
  /** The Centre's signed EndorsementCredentials of this version. */
  endorsements?: JsonObject[]
}

export function achievement(input: AchievementInput): JsonObject {
  return {
    id: input.id,
    type: ['Achievement'],
    achievementType: 'Certificate',
    name: input.name,
    description: input.description,
    criteria: { id: input.id, narrative: input.criteria },
    creator: { id: input.creator.id, type: ['Profile'], name: input.creator.name },
    ...(input.level !== null
      ? { fieldOfStudy: 'Advanced clinical practice', tag: [`Level ${input.level}`] }
      : {}),
    ...(input.credits !== null ? { creditsAvailable: input.credits } : {}),
    ...(input.endorsements?.length ? { endorsement: input.endorsements } : {}),
    ...(input.alignments.length
      ? {
          alignment: input.alignments.map((a) => ({
            type: ['Alignment'],
            targetCode: a.code,
            targetName: a.name,
            targetUrl: a.url,
            targetType: 'ext:FrameworkCapability',
            targetFramework: 'Multi-professional framework for advanced practice in England',
          })),
        }
      : {}),
  }
}

/**
 * The Centre's endorsement of a specification version, as an Open Badges 3.0
 * EndorsementCredential whose subject is the version's Achievement.
 */
export function endorsementCredential(input: {
  id: string
  achievementId: string
  name: string
  comment: string
  issuer: { id: string; name: string }
  decidedAt: Date
  /** Its entry in one of the Centre's revocation lists: set when the endorsement is withdrawn. */
  status?: { listUrl: string; index: number }
  /** When an endorsement ended at the next version: the end of its last day. */
  validUntil?: Date
}): JsonObject {
  const instant = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: input.name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name },
    validFrom: instant(input.decidedAt),
    ...(input.validUntil ? { validUntil: instant(input.validUntil) } : {}),
    credentialSubject: {
      id: input.achievementId,
      type: ['EndorsementSubject'],
      endorsementComment: input.comment,
    },
    ...(input.status
      ? {
          // A list of one, in the shape of an award's entries.
          credentialStatus: [
            {
              id: `${input.status.listUrl}#${input.status.index}`,
              type: 'BitstringStatusListEntry',
              statusPurpose: 'revocation',
              statusListIndex: String(input.status.index),
              statusListCredential: input.status.listUrl,
            },
          ],
        }
      : {}),
  }
}

export interface AwardCredentialInput {
  id: string
  name: string
  issuer: { id: string; name: string; url: string }
  achievement: JsonObject
  identity: { hash: string; salt: string }
  /**
   * The holder as the provider recorded them: their name ("Priya Shah") and their registration
   * as registrationIdentity in holder.ts gives it ("NMC 09B2345C"), or null when they have none.
   */
  holder: { name: string; registration: string | null }
  awardedOn: string
  status: { listUrl: (purpose: StatusPurpose) => string; index: number }
}

/**
 * How a credential names its holder, who has no identifier of their own: their name and
 * professional registration number in clear, their e-mail address as a salted hash.
 */
export function holderIdentifiers(
  holder: { name: string; registration: string | null },
  email: { hash: string; salt: string },
) {
  return [
    { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: holder.name },
    {
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      identityHash: email.hash,
      salt: email.salt,
    },
    ...(holder.registration
      ? [
          {
            type: 'IdentityObject',
            identityType: 'ext:ProfessionalRegistrationNumber',
            hashed: false,
            identityHash: holder.registration,
          },
        ]
      : []),
  ]
}

export function awardCredential(input: AwardCredentialInput): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, url: input.issuer.url },
    validFrom: `${input.awardedOn}T00:00:00Z`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: holderIdentifiers(input.holder, input.identity),
      achievement: input.achievement,
    },
    credentialStatus: STATUS_PURPOSES.map((purpose) => ({
      id: `${input.status.listUrl(purpose)}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl(purpose),
    })),
  }
}

/** The list as the spec encodes it: index 0 is the leftmost bit, gzipped, base64url multibase. */
export function encodeStatusList(setIndexes: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8)
  for (const index of setIndexes) bits[index >> 3] = (bits[index >> 3] ?? 0) | (0x80 >> (index & 7))
  return `u${gzipSync(bits).toString('base64url')}`
}

/** Whether the entry at the index is set, or null when the list cannot be read. */
export function statusBit(encodedList: string, index: number): boolean | null {
  if (!encodedList.startsWith('u')) return null
  let bits: Buffer
  try {
    bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'))
  } catch {
    return null
  }
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) return null
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0
}

export function statusListCredential(input: {
  url: string
  issuer: string
  purpose: StatusPurpose
  setIndexes: Iterable<number>
  validFrom: Date
}): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: encodeStatusList(input.setIndexes),
    },
  }
}
