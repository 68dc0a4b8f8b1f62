// The numbers on each person's home page: what waits for them in the approval process.
import type { Kysely } from 'kysely'
import type { Role } from '../domain/accounts.ts'
import { REMINDER_DAYS } from '../domain/credential-lifecycle.ts'
import { MIN_REVIEWERS } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import * as returnsRepo from '../repositories/quality-returns.ts'
import * as repo from '../repositories/work-queue.ts'
import * as pipelineRepo from '../repositories/pipeline.ts'
import { STAGE_INFO, waitingLabel, type PipelineStage } from '../domain/pipeline.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'

export type QueueName =
  | 'proposalsToCheck'
  | 'proposalsWithGroup'
  | 'myProposals'
  | 'myDrafts'
  | 'applicationsReturned'
  | 'reviewsAssignedToMe'
  | 'versionsNeedingReviewers'
  | 'versionsUnderReview'
  | 'deliveryApplications'
  | 'decisionsDue'
  | 'periodicReviewsDue'
  | 'qualityReturnsToReview'
  | 'qualityReturnsDue'
  | 'recognitionInReview'
  | 'recognitionDecisionsDue'
  | 'periodicReviewsOpen'
  | 'proposalsDeferred'
  | 'myProposalsInProcess'
  | 'mySpecificationsInReview'
  | 'myRecognitionOpen'
  | 'deliveriesAwaitingDecision'

export type QueueCounts = Partial<Record<QueueName, number>>

/** One item waiting at a stage, with where to act on it and how long it has waited. */
export interface PipelineItem {
  title: string
  detail: string | null
  href: string
  waited: string
}

export interface StageSummary {
  stage: PipelineStage
  title: string
  waitsFor: string
  total: number
  items: PipelineItem[]
}

export interface WorkQueueService {
  /** Only the queues the person's roles give them; `today` as 'YYYY-MM-DD'. */
  countsFor(userId: string, roles: readonly Role[], today: string): Promise<QueueCounts>
  /** Every stage with how many items wait there and the longest waiting few. */
  pipeline(now: Date, today: string, itemsEach: number): Promise<StageSummary[]>
  /** One stage's items, oldest first, a page at a time. */
  stage(stage: PipelineStage, now: Date, today: string, page: number, pageSize: number): Promise<StageSummary>
  /** How many proposals are in each state. */
  proposalCounts(): Promise<Partial<Record<ProposalState, number>>>
}

function hrefOf(stage: PipelineStage, row: pipelineRepo.PipelineRow): string {
  const version = `/specifications/${row.slug ?? ''}/versions/${row.number ?? 0}`
  switch (stage) {
    case 'proposals-to-check':
    case 'proposals-with-group':
      return `/proposals/${row.id}`
    case 'needs-reviewers':
    case 'under-review':
    case 'recognition-in-review':
      return `${version}/reviewers`
    case 'decisions-due':
    case 'recognition-decisions-due':
      return `${version}/decision`
    case 'periodic-reviews-due':
    case 'periodic-reviews-open':
      return `/periodic-reviews/${row.slug ?? ''}`
    case 'delivery-applications':
      return `/deliveries/${row.id}`
    case 'quality-returns':
      return `/quality-returns/${row.id}`
  }
}

function summaryOf({ stage, total, rows }: pipelineRepo.StageRows, now: Date): StageSummary {
  return {
    stage,
    ...STAGE_INFO[stage],
    total,
    items: rows.map((row) => ({
      title: row.number === null ? row.title : `${row.title}, version ${row.number}`,
      detail: row.detail,
      href: hrefOf(stage, row),
      waited: waitingLabel(new Date(row.since), now),
    })),
  }
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10)

export function createWorkQueueService(db: Kysely<Database>): WorkQueueService {
  const rulesFor = (today: string) => ({
    minReviewers: MIN_REVIEWERS,
    periodicUntil: addDays(today, REMINDER_DAYS[0]),
  })
  async function summary(
    stage: PipelineStage,
    now: Date,
    today: string,
    limit: number,
    offset: number,
  ): Promise<StageSummary> {
    const rules = rulesFor(today)
    const [total, rows] = await Promise.all([
      pipelineRepo.countStage(db, stage, rules),
      pipelineRepo.listStage(db, stage, rules, limit, offset),
    ])
    return summaryOf({ stage, total, rows }, now)
  }
  return {
    async pipeline(now, today, itemsEach) {
      const stages = await pipelineRepo.listStages(db, rulesFor(today), itemsEach)
      return stages.map((s) => summaryOf(s, now))
    },

    stage(stage, now, today, page, pageSize) {
      return summary(stage, now, today, pageSize, (page - 1) * pageSize)
    },

    async proposalCounts() {
      const rows = await repo.countProposalsByState(db)
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
    },

    async countsFor(userId, roles, today) {
      const counts: QueueCounts = {}
      if (roles.includes('centre_admin')) {
        // Every stage of the pipeline counted in one statement.
        const stages = await pipelineRepo.countStages(db, rulesFor(today))
        const at = (stage: PipelineStage) => stages.get(stage) ?? 0
        counts.proposalsToCheck = at('proposals-to-check')
        counts.proposalsWithGroup = at('proposals-with-group')
        counts.versionsNeedingReviewers = at('needs-reviewers')
        counts.versionsUnderReview = at('under-review')
        counts.decisionsDue = at('decisions-due')
        counts.recognitionInReview = at('recognition-in-review')
        counts.recognitionDecisionsDue = at('recognition-decisions-due')
        counts.periodicReviewsDue = at('periodic-reviews-due')
        counts.periodicReviewsOpen = at('periodic-reviews-open')
        counts.deliveryApplications = at('delivery-applications')
        counts.qualityReturnsToReview = at('quality-returns')
      }
      if (roles.includes('credential_group_member')) {
        const byState = await repo.countProposalsByState(db)
        const inState = (state: ProposalState) => Number(byState.find((r) => r.state === state)?.n ?? 0)
        counts.proposalsWithGroup = inState('with_group')
        counts.proposalsDeferred = inState('deferred')
      }
      if (roles.includes('specification_author')) {
        const work = await repo.countAuthorWork(db, userId)
        counts.myProposals = work.proposalsToFinish
        counts.myProposalsInProcess = work.proposalsInProcess
        counts.myDrafts = work.specificationsToWrite
        counts.mySpecificationsInReview = work.specificationsInReview
        counts.myRecognitionOpen = work.recognitionOpen
        counts.applicationsReturned = await repo.countApplicationsReturnedTo(db, userId)
      }
      if (roles.includes('provider_admin') || roles.includes('provider_staff')) {
        // Owed and due within 30 days, or overdue: the same as the provider's dashboard shows.
        counts.qualityReturnsDue = await returnsRepo.countOwedFor(db, userId, addDays(today, 30))
        counts.deliveriesAwaitingDecision = await repo.countDeliveriesAppliedFor(db, userId)
      }
      if (roles.includes('independent_reviewer')) {
        counts.reviewsAssignedToMe = await repo.countReviewsAwaiting(db, userId)
      }
      return counts
    },
  }
}
