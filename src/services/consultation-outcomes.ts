// Reading responses and publishing the outcome of a consultation. Centre admins read the
// confirmed responses by question and by passage (filtered, a page at a time), hide abusive
// answers and comments (audited, never published), group what was said into themes ("you
// said", "we did", the learning outcomes of the next specification version that changed), and
// download everything as CSV. After the close they publish the outcome: a public page with who
// responded, a summary per question, the themes with quotes as each respondent allowed, and
// what changed. Respondents are then e-mailed, and so are subscribers when a consultation in
// their area is published; long lists of e-mails go through the job queue, a batch per job.
// Each use case is one transaction.
import { createHmac, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import {
  attributionInWords,
  MAX_HIDE_REASON,
  MAX_OUTCOME_SUMMARY,
  MAX_THEME_NAME,
  MAX_THEME_TEXT,
  publishableQuote,
  summaryFromCounts,
  type OptionCount,
} from '../domain/consultation-outcomes.ts'
import {
  CAPACITIES,
  CAPACITY_LABELS,
  consultationPhase,
  PHASE_LABELS,
  PUBLICATION_LABELS,
  QUESTION_KIND_LABELS,
  type Capacity,
  type ConsultationPhase,
  type QuestionKind,
} from '../domain/consultations.ts'
import { emailProblem } from '../domain/accounts.ts'
import { longDate } from '../domain/dates.ts'
import { isUuid } from '../domain/identifiers.ts'
import { countOf } from '../domain/numbers.ts'
import { isOneOf, REGION_LABELS, REGIONS, type Region } from '../domain/providers.ts'
import { readSpecification } from '../domain/specification-content.ts'
import * as answersRepo from '../repositories/consultation-answers.ts'
import * as commentsRepo from '../repositories/consultation-comments.ts'
import * as questionsRepo from '../repositories/consultation-questions.ts'
import * as responsesRepo from '../repositories/consultation-responses.ts'
import type { RespondentFilter } from '../repositories/consultation-responses.ts'
import * as subscriptionsRepo from '../repositories/consultation-subscriptions.ts'
import * as themesRepo from '../repositories/consultation-themes.ts'
import * as consultationsRepo from '../repositories/consultations.ts'
import { listAreas } from '../repositories/clinical-areas.ts'
import { findVersion } from '../repositories/specifications.ts'
import { recordAudit } from './audit.ts'
import { inBatches } from './batches.ts'
import { FieldProblems, NotFound, ServiceError } from './errors.ts'
import { enqueueJob } from './jobs.ts'
import { enqueueMail } from './mail.ts'
import { refused, staleRecord, type ProcessActor } from './process.ts'
import { hashToken } from './tokens.ts'

export type { RespondentFilter }

/** E-mails queued by one job; the job queues the next batch itself. */
export const NOTICE_BATCH = 200
/** Quotes shown under each theme on the outcome page. */
export const QUOTES_PER_THEME = 5

export interface ConsultationHeader {
  id: string
  number: number
  title: string
  purpose: string
  phase: ConsultationPhase
  phaseLabel: string
  opensOn: string
  closesOn: string
  rowVersion: number
  outcomePublishedAt: Date | null
  subject: 'document' | 'specification'
  credential: { slug: string; title: string } | null
  versionNumber: number | null
}

export interface Respondent {
  name: string
  organisation: string
  capacityLabel: string
  profession: string | null
  regionLabel: string | null
  publicationLabel: string
}

export interface ReadItem {
  id: string
  kind: 'answer' | 'comment'
  text: string
  choices: string[]
  respondent: Respondent
  hiddenReason: string | null
  themes: { id: string; name: string }[]
}

export type ReadingView = { kind: 'question'; questionId?: string } | { kind: 'passage'; passageKey?: string }

export interface ReadingPage {
  consultation: ConsultationHeader
  respondents: number
  professions: string[]
  questions: { id: string; position: number; prompt: string; kindLabel: string }[]
  passages: { passageKey: string; quote: string; count: number }[]
  view: 'question' | 'passage'
  questionId: string | null
  passageKey: string | null
  items: ReadItem[]
  total: number
  themes: { id: string; name: string }[]
}

export interface ThemeSummary {
  id: string
  name: string
  youSaid: string
  weDid: string
  tagged: number
  rowVersion: number
}

export interface NextVersion {
  id: string
  number: number
  /** Whether it has been published: until then its pages and the comparison do not exist. */
  published: boolean
  outcomes: { code: string; text: string }[]
}

export interface ThemeEdit extends ThemeSummary {
  consultation: ConsultationHeader
  nextVersion: NextVersion | null
  changedCodes: string[]
}

export interface ThemeInput {
  name: string
  youSaid: string
  weDid: string
  /** Codes of the next version's learning outcomes that changed because of the theme. */
  changedCodes: readonly string[]
}

export interface HideTarget {
  consultation: ConsultationHeader
  kind: 'answer' | 'comment'
  id: string
  text: string
  /** The question answered, or the passage commented on. */
  about: string
}

export interface OutcomeQuestion {
  id: string
  position: number
  prompt: string
  kind: QuestionKind
  answered: number
  counts: OptionCount[]
}

export interface OutcomeTheme {
  id: string
  name: string
  youSaid: string
  weDid: string
  count: number
  quotes: { text: string; attribution: string }[]
  changes: { code: string; text: string; href: string }[]
}

export interface OutcomeView {
  consultation: ConsultationHeader
  summary: string
  publishedOn: string
  respondents: number
  byCapacity: { label: string; count: number }[]
  byRegion: { label: string; count: number }[]
  questions: OutcomeQuestion[]
  themes: OutcomeTheme[]
  /** Its page and the comparison with the consulted version: null until it is published. */
  nextVersion: { number: number; href: string | null; compareHref: string | null } | null
}

export interface PublishCheck {
  consultation: ConsultationHeader
  respondents: number
  themes: number
  themesWithoutWeDid: string[]
}

export interface SubscriptionView {
  email: string
  areaName: string | null
  confirmed: boolean
}

export type CsvCell = string | number | boolean | null

export const EXPORT_HEADER = [
  'Record',
  'Response',
  'Name',
  'Email',
  'Organisation',
  'Capacity',
  'Profession',
  'Region',
  'May be published',
  'Confirmed on',
  'Question or passage',
  'Text',
  'Themes',
  'Hidden as abusive',
  'Reason hidden',
] as const

export interface ConsultationOutcomesService {
  readResponses(
    number: number,
    view: ReadingView,
    filter: RespondentFilter,
    offset: number,
    limit: number,
  ): Promise<ReadingPage>
  hideTarget(number: number, kind: 'answer' | 'comment', id: string): Promise<HideTarget>
  checkHide(number: number, kind: 'answer' | 'comment', id: string, reason: string): Promise<HideTarget>
  hide(
    number: number,
    kind: 'answer' | 'comment',
    id: string,
    reason: string,
    actor: ProcessActor,
  ): Promise<void>
  themes(number: number): Promise<{ consultation: ConsultationHeader; themes: ThemeSummary[] }>
  createTheme(number: number, input: ThemeInput, actor: ProcessActor): Promise<string>
  theme(number: number, id: string): Promise<ThemeEdit>
  updateTheme(
    number: number,
    id: string,
    rowVersion: number,
    input: ThemeInput,
    actor: ProcessActor,
  ): Promise<void>
  tag(
    number: number,
    change: { themeId: string; kind: 'answer' | 'comment'; id: string; remove: boolean },
    actor: ProcessActor,
  ): Promise<void>
  /** Every response, answer, comment and theme, a batch of rows at a time; staff only. */
  exportRows(number: number): Promise<{ filename: string; batches: AsyncIterable<CsvCell[][]> }>
  checkPublish(number: number, rowVersion: number, summary: string): Promise<PublishCheck>
  publishOutcome(number: number, rowVersion: number, summary: string, actor: ProcessActor): Promise<void>
  outcome(number: number): Promise<OutcomeView | null>
  header(number: number): Promise<ConsultationHeader>
  /** Learning outcomes of a specification version changed because of a published consultation. */
  changedAfterConsultation(
    credentialSlug: string,
    versionNumber: number,
  ): Promise<Record<string, { number: number; title: string; href: string }>>
  /** Queues the e-mails to subscribers in the consultation's area (call when it is published). */
  notifySubscribers(consultationId: string): Promise<void>
  /** The job: one batch of notices, then the next batch queued. */
  runNoticeJob(payload: Record<string, unknown>): Promise<void>
  subscribeOptions(): Promise<{ id: number; name: string }[]>
  subscribe(input: { email: string; areaId: number | null; userId: string | null }): Promise<void>
  subscription(token: string): Promise<SubscriptionView | null>
  confirmSubscription(token: string): Promise<SubscriptionView | null>
  unsubscribe(token: string): Promise<SubscriptionView | null>
}

/**
 * Queues the e-mails to the subscribers of a consultation's area, inside the transaction that
 * publishes it, so they go if and only if it was published. The job sends a batch and queues
 * the next, so a long list never holds a request or one long job.
 */
export async function queueSubscriberNotices(trx: Kysely<Database>, consultationId: string): Promise<void> {
  await enqueueJob(
    trx,
    'consultation-notices',
    { kind: 'published', consultationId },
    { key: `consultation-notices:published:${consultationId}:start` },
  )
}

const regionLabel = (region: string | null) =>
  region && isOneOf(REGIONS, region) ? REGION_LABELS[region] : null

const respondentOf = (r: {
  name: string
  organisation: string
  capacity: Capacity
  profession: string | null
  region: Region | null
  publication: 'named' | 'organisation' | 'anonymous'
}): Respondent => ({
  name: r.name,
  organisation: r.organisation,
  capacityLabel: CAPACITY_LABELS[r.capacity],
  profession: r.profession,
  regionLabel: regionLabel(r.region),
  publicationLabel: PUBLICATION_LABELS[r.publication],
})

/** "outcome:LO2" as "Learning outcome LO2"; "section-3" as "Section 3"; anything else as it is. */
export function passageInWords(key: string): string {
  const outcome = /^outcome:(.+)$/.exec(key)
  if (outcome) return `Learning outcome ${outcome[1]}`
  const words = key.replace(/[-_:]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function createConsultationOutcomesService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): ConsultationOutcomesService {
  /** The unsubscribe token of a subscription: derived from its id, so each e-mail can carry it again. */
  const tokenOf = (subscriptionId: string) =>
    createHmac('sha256', config.credentialMasterKey)
      .update(`consultation-subscription:${subscriptionId}`)
      .digest('base64url')
  const link = (path: string) => new URL(path, config.baseUrl).toString()
  const unsubscribeLink = (subscriptionId: string) =>
    link(`/consultations/unsubscribe?token=${encodeURIComponent(tokenOf(subscriptionId))}`)

  type Row = NonNullable<Awaited<ReturnType<typeof consultationsRepo.findConsultationByNumber>>>
  const headerOf = (c: Row): ConsultationHeader => {
    const phase = consultationPhase(
      {
        state: c.state,
        opensOn: c.opens_on,
        closesOn: c.closes_on,
        outcomePublishedAt: c.outcome_published_at,
      },
      clock.now(),
    )
    return {
      id: c.id,
      number: c.number,
      title: c.title,
      purpose: c.purpose,
      phase,
      phaseLabel: PHASE_LABELS[phase],
      opensOn: c.opens_on,
      closesOn: c.closes_on,
      rowVersion: c.row_version,
      outcomePublishedAt: c.outcome_published_at,
      subject: c.subject,
      credential:
        c.credential_slug !== null && c.credential_title !== null
          ? { slug: c.credential_slug, title: c.credential_title }
          : null,
      versionNumber: c.version_number,
    }
  }

  /** A consultation staff may read: published (a draft has no responses to read). */
  async function staffConsultation(dbh: Kysely<Database>, number: number) {
    const row = await consultationsRepo.findConsultationByNumber(dbh, number)
    if (!row || row.state !== 'published') throw new NotFound()
    return { row, header: headerOf(row) }
  }

  async function nextVersionOf(dbh: Kysely<Database>, row: Row): Promise<NextVersion | null> {
    if (row.subject !== 'specification' || row.credential_id === null || row.version_number === null)
      return null
    const next = await findVersion(dbh, row.credential_id, row.version_number + 1)
    if (!next || next.kind !== 'specification') return null
    const content = readSpecification(next.content)
    return {
      id: next.id,
      number: next.number,
      published: next.published_at !== null,
      outcomes: content.outcomes.map((o) => ({ code: o.code, text: o.text })),
    }
  }

  function checkThemeInput(input: ThemeInput, next: NextVersion | null) {
    const problems = []
    if (input.name.trim() === '') problems.push({ field: 'name', text: 'Enter the name of the theme' })
    else if (input.name.length > MAX_THEME_NAME)
      problems.push({ field: 'name', text: `The name must be ${MAX_THEME_NAME} characters or fewer` })
    if (input.youSaid.length > MAX_THEME_TEXT)
      problems.push({
        field: 'youSaid',
        text: `What respondents said must be ${MAX_THEME_TEXT} characters or fewer`,
      })
    if (input.weDid.length > MAX_THEME_TEXT)
      problems.push({
        field: 'weDid',
        text: `What the Centre did must be ${MAX_THEME_TEXT} characters or fewer`,
      })
    const known = new Set(next?.outcomes.map((o) => o.code) ?? [])
    if (input.changedCodes.some((c) => !known.has(c)))
      problems.push({ field: 'changedCodes', text: 'Select learning outcomes of the next version only' })
    if (problems.length) throw new FieldProblems(problems)
  }

  async function notices(payload: Record<string, unknown>) {
    const kind = payload.kind
    const consultationId = typeof payload.consultationId === 'string' ? payload.consultationId : ''
    const after = typeof payload.after === 'string' && isUuid(payload.after) ? payload.after : null
    if (!isUuid(consultationId) || (kind !== 'outcome' && kind !== 'published')) return
    await db.transaction().execute(async (trx) => {
      const c = await consultationsRepo.findConsultationById(trx, consultationId)
      if (!c) return
      const page = link(`/consultations/${c.number}`)
      let last: string | null = null
      let count = 0
      if (kind === 'outcome') {
        const rows = await responsesRepo.confirmedResponsesAfter(trx, consultationId, after, NOTICE_BATCH)
        for (const r of rows)
          await enqueueMail(trx, {
            to: r.email,
            subject: `What we heard: ${c.title}`,
            text: [
              `Dear ${r.name},`,
              '',
              `Thank you for responding to our consultation “${c.title}”, which closed on ${longDate(c.closes_on)}.`,
              `On ${longDate(c.outcome_published_at ?? clock.now())} we published what we heard and what we changed because of it:`,
              `${page}/outcome`,
              '',
              'Centre for Advancing Practice',
            ].join('\n'),
          })
        last = rows.at(-1)?.id ?? null
        count = rows.length
      } else {
        const rows = await subscriptionsRepo.subscribersAfter(trx, c.clinical_area_id, after, NOTICE_BATCH)
        const area = c.area_name ? ` in ${c.area_name}` : ''
        for (const s of rows)
          await enqueueMail(trx, {
            to: s.email,
            subject: `New consultation: ${c.title}`,
            text: [
              `The Centre for Advancing Practice has opened a consultation${area}: “${c.title}”.`,
              '',
              c.purpose,
              '',
              `It is open from ${longDate(c.opens_on)} to ${longDate(c.closes_on)}. Read it and respond:`,
              page,
              '',
              'You asked to hear of new consultations. To stop these e-mails, follow this link:',
              unsubscribeLink(s.id),
            ].join('\n'),
          })
        last = rows.at(-1)?.id ?? null
        count = rows.length
      }
      if (count === NOTICE_BATCH && last !== null)
        await enqueueJob(
          trx,
          'consultation-notices',
          { kind, consultationId, after: last },
          {
            key: `consultation-notices:${kind}:${consultationId}:${last}`,
          },
        )
    })
  }

  async function findSubscriptionByToken(dbh: Kysely<Database>, token: string) {
    if (token === '' || token.length > 200) return undefined
    return subscriptionsRepo.findSubscriptionByTokenHash(dbh, hashToken(token))
  }

  const subscriptionView = (s: { email: string; area_name: string | null; confirmed_at: Date | null }) => ({
    email: s.email,
    areaName: s.area_name,
    confirmed: s.confirmed_at !== null,
  })

  return {
    async header(number) {
      return (await staffConsultation(db, number)).header
    },

    async readResponses(number, view, filter, offset, limit) {
      const { row, header } = await staffConsultation(db, number)
      const [respondents, professions, questions, passages, themes] = await Promise.all([
        responsesRepo.countConfirmedResponses(db, row.id, filter),
        responsesRepo.respondentProfessions(db, row.id),
        questionsRepo.listQuestions(db, row.id),
        commentsRepo.passagesCommented(db, row.id, filter),
        themesRepo.listThemes(db, row.id),
      ])
      let items: ReadItem[] = []
      let total = 0
      let questionId: string | null = null
      let passageKey: string | null = null
      if (view.kind === 'question') {
        const question = questions.find((q) => q.id === view.questionId) ?? questions[0]
        if (question) {
          questionId = question.id
          const [rows, count] = await Promise.all([
            answersRepo.listAnswers(db, row.id, question.id, filter, limit, offset),
            answersRepo.countAnswers(db, row.id, question.id, filter),
          ])
          total = count
          items = rows.map((a) => ({
            id: a.id,
            kind: 'answer',
            text: a.text_value ?? '',
            choices: a.choices,
            respondent: respondentOf(a),
            hiddenReason: a.hidden_reason,
            themes: [],
          }))
        }
      } else {
        const passage = passages.find((p) => p.passageKey === view.passageKey) ?? passages[0]
        if (passage) {
          passageKey = passage.passageKey
          total = passage.count
          const rows = await commentsRepo.listComments(db, row.id, passage.passageKey, filter, limit, offset)
          items = rows.map((m) => ({
            id: m.id,
            kind: 'comment',
            text: m.body,
            choices: [],
            respondent: respondentOf(m),
            hiddenReason: m.hidden_reason,
            themes: [],
          }))
        }
      }
      const tags = await themesRepo.tagsOf(
        db,
        items.filter((i) => i.kind === 'answer').map((i) => i.id),
        items.filter((i) => i.kind === 'comment').map((i) => i.id),
      )
      for (const item of items)
        item.themes = tags
          .filter((t) => (item.kind === 'answer' ? t.answer_id : t.comment_id) === item.id)
          .map((t) => ({ id: t.theme_id, name: t.name }))
      return {
        consultation: header,
        respondents,
        professions,
        questions: questions.map((q) => ({
          id: q.id,
          position: q.position,
          prompt: q.prompt,
          kindLabel: QUESTION_KIND_LABELS[q.kind],
        })),
        passages,
        view: view.kind,
        questionId,
        passageKey,
        items,
        total,
        themes: themes.map((t) => ({ id: t.id, name: t.name })),
      }
    },

    async hideTarget(number, kind, id) {
      const { row, header } = await staffConsultation(db, number)
      if (!isUuid(id)) throw new NotFound()
      if (kind === 'answer') {
        const a = await answersRepo.findAnswer(db, id)
        if (!a || a.consultation_id !== row.id || a.confirmed_at === null) throw new NotFound()
        if (a.hidden_at !== null) throw refused('This answer is already hidden', 'reason')
        return { consultation: header, kind, id, text: a.text_value ?? a.choices.join(', '), about: a.prompt }
      }
      const m = await commentsRepo.findComment(db, id)
      if (!m || m.consultation_id !== row.id || m.confirmed_at === null) throw new NotFound()
      if (m.hidden_at !== null) throw refused('This comment is already hidden', 'reason')
      return {
        consultation: header,
        kind,
        id,
        text: m.body,
        about: `${passageInWords(m.passage_key)}: “${m.quote}”`,
      }
    },

    async checkHide(number, kind, id, reason) {
      const target = await this.hideTarget(number, kind, id)
      if (reason.trim() === '') throw new ServiceError('Enter why it is hidden', 'reason')
      if (reason.length > MAX_HIDE_REASON)
        throw new ServiceError(`The reason must be ${MAX_HIDE_REASON} characters or fewer`, 'reason')
      return target
    },

    async hide(number, kind, id, reason, actor) {
      await this.checkHide(number, kind, id, reason)
      await db.transaction().execute(async (trx) => {
        const hidden =
          kind === 'answer'
            ? await answersRepo.hideAnswer(trx, id, reason.trim(), actor.userId, clock.now())
            : await commentsRepo.hideComment(trx, id, reason.trim(), actor.userId, clock.now())
        if (!hidden) throw refused(`This ${kind} is already hidden`, 'reason')
        await recordAudit(trx, actor, {
          action: kind === 'answer' ? 'consultation.answer_hidden' : 'consultation.comment_hidden',
          entityType: kind === 'answer' ? 'consultation_answer' : 'consultation_comment',
          entityId: id,
          after: { consultation: number, reason: reason.trim() },
        })
      })
    },

    async themes(number) {
      const { row, header } = await staffConsultation(db, number)
      const themes = await themesRepo.listThemes(db, row.id)
      return {
        consultation: header,
        themes: themes.map((t) => ({
          id: t.id,
          name: t.name,
          youSaid: t.you_said,
          weDid: t.we_did,
          tagged: t.tagged,
          rowVersion: t.row_version,
        })),
      }
    },

    async createTheme(number, input, actor) {
      const { row } = await staffConsultation(db, number)
      const next = await nextVersionOf(db, row)
      checkThemeInput(input, next)
      return db.transaction().execute(async (trx) => {
        if (await themesRepo.findThemeByName(trx, row.id, input.name.trim()))
          throw new ServiceError('There is already a theme with this name', 'name')
        const id = await themesRepo.insertTheme(trx, {
          consultationId: row.id,
          name: input.name.trim(),
          youSaid: input.youSaid.trim(),
          weDid: input.weDid.trim(),
          by: actor.userId,
        })
        if (next) await themesRepo.replaceChanges(trx, id, next.id, [...new Set(input.changedCodes)])
        await recordAudit(trx, actor, {
          action: 'consultation.theme_created',
          entityType: 'consultation_theme',
          entityId: id,
          after: { consultation: number, name: input.name.trim() },
        })
        return id
      })
    },

    async theme(number, id) {
      const { row, header } = await staffConsultation(db, number)
      if (!isUuid(id)) throw new NotFound()
      const theme = await themesRepo.findTheme(db, row.id, id)
      if (!theme) throw new NotFound()
      const [listed, next, changes] = await Promise.all([
        themesRepo.listThemes(db, row.id),
        nextVersionOf(db, row),
        themesRepo.changesOfConsultation(db, row.id),
      ])
      return {
        consultation: header,
        id: theme.id,
        name: theme.name,
        youSaid: theme.you_said,
        weDid: theme.we_did,
        tagged: listed.find((t) => t.id === id)?.tagged ?? 0,
        rowVersion: theme.row_version,
        nextVersion: next,
        changedCodes: changes
          .filter((c) => c.theme_id === id && c.specification_version_id === next?.id)
          .map((c) => c.outcome_code),
      }
    },

    async updateTheme(number, id, rowVersion, input, actor) {
      const { row } = await staffConsultation(db, number)
      if (!isUuid(id)) throw new NotFound()
      const next = await nextVersionOf(db, row)
      checkThemeInput(input, next)
      await db.transaction().execute(async (trx) => {
        const theme = await themesRepo.findTheme(trx, row.id, id)
        if (!theme) throw new NotFound()
        const same = await themesRepo.findThemeByName(trx, row.id, input.name.trim())
        if (same && same.id !== id) throw new ServiceError('There is already a theme with this name', 'name')
        const changed = await themesRepo.updateTheme(trx, id, rowVersion, {
          name: input.name.trim(),
          youSaid: input.youSaid.trim(),
          weDid: input.weDid.trim(),
        })
        if (!changed) throw staleRecord('name')
        if (next) await themesRepo.replaceChanges(trx, id, next.id, [...new Set(input.changedCodes)])
        await recordAudit(trx, actor, {
          action: 'consultation.theme_changed',
          entityType: 'consultation_theme',
          entityId: id,
          before: { name: theme.name, youSaid: theme.you_said, weDid: theme.we_did },
          after: { consultation: number, name: input.name.trim(), changedOutcomes: input.changedCodes },
        })
      })
    },

    async tag(number, change, actor) {
      const { row } = await staffConsultation(db, number)
      if (!isUuid(change.themeId) || !isUuid(change.id)) throw new ServiceError('Select a theme', 'theme')
      await db.transaction().execute(async (trx) => {
        const theme = await themesRepo.findTheme(trx, row.id, change.themeId)
        if (!theme) throw new ServiceError('Select a theme', 'theme')
        const target =
          change.kind === 'answer'
            ? await answersRepo.findAnswer(trx, change.id)
            : await commentsRepo.findComment(trx, change.id)
        if (!target || target.consultation_id !== row.id || target.confirmed_at === null) throw new NotFound()
        const ids = {
          themeId: theme.id,
          answerId: change.kind === 'answer' ? change.id : null,
          commentId: change.kind === 'comment' ? change.id : null,
        }
        const done = change.remove
          ? await themesRepo.deleteTag(trx, ids)
          : await themesRepo.insertTag(trx, { ...ids, by: actor.userId })
        if (!done) return
        await recordAudit(trx, actor, {
          action: change.remove ? 'consultation.untagged' : 'consultation.tagged',
          entityType: change.kind === 'answer' ? 'consultation_answer' : 'consultation_comment',
          entityId: change.id,
          after: { consultation: number, theme: theme.name },
        })
      })
    },

    async exportRows(number) {
      const { row } = await staffConsultation(db, number)
      const [themes, tags] = await Promise.all([
        themesRepo.listThemes(db, row.id),
        themesRepo.tagsOfConsultation(db, row.id),
      ])
      const themesOfAnswer = new Map<string, string[]>()
      const themesOfComment = new Map<string, string[]>()
      for (const t of tags) {
        const [map, key] =
          t.answer_id !== null ? [themesOfAnswer, t.answer_id] : [themesOfComment, t.comment_id ?? '']
        map.set(key, [...(map.get(key) ?? []), t.name])
      }
      const consultationId = row.id
      async function* batches(): AsyncGenerator<CsvCell[][]> {
        const blank = (n: number) => Array<CsvCell>(n).fill('')
        for await (const rows of inBatches(
          (after: string | undefined, limit) =>
            responsesRepo.confirmedResponsesAfter(db, consultationId, after ?? null, limit),
          (last) => last.id,
        ))
          yield rows.map((r) => [
            'Response',
            r.id,
            r.name,
            r.email,
            r.organisation,
            CAPACITY_LABELS[r.capacity],
            r.profession ?? '',
            regionLabel(r.region) ?? '',
            PUBLICATION_LABELS[r.publication],
            r.confirmed_at ? longDate(r.confirmed_at) : '',
            ...blank(5),
          ])
        for await (const rows of inBatches(
          (after: string | undefined, limit) =>
            answersRepo.answersAfter(db, consultationId, after ?? null, limit),
          (last) => last.id,
        ))
          yield rows.map((a) => [
            'Answer',
            a.response_id,
            ...blank(8),
            `Question ${a.position}: ${a.prompt}`,
            a.hidden_at !== null ? '[hidden]' : (a.text_value ?? a.choices.join('; ')),
            (themesOfAnswer.get(a.id) ?? []).join('; '),
            a.hidden_at !== null ? 'Yes' : 'No',
            a.hidden_reason ?? '',
          ])
        for await (const rows of inBatches(
          (after: string | undefined, limit) =>
            commentsRepo.commentsAfter(db, consultationId, after ?? null, limit),
          (last) => last.id,
        ))
          yield rows.map((m) => [
            'Comment',
            m.response_id,
            ...blank(8),
            `${passageInWords(m.passage_key)}: ${m.quote}`,
            m.hidden_reason !== null ? '[hidden]' : m.body,
            (themesOfComment.get(m.id) ?? []).join('; '),
            m.hidden_reason !== null ? 'Yes' : 'No',
            m.hidden_reason ?? '',
          ])
        yield themes.map((t) => [
          'Theme',
          '',
          ...blank(8),
          t.name,
          `You said: ${t.you_said} We did: ${t.we_did}`,
          countOf(t.tagged, 'answer or comment', 'answers and comments'),
          '',
          '',
        ])
      }
      return { filename: `consultation-${row.number}-responses.csv`, batches: batches() }
    },

    async checkPublish(number, rowVersion, summary) {
      const { row, header } = await staffConsultation(db, number)
      if (header.phase === 'outcome_published')
        throw refused('The outcome of this consultation is already published')
      if (header.phase !== 'closed')
        throw refused(
          `The outcome can be published only after the consultation closes on ${longDate(row.closes_on)}`,
        )
      if (rowVersion !== row.row_version) throw staleRecord('summary')
      if (summary.trim() === '') throw new ServiceError('Enter a summary of what you heard', 'summary')
      if (summary.length > MAX_OUTCOME_SUMMARY)
        throw new ServiceError(`The summary must be ${MAX_OUTCOME_SUMMARY} characters or fewer`, 'summary')
      const [respondents, themes] = await Promise.all([
        responsesRepo.countConfirmedResponses(db, row.id),
        themesRepo.listThemes(db, row.id),
      ])
      return {
        consultation: header,
        respondents,
        themes: themes.length,
        themesWithoutWeDid: themes.filter((t) => t.we_did.trim() === '').map((t) => t.name),
      }
    },

    async publishOutcome(number, rowVersion, summary, actor) {
      await this.checkPublish(number, rowVersion, summary)
      await db.transaction().execute(async (trx) => {
        const row = await consultationsRepo.findConsultationByNumber(trx, number)
        if (!row) throw new NotFound()
        const published = await consultationsRepo.markOutcomePublished(trx, row.id, rowVersion, {
          summary: summary.trim(),
          at: clock.now(),
          by: actor.userId,
        })
        if (!published) throw staleRecord('summary')
        await enqueueJob(
          trx,
          'consultation-notices',
          { kind: 'outcome', consultationId: row.id },
          {
            key: `consultation-notices:outcome:${row.id}:start`,
          },
        )
        await recordAudit(trx, actor, {
          action: 'consultation.outcome_published',
          entityType: 'consultation',
          entityId: row.id,
          after: { number, title: row.title },
        })
      })
    },

    async outcome(number) {
      const row = await consultationsRepo.findConsultationByNumber(db, number)
      if (!row || row.state !== 'published' || row.outcome_published_at === null) return null
      const header = headerOf(row)
      const [respondents, counts, questions, answerCounts, themes, changes, next] = await Promise.all([
        responsesRepo.countConfirmedResponses(db, row.id),
        responsesRepo.respondentCounts(db, row.id),
        questionsRepo.listQuestions(db, row.id),
        answersRepo.answerCounts(db, row.id),
        themesRepo.listThemes(db, row.id),
        themesRepo.changesOfConsultation(db, row.id),
        nextVersionOf(db, row),
      ])
      const slug = header.credential?.slug
      const compareHref =
        next?.published && slug && row.version_number !== null
          ? `/credentials/${slug}/specification/compare?from=${row.version_number}&to=${next.number}`
          : null
      const quoted = await Promise.all(
        themes.map((t) => themesRepo.quotesOfTheme(db, t.id, QUOTES_PER_THEME)),
      )
      return {
        consultation: header,
        summary: row.outcome_summary,
        publishedOn: longDate(row.outcome_published_at),
        respondents,
        byCapacity: CAPACITIES.map((c) => ({
          label: CAPACITY_LABELS[c],
          count: counts.byCapacity.find((r) => r.capacity === c)?.count ?? 0,
        })).filter((r) => r.count > 0),
        byRegion: [
          ...REGIONS.map((region) => ({
            label: REGION_LABELS[region],
            count: counts.byRegion.find((r) => r.region === region)?.count ?? 0,
          })),
          { label: 'Not given', count: counts.byRegion.find((r) => r.region === null)?.count ?? 0 },
        ].filter((r) => r.count > 0),
        questions: questions.map((q) => {
          const chosen = new Map(
            answerCounts.chosen.filter((c) => c.questionId === q.id).map((c) => [c.choice, c.count]),
          )
          const answered = answerCounts.answered.find((a) => a.questionId === q.id)?.count ?? 0
          return {
            id: q.id,
            position: q.position,
            prompt: q.prompt,
            kind: q.kind,
            ...summaryFromCounts(q.kind, q.options, answered, chosen),
          }
        }),
        themes: themes.map((t, i) => ({
          id: t.id,
          name: t.name,
          youSaid: t.you_said,
          weDid: t.we_did,
          count: t.tagged,
          quotes: (quoted[i] ?? []).flatMap((q) => {
            // The database already left out hidden and unconfirmed words; the rule decides again.
            const quote = publishableQuote({ ...q, confirmed: true, hidden: false })
            return quote ? [{ text: quote.text, attribution: attributionInWords(quote) }] : []
          }),
          changes: changes
            .filter((c) => c.theme_id === t.id && c.specification_version_id === next?.id)
            .map((c) => ({
              code: c.outcome_code,
              text: next?.outcomes.find((o) => o.code === c.outcome_code)?.text ?? '',
              href: compareHref ? `${compareHref}#outcome-${c.outcome_code}` : '',
            })),
        })),
        nextVersion:
          next && slug
            ? {
                number: next.number,
                href: compareHref ? `/credentials/${slug}/specification/versions/${next.number}` : null,
                compareHref,
              }
            : null,
      }
    },

    async changedAfterConsultation(credentialSlug, versionNumber) {
      const rows = await consultationsRepo.consultationsChangingVersion(db, credentialSlug, versionNumber)
      const changed: Record<string, { number: number; title: string; href: string }> = {}
      for (const r of rows)
        changed[r.outcome_code] ??= {
          number: r.number,
          title: r.title,
          href: `/consultations/${r.number}/outcome`,
        }
      return changed
    },

    async notifySubscribers(consultationId) {
      await queueSubscriberNotices(db, consultationId)
    },

    runNoticeJob: notices,

    async subscribeOptions() {
      const areas = await listAreas(db)
      return areas.map((a) => ({ id: a.id, name: a.name }))
    },

    async subscribe({ email, areaId, userId }) {
      const address = email.trim()
      const problem = emailProblem(address)
      if (problem) throw new ServiceError(problem, 'email')
      await db.transaction().execute(async (trx) => {
        if (areaId !== null) {
          const areas = await listAreas(trx)
          if (!areas.some((a) => a.id === areaId))
            throw new ServiceError('Select the areas you want to hear about', 'area')
          // Someone who hears of every area already hears of this one.
          if ((await subscriptionsRepo.findSubscription(trx, address, null))?.confirmed_at) return
        }
        const existing = await subscriptionsRepo.findSubscription(trx, address, areaId)
        // Asking again sends the same link again; a confirmed address is told nothing new.
        const id = existing?.id ?? randomUUID()
        if (existing?.confirmed_at) return
        if (!existing)
          await subscriptionsRepo.insertSubscription(trx, {
            id,
            email: address,
            userId,
            areaId,
            tokenHash: hashToken(tokenOf(id)),
          })
        const token = encodeURIComponent(tokenOf(id))
        const area =
          areaId === null
            ? 'any clinical area'
            : ((await listAreas(trx)).find((a) => a.id === areaId)?.name ?? '')
        await enqueueMail(trx, {
          to: address,
          subject: 'Confirm you want to hear of new consultations',
          text: [
            `Someone asked on ${longDate(clock.now())} for this address to be e-mailed when the Centre for Advancing Practice opens a consultation in ${area}.`,
            '',
            'To confirm, follow this link and select Confirm:',
            link(`/consultations/subscribe/confirm?token=${token}`),
            '',
            'If it was not you, ignore this e-mail: nothing will be sent. To remove the request, follow this link:',
            link(`/consultations/unsubscribe?token=${token}`),
          ].join('\n'),
        })
      })
    },

    async subscription(token) {
      const s = await findSubscriptionByToken(db, token)
      return s ? subscriptionView(s) : null
    },

    async confirmSubscription(token) {
      return db.transaction().execute(async (trx) => {
        const s = await findSubscriptionByToken(trx, token)
        if (!s) return null
        await subscriptionsRepo.confirmSubscription(trx, s.id, clock.now())
        // Every area includes each one: the single-area subscriptions of the address go.
        if (s.clinical_area_id === null) await subscriptionsRepo.deleteAreaSubscriptions(trx, s.email)
        return { ...subscriptionView(s), confirmed: true }
      })
    },

    async unsubscribe(token) {
      return db.transaction().execute(async (trx) => {
        const s = await findSubscriptionByToken(trx, token)
        if (!s) return null
        await subscriptionsRepo.deleteSubscription(trx, s.id)
        return subscriptionView(s)
      })
    },
  }
}
