// The lifecycle of one version of a credential specification, from draft to publication,
// as a pure state machine: each action names who may take it and what it needs, and an
// action that is not allowed is refused with the reason, leaving the record as it was.
// (Groundwork for the approval and assurance process; proposals, periodic review and
// recognition build on the same pattern.)
import type { Role } from './accounts.ts'

export const VERSION_STATES = [
  'draft',
  'submitted',
  'under_review',
  'revise_and_resubmit',
  'not_endorsed',
  'published',
  'superseded',
  'withdrawn',
] as const
export type VersionState = (typeof VERSION_STATES)[number]

/**
 * A version's state in words and its tag colour, for every page that shows a version in the
 * process (docs/vocabulary.md). The public pages, which show only published versions, call the
 * newest "Current" beside "Superseded" (src/web/publication/routes.ts).
 */
export const VERSION_STATE_LABELS: Record<VersionState, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'blue' },
  submitted: { text: 'Submitted', colour: 'purple' },
  under_review: { text: 'Under review', colour: 'purple' },
  revise_and_resubmit: { text: 'Revise and resubmit', colour: 'orange' },
  not_endorsed: { text: 'Not endorsed', colour: 'red' },
  published: { text: 'Published', colour: 'green' },
  superseded: { text: 'Superseded', colour: 'grey' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
}

export type Judgement = 'met' | 'partly_met' | 'not_met'
export type Recommendation = 'endorse' | 'endorse_with_conditions' | 'revise_and_resubmit' | 'not_endorsed'
export type Decision = Recommendation
/** A specification is written by the Centre's process; a recognition is another body's, assessed. */
export type VersionKind = 'specification' | 'recognition'
/** A reviewer's declaration of interests: undeclared until they make it. */
export type Conflict = 'undeclared' | 'none' | 'declared'

export interface Review {
  reviewerId: string
  /** Undeclared until the reviewer declares; a declared conflict blocks the assignment. */
  conflict: Conflict
  /** One entry per endorsement criterion, in the order of the criteria version. */
  judgements: Array<Judgement | null>
  recommendation: Recommendation | null
}

export interface VersionRecord {
  state: VersionState
  authorId: string
  /** What submission still needs, in plain words; empty when the draft is complete. */
  missing: readonly string[]
  /** How many endorsement criteria the version is judged against (a versioned criteria set). */
  criteriaCount: number
  reviews: Review[]
  decision: { outcome: Decision; conditions: string | null } | null
}

export interface Actor {
  id: string
  roles: readonly Role[]
}

export type Action =
  | { type: 'submit' }
  | { type: 'assign_reviewer'; reviewerId: string }
  | { type: 'declare_conflict'; hasConflict: boolean }
  | { type: 'judge'; criterion: number; judgement: Judgement }
  | { type: 'recommend'; recommendation: Recommendation }
  | { type: 'decide'; outcome: Decision; conditions?: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'supersede' }

export type Outcome = { ok: true; record: VersionRecord } | { ok: false; reason: string }

export const MIN_REVIEWERS = 2

/** Every move the machine can make; anything else is a bug, and the property test says so. */
export const TRANSITIONS: ReadonlyArray<readonly [VersionState, VersionState]> = [
  ['draft', 'submitted'],
  ['submitted', 'under_review'],
  ['under_review', 'published'],
  ['under_review', 'revise_and_resubmit'],
  ['under_review', 'not_endorsed'],
  ['published', 'superseded'],
  ['published', 'withdrawn'],
]

const refuse = (reason: string): Outcome => ({ ok: false, reason })
const isAdmin = (actor: Actor) => actor.roles.includes('centre_admin')

/** Reviews that count: the reviewer declared no conflict. */
export function activeReviews(record: VersionRecord): Review[] {
  return record.reviews.filter((r) => r.conflict === 'none')
}

function completed(review: Review): boolean {
  return review.judgements.every((j) => j !== null) && review.recommendation !== null
}

export function apply(record: VersionRecord, actor: Actor, action: Action): Outcome {
  switch (action.type) {
    case 'submit': {
      if (actor.id !== record.authorId) return refuse('Only the author can submit this draft')
      if (record.state !== 'draft') return refuse('Only a draft can be submitted')
      if (record.missing.length) return refuse(`The draft is not complete: ${record.missing.join('; ')}`)
      return { ok: true, record: { ...record, state: 'submitted' } }
    }

    case 'assign_reviewer': {
      if (!isAdmin(actor)) return refuse('Only Centre admins assign reviewers')
      if (record.state !== 'submitted' && record.state !== 'under_review') {
        return refuse('Reviewers can only be assigned to a submitted version')
      }
      if (action.reviewerId === record.authorId)
        return refuse('The author cannot review their own specification')
      if (record.reviews.some((r) => r.reviewerId === action.reviewerId)) {
        return refuse('This reviewer is already assigned')
      }
      const review: Review = {
        reviewerId: action.reviewerId,
        conflict: 'undeclared',
        judgements: Array.from({ length: record.criteriaCount }, () => null),
        recommendation: null,
      }
      return { ok: true, record: { ...record, state: 'under_review', reviews: [...record.reviews, review] } }
    }

    case 'declare_conflict':
    case 'judge':
    case 'recommend': {
      const index = record.reviews.findIndex((r) => r.reviewerId === actor.id)
      const review = record.reviews[index]
      if (!review) return refuse('You are not a reviewer of this version')
      if (record.state !== 'under_review') return refuse('This version is not under review')
      let next: Review
      if (action.type === 'declare_conflict') {
        if (review.conflict !== 'undeclared') return refuse('You have already declared your interests')
        next = { ...review, conflict: action.hasConflict ? 'declared' : 'none' }
      } else if (review.conflict !== 'none') {
        return refuse(
          review.conflict === 'declared'
            ? 'You declared a conflict of interest, so you cannot review this version'
            : 'Declare any conflicts of interest before you review',
        )
      } else if (review.recommendation !== null) {
        return refuse('You have already made your recommendation')
      } else if (action.type === 'judge') {
        if (
          !Number.isInteger(action.criterion) ||
          action.criterion < 0 ||
          action.criterion >= record.criteriaCount
        ) {
          return refuse('There is no such criterion')
        }
        const judgements = [...review.judgements]
        judgements[action.criterion] = action.judgement
        next = { ...review, judgements }
      } else {
        const left = review.judgements.filter((j) => j === null).length
        if (left) return refuse(`Judge every criterion before you recommend (${left} left)`)
        next = { ...review, recommendation: action.recommendation }
      }
      const reviews = [...record.reviews]
      reviews[index] = next
      return { ok: true, record: { ...record, reviews } }
    }

    case 'decide': {
      if (!isAdmin(actor)) return refuse('Only Centre admins record decisions')
      if (actor.id === record.authorId) return refuse('The author cannot decide on their own specification')
      if (record.state !== 'under_review') return refuse('Only a version under review can be decided')
      const done = activeReviews(record).filter(completed)
      if (done.length < MIN_REVIEWERS) {
        return refuse(`A decision needs at least ${MIN_REVIEWERS} completed reviews (${done.length} so far)`)
      }
      const conditions = action.conditions?.trim() || null
      if (action.outcome === 'endorse_with_conditions' && !conditions) {
        return refuse('Enter the conditions of endorsement')
      }
      const state: VersionState =
        action.outcome === 'endorse' || action.outcome === 'endorse_with_conditions'
          ? 'published'
          : action.outcome === 'revise_and_resubmit'
            ? 'revise_and_resubmit'
            : 'not_endorsed'
      return { ok: true, record: { ...record, state, decision: { outcome: action.outcome, conditions } } }
    }

    case 'withdraw': {
      if (!isAdmin(actor)) return refuse('Only Centre admins withdraw specifications')
      if (record.state !== 'published') return refuse('Only a published version can be withdrawn')
      if (!action.reason.trim()) return refuse('Enter why the specification is withdrawn')
      return { ok: true, record: { ...record, state: 'withdrawn' } }
    }

    case 'supersede': {
      if (!isAdmin(actor)) return refuse('Only Centre admins publish a new version')
      if (record.state !== 'published') return refuse('Only a published version can be superseded')
      return { ok: true, record: { ...record, state: 'superseded' } }
    }
  }
}

/** A new draft, as an author starts it. */
export function newDraft(authorId: string, criteriaCount: number, missing: readonly string[]): VersionRecord {
  return { state: 'draft', authorId, missing, criteriaCount, reviews: [], decision: null }
}
