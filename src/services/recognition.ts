// Recognition: a body that already owns a credential or curriculum (a Royal College, say)
// applies with its document and a crosswalk from its outcomes to the framework's
// capabilities. The application is an unlisted credential with a version of kind
// 'recognition', reviewed against the endorsement criteria like a draft; only a recognised
// one appears in the catalogue.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import { slugify, type CredentialStatus, type InterventionType } from '../domain/catalogue.ts'
import { nextStatus, RECOGNITION_PENDING } from '../domain/credential-lifecycle.ts'
import { recognitionProblems } from '../domain/recognition.ts'
import { nextCode, readRecognition, type RecognitionContent } from '../domain/specification-content.ts'
import { apply as applyAction, type VersionState } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import * as credentialEvents from '../repositories/credential-events.ts'
import * as referenceRepo from '../repositories/reference.ts'
import * as repo from '../repositories/recognition.ts'
import * as specs from '../repositories/specifications.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import {
  changeStatus,
  domainActor,
  recordStep,
  refused,
  staleRecord,
  tellRole,
  toTimeline,
  type ProcessActor,
  type TimelineEntry,
} from './process.ts'
import * as areasRepo from '../repositories/clinical-areas.ts'
import * as credentialsRepo from '../repositories/credentials.ts'

/** What a body can put forward for recognition. */
export const RECOGNITION_TYPES = [
  'credential_specification',
  'curriculum',
] as const satisfies readonly InterventionType[]
export type RecognitionType = (typeof RECOGNITION_TYPES)[number]

/**
 * An application starts as "TBC": the body's credential already exists, so "in development"
 * would say something untrue, and nobody outside the process sees it until it is recognised.
 */
export const APPLICATION_STATUS: CredentialStatus = RECOGNITION_PENDING

export const MAX_CROSSWALK_ROWS = 100
const MAX_TITLE = 200
const MAX_TEXT = 5000

export interface CrosswalkRow {
  code: string
  outcome: string
  frameworkCodes: string[]
}

export interface ApplicationInput {
  title: string
  area: string
  type: string
  ownerName: string
  ownerUrl: string
  documentUrl: string
  summary: string
  crosswalk: CrosswalkRow[]
}

export interface ApplicationSummary {
  slug: string
  title: string
  areaName: string
  ownerName: string | null
  status: CredentialStatus
  listed: boolean
  versionNumber: number
  versionState: VersionState
  updatedAt: Date
}

export interface Application {
  slug: string
  title: string
  area: { slug: string; name: string }
  type: RecognitionType
  status: CredentialStatus
  listed: boolean
  versionNumber: number
  versionState: VersionState
  /** The version's row version, carried by the edit and submit forms. */
  rowVersion: number
  content: RecognitionContent
  /** What submission still needs; empty when the application is complete. */
  /** Each on its form field: title, area …, or code_3, outcome_3, fw_3 for the crosswalk's fourth row. */
  missing: Required<FieldProblem>[]
  mine: boolean
  editable: boolean
  /** Whether the person can start a revised application after "revise and resubmit". */
  canRevise: boolean
  decision: { outcome: string; report: string | null } | null
  timeline: TimelineEntry[]
}

export interface RecognitionService {
  areas(): Promise<Array<{ slug: string; name: string }>>
  list(actor: ProcessActor): Promise<ApplicationSummary[]>
  /** The application as the person may see it (its author or a Centre admin), or null. */
  get(slug: string, actor: ProcessActor): Promise<Application | null>
  /** Starts an application as an unlisted credential with version 1 (a draft); returns the slug. */
  apply(input: ApplicationInput, actor: ProcessActor): Promise<string>
  update(slug: string, rowVersion: number, input: ApplicationInput, actor: ProcessActor): Promise<void>
  submit(slug: string, rowVersion: number, actor: ProcessActor): Promise<void>
  /** After "revise and resubmit": a new draft version with the same content; returns its number. */
  revise(slug: string, actor: ProcessActor): Promise<number>
}

const blank = (s: string) => !s.trim()

/** An https address with a host, or the reason it is not. */
export function httpsUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be a full web address starting with https://'
  }
  if (url.protocol !== 'https:') return 'must start with https://'
  if (!url.hostname.includes('.'))
    return 'must be a full web address, such as https://www.example.org/curriculum'
  return null
}

function isRecognitionType(value: string): value is RecognitionType {
  return RECOGNITION_TYPES.some((known) => known === value)
}

/** Fills in missing codes (R1, R2 …) and checks each field; what a draft needs, not a submission. */
function checkInput(input: ApplicationInput, frameworkCodes: ReadonlySet<string>) {
  const problems: Required<FieldProblem>[] = []
  const add = (field: string, text: string) => problems.push({ field, text })
  if (blank(input.title)) add('title', 'Enter the title of the credential or curriculum')
  else if (input.title.trim().length > MAX_TITLE)
    add('title', `The title must be ${MAX_TITLE} characters or fewer`)
  if (blank(input.area)) add('area', 'Select the clinical area')
  if (!isRecognitionType(input.type))
    add('type', 'Select whether it is a credential specification or a curriculum')
  if (input.ownerName.trim().length > MAX_TITLE)
    add('ownerName', `The name must be ${MAX_TITLE} characters or fewer`)
  for (const [field, label] of [
    ['ownerUrl', "The owner's web address"],
    ['documentUrl', 'The link to the document'],
  ] as const) {
    const value = input[field].trim()
    if (!value) continue
    const problem = value.length > 2000 ? 'must be 2,000 characters or fewer' : httpsUrlProblem(value)
    if (problem) add(field, `${label} ${problem}`)
  }
  if (input.summary.length > MAX_TEXT) add('summary', `The summary must be ${MAX_TEXT} characters or fewer`)
  if (input.crosswalk.length > MAX_CROSSWALK_ROWS) {
    add(`code_${MAX_CROSSWALK_ROWS}`, `The crosswalk can have at most ${MAX_CROSSWALK_ROWS} outcomes`)
  }

  const crosswalk: CrosswalkRow[] = []
  const seen = new Set<string>()
  input.crosswalk.slice(0, MAX_CROSSWALK_ROWS).forEach((row, i) => {
    let code = row.code.trim()
    if (!code) code = nextCode('R', [...crosswalk, ...input.crosswalk.map((r) => ({ code: r.code.trim() }))])
    if (!/^[A-Za-z0-9][A-Za-z0-9.\- ]{0,19}$/.test(code)) {
      add(`code_${i}`, 'The code must be up to 20 letters, numbers, dots or dashes, such as R1')
    } else if (seen.has(code.toUpperCase())) add(`code_${i}`, `Code ${code} is used twice`)
    seen.add(code.toUpperCase())
    if (row.outcome.length > MAX_TEXT)
      add(`outcome_${i}`, `The outcome must be ${MAX_TEXT} characters or fewer`)
    const unknown = row.frameworkCodes.filter((c) => !frameworkCodes.has(c))
    if (unknown.length)
      add(`fw_${i}`, `Select framework capabilities from the list (not ${unknown.join(', ')})`)
    crosswalk.push({
      code,
      outcome: row.outcome.trim(),
      frameworkCodes: [...new Set(row.frameworkCodes)].sort(compareCodes),
    })
  })
  const content: RecognitionContent = {
    ownerName: input.ownerName.trim(),
    ownerUrl: input.ownerUrl.trim(),
    documentUrl: input.documentUrl.trim(),
    summary: input.summary.trim(),
    crosswalk,
  }
  return { problems, content }
}

/** "1.2" before "1.10". */
function compareCodes(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number)
  const [b1, b2] = b.split('.').map(Number)
  return (a1 ?? 0) - (b1 ?? 0) || (a2 ?? 0) - (b2 ?? 0)
}

export function createRecognitionService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): RecognitionService {
  const frameworkCodes = async () => new Set((await referenceRepo.listCapabilities(db)).map((r) => r.code))
  const isAdmin = (actor: ProcessActor) => actor.roles.includes('centre_admin')

  async function resolveArea(slug: string) {
    const area = slug.trim() ? await areasRepo.findAreaBySlug(db, slug.trim()) : undefined
    if (!area) throw new FieldProblems([{ field: 'area', text: 'Select the clinical area' }])
    return area
  }

  async function checked(input: ApplicationInput) {
    const codes = await frameworkCodes()
    const { problems, content } = checkInput(input, codes)
    if (!problems.some((p) => p.field === 'area') && !blank(input.area)) {
      if (!(await areasRepo.findAreaBySlug(db, input.area.trim())))
        problems.push({ field: 'area', text: 'Select the clinical area' })
    }
    // checkInput has already reported a type outside the list as a problem.
    const type = input.type
    if (problems.length || !isRecognitionType(type)) throw new FieldProblems(problems)
    return { content, area: await resolveArea(input.area), codes, type }
  }

  return {
    areas: () => areasRepo.listAreas(db),

    async list(actor) {
      const rows = await repo.listApplications(db, isAdmin(actor) ? null : actor.userId)
      return rows.map((r) => ({
        slug: r.slug,
        title: r.title,
        areaName: r.area_name,
        ownerName: r.owner_name,
        status: r.status,
        listed: r.listed,
        versionNumber: r.number,
        versionState: r.state,
        updatedAt: r.updated_at,
      }))
    },

    async get(slug, actor) {
      const found = await repo.findApplication(db, slug)
      if (!found) return null
      const { credential, version } = found
      // Only recognition types are ever applied for; anything else is not an application.
      if (!isRecognitionType(credential.type)) return null
      const mine = version.author_id === actor.userId || credential.lead_author_id === actor.userId
      if (!mine && !isAdmin(actor)) return null
      const content = readRecognition(version.content)
      const events = await credentialEvents.listCredentialEvents(db, credential.id, null)
      return {
        slug: credential.slug,
        title: credential.title,
        area: { slug: credential.area_slug, name: credential.area_name },
        type: credential.type,
        status: credential.status,
        listed: credential.listed,
        versionNumber: version.number,
        versionState: version.state,
        rowVersion: version.row_version,
        content,
        missing: recognitionProblems(content, await frameworkCodes()),
        mine,
        editable: version.state === 'draft' && version.author_id === actor.userId,
        canRevise: version.state === 'revise_and_resubmit' && mine && credential.status !== 'withdrawn',
        decision: version.decision ? { outcome: version.decision, report: version.report } : null,
        timeline: toTimeline(events),
      }
    },

    async apply(input, actor) {
      if (!actor.roles.includes('specification_author')) {
        throw new ServiceError('Only specification authors apply for recognition')
      }
      const { content, area, type } = await checked(input)
      const title = input.title.trim()
      return db.transaction().execute(async (trx) => {
        const base = slugify(title) || 'recognition'
        const taken = await credentialsRepo.slugsLike(trx, base)
        let slug = base
        for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
        const credential = await credentialsRepo.insertCredential(trx, {
          slug,
          title,
          clinical_area_id: area.id,
          type,
          status: APPLICATION_STATUS,
          due_season: null,
          due_year: null,
          level: null,
          origin: 'other_body',
          owner_name: content.ownerName || null,
          owner_url: content.ownerUrl || null,
          summary: content.summary || null,
          listed: false,
          lead_author_id: actor.userId,
        })
        await credentialsRepo.insertStatusEvent(trx, {
          credentialId: credential.id,
          status: APPLICATION_STATUS,
          dueSeason: null,
          dueYear: null,
          reason: 'Application for recognition started',
          recordedBy: actor.name,
          recordedAt: clock.now(),
        })
        await specs.insertVersion(trx, {
          credential_id: credential.id,
          number: 1,
          kind: 'recognition',
          author_id: actor.userId,
          state: 'draft',
          content: JSON.stringify(content),
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: 1,
          action: 'recognition.started',
          summary: `Started an application for recognition of ${title}${content.ownerName ? `, owned by ${content.ownerName}` : ''}`,
          entityType: 'credential',
          entityId: credential.id,
          after: { title, content },
        })
        return slug
      })
    },

    async update(slug, rowVersion, input, actor) {
      const { content, area, type } = await checked(input)
      await db.transaction().execute(async (trx) => {
        const found = await repo.findApplication(trx, slug)
        if (!found) throw new ServiceError('There is no such application')
        const { credential, version } = found
        await credentialsRepo.lockCredential(trx, credential.id)
        if (version.author_id !== actor.userId) throw refused('Only the author can change this application')
        if (version.row_version !== rowVersion) throw staleRecord()
        if (credential.status === 'withdrawn') throw refused('This application has been withdrawn')
        if (version.state !== 'draft') {
          throw refused('A submitted application cannot be changed. Changes make a new version')
        }
        const updated = await specs.updateVersion(trx, version.id, rowVersion, {
          content: JSON.stringify(content),
        })
        if (!updated) throw staleRecord()
        await repo.updateCredentialDetails(trx, credential.id, {
          title: input.title.trim(),
          clinical_area_id: area.id,
          type,
          owner_name: content.ownerName || null,
          owner_url: content.ownerUrl || null,
          summary: content.summary || null,
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: 'recognition.saved',
          summary: `Saved the draft of version ${version.number}`,
          entityType: 'specification_version',
          entityId: version.id,
          before: version.content,
          after: content,
        })
      })
    },

    async submit(slug, rowVersion, actor) {
      const codes = await frameworkCodes()
      await db.transaction().execute(async (trx) => {
        const found = await repo.findApplication(trx, slug)
        if (!found) throw new ServiceError('There is no such application')
        const { credential, version } = found
        await credentialsRepo.lockCredential(trx, credential.id)
        if (version.row_version !== rowVersion) throw staleRecord()
        const content = readRecognition(version.content)
        const missing = recognitionProblems(content, codes)
        const result = applyAction(
          {
            state: version.state,
            authorId: version.author_id,
            missing: missing.map((m) => m.text),
            criteriaCount: 0,
            reviews: [],
            decision: null,
          },
          domainActor(actor),
          { type: 'submit' },
        )
        if (!result.ok) {
          // The list of what is missing, each on its field, rather than one long sentence.
          if (version.state === 'draft' && version.author_id === actor.userId && missing.length) {
            throw new FieldProblems(missing)
          }
          throw refused(result.reason)
        }
        const status = nextStatus(credential.status, { type: 'submit_version' })
        if (!status.ok) throw refused(status.reason)
        const updated = await specs.updateVersion(trx, version.id, rowVersion, {
          state: result.record.state,
          submitted_at: clock.now(),
          criterion_set_id: await repo.latestEndorsementSetId(trx),
        })
        if (!updated) throw staleRecord()
        if (status.status !== credential.status) {
          await changeStatus(
            trx,
            actor,
            credential.id,
            status.status,
            'Application for recognition submitted',
            clock.now(),
          )
        }
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: 'recognition.submitted',
          summary: `Submitted version ${version.number} of the application for recognition`,
          entityType: 'specification_version',
          entityId: version.id,
          before: { state: version.state },
          after: { state: result.record.state },
        })
        await tellRole(trx, 'centre_admin', `Application for recognition submitted: ${credential.title}`, [
          `${actor.name} has submitted ${credential.title}${content.ownerName ? `, owned by ${content.ownerName},` : ''} for recognition.`,
          'Assign at least two independent reviewers to judge it against the endorsement criteria.',
          '',
          `${config.baseUrl}/specifications/${slug}/versions/${version.number}/reviewers`,
        ])
      })
    },

    async revise(slug, actor) {
      return db.transaction().execute(async (trx) => {
        const found = await repo.findApplication(trx, slug)
        if (!found) throw new ServiceError('There is no such application')
        const { credential, version } = found
        await credentialsRepo.lockCredential(trx, credential.id)
        if (version.author_id !== actor.userId && credential.lead_author_id !== actor.userId) {
          throw refused('Only the author can revise this application')
        }
        if (version.state !== 'revise_and_resubmit') {
          throw refused('Only an application returned for revision can be revised')
        }
        const status = nextStatus(credential.status, { type: 'start_version', recognition: true })
        if (!status.ok) throw refused(status.reason)
        const number = await specs.nextVersionNumber(trx, credential.id)
        await specs.insertVersion(trx, {
          credential_id: credential.id,
          number,
          kind: 'recognition',
          author_id: actor.userId,
          state: 'draft',
          content: JSON.stringify(version.content),
        })
        if (status.status !== credential.status) {
          await changeStatus(
            trx,
            actor,
            credential.id,
            status.status,
            `Version ${number} started`,
            clock.now(),
          )
        }
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: number,
          action: 'version.started',
          summary: `Started version ${number} of the application, revising version ${version.number}`,
          entityType: 'credential',
          entityId: credential.id,
        })
        return number
      })
    },
  }
}
