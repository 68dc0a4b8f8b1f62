// The numbers on each person's home page: what waits for them in the approval process.
import type { Kysely } from 'kysely'
import type { Role } from '../domain/accounts.ts'
import { REMINDER_DAYS } from '../domain/credential-lifecycle.ts'
import { MIN_REVIEWERS } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import * as returnsRepo from '../repositories/quality-returns.ts'
import * as repo from '../repositories/work-queue.ts'

export type QueueName =
  | 'proposalsToCheck'
  | 'proposalsWithGroup'
  | 'myProposals'
  | 'myDrafts'
  | 'reviewsAssignedToMe'
  | 'versionsNeedingReviewers'
  | 'decisionsDue'
  | 'periodicReviewsDue'
  | 'qualityReturnsToReview'
  | 'qualityReturnsDue'

export type QueueCounts = Partial<Record<QueueName, number>>

export interface WorkQueueService {
  /** Only the queues the person's roles give them; `today` as 'YYYY-MM-DD'. */
  countsFor(userId: string, roles: readonly Role[], today: string): Promise<QueueCounts>
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10)

export function createWorkQueueService(db: Kysely<Database>): WorkQueueService {
  return {
    async countsFor(userId, roles, today) {
      const counts: QueueCounts = {}
      if (roles.includes('centre_admin')) {
        counts.proposalsToCheck = await repo.countProposalsInState(db, 'submitted')
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
