// What each kind of job does, built from the services, and which of them recur. The worker
// (src/services/worker.ts) runs these; src/main.ts starts it.
//
// Moved onto jobs: sending the mail outbox (every 5 s, and it drains what is due), the
// housekeeping that used to run on a 10-minute timer in the web process (expired sessions,
// old sign-in attempts and employer checks, the daily re-check of uploaded credentials, done
// jobs older than a week), the periodic review, quality return and re-accreditation reminders (each sent
// once, whichever worker gets there first). Each is idempotent, so a run repeated after a
// crash does no harm.
//
// 'statistics': the dashboards' summary tables recomputed (src/services/statistics.ts), queued
// with every change to the awards and hourly.
//
// 'award-import': an upload or a large API batch, queued in the transaction that stores it
// (src/services/award-imports.ts).
import type { JobHandler, JobKind, JobsService } from './jobs.ts'
import type { Services } from './index.ts'
import type { RecurringJob } from './worker.ts'
import { STATISTICS_EVERY_SECONDS } from './statistics.ts'

/** Done jobs are kept this long on /admin/jobs, then deleted by housekeeping. */
export const KEEP_DONE_JOBS_DAYS = 7

export const RECURRING_JOBS: readonly RecurringJob[] = [
  { kind: 'mail', everySeconds: 5 },
  { kind: 'housekeeping', everySeconds: 10 * 60 },
  { kind: 'reminders', everySeconds: 10 * 60 },
  { kind: 'statistics', everySeconds: STATISTICS_EVERY_SECONDS },
]

/** Runs every task, then fails with every error, so that one failing task does not stop the others. */
async function allOf(tasks: Array<() => Promise<unknown>>): Promise<void> {
  const errors: unknown[] = []
  for (const task of tasks) {
    try {
      await task()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length) throw new AggregateError(errors, `${errors.length} housekeeping tasks failed`)
}

export function jobHandlers(
  services: Services & { jobs: JobsService },
): Partial<Record<JobKind, JobHandler>> {
  const today = () => services.clock.today()
  return {
    'award-import': (payload, context) => services.awardImports.runAwardImportJob(payload, context),

    // A batch of e-mails about a consultation; it queues the next batch itself.
    'consultation-notices': (payload) => services.consultationOutcomes.runNoticeJob(payload),

    async mail(_payload, { heartbeat, signal }) {
      // What is due, 20 at a time, until nothing is left or the worker stops.
      for (;;) {
        const { sent, failed } = await services.mail.deliverDue()
        if (sent + failed < 20 || signal.aborted) return
        await heartbeat()
      }
    },

    async statistics() {
      await services.statistics.refresh()
    },

    async housekeeping() {
      await allOf([
        () => services.sessions.deleteExpired(),
        () => services.authentication.pruneSignInAttempts(),
        () => services.employerChecks.pruneLookupAttempts(),
        () => services.walletIssuance.pruneNonces(),
        // Uploaded credentials last checked over a day ago are checked again, a page at a time.
        () => services.portfolio.recheckExternals(),
        () => services.jobs.pruneDone(new Date(Date.now() - KEEP_DONE_JOBS_DAYS * 86_400_000)),
      ])
    },

    async reminders() {
      await allOf([
        () => services.periodicReviews.sendDueReminders(today()),
        // Reminders of the ePortfolio route's step deadlines (src/domain/eportfolio.ts).
        () => services.eportfolio.sendDueReminders(today()),
        // Each year's quality return is made 90 days ahead, then its reminders go out.
        async () => {
          await services.qualityReturns.ensureReturns(today())
          await services.qualityReturns.sendDueReminders(today())
        },
        // Re-accreditation reminders before an accreditation ends, and periods that have ended.
        () => services.programmeAccreditation.sendReminders(),
      ])
    },
  }
}
