// Demo consultations: one open now on the draft of "Diabetic foot care (demo)", made and
// answered through the use cases (a demo practitioner signed in, and someone who confirmed
// their address by the e-mailed link); and one on version 1 of "Frailty in older people
// (demo)" that closed a month ago, whose outcome is published with themes, "we did" and the
// learning outcomes of version 2 that changed because of it. A consultation in the past cannot
// be opened or answered through the use cases today, so that one's responses are written with
// the repositories; its themes, tags and outcome go through the Centre's use cases.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { present } from '../../domain/present.ts'
import * as answersRepo from '../../repositories/consultation-answers.ts'
import * as commentsRepo from '../../repositories/consultation-comments.ts'
import * as questionsRepo from '../../repositories/consultation-questions.ts'
import * as responsesRepo from '../../repositories/consultation-responses.ts'
import * as consultationsRepo from '../../repositories/consultations.ts'
import type { Services } from '../../services/index.ts'
import { DEMO_TITLES, demoActor, type DemoProcessRecord } from './demo-process.ts'

export const DEMO_CONSULTATION_TITLES = {
  open: 'Diabetic foot care: draft specification (demo)',
  closed: 'Frailty in older people: version 1 (demo)',
} as const

const DAY = 86_400_000
const dayFrom = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

async function versionOf(db: Kysely<Database>, title: string, number: number) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select(['v.id', 'c.id as credential_id', 'c.slug', 'c.clinical_area_id'])
    .where('c.title', '=', title)
    .where('v.number', '=', number)
    .executeTakeFirst()
}

export async function seedDemoConsultations(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const existing = await db
    .selectFrom('consultation')
    .select(['number', 'title'])
    .where('title', 'in', Object.values(DEMO_CONSULTATION_TITLES))
    .orderBy('number')
    .execute()
  if (existing.length) return existing.map(recordOf)
  const admin = await demoActor(db, services, 'centre-admin')
  const practitioner = await demoActor(db, services, 'practitioner')
  const today = services.clock.today()
  const c = services.consultations

  // 1. Open now, on a draft version.
  const draft = present(await versionOf(db, DEMO_TITLES.draft, 1), 'the demo draft version')
  const area = (await c.areaOptions())[0]?.slug ?? ''
  const openNumber = await c.createDraft(
    {
      title: DEMO_CONSULTATION_TITLES.open,
      purpose:
        'We want to know whether the draft learning outcomes prepare practitioners to prevent and manage diabetic foot disease.',
      audience: 'Practitioners, employers, education providers and people living with diabetes',
      subject: 'specification',
      documentBody: '',
      specificationVersionId: draft.id,
      areaSlug: area,
      opensOn: { date: dayFrom(today, -7) },
      closesOn: { date: dayFrom(today, 21) },
    },
    admin,
  )
  const rv = async () =>
    present(await c.find(openNumber, { includeDrafts: true }), 'the open consultation').rowVersion
  await c.addQuestion(
    openNumber,
    await rv(),
    {
      kind: 'agreement',
      prompt: 'The learning outcomes are at the right level',
      hint: '',
      required: 'yes',
      options: '',
    },
    admin,
  )
  await c.addQuestion(
    openNumber,
    await rv(),
    { kind: 'text', prompt: 'What would you change?', hint: '', required: 'no', options: '' },
    admin,
  )
  await c.publish(openNumber, await rv(), admin)
  const answer = (agreement: string, text: string) => ({
    1: { text: '', choices: [agreement] },
    2: { text, choices: [] },
  })
  await c.submitResponse(
    openNumber,
    {
      kind: 'account',
      userId: practitioner.userId,
      name: practitioner.name,
      email: `practitioner@demo.invalid`,
    },
    {
      organisation: 'Demo Community Trust',
      capacity: 'practitioner',
      profession: 'Nurse',
      region: 'london',
      publication: 'named',
      answers: answer('Agree', 'Add offloading footwear to the assessment outcomes.'),
      comments: {},
      newComment: null,
      rowVersion: 0,
    },
    admin,
  )

  // 2. Closed a month ago, its outcome published.
  const consulted = present(
    await versionOf(db, DEMO_TITLES.published, 1),
    'version 1 of the demo frailty credential',
  )
  const row = await consultationsRepo.insertConsultation(db, {
    title: DEMO_CONSULTATION_TITLES.closed,
    purpose:
      'We asked whether the draft learning outcomes of the frailty credential were right before it was reviewed.',
    audience: 'Practitioners, employers, education providers, and older people and their carers',
    subject: 'specification',
    specification_version_id: consulted.id,
    credential_id: consulted.credential_id,
    clinical_area_id: consulted.clinical_area_id,
    opens_on: dayFrom(today, -60),
    closes_on: dayFrom(today, -30),
    state: 'published',
    published_at: new Date(Date.parse(`${dayFrom(today, -60)}T09:00:00Z`)),
    created_by: admin.userId,
  })
  const q1 = await questionsRepo.insertQuestion(db, row.id, {
    kind: 'agreement',
    prompt: 'The learning outcomes describe advanced practice in frailty',
    hint: '',
    required: true,
    options: [],
  })
  const q2 = await questionsRepo.insertQuestion(db, row.id, {
    kind: 'text',
    prompt: 'What would you change?',
    hint: '',
    required: false,
    options: [],
  })
  const confirmedAt = new Date(Date.parse(`${dayFrom(today, -45)}T12:00:00Z`))
  const said = [
    {
      name: 'Priya Demo',
      email: 'priya.respondent@demo.invalid',
      organisation: 'Demo Hospital Trust',
      capacity: 'practitioner' as const,
      profession: 'Nurse',
      region: 'london' as const,
      publication: 'named' as const,
      agreement: 'Agree',
      text: 'Carers are missing: planning care with them should be an outcome.',
      comment: 'Say who records the frailty score, and where.',
    },
    {
      name: 'Tom Demo',
      email: 'tom.respondent@demo.invalid',
      organisation: 'Demo University',
      capacity: 'education_provider' as const,
      profession: null,
      region: 'north_west' as const,
      publication: 'organisation' as const,
      agreement: 'Disagree',
      text: 'LO2 should ask for the results to be shared with the whole team.',
      comment: 'Shared care records would let the team see the score.',
    },
    {
      name: 'Jo Demo',
      email: 'jo.respondent@demo.invalid',
      organisation: '',
      capacity: 'patient_or_public' as const,
      profession: null,
      region: 'midlands' as const,
      publication: 'anonymous' as const,
      agreement: 'Strongly agree',
      text: 'As a carer I want to be part of the plan.',
      comment: null,
    },
  ]
  const tagged: Array<{ kind: 'answer' | 'comment'; id: string; theme: 'carers' | 'records' }> = []
  for (const s of said) {
    const response = await responsesRepo.insertResponse(db, {
      consultation_id: row.id,
      name: s.name,
      email: s.email,
      organisation: s.organisation,
      capacity: s.capacity,
      profession: s.profession,
      region: s.region,
      publication: s.publication,
      confirmed_at: confirmedAt,
      created_at: confirmedAt,
      updated_at: confirmedAt,
    })
    await answersRepo.saveAnswers(db, response.id, [
      { questionId: q1.id, text: null, choices: [s.agreement] },
      { questionId: q2.id, text: s.text, choices: [] },
    ])
    const text = present(
      (await answersRepo.listAnswersOfResponse(db, response.id)).find((a) => a.question_id === q2.id),
      'the answer',
    )
    tagged.push({ kind: 'answer', id: text.id, theme: s.text.includes('LO2') ? 'records' : 'carers' })
    if (s.comment) {
      const comment = await commentsRepo.insertComment(db, {
        response_id: response.id,
        passage_key: 'outcome:LO2',
        quote: 'Identify and grade frailty using validated tools, and explain the results.',
        body: s.comment,
        created_at: confirmedAt,
      })
      tagged.push({ kind: 'comment', id: comment.id, theme: 'records' })
    }
  }
  const outcomes = services.consultationOutcomes
  const themeIds = {
    carers: await outcomes.createTheme(
      row.number,
      {
        name: 'Carers in planning care',
        youSaid:
          'People living with frailty and their carers want to plan care together with the practitioner.',
        weDid: 'We added a learning outcome on planning care with people and their carers (LO4).',
        changedCodes: ['LO4'],
      },
      admin,
    ),
    records: await outcomes.createTheme(
      row.number,
      {
        name: 'Sharing the frailty score',
        youSaid: 'The frailty score is only useful if the whole team can see it.',
        weDid: 'LO2 now asks practitioners to record the results in shared care records.',
        changedCodes: ['LO2'],
      },
      admin,
    ),
  }
  for (const t of tagged)
    await outcomes.tag(
      row.number,
      { themeId: themeIds[t.theme], kind: t.kind, id: t.id, remove: false },
      admin,
    )
  const header = await outcomes.header(row.number)
  await outcomes.publishOutcome(
    row.number,
    header.rowVersion,
    'Three people responded. Most agreed with the outcomes; they asked for carers to be part of planning care and for the frailty score to be shared. Version 2 does both.',
    admin,
  )
  return [
    { number: openNumber, title: DEMO_CONSULTATION_TITLES.open },
    { number: row.number, title: DEMO_CONSULTATION_TITLES.closed },
  ].map(recordOf)
}

function recordOf(r: { number: number; title: string }): DemoProcessRecord {
  const closed = r.title === DEMO_CONSULTATION_TITLES.closed
  return {
    stage: closed ? 'Closed consultation, outcome published' : 'Open consultation',
    title: r.title,
    href: closed ? `/consultations/${r.number}/outcome` : `/consultations/${r.number}`,
  }
}
