// What practitioners keep here: their profile, the awards they hold, credentials from
// elsewhere (uploaded, checked, and checked again), CPD activities with their evidence, and the
// framework capabilities their CPD shows.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { readCredentialFile, type CredentialFile } from '../domain/credentials/credential-files.ts'
import type { JsonObject } from '../domain/credentials/data-integrity.ts'
import { matchHolder, registrationIdentity, type HolderClaim } from '../domain/credentials/holder.ts'
import { verdictOf, type Check } from '../domain/credentials/verdict.ts'
import { safeBaseName } from '../domain/export-safety.ts'
import {
  ACTIVITY_TYPE_LABELS,
  capabilityCoverage,
  checkActivity,
  checkProfile,
  hoursText,
  MAX_CPD_EVIDENCE_BYTES,
  searchForm,
  type ActivityInput,
  type ActivityType,
  type CapabilityCoverage,
  type HolderMatch,
  type ProfileInput,
} from '../domain/practitioners.ts'
import { regionLabel } from '../domain/providers.ts'
import { frameworkCodesOf } from '../domain/specification-content.ts'
import type { Database } from '../db/schema.ts'
import * as referenceRepo from '../repositories/reference.ts'
import * as profilesRepo from '../repositories/practitioner-profiles.ts'
import * as externalsRepo from '../repositories/external-credentials.ts'
import * as cpdRepo from '../repositories/cpd-activities.ts'
import { awardSpecificationsOfPractitioner, awardsOfPractitioner } from '../repositories/awards.ts'
import { setSearchName } from '../repositories/directory-entries.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import { recordAudit, type Actor } from './audit.ts'
import { evidenceType } from './awards.ts'
import type { VerificationService } from './verification.ts'
import { isUuid } from '../domain/identifiers.ts'
import { FieldProblems } from './errors.ts'
import { isRecord, present } from '../domain/present.ts'
import type { ReferenceData } from './reference-data.ts'

export interface ProfileView {
  givenName: string
  familyName: string
  profession: string
  regulator: string
  registrationNumber: string
  region: string
  regionLabel: string
  employer: string
  rowVersion: number
}

export interface PortfolioAward {
  id: string
  credentialTitle: string
  credentialSlug: string
  areaName: string
  organisationName: string
  awardedOn: string
  status: string
  verifyPath: string
}

export interface ExternalCredentialView {
  id: string
  filename: string
  format: string
  name: string
  /** As shown: an outside issuer's name is followed by "(self-declared)". */
  issuerName: string
  /** Issued by one of this platform's issuers. */
  issuerOurs: boolean
  /** Counted as verified: every check passed and it was issued to this account. */
  verified: boolean
  /**
   * Whether it names this account as its holder: matched; someone_else ("Issued to someone
   * else"); not_named (it names no holder that can be compared); null: not compared (an Open
   * Badges 2.0 badge, which is not checked).
   */
  holder: HolderMatch | null
  summary: string
  checks: Array<{ name: string; ok: boolean | null; message: string }>
  checkedAt: Date
}

export type { HolderMatch }

export interface ActivityView {
  id: string
  title: string
  activityDate: string
  hours: string
  tenthsOfHours: number
  type: ActivityType
  typeLabel: string
  reflection: string
  capabilities: string[]
  evidence: Array<{ id: string; filename: string; sizeBytes: number }>
  /** For the edit form's stale-form check. */
  rowVersion: number
}

/**
 * An uploaded credential's stored check is shown for up to 10 minutes; a portfolio (or data
 * export) shown later checks it again first, so a revocation or suspension shows within
 * minutes without checking on every page view.
 */
export const EXTERNAL_RECHECK_ON_VIEW_MS = 10 * 60 * 1000
/** The daily re-check (housekeeping) takes uploads last checked longer ago than this. */
export const EXTERNAL_RECHECK_DAILY_MS = 24 * 60 * 60 * 1000
/** Uploads checked again per page, and per transaction. */
export const EXTERNAL_RECHECK_PAGE = 200

export interface PortfolioService {
  profile(userId: string): Promise<ProfileView | null>
  saveProfile(actor: Actor, input: ProfileInput, rowVersion: number | null): Promise<void>
  awards(userId: string): Promise<PortfolioAward[]>
  externals(userId: string): Promise<ExternalCredentialView[]>
  addExternal(actor: Actor & { userId: string }, file: { filename: string; content: Buffer }): Promise<string>
  removeExternal(actor: Actor & { userId: string }, id: string): Promise<boolean>
  externalFile(
    userId: string,
    id: string,
  ): Promise<{ filename: string; contentType: string; content: Buffer } | null>
  activities(userId: string): Promise<ActivityView[]>
  addActivity(
    actor: Actor & { userId: string },
    input: ActivityInput,
    evidence: { filename: string; content: Buffer } | null,
  ): Promise<string>
  /**
   * Changes an activity (its evidence stays as it is), made against the row version its form
   * was opened with. False when the activity is not the practitioner's.
   */
  updateActivity(
    actor: Actor & { userId: string },
    id: string,
    input: ActivityInput,
    rowVersion: number,
  ): Promise<boolean>
  /** False when the activity is not the practitioner's. */
  addEvidence(
    actor: Actor & { userId: string },
    activityId: string,
    evidence: { filename: string; content: Buffer } | null,
  ): Promise<boolean>
  removeActivity(actor: Actor & { userId: string }, id: string): Promise<boolean>
  evidenceFile(
    userId: string,
    id: string,
  ): Promise<{ filename: string; contentType: string; content: Buffer } | null>
  coverage(userId: string): Promise<CapabilityCoverage[]>
  capabilityOptions(): Promise<Array<{ code: string; label: string; pillarName: string }>>
  /** The framework's professions, for the profile form and the directory's search form. */
  professions(): Promise<string[]>
  /**
   * Checks again every uploaded credential last checked more than a day before `now` (or never
   * compared with its holder), a page at a time, each page stored in its own short
   * transaction. Returns how many were checked.
   */
  recheckExternals(now?: Date): Promise<number>
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Why a file cannot be CPD evidence (judged by its first bytes, not its name), or null. */
function evidenceProblem(content: Buffer): string | null {
  if (!content.length) return 'Select a file'
  if (content.length > MAX_CPD_EVIDENCE_BYTES) return 'The selected file must be smaller than 5MB'
  return evidenceType(content) ? null : 'The selected file must be a PDF, PNG or JPEG'
}

/** An evidence file as stored: named after what was uploaded, with the extension its content has. */
function evidenceRow(activityId: string, evidence: { filename: string; content: Buffer }) {
  const type = present(evidenceType(evidence.content), 'the type of evidence that passed validation')
  return {
    activity_id: activityId,
    filename: `${safeBaseName(evidence.filename, 'evidence')}.${type.extension}`,
    content_type: type.contentType,
    size_bytes: evidence.content.length,
    sha256: sha256(evidence.content),
    content: evidence.content,
  }
}

/** The extension a credential file is stored with, from what it is rather than its name. */
function extensionOf(read: CredentialFile, type: { extension: string } | null): string {
  if (type) return type.extension
  if (read.kind !== 'unreadable' && read.baked === 'svg') return 'svg'
  if (read.kind === 'ob3-jwt' || (read.kind === 'ob2' && read.jws)) return 'jwt'
  return 'json'
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The checks stored with an upload, as this service wrote them; anything else reads as none. */
function storedChecks(value: unknown): ExternalCredentialView['checks'] {
  if (!Array.isArray(value)) return []
  return value
    .filter(isRecord)
    .flatMap(({ name, ok, message }) =>
      typeof name === 'string' && typeof message === 'string' && (typeof ok === 'boolean' || ok === null)
        ? [{ name, ok, message }]
        : [],
    )
}

/** The credential a VC-JOSE JWT carries (or a VC-JWT 1.1 one wraps in "vc"), unchecked. */
function jwtCredential(jwt: string): JsonObject | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
    if (!isObject(payload)) return null
    return isObject(payload.vc) ? payload.vc : payload
  } catch {
    return null
  }
}

type Ob3File = Extract<CredentialFile, { kind: 'ob3-json' | 'ob3-jwt' }>

/** What a check of an Open Badges 3.0 upload stores. */
interface Ob3Check {
  name: string | null
  issuerName: string
  issuerOurs: boolean
  verified: boolean
  holder: HolderMatch
  summary: string
  checks: ExternalCredentialView['checks']
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)

/** Whether, and by what, the credential names the claimant as its holder. */
function holderCheck(credential: JsonObject | null, claim: HolderClaim) {
  const by = (part: HolderClaim) => (credential ? matchHolder(credential, part) : null)
  const matchedBy = [
    by({ emails: claim.emails ?? [] }) && 'your e-mail address',
    by({ registrationNumbers: claim.registrationNumbers ?? [] }) && 'your registration number',
    by({ dids: claim.dids ?? [] }) && 'your DID',
  ].filter((v): v is string => typeof v === 'string')
  const outcome = credential ? matchHolder(credential, claim) : null
  const holder: HolderMatch = outcome === true ? 'matched' : outcome === false ? 'someone_else' : 'not_named'
  const message =
    holder === 'matched'
      ? `Issued to you: it names ${matchedBy.join(' and ')}`
      : holder === 'someone_else'
        ? 'Issued to someone else: it names neither your account’s e-mail address nor the registration number in your profile'
        : 'It does not name its holder in a way that can be compared with your account’s e-mail address or the registration number in your profile'
  const check: Check = { name: 'holder', ok: outcome, message }
  return { holder, check }
}

export function createPortfolioService(
  db: Kysely<Database>,
  deps: { verification: VerificationService; clock: Clock; referenceData: ReferenceData },
): PortfolioService {
  const { clock } = deps

  /** What identifies each account as a credential's holder (see holderIdentifiersOf). */
  async function holderClaims(userIds: readonly string[]): Promise<Map<string, HolderClaim>> {
    const ids = [...new Set(userIds)]
    const { accounts, learnerEmails } = await profilesRepo.holderIdentifiersOf(db, ids)
    // The platform gives practitioners no DIDs, so no claim names one.
    return new Map(
      accounts.map((a) => {
        const registration =
          a.regulator && a.registration_number
            ? registrationIdentity(a.regulator, a.registration_number)
            : null
        const emails = [
          ...(a.email_verified_at ? [a.email] : []),
          ...learnerEmails.filter((l) => l.user_id === a.id).map((l) => l.email),
        ]
        return [a.id, { emails, registrationNumbers: registration ? [registration] : [] }]
      }),
    )
  }

  /** Verifies an Open Badges 3.0 upload and compares its holder with the account's claim. */
  async function checkOb3(
    read: Ob3File,
    claim: HolderClaim,
    now: Date,
  ): Promise<Ob3Check | { problem: string }> {
    const result = await deps.verification.verify(read.kind === 'ob3-jwt' ? read.jwt : read.credential, {
      now,
    })
    if (result.problem) return { problem: result.problem }
    const credential = read.kind === 'ob3-jwt' ? jwtCredential(read.jwt) : read.credential
    const { holder, check } = holderCheck(credential, claim)
    const checks: Check[] = [...result.checks.filter((c) => c.name !== 'holder'), check]
    const issuerOurs = result.issuer?.ours ?? false
    const issuerName = result.issuer?.name
      ? issuerOurs
        ? result.issuer.name
        : `${result.issuer.name} (self-declared)`
      : (result.issuer?.id ?? 'Unknown issuer')
    // The one verdict rule, with the account as the holder: never counted as verified when a
    // check failed, could not be run, or the credential names someone else.
    const verified = verdictOf(checks) === 'valid'
    const failed = result.checks.find((c) => c.ok === false)
    // A check that could not be run keeps a credential from being valid (the verdict is unconfirmed).
    const unrun = result.verified ? undefined : result.checks.find((c) => c.ok === null)
    const summary =
      holder === 'someone_else'
        ? `Issued to someone else: it names neither your account’s e-mail address nor the registration number in your profile${failed ? `; and ${lowerFirst(failed.message)}` : ''}`
        : !result.verified
          ? `Not verified: ${(failed ?? unrun)?.message ?? 'it could not be checked'}`
          : holder === 'not_named'
            ? 'Not counted as verified: the signature holds and it is in date and in force, but it does not name its holder in a way that can be compared with your account'
            : 'Verified: the signature holds, it is in date and in force, and it was issued to you'
    return {
      name: result.achievement?.name ?? null,
      issuerName,
      issuerOurs,
      verified,
      holder,
      summary,
      checks,
    }
  }

  /** Checks the uploads again and stores the results in one short transaction. */
  async function recheck(rows: Array<{ id: string; user_id: string; content: Uint8Array }>, now: Date) {
    if (!rows.length) return
    const claims = await holderClaims(rows.map((r) => r.user_id))
    const updates: Array<{ id: string; values: Parameters<typeof externalsRepo.updateExternalCheck>[2] }> = []
    for (const row of rows) {
      const read = readCredentialFile(row.content)
      const base = { checked_at: now, issuer_ours: false }
      if (read.kind !== 'ob3-json' && read.kind !== 'ob3-jwt') {
        const summary = 'Not verified: the file can no longer be read as a credential'
        updates.push({
          id: row.id,
          values: { ...base, verified: false, holder_match: 'not_named', summary },
        })
        continue
      }
      let checked: Awaited<ReturnType<typeof checkOb3>>
      try {
        checked = await checkOb3(read, claims.get(row.user_id) ?? {}, now)
      } catch {
        // Not left showing an earlier "Verified"; it is tried again when next due.
        checked = { problem: 'it could not be checked again just now' }
      }
      updates.push({
        id: row.id,
        values:
          'problem' in checked
            ? {
                ...base,
                verified: false,
                holder_match: 'not_named',
                summary: `Not verified: ${checked.problem}`,
              }
            : {
                ...base,
                ...(checked.name ? { name: checked.name.slice(0, 300) } : {}),
                issuer_name: checked.issuerName.slice(0, 300),
                issuer_ours: checked.issuerOurs,
                verified: checked.verified,
                holder_match: checked.holder,
                summary: checked.summary,
                checks: JSON.stringify(checked.checks),
              },
      })
    }
    await db.transaction().execute(async (trx) => {
      for (const u of updates) await externalsRepo.updateExternalCheck(trx, u.id, u.values)
    })
  }

  let rechecking: Promise<number> | null = null

  return {
    async profile(userId) {
      const row = await profilesRepo.findProfile(db, userId)
      if (!row) return null
      return {
        givenName: row.given_name,
        familyName: row.family_name,
        profession: row.profession,
        regulator: row.regulator,
        registrationNumber: row.registration_number,
        region: row.region,
        regionLabel: regionLabel(row.region) ?? row.region,
        employer: row.employer,
        rowVersion: row.row_version,
      }
    },

    async saveProfile(actor, input, rowVersion) {
      if (!actor.userId) throw new Error('saveProfile needs a signed-in practitioner')
      const userId = actor.userId
      const professions = await listProfessionNames(db)
      const checked = checkProfile(input, professions)
      if (!checked.ok) throw new FieldProblems(checked.problems)
      const p = checked.profile
      const values = {
        given_name: p.givenName,
        family_name: p.familyName,
        profession: p.profession,
        regulator: p.regulator,
        registration_number: p.registrationNumber,
        region: p.region,
        employer: p.employer,
      }
      await db.transaction().execute(async (trx) => {
        const existing = await profilesRepo.findProfile(trx, userId)
        if (!existing) await profilesRepo.insertProfile(trx, { user_id: userId, ...values })
        else if (!(await profilesRepo.updateProfile(trx, userId, rowVersion ?? -1, values, clock.now())))
          throw new FieldProblems([
            {
              field: 'givenName',
              text: 'Your profile was changed in another window since you opened this page; check it and save again',
            },
          ])
        await setSearchName(trx, userId, searchForm(`${p.givenName} ${p.familyName}`))
        // Names and numbers stay out of the audit trail: it outlives the account.
        await recordAudit(trx, actor, {
          action: existing ? 'practitioner.profile_updated' : 'practitioner.profile_created',
          entityType: 'practitioner',
          entityId: userId,
          after: {
            changed: Object.keys(values).filter(
              (k) => existing?.[k as keyof typeof values] !== values[k as keyof typeof values],
            ),
          },
        })
      })
    },

    async awards(userId) {
      return (await awardsOfPractitioner(db, userId)).map((a) => ({
        id: a.id,
        credentialTitle: a.credential_title,
        credentialSlug: a.credential_slug,
        areaName: a.area_name,
        organisationName: a.organisation_name,
        awardedOn: a.awarded_on,
        status: a.status,
        verifyPath: `/verify/awards/${a.id}`,
      }))
    },

    async externals(userId) {
      // A stored check older than a few minutes is done again before it is shown.
      const now = clock.now()
      const stale = await externalsRepo.externalsToRecheck(db, {
        before: new Date(now.getTime() - EXTERNAL_RECHECK_ON_VIEW_MS),
        after: null,
        limit: EXTERNAL_RECHECK_PAGE,
        userId,
      })
      await recheck(stale, now)
      return (await externalsRepo.externalsOf(db, userId)).map((e) => ({
        id: e.id,
        filename: e.filename,
        format: e.format,
        name: e.name,
        issuerName: e.issuer_name,
        issuerOurs: e.issuer_ours,
        verified: e.verified && e.holder_match === 'matched',
        holder: e.holder_match,
        summary: e.summary,
        checks: storedChecks(e.checks),
        checkedAt: e.checked_at,
      }))
    },

    async addExternal(actor, file) {
      if (!file.content.length)
        throw new FieldProblems([{ field: 'credentialFile', text: 'Select a credential file' }])
      const read = readCredentialFile(file.content)
      if (read.kind === 'unreadable')
        throw new FieldProblems([{ field: 'credentialFile', text: read.reason }])
      const checkedAt = clock.now()
      let format: string
      let name = 'Unnamed credential'
      let issuerName = 'Unknown issuer'
      let issuerOurs = false
      let verified = false
      let holder: HolderMatch | null = null
      let summary: string
      let checks: ExternalCredentialView['checks'] = []
      const baked = read.baked ? ` baked in a ${read.baked.toUpperCase()} image` : ''
      if (read.kind === 'ob2') {
        format = `Open Badges 2.0${baked}`
        const assertion = read.assertion ?? {}
        const badge = assertion.badge
        if (isRecord(badge) && typeof badge.name === 'string') name = badge.name
        summary =
          'Not checked: an Open Badges 2.0 badge is checked by fetching it from its issuer, which this service does not do. It is kept as you uploaded it.'
        checks = [{ name: 'signature', ok: null, message: summary }]
      } else {
        format = `Open Badges 3.0 ${read.kind === 'ob3-jwt' ? 'JWT' : 'JSON'}${baked}`
        const claim = (await holderClaims([actor.userId])).get(actor.userId) ?? {}
        const checked = await checkOb3(read, claim, checkedAt)
        if ('problem' in checked)
          throw new FieldProblems([{ field: 'credentialFile', text: checked.problem }])
        name = checked.name ?? name
        issuerName = checked.issuerName
        issuerOurs = checked.issuerOurs
        verified = checked.verified
        holder = checked.holder
        checks = checked.checks
        summary = checked.summary
      }
      const type = evidenceType(file.content)
      const contentType =
        type?.contentType ??
        (read.baked === 'svg'
          ? 'image/svg+xml'
          : read.kind === 'ob3-jwt' || (read.kind === 'ob2' && read.jws)
            ? 'application/jwt'
            : 'application/json')
      return db.transaction().execute(async (trx) => {
        const { id } = await externalsRepo.insertExternal(trx, {
          user_id: actor.userId,
          filename: `${safeBaseName(file.filename, 'credential')}.${extensionOf(read, type)}`,
          content_type: contentType,
          content: file.content,
          format,
          name: name.slice(0, 300),
          issuer_name: issuerName.slice(0, 300),
          issuer_ours: issuerOurs,
          verified,
          holder_match: holder,
          summary,
          checks: JSON.stringify(checks),
          checked_at: checkedAt,
        })
        await recordAudit(trx, actor, {
          action: 'practitioner.external_credential_added',
          entityType: 'external_credential',
          entityId: id,
          after: { format, verified, holder },
        })
        return id
      })
    },

    async removeExternal(actor, id) {
      if (!isUuid(id)) return false
      return db.transaction().execute(async (trx) => {
        if (!(await externalsRepo.deleteExternal(trx, actor.userId, id))) return false
        await recordAudit(trx, actor, {
          action: 'practitioner.external_credential_removed',
          entityType: 'external_credential',
          entityId: id,
        })
        return true
      })
    },

    async externalFile(userId, id) {
      if (!isUuid(id)) return null
      const row = await externalsRepo.externalFile(db, userId, id)
      return row
        ? { filename: row.filename, contentType: row.content_type, content: Buffer.from(row.content) }
        : null
    },

    async activities(userId) {
      const [rows, capabilities, evidence] = await Promise.all([
        cpdRepo.activitiesOf(db, userId),
        cpdRepo.capabilitiesOf(db, userId),
        cpdRepo.evidenceListOf(db, userId),
      ])
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        activityDate: r.activity_date,
        hours: hoursText(r.tenths_of_hours),
        tenthsOfHours: r.tenths_of_hours,
        type: r.activity_type,
        typeLabel: ACTIVITY_TYPE_LABELS[r.activity_type] ?? r.activity_type,
        reflection: r.reflection,
        capabilities: capabilities
          .filter((c) => c.activity_id === r.id)
          .map((c) => c.capability_code)
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
        evidence: evidence
          .filter((e) => e.activity_id === r.id)
          .map((e) => ({ id: e.id, filename: e.filename, sizeBytes: e.size_bytes })),
        rowVersion: r.row_version,
      }))
    },

    async addActivity(actor, input, evidence) {
      const codes = (await referenceRepo.listCapabilities(db)).map((c) => c.code)
      const checked = checkActivity(input, codes, clock.today())
      const problems = checked.ok ? [] : [...checked.problems]
      const problem = evidence ? evidenceProblem(evidence.content) : null
      if (problem) problems.push({ field: 'evidence', text: problem })
      if (!checked.ok || problems.length) throw new FieldProblems(problems)
      const a = checked.activity
      return db.transaction().execute(async (trx) => {
        const { id } = await cpdRepo.insertActivity(trx, {
          user_id: actor.userId,
          title: a.title,
          activity_date: a.activityDate,
          tenths_of_hours: a.tenthsOfHours,
          activity_type: a.type,
          reflection: a.reflection,
        })
        await cpdRepo.setActivityCapabilities(trx, id, a.capabilities)
        if (evidence) await cpdRepo.insertEvidence(trx, evidenceRow(id, evidence))
        await recordAudit(trx, actor, {
          action: 'practitioner.cpd_activity_added',
          entityType: 'cpd_activity',
          entityId: id,
          after: { capabilities: a.capabilities, evidence: Boolean(evidence) },
        })
        return id
      })
    },

    async updateActivity(actor, id, input, rowVersion) {
      if (!isUuid(id) || !(await cpdRepo.activityOf(db, actor.userId, id))) return false
      const codes = (await referenceRepo.listCapabilities(db)).map((c) => c.code)
      const checked = checkActivity(input, codes, clock.today())
      if (!checked.ok) throw new FieldProblems(checked.problems)
      const a = checked.activity
      return db.transaction().execute(async (trx) => {
        const before = await cpdRepo.activityOf(trx, actor.userId, id)
        if (!before) return false
        const values = {
          title: a.title,
          activity_date: a.activityDate,
          tenths_of_hours: a.tenthsOfHours,
          activity_type: a.type,
          reflection: a.reflection,
        }
        if (!(await cpdRepo.updateActivity(trx, actor.userId, id, rowVersion, values)))
          throw new FieldProblems([
            {
              field: 'title',
              text: 'This activity was changed in another window since you opened this page; check it and save again',
            },
          ])
        const capabilitiesBefore = (await cpdRepo.capabilitiesOfActivity(trx, id)).sort()
        await cpdRepo.setActivityCapabilities(trx, id, a.capabilities)
        const fields = ['title', 'activity_date', 'tenths_of_hours', 'activity_type', 'reflection'] as const
        const changed = fields.filter((k) => before[k] !== values[k])
        // What was changed, not what it says: reflections are the practitioner's own words,
        // and the audit trail outlives the activity.
        await recordAudit(trx, actor, {
          action: 'practitioner.cpd_activity_updated',
          entityType: 'cpd_activity',
          entityId: id,
          before: { capabilities: capabilitiesBefore },
          after: { changed, capabilities: [...a.capabilities].sort() },
        })
        return true
      })
    },

    async addEvidence(actor, activityId, evidence) {
      if (!isUuid(activityId) || !(await cpdRepo.activityOf(db, actor.userId, activityId))) return false
      const problem = evidence ? evidenceProblem(evidence.content) : 'Select a file'
      if (problem || !evidence)
        throw new FieldProblems([{ field: 'evidence', text: problem ?? 'Select a file' }])
      return db.transaction().execute(async (trx) => {
        if (!(await cpdRepo.activityOf(trx, actor.userId, activityId))) return false
        await cpdRepo.insertEvidence(trx, evidenceRow(activityId, evidence))
        await recordAudit(trx, actor, {
          action: 'practitioner.cpd_evidence_added',
          entityType: 'cpd_activity',
          entityId: activityId,
        })
        return true
      })
    },

    async removeActivity(actor, id) {
      if (!isUuid(id)) return false
      return db.transaction().execute(async (trx) => {
        if (!(await cpdRepo.deleteActivity(trx, actor.userId, id))) return false
        await recordAudit(trx, actor, {
          action: 'practitioner.cpd_activity_removed',
          entityType: 'cpd_activity',
          entityId: id,
        })
        return true
      })
    },

    async evidenceFile(userId, id) {
      if (!isUuid(id)) return null
      const row = await cpdRepo.evidenceFile(db, userId, id)
      return row
        ? { filename: row.filename, contentType: row.content_type, content: Buffer.from(row.content) }
        : null
    },

    async coverage(userId) {
      const [pillars, capabilities, evidence, awarded] = await Promise.all([
        referenceRepo.listPillars(db),
        referenceRepo.listCapabilities(db),
        cpdRepo.capabilitiesOf(db, userId),
        awardSpecificationsOfPractitioner(db, userId),
      ])
      return capabilityCoverage(
        pillars.map((p) => ({ code: p.code, name: p.name })),
        capabilities.map((c) => ({ code: c.code, pillarCode: c.pillar_code, label: c.label })),
        evidence.map((e) => ({ capabilityCode: e.capability_code, tenthsOfHours: e.tenths_of_hours })),
        awarded.map((a) => ({
          title: a.credential_title,
          status: a.status,
          frameworkCodes: frameworkCodesOf(a.kind, a.content),
        })),
      )
    },

    async capabilityOptions() {
      const [pillars, capabilities] = await Promise.all([
        referenceRepo.listPillars(db),
        referenceRepo.listCapabilities(db),
      ])
      return capabilities.map((c) => ({
        code: c.code,
        label: c.label,
        pillarName: pillars.find((p) => p.code === c.pillar_code)?.name ?? c.pillar_code,
      }))
    },

    async professions() {
      return [...(await deps.referenceData.professions())]
    },

    async recheckExternals(now = clock.now()) {
      // One run at a time in this instance; the housekeeping timer may fire again meanwhile.
      if (rechecking) return rechecking
      const run = async () => {
        const before = new Date(now.getTime() - EXTERNAL_RECHECK_DAILY_MS)
        let after: { checkedAt: Date; id: string } | null = null
        let count = 0
        for (;;) {
          const page = await externalsRepo.externalsToRecheck(db, {
            before,
            after,
            limit: EXTERNAL_RECHECK_PAGE,
          })
          const last = page.at(-1)
          if (!last) return count
          await recheck(page, now)
          count += page.length
          after = { checkedAt: last.checked_at, id: last.id }
        }
      }
      rechecking = run().finally(() => {
        rechecking = null
      })
      return rechecking
    },
  }
}
