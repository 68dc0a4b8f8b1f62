// The ePortfolio (supported) route: a practitioner with years of advanced practice but no
// accredited MSc shows, capability by capability, that they practise at advanced level. A
// supervisor they invite comments and signs off readiness; two assessors judge every capability
// of the framework's four pillars as demonstrated or not yet; the Centre moderates where the two
// disagree and decides the outcome. Pure: the services ask it before they change anything, and
// an action that is not allowed is refused with the reason, leaving the record as it was.
import type { Role } from './accounts.ts'
import type { Conflict } from './specification-lifecycle.ts'

export const EPORTFOLIO_STATES = [
  'registered',
  'building',
  'signed_off',
  'submitted',
  'assessing',
  'moderation',
  'recognised',
  'resubmit',
  'not_recognised',
  'withdrawn',
] as const
export type EportfolioState = (typeof EPORTFOLIO_STATES)[number]
export const isEportfolioState = (value: unknown): value is EportfolioState =>
  EPORTFOLIO_STATES.some((s) => s === value)

/** The route's state in words and its tag colour, for every page and e-mail (docs/vocabulary.md). */
export const EPORTFOLIO_STATE_LABELS: Record<EportfolioState, { text: string; colour: string }> = {
  registered: { text: 'Registered', colour: 'blue' },
  building: { text: 'Building the portfolio', colour: 'blue' },
  signed_off: { text: 'Signed off by supervisor', colour: 'aqua-green' },
  submitted: { text: 'Submitted', colour: 'purple' },
  assessing: { text: 'Being assessed', colour: 'purple' },
  moderation: { text: 'In moderation', colour: 'orange' },
  recognised: { text: 'Recognised', colour: 'green' },
  resubmit: { text: 'Resubmit', colour: 'yellow' },
  not_recognised: { text: 'Not recognised', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
}

/** States the route ends in: nothing more happens to it. */
export const FINAL_STATES: readonly EportfolioState[] = ['recognised', 'not_recognised', 'withdrawn']

/** States in which the practitioner may add, change or remove evidence. */
export const BUILDING_STATES: readonly EportfolioState[] = [
  'registered',
  'building',
  'signed_off',
  'resubmit',
]

/** An assessor's (or the moderator's) judgement of one capability. */
export const CAPABILITY_JUDGEMENTS = ['demonstrated', 'not_yet'] as const
export type CapabilityJudgement = (typeof CAPABILITY_JUDGEMENTS)[number]
export const CAPABILITY_JUDGEMENT_LABELS: Record<CapabilityJudgement, string> = {
  demonstrated: 'Demonstrated',
  not_yet: 'Not yet demonstrated',
}
export const isCapabilityJudgement = (value: unknown): value is CapabilityJudgement =>
  CAPABILITY_JUDGEMENTS.some((j) => j === value)

export const EPORTFOLIO_OUTCOMES = ['recognised', 'resubmit', 'not_recognised'] as const
export type EportfolioOutcome = (typeof EPORTFOLIO_OUTCOMES)[number]
/** The decision as the Centre makes it (the button) and as the practitioner reads it. */
export const EPORTFOLIO_OUTCOME_LABELS: Record<EportfolioOutcome, { decide: string; decided: string }> = {
  recognised: { decide: 'Recognise', decided: 'Recognised' },
  resubmit: { decide: 'Ask for resubmission', decided: 'Resubmit by the deadline' },
  not_recognised: { decide: 'Do not recognise', decided: 'Not recognised' },
}
export const isEportfolioOutcome = (value: unknown): value is EportfolioOutcome =>
  EPORTFOLIO_OUTCOMES.some((o) => o === value)

export const EVIDENCE_KINDS = ['document', 'reflection', 'testimonial', 'cpd_activity', 'credential'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  document: 'Document',
  reflection: 'Reflection',
  testimonial: 'Testimonial from a colleague',
  cpd_activity: 'CPD activity',
  credential: 'Credential already held',
}
export const isEvidenceKind = (value: unknown): value is EvidenceKind =>
  EVIDENCE_KINDS.some((k) => k === value)

/** A testimonial counts once the named colleague confirms it from the link e-mailed to them. */
export const TESTIMONIAL_STATES = ['awaiting_confirmation', 'confirmed'] as const
export type TestimonialState = (typeof TESTIMONIAL_STATES)[number]
export const TESTIMONIAL_STATE_LABELS: Record<TestimonialState, string> = {
  awaiting_confirmation: 'Waiting for the colleague to confirm',
  confirmed: 'Confirmed by the colleague',
}

/** What a link e-mailed by the route is for: a supervisor's invitation, or a colleague's testimonial. */
export type EportfolioTokenPurpose = 'supervisor_invitation' | 'testimonial'

export interface Actor {
  id: string
  roles: readonly Role[]
}

export interface CapabilityMark {
  judgement: CapabilityJudgement
  comment: string
}

export interface Assessment {
  assessorId: string
  /** Undeclared until the assessor declares; a declared conflict takes them off the portfolio. */
  conflict: Conflict
  /** Capability code → the assessor's judgement of it. */
  judgements: Readonly<Record<string, CapabilityMark | undefined>>
  completed: boolean
}

export interface EportfolioRecord {
  state: EportfolioState
  practitionerId: string
  supervisorId: string | null
  /** The capabilities judged, by code, in the framework's order (every capability of the four pillars). */
  capabilityCodes: readonly string[]
  /** Capabilities no evidence item is mapped to yet (from `coverage`). */
  uncovered: readonly string[]
  /** The assessments of the current submission. */
  assessments: readonly Assessment[]
  /** The moderator's judgement of each capability the assessors disagreed on. */
  moderation: Readonly<Record<string, CapabilityMark | undefined>>
  /** The day a resubmission is due, when the Centre asked for one. */
  resubmitBy: string | null
}

export type EportfolioAction =
  | { type: 'accept_supervision' }
  | { type: 'change_evidence' }
  | { type: 'sign_off' }
  | { type: 'submit'; today: string }
  | { type: 'assign_assessor'; assessorId: string }
  | { type: 'declare_conflict'; hasConflict: boolean }
  | { type: 'judge'; code: string; judgement: CapabilityJudgement; comment: string }
  | { type: 'complete_assessment' }
  | { type: 'moderate'; code: string; judgement: CapabilityJudgement; comment: string }
  | {
      type: 'decide'
      outcome: EportfolioOutcome
      today: string
      resubmitBy?: string | null
      feedback?: Readonly<Record<string, string | undefined>>
    }
  | { type: 'withdraw'; reason: string }

export type EportfolioResult = { ok: true; record: EportfolioRecord } | { ok: false; reason: string }

/** How many assessors judge a portfolio, each independently. */
export const ASSESSORS_NEEDED = 2

/** Every move the machine can make; anything else is a bug, and the property test says so. */
export const EPORTFOLIO_TRANSITIONS: ReadonlyArray<readonly [EportfolioState, EportfolioState]> = [
  ['registered', 'building'],
  ['building', 'signed_off'],
  ['signed_off', 'building'],
  ['resubmit', 'signed_off'],
  ['signed_off', 'submitted'],
  ['submitted', 'assessing'],
  ['assessing', 'moderation'],
  ['assessing', 'recognised'],
  ['assessing', 'resubmit'],
  ['assessing', 'not_recognised'],
  ['moderation', 'recognised'],
  ['moderation', 'resubmit'],
  ['moderation', 'not_recognised'],
  ...(
    ['registered', 'building', 'signed_off', 'submitted', 'assessing', 'moderation', 'resubmit'] as const
  ).map((s) => [s, 'withdrawn'] as const),
]

const refuse = (reason: string): EportfolioResult => ({ ok: false, reason })
const isAdmin = (actor: Actor) => actor.roles.includes('centre_admin')
const ok = (record: EportfolioRecord): EportfolioResult => ({ ok: true, record })

/** Assessments that count: the assessor declared no conflict. */
export function activeAssessments(record: Pick<EportfolioRecord, 'assessments'>): Assessment[] {
  return record.assessments.filter((a) => a.conflict !== 'declared')
}

/** Capabilities (by code, in order) an assessment has not judged yet. */
export function unjudged(codes: readonly string[], judgements: Assessment['judgements']): string[] {
  return codes.filter((code) => {
    const mark = judgements[code]
    return !mark || !isCapabilityJudgement(mark.judgement)
  })
}

// ---------------------------------------------------------------------------------------------
// Coverage: which capabilities have at least one evidence item mapped to them.

export interface CoverageCapability {
  code: string
  pillarCode: string
}

export interface Coverage {
  /** Capability code → how many evidence items are mapped to it. */
  counts: Record<string, number>
  covered: string[]
  /** Capabilities with no evidence yet, in the framework's order. */
  missing: string[]
  /** Per pillar, in the order the pillars come: how many of its capabilities are covered. */
  pillars: Array<{ pillarCode: string; covered: number; total: number }>
  complete: boolean
}

/**
 * What the portfolio covers: each capability with at least one evidence item that counts
 * mapped to it is covered. A mapping to a capability the framework no longer has counts for
 * nothing. The one rule for the coverage page, the supervisor's sign-off and submission.
 */
export function coverage(
  capabilities: readonly CoverageCapability[],
  mappings: ReadonlyArray<{ capabilityCode: string; counts: boolean }>,
): Coverage {
  const counts: Record<string, number> = {}
  for (const c of capabilities) counts[c.code] = 0
  for (const m of mappings) {
    const now = counts[m.capabilityCode]
    if (m.counts && now !== undefined) counts[m.capabilityCode] = now + 1
  }
  const covered = capabilities.filter((c) => (counts[c.code] ?? 0) > 0).map((c) => c.code)
  const missing = capabilities.filter((c) => (counts[c.code] ?? 0) === 0).map((c) => c.code)
  const pillars: Coverage['pillars'] = []
  for (const c of capabilities) {
    let pillar = pillars.find((p) => p.pillarCode === c.pillarCode)
    if (!pillar) {
      pillar = { pillarCode: c.pillarCode, covered: 0, total: 0 }
      pillars.push(pillar)
    }
    pillar.total++
    if ((counts[c.code] ?? 0) > 0) pillar.covered++
  }
  return { counts, covered, missing, pillars, complete: missing.length === 0 && capabilities.length > 0 }
}

// ---------------------------------------------------------------------------------------------
// The assessment verdict: whether the two assessments agree, what moderation still needs, and
// which outcomes the Centre may decide.

export type AssessmentVerdict =
  | { status: 'assessing'; completed: number }
  | { status: 'moderation'; disputed: string[]; left: string[] }
  | {
      status: 'ready'
      /** The capability judgements that stand (agreed, or as the moderator reconciled them). */
      finals: Record<string, CapabilityJudgement>
      disputed: string[]
      demonstrated: string[]
      notYet: string[]
      /** The outcomes the Centre may decide. */
      outcomes: EportfolioOutcome[]
    }

/**
 * The one verdict on a submission's assessment. Until two assessors without a conflict have
 * completed theirs, it is still being assessed; where they disagree on any capability it needs
 * moderation until the moderator has judged each capability in dispute; then every capability
 * has one final judgement. Recognition needs every capability demonstrated; otherwise the
 * Centre asks for a resubmission or does not recognise.
 */
export function assessmentVerdict(
  codes: readonly string[],
  assessments: readonly Assessment[],
  moderation: Readonly<Record<string, CapabilityMark | undefined>>,
): AssessmentVerdict {
  const done = activeAssessments({ assessments }).filter(
    (a) => a.completed && !unjudged(codes, a.judgements).length,
  )
  const [first, second] = done
  if (!first || !second) return { status: 'assessing', completed: done.length }
  const disputed = codes.filter((c) => first.judgements[c]?.judgement !== second.judgements[c]?.judgement)
  const left = disputed.filter((c) => !isCapabilityJudgement(moderation[c]?.judgement))
  if (left.length) return { status: 'moderation', disputed, left }
  const finals: Record<string, CapabilityJudgement> = {}
  for (const c of codes) {
    const agreed = first.judgements[c]?.judgement
    finals[c] = (disputed.includes(c) ? moderation[c]?.judgement : agreed) ?? 'not_yet'
  }
  const demonstrated = codes.filter((c) => finals[c] === 'demonstrated')
  const notYet = codes.filter((c) => finals[c] === 'not_yet')
  const outcomes: EportfolioOutcome[] = notYet.length ? ['resubmit', 'not_recognised'] : ['recognised']
  return { status: 'ready', finals, disputed, demonstrated, notYet, outcomes }
}

// ---------------------------------------------------------------------------------------------
// The state machine.

export function applyEportfolio(
  record: EportfolioRecord,
  actor: Actor,
  action: EportfolioAction,
): EportfolioResult {
  const isPractitioner = actor.id === record.practitionerId
  if (FINAL_STATES.includes(record.state)) {
    return refuse(
      `This portfolio is ${EPORTFOLIO_STATE_LABELS[record.state].text.toLowerCase()}, so nothing more can be done to it`,
    )
  }
  switch (action.type) {
    case 'accept_supervision': {
      if (isPractitioner) return refuse('You cannot supervise your own portfolio')
      if (!BUILDING_STATES.includes(record.state)) {
        return refuse('A supervisor can only join a portfolio that is still being built')
      }
      if (record.assessments.some((a) => a.assessorId === actor.id)) {
        return refuse('An assessor of this portfolio cannot supervise it')
      }
      const state = record.state === 'registered' ? 'building' : record.state
      return ok({ ...record, supervisorId: actor.id, state })
    }

    case 'change_evidence': {
      if (!isPractitioner) return refuse('Only the practitioner changes the evidence in their portfolio')
      if (!BUILDING_STATES.includes(record.state)) return refuse('The portfolio has been submitted')
      // Changing what the supervisor signed off takes the sign-off back.
      return ok({ ...record, state: record.state === 'signed_off' ? 'building' : record.state })
    }

    case 'sign_off': {
      if (record.supervisorId === null || actor.id !== record.supervisorId) {
        return refuse('Only the practitioner’s supervisor signs off the portfolio')
      }
      if (record.state !== 'building' && record.state !== 'resubmit') {
        return refuse(
          record.state === 'signed_off'
            ? 'You have already signed off this portfolio'
            : 'Only a portfolio being built can be signed off',
        )
      }
      if (record.uncovered.length) {
        return refuse(`Every capability needs evidence before sign-off (${record.uncovered.length} without)`)
      }
      return ok({ ...record, state: 'signed_off' })
    }

    case 'submit': {
      if (!isPractitioner) return refuse('Only the practitioner submits their portfolio')
      if (record.state !== 'signed_off')
        return refuse('Your supervisor must sign off the portfolio before you submit it')
      if (record.uncovered.length) {
        return refuse(
          `Every capability needs evidence before you submit (${record.uncovered.length} without)`,
        )
      }
      if (record.resubmitBy !== null && action.today > record.resubmitBy) {
        return refuse('The deadline for resubmission has passed: ask the Centre for an extension')
      }
      return ok({ ...record, state: 'submitted', assessments: [], moderation: {} })
    }

    case 'assign_assessor': {
      if (!isAdmin(actor)) return refuse('Only Centre admins assign assessors')
      if (record.state !== 'submitted' && record.state !== 'assessing') {
        return refuse('Assessors can only be assigned to a submitted portfolio')
      }
      if (action.assessorId === record.practitionerId)
        return refuse('A practitioner cannot assess their own portfolio')
      if (action.assessorId === record.supervisorId)
        return refuse('The supervisor cannot assess the portfolio')
      if (record.assessments.some((a) => a.assessorId === action.assessorId)) {
        return refuse('This assessor is already assigned')
      }
      if (activeAssessments(record).length >= ASSESSORS_NEEDED) {
        return refuse(`The portfolio already has ${ASSESSORS_NEEDED} assessors`)
      }
      const assessment: Assessment = {
        assessorId: action.assessorId,
        conflict: 'undeclared',
        judgements: {},
        completed: false,
      }
      return ok({ ...record, state: 'assessing', assessments: [...record.assessments, assessment] })
    }

    case 'declare_conflict':
    case 'judge':
    case 'complete_assessment': {
      const index = record.assessments.findIndex((a) => a.assessorId === actor.id)
      const assessment = record.assessments[index]
      if (!assessment) return refuse('You are not an assessor of this portfolio')
      if (record.state !== 'assessing') return refuse('This portfolio is not being assessed')
      let next: Assessment
      if (action.type === 'declare_conflict') {
        if (assessment.conflict !== 'undeclared') return refuse('You have already declared your interests')
        next = { ...assessment, conflict: action.hasConflict ? 'declared' : 'none' }
      } else if (assessment.conflict !== 'none') {
        return refuse(
          assessment.conflict === 'declared'
            ? 'You declared a conflict of interest, so you cannot assess this portfolio'
            : 'Declare any conflicts of interest before you assess',
        )
      } else if (assessment.completed) {
        return refuse('You have already completed your assessment')
      } else if (action.type === 'judge') {
        if (!record.capabilityCodes.includes(action.code)) return refuse('There is no such capability')
        if (action.judgement === 'not_yet' && !action.comment.trim()) {
          return refuse('Say what is not yet demonstrated')
        }
        next = {
          ...assessment,
          judgements: {
            ...assessment.judgements,
            [action.code]: { judgement: action.judgement, comment: action.comment.trim() },
          },
        }
      } else {
        const left = unjudged(record.capabilityCodes, assessment.judgements).length
        if (left) return refuse(`Judge every capability before you complete your assessment (${left} left)`)
        next = { ...assessment, completed: true }
      }
      const assessments = [...record.assessments]
      assessments[index] = next
      const verdict = assessmentVerdict(record.capabilityCodes, assessments, record.moderation)
      return ok({
        ...record,
        assessments,
        state: verdict.status === 'moderation' ? 'moderation' : record.state,
      })
    }

    case 'moderate': {
      if (!isAdmin(actor)) return refuse('Only Centre admins moderate assessments')
      if (record.assessments.some((a) => a.assessorId === actor.id)) {
        return refuse('An assessor of this portfolio cannot moderate it')
      }
      if (record.state !== 'moderation') return refuse('This portfolio is not in moderation')
      const verdict = assessmentVerdict(record.capabilityCodes, record.assessments, {})
      if (verdict.status !== 'moderation' || !verdict.disputed.includes(action.code)) {
        return refuse('The assessors agreed on this capability, so it needs no moderation')
      }
      if (!action.comment.trim()) return refuse('Give the reason for the moderated judgement')
      return ok({
        ...record,
        moderation: {
          ...record.moderation,
          [action.code]: { judgement: action.judgement, comment: action.comment.trim() },
        },
      })
    }

    case 'decide': {
      if (!isAdmin(actor)) return refuse('Only Centre admins decide the outcome')
      if (actor.id === record.practitionerId || actor.id === record.supervisorId) {
        return refuse('You cannot decide the outcome of a portfolio you built or supervised')
      }
      if (record.state !== 'assessing' && record.state !== 'moderation') {
        return refuse('Only an assessed portfolio can be decided')
      }
      const verdict = assessmentVerdict(record.capabilityCodes, record.assessments, record.moderation)
      if (verdict.status === 'assessing') {
        return refuse(
          `The outcome needs ${ASSESSORS_NEEDED} completed assessments (${verdict.completed} so far)`,
        )
      }
      if (verdict.status === 'moderation') {
        return refuse(
          `Moderate every capability the assessors disagree on first (${verdict.left.length} left)`,
        )
      }
      if (!verdict.outcomes.includes(action.outcome)) {
        return refuse(
          action.outcome === 'recognised'
            ? 'Recognition needs every capability demonstrated'
            : 'Every capability is demonstrated, so the portfolio is recognised',
        )
      }
      if (action.outcome === 'resubmit') {
        const by = action.resubmitBy ?? null
        if (by === null || by <= action.today) return refuse('Enter a resubmission deadline after today')
        const missing = verdict.notYet.filter((c) => !action.feedback?.[c]?.trim())
        if (missing.length)
          return refuse(`Give feedback on every capability not yet demonstrated (${missing.join(', ')})`)
        return ok({ ...record, state: 'resubmit', resubmitBy: by })
      }
      return ok({ ...record, state: action.outcome })
    }

    case 'withdraw': {
      if (!isPractitioner && !isAdmin(actor))
        return refuse('Only the practitioner or the Centre withdraws a portfolio')
      if (!action.reason.trim()) return refuse('Enter why the portfolio is withdrawn')
      return ok({ ...record, state: 'withdrawn' })
    }
  }
}

/** A new registration for the route. */
export function newEportfolio(practitionerId: string, capabilityCodes: readonly string[]): EportfolioRecord {
  return {
    state: 'registered',
    practitionerId,
    supervisorId: null,
    capabilityCodes,
    uncovered: capabilityCodes,
    assessments: [],
    moderation: {},
    resubmitBy: null,
  }
}

// ---------------------------------------------------------------------------------------------
// Deadlines: each step is due some time after it starts, as a day in Europe/London.

/** What each step's deadline asks for, and how long it has. The resubmission's deadline is the Centre's. */
export const STEP_DEADLINES: Partial<
  Record<EportfolioState, { days?: number; months?: number; what: string }>
> = {
  registered: { days: 28, what: 'A supervisor to accept the invitation' },
  building: { months: 12, what: 'The supervisor to sign off the portfolio' },
  signed_off: { days: 28, what: 'The practitioner to submit the portfolio' },
  submitted: { days: 14, what: 'The Centre to assign two assessors' },
  assessing: { days: 42, what: 'Both assessors to complete their assessments' },
  moderation: { days: 21, what: 'The Centre to moderate the disagreements' },
}

const DAY_MS = 86_400_000

/** The day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The same day `months` later, or that month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonthsToDay(day: string, months: number): string {
  const [year = NaN, month = NaN, date = NaN] = day.split('-').map(Number)
  const target = new Date(Date.UTC(year, month - 1 + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(date, lastDay))
  return target.toISOString().slice(0, 10)
}

/**
 * The day the current step is due: from the day (in London) the step started, the step's
 * allowance; for a resubmission, the Centre's deadline. An extension the Centre granted moves
 * it later, never earlier. Null when the route has ended.
 */
export function stepDueOn(
  state: EportfolioState,
  startedOn: string,
  resubmitBy: string | null,
  extendedTo: string | null,
): string | null {
  let due: string | null = null
  if (state === 'resubmit') due = resubmitBy
  else {
    const step = STEP_DEADLINES[state]
    if (step) due = step.months ? addMonthsToDay(startedOn, step.months) : addDays(startedOn, step.days ?? 0)
  }
  if (due === null) return null
  return extendedTo !== null && extendedTo > due ? extendedTo : due
}

/** Who must act at each step: the practitioner asks for extensions of their own steps only. */
export const PRACTITIONER_STEPS: readonly EportfolioState[] = [
  'registered',
  'building',
  'signed_off',
  'resubmit',
]

export type StepUrgency = 'overdue' | 'due_soon' | 'on_track'
export const STEP_URGENCY_LABELS: Record<StepUrgency, { text: string; colour: string }> = {
  overdue: { text: 'Overdue', colour: 'red' },
  due_soon: { text: 'Due soon', colour: 'yellow' },
  on_track: { text: 'On track', colour: 'green' },
}

/** Reminders go out this many days before a step falls due, and on the day. */
export const STEP_REMINDER_DAYS = [14, 3, 0] as const

export function stepUrgency(dueOn: string, today: string): StepUrgency {
  if (dueOn < today) return 'overdue'
  return addDays(today, STEP_REMINDER_DAYS[0]) >= dueOn ? 'due_soon' : 'on_track'
}

/**
 * The reminder owed on `today` for a step due on `dueOn`: the days before it falls due of the
 * latest reminder whose day has come (14, 3, or 0 on the day), or null before the first and
 * after the day. A run that missed a day sends only the latest, never a backlog.
 */
export function stepReminderDue(dueOn: string, today: string): number | null {
  if (today > dueOn) return null
  const entered = STEP_REMINDER_DAYS.filter((d) => addDays(dueOn, -d) <= today)
  return entered.length ? Math.min(...entered) : null
}

export const EXTENSION_STATES = ['requested', 'granted', 'refused'] as const
export type ExtensionState = (typeof EXTENSION_STATES)[number]
export const EXTENSION_STATE_LABELS: Record<ExtensionState, { text: string; colour: string }> = {
  requested: { text: 'Requested', colour: 'blue' },
  granted: { text: 'Granted', colour: 'green' },
  refused: { text: 'Refused', colour: 'red' },
}

/** Why an extension request cannot be made, or null: only for the practitioner's own steps, to a later day. */
export function extensionProblem(
  state: EportfolioState,
  dueOn: string | null,
  until: string,
  today: string,
): string | null {
  if (!PRACTITIONER_STEPS.includes(state) || dueOn === null) {
    return 'An extension can only be asked for while you are building or resubmitting your portfolio'
  }
  if (until <= dueOn) return 'Ask for a day after the current deadline'
  if (until <= today) return 'Ask for a day in the future'
  if (until > addMonthsToDay(dueOn, 6)) return 'An extension can be at most 6 months'
  return null
}
