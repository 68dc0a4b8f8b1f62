// Consultations, first half: Centre admins draft one (about a document or a draft version of
// a specification, with its questions) and publish it; anyone responds while it is open.
//
// What may change when: a draft changes freely (row version guarded). Once published, what
// people respond to stays as announced: its subject, dates, questions and document; only the
// close may move later (closeDateChangeProblem in src/domain/consultations.ts).
//
// Responding: a signed-in person responds as their account, confirmed at once, and changes
// their response from the consultation's page until the close. Anyone else gives a name and an
// address; the response is saved unconfirmed and the address receives a link to confirm it
// (it counts from then), then a link to change it until the close. One counted response per
// address: someone who already has a confirmed response and responds again is sent the link
// to change the one they have instead (nothing new is saved); a second unconfirmed response
// confirmed after the first is discarded the same way, and the link to change the first is
// sent. Nothing on a page says whether an address has responded.
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import {
  answerProblem,
  CAPACITIES,
  closeDateChangeProblem,
  consultationPhase,
  CONSULTATION_SUBJECTS,
  MAX_QUESTION_OPTIONS,
  PUBLICATION_CHOICES,
  QUESTION_KINDS,
  questionChoices,
  responseLinkExpiry,
  type Capacity,
  type ConsultationPhase,
  type ConsultationState,
  type ConsultationSubject,
  type PublicationChoice,
  type QuestionKind,
} from '../domain/consultations.ts'
import {
  documentPassages,
  documentProblem,
  findPassage,
  specificationPassages,
  type Passage,
} from '../domain/consultation-passages.ts'
import { readSpecification } from '../domain/specification-content.ts'
import { longDate } from '../domain/dates.ts'
import { isUuid } from '../domain/identifiers.ts'
import { emailProblem } from '../domain/accounts.ts'
import { isOneOf, REGIONS, type Region } from '../domain/providers.ts'
import * as repo from '../repositories/consultations.ts'
import * as questionsRepo from '../repositories/consultation-questions.ts'
import * as responsesRepo from '../repositories/consultation-responses.ts'
import * as answersRepo from '../repositories/consultation-answers.ts'
import * as commentsRepo from '../repositories/consultation-comments.ts'
import * as tokensRepo from '../repositories/consultation-response-tokens.ts'
import { findAreaBySlug, listAreaOptions } from '../repositories/clinical-areas.ts'
import { listProfessionNames } from '../repositories/professions.ts'
import { lockCredential } from '../repositories/credentials.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems, NotFound, ServiceError, type FieldProblem } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { queueSubscriberNotices } from './consultation-outcomes.ts'
import { recordStep, staleRecord } from './process.ts'
import { linkWithToken } from './one-time-tokens.ts'
import { hashToken, newToken } from './tokens.ts'

export const MAX_TITLE_LENGTH = 200
export const MAX_TEXT_LENGTH = 10_000
export const MAX_DOCUMENT_LENGTH = 200_000
export const MAX_COMMENT_LENGTH = 10_000

export interface ConsultationSummary {
  id: string
  number: number
  title: string
  purpose: string
  phase: ConsultationPhase
  opensOn: string
  closesOn: string
  credentialTitle: string | null
}

export interface ConsultationQuestion {
  id: string
  position: number
  kind: QuestionKind
  prompt: string
  hint: string
  required: boolean
  options: string[]
  /** What a respondent chooses from: the options, or the agreement scale. */
  choices: readonly string[]
}

export interface ConsultationDetail extends ConsultationSummary {
  state: ConsultationState
  audience: string
  subject: ConsultationSubject
  documentBody: string | null
  specificationVersionId: string | null
  versionNumber: number | null
  credentialId: string | null
  credentialSlug: string | null
  areaSlug: string | null
  areaName: string | null
  publishedAt: Date | null
  rowVersion: number
  questions: ConsultationQuestion[]
  /** What is consulted on, passage by passage, each with its key. */
  passages: Passage[]
}

export interface DraftInput {
  title: string
  purpose: string
  audience: string
  subject: string
  documentBody: string
  specificationVersionId: string
  areaSlug: string
  /** Each date as the date input read it: the day, or what is wrong with what was typed. */
  opensOn: { date: string } | { error: string }
  closesOn: { date: string } | { error: string }
}

export interface QuestionInput {
  kind: string
  prompt: string
  hint: string
  required: string
  /** One option a line. */
  options: string
}

export interface ConsultableVersion {
  id: string
  label: string
}

/** Who responds: a signed-in account, or someone giving their name and address. */
export type Respondent =
  | { kind: 'account'; userId: string; name: string; email: string }
  | { kind: 'anonymous'; name: string; email: string }
  | { kind: 'link'; token: string }

export interface ResponseInput {
  organisation: string
  capacity: string
  profession: string
  region: string
  publication: string
  /** By question position: the text typed or the choices ticked. */
  answers: Record<number, { text: string; choices: string[] }>
  /** Comments already made, by id: the new words (empty removes it). */
  comments: Record<string, string>
  /** A new comment on one passage. */
  newComment: { passageKey: string; body: string } | null
  rowVersion: number
}

export interface ResponseView {
  id: string
  name: string
  email: string
  organisation: string
  capacity: Capacity
  profession: string | null
  region: Region | null
  publication: PublicationChoice
  confirmed: boolean
  rowVersion: number
  answers: Record<number, { text: string; choices: string[] }>
  comments: Array<{ id: string; passageKey: string; quote: string; body: string }>
}

export type SubmitOutcome =
  /** Saved and counted (a signed-in respondent, or a change made by the e-mailed link). */
  | { outcome: 'saved'; created: boolean }
  /** A link was sent to the address: to confirm a new response, or to change the one it has. */
  | { outcome: 'sent'; email: string }

export type ConfirmOutcome =
  { outcome: 'confirmed'; number: number } | { outcome: 'already_responded'; number: number }

/** The consultation is not open: responding is refused (the page answers 409). */
export class ConsultationNotOpen extends Error {
  constructor(readonly phase: ConsultationPhase) {
    super(`The consultation is ${phase}, not open`)
  }
}

export interface ConsultationsService {
  list(
    filter: { phase?: ConsultationPhase; includeDrafts: boolean },
    page: number,
    pageSize: number,
  ): Promise<{ items: ConsultationSummary[]; total: number }>
  /** A consultation by number; a draft only when `includeDrafts`. */
  find(number: number, options?: { includeDrafts?: boolean }): Promise<ConsultationDetail | null>
  phaseOf(
    consultation: Pick<ConsultationDetail, 'state' | 'opensOn' | 'closesOn'> & {
      outcomePublishedAt?: Date | null
    },
  ): ConsultationPhase
  consultableVersions(): Promise<ConsultableVersion[]>
  areaOptions(): Promise<Array<{ slug: string; name: string }>>
  professions(): Promise<string[]>
  createDraft(input: DraftInput, actor: Actor): Promise<number>
  updateDraft(number: number, rowVersion: number, input: DraftInput, actor: Actor): Promise<void>
  addQuestion(number: number, rowVersion: number, input: QuestionInput, actor: Actor): Promise<void>
  updateQuestion(
    number: number,
    position: number,
    rowVersion: number,
    input: QuestionInput,
    actor: Actor,
  ): Promise<void>
  removeQuestion(number: number, position: number, rowVersion: number, actor: Actor): Promise<void>
  moveQuestion(
    number: number,
    position: number,
    direction: string,
    rowVersion: number,
    actor: Actor,
  ): Promise<void>
  /** The draft, when it may be published as it stands; field problems otherwise. */
  checkPublish(number: number, rowVersion: number): Promise<ConsultationDetail>
  publish(number: number, rowVersion: number, actor: Actor & { name?: string }): Promise<void>
  extendClose(number: number, rowVersion: number, closesOn: string, actor: Actor): Promise<void>
  /** The response this person may change: their account's, or the one the e-mailed link is for. */
  responseOf(
    number: number,
    who: { userId: string; email: string } | { token: string },
  ): Promise<ResponseView | null>
  submitResponse(
    number: number,
    respondent: Respondent,
    input: ResponseInput,
    actor: Actor,
  ): Promise<SubmitOutcome>
  /** Confirms the address of a response by the e-mailed link; null when the link does not work. */
  confirmResponse(token: string, actor: Actor): Promise<ConfirmOutcome | null>
}

const trimmed = (value: string) => value.trim()

export function createConsultationsService(
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl'>,
  clock: Clock,
): ConsultationsService {
  const phaseOf: ConsultationsService['phaseOf'] = (c) =>
    consultationPhase(
      {
        state: c.state,
        opensOn: c.opensOn,
        closesOn: c.closesOn,
        outcomePublishedAt: c.outcomePublishedAt ?? null,
      },
      clock.now(),
    )

  async function detail(row: NonNullable<Awaited<ReturnType<typeof repo.findConsultationById>>>) {
    const questions = await questionsRepo.listQuestions(db, row.id)
    const passages =
      row.subject === 'document'
        ? documentPassages(row.document_body ?? '')
        : row.version_content === null
          ? []
          : specificationPassages(readSpecification(row.version_content))
    const result: ConsultationDetail = {
      id: row.id,
      number: row.number,
      title: row.title,
      purpose: row.purpose,
      audience: row.audience,
      subject: row.subject,
      state: row.state,
      phase: consultationPhase(
        {
          state: row.state,
          opensOn: row.opens_on,
          closesOn: row.closes_on,
          outcomePublishedAt: row.outcome_published_at,
        },
        clock.now(),
      ),
      opensOn: row.opens_on,
      closesOn: row.closes_on,
      documentBody: row.document_body,
      specificationVersionId: row.specification_version_id,
      versionNumber: row.version_number,
      credentialId: row.credential_id,
      credentialTitle: row.credential_title,
      credentialSlug: row.credential_slug,
      areaSlug: null,
      areaName: row.area_name,
      publishedAt: row.published_at,
      rowVersion: row.row_version,
      questions: questions.map((q) => ({
        id: q.id,
        position: q.position,
        kind: q.kind,
        prompt: q.prompt,
        hint: q.hint,
        required: q.required,
        options: q.options,
        choices: questionChoices(q),
      })),
      passages,
    }
    return result
  }

  async function find(number: number, options: { includeDrafts?: boolean } = {}) {
    const row = await repo.findConsultationByNumber(db, number)
    if (!row || (row.state === 'draft' && !options.includeDrafts)) return null
    const found = await detail(row)
    if (row.clinical_area_id !== null) {
      const areas = await listAreaOptions(db)
      found.areaSlug = areas.find((a) => a.name === row.area_name)?.slug ?? null
    }
    return found
  }

  /** The draft's fields read and checked, every problem at once. */
  async function readDraft(trx: Kysely<Database> | Transaction<Database>, input: DraftInput) {
    const problems: FieldProblem[] = []
    const title = trimmed(input.title)
    const purpose = trimmed(input.purpose)
    const audience = trimmed(input.audience)
    if (!title) problems.push({ field: 'title', text: 'Enter the title' })
    else if (title.length > MAX_TITLE_LENGTH)
      problems.push({ field: 'title', text: `The title must be ${MAX_TITLE_LENGTH} characters or fewer` })
    if (!purpose) problems.push({ field: 'purpose', text: 'Enter the purpose of the consultation' })
    else if (purpose.length > MAX_TEXT_LENGTH)
      problems.push({ field: 'purpose', text: 'The purpose must be 10,000 characters or fewer' })
    if (!audience) problems.push({ field: 'audience', text: 'Enter who the consultation is for' })
    else if (audience.length > MAX_TEXT_LENGTH)
      problems.push({ field: 'audience', text: 'Who it is for must be 10,000 characters or fewer' })
    let subject: ConsultationSubject | null = null
    if (!isOneOf(CONSULTATION_SUBJECTS, input.subject))
      problems.push({ field: 'subject', text: 'Select what the consultation is about' })
    else subject = input.subject
    let documentBody: string | null = null
    let version: Awaited<ReturnType<typeof repo.findConsultableVersion>> | null = null
    if (subject === 'document') {
      const problem =
        input.documentBody.length > MAX_DOCUMENT_LENGTH
          ? 'The document must be 200,000 characters or fewer'
          : documentProblem(input.documentBody)
      if (problem) problems.push({ field: 'documentBody', text: problem })
      else documentBody = input.documentBody.replace(/\r\n?/g, '\n').trim()
    } else if (subject === 'specification') {
      version = isUuid(input.specificationVersionId)
        ? await repo.findConsultableVersion(trx, input.specificationVersionId)
        : null
      if (!version)
        problems.push({
          field: 'specificationVersionId',
          text: 'Select the specification version to consult on',
        })
    }
    let areaId: number | null = null
    if (input.areaSlug) {
      const area = await findAreaBySlug(trx, input.areaSlug)
      if (!area) problems.push({ field: 'area', text: 'Select a clinical area from the list' })
      else areaId = area.id
    }
    const opensOn = 'date' in input.opensOn ? input.opensOn.date : ''
    const closesOn = 'date' in input.closesOn ? input.closesOn.date : ''
    if ('error' in input.opensOn) problems.push({ field: 'opensOn-day', text: input.opensOn.error })
    if ('error' in input.closesOn) problems.push({ field: 'closesOn-day', text: input.closesOn.error })
    if (opensOn && closesOn && closesOn < opensOn)
      problems.push({
        field: 'closesOn-day',
        text: 'The closing date must be the same as or after the opening date',
      })
    if (problems.length) throw new FieldProblems(problems)
    return {
      title,
      purpose,
      audience,
      subject: subject ?? 'document',
      document_body: documentBody,
      specification_version_id: version?.id ?? null,
      credential_id: version?.credential_id ?? null,
      clinical_area_id: areaId ?? version?.clinical_area_id ?? null,
      opens_on: opensOn,
      closes_on: closesOn,
    }
  }

  async function draftFor(trx: Transaction<Database>, number: number, rowVersion: number) {
    const row = await repo.findConsultationByNumber(trx, number)
    if (!row) throw new NotFound()
    if (row.state !== 'draft')
      throw new ServiceError('This consultation is published: its questions and details can no longer change')
    if (row.row_version !== rowVersion) throw staleRecord()
    return row
  }

  /** Bumps the draft's row version (its questions changed) and records what happened. */
  async function touched(
    trx: Transaction<Database>,
    row: { id: string; row_version: number },
    actor: Actor,
    action:
      | 'consultation.question_added'
      | 'consultation.question_changed'
      | 'consultation.question_removed'
      | 'consultation.question_moved',
    after: unknown,
  ) {
    const updated = await repo.updateConsultation(trx, row.id, row.row_version, {}, clock.now())
    if (!updated) throw staleRecord()
    await recordAudit(trx, actor, { action, entityType: 'consultation', entityId: row.id, after })
  }

  function readQuestion(input: QuestionInput): questionsRepo.QuestionFields {
    const problems: FieldProblem[] = []
    const prompt = trimmed(input.prompt)
    const hint = trimmed(input.hint)
    if (!isOneOf(QUESTION_KINDS, input.kind))
      problems.push({ field: 'kind', text: 'Select the kind of question' })
    if (!prompt) problems.push({ field: 'prompt', text: 'Enter the question' })
    else if (prompt.length > 2000)
      problems.push({ field: 'prompt', text: 'The question must be 2,000 characters or fewer' })
    if (hint.length > 2000)
      problems.push({ field: 'hint', text: 'The hint must be 2,000 characters or fewer' })
    if (input.required !== 'yes' && input.required !== 'no')
      problems.push({ field: 'required', text: 'Select whether an answer is required' })
    const kind: QuestionKind = isOneOf(QUESTION_KINDS, input.kind) ? input.kind : 'text'
    const options = [...new Set(input.options.split(/\r?\n/).map(trimmed).filter(Boolean))]
    if (kind === 'single' || kind === 'multiple') {
      if (options.length < 2)
        problems.push({ field: 'options', text: 'Enter at least 2 options, one on each line' })
      else if (options.length > MAX_QUESTION_OPTIONS)
        problems.push({ field: 'options', text: `Enter ${MAX_QUESTION_OPTIONS} options or fewer` })
      else if (options.some((o) => o.length > 100))
        problems.push({ field: 'options', text: 'Each option must be 100 characters or fewer' })
    }
    if (problems.length) throw new FieldProblems(problems)
    return {
      kind,
      prompt,
      hint,
      required: input.required === 'yes',
      options: kind === 'single' || kind === 'multiple' ? options : [],
    }
  }

  async function sendLink(
    trx: Transaction<Database>,
    consultation: { number: number; title: string; closes_on: string },
    response: { id: string; name: string; email: string },
    purpose: 'confirm' | 'edit',
    alreadyResponded: boolean,
  ) {
    const now = clock.now()
    const token = newToken()
    await tokensRepo.insertResponseToken(trx, {
      response_id: response.id,
      purpose,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: responseLinkExpiry(purpose, consultation.closes_on, now),
    })
    const closes = longDate(consultation.closes_on)
    const lines =
      purpose === 'confirm'
        ? [
            `Thank you for responding to the consultation "${consultation.title}".`,
            '',
            'Your response counts once you confirm your email address. Confirm it by opening this link:',
            linkWithToken(config.baseUrl, `/consultations/${consultation.number}/confirm`, token),
            '',
            `The link works for 24 hours, and not after the consultation closes at the end of ${closes}.`,
            'If you did not respond, you can ignore this email: nothing will be counted.',
          ]
        : [
            alreadyResponded
              ? `You have already responded to the consultation "${consultation.title}" from this address, and only one response per address counts. We kept your first response.`
              : `Your response to the consultation "${consultation.title}" is confirmed and counts.`,
            '',
            'You can change your response until the consultation closes at the end of ' +
              `${closes}, with this link:`,
            linkWithToken(config.baseUrl, `/consultations/${consultation.number}/respond`, token),
            '',
            'Keep this email: anyone with the link can change your response.',
          ]
    await enqueueMail(trx, {
      to: response.email,
      subject:
        purpose === 'confirm'
          ? `Confirm your response to "${consultation.title}"`
          : `Change your response to "${consultation.title}"`,
      text: [`Dear ${response.name},`, '', ...lines].join('\n'),
    })
  }

  /** The respondent's details and answers checked against the consultation, every problem at once. */
  function readResponse(
    consultation: ConsultationDetail,
    input: ResponseInput,
    professions: readonly string[],
    identity: { name: string; email: string } | null,
  ) {
    const problems: FieldProblem[] = []
    if (identity) {
      const name = trimmed(identity.name)
      if (!name) problems.push({ field: 'name', text: 'Enter your full name' })
      else if (name.length > 200)
        problems.push({ field: 'name', text: 'Your name must be 200 characters or fewer' })
      const problem = emailProblem(trimmed(identity.email))
      if (problem) problems.push({ field: 'email', text: problem })
    }
    const organisation = trimmed(input.organisation)
    if (!isOneOf(CAPACITIES, input.capacity))
      problems.push({ field: 'capacity', text: 'Select in what capacity you are responding' })
    if (input.profession && !professions.includes(input.profession))
      problems.push({ field: 'profession', text: 'Select your profession from the list' })
    if (input.region && !isOneOf(REGIONS, input.region))
      problems.push({ field: 'region', text: 'Select your NHS England region from the list' })
    if (organisation.length > 200)
      problems.push({ field: 'organisation', text: 'Your organisation must be 200 characters or fewer' })
    if (!isOneOf(PUBLICATION_CHOICES, input.publication))
      problems.push({ field: 'publication', text: 'Select how we may publish your response' })
    else if (input.publication === 'organisation' && !organisation)
      problems.push({
        field: 'organisation',
        text: 'Enter your organisation, or choose another way to publish your response',
      })
    const answers = consultation.questions.map((q) => {
      const given = input.answers[q.position] ?? { text: '', choices: [] }
      const a = { text: trimmed(given.text), choices: given.choices }
      const problem = answerProblem(q, a)
      if (problem) problems.push({ field: `answer-${q.position}`, text: problem })
      return {
        questionId: q.id,
        text: q.kind === 'text' ? a.text : null,
        choices: q.kind === 'text' ? [] : a.choices,
      }
    })
    let comment: { passage: Passage; body: string } | null = null
    if (input.newComment) {
      const passage = findPassage(consultation.passages, input.newComment.passageKey)
      const body = trimmed(input.newComment.body)
      if (!passage)
        problems.push({
          field: 'comment',
          text: 'The part you are commenting on is not in this consultation',
        })
      else if (body.length > MAX_COMMENT_LENGTH)
        problems.push({ field: 'comment', text: 'Your comment must be 10,000 characters or fewer' })
      else if (body) comment = { passage, body }
    }
    for (const [id, body] of Object.entries(input.comments))
      if (body.trim().length > MAX_COMMENT_LENGTH)
        problems.push({ field: `comment-${id}`, text: 'Your comment must be 10,000 characters or fewer' })
    if (problems.length) throw new FieldProblems(problems)
    return {
      fields: {
        organisation,
        capacity: isOneOf(CAPACITIES, input.capacity) ? input.capacity : 'other',
        profession: input.profession || null,
        region: isOneOf(REGIONS, input.region) ? input.region : null,
        publication: isOneOf(PUBLICATION_CHOICES, input.publication) ? input.publication : 'anonymous',
      },
      answers,
      comment,
    }
  }

  async function saveContent(
    trx: Transaction<Database>,
    responseId: string,
    read: ReturnType<typeof readResponse>,
    existing: Record<string, string>,
  ) {
    await answersRepo.saveAnswers(trx, responseId, read.answers)
    for (const [id, body] of Object.entries(existing)) {
      if (!isUuid(id)) continue
      if (body.trim()) await commentsRepo.updateCommentBody(trx, responseId, id, body.trim())
      else await commentsRepo.deleteUntaggedComment(trx, responseId, id)
    }
    if (read.comment)
      await commentsRepo.insertComment(trx, {
        response_id: responseId,
        passage_key: read.comment.passage.key,
        // The passage's words as the page showed them, kept even if the text were to change.
        quote: read.comment.passage.text,
        body: read.comment.body,
        created_at: clock.now(),
      })
  }

  async function viewOf(row: NonNullable<Awaited<ReturnType<typeof responsesRepo.findResponseById>>>) {
    const [answers, comments, questions] = await Promise.all([
      answersRepo.listAnswersOfResponse(db, row.id),
      commentsRepo.listCommentsOfResponse(db, row.id),
      questionsRepo.listQuestions(db, row.consultation_id),
    ])
    const byQuestion: ResponseView['answers'] = {}
    for (const q of questions) {
      const a = answers.find((x) => x.question_id === q.id)
      byQuestion[q.position] = { text: a?.text_value ?? '', choices: a?.choices ?? [] }
    }
    const view: ResponseView = {
      id: row.id,
      name: row.name,
      email: row.email,
      organisation: row.organisation,
      capacity: row.capacity,
      profession: row.profession,
      region: row.region,
      publication: row.publication,
      confirmed: row.confirmed_at !== null,
      rowVersion: row.row_version,
      answers: byQuestion,
      comments: comments.map((c) => ({ id: c.id, passageKey: c.passage_key, quote: c.quote, body: c.body })),
    }
    return view
  }

  async function openConsultation(number: number) {
    const consultation = await find(number)
    if (!consultation) throw new NotFound()
    if (consultation.phase !== 'open') throw new ConsultationNotOpen(consultation.phase)
    return consultation
  }

  return {
    phaseOf,

    async list(filter, page, pageSize) {
      const f = { publishedOnly: !filter.includeDrafts, today: clock.today(), phase: filter.phase }
      const [rows, total] = await Promise.all([
        repo.listConsultations(db, f, pageSize, (page - 1) * pageSize),
        repo.countConsultations(db, f),
      ])
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          title: r.title,
          purpose: r.purpose,
          phase: consultationPhase(
            {
              state: r.state,
              opensOn: r.opens_on,
              closesOn: r.closes_on,
              outcomePublishedAt: r.outcome_published_at,
            },
            clock.now(),
          ),
          opensOn: r.opens_on,
          closesOn: r.closes_on,
          credentialTitle: r.credential_title,
        })),
      }
    },

    find,

    async consultableVersions() {
      const rows = await repo.listConsultableVersions(db)
      return rows.map((r) => ({ id: r.id, label: `${r.title}, version ${r.number}` }))
    },

    areaOptions: () => listAreaOptions(db),
    professions: () => listProfessionNames(db),

    async createDraft(input, actor) {
      if (!actor.userId) throw new NotFound()
      const userId = actor.userId
      return db.transaction().execute(async (trx) => {
        const fields = await readDraft(trx, input)
        const now = clock.now()
        const row = await repo.insertConsultation(trx, {
          ...fields,
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        await recordAudit(trx, actor, {
          action: 'consultation.created',
          entityType: 'consultation',
          entityId: row.id,
          after: { title: row.title, subject: row.subject, opensOn: row.opens_on, closesOn: row.closes_on },
        })
        return row.number
      })
    },

    async updateDraft(number, rowVersion, input, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await draftFor(trx, number, rowVersion)
        const fields = await readDraft(trx, input)
        const updated = await repo.updateConsultation(trx, row.id, rowVersion, fields, clock.now())
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'consultation.updated',
          entityType: 'consultation',
          entityId: row.id,
          before: { title: row.title, opensOn: row.opens_on, closesOn: row.closes_on },
          after: { title: updated.title, opensOn: updated.opens_on, closesOn: updated.closes_on },
        })
      })
    },

    async addQuestion(number, rowVersion, input, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await draftFor(trx, number, rowVersion)
        const fields = readQuestion(input)
        const q = await questionsRepo.insertQuestion(trx, row.id, fields)
        await touched(trx, row, actor, 'consultation.question_added', {
          position: q.position,
          prompt: q.prompt,
        })
      })
    },

    async updateQuestion(number, position, rowVersion, input, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await draftFor(trx, number, rowVersion)
        const fields = readQuestion(input)
        const q = await questionsRepo.updateQuestion(trx, row.id, position, fields)
        if (!q) throw new NotFound()
        await touched(trx, row, actor, 'consultation.question_changed', { position, prompt: q.prompt })
      })
    },

    async removeQuestion(number, position, rowVersion, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await draftFor(trx, number, rowVersion)
        if (!(await questionsRepo.deleteQuestion(trx, row.id, position))) throw new NotFound()
        await touched(trx, row, actor, 'consultation.question_removed', { position })
      })
    },

    async moveQuestion(number, position, direction, rowVersion, actor) {
      if (direction !== 'up' && direction !== 'down')
        throw new ServiceError('Choose to move the question up or down')
      await db.transaction().execute(async (trx) => {
        const row = await draftFor(trx, number, rowVersion)
        const other = direction === 'up' ? position - 1 : position + 1
        if (!(await questionsRepo.swapQuestions(trx, row.id, position, other)))
          throw new ServiceError(`Question ${position} cannot move ${direction}`)
        await touched(trx, row, actor, 'consultation.question_moved', { from: position, to: other })
      })
    },

    async checkPublish(number, rowVersion) {
      const consultation = await find(number, { includeDrafts: true })
      if (!consultation) throw new NotFound()
      if (consultation.state !== 'draft') throw new ServiceError('This consultation is already published')
      if (consultation.rowVersion !== rowVersion) throw staleRecord()
      if (consultation.closesOn < clock.today())
        throw new ServiceError(
          'The closing date has passed: change the dates before publishing',
          'closesOn-day',
        )
      if (consultation.questions.length === 0 && consultation.passages.length === 0)
        throw new ServiceError('Add at least one question before publishing')
      return consultation
    },

    async publish(number, rowVersion, actor) {
      const consultation = await this.checkPublish(number, rowVersion)
      await db.transaction().execute(async (trx) => {
        // Saving a draft version locks its credential too, and is refused once a published
        // consultation is about it: a save either lands before this, and is what people are
        // asked about, or waits and is refused. The consulted version never changes.
        if (consultation.credentialId) await lockCredential(trx, consultation.credentialId)
        const now = clock.now()
        const updated = await repo.updateConsultation(
          trx,
          consultation.id,
          rowVersion,
          { state: 'published', published_at: now },
          now,
        )
        if (!updated) throw staleRecord()
        // Subscribers in its area hear of it (a job, a batch at a time).
        await queueSubscriberNotices(trx, consultation.id)
        const summary =
          `Consultation on ${consultation.versionNumber === null ? 'the credential' : `version ${consultation.versionNumber}`} ` +
          `published: “${consultation.title}”, open from ${longDate(consultation.opensOn)} to ${longDate(consultation.closesOn)}`
        if (consultation.credentialId)
          await recordStep(trx, actor, {
            credentialId: consultation.credentialId,
            versionNumber: consultation.versionNumber,
            action: 'consultation.published',
            summary,
            entityType: 'consultation',
            entityId: consultation.id,
            at: now,
          })
        else
          await recordAudit(trx, actor, {
            action: 'consultation.published',
            entityType: 'consultation',
            entityId: consultation.id,
            after: { summary },
          })
      })
    },

    async extendClose(number, rowVersion, closesOn, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await repo.findConsultationByNumber(trx, number)
        if (!row) throw new NotFound()
        if (!closesOn) throw new ServiceError('Enter the new closing date', 'closesOn-day')
        const problem = closeDateChangeProblem(
          { state: row.state, closesOn: row.closes_on },
          closesOn,
          clock.today(),
        )
        if (problem) throw new ServiceError(problem, 'closesOn-day')
        if (row.outcome_published_at)
          throw new ServiceError('The outcome is published: the consultation is over')
        const updated = await repo.updateConsultation(
          trx,
          row.id,
          rowVersion,
          { closes_on: closesOn },
          clock.now(),
        )
        if (!updated) throw staleRecord()
        await recordAudit(trx, actor, {
          action: 'consultation.close_extended',
          entityType: 'consultation',
          entityId: row.id,
          before: { closesOn: row.closes_on },
          after: { closesOn },
        })
      })
    },

    async responseOf(number, who) {
      const consultation = await find(number)
      if (!consultation) return null
      if ('userId' in who) {
        // Their account's, or the one their address confirmed before they signed in.
        const row =
          (await responsesRepo.findResponseOfUser(db, consultation.id, who.userId)) ??
          (await responsesRepo.findConfirmedResponseOfEmail(db, consultation.id, who.email))
        return row ? viewOf(row) : null
      }
      const token = await tokensRepo.findUsableResponseToken(db, 'edit', hashToken(who.token), clock.now())
      if (!token || token.consultation_id !== consultation.id) return null
      const row = await responsesRepo.findResponseById(db, token.response_id)
      return row ? viewOf(row) : null
    },

    async submitResponse(number, respondent, input, actor) {
      const consultation = await openConsultation(number)
      const professions = await listProfessionNames(db)
      const read = readResponse(
        consultation,
        input,
        professions,
        respondent.kind === 'anonymous' ? { name: respondent.name, email: respondent.email } : null,
      )
      return db.transaction().execute(async (trx): Promise<SubmitOutcome> => {
        const locked = await repo.lockConsultation(trx, consultation.id)
        if (!locked) throw new NotFound()
        const phase = consultationPhase(
          {
            state: locked.state,
            opensOn: locked.opens_on,
            closesOn: locked.closes_on,
            outcomePublishedAt: locked.outcome_published_at,
          },
          clock.now(),
        )
        if (phase !== 'open') throw new ConsultationNotOpen(phase)
        const now = clock.now()
        const audit = (
          action: 'consultation_response.submitted' | 'consultation_response.changed',
          id: string,
        ) =>
          recordAudit(trx, actor, {
            action,
            entityType: 'consultation_response',
            entityId: id,
            after: {
              consultation: consultation.number,
              capacity: read.fields.capacity,
              publication: read.fields.publication,
            },
          })

        if (respondent.kind === 'account') {
          // Their account's response, or the one they confirmed by e-mail before signing in.
          const existing =
            (await responsesRepo.findResponseOfUser(trx, consultation.id, respondent.userId)) ??
            (await responsesRepo.findConfirmedResponseOfEmail(trx, consultation.id, respondent.email))
          if (existing) {
            const updated = await responsesRepo.updateResponse(
              trx,
              existing.id,
              input.rowVersion,
              { ...read.fields, user_id: respondent.userId, name: respondent.name },
              now,
            )
            if (!updated) throw staleRecord('capacity')
            await saveContent(trx, existing.id, read, input.comments)
            await audit('consultation_response.changed', existing.id)
            return { outcome: 'saved', created: false }
          }
          const row = await responsesRepo.insertResponse(trx, {
            consultation_id: consultation.id,
            user_id: respondent.userId,
            name: respondent.name,
            email: respondent.email,
            ...read.fields,
            confirmed_at: now,
            created_at: now,
            updated_at: now,
          })
          await saveContent(trx, row.id, read, {})
          await audit('consultation_response.submitted', row.id)
          return { outcome: 'saved', created: true }
        }

        if (respondent.kind === 'link') {
          const token = await tokensRepo.findUsableResponseToken(
            trx,
            'edit',
            hashToken(respondent.token),
            now,
          )
          if (!token || token.consultation_id !== consultation.id) throw new NotFound()
          const updated = await responsesRepo.updateResponse(
            trx,
            token.response_id,
            input.rowVersion,
            read.fields,
            now,
          )
          if (!updated) throw staleRecord('capacity')
          await saveContent(trx, token.response_id, read, input.comments)
          await audit('consultation_response.changed', token.response_id)
          return { outcome: 'saved', created: false }
        }

        const email = trimmed(respondent.email)
        const name = trimmed(respondent.name)
        const confirmed = await responsesRepo.findConfirmedResponseOfEmail(trx, consultation.id, email)
        if (confirmed) {
          // One response per address: nothing new is saved; the address gets the link to change its response.
          await sendLink(trx, locked, confirmed, 'edit', true)
          await recordAudit(trx, actor, {
            action: 'consultation_response.duplicate_refused',
            entityType: 'consultation_response',
            entityId: confirmed.id,
          })
          return { outcome: 'sent', email }
        }
        const row = await responsesRepo.insertResponse(trx, {
          consultation_id: consultation.id,
          user_id: null,
          name,
          email,
          ...read.fields,
          confirmed_at: null,
          created_at: now,
          updated_at: now,
        })
        await saveContent(trx, row.id, read, {})
        await sendLink(trx, locked, row, 'confirm', false)
        await audit('consultation_response.submitted', row.id)
        return { outcome: 'sent', email }
      })
    },

    async confirmResponse(token, actor) {
      if (!token) return null
      return db.transaction().execute(async (trx): Promise<ConfirmOutcome | null> => {
        const now = clock.now()
        const found = await tokensRepo.findUsableResponseToken(trx, 'confirm', hashToken(token), now)
        if (!found) return null
        const locked = await repo.lockConsultation(trx, found.consultation_id)
        if (!locked) return null
        const phase = consultationPhase(
          {
            state: locked.state,
            opensOn: locked.opens_on,
            closesOn: locked.closes_on,
            outcomePublishedAt: locked.outcome_published_at,
          },
          now,
        )
        if (phase !== 'open') throw new ConsultationNotOpen(phase)
        if (!(await tokensRepo.markResponseTokenUsed(trx, found.token_id, now))) return null
        const response = await responsesRepo.findResponseById(trx, found.response_id)
        if (!response) return null
        const earlier = await responsesRepo.findConfirmedResponseOfEmail(trx, locked.id, response.email)
        if (earlier && earlier.id !== response.id) {
          await responsesRepo.deleteUnconfirmedResponse(trx, response.id)
          await sendLink(trx, locked, earlier, 'edit', true)
          await recordAudit(trx, actor, {
            action: 'consultation_response.duplicate_refused',
            entityType: 'consultation_response',
            entityId: earlier.id,
          })
          return { outcome: 'already_responded', number: locked.number }
        }
        await responsesRepo.confirmResponse(trx, response.id, now)
        await sendLink(trx, locked, response, 'edit', false)
        await recordAudit(trx, actor, {
          action: 'consultation_response.confirmed',
          entityType: 'consultation_response',
          entityId: response.id,
        })
        return { outcome: 'confirmed', number: locked.number }
      })
    },
  }
}
