// The Centre's accreditation of a provider's advanced-practice MSc programme, as a pure state
// machine on the same pattern as a specification version's (specification-lifecycle.ts): a
// provider applies, answering each accreditation standard; assessors the Centre assigns
// declare their interests and judge every standard; a panel meets and may put questions to
// the provider; the Centre decides (accredited, accredited with conditions, not accredited)
// for a period. Conditions are met with evidence; the provider may withdraw its application;
// the Centre may withdraw an accreditation; a period ends; a new application re-accredits.
//
// Whether a programme counts as accredited on a day is one verdict, accreditedOn below, read
// from the Centre's decisions and their dates only: a provider's own declaration of the past
// ("declared, not confirmed") never counts.
import type { Role } from './accounts.ts'
import type { Judgement } from './specification-lifecycle.ts'
import type { StateWord } from './tag-colours.ts'

export const ACCREDITATION_STATES = [
  'applied',
  'documentary_review',
  'panel',
  'accredited',
  'accredited_with_conditions',
  'not_accredited',
  'application_withdrawn',
  'accreditation_withdrawn',
  'ended',
] as const
export type AccreditationState = (typeof ACCREDITATION_STATES)[number]

export const isAccreditationState = (value: string): value is AccreditationState =>
  ACCREDITATION_STATES.some((s) => s === value)

/** An application's state in words and its tag colour, wherever it is shown (docs/vocabulary.md). */
export const ACCREDITATION_STATE_WORDS: Record<AccreditationState, StateWord> = {
  applied: { text: 'Applied', colour: 'blue' },
  documentary_review: { text: 'Documentary review', colour: 'purple' },
  panel: { text: 'Panel', colour: 'purple' },
  accredited: { text: 'Accredited', colour: 'green' },
  accredited_with_conditions: { text: 'Accredited with conditions', colour: 'green' },
  not_accredited: { text: 'Not accredited', colour: 'red' },
  application_withdrawn: { text: 'Application withdrawn', colour: 'grey' },
  accreditation_withdrawn: { text: 'Accreditation withdrawn', colour: 'red' },
  ended: { text: 'Accreditation period ended', colour: 'grey' },
}

/** The Centre's decision on an application. */
export const ACCREDITATION_DECISIONS = ['accredited', 'accredited_with_conditions', 'not_accredited'] as const
export type AccreditationDecision = (typeof ACCREDITATION_DECISIONS)[number]
export const ACCREDITATION_DECISION_LABELS: Record<AccreditationDecision, string> = {
  accredited: 'Accredit',
  accredited_with_conditions: 'Accredit with conditions',
  not_accredited: 'Do not accredit',
}
export const isAccreditationDecision = (value: string): value is AccreditationDecision =>
  ACCREDITATION_DECISIONS.some((d) => d === value)

/** Is this a first application for the programme, or one to renew an accreditation? */
export type ApplicationKind = 'initial' | 'reaccreditation'
export const APPLICATION_KIND_LABELS: Record<ApplicationKind, string> = {
  initial: 'First accreditation',
  reaccreditation: 'Re-accreditation',
}

/** An assessor's declaration of interests: undeclared until they make it. */
export type Conflict = 'undeclared' | 'none' | 'declared'

export interface StandardJudgement {
  judgement: Judgement
  comment: string
}

export interface Assessment {
  assessorId: string
  conflict: Conflict
  /** One entry per accreditation standard, in the order of the standards version. */
  judgements: Array<StandardJudgement | null>
  completed: boolean
}

export interface Condition {
  text: string
  /** ISO date the provider must meet it by. */
  dueOn: string
  metOn: string | null
  evidence: string | null
}

export interface PanelQuestion {
  text: string
  answer: string | null
}

export interface Panel {
  heldOn: string
  members: string[]
  notes: string
}

export interface AccreditationDecisionRecord {
  outcome: AccreditationDecision
  decidedOn: string
  /** The accreditation period, both days counted; null when not accredited. */
  periodFrom: string | null
  periodUntil: string | null
  reason: string
  conditions: Condition[]
}

export interface AccreditationRecord {
  state: AccreditationState
  kind: ApplicationKind
  /** The organisation that applies (the provider of the programme). */
  providerId: string
  /** How many accreditation standards the application is judged against (a versioned set). */
  standardsCount: number
  assessments: Assessment[]
  panel: Panel | null
  questions: PanelQuestion[]
  decision: AccreditationDecisionRecord | null
  /** When the provider withdrew its application, or the Centre the accreditation. */
  withdrawal: { on: string; reason: string } | null
}

export interface Actor {
  id: string
  roles: readonly Role[]
  /** The organisations the person acts for (a provider admin's provider, an assessor's employer). */
  organisationIds: readonly string[]
}

export type AccreditationAction =
  | { type: 'assign_assessor'; assessorId: string; assessorOrganisationIds: readonly string[] }
  | { type: 'declare_conflict'; hasConflict: boolean }
  | { type: 'judge'; standard: number; judgement: Judgement; comment: string }
  | { type: 'complete_review' }
  | { type: 'hold_panel'; heldOn: string; members: readonly string[]; notes: string }
  | { type: 'ask_question'; text: string }
  | { type: 'answer_question'; index: number; answer: string }
  | {
      type: 'decide'
      outcome: AccreditationDecision
      decidedOn: string
      periodFrom?: string
      periodUntil?: string
      reason: string
      conditions?: ReadonlyArray<{ text: string; dueOn: string }>
    }
  | { type: 'meet_condition'; index: number; evidence: string; metOn: string }
  | { type: 'withdraw_application'; on: string; reason: string }
  | { type: 'withdraw_accreditation'; on: string; reason: string }
  | { type: 'end_period'; today: string }

export type AccreditationOutcome = { ok: true; record: AccreditationRecord } | { ok: false; reason: string }

/** Completed documentary reviews a panel and a decision need. */
export const MIN_ASSESSMENTS = 2
/** The longest an accreditation lasts: five years. */
export const MAX_PERIOD_YEARS = 5
/** How long before the end of a period a provider may apply for re-accreditation, in days. */
export const REACCREDITATION_WINDOW_DAYS = 365
/** Days before a period ends that the provider is reminded to apply for re-accreditation. */
export const REACCREDITATION_REMINDER_DAYS = [180, 90, 30] as const

/** Every move the machine can make; anything else is a bug, and the property test says so. */
export const ACCREDITATION_TRANSITIONS: ReadonlyArray<readonly [AccreditationState, AccreditationState]> = [
  ['applied', 'documentary_review'],
  ['documentary_review', 'panel'],
  ['panel', 'accredited'],
  ['panel', 'accredited_with_conditions'],
  ['panel', 'not_accredited'],
  ['accredited_with_conditions', 'accredited'],
  ['applied', 'application_withdrawn'],
  ['documentary_review', 'application_withdrawn'],
  ['panel', 'application_withdrawn'],
  ['accredited', 'accreditation_withdrawn'],
  ['accredited_with_conditions', 'accreditation_withdrawn'],
  ['accredited', 'ended'],
  ['accredited_with_conditions', 'ended'],
]

/** States in which the Centre's process is still running. */
export const IN_PROGRESS_STATES: readonly AccreditationState[] = ['applied', 'documentary_review', 'panel']
const ACCREDITED_STATES: readonly AccreditationState[] = ['accredited', 'accredited_with_conditions']

const refuse = (reason: string): AccreditationOutcome => ({ ok: false, reason })
const isAdmin = (actor: Actor) => actor.roles.includes('centre_admin')
const isProviderAdmin = (actor: Actor, providerId: string) =>
  actor.roles.includes('provider_admin') && actor.organisationIds.includes(providerId)
const isIsoDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))

/** The day `years` years after an ISO date (29 February falls back to 28 February). */
export function addYears(isoDate: string, years: number): string {
  const [y = NaN, m = NaN, d = NaN] = isoDate.split('-').map(Number)
  const date = new Date(Date.UTC(y + years, m - 1, d))
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0)
  return date.toISOString().slice(0, 10)
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Assessments that count: the assessor declared no conflict. */
export function activeAssessments(record: AccreditationRecord): Assessment[] {
  return record.assessments.filter((a) => a.conflict === 'none')
}

/** Completed assessments by assessors without a conflict. */
export function completedAssessments(record: AccreditationRecord): Assessment[] {
  return activeAssessments(record).filter((a) => a.completed)
}

/** The standards (by index) an assessment has not judged with a comment yet. */
export function unjudgedStandards(judgements: ReadonlyArray<StandardJudgement | null>): number[] {
  const left: number[] = []
  judgements.forEach((j, i) => {
    if (j === null || !j.comment.trim()) left.push(i)
  })
  return left
}

/** Conditions of a decision not yet met. */
export function openConditions(record: AccreditationRecord): Condition[] {
  return record.decision?.conditions.filter((c) => c.metOn === null) ?? []
}

/** Why the Centre cannot decide yet, or null when it can (the confirmation page asks this too). */
export function decisionBlocker(record: AccreditationRecord): string | null {
  if (record.state !== 'panel') return 'Only an application that has been to a panel can be decided'
  const done = completedAssessments(record).length
  if (done < MIN_ASSESSMENTS)
    return `A decision needs at least ${MIN_ASSESSMENTS} completed documentary reviews (${done} so far)`
  const unanswered = record.questions.filter((q) => q.answer === null).length
  if (unanswered) return `The provider has not answered every question from the panel (${unanswered} left)`
  return null
}

export function applyAccreditation(
  record: AccreditationRecord,
  actor: Actor,
  action: AccreditationAction,
): AccreditationOutcome {
  switch (action.type) {
    case 'assign_assessor': {
      if (!isAdmin(actor)) return refuse('Only Centre admins assign assessors')
      if (record.state !== 'applied' && record.state !== 'documentary_review')
        return refuse('Assessors can only be assigned before the panel')
      if (action.assessorOrganisationIds.includes(record.providerId))
        return refuse('An assessor cannot assess a programme of their own organisation')
      if (record.assessments.some((a) => a.assessorId === action.assessorId))
        return refuse('This assessor is already assigned')
      const assessment: Assessment = {
        assessorId: action.assessorId,
        conflict: 'undeclared',
        judgements: Array.from({ length: record.standardsCount }, () => null),
        completed: false,
      }
      return {
        ok: true,
        record: { ...record, state: 'documentary_review', assessments: [...record.assessments, assessment] },
      }
    }

    case 'declare_conflict':
    case 'judge':
    case 'complete_review': {
      const index = record.assessments.findIndex((a) => a.assessorId === actor.id)
      const assessment = record.assessments[index]
      if (!assessment) return refuse('You are not an assessor of this application')
      if (record.state !== 'documentary_review')
        return refuse('This application is not in documentary review')
      let next: Assessment
      if (action.type === 'declare_conflict') {
        if (assessment.conflict !== 'undeclared') return refuse('You have already declared your interests')
        next = { ...assessment, conflict: action.hasConflict ? 'declared' : 'none' }
      } else if (assessment.conflict !== 'none') {
        return refuse(
          assessment.conflict === 'declared'
            ? 'You declared a conflict of interest, so you cannot assess this application'
            : 'Declare any conflicts of interest before you assess',
        )
      } else if (assessment.completed) {
        return refuse('You have already completed your review')
      } else if (action.type === 'judge') {
        if (
          !Number.isInteger(action.standard) ||
          action.standard < 0 ||
          action.standard >= record.standardsCount
        )
          return refuse('There is no such standard')
        if (!action.comment.trim()) return refuse('Enter a comment on the standard')
        const judgements = [...assessment.judgements]
        judgements[action.standard] = { judgement: action.judgement, comment: action.comment.trim() }
        next = { ...assessment, judgements }
      } else {
        const left = unjudgedStandards(assessment.judgements).length
        if (left) return refuse(`Judge every standard before you complete your review (${left} left)`)
        next = { ...assessment, completed: true }
      }
      const assessments = [...record.assessments]
      assessments[index] = next
      return { ok: true, record: { ...record, assessments } }
    }

    case 'hold_panel': {
      if (!isAdmin(actor)) return refuse('Only Centre admins record a panel')
      if (record.state !== 'documentary_review')
        return refuse('Only an application in documentary review goes to a panel')
      const done = completedAssessments(record).length
      if (done < MIN_ASSESSMENTS)
        return refuse(
          `A panel needs at least ${MIN_ASSESSMENTS} completed documentary reviews (${done} so far)`,
        )
      if (!isIsoDate(action.heldOn)) return refuse('Enter the date of the panel')
      const members = action.members.map((m) => m.trim()).filter(Boolean)
      if (!members.length) return refuse('Enter the members of the panel')
      return {
        ok: true,
        record: {
          ...record,
          state: 'panel',
          panel: { heldOn: action.heldOn, members, notes: action.notes.trim() },
        },
      }
    }

    case 'ask_question': {
      if (!isAdmin(actor)) return refuse('Only Centre admins put the panel’s questions')
      if (record.state !== 'panel') return refuse('Questions are put to the provider at the panel stage')
      if (!action.text.trim()) return refuse('Enter the question')
      return {
        ok: true,
        record: { ...record, questions: [...record.questions, { text: action.text.trim(), answer: null }] },
      }
    }

    case 'answer_question': {
      if (!isProviderAdmin(actor, record.providerId))
        return refuse('Only the provider answers the panel’s questions')
      if (record.state !== 'panel') return refuse('This application is not at the panel stage')
      const question = record.questions[action.index]
      if (!question) return refuse('There is no such question')
      if (question.answer !== null) return refuse('This question has already been answered')
      if (!action.answer.trim()) return refuse('Enter your answer')
      const questions = [...record.questions]
      questions[action.index] = { ...question, answer: action.answer.trim() }
      return { ok: true, record: { ...record, questions } }
    }

    case 'decide': {
      if (!isAdmin(actor)) return refuse('Only Centre admins record decisions')
      if (actor.organisationIds.includes(record.providerId))
        return refuse('You cannot decide on a programme of your own organisation')
      const blocker = decisionBlocker(record)
      if (blocker) return refuse(blocker)
      if (!isIsoDate(action.decidedOn)) return refuse('Enter the date of the decision')
      if (record.panel && action.decidedOn < record.panel.heldOn)
        return refuse('The decision cannot be dated before the panel')
      if (!action.reason.trim()) return refuse('Enter the reasons for the decision')
      const conditions = (action.conditions ?? [])
        .map((c) => ({ text: c.text.trim(), dueOn: c.dueOn }))
        .filter((c) => c.text !== '')
      if (action.outcome === 'not_accredited') {
        const decision: AccreditationDecisionRecord = {
          outcome: action.outcome,
          decidedOn: action.decidedOn,
          periodFrom: null,
          periodUntil: null,
          reason: action.reason.trim(),
          conditions: [],
        }
        return { ok: true, record: { ...record, state: 'not_accredited', decision } }
      }
      const from = action.periodFrom ?? ''
      const until = action.periodUntil ?? ''
      if (!isIsoDate(from)) return refuse('Enter the date the accreditation starts')
      if (!isIsoDate(until)) return refuse('Enter the date the accreditation ends')
      if (until < from) return refuse('The accreditation must end after it starts')
      if (until > addYears(from, MAX_PERIOD_YEARS))
        return refuse(`An accreditation lasts at most ${MAX_PERIOD_YEARS} years`)
      if (action.outcome === 'accredited_with_conditions') {
        if (!conditions.length) return refuse('Enter at least one condition')
        for (const c of conditions) {
          if (!isIsoDate(c.dueOn)) return refuse('Enter the date each condition is due')
          if (c.dueOn < action.decidedOn) return refuse('A condition cannot be due before the decision')
        }
      } else if (conditions.length) {
        return refuse('An accreditation without conditions cannot have conditions')
      }
      const decision: AccreditationDecisionRecord = {
        outcome: action.outcome,
        decidedOn: action.decidedOn,
        periodFrom: from,
        periodUntil: until,
        reason: action.reason.trim(),
        conditions: conditions.map((c) => ({ ...c, metOn: null, evidence: null })),
      }
      return { ok: true, record: { ...record, state: action.outcome, decision } }
    }

    case 'meet_condition': {
      if (!isAdmin(actor)) return refuse('Only Centre admins record that a condition is met')
      if (record.state !== 'accredited_with_conditions' || !record.decision)
        return refuse('Only an accreditation with conditions has conditions to meet')
      const condition = record.decision.conditions[action.index]
      if (!condition) return refuse('There is no such condition')
      if (condition.metOn !== null) return refuse('This condition is already met')
      if (!action.evidence.trim()) return refuse('Enter the evidence that the condition is met')
      if (!isIsoDate(action.metOn)) return refuse('Enter the date the condition was met')
      if (action.metOn < record.decision.decidedOn)
        return refuse('A condition cannot be met before the decision')
      const conditions = [...record.decision.conditions]
      conditions[action.index] = { ...condition, metOn: action.metOn, evidence: action.evidence.trim() }
      const state: AccreditationState = conditions.every((c) => c.metOn !== null)
        ? 'accredited'
        : 'accredited_with_conditions'
      return { ok: true, record: { ...record, state, decision: { ...record.decision, conditions } } }
    }

    case 'withdraw_application': {
      if (!isProviderAdmin(actor, record.providerId) && !isAdmin(actor))
        return refuse('Only the provider or the Centre can withdraw an application')
      if (!IN_PROGRESS_STATES.includes(record.state))
        return refuse('Only an application not yet decided can be withdrawn')
      if (!isIsoDate(action.on)) return refuse('Enter the date of the withdrawal')
      if (!action.reason.trim()) return refuse('Enter why the application is withdrawn')
      return {
        ok: true,
        record: {
          ...record,
          state: 'application_withdrawn',
          withdrawal: { on: action.on, reason: action.reason.trim() },
        },
      }
    }

    case 'withdraw_accreditation': {
      if (!isAdmin(actor)) return refuse('Only Centre admins withdraw an accreditation')
      if (!ACCREDITED_STATES.includes(record.state) || !record.decision)
        return refuse('Only an accredited programme can have its accreditation withdrawn')
      if (!isIsoDate(action.on)) return refuse('Enter the date the accreditation is withdrawn from')
      if (action.on < record.decision.decidedOn)
        return refuse('An accreditation cannot be withdrawn before it was decided')
      if (!action.reason.trim()) return refuse('Enter why the accreditation is withdrawn')
      return {
        ok: true,
        record: {
          ...record,
          state: 'accreditation_withdrawn',
          withdrawal: { on: action.on, reason: action.reason.trim() },
        },
      }
    }

    case 'end_period': {
      if (!isAdmin(actor)) return refuse('Only the Centre ends an accreditation period')
      if (!ACCREDITED_STATES.includes(record.state) || !record.decision?.periodUntil)
        return refuse('Only an accredited programme has a period to end')
      if (!isIsoDate(action.today) || action.today <= record.decision.periodUntil)
        return refuse('The accreditation period has not ended yet')
      return { ok: true, record: { ...record, state: 'ended' } }
    }
  }
}

/** A new application, as a provider submits it. */
export function newApplication(
  providerId: string,
  standardsCount: number,
  kind: ApplicationKind = 'initial',
): AccreditationRecord {
  return {
    state: 'applied',
    kind,
    providerId,
    standardsCount,
    assessments: [],
    panel: null,
    questions: [],
    decision: null,
    withdrawal: null,
  }
}

// ---------------------------------------------------------------------------------------
// The verdict: was a programme accredited on a day?

/** What of an application the verdict reads: the decision and its dates, and any withdrawal. */
export interface AccreditationTerm {
  state: AccreditationState
  decision: Pick<AccreditationDecisionRecord, 'outcome' | 'decidedOn' | 'periodFrom' | 'periodUntil'> | null
  withdrawal: { on: string } | null
}

/**
 * Whether the Centre's decisions say a programme was accredited on `day` (an ISO date): some
 * application was decided accredited (with conditions or not) on or before that day, the day
 * is within its period (both ends counted), and the accreditation had not been withdrawn by
 * then. Conditions do not change the verdict: the Centre withdraws an accreditation whose
 * conditions are not met. A provider's own declaration is not one of the Centre's decisions
 * and never counts.
 */
export function accreditedOn(terms: readonly AccreditationTerm[], day: string): boolean {
  return terms.some((t) => {
    const d = t.decision
    if (!d || d.outcome === 'not_accredited' || d.periodFrom === null || d.periodUntil === null) return false
    if (d.decidedOn > day || d.periodFrom > day || day > d.periodUntil) return false
    if (t.state === 'accreditation_withdrawn' && t.withdrawal && t.withdrawal.on <= day) return false
    return true
  })
}

// ---------------------------------------------------------------------------------------
// A programme's accreditation as the public reads it

export const PROGRAMME_ACCREDITATION_STATUSES = [
  'accredited',
  'accredited_with_conditions',
  'under_review',
  'not_accredited',
  'lapsed',
  'withdrawn',
  'declared_not_confirmed',
  'not_accredited_yet',
] as const
export type ProgrammeAccreditationStatus = (typeof PROGRAMME_ACCREDITATION_STATUSES)[number]

/** One vocabulary for a programme's accreditation on the provider's page, the catalogue and lists. */
export const PROGRAMME_ACCREDITATION_WORDS: Record<ProgrammeAccreditationStatus, StateWord> = {
  accredited: { text: 'Accredited by the Centre', colour: 'green' },
  accredited_with_conditions: { text: 'Accredited by the Centre with conditions', colour: 'green' },
  under_review: { text: 'Accreditation under review', colour: 'purple' },
  not_accredited: { text: 'Not accredited', colour: 'red' },
  lapsed: { text: 'Accreditation lapsed', colour: 'grey' },
  withdrawn: { text: 'Accreditation withdrawn', colour: 'red' },
  declared_not_confirmed: { text: 'Declared by the provider, not confirmed by the Centre', colour: 'yellow' },
  not_accredited_yet: { text: 'Not yet accredited', colour: 'grey' },
}

/**
 * A programme's accreditation today, from its applications (newest decision first does not
 * matter: the verdict is read from dates) and whether its provider had declared it accredited
 * before the Centre's process began.
 */
export function programmeAccreditationStatus(
  terms: readonly AccreditationTerm[],
  declaredBefore: boolean,
  today: string,
): ProgrammeAccreditationStatus {
  const current = terms.find((t) => accreditedOn([t], today))
  if (current)
    return current.state === 'accredited_with_conditions' ? 'accredited_with_conditions' : 'accredited'
  if (terms.some((t) => IN_PROGRESS_STATES.includes(t.state))) return 'under_review'
  const decided = terms
    .filter((t) => t.decision !== null)
    .sort((a, b) => (b.decision?.decidedOn ?? '').localeCompare(a.decision?.decidedOn ?? ''))
  const latest = decided[0]
  if (latest) {
    if (latest.state === 'accreditation_withdrawn') return 'withdrawn'
    if (latest.state === 'not_accredited') return 'not_accredited'
    return 'lapsed'
  }
  return declaredBefore ? 'declared_not_confirmed' : 'not_accredited_yet'
}

/**
 * Whether a provider may apply now: no application in progress, and either no current
 * accreditation or one that ends within the re-accreditation window. Returns why not, or the
 * kind of application it would be.
 */
export function applicationOpen(
  terms: readonly AccreditationTerm[],
  today: string,
): { kind: ApplicationKind } | { refused: string } {
  if (terms.some((t) => IN_PROGRESS_STATES.includes(t.state)))
    return { refused: 'This programme already has an application in progress' }
  const current = terms.filter((t) => accreditedOn([t], today))
  const everAccredited = terms.some((t) => t.decision !== null && t.decision.outcome !== 'not_accredited')
  if (!current.length) return { kind: everAccredited ? 'reaccreditation' : 'initial' }
  const ends = current.map((t) => t.decision?.periodUntil ?? today).sort()
  const last = ends[ends.length - 1] ?? today
  if (daysBetween(today, last) > REACCREDITATION_WINDOW_DAYS)
    return {
      refused: `Apply for re-accreditation within ${REACCREDITATION_WINDOW_DAYS} days of the period’s end`,
    }
  return { kind: 'reaccreditation' }
}

/**
 * The re-accreditation reminder `today` is due for (the smallest period entered, in days
 * before the end), unless it was already sent or a new application is in progress. A missed
 * period is not sent late.
 */
export function reaccreditationReminderOwed(
  periodUntil: string,
  today: string,
  sent: readonly number[],
  applicationInProgress: boolean,
): number | null {
  if (applicationInProgress) return null
  const days = daysBetween(today, periodUntil)
  if (days < 0) return null
  const entered = REACCREDITATION_REMINDER_DAYS.filter((d) => days <= d)
  if (!entered.length) return null
  const current = Math.min(...entered)
  return sent.includes(current) ? null : current
}
