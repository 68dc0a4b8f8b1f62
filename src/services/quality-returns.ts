// Yearly quality returns: each approved delivery reports on the year just ended (learners who
// started and completed, outcomes, changes, concerns); the Centre accepts the return or
// raises a concern the provider answers by submitting again. Also the reminders before a
// return falls due, and the dashboards for providers and the Centre.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import { formatNumber } from '../domain/numbers.ts'
import {
  isOneOf,
  nextReturnState,
  REGION_LABELS,
  REGIONS,
  RETURN_REMINDER_DAYS,
  returnDueOn,
  returnReminderOwed,
  type DeliveryState,
  type ReturnState,
} from '../domain/providers.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import * as repo from '../repositories/quality-returns.ts'
import { recordAudit, SYSTEM_ACTOR } from './audit.ts'
import { type FieldProblem, FieldProblems, ServiceError } from './errors.ts'
import { refused, staleRecord, tellRole, type ProcessActor } from './process.ts'
import { tellProviderAdmins } from './deliveries.ts'
import { present } from '../domain/present.ts'

/** How far ahead returns are made, so providers see them coming. */
export const RETURNS_AHEAD_DAYS = 90
/** How far ahead the Centre's list and the provider's home page count returns as coming due. */
export const DUE_SOON_DAYS = 30
export const MAX_RETURN_TEXT = 5000
const MAX_COHORT = 100_000

export interface ReturnSummary {
  id: string
  deliveryId: string
  organisationId: string
  organisationName: string
  credentialTitle: string
  periodYear: number
  dueOn: string
  state: ReturnState
  overdue: boolean
  submittedAt: Date | null
}

export interface QualityReturn extends ReturnSummary {
  rowVersion: number
  deliveryState: DeliveryState
  startDate: string
  cohortStarted: number | null
  cohortCompleted: number | null
  outcomes: string | null
  changes: string | null
  concerns: string | null
  submittedBy: string | null
  reviewedBy: string | null
  reviewedAt: Date | null
  reviewNote: string | null
  /** Whether the provider can submit it now: due, or answering a concern. */
  editable: boolean
}

export interface ReturnInput {
  cohortStarted: string
  cohortCompleted: string
  outcomes: string
  changes: string
  concerns: string
}

export interface DeliveryLine {
  id: string
  organisationName: string
  credentialTitle: string
  state: DeliveryState
  startDate: string
  learners: number
  awards: { active: number; suspended: number; revoked: number }
  returnsOwed: number
}

export interface ProviderReport {
  providers: Array<{
    id: string
    name: string
    regionLabel: string
    deliveries: { approved: number; applied: number; suspended: number }
    learners: number
    awardsActive: number
    returnsOverdue: number
  }>
  byCredential: Array<{ title: string; slug: string; approved: number; applied: number; suspended: number }>
  byRegion: Array<{ regionLabel: string; approved: number; applied: number; suspended: number }>
  overdue: ReturnSummary[]
}

export interface QualityReturnsService {
  /** The returns of the person's organisations: owed first, then those sent. */
  listForProvider(organisationIds: readonly string[], today: string): Promise<ReturnSummary[]>
  /** A return of one of the person's organisations, or null (another's is not shown). */
  getForProvider(id: string, organisationIds: readonly string[], today: string): Promise<QualityReturn | null>
  submit(
    id: string,
    organisationIds: readonly string[],
    rowVersion: number,
    input: ReturnInput,
    actor: ProcessActor,
  ): Promise<void>
  centreOverview(
    today: string,
  ): Promise<{ submitted: ReturnSummary[]; overdue: ReturnSummary[]; dueSoon: ReturnSummary[] }>
  getForCentre(id: string, today: string): Promise<QualityReturn | null>
  decide(
    id: string,
    rowVersion: number,
    decision: string,
    note: string,
    actor: ProcessActor,
  ): Promise<'accepted' | 'concern_raised'>
  /** Checks a decision on a return without recording it, for the page that asks to confirm it. */
  checkDecision(
    id: string,
    rowVersion: number,
    decision: string,
    note: string,
    actor: ProcessActor,
  ): Promise<void>
  /** Makes each year's return that falls due within 90 days or has passed; returns how many. */
  ensureReturns(today: string): Promise<number>
  /** E-mails provider admins 30 and 7 days before a return is due, each once; returns how many. */
  sendDueReminders(today: string): Promise<number>
  providerDashboard(organisationIds: readonly string[], today: string): Promise<DeliveryLine[]>
  providersReport(today: string): Promise<ProviderReport>
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10)

function toSummary(row: repo.ReturnRow, today: string): ReturnSummary {
  const state = row.state
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    credentialTitle: row.credential_title,
    periodYear: row.period_year,
    dueOn: row.due_on,
    state,
    overdue:
      repo.OWED_STATES.includes(state) &&
      repo.RETURNING_STATES.includes(row.delivery_state) &&
      row.due_on < today,
    submittedAt: row.submitted_at,
  }
}

type FoundReturn = NonNullable<Awaited<ReturnType<typeof repo.findReturn>>>

function toReturn(row: FoundReturn, today: string): QualityReturn {
  const state = row.state
  return {
    ...toSummary(row, today),
    rowVersion: row.row_version,
    deliveryState: row.delivery_state,
    startDate: row.start_date,
    cohortStarted: row.cohort_started,
    cohortCompleted: row.cohort_completed,
    outcomes: row.outcomes,
    changes: row.changes,
    concerns: row.concerns,
    submittedBy: row.submitted_by_name,
    reviewedBy: row.reviewed_by_name,
    reviewedAt: row.reviewed_at,
    reviewNote: row.review_note,
    editable: 'state' in nextReturnState(state, 'submit'),
  }
}

function parseCount(value: string, field: string, label: string, problems: FieldProblem[]): number | null {
  const text = value.trim().replace(/,/g, '')
  if (!text) {
    problems.push({ field, text: `Enter the number of ${label}` })
    return null
  }
  if (!/^\d+$/.test(text)) {
    problems.push({ field, text: `The number of ${label} must be a whole number, like 12` })
    return null
  }
  const n = Number(text)
  if (n > MAX_COHORT) {
    problems.push({
      field,
      text: `The number of ${label} must be ${formatNumber(MAX_COHORT)} or fewer`,
    })
    return null
  }
  return n
}

function checkInput(input: ReturnInput) {
  const problems: FieldProblem[] = []
  const cohortStarted = parseCount(input.cohortStarted, 'cohortStarted', 'learners who started', problems)
  const cohortCompleted = parseCount(
    input.cohortCompleted,
    'cohortCompleted',
    'learners who completed',
    problems,
  )
  const outcomes = input.outcomes.trim()
  if (!outcomes) problems.push({ field: 'outcomes', text: 'Enter the outcomes of the year' })
  for (const [field, label] of [
    ['outcomes', 'Outcomes'],
    ['changes', 'Changes to the delivery'],
    ['concerns', 'Concerns'],
  ] as const) {
    if (input[field].trim().length > MAX_RETURN_TEXT)
      problems.push({
        field,
        text: `${label} must be ${formatNumber(MAX_RETURN_TEXT)} characters or fewer`,
      })
  }
  if (problems.length) throw new FieldProblems(problems)
  return {
    cohort_started: present(cohortStarted, 'a cohort count that passed validation'),
    cohort_completed: present(cohortCompleted, 'a cohort count that passed validation'),
    outcomes,
    changes: input.changes.trim() || null,
    concerns: input.concerns.trim() || null,
  }
}

export function createQualityReturnsService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): QualityReturnsService {
  const providerLink = (id: string) => `${config.baseUrl}/provider/returns/${id}`
  const centreLink = (id: string) => `${config.baseUrl}/quality-returns/${id}`
  const describe = (r: { credential_title: string; period_year: number; organisation_name: string }) =>
    `year ${r.period_year} of ${r.organisation_name}'s delivery of ${r.credential_title}`

  /** Everything a decision on a return needs, checked without changing anything. */
  async function judgeDecision(
    trx: Transaction<Database>,
    id: string,
    rowVersion: number,
    decision: string,
    note: string,
    actor: ProcessActor,
  ) {
    if (!actor.roles.includes('centre_admin')) throw new ServiceError('Only Centre admins review returns')
    if (decision !== 'accept' && decision !== 'raise_concern')
      throw new ServiceError('Select whether to accept the return or raise a concern', 'decision')
    const reviewNote = note.trim()
    if (decision === 'raise_concern' && !reviewNote)
      throw new ServiceError('Enter the concern, which the provider will see', 'note')
    if (reviewNote.length > MAX_RETURN_TEXT)
      throw new ServiceError(`The note must be ${formatNumber(MAX_RETURN_TEXT)} characters or fewer`, 'note')
    const row = await repo.findReturn(trx, id)
    if (!row) throw new ServiceError('There is no such return')
    if (row.row_version !== rowVersion) throw staleRecord()
    const next = nextReturnState(row.state, decision)
    if ('refused' in next) throw refused(next.refused, 'decision')
    return { row, next, reviewNote, decision }
  }

  return {
    async listForProvider(organisationIds, today) {
      const rows = await repo.listReturns(db, { organisationIds })
      const summaries = rows.map((r) => toSummary(r, today))
      const owed = summaries.filter((s) => repo.OWED_STATES.includes(s.state))
      return [...owed, ...summaries.filter((s) => !owed.includes(s)).reverse()]
    },

    async getForProvider(id, organisationIds, today) {
      const row = await repo.findReturn(db, id)
      if (!row || !organisationIds.includes(row.organisation_id)) return null
      return toReturn(row, today)
    },

    async submit(id, organisationIds, rowVersion, input, actor) {
      const values = checkInput(input)
      await db.transaction().execute(async (trx) => {
        const row = await repo.findReturn(trx, id)
        if (!row || !organisationIds.includes(row.organisation_id))
          throw new ServiceError('There is no such return')
        if (row.row_version !== rowVersion) throw staleRecord()
        const next = nextReturnState(row.state, 'submit')
        if ('refused' in next) throw refused(next.refused)
        const updated = await repo.updateReturn(trx, id, rowVersion, {
          ...values,
          state: next.state,
          submitted_by: actor.userId,
          submitted_at: clock.now(),
          first_submitted_at: row.first_submitted_at ?? clock.now(),
        })
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'quality_return.submitted',
          entityType: 'quality_return',
          entityId: id,
          before: { state: row.state },
          after: { state: next.state, ...values },
        })
        await tellRole(trx, 'centre_admin', `Quality return submitted: ${row.organisation_name}`, [
          `${actor.name} has submitted the quality return for ${describe(row)}.`,
          'Accept it, or raise a concern the provider will see.',
          '',
          centreLink(id),
        ])
      })
    },

    async centreOverview(today) {
      const [submitted, overdue, dueSoon] = await Promise.all([
        repo.listReturns(db, { states: ['submitted'] }),
        repo.listReturns(db, { owed: true, dueBefore: today }),
        repo.listReturns(db, {
          owed: true,
          states: ['due'],
          dueFrom: today,
          dueUntil: addDays(today, DUE_SOON_DAYS),
        }),
      ])
      const summary = (rows: repo.ReturnRow[]) => rows.map((r) => toSummary(r, today))
      return { submitted: summary(submitted), overdue: summary(overdue), dueSoon: summary(dueSoon) }
    },

    async getForCentre(id, today) {
      const row = await repo.findReturn(db, id)
      return row ? toReturn(row, today) : null
    },

    async checkDecision(id, rowVersion, decision, note, actor) {
      await db.transaction().execute((trx) => judgeDecision(trx, id, rowVersion, decision, note, actor))
    },

    async decide(id, rowVersion, decision, note, actor) {
      return db.transaction().execute(async (trx) => {
        const { row, next, reviewNote } = await judgeDecision(trx, id, rowVersion, decision, note, actor)
        const updated = await repo.updateReturn(trx, id, rowVersion, {
          state: next.state,
          reviewed_by: actor.userId,
          reviewed_at: clock.now(),
          review_note: reviewNote || null,
          concern_raised_at:
            next.state === 'concern_raised' ? (row.concern_raised_at ?? clock.now()) : undefined,
        })
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: decision === 'accept' ? 'quality_return.accepted' : 'quality_return.concern_raised',
          entityType: 'quality_return',
          entityId: id,
          before: { state: row.state },
          after: { state: next.state, note: reviewNote || null },
        })
        const accepted = next.state === 'accepted'
        await tellProviderAdmins(
          trx,
          row.organisation_id,
          accepted
            ? `Quality return accepted: ${row.credential_title}, year ${row.period_year}`
            : `Concern raised about your quality return: ${row.credential_title}, year ${row.period_year}`,
          [
            accepted
              ? `The Centre has accepted the quality return for ${describe(row)}.`
              : `The Centre has raised a concern about the quality return for ${describe(row)}:`,
            ...(reviewNote ? ['', reviewNote] : []),
            ...(accepted ? [] : ['', 'Answer the concern and submit the return again.']),
            '',
            providerLink(id),
          ],
        )
        return accepted ? 'accepted' : 'concern_raised'
      })
    },

    async ensureReturns(today) {
      const until = addDays(today, RETURNS_AHEAD_DAYS)
      const rows: Array<{ delivery_id: string; period_year: number; due_on: string }> = []
      for (const delivery of await repo.listReturningDeliveries(db)) {
        for (let year = 1; ; year++) {
          const dueOn = returnDueOn(delivery.start_date, year)
          if (dueOn > until) break
          rows.push({ delivery_id: delivery.id, period_year: year, due_on: dueOn })
        }
      }
      // The unique (delivery, year) makes this safe to repeat, and to run on two instances.
      let created = 0
      for (let i = 0; i < rows.length; i += 500)
        created += await repo.insertMissingReturns(db, rows.slice(i, i + 500))
      return created
    },

    async sendDueReminders(today) {
      const candidates = await repo.listReminderCandidates(db, today, addDays(today, RETURN_REMINDER_DAYS[0]))
      let sent = 0
      for (const candidate of candidates) {
        const days = returnReminderOwed(candidate.due_on, today, candidate.sent ?? [])
        if (days === null) continue
        // One transaction per reminder: its record and its e-mails are kept together, and only
        // the instance whose insert went in sends them.
        const claimed = await db.transaction().execute(async (trx) => {
          if (!(await repo.claimReminder(trx, candidate.id, days))) return false
          await tellProviderAdmins(
            trx,
            candidate.organisation_id,
            `Quality return due ${longDate(candidate.due_on)}: ${candidate.credential_title}`,
            [
              `The quality return for ${describe(candidate)} is due on ${longDate(candidate.due_on)}, in ${days === 7 ? 'a week' : `${days} days`} or less.`,
              'It asks how many learners started and completed, the outcomes, any changes to the delivery and any concerns.',
              '',
              providerLink(candidate.id),
            ],
          )
          await recordAudit(trx, SYSTEM_ACTOR, {
            action: 'quality_return.reminder_sent',
            entityType: 'quality_return',
            entityId: candidate.id,
            after: { dueOn: candidate.due_on, daysBefore: days },
          })
          return true
        })
        if (claimed) sent++
      }
      return sent
    },

    async providerDashboard(organisationIds, today) {
      const rows = await repo.deliveryDashboard(db, organisationIds, addDays(today, DUE_SOON_DAYS))
      return rows.map((r) => ({
        id: r.id,
        organisationName: r.organisation_name,
        credentialTitle: r.credential_title,
        state: r.state,
        startDate: r.start_date,
        learners: r.learners,
        awards: { active: r.awards_active, suspended: r.awards_suspended, revoked: r.awards_revoked },
        returnsOwed: r.returns_owed,
      }))
    },

    async providersReport(today) {
      const [providers, byCredential, byRegion, overdue] = await Promise.all([
        repo.providerCounts(db, today),
        repo.deliveriesByCredential(db),
        repo.deliveriesByRegion(db),
        repo.listReturns(db, { owed: true, dueBefore: today }),
      ])
      const regionLabel = (region: string | null) =>
        region && isOneOf(REGIONS, region) ? REGION_LABELS[region] : 'Not given'
      return {
        providers: providers.map((p) => ({
          id: p.id,
          name: p.name,
          regionLabel: regionLabel(p.region),
          deliveries: {
            approved: p.deliveries_approved,
            applied: p.deliveries_applied,
            suspended: p.deliveries_suspended,
          },
          learners: p.learners,
          awardsActive: p.awards_active,
          returnsOverdue: p.returns_overdue,
        })),
        byCredential,
        byRegion: byRegion
          .map((r) => ({ ...r, regionLabel: regionLabel(r.region) }))
          .sort((a, b) => a.regionLabel.localeCompare(b.regionLabel)),
        overdue: overdue.map((r) => toSummary(r, today)),
      }
    },
  }
}
