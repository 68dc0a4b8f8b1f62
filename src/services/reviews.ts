// Independent review of a submitted specification version and the decision on it: admins
// assign reviewers, each reviewer declares their interests, judges every endorsement
// criterion of the criteria version the specification was submitted against and
// recommends; admins compare the reviews, write the report and decide. Endorsing publishes.
import type { Db } from '../db/database.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'
import { DEFAULT_REVIEW_INTERVAL_MONTHS, nextReviewDue, nextStatus } from '../domain/credential-lifecycle.ts'
import {
  readRecognition,
  readSpecification,
  type RecognitionContent,
  type SpecificationContent,
} from '../domain/specification-content.ts'
import { STATUS_LIST_SIZE } from '../domain/credentials/open-badges.ts'
import {
  apply,
  MIN_REVIEWERS,
  type Decision,
  type Judgement,
  type Recommendation,
  type VersionRecord,
  type VersionState,
} from '../domain/specification-lifecycle.ts'
import type { Database, StoredJudgement } from '../db/schema.ts'
import * as endorsementsRepo from '../repositories/endorsements.ts'
import * as periodicReviewsRepo from '../repositories/periodic-reviews.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { findUserById } from '../repositories/user-accounts.ts'
import * as credentialsRepo from '../repositories/credentials.ts'
import * as referenceRepo from '../repositories/reference.ts'
import * as repo from '../repositories/reviews.ts'
import * as specs from '../repositories/specifications.ts'
import { recordAudit } from './audit.ts'
import { type FieldProblem, FieldProblems, NotFound, ServiceError } from './errors.ts'
import {
  changeStatus,
  domainActor,
  recordStep,
  refused,
  staleRecord,
  tell,
  tellRole,
  type ProcessActor,
} from './process.ts'
import { isUuid } from '../domain/identifiers.ts'
import {
  CROSSWALK_JUDGEMENT_LABELS,
  crosswalkReviewProblem,
  isCrosswalkJudgement,
  RECOGNITION_DECISION_LABELS,
  type CrosswalkJudgement,
  type RowJudgement,
} from '../domain/recognition.ts'
import {
  draftReport,
  editReport,
  reportAllows,
  reportStageOf,
  reportText,
  reviewerInReport,
  type ReportContent,
  type ReportStage,
} from '../domain/consolidated-report.ts'
import * as reportsRepo from '../repositories/consolidated-reports.ts'
import { findCentre } from '../repositories/organisations.ts'
import { present } from '../domain/present.ts'
import { JUDGEMENT_WORDS, JUDGEMENTS } from '../domain/gateway-check.ts'

export { JUDGEMENTS }
/** The words of each judgement, from the one vocabulary in domain/gateway-check.ts. */
export const JUDGEMENT_LABELS: Record<Judgement, string> = {
  met: JUDGEMENT_WORDS.met.text,
  partly_met: JUDGEMENT_WORDS.partly_met.text,
  not_met: JUDGEMENT_WORDS.not_met.text,
}
export const RECOMMENDATIONS: readonly Recommendation[] = [
  'endorse',
  'endorse_with_conditions',
  'revise_and_resubmit',
  'not_endorsed',
]
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  endorse: 'Endorse',
  endorse_with_conditions: 'Endorse with conditions',
  revise_and_resubmit: 'Revise and resubmit',
  not_endorsed: 'Not endorsed',
}
export const isJudgement = (value: unknown): value is Judgement => JUDGEMENTS.some((j) => j === value)
export const isRecommendation = (value: unknown): value is Recommendation =>
  RECOMMENDATIONS.some((r) => r === value)

/**
 * The reviewer declared a conflict of interest in this version: from then on they may not
 * read it, nor the review form, as if it had never been assigned to them.
 */
export class ReviewConflicted extends Error {
  constructor() {
    super('You declared a conflict of interest in this version')
  }
}

export interface Criterion {
  code: string
  parentCode: string | null
  title: string | null
  statement: string
  guidance: string[]
}

export interface VersionSummary {
  id: string
  credentialId: string
  slug: string
  title: string
  areaName: string
  number: number
  kind: 'specification' | 'recognition'
  state: VersionState
  authorId: string
  authorName: string
  submittedAt: Date | null
  rowVersion: number
  criteriaVersion: number
}

export interface Assignment {
  id: string
  reviewerId: string
  reviewerName: string
  conflict: 'undeclared' | 'none' | 'declared'
  conflictNote: string | null
  judgements: Record<string, StoredJudgement>
  /** A recognition's crosswalk rows judged, by the row's code. */
  rowJudgements: Record<string, RowJudgement>
  recommendation: Recommendation | null
  recommendationComment: string | null
  assignedAt: Date
  declaredAt: Date | null
  completedAt: Date | null
  rowVersion: number
  /** How many criteria are judged, of how many. */
  judged: number
}

/** What a version says, ready to show read-only. */
export type VersionContent =
  | { kind: 'specification'; content: SpecificationContent }
  | { kind: 'recognition'; content: RecognitionContent }

export interface VersionInReview {
  slug: string
  title: string
  number: number
  kind: string
  state: VersionState
  authorName: string
  submittedAt: Date | null
  /** Reviewers without a declared conflict, those with one, and completed reviews. */
  active: number
  conflicts: number
  complete: number
  stage: 'needs_reviewers' | 'under_review' | 'decision_due'
}

export interface ReviewersPage {
  version: VersionSummary
  assignments: Assignment[]
  candidates: Array<{ id: string; name: string }>
  activeCount: number
  minimum: number
}

export interface ReviewPage {
  assignment: Assignment
  version: VersionSummary
  criteria: Criterion[]
  content: VersionContent
  frameworkLabels: Record<string, string>
  /** A recognition's crosswalk rows, each judged on its own; none for a specification. */
  rows: CrosswalkItem[]
  /** Every criterion (and crosswalk row) judged, so the recommendation can be made. */
  allJudged: boolean
  /** How many crosswalk rows are judged. */
  rowsJudged: number
}

/** A crosswalk row as reviewers judge it: the outcome and the capabilities it claims to meet. */
export interface CrosswalkItem {
  code: string
  outcome: string
  frameworkCodes: string[]
}

/** A version's consolidated report, as its page and the decision page show it. */
export interface ReportView {
  stage: ReportStage
  content: ReportContent
  text: string
  rowVersion: number
  draftedAt: Date
  draftedByName: string
  signedOffAt: Date | null
  signedOffByName: string | null
}

export interface ReportPage {
  version: VersionSummary
  stage: ReportStage
  report: ReportView | null
  /** How the report names each completed review's reviewer ("Reviewer 1"), for the admin. */
  reviewers: Array<{ label: string; name: string }>
  completeCount: number
  minimum: number
}

export interface DecisionPage {
  version: VersionSummary
  criteria: Criterion[]
  /** Reviews that count (no declared conflict), in the columns of the comparison. */
  reviews: Assignment[]
  declared: Assignment[]
  completeCount: number
  minimum: number
  decision: { outcome: Decision; conditions: string | null; report: string | null } | null
  /** A recognition's crosswalk rows; the reviews' judgements of each are in rowJudgements. */
  rows: CrosswalkItem[]
  report: ReportView | null
}

export interface MyReview {
  id: string
  title: string
  slug: string
  number: number
  kind: string
  versionState: VersionState
  conflict: string
  recommendation: Recommendation | null
  assignedAt: Date
  completedAt: Date | null
  status: 'declare' | 'judge' | 'done' | 'conflict' | 'closed'
}

/** The decision's answers; the report is the signed-off consolidated report. */
export interface DecisionInput {
  outcome: string
  conditions: string
}

export interface ReviewsService {
  /** Home-page numbers: reviews waiting for the person, and (for admins) decisions due. */
  counts(actor: ProcessActor): Promise<{ assignedToMe: number; decisionsDue?: number }>
  inReview(): Promise<VersionInReview[]>
  reviewersPage(slug: string, number: number): Promise<ReviewersPage>
  assign(slug: string, number: number, reviewerId: string, actor: ProcessActor): Promise<string>
  myReviews(actor: ProcessActor): Promise<MyReview[]>
  review(assignmentId: string, actor: ProcessActor): Promise<ReviewPage>
  declare(
    assignmentId: string,
    rowVersion: number,
    hasConflict: boolean,
    note: string,
    actor: ProcessActor,
  ): Promise<void>
  /** Saves progress: judgements given replace those saved; a criterion left empty is cleared. */
  judge(
    assignmentId: string,
    rowVersion: number,
    judgements: Record<string, { judgement: Judgement | null; comment: string }>,
    actor: ProcessActor,
  ): Promise<void>
  recommend(
    assignmentId: string,
    rowVersion: number,
    recommendation: string,
    comment: string,
    actor: ProcessActor,
  ): Promise<void>
  /** Saves progress on a recognition's crosswalk, row by row, as judge does for criteria. */
  judgeRows(
    assignmentId: string,
    rowVersion: number,
    judgements: Record<string, { judgement: CrosswalkJudgement | null; comment: string }>,
    actor: ProcessActor,
  ): Promise<void>
  decisionPage(slug: string, number: number): Promise<DecisionPage>
  reportPage(slug: string, number: number): Promise<ReportPage>
  /** Drafts the consolidated report from the completed reviews. */
  draftReport(slug: string, number: number, actor: ProcessActor): Promise<void>
  /** Saves the admin's findings (one an item, in order) and overall recommendation. */
  saveReport(
    slug: string,
    number: number,
    rowVersion: number,
    input: { findings: string[]; overall: string },
    actor: ProcessActor,
  ): Promise<void>
  /** Checks a sign-off without recording it, for the page that asks to confirm it. */
  checkSignOff(slug: string, number: number, rowVersion: number, actor: ProcessActor): Promise<ReportView>
  signOffReport(slug: string, number: number, rowVersion: number, actor: ProcessActor): Promise<void>
  decide(
    slug: string,
    number: number,
    rowVersion: number,
    input: DecisionInput,
    actor: ProcessActor,
  ): Promise<{ state: VersionState; status: CredentialStatus }>
  /** Checks a decision without recording it, for the page that asks to confirm it. */
  checkDecision(
    slug: string,
    number: number,
    rowVersion: number,
    input: DecisionInput,
    actor: ProcessActor,
  ): Promise<{ state: VersionState; outcome: Recommendation }>
}

type VersionRow = NonNullable<Awaited<ReturnType<typeof specs.findVersion>>>
type AssignmentRow = Awaited<ReturnType<typeof repo.listAssignmentsOfVersion>>[number]

function toAssignment(row: AssignmentRow, criteria: readonly Criterion[]): Assignment {
  const judgements = row.judgements ?? {}
  return {
    id: row.id,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    conflict: row.conflict,
    conflictNote: row.conflict_note,
    judgements,
    rowJudgements: row.row_judgements ?? {},
    recommendation: row.recommendation,
    recommendationComment: row.recommendation_comment,
    assignedAt: row.assigned_at,
    declaredAt: row.declared_at,
    completedAt: row.completed_at,
    rowVersion: row.row_version,
    judged: criteria.filter((c) => judgements[c.code]).length,
  }
}

/** The domain's view of a version and its reviews, judgements in the order of its criteria. */
function toRecord(version: VersionRow, criteria: readonly Criterion[], rows: AssignmentRow[]): VersionRecord {
  return {
    state: version.state,
    authorId: version.author_id,
    missing: [],
    criteriaCount: criteria.length,
    reviews: rows.map((r) => ({
      reviewerId: r.reviewer_id,
      conflict: r.conflict,
      judgements: criteria.map((c) => r.judgements?.[c.code]?.judgement ?? null),
      recommendation: r.recommendation,
    })),
    decision: version.decision
      ? { outcome: version.decision, conditions: version.decision_conditions }
      : null,
  }
}

export function createReviewsService(db: Kysely<Database>, config: Config, clock: Clock): ReviewsService {
  const link = (path: string) => `${config.baseUrl}${path}`
  const versionPath = (slug: string, number: number) => `/specifications/${slug}/versions/${number}`

  async function criteriaOf(
    trx: Db,
    version: VersionRow,
  ): Promise<{ criteria: Criterion[]; version: number }> {
    const setId = version.criterion_set_id ?? (await repo.currentEndorsementSet(trx))?.id
    if (setId === undefined) return { criteria: [], version: 0 }
    const rows = await repo.listCriteriaOfSet(trx, setId)
    return {
      version: rows[0]?.set_version ?? 0,
      criteria: rows.map((r) => ({
        code: r.code,
        parentCode: r.parent_code,
        title: r.title,
        statement: r.statement,
        guidance: r.guidance,
      })),
    }
  }

  /** The credential and one of its versions, or not found. */
  async function findVersion(trx: Db, slug: string, number: number) {
    if (!Number.isInteger(number) || number < 1) throw new NotFound()
    const credential = await credentialsRepo.findCredentialBySlug(trx, slug)
    if (!credential) throw new NotFound()
    const version = await specs.findVersion(trx, credential.id, number)
    if (!version) throw new NotFound()
    return { credential, version }
  }

  async function summarise(
    trx: Db,
    credential: { id: string; slug: string; title: string; area_name: string },
    version: VersionRow,
    criteriaVersion: number,
  ): Promise<VersionSummary> {
    const author = await findUserById(trx, version.author_id)
    return {
      id: version.id,
      credentialId: credential.id,
      slug: credential.slug,
      title: credential.title,
      areaName: credential.area_name,
      number: version.number,
      kind: version.kind === 'recognition' ? 'recognition' : 'specification',
      state: version.state,
      authorId: version.author_id,
      authorName: author?.display_name ?? 'Unknown',
      submittedAt: version.submitted_at,
      rowVersion: version.row_version,
      criteriaVersion,
    }
  }

  /** People who may review the credential: reviewers who did not write it or propose it. */
  async function eligibleReviewers(
    trx: Db,
    credential: { id: string; lead_author_id: string | null },
    version: VersionRow,
  ) {
    const excluded = new Set([
      version.author_id,
      ...(credential.lead_author_id ? [credential.lead_author_id] : []),
      ...(await repo.proposalAuthorsOf(trx, credential.id)),
    ])
    const reviewers = await listPeopleWithRole(trx, 'independent_reviewer')
    return { reviewers, excluded }
  }

  /** Loads an assignment for its own reviewer, with the version and its criteria, locking the credential. */
  async function loadForReviewer(trx: Transaction<Database>, assignmentId: string, actor: ProcessActor) {
    if (!isUuid(assignmentId)) throw new NotFound()
    const assignment = await repo.findAssignment(trx, assignmentId)
    if (!assignment || assignment.reviewer_id !== actor.userId) throw new NotFound()
    if (assignment.conflict === 'declared') throw new ReviewConflicted()
    const version = await specs.findVersionById(trx, assignment.version_id)
    if (!version) throw new NotFound()
    await credentialsRepo.lockCredential(trx, version.credential_id)
    const credential = await credentialsRepo.findCredentialById(trx, version.credential_id)
    if (!credential) throw new NotFound()
    const { criteria } = await criteriaOf(trx, version)
    const rows = await repo.listAssignmentsOfVersion(trx, version.id)
    return { assignment, version, credential, criteria, record: toRecord(version, criteria, rows) }
  }

  function check(outcome: ReturnType<typeof apply>, field?: string): VersionRecord {
    if (!outcome.ok) throw refused(outcome.reason, field)
    return outcome.record
  }

  /**
   * Everything a decision needs, checked: the answers, the row version of the page the
   * decision was made on, and the machine's rules. Recording it and the confirmation page
   * before it ask the same.
   */
  async function weighDecision(
    trx: Transaction<Database>,
    slug: string,
    number: number,
    rowVersion: number,
    input: DecisionInput,
    actor: ProcessActor,
  ) {
    if (!isRecommendation(input.outcome)) throw new ServiceError('Select the decision', 'outcome')
    const outcome = input.outcome
    const conditions = outcome === 'endorse_with_conditions' ? input.conditions.trim() : ''
    const found = await findVersion(trx, slug, number)
    const recognition = found.version.kind === 'recognition'
    if (outcome === 'endorse_with_conditions' && !conditions) {
      const of = recognition ? 'recognition' : 'endorsement'
      throw new ServiceError(`Enter the conditions of ${of}`, 'conditions')
    }
    const credential = present(
      await credentialsRepo.lockCredential(trx, found.credential.id),
      'the credential of a version just found',
    )
    const version = found.version
    if (version.row_version !== rowVersion) throw staleRecord('outcome')
    const { criteria } = await criteriaOf(trx, version)
    const rows = await repo.listAssignmentsOfVersion(trx, version.id)
    const record = toRecord(version, criteria, rows)
    const decided = check(
      apply(record, domainActor(actor), { type: 'decide', outcome, conditions }),
      'outcome',
    )
    const periodic = await periodicReviewsRepo.findOpenReview(trx, credential.id)
    const status = nextStatus(
      credential.status,
      { type: 'decide', outcome, recognition },
      periodic !== undefined,
    )
    if (!status.ok) throw refused(status.reason, 'outcome')
    // What is published with the decision is the report a Centre admin signed off.
    const saved = await reportsRepo.findReportOfVersion(trx, version.id)
    const ready = reportAllows(reportStageOf(saved && { signedOffAt: saved.signed_off_at }), 'decide')
    if (!ready.ok || !saved)
      throw refused(ready.ok ? 'Sign off the consolidated report' : ready.reason, 'outcome')
    const report = reportText(saved.content)
    return { found, credential, version, decided, periodic, recognition, status, outcome, conditions, report }
  }

  /** A recognition's crosswalk rows; none for a specification. */
  const rowsOf = (version: VersionRow): CrosswalkItem[] =>
    version.kind === 'recognition'
      ? readRecognition(version.content).crosswalk.map((r) => ({
          code: r.code,
          outcome: r.outcome,
          frameworkCodes: r.frameworkCodes,
        }))
      : []

  async function reportOf(trx: Db, versionId: string): Promise<ReportView | null> {
    const row = await reportsRepo.findReportOfVersion(trx, versionId)
    if (!row) return null
    return {
      stage: reportStageOf({ signedOffAt: row.signed_off_at }),
      content: row.content,
      text: reportText(row.content),
      rowVersion: row.row_version,
      draftedAt: row.drafted_at,
      draftedByName: row.drafted_by_name,
      signedOffAt: row.signed_off_at,
      signedOffByName: row.signed_off_by_name,
    }
  }

  /** The completed reviews that count, in assignment order, as the report names them. */
  const completedReviews = (rows: AssignmentRow[]) =>
    rows
      .filter((r) => r.conflict === 'none' && r.recommendation !== null)
      .map((r, i) => ({ row: r, label: reviewerInReport(i) }))

  /**
   * A version and its report for a Centre admin's change to the report, checked: the version
   * under review, the report's stage allowing the action and, for a saved report, the row
   * version of the page the change was made on. Holds the credential's lock.
   */
  async function loadReport(
    trx: Transaction<Database>,
    slug: string,
    number: number,
    action: 'edit' | 'sign_off',
    rowVersion: number,
    actor: ProcessActor,
  ) {
    if (!actor.roles.includes('centre_admin'))
      throw refused('Only Centre admins write the consolidated report')
    const { credential, version } = await findVersion(trx, slug, number)
    await credentialsRepo.lockCredential(trx, credential.id)
    if (version.state !== 'under_review') throw refused('This version is not under review')
    const saved = await reportsRepo.findReportOfVersion(trx, version.id)
    const allowed = reportAllows(reportStageOf(saved && { signedOffAt: saved.signed_off_at }), action)
    if (!allowed.ok || !saved)
      throw refused(allowed.ok ? 'Draft the consolidated report first' : allowed.reason)
    if (saved.row_version !== rowVersion) throw staleRecord()
    return { credential, version, saved }
  }

  return {
    async counts(actor) {
      const assignedToMe = await repo.countAwaiting(db, actor.userId)
      if (!actor.roles.includes('centre_admin')) return { assignedToMe }
      const versions = await repo.listVersionsInReview(db)
      const decisionsDue = versions.filter(
        (v) => v.state === 'under_review' && v.complete >= MIN_REVIEWERS,
      ).length
      return { assignedToMe, decisionsDue }
    },

    async inReview() {
      const rows = await repo.listVersionsInReview(db)
      return rows.map((r) => ({
        slug: r.slug,
        title: r.title,
        number: r.number,
        kind: r.kind,
        state: r.state,
        authorName: r.author_name,
        submittedAt: r.submitted_at,
        active: r.active,
        conflicts: r.conflicts,
        complete: r.complete,
        stage:
          r.state === 'under_review' && r.complete >= MIN_REVIEWERS
            ? 'decision_due'
            : r.active < MIN_REVIEWERS
              ? 'needs_reviewers'
              : 'under_review',
      }))
    },

    async reviewersPage(slug, number) {
      const { credential, version } = await findVersion(db, slug, number)
      const { criteria, version: criteriaVersion } = await criteriaOf(db, version)
      const rows = await repo.listAssignmentsOfVersion(db, version.id)
      const { reviewers, excluded } = await eligibleReviewers(db, credential, version)
      const assigned = new Set(rows.map((r) => r.reviewer_id))
      return {
        version: await summarise(db, credential, version, criteriaVersion),
        assignments: rows.map((r) => toAssignment(r, criteria)),
        candidates: reviewers
          .filter((p) => !excluded.has(p.id) && !assigned.has(p.id))
          .map((p) => ({ id: p.id, name: p.display_name })),
        activeCount: rows.filter((r) => r.conflict !== 'declared').length,
        minimum: MIN_REVIEWERS,
      }
    },

    async assign(slug, number, reviewerId, actor) {
      if (!isUuid(reviewerId)) throw new ServiceError('Select a reviewer', 'reviewer')
      return db.transaction().execute(async (trx) => {
        const { credential, version } = await findVersion(trx, slug, number)
        await credentialsRepo.lockCredential(trx, credential.id)
        const { criteria } = await criteriaOf(trx, version)
        const rows = await repo.listAssignmentsOfVersion(trx, version.id)
        const record = toRecord(version, criteria, rows)
        const next = check(
          apply(record, domainActor(actor), { type: 'assign_reviewer', reviewerId }),
          'reviewer',
        )
        const { reviewers, excluded } = await eligibleReviewers(trx, credential, version)
        const reviewer = reviewers.find((p) => p.id === reviewerId)
        if (!reviewer) throw new ServiceError('Select a reviewer from the list', 'reviewer')
        if (excluded.has(reviewerId)) {
          throw refused('The author of the proposal for this credential cannot review it', 'reviewer')
        }
        if (version.state !== next.state) {
          const updated = await specs.updateVersion(trx, version.id, version.row_version, {
            state: next.state,
          })
          if (!updated) throw staleRecord('reviewer')
        }
        const assignment = await repo.insertAssignment(trx, {
          version_id: version.id,
          reviewer_id: reviewerId,
          assigned_by: actor.userId,
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: 'review.assigned',
          summary: `Assigned ${reviewer.display_name} to review version ${version.number}`,
          entityType: 'review_assignment',
          entityId: assignment.id,
          after: { versionId: version.id, reviewerId },
        })
        await tell(trx, reviewerId, `Please review: ${credential.title}, version ${version.number}`, [
          `You have been asked to review version ${version.number} of the ${version.kind === 'recognition' ? 'credential put forward for recognition' : 'specification'} "${credential.title}".`,
          '',
          'First declare any conflicts of interest. Then judge each endorsement criterion and make your recommendation:',
          link(`/reviews/${assignment.id}`),
        ])
        return assignment.id
      })
    },

    async myReviews(actor) {
      const rows = await repo.listAssignmentsOfReviewer(db, actor.userId)
      return rows.map((r) => {
        const state = r.version_state
        const status: MyReview['status'] =
          r.conflict === 'declared'
            ? 'conflict'
            : r.recommendation
              ? 'done'
              : state !== 'under_review'
                ? 'closed'
                : r.conflict === 'undeclared'
                  ? 'declare'
                  : 'judge'
        return {
          id: r.id,
          title: r.title,
          slug: r.slug,
          number: r.number,
          kind: r.kind,
          versionState: state,
          conflict: r.conflict,
          recommendation: r.recommendation,
          assignedAt: r.assigned_at,
          completedAt: r.completed_at,
          status,
        }
      })
    },

    async review(assignmentId, actor) {
      if (!isUuid(assignmentId)) throw new NotFound()
      const row = await repo.findAssignment(db, assignmentId)
      if (!row || row.reviewer_id !== actor.userId) throw new NotFound()
      if (row.conflict === 'declared') throw new ReviewConflicted()
      const version = await specs.findVersionById(db, row.version_id)
      const credential = version && (await credentialsRepo.findCredentialById(db, version.credential_id))
      if (!version || !credential) throw new NotFound()
      const { criteria, version: criteriaVersion } = await criteriaOf(db, version)
      const assignment = toAssignment(row, criteria)
      const capabilities = await referenceRepo.listCapabilities(db)
      return {
        assignment,
        version: await summarise(db, credential, version, criteriaVersion),
        criteria,
        content:
          version.kind === 'recognition'
            ? { kind: 'recognition', content: readRecognition(version.content) }
            : { kind: 'specification', content: readSpecification(version.content) },
        frameworkLabels: Object.fromEntries(capabilities.map((c) => [c.code, c.label])),
        rows: rowsOf(version),
        rowsJudged: rowsOf(version).filter((r) => assignment.rowJudgements[r.code]).length,
        allJudged:
          assignment.judged === criteria.length &&
          crosswalkReviewProblem(
            rowsOf(version).map((r) => r.code),
            assignment.rowJudgements,
          ) === null,
      }
    },

    async declare(assignmentId, rowVersion, hasConflict, note, actor) {
      const text = note.trim()
      if (hasConflict && !text) throw new ServiceError('Describe the conflict of interest', 'conflictNote')
      await db.transaction().execute(async (trx) => {
        const { assignment, version, credential, record } = await loadForReviewer(trx, assignmentId, actor)
        if (assignment.row_version !== rowVersion) throw staleRecord('conflict')
        check(apply(record, domainActor(actor), { type: 'declare_conflict', hasConflict }), 'conflict')
        const updated = await repo.updateAssignment(trx, assignment.id, rowVersion, {
          conflict: hasConflict ? 'declared' : 'none',
          conflict_note: hasConflict ? text : text || null,
          declared_at: clock.now(),
        })
        if (!updated) throw staleRecord('conflict')
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: hasConflict ? 'review.conflict_declared' : 'review.no_conflict_declared',
          summary: hasConflict
            ? `${actor.name} declared a conflict of interest in version ${version.number} and cannot review it`
            : `${actor.name} declared no conflict of interest in version ${version.number}`,
          reason: hasConflict ? text : null,
          entityType: 'review_assignment',
          entityId: assignment.id,
        })
        if (hasConflict) {
          await tellRole(
            trx,
            'centre_admin',
            `Conflict of interest: ${credential.title}, version ${version.number}`,
            [
              `${actor.name} declared a conflict of interest in version ${version.number} of "${credential.title}", so cannot review it:`,
              '',
              text,
              '',
              'Assign another reviewer:',
              link(`${versionPath(credential.slug, version.number)}/reviewers`),
            ],
          )
        }
      })
    },

    async judge(assignmentId, rowVersion, judgements, actor) {
      await db.transaction().execute(async (trx) => {
        const { assignment, criteria, record } = await loadForReviewer(trx, assignmentId, actor)
        if (assignment.row_version !== rowVersion) throw staleRecord()
        // The machine decides whether this reviewer may judge now, whatever was filled in.
        check(apply(record, domainActor(actor), { type: 'judge', criterion: 0, judgement: 'met' }))
        const known = new Set(criteria.map((c) => c.code))
        const unknown = Object.keys(judgements).filter((code) => !known.has(code))
        if (unknown.length) throw refused('There is no such criterion')
        // Each on its criterion's field: judgement_<code> or comment_<code>.
        const problems: FieldProblem[] = []
        const saved: Record<string, StoredJudgement> = {}
        let next = record
        criteria.forEach((criterion, index) => {
          const given = judgements[criterion.code]
          const comment = given?.comment.trim() ?? ''
          const judgement = given?.judgement ?? null
          if (!judgement && !comment) return
          if (!judgement) {
            problems.push({
              field: `judgement_${criterion.code}`,
              text: `Select whether criterion ${criterion.code} is met, partly met or not met`,
            })
          } else if (!comment) {
            problems.push({
              field: `comment_${criterion.code}`,
              text: `Enter a comment on criterion ${criterion.code}`,
            })
          } else {
            next = check(apply(next, domainActor(actor), { type: 'judge', criterion: index, judgement }))
            saved[criterion.code] = { judgement, comment }
          }
        })
        if (problems.length) throw new FieldProblems(problems, 'The judgements have problems')
        const updated = await repo.updateAssignment(trx, assignment.id, rowVersion, {
          judgements: JSON.stringify(saved),
        })
        if (!updated) throw staleRecord()
        // Saving progress is not a step of the process, so it leaves no timeline entry.
        await recordAudit(trx, actor, {
          action: 'review.judgements_saved',
          entityType: 'review_assignment',
          entityId: assignment.id,
          before: assignment.judgements,
          after: saved,
        })
      })
    },

    async recommend(assignmentId, rowVersion, recommendation, comment, actor) {
      if (!isRecommendation(recommendation))
        throw new ServiceError('Select your recommendation', 'recommendation')
      const text = comment.trim()
      if (!text) throw new ServiceError('Enter the reasons for your recommendation', 'recommendationComment')
      await db.transaction().execute(async (trx) => {
        const { assignment, version, credential, record } = await loadForReviewer(trx, assignmentId, actor)
        if (assignment.row_version !== rowVersion) throw staleRecord('recommendation')
        const next = check(
          apply(record, domainActor(actor), { type: 'recommend', recommendation }),
          'recommendation',
        )
        // A recognition review is complete only with every row of the crosswalk judged.
        const rowsLeft = crosswalkReviewProblem(
          rowsOf(version).map((r) => r.code),
          assignment.row_judgements ?? {},
        )
        if (rowsLeft) throw refused(rowsLeft, 'recommendation')
        const updated = await repo.updateAssignment(trx, assignment.id, rowVersion, {
          recommendation,
          recommendation_comment: text,
          completed_at: clock.now(),
        })
        if (!updated) throw staleRecord('recommendation')
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: 'review.recommended',
          summary: `${actor.name} completed their review of version ${version.number}: ${RECOMMENDATION_LABELS[recommendation]}`,
          reason: text,
          entityType: 'review_assignment',
          entityId: assignment.id,
          after: { recommendation, comment: text },
        })
        const complete = next.reviews.filter((r) => r.conflict === 'none' && r.recommendation !== null).length
        if (complete === MIN_REVIEWERS) {
          await tellRole(
            trx,
            'centre_admin',
            `Decision due: ${credential.title}, version ${version.number}`,
            [
              `${complete} reviews of version ${version.number} of "${credential.title}" are complete. Compare them and record the decision:`,
              link(`${versionPath(credential.slug, version.number)}/decision`),
            ],
          )
        }
      })
    },

    async judgeRows(assignmentId, rowVersion, judgements, actor) {
      await db.transaction().execute(async (trx) => {
        const { assignment, version, record } = await loadForReviewer(trx, assignmentId, actor)
        if (assignment.row_version !== rowVersion) throw staleRecord()
        // Judging a row is judging, and the machine says when the reviewer may judge.
        if (record.criteriaCount > 0)
          check(apply(record, domainActor(actor), { type: 'judge', criterion: 0, judgement: 'met' }))
        const rows = rowsOf(version)
        if (!rows.length) throw refused('This version has no crosswalk to judge')
        const known = new Set(rows.map((r) => r.code))
        if (Object.keys(judgements).some((code) => !known.has(code)))
          throw refused('There is no such row in the crosswalk')
        const problems: FieldProblem[] = []
        const saved: Record<string, RowJudgement> = {}
        for (const row of rows) {
          const given = judgements[row.code]
          const comment = given?.comment.trim() ?? ''
          const judgement = given?.judgement ?? null
          if (!judgement && !comment) continue
          if (!judgement || !isCrosswalkJudgement(judgement))
            problems.push({
              field: `row_judgement_${row.code}`,
              text: `Select whether outcome ${row.code} meets, partly meets or does not meet the capabilities it claims`,
            })
          else if (!comment)
            problems.push({
              field: `row_comment_${row.code}`,
              text: `Enter a comment on outcome ${row.code}`,
            })
          else saved[row.code] = { judgement, comment }
        }
        if (problems.length) throw new FieldProblems(problems, 'The judgements have problems')
        const updated = await repo.updateAssignment(trx, assignment.id, rowVersion, {
          row_judgements: JSON.stringify(saved),
        })
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'review.crosswalk_judged',
          entityType: 'review_assignment',
          entityId: assignment.id,
          before: assignment.row_judgements,
          after: saved,
        })
      })
    },

    async reportPage(slug, number) {
      const { credential, version } = await findVersion(db, slug, number)
      const { version: criteriaVersion } = await criteriaOf(db, version)
      const rows = await repo.listAssignmentsOfVersion(db, version.id)
      const report = await reportOf(db, version.id)
      const completed = completedReviews(rows)
      return {
        version: await summarise(db, credential, version, criteriaVersion),
        stage: report?.stage ?? 'none',
        report,
        reviewers: completed.map((c) => ({ label: c.label, name: c.row.reviewer_name })),
        completeCount: completed.length,
        minimum: MIN_REVIEWERS,
      }
    },

    async draftReport(slug, number, actor) {
      await db.transaction().execute(async (trx) => {
        if (!actor.roles.includes('centre_admin'))
          throw refused('Only Centre admins write the consolidated report')
        const { credential, version } = await findVersion(trx, slug, number)
        await credentialsRepo.lockCredential(trx, credential.id)
        if (version.state !== 'under_review') throw refused('This version is not under review')
        const existing = await reportsRepo.findReportOfVersion(trx, version.id)
        const allowed = reportAllows(
          reportStageOf(existing && { signedOffAt: existing.signed_off_at }),
          'draft',
        )
        if (!allowed.ok) throw refused(allowed.reason)
        const { criteria } = await criteriaOf(trx, version)
        const completed = completedReviews(await repo.listAssignmentsOfVersion(trx, version.id))
        if (completed.length < MIN_REVIEWERS)
          throw refused(
            `The report is drafted from at least ${MIN_REVIEWERS} completed reviews (${completed.length} so far)`,
          )
        const content = draftReport({
          criteria: criteria.map((c) => ({
            code: c.code,
            heading: c.title ? `${c.code}: ${c.title}` : c.code,
          })),
          rows: rowsOf(version).map((r) => ({ code: r.code, heading: `${r.code}: ${r.outcome}` })),
          reviews: completed.map(({ row, label }) => ({
            reviewer: label,
            judgements: row.judgements ?? {},
            rowJudgements: row.row_judgements ?? {},
            recommendation: row.recommendation ?? '',
            recommendationComment: row.recommendation_comment ?? '',
          })),
          judgementLabels: JUDGEMENT_LABELS,
          rowLabels: CROSSWALK_JUDGEMENT_LABELS,
          recommendationLabels:
            version.kind === 'recognition' ? RECOGNITION_DECISION_LABELS : RECOMMENDATION_LABELS,
        })
        const inserted = await reportsRepo.insertReport(trx, {
          version_id: version.id,
          content: JSON.stringify(content),
          drafted_by: actor.userId,
          drafted_at: clock.now(),
        })
        const disagreements = content.items.filter((i) => !i.agreed).length
        await recordAudit(trx, actor, {
          action: 'report.drafted',
          entityType: 'specification_version',
          entityId: version.id,
          before: null,
          after: { report: inserted.id, items: content.items.length, disagreements },
        })
      })
    },

    async saveReport(slug, number, rowVersion, input, actor) {
      await db.transaction().execute(async (trx) => {
        const { version, saved } = await loadReport(trx, slug, number, 'edit', rowVersion, actor)
        const edited = editReport(saved.content, input.findings, input.overall)
        if (!edited.ok) throw new FieldProblems(edited.problems, 'The report has problems')
        const updated = await reportsRepo.updateReport(trx, saved.id, rowVersion, {
          content: JSON.stringify(edited.content),
        })
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'report.saved',
          entityType: 'specification_version',
          entityId: version.id,
          before: saved.content,
          after: edited.content,
        })
      })
    },

    async checkSignOff(slug, number, rowVersion, actor) {
      return db.transaction().execute(async (trx) => {
        const { version } = await loadReport(trx, slug, number, 'sign_off', rowVersion, actor)
        return present(await reportOf(trx, version.id), 'the report just found')
      })
    },

    async signOffReport(slug, number, rowVersion, actor) {
      await db.transaction().execute(async (trx) => {
        const { credential, version, saved } = await loadReport(
          trx,
          slug,
          number,
          'sign_off',
          rowVersion,
          actor,
        )
        const now = clock.now()
        const updated = await reportsRepo.updateReport(trx, saved.id, rowVersion, {
          signed_off_by: actor.userId,
          signed_off_at: now,
        })
        if (!updated) throw staleRecord()
        await recordStep(trx, actor, {
          at: now,
          credentialId: credential.id,
          versionNumber: version.number,
          action: 'report.signed_off',
          summary: `${actor.name} signed off the consolidated report of the independent review of version ${version.number}`,
          entityType: 'specification_version',
          entityId: version.id,
          before: { signedOff: false },
          after: { signedOff: true, report: reportText(saved.content) },
        })
      })
    },

    async decisionPage(slug, number) {
      const { credential, version } = await findVersion(db, slug, number)
      const { criteria, version: criteriaVersion } = await criteriaOf(db, version)
      const rows = await repo.listAssignmentsOfVersion(db, version.id)
      const assignments = rows.map((r) => toAssignment(r, criteria))
      const reviews = assignments.filter((a) => a.conflict !== 'declared')
      return {
        version: await summarise(db, credential, version, criteriaVersion),
        criteria,
        reviews,
        declared: assignments.filter((a) => a.conflict === 'declared'),
        completeCount: reviews.filter((a) => a.conflict === 'none' && a.recommendation).length,
        minimum: MIN_REVIEWERS,
        rows: rowsOf(version),
        report: await reportOf(db, version.id),
        decision: version.decision
          ? {
              outcome: version.decision,
              conditions: version.decision_conditions,
              report: version.report,
            }
          : null,
      }
    },

    async checkDecision(slug, number, rowVersion, input, actor) {
      // Nothing is written: the transaction only holds the lock while the rules are asked.
      const { decided, outcome } = await db
        .transaction()
        .execute((trx) => weighDecision(trx, slug, number, rowVersion, input, actor))
      return { state: decided.state, outcome }
    },

    async decide(slug, number, rowVersion, input, actor) {
      return db.transaction().execute(async (trx) => {
        const {
          found,
          credential,
          version,
          decided,
          periodic,
          recognition,
          status,
          outcome,
          conditions,
          report,
        } = await weighDecision(trx, slug, number, rowVersion, input, actor)
        const endorsed = decided.state === 'published'
        const now = clock.now()
        const updated = await specs.updateVersion(trx, version.id, rowVersion, {
          state: decided.state,
          decision: outcome,
          decision_conditions: conditions || null,
          report,
          decided_by: actor.userId,
          decided_at: now,
          ...(endorsed ? { published_at: now } : {}),
        })
        if (!updated) throw staleRecord('outcome')
        // Another body's credential is recognised, not endorsed (docs/vocabulary.md).
        const label = (recognition ? RECOGNITION_DECISION_LABELS : RECOMMENDATION_LABELS)[outcome]
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: version.number,
          action: endorsed ? 'specification.published' : 'specification.decided',
          summary: endorsed
            ? `Decision on version ${version.number}: ${label}. Version ${version.number} is published`
            : `Decision on version ${version.number}: ${label}`,
          reason: conditions ? `Conditions: ${conditions}\n\n${report}` : report,
          entityType: 'specification_version',
          entityId: version.id,
          before: { state: version.state },
          after: { state: decided.state, decision: outcome, conditions: conditions || null },
        })

        if (endorsed && (outcome === 'endorse' || outcome === 'endorse_with_conditions')) {
          // The Centre's endorsement, with its entry in the Centre's revocation list.
          const centre = await findCentre(trx)
          if (centre) await endorsementsRepo.ensureEndorsement(trx, version.id, centre.id, STATUS_LIST_SIZE)
        }
        if (endorsed) {
          for (const earlier of await repo.listOtherPublished(trx, credential.id, version.id)) {
            const superseded = check(
              apply(
                {
                  state: 'published',
                  authorId: earlier.author_id,
                  missing: [],
                  criteriaCount: 0,
                  reviews: [],
                  decision: null,
                },
                domainActor(actor),
                { type: 'supersede' },
              ),
            )
            const changed = await specs.updateVersion(trx, earlier.id, earlier.row_version, {
              state: superseded.state,
            })
            if (!changed) throw staleRecord('outcome')
            await recordStep(trx, actor, {
              at: clock.now(),
              credentialId: credential.id,
              versionNumber: earlier.number,
              action: 'specification.superseded',
              summary: `Version ${earlier.number} superseded by version ${version.number}`,
              entityType: 'specification_version',
              entityId: earlier.id,
            })
          }
          if (periodic)
            await periodicReviewsRepo.closeReview(trx, periodic.id, {
              outcome: 'new_version',
              reason: null,
              closedAt: clock.now(),
            })
          const owner = readRecognition(version.content)
          const { level } = readSpecification(version.content)
          await repo.updateCredentialOnPublication(trx, credential.id, {
            next_review_due: nextReviewDue(
              clock.today(),
              credential.review_interval_months ?? DEFAULT_REVIEW_INTERVAL_MONTHS,
            ),
            ...(recognition
              ? {
                  listed: true,
                  origin: 'other_body',
                  owner_name: owner.ownerName.trim() || null,
                  owner_url: owner.ownerUrl.trim() || null,
                }
              : {}),
            ...(level !== null ? { level } : {}),
          })
        }
        if (status.status !== credential.status) {
          // An expected date belongs to a credential still being developed.
          const keepsDue = status.status === 'in_development' || status.status === 'periodic_review'
          await changeStatus(
            trx,
            actor,
            credential.id,
            status.status,
            `Decision on version ${version.number}: ${label}`,
            clock.now(),
            keepsDue ? undefined : null,
          )
        }

        const lines = [
          `The decision on version ${version.number} of "${found.credential.title}" is: ${label}.`,
          ...(endorsed
            ? [
                '',
                recognition
                  ? 'It is now listed in the catalogue as recognised.'
                  : 'The version is now published.',
              ]
            : []),
          ...(conditions
            ? ['', `Conditions of ${recognition ? 'recognition' : 'endorsement'}:`, conditions]
            : []),
          '',
          'Consolidated report of the independent review:',
          report,
          ...(outcome === 'revise_and_resubmit'
            ? [
                '',
                recognition
                  ? 'Start a revised application from your application page, in the light of the report, and submit it again.'
                  : 'Revise the specification in the light of the report and submit it again.',
              ]
            : []),
          '',
          link(
            recognition
              ? `/recognition/${found.credential.slug}`
              : `/specifications/${found.credential.slug}`,
          ),
        ]
        await tell(
          trx,
          version.author_id,
          `Decision: ${found.credential.title}, version ${version.number}`,
          lines,
        )
        return { state: decided.state, status: status.status }
      })
    },
  }
}
