// Education providers: the Centre registers provider organisations; their admins list their
// accredited advanced-practice MSc programmes and apply to deliver a published specification
// version; Centre admins approve (with or without conditions), decline, suspend and
// reinstate deliveries. Each change is audited and the provider's admins are told by e-mail
// in the same transaction.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import {
  ACCREDITATION_STATUSES,
  DELIVERY_MODES,
  DELIVERY_STATE_LABELS,
  PROVIDER_KINDS,
  REGIONS,
  isOneOf,
  nextDeliveryState,
  parseUkprn,
  returnDueOn,
  type AccreditationStatus,
  type DeliveryAction,
  type DeliveryActor,
  type DeliveryMode,
  type DeliveryState,
  type ProviderKind,
  type Region,
} from '../domain/providers.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import * as repo from '../repositories/providers.ts'
import { recordDeliveryState } from '../repositories/delivery-history.ts'
import { recordAudit, type Actor } from './audit.ts'
import { inBatches } from './batches.ts'
import { createIssuerKey } from './issuers.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { refused, staleRecord, type ProcessActor } from './process.ts'
import { isUuid } from '../domain/identifiers.ts'
import { present } from '../domain/present.ts'

export interface ProviderInput {
  name: string
  kind: string
  ukprn: string
  region: string
  website: string
}

export interface ProviderFilter {
  /** Words in the name, or the start of the UK Provider Reference Number. */
  words?: string | undefined
  /** Providers with at least one programme in this accreditation state. */
  accreditation?: AccreditationStatus | undefined
}

function providerSummary(r: {
  id: string
  name: string
  provider_kind: string | null
  ukprn: string | null
  region: string | null
  deliveries: string | null
}): ProviderSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.provider_kind !== null && isOneOf(PROVIDER_KINDS, r.provider_kind) ? r.provider_kind : null,
    ukprn: r.ukprn,
    region: r.region !== null && isOneOf(REGIONS, r.region) ? r.region : null,
    deliveries: Number(r.deliveries ?? 0),
  }
}

export interface ProviderSummary {
  id: string
  name: string
  kind: ProviderKind | null
  ukprn: string | null
  region: Region | null
  deliveries: number
}

export interface Programme {
  id: string
  organisationId: string
  title: string
  accreditationStatus: AccreditationStatus
  accreditedFrom: string
  accreditedUntil: string | null
  rowVersion: number
}

/** A programme as the form sends it: dates already read from the date inputs, or their errors. */
export interface ProgrammeInput {
  title: string
  accreditationStatus: string
  accreditedFrom: string | { error: string }
  accreditedUntil: string | null | { error: string }
}

export interface DeliverySummary {
  id: string
  organisationId: string
  organisationName: string
  credentialTitle: string
  credentialSlug: string
  versionNumber: number
  state: DeliveryState
  mode: DeliveryMode
  startDate: string
  expectedCohort: number
  appliedAt: Date
}

export interface Delivery extends DeliverySummary {
  assessment: string
  programmeTitle: string | null
  conditions: string | null
  decisionNote: string | null
  decidedAt: Date | null
  suspendedReason: string | null
  rowVersion: number
}

export interface ProviderDetail extends ProviderSummary {
  website: string | null
  rowVersion: number
  programmes: Programme[]
  deliveryList: DeliverySummary[]
  people: Array<{ id: string; name: string; email: string; role: string }>
}

export interface DeliveryInput {
  credentialId: string
  mode: string
  startDate: string | { error: string }
  expectedCohort: string
  assessment: string
  programmeId: string
}

export interface DeliverableCredential {
  credentialId: string
  title: string
  versionId: string
  versionNumber: number
}

export interface ProvidersService {
  listProviders(
    filter: ProviderFilter,
    page: number,
    pageSize: number,
  ): Promise<{ providers: ProviderSummary[]; total: number }>
  /** Every provider the filter picks out, a batch at a time, for a download. */
  exportProviders(filter: ProviderFilter): AsyncGenerator<ProviderSummary[]>
  getProvider(id: string): Promise<ProviderDetail | null>
  createProvider(input: ProviderInput, actor: Actor): Promise<string>
  updateProvider(id: string, rowVersion: number, input: ProviderInput, actor: Actor): Promise<void>

  listProgrammes(organisationId: string): Promise<Programme[]>
  getProgramme(organisationId: string, id: string): Promise<Programme | null>
  createProgramme(organisationId: string, input: ProgrammeInput, actor: Actor): Promise<string>
  updateProgramme(
    organisationId: string,
    id: string,
    rowVersion: number,
    input: ProgrammeInput,
    actor: Actor,
  ): Promise<void>

  /** Credentials with a published specification version, each with its latest published one. */
  deliverableCredentials(): Promise<DeliverableCredential[]>
  applyToDeliver(organisationId: string, input: DeliveryInput, actor: Actor): Promise<string>
  /** All deliveries (organisationId null, for the Centre) or one organisation's. */
  listDeliveries(filter: {
    organisationId: string | null
    state?: DeliveryState | undefined
  }): Promise<DeliverySummary[]>
  /** A delivery, only if it is the organisation's (null: any, for the Centre). */
  getDelivery(id: string, organisationId: string | null): Promise<Delivery | null>
  /**
   * Takes an action on a delivery. `organisationId` is the provider acting on its own delivery,
   * or null for a Centre admin. `text` is the conditions, or the reason, where the action takes one.
   */
  act(
    id: string,
    rowVersion: number,
    action: DeliveryAction,
    text: string,
    actor: ProcessActor,
    organisationId: string | null,
  ): Promise<DeliveryState>
}

const MAX_NAME = 200
const MAX_TEXT = 5000

const blank = (s: string) => !s.trim()

function websiteProblem(value: string): string | null {
  if (value.length > 2000) return 'Website must be 2,000 characters or fewer'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Enter a full web address, such as https://www.example.ac.uk'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Enter a full web address, such as https://www.example.ac.uk'
  if (!url.hostname.includes('.')) return 'Enter a full web address, such as https://www.example.ac.uk'
  return null
}

function toSummary(row: Awaited<ReturnType<typeof repo.listDeliveries>>[number]): DeliverySummary {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    credentialTitle: row.credential_title,
    credentialSlug: row.credential_slug,
    versionNumber: row.version_number,
    state: row.state,
    mode: row.mode,
    startDate: row.start_date,
    expectedCohort: row.expected_cohort,
    appliedAt: row.applied_at,
  }
}

function toProgramme(row: Awaited<ReturnType<typeof repo.listProgrammes>>[number]): Programme {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    title: row.title,
    accreditationStatus: row.accreditation_status,
    accreditedFrom: row.accredited_from,
    accreditedUntil: row.accredited_until,
    rowVersion: row.row_version,
  }
}

/** Which actions take a text, and the message when it is missing. */
const TEXT_NEEDED: Partial<Record<DeliveryAction, { field: string; message: string }>> = {
  approve_with_conditions: { field: 'conditions', message: 'Enter the conditions of approval' },
  decline: { field: 'declineReason', message: 'Enter the reason for declining' },
  suspend: { field: 'suspendReason', message: 'Enter the reason for suspending the delivery' },
}

const ACTION_AUDIT: Record<DeliveryAction, string> = {
  approve: 'delivery.approved',
  approve_with_conditions: 'delivery.approved_with_conditions',
  decline: 'delivery.declined',
  suspend: 'delivery.suspended',
  reinstate: 'delivery.reinstated',
  withdraw: 'delivery.withdrawn',
}

/** Two people saving the same name or number at once: the unique index keeps one. */
function duplicateToProblem(error: unknown): never {
  const message = String((error as Error | undefined)?.message ?? '')
  if (/duplicate key/.test(message) && /ukprn/.test(message))
    throw new FieldProblems([
      { field: 'ukprn', text: 'Another provider already has this UK Provider Reference Number' },
    ])
  if (/duplicate key/.test(message) && /organisation_name/.test(message))
    throw new FieldProblems([{ field: 'name', text: 'An organisation with this name is already registered' }])
  throw error
}

export function createProvidersService(db: Kysely<Database>, config: Config, clock: Clock): ProvidersService {
  const deliveryUrl = (id: string) => new URL(`/provider/deliveries/${id}`, config.baseUrl).toString()

  /** E-mail to every provider admin of the organisation, in the caller's transaction. */
  async function tellProviderAdmins(
    trx: Transaction<Database>,
    organisationId: string,
    subject: string,
    lines: readonly string[],
  ) {
    for (const person of await repo.listProviderAdmins(trx, organisationId)) {
      await enqueueMail(trx, {
        to: person.email,
        subject,
        text: [`Dear ${person.display_name},`, '', ...lines].join('\n'),
      })
    }
  }

  async function checkProvider(input: ProviderInput, id: string | null) {
    const problems: FieldProblem[] = []
    const add = (field: string, text: string) => problems.push({ field, text })
    const name = input.name.trim()
    if (!name) add('name', "Enter the provider's name")
    else if (name.length > MAX_NAME) add('name', `Name must be ${MAX_NAME} characters or fewer`)
    else {
      const same = await repo.findOrganisationByName(db, name)
      if (same && same.id !== id) add('name', 'An organisation with this name is already registered')
    }
    if (!isOneOf(PROVIDER_KINDS, input.kind)) add('kind', 'Select the kind of provider')
    let ukprn: string | null = null
    if (!blank(input.ukprn)) {
      const parsed = parseUkprn(input.ukprn.slice(0, 50))
      if ('error' in parsed) add('ukprn', parsed.error)
      else {
        const same = await repo.findOrganisationByUkprn(db, parsed.ukprn)
        if (same && same.id !== id)
          add('ukprn', 'Another provider already has this UK Provider Reference Number')
        ukprn = parsed.ukprn
      }
    }
    if (!isOneOf(REGIONS, input.region)) add('region', 'Select the region')
    const website = input.website.trim()
    if (website) {
      const problem = websiteProblem(website)
      if (problem) add('website', problem)
    }
    const { kind, region } = input
    if (problems.length || !isOneOf(PROVIDER_KINDS, kind) || !isOneOf(REGIONS, region))
      throw new FieldProblems(problems)
    return { name, provider_kind: kind, ukprn, region, website: website || null }
  }

  async function checkProgramme(organisationId: string, input: ProgrammeInput, id: string | null) {
    const problems: FieldProblem[] = []
    const add = (field: string, text: string) => problems.push({ field, text })
    const title = input.title.trim()
    if (!title) add('title', 'Enter the title of the programme')
    else if (title.length > MAX_NAME) add('title', `Title must be ${MAX_NAME} characters or fewer`)
    else {
      const same = await repo.findProgrammeByTitle(db, organisationId, title)
      if (same && same.id !== id) add('title', 'You already have a programme with this title')
    }
    if (!isOneOf(ACCREDITATION_STATUSES, input.accreditationStatus))
      add('accreditationStatus', 'Select the accreditation status')
    const from = input.accreditedFrom
    const until = input.accreditedUntil
    if (typeof from !== 'string') add('accreditedFrom', from.error)
    if (until !== null && typeof until !== 'string') add('accreditedUntil', until.error)
    else if (typeof from === 'string' && typeof until === 'string' && until < from)
      add('accreditedUntil', 'Accredited until must be the same as or after accredited from')
    const status = input.accreditationStatus
    if (
      problems.length ||
      !isOneOf(ACCREDITATION_STATUSES, status) ||
      typeof from !== 'string' ||
      (until !== null && typeof until !== 'string')
    )
      throw new FieldProblems(problems)
    return { title, accreditation_status: status, accredited_from: from, accredited_until: until }
  }

  async function latestPublished() {
    const rows = await repo.listDeliverableVersions(db)
    const byCredential = new Map<string, DeliverableCredential>()
    for (const r of rows) {
      if (!byCredential.has(r.credential_id))
        byCredential.set(r.credential_id, {
          credentialId: r.credential_id,
          title: r.title,
          versionId: r.version_id,
          versionNumber: r.number,
        })
    }
    return [...byCredential.values()]
  }

  const toDelivery = (row: NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>): Delivery => ({
    ...toSummary(row),
    assessment: row.assessment,
    programmeTitle: row.programme_title,
    conditions: row.conditions,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at,
    suspendedReason: row.suspended_reason,
    rowVersion: row.row_version,
  })

  return {
    async listProviders(filter, page, pageSize) {
      const { rows, total } = await repo.listProviders(db, {
        ...filter,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { providers: rows.map(providerSummary), total }
    },

    async *exportProviders(filter) {
      for await (const rows of inBatches(
        (after: { name: string; id: string } | undefined, limit: number) =>
          repo.listProvidersAfter(db, filter, after, limit),
        (last) => ({ name: last.name, id: last.id }),
      ))
        yield rows.map(providerSummary)
    },

    async getProvider(id) {
      if (!isUuid(id)) return null
      const row = await repo.findProvider(db, id)
      if (!row) return null
      const [programmes, deliveryRows, people] = await Promise.all([
        repo.listProgrammes(db, id),
        repo.listDeliveries(db, { organisationId: id }),
        repo.listProviderPeople(db, id),
      ])
      return {
        id: row.id,
        name: row.name,
        kind: row.provider_kind,
        ukprn: row.ukprn,
        region: row.region,
        website: row.website,
        rowVersion: row.row_version,
        deliveries: deliveryRows.length,
        programmes: programmes.map(toProgramme),
        deliveryList: deliveryRows.map(toSummary),
        people: people.map((p) => ({ id: p.id, name: p.display_name, email: p.email, role: p.role })),
      }
    },

    async createProvider(input, actor) {
      const values = await checkProvider(input, null)
      return db
        .transaction()
        .execute(async (trx) => {
          const { id } = await repo.insertProvider(trx, { ...values, kind: 'provider' })
          // Every provider issues its awards as verifiable credentials, signed with its own key.
          await createIssuerKey(trx, config, id)
          await recordAudit(trx, actor, {
            action: 'provider.registered',
            entityType: 'organisation',
            entityId: id,
            after: values,
          })
          return id
        })
        .catch(duplicateToProblem)
    },

    async updateProvider(id, rowVersion, input, actor) {
      const before = isUuid(id) ? await repo.findProvider(db, id) : undefined
      if (!before) throw new ServiceError('There is no such provider')
      const values = await checkProvider(input, id)
      await db
        .transaction()
        .execute(async (trx) => {
          const updated = await repo.updateProvider(trx, id, rowVersion, values)
          if (!updated) throw staleRecord('name')
          await recordAudit(trx, actor, {
            action: 'provider.updated',
            entityType: 'organisation',
            entityId: id,
            before: {
              name: before.name,
              provider_kind: before.provider_kind,
              ukprn: before.ukprn,
              region: before.region,
              website: before.website,
            },
            after: values,
          })
        })
        .catch(duplicateToProblem)
    },

    async listProgrammes(organisationId) {
      return (await repo.listProgrammes(db, organisationId)).map(toProgramme)
    },

    async getProgramme(organisationId, id) {
      if (!isUuid(id)) return null
      const row = await repo.findProgramme(db, organisationId, id)
      return row ? toProgramme(row) : null
    },

    async createProgramme(organisationId, input, actor) {
      const values = await checkProgramme(organisationId, input, null)
      return db.transaction().execute(async (trx) => {
        const { id } = await repo.insertProgramme(trx, { ...values, organisation_id: organisationId })
        await recordAudit(trx, actor, {
          action: 'programme.added',
          entityType: 'programme',
          entityId: id,
          after: values,
        })
        return id
      })
    },

    async updateProgramme(organisationId, id, rowVersion, input, actor) {
      const before = isUuid(id) ? await repo.findProgramme(db, organisationId, id) : undefined
      if (!before) throw new ServiceError('There is no such programme')
      const values = await checkProgramme(organisationId, input, id)
      await db.transaction().execute(async (trx) => {
        const updated = await repo.updateProgramme(trx, id, rowVersion, values)
        if (!updated) throw staleRecord('title')
        await recordAudit(trx, actor, {
          action: 'programme.updated',
          entityType: 'programme',
          entityId: id,
          before: toProgramme(before),
          after: values,
        })
      })
    },

    deliverableCredentials: latestPublished,

    async applyToDeliver(organisationId, input, actor) {
      const problems: FieldProblem[] = []
      const add = (field: string, text: string) => problems.push({ field, text })
      const credential = (await latestPublished()).find((c) => c.credentialId === input.credentialId)
      if (!credential) add('credentialId', 'Select the credential you will deliver')
      if (!isOneOf(DELIVERY_MODES, input.mode)) add('mode', 'Select how the credential will be delivered')
      if (typeof input.startDate !== 'string') add('startDate', input.startDate.error)
      const cohortText = input.expectedCohort.trim()
      const cohort = Number(cohortText)
      if (!cohortText) add('expectedCohort', 'Enter the expected cohort size')
      else if (!/^\d+$/.test(cohortText)) add('expectedCohort', 'Expected cohort size must be a whole number')
      else if (cohort < 1 || cohort > 1000)
        add('expectedCohort', 'Expected cohort size must be between 1 and 1,000')
      const assessment = input.assessment.trim()
      if (!assessment) add('assessment', 'Enter how the learning outcomes are assessed')
      else if (assessment.length > MAX_TEXT)
        add('assessment', `How the learning outcomes are assessed must be ${MAX_TEXT} characters or fewer`)
      let programmeId: string | null = null
      if (input.programmeId) {
        const programme = isUuid(input.programmeId)
          ? await repo.findProgramme(db, organisationId, input.programmeId)
          : undefined
        if (!programme) add('programmeId', 'Select one of your programmes, or "Not inside a programme"')
        else programmeId = programme.id
      }
      if (credential && !problems.length) {
        if (await repo.hasLiveDelivery(db, organisationId, credential.versionId))
          add(
            'credentialId',
            `You have already applied to deliver version ${credential.versionNumber} of ${credential.title}. Withdraw that application before applying again`,
          )
      }
      const { mode, startDate } = input
      if (problems.length || !credential || !isOneOf(DELIVERY_MODES, mode) || typeof startDate !== 'string')
        throw new FieldProblems(problems)
      const values = {
        organisation_id: organisationId,
        specification_version_id: credential.versionId,
        credential_id: credential.credentialId,
        programme_id: programmeId,
        state: 'applied' as const,
        mode,
        start_date: startDate,
        expected_cohort: cohort,
        assessment,
        applied_by: actor.userId,
      }
      try {
        return await db.transaction().execute(async (trx) => {
          const { id, applied_at } = await repo.insertDelivery(trx, values)
          // The delivery's history starts with the application, when the row says it was made.
          await recordDeliveryState(trx, {
            deliveryId: id,
            state: 'applied',
            effectiveAt: applied_at,
            recordedBy: actor.userId,
          })
          await recordAudit(trx, actor, {
            action: 'delivery.applied',
            entityType: 'delivery',
            entityId: id,
            after: values,
          })
          return id
        })
      } catch (error) {
        // Two applications at once: the unique index keeps one; the other hears why.
        if (/delivery_one_live_idx/.test(String((error as Error).message)))
          throw new FieldProblems([
            {
              field: 'credentialId',
              text: `You have already applied to deliver version ${credential.versionNumber} of ${credential.title}. Withdraw that application before applying again`,
            },
          ])
        throw error
      }
    },

    async listDeliveries(filter) {
      const rows = await repo.listDeliveries(db, {
        organisationId: filter.organisationId ?? undefined,
        state: filter.state,
      })
      return rows.map(toSummary)
    },

    async getDelivery(id, organisationId) {
      if (!isUuid(id)) return null
      const row = await repo.findDelivery(db, id)
      if (!row || (organisationId !== null && row.organisation_id !== organisationId)) return null
      return toDelivery(row)
    },

    async act(id, rowVersion, action, text, actor, organisationId) {
      const who: DeliveryActor = organisationId === null ? 'centre_admin' : 'provider_admin'
      if (who === 'centre_admin' && !actor.roles.includes('centre_admin'))
        throw new ServiceError('Only Centre admins decide on deliveries')
      const needed = TEXT_NEEDED[action]
      const note = text.trim()
      if (needed && !note) throw new ServiceError(needed.message, needed.field)
      if (note.length > MAX_TEXT)
        throw new ServiceError(`The text must be ${MAX_TEXT} characters or fewer`, needed?.field ?? 'action')
      return db.transaction().execute(async (trx) => {
        if (!isUuid(id) || !(await repo.lockDelivery(trx, id)))
          throw new ServiceError('There is no such delivery')
        const row = present(await repo.findDelivery(trx, id), 'the delivery just locked')
        if (organisationId !== null && row.organisation_id !== organisationId)
          throw new ServiceError('There is no such delivery')
        if (row.row_version !== rowVersion) throw staleRecord('action')
        const next = nextDeliveryState(row.state, action, who)
        if ('refused' in next) throw refused(next.refused, 'action')
        const changes: Parameters<typeof repo.updateDelivery>[3] = { state: next.state }
        const now = clock.now()
        if (action === 'approve' || action === 'approve_with_conditions' || action === 'decline') {
          changes.decided_by = actor.userId
          changes.decided_at = now
          if (action === 'approve_with_conditions') changes.conditions = note
          else if (note) changes.decision_note = note
        }
        if (action === 'suspend') changes.suspended_reason = note
        if (action === 'reinstate') changes.suspended_reason = null
        if (action === 'withdraw' && note) changes.decision_note = note
        const updated = await repo.updateDelivery(trx, id, rowVersion, changes)
        if (!updated) throw staleRecord('action')
        // Every change of state is in the delivery's history, in the same transaction: awards
        // are checked against the approval in force on their date, not the state now.
        await recordDeliveryState(trx, {
          deliveryId: id,
          state: next.state,
          effectiveAt: now,
          recordedBy: actor.userId,
        })
        if (action === 'approve' || action === 'approve_with_conditions')
          await repo.insertFirstReturn(trx, id, returnDueOn(row.start_date, 1))
        await recordAudit(trx, actor, {
          action: ACTION_AUDIT[action],
          entityType: 'delivery',
          entityId: id,
          before: { state: row.state },
          after: { state: next.state, ...(note ? { text: note } : {}) },
        })
        const what = `${row.credential_title} (version ${row.version_number})`
        const stateWords = DELIVERY_STATE_LABELS[next.state].toLowerCase()
        const subject =
          action === 'reinstate'
            ? `Your delivery of ${row.credential_title} is reinstated`
            : `Your delivery of ${row.credential_title}: ${stateWords}`
        const lines: string[] = [
          action === 'reinstate'
            ? `The Centre has reinstated ${row.organisation_name}'s delivery of ${what}. You can make awards again.`
            : `${row.organisation_name}'s delivery of ${what}, starting ${longDate(row.start_date)}, is now ${stateWords}.`,
        ]
        if (action === 'approve_with_conditions') lines.push('', 'Conditions:', note)
        else if (note) lines.push('', action === 'withdraw' ? 'Note:' : 'Reason:', note)
        if (action === 'suspend') lines.push('', 'While it is suspended, the delivery cannot make awards.')
        lines.push('', `See the delivery: ${deliveryUrl(id)}`)
        await tellProviderAdmins(trx, row.organisation_id, subject, lines)
        return next.state
      })
    },
  }
}
