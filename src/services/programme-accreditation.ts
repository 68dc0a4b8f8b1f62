// The Centre's accreditation of providers' programmes (docs/programme-accreditation.md): a
// provider applies, answering each accreditation standard; Centre admins assign assessors,
// who declare their interests and judge every standard; a panel meets and may question the
// provider; the Centre decides, and records conditions met. Each step asks the state machine
// (src/domain/programme-accreditation.ts), runs in one transaction, is refused when the record
// changed since the form was opened, leaves a timeline entry and an audit event, and e-mails
// the people it concerns, dates in words.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Role } from '../domain/accounts.ts'
import type { Clock } from '../domain/clock.ts'
import { longDate } from '../domain/dates.ts'
import { isJudgement } from '../domain/gateway-check.ts'
import { isUuid } from '../domain/identifiers.ts'
import {
  ACCREDITATION_STATE_WORDS,
  accreditedOn,
  applicationOpen,
  applyAccreditation,
  decisionBlocker,
  newApplication,
  programmeAccreditationStatus,
  reaccreditationReminderOwed,
  REACCREDITATION_REMINDER_DAYS,
  type AccreditationAction,
  type AccreditationDecision,
  type AccreditationRecord,
  type AccreditationState,
  type AccreditationTerm,
  type ApplicationKind,
  type Conflict,
  type ProgrammeAccreditationStatus,
  type StandardJudgement,
} from '../domain/programme-accreditation.ts'
import { DELIVERY_MODES, isOneOf, MAX_NAME, type DeliveryMode } from '../domain/providers.ts'
import type { Database } from '../db/schema.ts'
import { listGrants, listPeopleWithRole } from '../repositories/role-grants.ts'
import * as programmesRepo from '../repositories/programmes.ts'
import * as repo from '../repositories/programme-accreditations.ts'
import { listListedCredentials } from '../repositories/credentials.ts'
import { recordAudit, type Actor } from './audit.ts'
import { type FieldProblem, FieldProblems, NotFound, ServiceError } from './errors.ts'
import { refused, staleRecord, tell, tellRole, type ProcessActor } from './process.ts'

export const MAX_ANSWER = 10_000
export const MAX_INTAKE = 100_000

export interface Standard {
  code: string
  title: string | null
  statement: string
  guidance: string[]
}

export interface ApplicationInput {
  awardTitle: string
  routes: string
  modes: readonly string[]
  intake: string
  credentialIds: readonly string[]
  /** The answer to each standard, by its code. */
  answers: Readonly<Record<string, string>>
}

export interface ApplicationForm {
  programme: { id: string; title: string; organisationId: string }
  kind: ApplicationKind
  standardsVersion: number
  standards: Standard[]
  credentials: Array<{ id: string; title: string; areaName: string }>
}

export interface AccreditationSummary {
  id: string
  programmeTitle: string
  organisationName: string
  state: AccreditationState
  appliedOn: string
  periodUntil: string | null
}

export interface AssessmentView {
  assessorId: string
  assessorName: string
  conflict: Conflict
  conflictNote: string | null
  judgements: Record<string, StandardJudgement>
  assignedOn: string
  completedOn: string | null
  rowVersion: number
}

export interface AccreditationView {
  id: string
  programmeId: string
  programmeTitle: string
  organisationId: string
  organisationName: string
  kind: ApplicationKind
  state: AccreditationState
  awardTitle: string
  routes: string
  modes: DeliveryMode[]
  intake: number
  appliedOn: string
  standardsVersion: number
  standards: Array<Standard & { answer: string }>
  credentials: Array<{ slug: string; title: string }>
  assessments: AssessmentView[]
  panel: { heldOn: string; members: string[]; notes: string } | null
  questions: Array<{
    position: number
    question: string
    askedOn: string
    answer: string | null
    answeredOn: string | null
  }>
  decision: {
    outcome: AccreditationDecision
    decidedOn: string
    periodFrom: string | null
    periodUntil: string | null
    reason: string
  } | null
  conditions: Array<{
    position: number
    condition: string
    dueOn: string
    metOn: string | null
    evidence: string | null
  }>
  withdrawal: { on: string; reason: string } | null
  timeline: Array<{ summary: string; reason: string | null; actor: string; occurredAt: Date }>
  rowVersion: number
  /** Why the Centre cannot decide yet, or null. */
  decisionBlocker: string | null
}

/** Who is looking: what they may see of an application is decided here, once. */
export interface Viewer {
  userId: string
  roles: readonly Role[]
  /** The organisations in which the person holds a provider role. */
  providerOrganisationIds: readonly string[]
}

export interface DecisionInput {
  outcome: AccreditationDecision
  periodFrom: string | null
  periodUntil: string | null
  reason: string
  conditions: ReadonlyArray<{ text: string; dueOn: string }>
}

export interface ProgrammeAccreditationService {
  applicationForm(organisationId: string, programmeId: string): Promise<ApplicationForm>
  /** Refuses what applying would refuse, without saving: the check page asks first. */
  checkApplication(organisationId: string, programmeId: string, input: ApplicationInput): Promise<void>
  apply(
    organisationId: string,
    programmeId: string,
    input: ApplicationInput,
    actor: ProcessActor,
  ): Promise<string>
  listForOrganisation(
    organisationId: string,
    filter: { states?: readonly AccreditationState[] },
    page: { limit: number; offset: number },
  ): Promise<{ items: AccreditationSummary[]; total: number }>
  listForCentre(
    filter: { states?: readonly AccreditationState[] },
    page: { limit: number; offset: number },
  ): Promise<{ items: AccreditationSummary[]; total: number }>
  listForAssessor(
    assessorId: string,
    page: { limit: number; offset: number },
  ): Promise<Array<AccreditationSummary & { conflict: Conflict; completedOn: string | null }>>
  view(id: string, viewer: Viewer): Promise<AccreditationView>
  assessorsToChoose(id: string): Promise<Array<{ id: string; name: string; reason: string | null }>>
  assignAssessor(id: string, rowVersion: number, assessorId: string, actor: ProcessActor): Promise<void>
  declareConflict(
    id: string,
    rowVersion: number,
    hasConflict: boolean,
    note: string,
    actor: ProcessActor,
  ): Promise<void>
  judge(
    id: string,
    rowVersion: number,
    judgements: Readonly<Record<string, { judgement: string; comment: string }>>,
    complete: boolean,
    actor: ProcessActor,
  ): Promise<void>
  holdPanel(
    id: string,
    rowVersion: number,
    panel: { heldOn: string; members: readonly string[]; notes: string },
    actor: ProcessActor,
  ): Promise<void>
  askQuestion(id: string, rowVersion: number, question: string, actor: ProcessActor): Promise<void>
  answerQuestion(
    id: string,
    rowVersion: number,
    position: number,
    answer: string,
    actor: ProcessActor,
  ): Promise<void>
  /** Refuses what the decision would refuse, without saving: the confirmation page asks first. */
  checkDecision(id: string, rowVersion: number, input: DecisionInput, actor: ProcessActor): Promise<void>
  decide(id: string, rowVersion: number, input: DecisionInput, actor: ProcessActor): Promise<void>
  meetCondition(
    id: string,
    rowVersion: number,
    position: number,
    evidence: string,
    actor: ProcessActor,
  ): Promise<void>
  withdrawApplication(id: string, rowVersion: number, reason: string, actor: ProcessActor): Promise<void>
  withdrawAccreditation(id: string, rowVersion: number, reason: string, actor: ProcessActor): Promise<void>
  /** Each programme's accreditation today, from the Centre's decisions; declared ones as declared. */
  statusOfProgrammes(
    programmes: ReadonlyArray<{ id: string; declared: boolean }>,
  ): Promise<Map<string, ProgrammeAccreditationStatus>>
  /** Whether the Centre's decisions say each programme was accredited on a day. */
  accreditedOnDay(programmeIds: readonly string[], day: string): Promise<Set<string>>
  /** Sends the re-accreditation reminders owed today, and ends periods that have ended. */
  sendReminders(): Promise<{ reminded: number; ended: number }>
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.findAccreditation>>>

const summaryOf = (r: {
  id: string
  programme_title: string
  organisation_name: string
  state: AccreditationState
  applied_on: string
  period_until?: string | null
}): AccreditationSummary => ({
  id: r.id,
  programmeTitle: r.programme_title,
  organisationName: r.organisation_name,
  state: r.state,
  appliedOn: r.applied_on,
  periodUntil: r.period_until ?? null,
})

export const termOf = (r: {
  state: AccreditationState
  decision: AccreditationDecision | null
  decided_on: string | null
  period_from: string | null
  period_until: string | null
  withdrawn_on: string | null
}): AccreditationTerm => ({
  state: r.state,
  decision:
    r.decision === null || r.decided_on === null
      ? null
      : {
          outcome: r.decision,
          decidedOn: r.decided_on,
          periodFrom: r.period_from,
          periodUntil: r.period_until,
        },
  withdrawal: r.withdrawn_on === null ? null : { on: r.withdrawn_on },
})

export function createProgrammeAccreditationService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): ProgrammeAccreditationService {
  const link = (path: string) => `${config.baseUrl}${path}`
  const pathOf = (id: string) => `/accreditations/${id}`

  /** The domain's view of an application, from its rows. */
  async function load(trx: Kysely<Database> | Transaction<Database>, id: string) {
    const row = isUuid(id) ? await repo.findAccreditation(trx, id) : undefined
    if (!row) throw new NotFound()
    const [standards, assessments, questions, conditions] = await Promise.all([
      repo.listStandardsOfSet(trx, row.criterion_set_id),
      repo.listAssessments(trx, id),
      repo.listQuestions(trx, id),
      repo.listConditions(trx, id),
    ])
    const codes = standards.map((s) => s.code)
    const record: AccreditationRecord = {
      state: row.state,
      kind: row.kind,
      providerId: row.organisation_id,
      standardsCount: codes.length,
      assessments: assessments.map((a) => ({
        assessorId: a.assessor_id,
        conflict: a.conflict,
        judgements: codes.map((code) => a.judgements[code] ?? null),
        completed: a.completed_on !== null,
      })),
      panel:
        row.panel_held_on === null
          ? null
          : { heldOn: row.panel_held_on, members: row.panel_members ?? [], notes: row.panel_notes ?? '' },
      questions: questions.map((q) => ({ text: q.question, answer: q.answer })),
      decision:
        row.decision === null || row.decided_on === null
          ? null
          : {
              outcome: row.decision,
              decidedOn: row.decided_on,
              periodFrom: row.period_from,
              periodUntil: row.period_until,
              reason: row.decision_reason ?? '',
              conditions: conditions.map((c) => ({
                text: c.condition,
                dueOn: c.due_on,
                metOn: c.met_on,
                evidence: c.evidence,
              })),
            },
      withdrawal:
        row.withdrawn_on === null ? null : { on: row.withdrawn_on, reason: row.withdrawal_reason ?? '' },
    }
    return { row, record, standards, assessments, questions, conditions }
  }

  /** The domain's actor: roles, and every organisation the person holds a role in. */
  async function domainActorOf(trx: Kysely<Database> | Transaction<Database>, actor: ProcessActor) {
    return {
      id: actor.userId,
      roles: actor.roles,
      organisationIds: await repo.organisationsOfPerson(trx, actor.userId),
    }
  }

  async function run(
    trx: Transaction<Database>,
    record: AccreditationRecord,
    actor: ProcessActor,
    action: AccreditationAction,
    field?: string,
  ): Promise<AccreditationRecord> {
    const outcome = applyAccreditation(record, await domainActorOf(trx, actor), action)
    if (!outcome.ok) throw refused(outcome.reason, field)
    return outcome.record
  }

  /** One timeline entry and one audit event, in the step's transaction. */
  async function step(
    trx: Transaction<Database>,
    actor: ProcessActor,
    row: Row,
    action: Parameters<typeof recordAudit>[2]['action'],
    summary: string,
    reason: string | null = null,
    after?: unknown,
  ) {
    // A seed's stand-in for a provider without accounts has no account to name.
    const accountId = isUuid(actor.userId) ? actor.userId : null
    await repo.insertEvent(trx, {
      accreditation_id: row.id,
      action,
      summary,
      reason,
      actor_id: accountId,
      actor_label: actor.name,
      occurred_at: clock.now(),
    })
    await recordAudit(
      trx,
      { ...actor, userId: accountId },
      {
        action,
        entityType: 'programme_accreditation',
        entityId: row.id,
        after: after ?? { summary, reason },
      },
    )
  }

  /** E-mail to the provider's admins. */
  async function tellProvider(
    trx: Transaction<Database>,
    row: Row,
    subject: string,
    lines: readonly string[],
  ) {
    for (const person of await listPeopleWithRole(trx, 'provider_admin', row.organisation_id))
      await tell(trx, person.id, subject, lines)
  }

  /** Locks the application, loads it and checks the form's row version. */
  async function open(trx: Transaction<Database>, id: string, rowVersion: number, field?: string) {
    if (!isUuid(id) || !(await repo.lockAccreditation(trx, id))) throw new NotFound()
    const loaded = await load(trx, id)
    if (loaded.row.row_version !== rowVersion) throw staleRecord(field)
    return loaded
  }

  async function save(
    trx: Transaction<Database>,
    row: Row,
    values: Parameters<typeof repo.updateAccreditation>[3],
    field?: string,
  ) {
    const updated = await repo.updateAccreditation(trx, row.id, row.row_version, values)
    if (!updated) throw staleRecord(field)
  }

  function checkDecisionInput(input: DecisionInput, today: string): AccreditationAction {
    const problems: FieldProblem[] = []
    if (!input.reason.trim()) problems.push({ field: 'reason', text: 'Enter the reasons for the decision' })
    else if (input.reason.length > MAX_ANSWER)
      problems.push({ field: 'reason', text: `Reasons must be ${MAX_ANSWER} characters or fewer` })
    if (input.outcome !== 'not_accredited') {
      if (input.periodFrom === null)
        problems.push({ field: 'periodFrom-day', text: 'Enter the date the accreditation starts' })
      if (input.periodUntil === null)
        problems.push({ field: 'periodUntil-day', text: 'Enter the date the accreditation ends' })
    }
    if (input.outcome === 'accredited_with_conditions') {
      if (!input.conditions.length)
        problems.push({ field: 'condition_0', text: 'Enter at least one condition' })
      input.conditions.forEach((c, i) => {
        if (c.text.length > MAX_ANSWER)
          problems.push({
            field: `condition_${i}`,
            text: `Condition must be ${MAX_ANSWER} characters or fewer`,
          })
        if (c.dueOn < today)
          problems.push({ field: `dueOn_${i}-day`, text: 'A condition must be due today or later' })
      })
    }
    if (problems.length) throw new FieldProblems(problems)
    return {
      type: 'decide',
      outcome: input.outcome,
      decidedOn: today,
      reason: input.reason,
      ...(input.periodFrom === null ? {} : { periodFrom: input.periodFrom }),
      ...(input.periodUntil === null ? {} : { periodUntil: input.periodUntil }),
      conditions: input.outcome === 'accredited_with_conditions' ? input.conditions : [],
    }
  }

  /** The application as the provider answered it, checked; refused with a problem on each field. */
  function validateApplication(form: ApplicationForm, input: ApplicationInput) {
    const problems: FieldProblem[] = []
    const add = (field: string, text: string) => problems.push({ field, text })
    const awardTitle = input.awardTitle.trim()
    if (!awardTitle) add('awardTitle', 'Enter the title of the award, such as MSc Advanced Clinical Practice')
    else if (awardTitle.length > MAX_NAME)
      add('awardTitle', `Award title must be ${MAX_NAME} characters or fewer`)
    const routes = input.routes.trim()
    if (!routes) add('routes', 'Enter the routes through the programme')
    else if (routes.length > MAX_ANSWER) add('routes', `Routes must be ${MAX_ANSWER} characters or fewer`)
    const modes = input.modes.filter((m): m is DeliveryMode => isOneOf(DELIVERY_MODES, m))
    if (!modes.length || modes.length !== input.modes.length)
      add('modes', 'Select how the programme is delivered')
    const intake = /^\d{1,6}$/.test(input.intake.trim()) ? Number(input.intake.trim()) : NaN
    if (!input.intake.trim()) add('intake', 'Enter the planned intake of learners each year')
    else if (!Number.isInteger(intake) || intake < 1 || intake > MAX_INTAKE)
      add(
        'intake',
        `Planned intake must be a whole number between 1 and ${MAX_INTAKE.toLocaleString('en-GB')}`,
      )
    const known = new Set(form.credentials.map((c) => c.id))
    const credentialIds = [...new Set(input.credentialIds)]
    if (credentialIds.some((c) => !known.has(c))) add('credentials', 'Select credentials from the list')
    const answers: Record<string, string> = {}
    for (const s of form.standards) {
      const answer = (input.answers[s.code] ?? '').trim()
      if (!answer) add(`answer_${s.code}`, `Answer standard ${s.code}`)
      else if (answer.length > MAX_ANSWER)
        add(`answer_${s.code}`, `Answer to ${s.code} must be ${MAX_ANSWER} characters or fewer`)
      answers[s.code] = answer
    }
    if (problems.length) throw new FieldProblems(problems)
    return { awardTitle, routes, modes, intake, credentialIds, answers }
  }

  return {
    async applicationForm(organisationId, programmeId) {
      const programme = isUuid(programmeId)
        ? await programmesRepo.findProgramme(db, organisationId, programmeId)
        : undefined
      if (!programme) throw new NotFound()
      const terms = (await repo.listAccreditationsOfProgrammes(db, [programme.id])).map(termOf)
      const open = applicationOpen(terms, clock.today())
      if ('refused' in open) throw new ServiceError(open.refused)
      const set = await repo.latestStandardsSet(db)
      if (!set) throw new ServiceError('The Centre has not published its accreditation standards yet')
      const standards = await repo.listStandardsOfSet(db, set.id)
      const credentials = await listListedCredentials(db)
      return {
        programme: { id: programme.id, title: programme.title, organisationId },
        kind: open.kind,
        standardsVersion: set.version,
        standards: standards.map((s) => ({
          code: s.code,
          title: s.title,
          statement: s.statement,
          guidance: s.guidance,
        })),
        credentials: credentials.map((c) => ({ id: c.id, title: c.title, areaName: c.area_name })),
      }
    },

    async checkApplication(organisationId, programmeId, input) {
      const form = await this.applicationForm(organisationId, programmeId)
      validateApplication(form, input)
    },

    async apply(organisationId, programmeId, input, actor) {
      const form = await this.applicationForm(organisationId, programmeId)
      const { awardTitle, routes, modes, intake, credentialIds, answers } = validateApplication(form, input)
      return db.transaction().execute(async (trx) => {
        const set = await repo.latestStandardsSet(trx)
        if (!set || set.version !== form.standardsVersion)
          throw new ServiceError(
            'The Centre published new accreditation standards since you opened the form. Open it again',
          )
        const today = clock.today()
        await programmesRepo.lockProgramme(trx, programmeId)
        const terms = (await repo.listAccreditationsOfProgrammes(trx, [programmeId])).map(termOf)
        const open = applicationOpen(terms, today)
        if ('refused' in open) throw new ServiceError(open.refused)
        // The new record as the machine starts it: the same shape every later step reads.
        const record = newApplication(organisationId, form.standards.length, open.kind)
        const inserted = await repo.insertAccreditation(trx, {
          programme_id: programmeId,
          organisation_id: organisationId,
          kind: record.kind,
          state: record.state,
          criterion_set_id: set.id,
          award_title: awardTitle,
          routes,
          modes: JSON.stringify(modes),
          intake,
          answers: JSON.stringify(answers),
          applied_on: today,
          applied_by: isUuid(actor.userId) ? actor.userId : null,
        })
        await repo.insertEmbeddedCredentials(trx, inserted.id, credentialIds)
        const row = await repo.findAccreditation(trx, inserted.id)
        if (!row) throw new NotFound()
        await step(
          trx,
          actor,
          row,
          'accreditation.applied',
          `Applied for ${form.kind === 'initial' ? 'accreditation' : 're-accreditation'} of ${form.programme.title}`,
          null,
          {
            programmeId,
            kind: form.kind,
            awardTitle,
            standardsVersion: set.version,
          },
        )
        await tellRole(trx, 'centre_admin', `Application for accreditation: ${form.programme.title}`, [
          `${row.organisation_name} applied on ${longDate(today)} for the Centre’s ${form.kind === 'initial' ? 'accreditation' : 're-accreditation'} of "${form.programme.title}" (${awardTitle}).`,
          '',
          'Assign assessors to review it:',
          link(pathOf(inserted.id)),
        ])
        return inserted.id
      })
    },

    async listForOrganisation(organisationId, filter, page) {
      const { rows, total } = await repo.listAccreditations(db, { organisationId, ...filter, ...page })
      return { items: rows.map(summaryOf), total }
    },

    async listForCentre(filter, page) {
      const { rows, total } = await repo.listAccreditations(db, { ...filter, ...page })
      return { items: rows.map(summaryOf), total }
    },

    async listForAssessor(assessorId, page) {
      const rows = await repo.listAssessmentsOfAssessor(db, assessorId, page.limit, page.offset)
      return rows.map((r) => ({ ...summaryOf(r), conflict: r.conflict, completedOn: r.completed_on }))
    },

    async view(id, viewer) {
      const { row, record, standards, assessments, questions, conditions } = await load(db, id)
      const isAdmin = viewer.roles.includes('centre_admin')
      const isProvider = viewer.providerOrganisationIds.includes(row.organisation_id)
      const mine = assessments.find((a) => a.assessor_id === viewer.userId)
      if (!isAdmin && !isProvider && !mine) throw new NotFound()
      // The provider sees the outcome and the panel's questions; assessors' judgements and the
      // panel's notes are the Centre's, and an assessor sees only their own review.
      const shown = isAdmin ? assessments : isProvider ? [] : assessments.filter((a) => a === mine)
      const events = await repo.listEvents(db, id)
      const credentials = await repo.listEmbeddedCredentials(db, id)
      return {
        id: row.id,
        programmeId: row.programme_id,
        programmeTitle: row.programme_title,
        organisationId: row.organisation_id,
        organisationName: row.organisation_name,
        kind: row.kind,
        state: row.state,
        awardTitle: row.award_title,
        routes: row.routes,
        modes: row.modes,
        intake: row.intake,
        appliedOn: row.applied_on,
        standardsVersion: standards[0]?.version ?? 0,
        standards: standards.map((s) => ({
          code: s.code,
          title: s.title,
          statement: s.statement,
          guidance: s.guidance,
          answer: row.answers[s.code] ?? '',
        })),
        credentials: credentials.map((c) => ({ slug: c.slug, title: c.title })),
        assessments: shown.map((a) => ({
          assessorId: a.assessor_id,
          assessorName: a.assessor_name,
          conflict: a.conflict,
          conflictNote: a.conflict_note,
          judgements: a.judgements,
          assignedOn: a.assigned_on,
          completedOn: a.completed_on,
          rowVersion: a.row_version,
        })),
        panel: record.panel
          ? {
              heldOn: record.panel.heldOn,
              members: record.panel.members,
              notes: isAdmin ? record.panel.notes : '',
            }
          : null,
        questions: questions.map((q) => ({
          position: q.position,
          question: q.question,
          askedOn: q.asked_on,
          answer: q.answer,
          answeredOn: q.answered_on,
        })),
        decision: record.decision
          ? {
              outcome: record.decision.outcome,
              decidedOn: record.decision.decidedOn,
              periodFrom: record.decision.periodFrom,
              periodUntil: record.decision.periodUntil,
              reason: record.decision.reason,
            }
          : null,
        conditions: conditions.map((c) => ({
          position: c.position,
          condition: c.condition,
          dueOn: c.due_on,
          metOn: c.met_on,
          evidence: c.evidence,
        })),
        withdrawal: record.withdrawal,
        timeline: (isAdmin ? events : events.filter((e) => e.action !== 'accreditation.judged')).map((e) => ({
          summary: e.summary,
          reason: isAdmin || isProvider ? e.reason : null,
          actor: e.actor_label,
          occurredAt: e.occurred_at,
        })),
        rowVersion: row.row_version,
        decisionBlocker: decisionBlocker(record),
      }
    },

    async assessorsToChoose(id) {
      const { row, assessments } = await load(db, id)
      const people = await listPeopleWithRole(db, 'independent_reviewer')
      const grants = await listGrants(
        db,
        people.map((p) => p.id),
      )
      const assigned = new Set(assessments.map((a) => a.assessor_id))
      return people
        .filter((p) => !assigned.has(p.id))
        .map((p) => ({
          id: p.id,
          name: p.display_name,
          reason: grants.some((g) => g.user_id === p.id && g.organisation_id === row.organisation_id)
            ? `Works for ${row.organisation_name}`
            : null,
        }))
    },

    async assignAssessor(id, rowVersion, assessorId, actor) {
      if (!isUuid(assessorId)) throw new ServiceError('Select an assessor', 'assessor')
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, 'assessor')
        const reviewers = await listPeopleWithRole(trx, 'independent_reviewer')
        const assessor = reviewers.find((p) => p.id === assessorId)
        if (!assessor) throw new ServiceError('Select an assessor from the list', 'assessor')
        const next = await run(
          trx,
          record,
          actor,
          {
            type: 'assign_assessor',
            assessorId,
            assessorOrganisationIds: await repo.organisationsOfPerson(trx, assessorId),
          },
          'assessor',
        )
        await save(trx, row, { state: next.state }, 'assessor')
        await repo.insertAssessment(trx, {
          accreditation_id: row.id,
          assessor_id: assessorId,
          judgements: '{}',
          assigned_on: clock.today(),
        })
        await step(
          trx,
          actor,
          row,
          'accreditation.assessor_assigned',
          `Assigned ${assessor.display_name} as an assessor`,
          null,
          {
            assessorId,
          },
        )
        await tell(trx, assessorId, `Please assess: ${row.programme_title}, ${row.organisation_name}`, [
          `You have been asked to assess the application from ${row.organisation_name} for the Centre’s accreditation of "${row.programme_title}".`,
          '',
          'First declare any conflicts of interest. Then judge each accreditation standard, with a comment, and complete your review:',
          link(pathOf(row.id)),
        ])
      })
    },

    async declareConflict(id, rowVersion, hasConflict, note, actor) {
      const text = note.trim()
      if (hasConflict && !text) throw new ServiceError('Describe the conflict of interest', 'conflictNote')
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Description must be ${MAX_ANSWER} characters or fewer`, 'conflictNote')
      await db.transaction().execute(async (trx) => {
        if (!isUuid(id) || !(await repo.lockAccreditation(trx, id))) throw new NotFound()
        const { row, record, assessments } = await load(trx, id)
        const mine = assessments.find((a) => a.assessor_id === actor.userId)
        if (!mine) throw new NotFound()
        if (mine.row_version !== rowVersion) throw staleRecord('conflict')
        await run(trx, record, actor, { type: 'declare_conflict', hasConflict }, 'conflict')
        const updated = await repo.updateAssessment(trx, row.id, actor.userId, rowVersion, {
          conflict: hasConflict ? 'declared' : 'none',
          conflict_note: text || null,
        })
        if (!updated) throw staleRecord('conflict')
        await step(
          trx,
          actor,
          row,
          hasConflict ? 'accreditation.conflict_declared' : 'accreditation.no_conflict_declared',
          hasConflict
            ? `${actor.name} declared a conflict of interest and cannot assess this application`
            : `${actor.name} declared no conflict of interest`,
          hasConflict ? text : null,
          { reason: hasConflict ? text : null },
        )
        if (hasConflict)
          await tellRole(
            trx,
            'centre_admin',
            `Conflict of interest: accreditation of ${row.programme_title}`,
            [
              `${actor.name} declared a conflict of interest in the application from ${row.organisation_name} for the accreditation of "${row.programme_title}", so cannot assess it:`,
              '',
              text,
              '',
              'Assign another assessor:',
              link(pathOf(row.id)),
            ],
          )
      })
    },

    async judge(id, rowVersion, judgements, complete, actor) {
      await db.transaction().execute(async (trx) => {
        if (!isUuid(id) || !(await repo.lockAccreditation(trx, id))) throw new NotFound()
        const { row, record, standards, assessments } = await load(trx, id)
        const mine = assessments.find((a) => a.assessor_id === actor.userId)
        if (!mine) throw new NotFound()
        if (mine.row_version !== rowVersion) throw staleRecord()
        const codes = standards.map((s) => s.code)
        if (Object.keys(judgements).some((code) => !codes.includes(code)))
          throw refused('There is no such standard')
        const problems: FieldProblem[] = []
        const saved: Record<string, StandardJudgement> = { ...mine.judgements }
        let next = record
        for (const [index, code] of codes.entries()) {
          const given = judgements[code]
          const comment = given?.comment.trim() ?? ''
          const judgement = given?.judgement ?? ''
          if (!judgement && !comment) continue
          if (!isJudgement(judgement)) {
            problems.push({ field: `judgement_${code}`, text: `Select a judgement of ${code}` })
            continue
          }
          if (!comment) {
            problems.push({ field: `comment_${code}`, text: `Enter a comment on ${code}` })
            continue
          }
          if (comment.length > MAX_ANSWER) {
            problems.push({
              field: `comment_${code}`,
              text: `Comment must be ${MAX_ANSWER} characters or fewer`,
            })
            continue
          }
          next = await run(
            trx,
            next,
            actor,
            { type: 'judge', standard: index, judgement, comment },
            `judgement_${code}`,
          )
          saved[code] = { judgement, comment }
        }
        if (problems.length) throw new FieldProblems(problems)
        if (complete) {
          const outcome = applyAccreditation(next, await domainActorOf(trx, actor), {
            type: 'complete_review',
          })
          if (!outcome.ok) {
            const left = codes.filter((code) => !saved[code])
            throw new FieldProblems(
              left.length
                ? left.map((code) => ({
                    field: `judgement_${code}`,
                    text: `Judge ${code}, with a comment, before you complete your review`,
                  }))
                : [{ text: outcome.reason }],
            )
          }
        } else if (next === record) {
          throw new ServiceError('Judge at least one standard, with a comment', `judgement_${codes[0] ?? ''}`)
        }
        const updated = await repo.updateAssessment(trx, row.id, actor.userId, rowVersion, {
          judgements: JSON.stringify(saved),
          ...(complete ? { completed_on: clock.today() } : {}),
        })
        if (!updated) throw staleRecord()
        await step(
          trx,
          actor,
          row,
          complete ? 'accreditation.review_completed' : 'accreditation.judged',
          complete ? `${actor.name} completed a documentary review` : `${actor.name} judged standards`,
          null,
          { judgements: saved },
        )
        if (complete)
          await tellRole(trx, 'centre_admin', `Documentary review completed: ${row.programme_title}`, [
            `${actor.name} completed a documentary review of the application from ${row.organisation_name} for the accreditation of "${row.programme_title}".`,
            '',
            link(pathOf(row.id)),
          ])
      })
    },

    async holdPanel(id, rowVersion, panel, actor) {
      const problems: FieldProblem[] = []
      const members = panel.members.map((m) => m.trim()).filter(Boolean)
      if (!members.length)
        problems.push({ field: 'members', text: 'Enter the members of the panel, one on each line' })
      if (panel.heldOn > clock.today())
        problems.push({ field: 'heldOn-day', text: 'The date of the panel must be today or in the past' })
      if (panel.notes.length > MAX_ANSWER)
        problems.push({ field: 'notes', text: `Notes must be ${MAX_ANSWER} characters or fewer` })
      if (problems.length) throw new FieldProblems(problems)
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, 'heldOn-day')
        const next = await run(
          trx,
          record,
          actor,
          { type: 'hold_panel', heldOn: panel.heldOn, members, notes: panel.notes },
          'heldOn-day',
        )
        await save(trx, row, {
          state: next.state,
          panel_held_on: panel.heldOn,
          panel_members: JSON.stringify(members),
          panel_notes: panel.notes.trim(),
        })
        await step(
          trx,
          actor,
          row,
          'accreditation.panel_held',
          `Recorded the panel held on ${longDate(panel.heldOn)}`,
          null,
          {
            heldOn: panel.heldOn,
            members,
          },
        )
        await tellProvider(trx, row, `Accreditation panel held: ${row.programme_title}`, [
          `The Centre’s panel met on ${longDate(panel.heldOn)} to consider your application for the accreditation of "${row.programme_title}".`,
          '',
          'If the panel has questions for you, you will be told, and you can answer them here:',
          link(pathOf(row.id)),
        ])
      })
    },

    async askQuestion(id, rowVersion, question, actor) {
      const text = question.trim()
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Question must be ${MAX_ANSWER} characters or fewer`, 'question')
      await db.transaction().execute(async (trx) => {
        const { row, record, questions } = await open(trx, id, rowVersion, 'question')
        await run(trx, record, actor, { type: 'ask_question', text }, 'question')
        await save(trx, row, {}, 'question')
        await repo.insertQuestion(trx, {
          accreditation_id: row.id,
          position: questions.length,
          question: text,
          asked_on: clock.today(),
        })
        await step(
          trx,
          actor,
          row,
          'accreditation.question_asked',
          'Put a question from the panel to the provider',
          text,
        )
        await tellProvider(trx, row, `A question from the accreditation panel: ${row.programme_title}`, [
          `The Centre’s panel on your application for the accreditation of "${row.programme_title}" asks:`,
          '',
          text,
          '',
          'Answer it here (the Centre decides once every question is answered):',
          link(pathOf(row.id)),
        ])
      })
    },

    async answerQuestion(id, rowVersion, position, answer, actor) {
      const text = answer.trim()
      const field = `answer_${position}`
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Answer must be ${MAX_ANSWER} characters or fewer`, field)
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, field)
        await run(trx, record, actor, { type: 'answer_question', index: position, answer: text }, field)
        await save(trx, row, {}, field)
        await repo.answerQuestion(trx, row.id, position, text, clock.today())
        await step(
          trx,
          actor,
          row,
          'accreditation.question_answered',
          `${row.organisation_name} answered a question from the panel`,
          text,
        )
        await tellRole(trx, 'centre_admin', `Panel question answered: ${row.programme_title}`, [
          `${row.organisation_name} answered a question from the panel on the accreditation of "${row.programme_title}".`,
          '',
          link(pathOf(row.id)),
        ])
      })
    },

    async checkDecision(id, rowVersion, input, actor) {
      const action = checkDecisionInput(input, clock.today())
      await db.transaction().execute(async (trx) => {
        const { record } = await open(trx, id, rowVersion, 'outcome')
        await run(trx, record, actor, action, 'outcome')
      })
    },

    async decide(id, rowVersion, input, actor) {
      const today = clock.today()
      const action = checkDecisionInput(input, today)
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, 'outcome')
        const next = await run(trx, record, actor, action, 'outcome')
        const decision = next.decision
        if (!decision) throw refused('The decision was not recorded')
        await save(trx, row, {
          state: next.state,
          decision: decision.outcome,
          decided_on: decision.decidedOn,
          period_from: decision.periodFrom,
          period_until: decision.periodUntil,
          decision_reason: decision.reason,
        })
        await repo.insertConditions(
          trx,
          decision.conditions.map((c, position) => ({
            accreditation_id: row.id,
            position,
            condition: c.text,
            due_on: c.dueOn,
          })),
        )
        const words = ACCREDITATION_STATE_WORDS[next.state].text
        const period =
          decision.periodFrom && decision.periodUntil
            ? ` from ${longDate(decision.periodFrom)} to ${longDate(decision.periodUntil)}`
            : ''
        await step(trx, actor, row, 'accreditation.decided', `Decided: ${words}${period}`, decision.reason, {
          outcome: decision.outcome,
          periodFrom: decision.periodFrom,
          periodUntil: decision.periodUntil,
          conditions: decision.conditions,
          reason: decision.reason,
        })
        await tellProvider(trx, row, `Accreditation decision: ${row.programme_title} — ${words}`, [
          `The Centre has decided your application for the accreditation of "${row.programme_title}": ${words.toLowerCase()}${period}.`,
          '',
          decision.reason,
          ...(decision.conditions.length
            ? [
                '',
                'The conditions, each to be met by its date:',
                ...decision.conditions.map((c) => `- ${c.text} (by ${longDate(c.dueOn)})`),
              ]
            : []),
          '',
          link(pathOf(row.id)),
        ])
      })
    },

    async meetCondition(id, rowVersion, position, evidence, actor) {
      const text = evidence.trim()
      const field = `evidence_${position}`
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Evidence must be ${MAX_ANSWER} characters or fewer`, field)
      await db.transaction().execute(async (trx) => {
        const { row, record, conditions } = await open(trx, id, rowVersion, field)
        const today = clock.today()
        const next = await run(
          trx,
          record,
          actor,
          { type: 'meet_condition', index: position, evidence: text, metOn: today },
          field,
        )
        await save(trx, row, { state: next.state }, field)
        await repo.meetCondition(trx, row.id, position, text, today)
        const condition = conditions.find((c) => c.position === position)?.condition ?? ''
        await step(trx, actor, row, 'accreditation.condition_met', `Recorded as met: ${condition}`, text)
        await tellProvider(trx, row, `Accreditation condition met: ${row.programme_title}`, [
          `The Centre recorded on ${longDate(today)} that this condition of the accreditation of "${row.programme_title}" is met:`,
          '',
          condition,
          ...(next.state === 'accredited' ? ['', 'Every condition is now met.'] : []),
          '',
          link(pathOf(row.id)),
        ])
      })
    },

    async withdrawApplication(id, rowVersion, reason, actor) {
      const text = reason.trim()
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Reason must be ${MAX_ANSWER} characters or fewer`, 'reason')
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, 'reason')
        const today = clock.today()
        const next = await run(
          trx,
          record,
          actor,
          { type: 'withdraw_application', on: today, reason: text },
          'reason',
        )
        await save(trx, row, { state: next.state, withdrawn_on: today, withdrawal_reason: text })
        await step(trx, actor, row, 'accreditation.application_withdrawn', 'Withdrew the application', text, {
          reason: text,
        })
        await tellRole(trx, 'centre_admin', `Application withdrawn: ${row.programme_title}`, [
          `The application from ${row.organisation_name} for the accreditation of "${row.programme_title}" was withdrawn on ${longDate(today)}:`,
          '',
          text,
        ])
        await tellProvider(trx, row, `Application withdrawn: ${row.programme_title}`, [
          `Your application for the accreditation of "${row.programme_title}" was withdrawn on ${longDate(today)}.`,
          '',
          link(pathOf(row.id)),
        ])
      })
    },

    async withdrawAccreditation(id, rowVersion, reason, actor) {
      const text = reason.trim()
      if (text.length > MAX_ANSWER)
        throw new ServiceError(`Reason must be ${MAX_ANSWER} characters or fewer`, 'reason')
      await db.transaction().execute(async (trx) => {
        const { row, record } = await open(trx, id, rowVersion, 'reason')
        const today = clock.today()
        const next = await run(
          trx,
          record,
          actor,
          { type: 'withdraw_accreditation', on: today, reason: text },
          'reason',
        )
        await save(trx, row, { state: next.state, withdrawn_on: today, withdrawal_reason: text })
        await step(
          trx,
          actor,
          row,
          'accreditation.accreditation_withdrawn',
          'Withdrew the accreditation',
          text,
          { reason: text },
        )
        await tellProvider(trx, row, `Accreditation withdrawn: ${row.programme_title}`, [
          `The Centre withdrew the accreditation of "${row.programme_title}" from ${longDate(today)}:`,
          '',
          text,
          '',
          'Learners enrolled on it are no longer eligible for awards on that basis from that date.',
          link(pathOf(row.id)),
        ])
      })
    },

    async statusOfProgrammes(programmes) {
      const rows = await repo.listAccreditationsOfProgrammes(
        db,
        programmes.map((p) => p.id),
      )
      const today = clock.today()
      return new Map(
        programmes.map((p) => [
          p.id,
          programmeAccreditationStatus(
            rows.filter((r) => r.programme_id === p.id).map(termOf),
            p.declared,
            today,
          ),
        ]),
      )
    },

    async accreditedOnDay(programmeIds, day) {
      const rows = await repo.listAccreditationsOfProgrammes(db, programmeIds)
      return new Set(
        programmeIds.filter((id) => accreditedOn(rows.filter((r) => r.programme_id === id).map(termOf), day)),
      )
    },

    async sendReminders() {
      const today = clock.today()
      const horizon = new Date(
        Date.parse(`${today}T00:00:00Z`) + Math.max(...REACCREDITATION_REMINDER_DAYS) * 86_400_000,
      )
        .toISOString()
        .slice(0, 10)
      const due = await repo.listAccreditationsEndingBy(db, horizon)
      const system: ProcessActor = {
        userId: '',
        label: 'system',
        ip: null,
        name: 'The service',
        roles: ['centre_admin'],
      }
      let reminded = 0
      let ended = 0
      for (const a of due) {
        if (a.period_until === null) continue
        await db.transaction().execute(async (trx) => {
          if (!(await repo.lockAccreditation(trx, a.id))) return
          const { row, record } = await load(trx, a.id)
          if (a.period_until !== null && today > a.period_until) {
            const outcome = applyAccreditation(
              record,
              { id: '', roles: ['centre_admin'], organisationIds: [] },
              { type: 'end_period', today },
            )
            if (!outcome.ok) return
            await save(trx, row, { state: outcome.record.state })
            await repo.insertEvent(trx, {
              accreditation_id: row.id,
              action: 'accreditation.period_ended',
              summary: `The accreditation period ended on ${longDate(a.period_until)}`,
              reason: null,
              actor_id: null,
              actor_label: system.name,
              occurred_at: clock.now(),
            })
            await recordAudit(
              trx,
              { userId: null, label: 'system', ip: null },
              {
                action: 'accreditation.period_ended',
                entityType: 'programme_accreditation',
                entityId: row.id,
                after: { periodUntil: a.period_until },
              },
            )
            ended += 1
            return
          }
          const owed = reaccreditationReminderOwed(a.period_until ?? today, today, a.sent, a.renewing)
          if (owed === null) return
          await repo.insertReminder(trx, row.id, owed, today)
          await repo.insertEvent(trx, {
            accreditation_id: row.id,
            action: 'accreditation.reminder_sent',
            summary: `Reminded the provider to apply for re-accreditation (${owed} days before the end)`,
            reason: null,
            actor_id: null,
            actor_label: system.name,
            occurred_at: clock.now(),
          })
          await recordAudit(
            trx,
            { userId: null, label: 'system', ip: null },
            {
              action: 'accreditation.reminder_sent',
              entityType: 'programme_accreditation',
              entityId: row.id,
              after: { daysBefore: owed },
            },
          )
          await tellProvider(trx, row, `Apply for re-accreditation: ${row.programme_title}`, [
            `The Centre’s accreditation of "${row.programme_title}" ends on ${longDate(a.period_until ?? today)}.`,
            '',
            'Apply for re-accreditation before then, so that learners enrolled on it stay eligible for awards:',
            link(
              `/provider/programmes/${row.programme_id}/accreditation/apply?organisation=${row.organisation_id}`,
            ),
          ])
          reminded += 1
        })
      }
      return { reminded, ended }
    },
  }
}

/** Whether a state is one in which the Centre's process is still running. */
export const isInProgress = (state: AccreditationState) =>
  state === 'applied' || state === 'documentary_review' || state === 'panel'

export type { Actor }

/** Each programme's applications as the verdict reads them: for eligibility on an award date. */
export async function accreditationsOfProgrammes(
  db: Kysely<Database> | Transaction<Database>,
  programmeIds: readonly string[],
): Promise<Map<string, AccreditationTerm[]>> {
  const rows = await repo.listAccreditationsOfProgrammes(db, programmeIds)
  const terms = new Map<string, AccreditationTerm[]>(programmeIds.map((id) => [id, []]))
  for (const r of rows) terms.get(r.programme_id)?.push(termOf(r))
  return terms
}
