// Consultations: the Centre asks stakeholders about a document (its approach, the implementation
// plan) or a draft version of a credential specification, reads what they said, and publishes
// what it heard and what it changed ("you said, we did"). The words of each state and the one
// rule for where a consultation stands live here.
import { londonDay } from './dates.ts'

/** What is consulted on: a free-standing document, or one draft version of a specification. */
export const CONSULTATION_SUBJECTS = ['document', 'specification'] as const
export type ConsultationSubject = (typeof CONSULTATION_SUBJECTS)[number]

/** Drafted by the Centre, then published (announced); open and closed follow from its dates. */
export const CONSULTATION_STATES = ['draft', 'published'] as const
export type ConsultationState = (typeof CONSULTATION_STATES)[number]

export const QUESTION_KINDS = ['text', 'single', 'multiple', 'agreement'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  text: 'Free text',
  single: 'Choose one',
  multiple: 'Choose any',
  agreement: 'Agreement scale',
}

/** The five points of every agreement question, in order. */
export const AGREEMENT_SCALE = [
  'Strongly agree',
  'Agree',
  'Neither agree nor disagree',
  'Disagree',
  'Strongly disagree',
] as const

/** In what capacity someone responds. */
export const CAPACITIES = [
  'practitioner',
  'employer',
  'education_provider',
  'patient_or_public',
  'professional_body',
  'other',
] as const
export type Capacity = (typeof CAPACITIES)[number]

export const CAPACITY_LABELS: Record<Capacity, string> = {
  practitioner: 'Practitioner',
  employer: 'Employer',
  education_provider: 'Education provider',
  patient_or_public: 'Patient or member of the public',
  professional_body: 'Professional body',
  other: 'Other',
}

/** What a respondent lets the Centre publish with their words. */
export const PUBLICATION_CHOICES = ['named', 'organisation', 'anonymous'] as const
export type PublicationChoice = (typeof PUBLICATION_CHOICES)[number]

export const PUBLICATION_LABELS: Record<PublicationChoice, string> = {
  named: 'With my name and organisation',
  organisation: 'With my organisation only',
  anonymous: 'Anonymously',
}

/** Where a consultation stands at a moment; the one rule every page and job asks. */
export type ConsultationPhase = 'draft' | 'upcoming' | 'open' | 'closed' | 'outcome_published'

export const PHASE_LABELS: Record<ConsultationPhase, string> = {
  draft: 'Draft',
  upcoming: 'Opens soon',
  open: 'Open',
  closed: 'Closed',
  outcome_published: 'Outcome published',
}

/** The colour of each phase's tag (nhsuk-tag--<colour>), wherever a phase is shown. */
export const PHASE_COLOURS: Record<ConsultationPhase, string> = {
  draft: 'grey',
  upcoming: 'blue',
  open: 'green',
  closed: 'orange',
  outcome_published: 'purple',
}

export interface ConsultationDates {
  state: ConsultationState
  /** London calendar days (YYYY-MM-DD): open from the start of the first to the end of the last. */
  opensOn: string
  closesOn: string
  outcomePublishedAt: Date | null
}

/**
 * A published consultation is open from the start of its opening day to the end of its
 * closing day, both in London; after that it is closed until its outcome is published.
 */
export function consultationPhase(consultation: ConsultationDates, now: Date): ConsultationPhase {
  if (consultation.state === 'draft') return 'draft'
  if (consultation.outcomePublishedAt !== null) return 'outcome_published'
  const today = londonDay(now)
  if (today < consultation.opensOn) return 'upcoming'
  if (today <= consultation.closesOn) return 'open'
  return 'closed'
}

/** What a link e-mailed to a respondent who is not signed in does. */
export type ResponseTokenPurpose = 'confirm' | 'edit'

/** How long a confirmation link works (never past the close: see responseLinkExpiry). */
export const CONFIRMATION_LINK_HOURS = 24

/** The states of a specification version that may be consulted on: not yet decided. */
export const CONSULTABLE_VERSION_STATES = [
  'draft',
  'submitted',
  'under_review',
  'revise_and_resubmit',
] as const

const DAY_MS = 24 * 60 * 60 * 1000

/** The day after a London calendar day (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/**
 * The instant a consultation closes: the end of its closing day in London, which is midnight
 * UTC (GMT) or 23:00 UTC the evening before (BST).
 */
export function closesAt(closesOn: string): Date {
  const next = nextDay(closesOn)
  const midnightUtc = Date.parse(`${next}T00:00:00Z`)
  for (const offsetHours of [1, 0]) {
    const at = midnightUtc - offsetHours * 60 * 60 * 1000
    if (londonDay(new Date(at)) === next && londonDay(new Date(at - 1)) === closesOn) return new Date(at)
  }
  return new Date(midnightUtc)
}

/** When a link e-mailed at `now` stops working: confirmation after a day, editing at the close; never after the close. */
export function responseLinkExpiry(purpose: ResponseTokenPurpose, closesOn: string, now: Date): Date {
  const close = closesAt(closesOn)
  if (purpose === 'edit') return close
  const day = new Date(now.getTime() + CONFIRMATION_LINK_HOURS * 60 * 60 * 1000)
  return day < close ? day : close
}

/**
 * What may change once a consultation is published. Its dates, questions and what it consults
 * on are what people respond to, so they stay as announced; only the close may move later
 * (never earlier, which would cut short someone's time to respond).
 */
export function closeDateChangeProblem(
  consultation: { state: ConsultationState; closesOn: string },
  newClosesOn: string,
  today: string,
): string | null {
  if (consultation.state === 'draft') return 'A draft consultation’s dates are changed with its other details'
  if (newClosesOn <= consultation.closesOn) return 'The new closing date must be after the current one'
  if (newClosesOn < today) return 'The new closing date must be today or in the future'
  return null
}

export const MAX_QUESTION_OPTIONS = 20

/** A question as a respondent answers it. */
export interface QuestionRule {
  position: number
  kind: QuestionKind
  prompt: string
  required: boolean
  options: readonly string[]
}

/** The choices a question offers: its own options, or the agreement scale. */
export function questionChoices(question: Pick<QuestionRule, 'kind' | 'options'>): readonly string[] {
  if (question.kind === 'agreement') return AGREEMENT_SCALE
  if (question.kind === 'single' || question.kind === 'multiple') return question.options
  return []
}

/** An answer as sent: free text, or the choices ticked. */
export interface AnswerInput {
  text: string
  choices: readonly string[]
}

export const MAX_ANSWER_LENGTH = 10_000

/** What is wrong with an answer to a question, in the words of the NHS error messages; null when nothing. */
export function answerProblem(question: QuestionRule, answer: AnswerInput): string | null {
  const n = question.position
  if (question.kind === 'text') {
    if (!answer.text && question.required) return `Enter your answer to question ${n}`
    if (answer.text.length > MAX_ANSWER_LENGTH)
      return `Your answer to question ${n} must be 10,000 characters or fewer`
    return null
  }
  const allowed = questionChoices(question)
  if (answer.choices.some((c) => !allowed.includes(c)))
    return `Select ${question.kind === 'multiple' ? 'answers' : 'an answer'} to question ${n} from the list`
  if (question.kind !== 'multiple' && answer.choices.length > 1) return `Select one answer to question ${n}`
  if (question.required && answer.choices.length === 0)
    return question.kind === 'multiple'
      ? `Select at least one answer to question ${n}`
      : `Select an answer to question ${n}`
  return null
}
