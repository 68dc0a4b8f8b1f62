// The statistics store's upkeep: the summary tables every dashboard reads are recomputed by a
// 'statistics' job, queued in the transaction of every change to the awards (one made, an
// import published, a status changed) and recurring hourly in case one was missed. The job's
// key keeps at most one waiting at a time, so a burst of awards costs one refresh.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import * as repo from '../repositories/statistics.ts'
import { enqueueJob } from './jobs.ts'

/** The job key that keeps at most one statistics refresh waiting. */
export const STATISTICS_JOB_KEY = 'statistics:refresh'

/** How often the refresh recurs, whatever changed. */
export const STATISTICS_EVERY_SECONDS = 60 * 60

/** Queues a refresh in the caller's transaction: it exists if and only if the change is saved. */
export async function queueStatisticsRefresh(trx: Kysely<Database> | Transaction<Database>): Promise<void> {
  await enqueueJob(trx, 'statistics', {}, { key: STATISTICS_JOB_KEY })
}

export interface StatisticsService {
  /** Recomputes every summary table in one transaction; returns when and how long it took. */
  refresh(): Promise<{ refreshedAt: Date; tookMs: number }>
}

export function createStatisticsService(db: Kysely<Database>, clock: Clock): StatisticsService {
  return {
    async refresh() {
      const refreshedAt = clock.now()
      const { tookMs } = await db.transaction().execute((trx) => repo.refreshStatistics(trx, refreshedAt))
      return { refreshedAt, tookMs }
    },
  }
}
