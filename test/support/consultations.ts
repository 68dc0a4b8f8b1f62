// Consultations with responses, written straight to the database, for tests of reading
// responses and publishing the outcome: responding has tests of its own, and these need
// respondents whose choices (publication, confirmation) are known exactly.
import type { Capacity, PublicationChoice } from '../../src/domain/consultations.ts'
import type { Region } from '../../src/domain/providers.ts'
import { insertVersion } from '../../src/repositories/specifications.ts'
import type { TestApp } from './app.ts'
import { PUBLISHED_1, VERSION_1, VERSION_2 } from './publication.ts'

export interface RespondentSpec {
  name: string
  email: string
  organisation?: string
  capacity?: Capacity
  profession?: string | null
  region?: Region | null
  publication: PublicationChoice
  confirmed?: boolean
  /** Answers by question position: text for a free-text question, choices otherwise. */
  answers?: Record<number, string | string[]>
  comments?: { passageKey: string; quote: string; body: string }[]
}

export interface ConsultationSpec {
  title?: string
  createdBy: string
  opensOn: string
  closesOn: string
  /** A draft specification version consulted on, or a document when absent. */
  specificationVersionId?: string
  credentialId?: string
  clinicalAreaId?: number | null
  questions?: { kind: 'text' | 'single' | 'multiple' | 'agreement'; prompt: string; options?: string[] }[]
  respondents?: RespondentSpec[]
}

export interface InsertedConsultation {
  id: string
  number: number
  questionIds: string[]
  /** By respondent e-mail: the response, its answers by question position, its comments in order. */
  responses: Record<string, { id: string; answers: Record<number, string>; comments: string[] }>
}

export const DEFAULT_QUESTIONS: NonNullable<ConsultationSpec['questions']> = [
  { kind: 'agreement', prompt: 'Do you agree with the learning outcomes?' },
  { kind: 'single', prompt: 'Is the credential needed?', options: ['Yes', 'No', 'Not sure'] },
  { kind: 'text', prompt: 'What would you change?' },
]

export async function insertConsultation(t: TestApp, spec: ConsultationSpec): Promise<InsertedConsultation> {
  const db = t.database.db
  const consultation = await db
    .insertInto('consultation')
    .values({
      title: spec.title ?? 'Frailty credential: draft specification',
      purpose: 'We want to know whether the draft learning outcomes are right.',
      audience: 'Practitioners, employers and education providers',
      subject: spec.specificationVersionId ? 'specification' : 'document',
      document_body: spec.specificationVersionId ? null : 'Our approach\n\nWe will co-produce credentials.',
      specification_version_id: spec.specificationVersionId ?? null,
      credential_id: spec.credentialId ?? null,
      clinical_area_id: spec.clinicalAreaId ?? null,
      opens_on: spec.opensOn,
      closes_on: spec.closesOn,
      state: 'published',
      published_at: new Date(`${spec.opensOn}T09:00:00Z`),
      created_by: spec.createdBy,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow()
  const questions = spec.questions ?? DEFAULT_QUESTIONS
  const questionIds: string[] = []
  for (const [i, q] of questions.entries()) {
    const row = await db
      .insertInto('consultation_question')
      .values({
        consultation_id: consultation.id,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        required: false,
        options: q.options ?? [],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    questionIds.push(row.id)
  }
  const inserted: InsertedConsultation = { ...consultation, questionIds, responses: {} }
  for (const r of spec.respondents ?? []) inserted.responses[r.email] = await insertResponse(t, inserted, r)
  return inserted
}

export async function insertResponse(
  t: TestApp,
  consultation: Pick<InsertedConsultation, 'id' | 'questionIds'>,
  r: RespondentSpec,
) {
  const db = t.database.db
  const response = await db
    .insertInto('consultation_response')
    .values({
      consultation_id: consultation.id,
      name: r.name,
      email: r.email,
      organisation: r.organisation ?? '',
      capacity: r.capacity ?? 'practitioner',
      profession: r.profession ?? null,
      region: r.region ?? null,
      publication: r.publication,
      confirmed_at: r.confirmed === false ? null : new Date('2027-01-10T10:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const answers: Record<number, string> = {}
  for (const [position, value] of Object.entries(r.answers ?? {})) {
    const questionId = consultation.questionIds[Number(position) - 1]
    if (!questionId) throw new Error(`No question ${position}`)
    const row = await db
      .insertInto('consultation_answer')
      .values({
        response_id: response.id,
        question_id: questionId,
        text_value: typeof value === 'string' ? value : null,
        choices: typeof value === 'string' ? [] : value,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    answers[Number(position)] = row.id
  }
  const comments: string[] = []
  for (const c of r.comments ?? []) {
    const row = await db
      .insertInto('consultation_comment')
      .values({ response_id: response.id, passage_key: c.passageKey, quote: c.quote, body: c.body })
      .returning('id')
      .executeTakeFirstOrThrow()
    comments.push(row.id)
  }
  return { id: response.id, answers, comments }
}

/**
 * A credential to consult on as the Centre would: version 1 published, and version 2, by
 * `authorId`, a draft (a copy of version 1, as starting a version makes it).
 */
export async function insertDraftToConsultOn(
  t: TestApp,
  options: { slug: string; title: string; authorId: string },
): Promise<{ credentialId: string; slug: string; draftId: string }> {
  const db = t.database.db
  const area = await db.selectFrom('clinical_area').select('id').orderBy('id').executeTakeFirstOrThrow()
  const credential = await db
    .insertInto('credential')
    .values({
      slug: options.slug,
      title: options.title,
      clinical_area_id: area.id,
      type: 'credential_specification',
      status: 'endorsed',
      level: 7,
      origin: 'centre',
      notes: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = {
    credential_id: credential.id,
    kind: 'specification' as const,
    author_id: options.authorId,
  }
  await insertVersion(db, {
    ...version,
    number: 1,
    state: 'published',
    content: JSON.stringify(VERSION_1),
    decision: 'endorse',
    decided_at: PUBLISHED_1,
    published_at: PUBLISHED_1,
  })
  const draft = await insertVersion(db, {
    ...version,
    number: 2,
    state: 'draft',
    content: JSON.stringify(VERSION_1),
  })
  return { credentialId: credential.id, slug: options.slug, draftId: draft.id }
}

/**
 * What follows a consultation on draft version 2 in the process: its review returned it for
 * revision, and version 3, revised (VERSION_2's changes: LO2 changed, LO3 gone, LO4 new), was
 * drafted and, unless `publish` is false, published, superseding version 1. Called again with
 * `publish`, it publishes the version 3 it drafted. Returns version 3's number.
 */
export async function publishRevisedVersion(
  t: TestApp,
  credentialId: string,
  authorId: string,
  { publish = true }: { publish?: boolean } = {},
) {
  const db = t.database.db
  const now = t.services.clock.now()
  await db
    .updateTable('specification_version')
    .set({ state: 'revise_and_resubmit', decision: 'revise_and_resubmit', decided_at: now })
    .where('credential_id', '=', credentialId)
    .where('number', '=', 2)
    .execute()
  const v3 = await db
    .selectFrom('specification_version')
    .select('id')
    .where('credential_id', '=', credentialId)
    .where('number', '=', 3)
    .executeTakeFirst()
  if (!v3)
    await insertVersion(db, {
      credential_id: credentialId,
      kind: 'specification',
      author_id: authorId,
      number: 3,
      state: 'draft',
      content: JSON.stringify(VERSION_2),
    })
  if (!publish) return 3
  await db
    .updateTable('specification_version')
    .set({ state: 'superseded' })
    .where('credential_id', '=', credentialId)
    .where('number', '=', 1)
    .execute()
  await db
    .updateTable('specification_version')
    .set({ state: 'published', decision: 'endorse', decided_at: now, published_at: now })
    .where('credential_id', '=', credentialId)
    .where('number', '=', 3)
    .execute()
  return 3
}
