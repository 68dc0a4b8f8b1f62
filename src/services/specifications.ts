// Drafting a credential specification: the lead author writes it as structured data, saves
// it as often as they like, and submits it when it is complete; a submitted version is
// frozen, and changes after a "revise and resubmit" decision make a new version. The
// workspace shows each credential's versions and its timeline.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import { formatNumber } from '../domain/numbers.ts'
import { isCredentialStatus, type CredentialStatus, type Due, type Season } from '../domain/catalogue.ts'
import { nextStatus } from '../domain/credential-lifecycle.ts'
import {
  emptySpecification,
  MAX_CREDITS,
  MAX_LEVEL,
  MIN_LEVEL,
  missingForSubmission,
  nextCode,
  readSpecification,
  type AreaCapability,
  type LearningOutcome,
  type SpecificationContent,
} from '../domain/specification-content.ts'
import { apply, newDraft, VERSION_STATES, type VersionState } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import * as periodicReviewsRepo from '../repositories/periodic-reviews.ts'
import { findUserById } from '../repositories/user-accounts.ts'
import * as credentialsRepo from '../repositories/credentials.ts'
import { findPublishedConsultationOfVersion } from '../repositories/consultations.ts'
import * as credentialEvents from '../repositories/credential-events.ts'
import * as reference from '../repositories/reference.ts'
import * as drafting from '../repositories/specifications-drafting.ts'
import * as versions from '../repositories/specifications.ts'
import { recordAudit } from './audit.ts'
import { inBatches } from './batches.ts'
import { FieldProblems } from './errors.ts'
import {
  changeStatus,
  domainActor,
  recordStep,
  refused,
  staleRecord,
  tell,
  tellRole,
  toTimeline,
  type ProcessActor,
  type TimelineEntry,
} from './process.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import { present } from '../domain/present.ts'

export const OUTCOME_PREFIX = 'LO'
export const CAPABILITY_PREFIX = 'AC'
const MAX_TEXT = 20_000
const MAX_ITEM_TEXT = 2_000
const MAX_ITEMS = 100

export interface VersionSummary {
  id: string
  number: number
  state: VersionState
  authorId: string
  authorName: string
  createdAt: Date
  submittedAt: Date | null
  decidedAt: Date | null
  publishedAt: Date | null
  decision: string | null
  decisionConditions: string | null
  /** The consolidated review report, which goes back to the author with the decision. */
  report: string | null
}

export interface CredentialInProcess {
  slug: string
  title: string
  areaName: string
  status: CredentialStatus
  due: Due | null
  latestVersion: { number: number; state: VersionState; updatedAt: Date }
}

export interface Workspace {
  credential: {
    id: string
    slug: string
    title: string
    areaName: string
    status: CredentialStatus
    due: Due | null
    leadAuthorId: string | null
    leadAuthorName: string | null
  }
  versions: VersionSummary[]
  timeline: TimelineEntry[]
  /** The person may start the next version now (after a revise-and-resubmit decision). */
  canStartVersion: boolean
}

export interface VersionView {
  credential: Workspace['credential']
  version: VersionSummary & { rowVersion: number; content: SpecificationContent }
  /** Draft, and the person is its author. */
  editable: boolean
  /** The published consultation about this version, which freezes its content: saving is refused. */
  consultedIn: { number: number; title: string } | null
}

export interface SpecificationListFilter {
  /** The latest version's state. */
  versionState?: VersionState | undefined
  clinicalAreaId?: number | undefined
  /** Words in the title. */
  words?: string | undefined
}

function toCredentialInProcess(r: {
  slug: string
  title: string
  area_name: string
  status: string
  due_season: Season | null
  due_year: number | null
  version_number: number
  version_state: string
  version_updated_at: Date
}): CredentialInProcess {
  return {
    slug: r.slug,
    title: r.title,
    areaName: r.area_name,
    status: isCredentialStatus(r.status) ? r.status : 'in_development',
    due: due(r),
    latestVersion: {
      number: r.version_number,
      state: isOneOfStates(r.version_state) ? r.version_state : 'draft',
      updatedAt: r.version_updated_at,
    },
  }
}

const isOneOfStates = (value: string): value is VersionState => VERSION_STATES.some((s) => s === value)

export interface SpecificationsService {
  /** Home-page tasks: drafts the person is writing, and revisions they are asked for. */
  counts(actor: Pick<ProcessActor, 'userId'>): Promise<{ drafts: number }>
  /** The Centre's whole list, or the author's own, filtered and paged. */
  list(
    actor: ProcessActor,
    filter: SpecificationListFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: CredentialInProcess[]; total: number }>
  /** Every credential the filter picks out, a batch at a time, for a download. */
  exportList(actor: ProcessActor, filter: SpecificationListFilter): AsyncGenerator<CredentialInProcess[]>
  /** Null when there is no such credential in the process, or the person may not see it. */
  getWorkspace(slug: string, actor: ProcessActor): Promise<Workspace | null>
  getVersion(slug: string, number: number, actor: ProcessActor): Promise<VersionView | null>
  /** Professions and the framework's pillars, for the draft form's choices. */
  choices(): Promise<{ professions: string[]; pillars: Pillar[] }>
  /** Saves a draft however incomplete; refuses only format problems. New rows (code '') get codes. */
  saveDraft(
    slug: string,
    number: number,
    rowVersion: number,
    content: SpecificationContent,
    actor: ProcessActor,
  ): Promise<{ rowVersion: number; content: SpecificationContent }>
  /** What submitting the draft would find missing, each problem naming the form's field, in the form's order. */
  missing(content: SpecificationContent): Promise<Array<{ field: string; text: string }>>
  /** Submits a complete draft for review; FieldProblems lists what is missing. */
  submit(slug: string, number: number, rowVersion: number, actor: ProcessActor): Promise<void>
  /**
   * Starts the next version as a draft copying the newest one. Without options, the author
   * does so after a revise-and-resubmit decision; with an authorId, a Centre admin does so
   * for someone else (periodic review).
   */
  startVersion(
    slug: string,
    actor: ProcessActor,
    options?: { authorId?: string; reason?: string },
  ): Promise<{ number: number }>
}

export interface Pillar {
  code: string
  name: string
  capabilities: Array<{ code: string; label: string }>
}

const isAdmin = (actor: ProcessActor) => actor.roles.includes('centre_admin')

const due = (row: { due_season: Season | null; due_year: number | null }): Due | null =>
  row.due_season && row.due_year ? { season: row.due_season, year: row.due_year } : null

/** Where each thing submission needs is on the form, so the error summary can link to it. */
function fieldOfMissing(message: string, content: SpecificationContent): string {
  const mapped = /^Learning outcome (\S+) maps/.exec(message)
  if (mapped) return `outcomeFramework_${content.outcomes.findIndex((o) => o.code === mapped[1])}`
  const outcome = /learning outcome (\S+)$/.exec(message)
  if (outcome) return `outcomeText_${content.outcomes.findIndex((o) => o.code === outcome[1])}`
  const capability = /capability (\S+?)(?: to|$| maps)/.exec(message)
  if (capability) {
    const index = content.capabilities.findIndex((c) => c.code === capability[1])
    return message.startsWith('Enter') ? `capabilityText_${index}` : `capabilityFramework_${index}`
  }
  const fields: Array<[RegExp, string]> = [
    [/purpose/, 'purpose'],
    [/scope/, 'scope'],
    [/profession/, 'targetProfessions'],
    [/Master's/, 'mastersRoute'],
    [/equivalence/, 'equivalence'],
    [/learning outcome/, `outcomeText_${content.outcomes.length}`],
    [/four pillars/, `capabilityFramework_0`],
    [/area-specific capability/, `capabilityText_${content.capabilities.length}`],
    [/assessment/, 'assessmentStrategy'],
    [/level/, 'level'],
    [/credits/, 'credits'],
  ]
  return fields.find(([pattern]) => pattern.test(message))?.[1] ?? 'purpose'
}

export function createSpecificationsService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): SpecificationsService {
  const workspaceLink = (slug: string) => `${config.baseUrl}/specifications/${encodeURIComponent(slug)}`

  async function frameworkCodes(): Promise<Set<string>> {
    return new Set((await reference.listCapabilities(db)).map((r) => r.code))
  }

  function toSummary(
    row: Awaited<ReturnType<typeof drafting.listVersionsWithAuthors>>[number],
  ): VersionSummary {
    return {
      id: row.id,
      number: row.number,
      state: row.state,
      authorId: row.author_id,
      authorName: row.author_name,
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      decidedAt: row.decided_at,
      publishedAt: row.published_at,
      decision: row.decision,
      decisionConditions: row.decision_conditions,
      report: row.report,
    }
  }

  /** The credential and its versions, if the person may see them. */
  async function load(slug: string, actor: ProcessActor) {
    const credential = await credentialsRepo.findCredentialBySlug(db, slug)
    if (!credential) return null
    const rows = (await drafting.listVersionsWithAuthors(db, credential.id)).filter(
      (v) => v.kind === 'specification',
    )
    if (!rows.length) return null
    const allowed =
      isAdmin(actor) ||
      credential.lead_author_id === actor.userId ||
      rows.some((v) => v.author_id === actor.userId)
    if (!allowed) return null
    const lead = credential.lead_author_id ? await findUserById(db, credential.lead_author_id) : null
    return {
      credential,
      rows,
      view: {
        id: credential.id,
        slug: credential.slug,
        title: credential.title,
        areaName: credential.area_name,
        status: credential.status,
        due: due(credential),
        leadAuthorId: credential.lead_author_id,
        leadAuthorName: lead?.display_name ?? null,
      },
    }
  }

  /** Format problems only: anything incomplete may be saved. Gives new rows their codes. */
  async function checkFormat(
    content: SpecificationContent,
    earlierCodes: ReadonlyArray<{ code: string }>,
  ): Promise<SpecificationContent> {
    const problems: Array<{ field: string; text: string }> = []
    const add = (field: string, message: string) => problems.push({ field, text: message })
    const [professions, known] = await Promise.all([listProfessionNames(db), frameworkCodes()])
    const professionNames = new Set(professions)
    const long = (field: string, label: string, value: string, max = MAX_TEXT) => {
      if (value.length > max) add(field, `${label} must be ${formatNumber(max)} characters or fewer`)
    }
    const trimmed = (value: string) => value.trim()
    const result: SpecificationContent = {
      purpose: trimmed(content.purpose),
      scope: trimmed(content.scope),
      targetProfessions: [...new Set(content.targetProfessions)],
      entryRequirements: {
        mastersRoute: trimmed(content.entryRequirements.mastersRoute),
        equivalence: trimmed(content.entryRequirements.equivalence),
      },
      // An outcome not mapped is stored as before mapping existed: with no frameworkCodes.
      outcomes: content.outcomes.map((o) => {
        const codes = [...new Set(o.frameworkCodes ?? [])]
        return {
          code: o.code.trim(),
          text: o.text.trim(),
          ...(codes.length ? { frameworkCodes: codes } : {}),
        }
      }),
      capabilities: content.capabilities.map((c) => ({
        code: c.code.trim(),
        text: c.text.trim(),
        frameworkCodes: [...new Set(c.frameworkCodes)],
      })),
      assessmentStrategy: trimmed(content.assessmentStrategy),
      level: content.level,
      credits: content.credits,
    }
    long('purpose', 'Purpose', result.purpose)
    long('scope', 'Scope', result.scope)
    long('mastersRoute', "The Master's-degree route", result.entryRequirements.mastersRoute)
    long('equivalence', 'Educational equivalence', result.entryRequirements.equivalence)
    long('assessmentStrategy', 'Assessment strategy', result.assessmentStrategy)
    if (result.targetProfessions.some((p) => !professionNames.has(p))) {
      add('targetProfessions', 'Select target professions from the list')
    }
    if (result.outcomes.length > MAX_ITEMS)
      add('outcomeText_0', `Enter ${MAX_ITEMS} learning outcomes or fewer`)
    if (result.capabilities.length > MAX_ITEMS) {
      add('capabilityText_0', `Enter ${MAX_ITEMS} area-specific capabilities or fewer`)
    }
    const checkCodes = <T extends { code: string; text: string }>(
      items: T[],
      prefix: string,
      field: string,
      label: string,
    ) => {
      const seen = new Set<string>()
      items.forEach((item, i) => {
        long(`${field}_${i}`, `The text of ${label} ${item.code || i + 1}`, item.text, MAX_ITEM_TEXT)
        if (!item.code) return
        // Codes come from hidden fields: anything else is a changed form, not a typing slip.
        if (!new RegExp(`^${prefix}[1-9]\\d{0,3}$`).test(item.code) || seen.has(item.code)) {
          add(
            `${field}_${i}`,
            `The code of ${label} ${i + 1} is not one the service gave it; open the draft again`,
          )
        }
        seen.add(item.code)
      })
    }
    checkCodes(result.outcomes, OUTCOME_PREFIX, 'outcomeText', 'learning outcome')
    checkCodes(result.capabilities, CAPABILITY_PREFIX, 'capabilityText', 'capability')
    result.capabilities.forEach((c, i) => {
      if (c.frameworkCodes.some((f) => !known.has(f))) {
        add(`capabilityFramework_${i}`, 'Select framework capabilities from the list')
      }
    })
    result.outcomes.forEach((o, i) => {
      if ((o.frameworkCodes ?? []).some((f) => !known.has(f))) {
        add(`outcomeFramework_${i}`, 'Select framework capabilities from the list')
      }
    })
    const level = result.level
    if (level !== null && !(Number.isInteger(level) && level >= MIN_LEVEL && level <= MAX_LEVEL)) {
      add('level', `Level must be a whole number from ${MIN_LEVEL} to ${MAX_LEVEL}`)
    }
    const credits = result.credits
    if (credits !== null && !(Number.isInteger(credits) && credits >= 1 && credits <= MAX_CREDITS)) {
      add('credits', `Credits must be a whole number from 1 to ${MAX_CREDITS}`)
    }
    if (problems.length) throw new FieldProblems(problems, 'The draft has problems')

    // New rows get the next code never used in this specification, so that a removed
    // outcome's code is not reused and versions compare outcome by outcome.
    const used = [...earlierCodes, ...result.outcomes, ...result.capabilities]
    const codeNew = <T extends { code: string }>(items: T[], prefix: string): T[] =>
      items.map((item) => {
        if (item.code) return item
        const code = nextCode(prefix, used)
        used.push({ code })
        return { ...item, code }
      })
    return {
      ...result,
      outcomes: codeNew<LearningOutcome>(result.outcomes, OUTCOME_PREFIX),
      capabilities: codeNew<AreaCapability>(result.capabilities, CAPABILITY_PREFIX),
    }
  }

  return {
    async counts(actor) {
      return { drafts: await drafting.countDraftsToWrite(db, actor.userId) }
    },

    async list(actor, filter, page, pageSize) {
      const { rows, total } = await drafting.listCredentialsInProcess(db, {
        ...filter,
        authorId: isAdmin(actor) ? null : actor.userId,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { items: rows.map(toCredentialInProcess), total }
    },

    async *exportList(actor, filter) {
      const scoped = { ...filter, authorId: isAdmin(actor) ? null : actor.userId }
      for await (const rows of inBatches(
        (after: { title: string; id: string } | undefined, limit: number) =>
          drafting.listCredentialsInProcessAfter(db, scoped, after, limit),
        (last) => ({ title: last.title, id: last.id }),
      ))
        yield rows.map(toCredentialInProcess)
    },

    async getWorkspace(slug, actor) {
      const found = await load(slug, actor)
      if (!found) return null
      const { credential, rows, view } = found
      const proposalId = await drafting.findProposalIdForCredential(db, credential.id)
      const events = await credentialEvents.listCredentialEvents(db, credential.id, proposalId)
      const latest = present(rows.at(-1), `a version of ${credential.slug}`)
      const canStartVersion =
        latest.state === 'revise_and_resubmit' &&
        credential.status !== 'withdrawn' &&
        (credential.lead_author_id === actor.userId || latest.author_id === actor.userId)
      return {
        credential: view,
        versions: rows.map(toSummary),
        timeline: toTimeline(events),
        canStartVersion,
      }
    },

    async getVersion(slug, number, actor) {
      const found = await load(slug, actor)
      const row = found?.rows.find((v) => v.number === number)
      if (!found || !row) return null
      return {
        credential: found.view,
        version: { ...toSummary(row), rowVersion: row.row_version, content: readSpecification(row.content) },
        editable: row.state === 'draft' && row.author_id === actor.userId,
        consultedIn: (await findPublishedConsultationOfVersion(db, row.id)) ?? null,
      }
    },

    async choices() {
      const [professions, pillars, capabilities] = await Promise.all([
        listProfessionNames(db),
        reference.listPillars(db),
        reference.listCapabilities(db),
      ])
      return {
        professions,
        pillars: pillars.map((p) => ({
          code: p.code,
          name: p.name,
          capabilities: capabilities
            .filter((c) => c.pillar_code === p.code)
            .map((c) => ({ code: c.code, label: c.label })),
        })),
      }
    },

    async missing(content) {
      const known = await frameworkCodes()
      return missingForSubmission(content, known).map((text) => ({
        field: fieldOfMissing(text, content),
        text,
      }))
    },

    async saveDraft(slug, number, rowVersion, content, actor) {
      const credential = await credentialsRepo.findCredentialBySlug(db, slug)
      if (!credential) throw refused('There is no such specification')
      const earlier = (await versions.listVersions(db, credential.id))
        .filter((v) => v.number !== number)
        .map((v) => readSpecification(v.content))
      const checked = await checkFormat(
        content,
        earlier.flatMap((c) => [...c.outcomes, ...c.capabilities]),
      )
      return db.transaction().execute(async (trx) => {
        await credentialsRepo.lockCredential(trx, credential.id)
        const version = await versions.findVersion(trx, credential.id, number)
        if (!version || version.kind !== 'specification') throw refused('There is no such version')
        if (version.author_id !== actor.userId) throw refused('Only the author can change this draft')
        if (version.state !== 'draft') {
          throw refused(
            `Version ${number} has been submitted, so it cannot be changed. Changes make a new version`,
          )
        }
        // What respondents were shown must stay what the version says, so that "what changed
        // because of the consultation" compares this version with the next (docs/consultations.md).
        const consultation = await findPublishedConsultationOfVersion(trx, version.id)
        if (consultation) {
          throw refused(
            `Version ${number} is the subject of consultation ${consultation.number}, so it cannot be changed. Changes make a new version`,
          )
        }
        const saved = await versions.updateVersion(trx, version.id, rowVersion, {
          content: JSON.stringify(checked),
        })
        if (!saved) throw staleRecord()
        // Saving is not a step of the process, so it stays off the timeline, but the audit
        // trail keeps every change.
        await recordAudit(trx, actor, {
          action: 'specification.draft_saved',
          entityType: 'specification_version',
          entityId: version.id,
          before: { rowVersion },
          after: { rowVersion: saved.row_version, content: checked },
        })
        return { rowVersion: saved.row_version, content: checked }
      })
    },

    async submit(slug, number, rowVersion, actor) {
      const known = await frameworkCodes()
      await db.transaction().execute(async (trx) => {
        const found = await credentialsRepo.findCredentialBySlug(trx, slug)
        if (!found) throw refused('There is no such specification')
        await credentialsRepo.lockCredential(trx, found.id)
        const credential = present(
          await credentialsRepo.findCredentialById(trx, found.id),
          'the credential just locked',
        )
        const version = await versions.findVersion(trx, credential.id, number)
        if (!version || version.kind !== 'specification') throw refused('There is no such version')
        if (version.row_version !== rowVersion) throw staleRecord()
        const content = readSpecification(version.content)
        const missing = missingForSubmission(content, known)
        const record = { ...newDraft(version.author_id, 0, missing), state: version.state }
        const outcome = apply(record, domainActor(actor), { type: 'submit' })
        if (!outcome.ok) {
          if (missing.length && version.state === 'draft' && version.author_id === actor.userId) {
            throw new FieldProblems(
              missing.map((text) => ({ field: fieldOfMissing(text, content), text })),
              'The draft is not complete',
            )
          }
          throw refused(outcome.reason)
        }
        const reviewing = Boolean(await periodicReviewsRepo.findOpenReview(trx, credential.id))
        const status = nextStatus(credential.status, { type: 'submit_version' }, reviewing)
        if (!status.ok) throw refused(status.reason)
        const criterionSetId = await drafting.currentEndorsementSetId(trx)
        if (criterionSetId === null)
          throw refused('There are no endorsement criteria to review it against yet')
        const saved = await versions.updateVersion(trx, version.id, rowVersion, {
          state: outcome.record.state,
          criterion_set_id: criterionSetId,
          submitted_at: clock.now(),
        })
        if (!saved) throw staleRecord()
        const summary = `Submitted version ${number} for review`
        if (status.status !== credential.status) {
          await changeStatus(trx, actor, credential.id, status.status, summary, clock.now())
        }
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: number,
          action: 'specification.submitted',
          summary,
          entityType: 'specification_version',
          entityId: version.id,
          before: { state: version.state, status: credential.status },
          after: { state: saved.state, status: status.status, criterionSetId },
        })
        await tellRole(trx, 'centre_admin', `Specification submitted: ${credential.title}`, [
          `${actor.name} has submitted version ${number} of the specification for ${credential.title}.`,
          'It needs at least two independent reviewers.',
          '',
          workspaceLink(credential.slug),
        ])
      })
    },

    async startVersion(slug, actor, options = {}) {
      return db.transaction().execute(async (trx) => {
        const found = await credentialsRepo.findCredentialBySlug(trx, slug)
        if (!found) throw refused('There is no such specification')
        await credentialsRepo.lockCredential(trx, found.id)
        const credential = present(
          await credentialsRepo.findCredentialById(trx, found.id),
          'the credential just locked',
        )
        const all = await versions.listVersions(trx, credential.id)
        const latest = all.filter((v) => v.kind === 'specification').at(-1)
        const forSomeoneElse = options.authorId !== undefined
        if (forSomeoneElse) {
          if (!isAdmin(actor)) throw refused('Only Centre admins start a version for someone else')
        } else {
          if (credential.lead_author_id !== actor.userId && latest?.author_id !== actor.userId) {
            throw refused('Only the lead author can start a new version')
          }
          if (credential.status !== 'withdrawn' && latest?.state !== 'revise_and_resubmit') {
            throw refused('A new version can be started after a decision to revise and resubmit')
          }
        }
        const reviewing = Boolean(await periodicReviewsRepo.findOpenReview(trx, credential.id))
        const status = nextStatus(credential.status, { type: 'start_version' }, reviewing)
        if (!status.ok) throw refused(status.reason)
        const open = await versions.findOpenVersion(trx, credential.id)
        if (open) throw refused(`Version ${open.number} is still open: it must be decided first`)
        const authorId = options.authorId ?? actor.userId
        const number = await versions.nextVersionNumber(trx, credential.id)
        const content = latest ? readSpecification(latest.content) : emptySpecification()
        const created = await versions.insertVersion(trx, {
          credential_id: credential.id,
          number,
          kind: 'specification',
          author_id: authorId,
          state: 'draft',
          content: JSON.stringify(content),
        })
        const summary = latest
          ? `Started version ${number}, a copy of version ${latest.number} to revise`
          : `Started version ${number}`
        if (status.status !== credential.status) {
          await changeStatus(trx, actor, credential.id, status.status, summary, clock.now())
        }
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: number,
          action: 'specification.version_started',
          summary,
          reason: options.reason?.trim() || null,
          entityType: 'specification_version',
          entityId: created.id,
          after: { number, authorId, copiedFrom: latest?.number ?? null },
        })
        if (authorId !== actor.userId) {
          await tell(trx, authorId, `New version to draft: ${credential.title}`, [
            `${actor.name} has started version ${number} of the specification for ${credential.title}, for you to draft.`,
            '',
            workspaceLink(credential.slug),
          ])
        }
        return { number }
      })
    },
  }
}
