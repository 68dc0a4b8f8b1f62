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
