// Deliveries: a provider's admins apply to deliver a published specification version; Centre
// admins approve (with or without conditions), decline, suspend and reinstate; the provider
// may withdraw. Each change of state is in the delivery's history and the audit trail, and
// the provider's admins are told by e-mail, in the same transaction.
import type { AuditAction } from '../domain/audit-sentences.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import {
  DELIVERY_MODES,
  DELIVERY_STATE_LABELS,
  DELIVERY_STATES,
  isOneOf,
  nextDeliveryState,
  returnDueOn,
  type DeliveryAction,
  type DeliveryActor,
  type DeliveryMode,
  type DeliveryState,
} from '../domain/providers.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import { isUuid } from '../domain/identifiers.ts'
import { present } from '../domain/present.ts'
import * as repo from '../repositories/deliveries.ts'
import { findProgramme } from '../repositories/programmes.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { insertMissingReturns } from '../repositories/quality-returns.ts'
import { listDeliverableVersions } from '../repositories/specifications.ts'
import { recordAudit, type Actor } from './audit.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { refused, staleRecord, type ProcessActor } from './process.ts'

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

/** What a provider's list of its deliveries is narrowed by: a state, and words of the title. */
export interface ProviderDeliveriesQuery {
  state?: string | undefined
  q?: string | undefined
}

export interface DeliveriesService {
  /** Credentials with a published specification version, each with its latest published one. */
  deliverableCredentials(): Promise<DeliverableCredential[]>
  applyToDeliver(organisationId: string, input: DeliveryInput, actor: Actor): Promise<string>
  /** All deliveries (organisationId null, for the Centre) or one organisation's. */
  listDeliveries(filter: {
    organisationId: string | null
    state?: DeliveryState | undefined
  }): Promise<DeliverySummary[]>
  /** A page of one provider's deliveries, searched and filtered, with the total. */
  listProviderDeliveries(
    organisationId: string,
    query: ProviderDeliveriesQuery,
    page: number,
    pageSize: number,
  ): Promise<{ rows: DeliverySummary[]; total: number }>
  /** The whole of a provider's filtered list, a batch at a time, for a download. */
  exportProviderDeliveries(
    organisationId: string,
    query: ProviderDeliveriesQuery,
  ): AsyncIterable<DeliverySummary[]>
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
  /** Checks an action on a delivery without taking it, for the page that asks to confirm it. */
  checkAct(
    id: string,
    rowVersion: number,
    action: DeliveryAction,
    text: string,
    actor: ProcessActor,
    organisationId: string | null,
  ): Promise<void>
}

const MAX_TEXT = 5000

/** A provider has tens of deliveries, a few hundred at most: a download reads pages of 500. */
const EXPORT_PAGE = 500

export function toDeliverySummary(row: repo.DeliveryListRow): DeliverySummary {
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

function toDelivery(row: NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>): Delivery {
  return {
    ...toDeliverySummary(row),
    assessment: row.assessment,
    programmeTitle: row.programme_title,
    conditions: row.conditions,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at,
    suspendedReason: row.suspended_reason,
    rowVersion: row.row_version,
  }
}

/** Which actions take a text, and the message when it is missing. */
const TEXT_NEEDED: Partial<Record<DeliveryAction, { field: string; message: string }>> = {
  approve_with_conditions: { field: 'conditions', message: 'Enter the conditions of approval' },
  decline: { field: 'declineReason', message: 'Enter the reason for declining' },
  suspend: { field: 'suspendReason', message: 'Enter the reason for suspending the delivery' },
}

const ACTION_AUDIT: Record<DeliveryAction, AuditAction> = {
  approve: 'delivery.approved',
  approve_with_conditions: 'delivery.approved_with_conditions',
  decline: 'delivery.declined',
  suspend: 'delivery.suspended',
  reinstate: 'delivery.reinstated',
  withdraw: 'delivery.withdrawn',
}

/**
 * E-mail to every active provider admin of the organisation, in the caller's transaction:
 * how a provider hears of decisions on its deliveries and of their quality returns.
 */
export async function tellProviderAdmins(
  trx: Transaction<Database>,
  organisationId: string,
  subject: string,
  lines: readonly string[],
) {
  for (const person of await listPeopleWithRole(trx, 'provider_admin', organisationId)) {
    await enqueueMail(trx, {
      to: person.email,
      subject,
      text: [`Dear ${person.display_name},`, '', ...lines].join('\n'),
    })
  }
}

const alreadyApplied = (credential: DeliverableCredential) =>
  `You have already applied to deliver version ${credential.versionNumber} of ${credential.title}. Withdraw that application before applying again`

export function createDeliveriesService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): DeliveriesService {
  const deliveryUrl = (id: string) => new URL(`/provider/deliveries/${id}`, config.baseUrl).toString()

  /** Everything an action on a delivery needs, checked with the delivery locked, changing nothing. */
  async function judgeAction(
    trx: Transaction<Database>,
    id: string,
    rowVersion: number,
    action: DeliveryAction,
    text: string,
    actor: ProcessActor,
    organisationId: string | null,
  ) {
    const who: DeliveryActor = organisationId === null ? 'centre_admin' : 'provider_admin'
    if (who === 'centre_admin' && !actor.roles.includes('centre_admin'))
      throw new ServiceError('Only Centre admins decide on deliveries')
    const needed = TEXT_NEEDED[action]
    const note = text.trim()
    if (needed && !note) throw new ServiceError(needed.message, needed.field)
    if (note.length > MAX_TEXT)
      throw new ServiceError(`The text must be ${MAX_TEXT} characters or fewer`, needed?.field ?? 'action')
    if (!isUuid(id) || !(await repo.lockDelivery(trx, id)))
      throw new ServiceError('There is no such delivery')
    const row = present(await repo.findDelivery(trx, id), 'the delivery just locked')
    if (organisationId !== null && row.organisation_id !== organisationId)
      throw new ServiceError('There is no such delivery')
    if (row.row_version !== rowVersion) throw staleRecord('action')
    const next = nextDeliveryState(row.state, action, who)
    if ('refused' in next) throw refused(next.refused, 'action')
    return { row, next, note }
  }

  async function latestPublished() {
    const rows = await listDeliverableVersions(db)
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

  const providerFilter = (organisationId: string, query: ProviderDeliveriesQuery): repo.DeliveryFilter => ({
    organisationId,
    state: query.state && isOneOf(DELIVERY_STATES, query.state) ? query.state : undefined,
    title: query.q?.trim().slice(0, 200) || undefined,
  })

  return {
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
          ? await findProgramme(db, organisationId, input.programmeId)
          : undefined
        if (!programme) add('programmeId', 'Select one of your programmes, or "Not inside a programme"')
        else programmeId = programme.id
      }
      if (credential && !problems.length) {
        if (await repo.hasLiveDelivery(db, organisationId, credential.versionId))
          add('credentialId', alreadyApplied(credential))
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
      const appliedAt = clock.now()
      try {
        return await db.transaction().execute(async (trx) => {
          const { id } = await repo.insertDelivery(trx, { ...values, applied_at: appliedAt })
          // The delivery's history starts with the application, when it was made.
          await repo.recordDeliveryState(trx, {
            deliveryId: id,
            state: 'applied',
            effectiveAt: appliedAt,
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
          throw new FieldProblems([{ field: 'credentialId', text: alreadyApplied(credential) }])
        throw error
      }
    },

    async listDeliveries(filter) {
      const rows = await repo.listDeliveries(db, {
        organisationId: filter.organisationId ?? undefined,
        state: filter.state,
      })
      return rows.map(toDeliverySummary)
    },

    async listProviderDeliveries(organisationId, query, page, pageSize) {
      const filter = providerFilter(organisationId, query)
      const [rows, total] = await Promise.all([
        repo.listDeliveries(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
        repo.countDeliveries(db, filter),
      ])
      return { rows: rows.map(toDeliverySummary), total }
    },

    async *exportProviderDeliveries(organisationId, query) {
      const filter = providerFilter(organisationId, query)
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const rows = await repo.listDeliveries(db, filter, { limit: EXPORT_PAGE, offset })
        if (rows.length) yield rows.map(toDeliverySummary)
        if (rows.length < EXPORT_PAGE) return
      }
    },

    async getDelivery(id, organisationId) {
      if (!isUuid(id)) return null
      const row = await repo.findDelivery(db, id)
      if (!row || (organisationId !== null && row.organisation_id !== organisationId)) return null
      return toDelivery(row)
    },

    async checkAct(id, rowVersion, action, text, actor, organisationId) {
      await db
        .transaction()
        .execute((trx) => judgeAction(trx, id, rowVersion, action, text, actor, organisationId))
    },

    async act(id, rowVersion, action, text, actor, organisationId) {
      return db.transaction().execute(async (trx) => {
        const { row, next, note } = await judgeAction(
          trx,
          id,
          rowVersion,
          action,
          text,
          actor,
          organisationId,
        )
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
        await repo.recordDeliveryState(trx, {
          deliveryId: id,
          state: next.state,
          effectiveAt: now,
          recordedBy: actor.userId,
        })
        // An approved delivery owes its first quality return a year after it starts.
        if (action === 'approve' || action === 'approve_with_conditions')
          await insertMissingReturns(trx, [
            { delivery_id: id, period_year: 1, due_on: returnDueOn(row.start_date, 1) },
          ])
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
