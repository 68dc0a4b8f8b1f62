// A practitioner's Comprehensive Learner Record (1EdTech CLR 2.0) as the platform issues it:
// a ClrCredential signed by the Centre that carries each award's own signed credential as it
// was issued (so each still verifies on its own, against its provider's key), and the CPD the
// practitioner recorded, as achievements the Centre vouches for only as recorded.
import { CLR_V2_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.ts'
import type { JsonObject } from './data-integrity.ts'
import { holderIdentifiers } from './open-badges.ts'

export interface ClrActivity {
  id: string
  title: string
  typeLabel: string
  /** As people read it: "7.5 hours". */
  hours: string
  /** As people read it: "6 January 2027". */
  date: string
  capabilities: Array<{ code: string; name: string; url: string }>
  evidence: Array<{ id: string; filename: string }>
}

export interface ClrInput {
  id: string
  name: string
  issuer: { id: string; name: string; url: string }
  validFrom: Date
  /**
   * The holder as their awards name them: their name and, when their profile gives one, their
   * registration ("NMC 09B2345C"); their e-mail address only as a salted hash.
   */
  holder: { name: string; registration: string | null; emailHash: { hash: string; salt: string } }
  /** The awards' signed credentials, exactly as stored. */
  credentials: readonly JsonObject[]
  activities: readonly ClrActivity[]
  /** The framework the activities' capabilities belong to, by name. */
  frameworkName: string
}

const CPD_CRITERIA =
  'Recorded by the practitioner in their continuing professional development (CPD) portfolio. The Centre for Advancing Practice has not assessed it: it vouches only that the practitioner recorded it, as described.'

export function clrCredential(input: ClrInput): JsonObject {
  const identifier = holderIdentifiers(input.holder, input.holder.emailHash)
  const achievements = input.activities.map((a) => ({
    id: `urn:uuid:${a.id}`,
    type: ['Achievement'],
    achievementType: 'ext:CPDActivity',
    name: a.title,
    description: `${a.typeLabel}: ${a.hours} on ${a.date}${
      a.evidence.length
        ? `, with evidence: ${a.evidence.map((e) => e.filename).join(', ')}`
        : ', with no evidence attached'
    }.`,
    criteria: { narrative: CPD_CRITERIA },
    ...(a.capabilities.length
      ? {
          alignment: a.capabilities.map((c) => ({
            type: ['Alignment'],
            targetCode: c.code,
            targetName: c.name,
            targetUrl: c.url,
            targetType: 'ext:FrameworkCapability',
            targetFramework: input.frameworkName,
          })),
        }
      : {}),
  }))
  const evidence = input.activities.flatMap((a) =>
    a.evidence.map((e) => ({
      id: `urn:uuid:${e.id}`,
      type: ['Evidence'],
      name: e.filename,
      description: `Evidence of the CPD activity “${a.title}” (${a.date}), kept in the practitioner’s portfolio.`,
      genre: 'CPD evidence',
    })),
  )
  return {
    '@context': [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: input.name,
    description:
      'The practitioner’s awards, each the credential its provider signed, unchanged, and the CPD they recorded.',
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, url: input.issuer.url },
    validFrom: input.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      type: ['ClrSubject'],
      identifier,
      ...(input.credentials.length ? { verifiableCredential: [...input.credentials] } : {}),
      ...(achievements.length ? { achievement: achievements } : {}),
    },
    ...(evidence.length ? { evidence } : {}),
  }
}

/** Whether a credential says it is a CLR. */
export function isClr(credential: JsonObject): boolean {
  const type = credential.type
  return Array.isArray(type) ? type.includes('ClrCredential') : type === 'ClrCredential'
}
