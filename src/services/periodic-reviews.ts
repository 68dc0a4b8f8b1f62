// Periodic review of endorsed specifications: the interval the Centre sets, reminders before
// a review falls due, and opening a review that leads either to a new version (through the
// same review steps as any draft) or to withdrawal, with the catalogue status following.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import { isUuid } from '../domain/identifiers.ts'
import type { Clock } from '../domain/clock.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'
import {
  DEFAULT_REVIEW_INTERVAL_MONTHS,
  nextReviewDue,
  nextStatus,
  overdueInWords,
  REMINDER_DAYS,
  reminderDue,
  reminderKey,
  type ReviewReminder,
  reviewUrgency,
  type ReviewUrgency,
} from '../domain/credential-lifecycle.ts'
import { apply, type VersionRecord, type VersionState } from '../domain/specification-lifecycle.ts'
import type { Database } from '../db/schema.ts'
import { longDate } from '../domain/dates.ts'
import { countOf } from '../domain/numbers.ts'
import * as repo from '../repositories/periodic-reviews.ts'
import { listPeopleWithRole } from '../repositories/role-grants.ts'
import { findUserById } from '../repositories/user-accounts.ts'
import * as credentialsRepo from '../repositories/credentials.ts'
import * as credentialEvents from '../repositories/credential-events.ts'
import * as specs from '../repositories/specifications.ts'
import { SYSTEM_ACTOR } from './audit.ts'
import { ServiceError } from './errors.ts'
import {
  changeStatus,
  domainActor,
  recordStep,
  refused,
  staleRecord,
  tell,
  tellRole,
  toTimeline,
  type ProcessActor,
  type TimelineEntry,
} from './process.ts'
import { present } from '../domain/present.ts'
import { emptySpecification } from '../domain/specification-content.ts'

export const MIN_INTERVAL_MONTHS = 1
export const MAX_INTERVAL_MONTHS = 120

export interface DueReview {
  slug: string
  title: string
  areaName: string
  status: CredentialStatus
  dueOn: string
  urgency: ReviewUrgency
}

export interface OpenReviewSummary {
  slug: string
  title: string
  areaName: string
  status: CredentialStatus
  dueOn: string
  urgency: ReviewUrgency
  openedAt: Date
  openedBy: string
  version: { number: number; state: VersionState } | null
}

export interface OverdueReview {
  slug: string
  title: string
  dueOn: string
  /** "1 year and 11 months". */
  overdueFor: string
}

export interface PeriodicReviewOverview {
  /** Due within the first reminder's notice period, or overdue, and not yet opened. */
  due: DueReview[]
  open: OpenReviewSummary[]
}

export interface CredentialReview {
  slug: string
  title: string
  areaName: string
  status: CredentialStatus
  rowVersion: number
  /** The interval set for this credential, or null when the default applies. */
  intervalMonths: number | null
  effectiveIntervalMonths: number
  nextReviewDue: string | null
  urgency: ReviewUrgency | null
  /** Null for a credential endorsed before the platform, whose specification is not held here. */
  latestPublished: { number: number; publishedOn: string; state: VersionState } | null
  /** The day the review of a credential endorsed before the platform counts from. */
  endorsedOn: string | null
  leadAuthor: { id: string; name: string } | null
  /** People who can be chosen to write the new version. */
  authors: Array<{ id: string; name: string }>
  openReview: { dueOn: string; openedAt: Date; openedBy: string } | null
  /** The version being written or reviewed, if any. */
  openVersion: { number: number; state: VersionState } | null
  pastReviews: Array<{
    dueOn: string
    openedAt: Date
    closedAt: Date | null
    outcome: string | null
    reason: string | null
  }>
  timeline: TimelineEntry[]
}

export interface PeriodicReviewsService {
  overview(today: string): Promise<PeriodicReviewOverview>
  get(slug: string, today: string): Promise<CredentialReview | null>
  /** Home-page counts: periodic reviews due or overdue and not yet opened (admins only). */
  counts(actor: ProcessActor, today?: string): Promise<{ periodicDue: number }>
  /** The most overdue reviews not yet opened, at most `limit`, and how many there are (admins only). */
  overdue(
    actor: ProcessActor,
    today: string,
    limit: number,
  ): Promise<{ items: OverdueReview[]; total: number }>
  setInterval(slug: string, rowVersion: number, months: number, actor: ProcessActor): Promise<string>
  openReview(slug: string, rowVersion: number, actor: ProcessActor): Promise<void>
  /** Starts version n+1 as a draft copy of the latest published one; returns its number. */
  startNewVersion(
    slug: string,
    rowVersion: number,
    actor: ProcessActor,
    authorId?: string | null,
  ): Promise<number>
  withdraw(slug: string, rowVersion: number, reason: string, actor: ProcessActor): Promise<void>
  /** E-mails the reminders owed today; safe to run from several workers. Returns how many. */
  sendDueReminders(today: string): Promise<number>
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (day: string, days: number) => isoDate(new Date(Date.parse(day) + days * 86_400_000))
const isAdmin = (actor: ProcessActor) => actor.roles.includes('centre_admin')

function onlyAdmins(actor: ProcessActor) {
  if (!isAdmin(actor)) throw new ServiceError('Only Centre admins manage periodic reviews')
}

/** The domain's view of a published version, for withdrawing it. */
function publishedRecord(authorId: string): VersionRecord {
  return { state: 'published', authorId, missing: [], criteriaCount: 0, reviews: [], decision: null }
}

/** A reminder's subject, opening sentence and timeline entry, dates in words. */
export function reminderWords(title: string, dueOn: string, reminder: ReviewReminder, today: string) {
  const due = longDate(dueOn)
  switch (reminder.kind) {
    case 'before':
      return {
        subject: `Periodic review due ${due}: ${title}`,
        lead: `The periodic review of ${title} falls due on ${due}, in ${reminder.daysBefore === 7 ? 'a week' : `${reminder.daysBefore} days`} or less.`,
        summary: `Reminder sent: periodic review due ${due} (${reminder.daysBefore} days' notice)`,
      }
    case 'due':
      return {
        subject: `Periodic review due today, ${due}: ${title}`,
        lead: `The periodic review of ${title} falls due today, ${due}.`,
        summary: `Reminder sent: periodic review due today, ${due}`,
      }
    case 'overdue': {
      const late = overdueInWords(dueOn, today)
      return {
        subject: `Periodic review overdue by ${late}: ${title}`,
        lead: `The periodic review of ${title} fell due on ${due} and is ${late} overdue. Until the review is opened, a reminder goes out each month.`,
        summary: `Reminder sent: periodic review due ${due}, ${late} overdue`,
      }
    }
  }
}

export function createPeriodicReviewsService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): PeriodicReviewsService {
  const link = (slug: string) => `${config.baseUrl}/periodic-reviews/${slug}`

  /** The credential, locked, at the row version the person saw. */
  async function claim(trx: Transaction<Database>, slug: string, rowVersion: number) {
    const found = await credentialsRepo.findCredentialBySlug(trx, slug)
    if (!found) throw new ServiceError('There is no such credential')
    const credential = await repo.claimCredential(trx, found.id, rowVersion)
    if (!credential) throw staleRecord()
    return { ...credential, area_name: found.area_name }
  }

  /**
   * The day a credential's reviews count from: its latest version's publication here, or for
   * one the Centre endorsed before the platform, the day recorded for that. Catalogue entries
   * that are neither have nothing to review.
   */
  async function reviewBasis(
    trx: Transaction<Database>,
    credential: { id: string; endorsed_on: string | null },
  ) {
    const latest = await specs.findLatestPublished(trx, credential.id)
    if (latest?.published_at) return isoDate(latest.published_at)
    if (credential.endorsed_on) return credential.endorsed_on
    throw refused('This credential has no specification published on the platform')
  }

  return {
    async overview(today) {
      const [due, open] = await Promise.all([
        repo.listDueCredentials(db, addDays(today, REMINDER_DAYS[0])),
        repo.listOpenReviews(db),
      ])
      return {
        due: due.map((r) => {
          const dueOn = present(r.next_review_due, `the review due date of ${r.slug}, listed as due`)
          return {
            slug: r.slug,
            title: r.title,
            areaName: r.area_name,
            status: r.status,
            dueOn,
            urgency: reviewUrgency(dueOn, today),
          }
        }),
        open: open.map((r) => ({
          slug: r.slug,
          title: r.title,
          areaName: r.area_name,
          status: r.status,
          dueOn: r.due_date,
          urgency: reviewUrgency(r.due_date, today),
          openedAt: r.opened_at,
          openedBy: r.opened_by_name,
          version:
            r.version_number === null || r.version_state === null
              ? null
              : { number: r.version_number, state: r.version_state },
        })),
      }
    },

    async get(slug, today) {
      const credential = await credentialsRepo.findCredentialBySlug(db, slug)
      if (!credential) return null
      const found = await specs.findLatestPublished(db, credential.id)
      const latest = found?.published_at ? { ...found, published_at: found.published_at } : null
      if (!latest && !credential.endorsed_on) return null
      const [open, openVersion, past, authors, lead, events] = await Promise.all([
        repo.findOpenReview(db, credential.id),
        specs.findOpenVersion(db, credential.id),
        repo.listClosedReviews(db, credential.id),
        listPeopleWithRole(db, 'specification_author'),
        credential.lead_author_id ? findUserById(db, credential.lead_author_id) : undefined,
        credentialEvents.listCredentialEvents(db, credential.id, null),
      ])
      return {
        slug: credential.slug,
        title: credential.title,
        areaName: credential.area_name,
        status: credential.status,
        rowVersion: credential.row_version,
        intervalMonths: credential.review_interval_months,
        effectiveIntervalMonths: credential.review_interval_months ?? DEFAULT_REVIEW_INTERVAL_MONTHS,
        nextReviewDue: credential.next_review_due,
        urgency: credential.next_review_due ? reviewUrgency(credential.next_review_due, today) : null,
        latestPublished: latest
          ? { number: latest.number, publishedOn: isoDate(latest.published_at), state: latest.state }
          : null,
        endorsedOn: credential.endorsed_on,
        leadAuthor: lead ? { id: lead.id, name: lead.display_name } : null,
        authors: authors.map((a) => ({ id: a.id, name: a.display_name })),
        openReview: open
          ? { dueOn: open.due_date, openedAt: open.opened_at, openedBy: open.opened_by_name }
          : null,
        openVersion: openVersion ? { number: openVersion.number, state: openVersion.state } : null,
        pastReviews: past.map((p) => ({
          dueOn: p.due_date,
          openedAt: p.opened_at,
          closedAt: p.closed_at,
          outcome: p.outcome,
          reason: p.reason,
        })),
        timeline: toTimeline(events),
      }
    },

    async overdue(actor, today, limit) {
      if (!isAdmin(actor)) return { items: [], total: 0 }
      const yesterday = addDays(today, -1)
      const [rows, total] = await Promise.all([
        repo.listDueCredentials(db, yesterday, limit),
        repo.countDueCredentials(db, yesterday),
      ])
      return {
        items: rows.map((r) => {
          const dueOn = present(r.next_review_due, `the review due date of ${r.slug}, listed as overdue`)
          return { slug: r.slug, title: r.title, dueOn, overdueFor: overdueInWords(dueOn, today) }
        }),
        total,
      }
    },

    async counts(actor, today = clock.today()) {
      if (!isAdmin(actor)) return { periodicDue: 0 }
      return { periodicDue: await repo.countDueCredentials(db, addDays(today, REMINDER_DAYS[0])) }
    },

    async setInterval(slug, rowVersion, months, actor) {
      onlyAdmins(actor)
      if (!Number.isInteger(months) || months < MIN_INTERVAL_MONTHS || months > MAX_INTERVAL_MONTHS) {
        throw new ServiceError(
          `Enter a review interval between ${MIN_INTERVAL_MONTHS} and ${MAX_INTERVAL_MONTHS} months, as a whole number`,
          'interval',
        )
      }
      return db.transaction().execute(async (trx) => {
        const credential = await claim(trx, slug, rowVersion)
        if (credential.status === 'withdrawn') {
          throw refused('This credential has been withdrawn, so nothing more can be done to it')
        }
        const due = nextReviewDue(await reviewBasis(trx, credential), months)
        await repo.claimCredential(trx, credential.id, credential.row_version, {
          review_interval_months: months,
          next_review_due: due,
        })
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          action: 'credential.review_interval_set',
          summary: `Set the periodic review interval to ${countOf(months, 'month')}; next review due ${longDate(due)}`,
          entityType: 'credential',
          entityId: credential.id,
          before: {
            reviewIntervalMonths: credential.review_interval_months,
            nextReviewDue: credential.next_review_due,
          },
          after: { reviewIntervalMonths: months, nextReviewDue: due },
        })
        return due
      })
    },

    async openReview(slug, rowVersion, actor) {
      onlyAdmins(actor)
      await db.transaction().execute(async (trx) => {
        const credential = await claim(trx, slug, rowVersion)
        const open = await repo.findOpenReview(trx, credential.id)
        // The domain checks the status first, which would give a less helpful reason here.
        if (open) throw refused('A periodic review of this credential is already open')
        const outcome = nextStatus(credential.status, { type: 'open_periodic_review' }, !!open)
        if (!outcome.ok) throw refused(outcome.reason)
        await reviewBasis(trx, credential)
        const dueOn = credential.next_review_due ?? clock.today()
        await repo.insertReview(trx, { credentialId: credential.id, dueDate: dueOn, openedBy: actor.userId })
        await changeStatus(trx, actor, credential.id, outcome.status, 'Periodic review opened', clock.now())
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          action: 'periodic_review.opened',
          summary: `Opened the periodic review due ${longDate(dueOn)}`,
          entityType: 'credential',
          entityId: credential.id,
          before: { status: credential.status },
          after: { status: outcome.status, dueOn },
        })
        if (credential.lead_author_id) {
          await tell(trx, credential.lead_author_id, `Periodic review opened: ${credential.title}`, [
            `The Centre has opened the periodic review of ${credential.title}, due ${longDate(dueOn)}.`,
            'The review leads either to a new version of the specification, which goes through independent review, or to its withdrawal. The Centre will tell you which.',
            '',
            link(slug),
          ])
        }
      })
    },

    async startNewVersion(slug, rowVersion, actor, authorId) {
      onlyAdmins(actor)
      return db.transaction().execute(async (trx) => {
        const credential = await claim(trx, slug, rowVersion)
        const open = await repo.findOpenReview(trx, credential.id)
        const outcome = nextStatus(credential.status, { type: 'start_version' }, !!open)
        if (!outcome.ok) throw refused(outcome.reason)
        if (!open) throw refused('Open the periodic review before you start a new version')
        const current = await specs.findOpenVersion(trx, credential.id)
        if (current) throw refused(`Version ${current.number} is already being written or reviewed`)
        const latest = await specs.findLatestPublished(trx, credential.id)
        // Endorsed before the platform: the new version starts blank, its content not held here.
        if (!latest && !credential.endorsed_on)
          throw refused('This credential has no published specification to start from')

        const author = authorId || credential.lead_author_id
        if (!author) throw new ServiceError('Select who will write the new version', 'author')
        if (!isUuid(author) || !(await repo.personHoldsRole(trx, author, 'specification_author'))) {
          throw new ServiceError('Select a specification author from the list', 'author')
        }
        const number = await specs.nextVersionNumber(trx, credential.id)
        await specs.insertVersion(trx, {
          credential_id: credential.id,
          number,
          kind: latest?.kind ?? 'specification',
          author_id: author,
          state: 'draft',
          content: JSON.stringify(latest ? latest.content : emptySpecification()),
        })
        if (!credential.lead_author_id) await repo.setLeadAuthor(trx, credential.id, author)
        if (outcome.status !== credential.status) {
          await changeStatus(
            trx,
            actor,
            credential.id,
            outcome.status,
            `Version ${number} started`,
            clock.now(),
          )
        }
        const person = await findUserById(trx, author)
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          versionNumber: number,
          action: 'version.started',
          summary: `Started version ${number} ${latest ? `from version ${latest.number} ` : ''}for the periodic review, written by ${person?.display_name ?? 'the author'}`,
          entityType: 'specification_version',
          entityId: `${credential.id}:${number}`,
          after: { number, authorId: author, from: latest?.number ?? null },
        })
        await tell(trx, author, `New version to write: ${credential.title}`, [
          `The periodic review of ${credential.title} needs a new version of the specification.`,
          latest
            ? `Version ${number} is ready for you to revise, starting from the content of version ${latest.number}. When it is complete, submit it for independent review.`
            : `Version ${number} is ready for you to write: the specification endorsed before this service is not held here, so it starts blank. When it is complete, submit it for independent review.`,
          '',
          `${config.baseUrl}/specifications/${slug}`,
        ])
        return number
      })
    },

    async withdraw(slug, rowVersion, reason, actor) {
      onlyAdmins(actor)
      const why = reason.trim()
      if (!why) throw new ServiceError('Enter why the credential is withdrawn', 'reason')
      if (why.length > 2000) throw new ServiceError('The reason must be 2,000 characters or fewer', 'reason')
      await db.transaction().execute(async (trx) => {
        const credential = await claim(trx, slug, rowVersion)
        const open = await repo.findOpenReview(trx, credential.id)
        const outcome = nextStatus(credential.status, { type: 'withdraw' }, !!open)
        if (!outcome.ok) throw refused(outcome.reason)
        await reviewBasis(trx, credential)
        const current = await specs.findOpenVersion(trx, credential.id)
        if (current && current.state !== 'draft') {
          throw refused(
            `Version ${current.number} is under review. Record the decision on it before you withdraw the credential`,
          )
        }
        for (const version of await repo.listPublishedVersions(trx, credential.id)) {
          const result = apply(publishedRecord(version.author_id), domainActor(actor), {
            type: 'withdraw',
            reason: why,
          })
          if (!result.ok) throw refused(result.reason)
          const updated = await specs.updateVersion(trx, version.id, version.row_version, {
            state: result.record.state,
          })
          if (!updated) throw staleRecord()
        }
        if (open)
          await repo.closeReview(trx, open.id, { outcome: 'withdrawn', reason: why, closedAt: clock.now() })
        await repo.setNextReviewDue(trx, credential.id, null)
        await changeStatus(trx, actor, credential.id, outcome.status, why, clock.now())
        await recordStep(trx, actor, {
          at: clock.now(),
          credentialId: credential.id,
          action: 'credential.withdrawn',
          summary: open ? 'Withdrew the credential at its periodic review' : 'Withdrew the credential',
          reason: why,
          entityType: 'credential',
          entityId: credential.id,
          before: { status: credential.status },
          after: { status: outcome.status, reason: why },
        })
        if (credential.lead_author_id) {
          await tell(trx, credential.lead_author_id, `Credential withdrawn: ${credential.title}`, [
            `The Centre has withdrawn ${credential.title}.`,
            '',
            `Reason: ${why}`,
            '',
            'Its published specification stays available, marked as withdrawn.',
            `${config.baseUrl}/credentials/${slug}`,
          ])
        }
      })
    },

    async sendDueReminders(today) {
      const candidates = await repo.listReminderCandidates(db, addDays(today, REMINDER_DAYS[0]))
      let sent = 0
      for (const candidate of candidates) {
        const dueOn = present(candidate.next_review_due, 'the review due date of a reminder candidate')
        const reminder = reminderDue(dueOn, today)
        if (reminder === null) continue
        const words = reminderWords(candidate.title, dueOn, reminder, today)
        // One transaction per reminder: its record and its e-mails are kept together.
        const claimed = await db.transaction().execute(async (trx) => {
          if (!(await repo.claimReminder(trx, candidate.id, dueOn, reminderKey(dueOn, reminder))))
            return false
          await tellRole(trx, 'centre_admin', words.subject, [
            words.lead,
            'Open the review to decide whether the specification needs a new version or should be withdrawn.',
            '',
            link(candidate.slug),
          ])
          const lead = candidate.lead_author_id
          // A lead author who is also a Centre admin has had the admins' e-mail.
          if (lead && !(await repo.personHoldsRole(trx, lead, 'centre_admin'))) {
            await tell(trx, lead, words.subject, [
              `${words.lead} You lead this credential.`,
              'The Centre will open the review and may ask you to write a new version.',
            ])
          }
          await recordStep(trx, SYSTEM_ACTOR, {
            at: clock.now(),
            credentialId: candidate.id,
            action: 'periodic_review.reminder_sent',
            summary: words.summary,
            entityType: 'credential',
            entityId: candidate.id,
          })
          return true
        })
        if (claimed) sent++
      }
      return sent
    },
  }
}
