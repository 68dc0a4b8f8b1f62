// The numbers on each person's home page: what waits for them in the approval process.
import type { Kysely } from 'kysely'
import type { Role } from '../domain/accounts.ts'
import { REMINDER_DAYS } from '../domain/credential-lifecycle.ts'
import { MIN_REVIEWERS } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import * as returnsRepo from '../repositories/quality-returns.ts'
import * as repo from '../repositories/work-queue.ts'
import * as pipelineRepo from '../repositories/pipeline.ts'
import { PIPELINE_STAGES, STAGE_INFO, waitingLabel, type PipelineStage } from '../domain/pipeline.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'

export type QueueName =
  | 'proposalsToCheck'
  | 'proposalsWithGroup'
  | 'myProposals'
  | 'myDrafts'
  | 'reviewsAssignedToMe'
  | 'versionsNeedingReviewers'
  | 'versionsUnderReview'
  | 'deliveryApplications'
  | 'decisionsDue'
  | 'periodicReviewsDue'
  | 'qualityReturnsToReview'
  | 'qualityReturnsDue'

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
      return `${version}/reviewers`
    case 'decisions-due':
      return `${version}/decision`
    case 'periodic-reviews-due':
      return `/periodic-reviews/${row.slug ?? ''}`
    case 'delivery-applications':
      return `/deliveries/${row.id}`
    case 'quality-returns':
      return `/quality-returns/${row.id}`
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
  return {
    async pipeline(now, today, itemsEach) {
      const stages: StageSummary[] = []
      // One stage after another: on PGlite there is one connection anyway.
      for (const stage of PIPELINE_STAGES) stages.push(await summary(stage, now, today, itemsEach, 0))
      return stages
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
        counts.proposalsToCheck = await repo.countProposalsInState(db, 'submitted')
        counts.proposalsWithGroup = await repo.countProposalsInState(db, 'with_group')
        counts.versionsUnderReview = await pipelineRepo.countStage(db, 'under-review', rulesFor(today))
        counts.deliveryApplications = await pipelineRepo.countStage(
          db,
          'delivery-applications',
          rulesFor(today),
        )
        counts.versionsNeedingReviewers = await repo.countVersionsNeedingReviewers(db, MIN_REVIEWERS)
        counts.decisionsDue = await repo.countDecisionsDue(db, MIN_REVIEWERS)
        counts.periodicReviewsDue = await repo.countPeriodicReviewsDue(db, addDays(today, REMINDER_DAYS[0]))
        counts.qualityReturnsToReview = await returnsRepo.countSubmitted(db)
      }
      if (roles.includes('credential_group_member')) {
        counts.proposalsWithGroup = await repo.countProposalsInState(db, 'with_group')
      }
      if (roles.includes('specification_author')) {
        counts.myProposals = await repo.countOpenProposalsOf(db, userId)
        counts.myDrafts = await repo.countDraftsOf(db, userId)
      }
      if (roles.includes('provider_admin') || roles.includes('provider_staff')) {
        // Owed and due within 30 days, or overdue: the same as the provider's dashboard shows.
        counts.qualityReturnsDue = await returnsRepo.countOwedFor(db, userId, addDays(today, 30))
      }
      if (roles.includes('independent_reviewer')) {
        counts.reviewsAssignedToMe = await repo.countReviewsAwaiting(db, userId)
      }
      return counts
    },
  }
}
