// Education providers and their deliveries of endorsed credentials: the vocabulary, the
// UK Provider Reference Number, the delivery lifecycle and the yearly quality return.
// Pure rules: no I/O. Services ask these before they change anything.
import { accreditedOn, type AccreditationTerm } from './programme-accreditation.ts'

export const PROVIDER_KINDS = ['university', 'employer', 'professional_body', 'other'] as const
export type ProviderKind = (typeof PROVIDER_KINDS)[number]
export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  university: 'University',
  employer: 'Employer',
  professional_body: 'Professional body',
  other: 'Other',
}

/** NHS England's seven regions. */
export const REGIONS = [
  'east_of_england',
  'london',
  'midlands',
  'north_east_and_yorkshire',
  'north_west',
  'south_east',
  'south_west',
] as const
export type Region = (typeof REGIONS)[number]
export const REGION_LABELS: Record<Region, string> = {
  east_of_england: 'East of England',
  london: 'London',
  midlands: 'Midlands',
  north_east_and_yorkshire: 'North East and Yorkshire',
  north_west: 'North West',
  south_east: 'South East',
  south_west: 'South West',
}

/** The longest a provider's name, or a programme's title, may be. */
export const MAX_NAME = 200

export const isOneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  values.some((v) => v === value)

/** A region as people read it; a value that is not one of REGIONS is shown as it is. */
export const regionLabel = (region: string | null): string | null =>
  region ? (isOneOf(REGIONS, region) ? REGION_LABELS[region] : region) : null

/**
 * A UK Provider Reference Number as the UK Register of Learning Providers gives them: eight
 * digits, the first a 1. Spaces people type are ignored. Returns the normalised number, or
 * the reason it cannot be one.
 */
export function parseUkprn(input: string): { ukprn: string } | { error: string } {
  const value = input.replace(/\s+/g, '')
  if (!/^\d+$/.test(value)) return { error: 'UK Provider Reference Number must only include numbers' }
  if (value.length !== 8) return { error: 'UK Provider Reference Number must be 8 digits' }
  if (!value.startsWith('1')) return { error: 'UK Provider Reference Number must start with 1' }
  return { ukprn: value }
}

/**
 * What a provider declared of its own programme before the Centre accredited programmes
 * (src/domain/programme-accreditation.ts). Kept and shown as declared, not confirmed by the
 * Centre; it no longer counts for eligibility, and providers no longer change it.
 */
export const ACCREDITATION_STATUSES = [
  'accredited',
  'accredited_with_conditions',
  'lapsed',
  'withdrawn',
] as const
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number]
export const ACCREDITATION_LABELS: Record<AccreditationStatus, string> = {
  accredited: 'Accredited',
  accredited_with_conditions: 'Accredited with conditions',
  lapsed: 'Accreditation lapsed',
  withdrawn: 'Accreditation withdrawn',
}

/** Whether a provider's declaration said the programme was accredited (it is not confirmed). */
export const declaredAccredited = (status: AccreditationStatus | null): boolean =>
  status === 'accredited' || status === 'accredited_with_conditions'

// ---------------------------------------------------------------------------------------
// Deliveries

export const DELIVERY_MODES = ['face_to_face', 'online', 'blended', 'work_based'] as const
export type DeliveryMode = (typeof DELIVERY_MODES)[number]
export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  face_to_face: 'Face to face',
  online: 'Online',
  blended: 'Blended (face to face and online)',
  work_based: 'Work-based',
}

export const DELIVERY_STATES = [
  'applied',
  'approved',
  'approved_with_conditions',
  'declined',
  'suspended',
  'withdrawn',
] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  applied: 'Waiting for a decision',
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  declined: 'Declined',
  suspended: 'Suspended',
  withdrawn: 'Withdrawn',
}

export type DeliveryAction =
  'approve' | 'approve_with_conditions' | 'decline' | 'suspend' | 'reinstate' | 'withdraw'

/** Who takes an action on a delivery: the Centre, or the provider that delivers it. */
export type DeliveryActor = 'centre_admin' | 'provider_admin'

const DELIVERY_TRANSITIONS: Record<
  DeliveryAction,
  { from: readonly DeliveryState[]; to: DeliveryState; by: readonly DeliveryActor[] }
> = {
  approve: { from: ['applied'], to: 'approved', by: ['centre_admin'] },
  approve_with_conditions: { from: ['applied'], to: 'approved_with_conditions', by: ['centre_admin'] },
  decline: { from: ['applied'], to: 'declined', by: ['centre_admin'] },
  suspend: { from: ['approved', 'approved_with_conditions'], to: 'suspended', by: ['centre_admin'] },
  // Reinstating returns to approved: any conditions stay on record with the delivery.
  reinstate: { from: ['suspended'], to: 'approved', by: ['centre_admin'] },
  withdraw: {
    from: ['applied', 'approved', 'approved_with_conditions'],
    to: 'withdrawn',
    by: ['provider_admin'],
  },
}

const ACTION_WORDS: Record<DeliveryAction, string> = {
  approve: 'approved',
  approve_with_conditions: 'approved with conditions',
  decline: 'declined',
  suspend: 'suspended',
  reinstate: 'reinstated',
  withdraw: 'withdrawn',
}

/** The state an action leads to, or why it cannot be taken now by this actor. */
export function nextDeliveryState(
  state: DeliveryState,
  action: DeliveryAction,
  actor: DeliveryActor,
): { state: DeliveryState } | { refused: string } {
  const rule = DELIVERY_TRANSITIONS[action]
  if (!rule.by.includes(actor))
    return {
      refused:
        actor === 'provider_admin'
          ? `Only the Centre can say a delivery is ${ACTION_WORDS[action]}`
          : `Only the provider can say its delivery is ${ACTION_WORDS[action]}`,
    }
  if (!rule.from.includes(state))
    return {
      refused: `A delivery that is ${DELIVERY_STATE_LABELS[state].toLowerCase()} cannot be ${ACTION_WORDS[action]}`,
    }
  return { state: rule.to }
}

/** Approved deliveries, with or without conditions, may register learners and make awards. */
export const canAward = (state: DeliveryState): boolean =>
  state === 'approved' || state === 'approved_with_conditions'

/** Deliveries the public credential page lists: approved to deliver now. */
export const isListedDelivery = canAward

// ---------------------------------------------------------------------------------------
// Quality returns

export const RETURN_STATES = ['due', 'submitted', 'accepted', 'concern_raised'] as const
export type ReturnState = (typeof RETURN_STATES)[number]
export const RETURN_STATE_LABELS: Record<ReturnState, string> = {
  due: 'Due',
  submitted: 'Submitted, waiting for the Centre',
  accepted: 'Accepted',
  concern_raised: 'Concern raised',
}

/** Days before a return is due that its provider is reminded. */
export const RETURN_REMINDER_DAYS = [30, 7] as const

function addYears(isoDate: string, years: number): string {
  const [y = NaN, m = NaN, d = NaN] = isoDate.split('-').map(Number)
  // 29 February falls back to 28 February in a year without one.
  const date = new Date(Date.UTC(y + years, m - 1, d))
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0)
  return date.toISOString().slice(0, 10)
}

/**
 * The return for year n of a delivery (n = 1 for its first year) is due on the nth
 * anniversary of its start date: it covers the year that has just ended.
 */
export function returnDueOn(startDate: string, year: number): string {
  return addYears(startDate, year)
}

/**
 * The reminder period `today` is in (the smallest one it has entered), unless that reminder
 * was already sent. A period that was missed is not sent late: once the 7-day reminder has
 * gone, a 30-day one would tell the provider something less urgent and out of date.
 */
export function returnReminderOwed(dueOn: string, today: string, sent: readonly number[]): number | null {
  const days = Math.round((Date.parse(dueOn) - Date.parse(today)) / 86_400_000)
  if (days < 0) return null
  const entered = RETURN_REMINDER_DAYS.filter((d) => days <= d)
  if (!entered.length) return null
  const current = Math.min(...entered)
  return sent.includes(current) ? null : current
}

export type ReturnDecision = 'accept' | 'raise_concern'

export function nextReturnState(
  state: ReturnState,
  action: 'submit' | ReturnDecision,
): { state: ReturnState } | { refused: string } {
  if (action === 'submit')
    return state === 'due' || state === 'concern_raised'
      ? { state: 'submitted' }
      : { refused: `A return that is ${RETURN_STATE_LABELS[state].toLowerCase()} cannot be submitted` }
  if (state !== 'submitted') return { refused: 'Only a submitted return can be accepted or questioned' }
  return { state: action === 'accept' ? 'accepted' : 'concern_raised' }
}

// ---------------------------------------------------------------------------------------
// Learners, eligibility and awards

export const ELIGIBILITY_BASES = ['enrolled_msc', 'holds_msc', 'equivalence'] as const
export type EligibilityBasis = (typeof ELIGIBILITY_BASES)[number]
export const ELIGIBILITY_LABELS: Record<EligibilityBasis, string> = {
  enrolled_msc: "Enrolled on one of the provider's accredited advanced-practice MSc programmes",
  holds_msc: 'Holds an advanced-practice MSc',
  equivalence: 'Educational equivalence, with evidence',
}

export interface Eligibility {
  basis: EligibilityBasis | null
  programmeId: string | null
  mscInstitution: string | null
  mscYear: number | null
  equivalenceFileId: string | null
}

/**
 * What stops an award on this basis, in plain words; empty when nothing does. The programme
 * must be one of the awarding provider's and accredited by the Centre on the award date (its
 * decisions, read by accreditedOn in programme-accreditation.ts; a provider's own declaration
 * does not count).
 */
export function eligibilityGaps(
  eligibility: Eligibility,
  context: {
    awardedOn: string
    programmes: ReadonlyArray<{ id: string; accreditations: readonly AccreditationTerm[] }>
    thisYear: number
  },
): string[] {
  switch (eligibility.basis) {
    case null:
      return ['Record the basis of the learner’s eligibility before awarding the credential']
    case 'enrolled_msc': {
      if (!eligibility.programmeId) return ['Select the accredited MSc programme the learner is enrolled on']
      const programme = context.programmes.find((p) => p.id === eligibility.programmeId)
      if (!programme) return ['The programme is not one of this provider’s']
      return accreditedOn(programme.accreditations, context.awardedOn)
        ? []
        : ['The learner’s MSc programme was not accredited by the Centre on the award date']
    }
    case 'holds_msc': {
      const gaps: string[] = []
      if (!eligibility.mscInstitution?.trim()) gaps.push('Enter the institution that awarded the MSc')
      if (eligibility.mscYear === null) gaps.push('Enter the year the MSc was awarded')
      else if (eligibility.mscYear < 1950 || eligibility.mscYear > context.thisYear)
        gaps.push(`Year the MSc was awarded must be between 1950 and ${context.thisYear}`)
      return gaps
    }
    case 'equivalence':
      return eligibility.equivalenceFileId ? [] : ['Upload the evidence of educational equivalence']
  }
}

export const AWARD_STATUSES = ['active', 'suspended', 'revoked'] as const
export type AwardStatus = (typeof AWARD_STATUSES)[number]
export const isAwardStatus = (value: string): value is AwardStatus => isOneOf(AWARD_STATUSES, value)
/**
 * An award's status in words, the same wherever a person reads it (pages, e-mails, PDFs, CSV
 * files): "Awarded" rather than "Active" or "In force", which are the database's and
 * lawyers' words. docs/vocabulary.md lists every entity's words.
 */
export const AWARD_STATUS_LABELS: Record<AwardStatus, string> = {
  active: 'Awarded',
  suspended: 'Suspended',
  revoked: 'Revoked',
}
/** The NHS tag colour of each status: green is good to rely on, orange for now not, red never. */
export const AWARD_STATUS_COLOURS: Record<AwardStatus, 'green' | 'orange' | 'red'> = {
  active: 'green',
  suspended: 'orange',
  revoked: 'red',
}

export const AWARD_ACTIONS = ['suspend', 'reinstate', 'revoke'] as const
export type AwardAction = (typeof AWARD_ACTIONS)[number]

/**
 * The public category of the reason an award was suspended or revoked: what anyone checking
 * the award may be told, with the date. The provider's own words stay private to the provider,
 * the Centre and the learner.
 */
export const AWARD_STATUS_REASONS = [
  'issued_in_error',
  'withdrawn_by_provider',
  'under_investigation',
  'academic_misconduct',
  'regulatory_action',
  'requested_by_holder',
] as const
export type AwardStatusReason = (typeof AWARD_STATUS_REASONS)[number]
export const AWARD_STATUS_REASON_LABELS: Record<AwardStatusReason, string> = {
  issued_in_error: 'Issued in error',
  withdrawn_by_provider: 'Withdrawn by the provider',
  under_investigation: 'Under investigation',
  academic_misconduct: 'Academic misconduct',
  regulatory_action: 'Action by the holder’s professional regulator',
  requested_by_holder: 'Requested by the holder',
}

/** Suspending and revoking need a public reason category; reinstating does not. */
export const needsReasonCategory = (action: AwardAction): boolean => action !== 'reinstate'

/** Revoking is final; a suspension can be lifted. */
export function nextAwardStatus(
  status: AwardStatus,
  action: AwardAction,
): { status: AwardStatus } | { refused: string } {
  if (status === 'revoked') return { refused: 'A revoked award cannot be changed' }
  if (action === 'revoke') return { status: 'revoked' }
  if (action === 'suspend')
    return status === 'active' ? { status: 'suspended' } : { refused: 'The award is already suspended' }
  return status === 'suspended'
    ? { status: 'active' }
    : { refused: 'Only a suspended award can be reinstated' }
}
