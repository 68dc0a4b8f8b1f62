// Demo history for the pipeline dashboard: from January 2024 to today, proposals submitted a
// few a quarter (more as the years go on), checked, some returned and sent again, and decided
// by the Credential Group (agreed, declined, some deferred first); each agreed proposal became
// a credential that went on to independent review and endorsement months later. The records
// are written as they stand after those steps, with the timeline entries (credential_event) and
// status events (credential_status_event) of each step on the day it was taken, so that the
// dashboard's figures over time, its time at each stage and its quarters have years to show.
// The use cases cannot take steps in the past (they read the clock), so the rows are written
// directly; the records, their timelines and their status events agree. Steps still to come
// on the day the seed runs are left untaken: recent proposals wait for their check or the group.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { nextReviewDue, DEFAULT_REVIEW_INTERVAL_MONTHS } from '../../domain/credential-lifecycle.ts'
import { formatDue, slugify, type CredentialStatus, type Due, type Season } from '../../domain/catalogue.ts'
import { londonDay } from '../../domain/dates.ts'
import type { ProposalState } from '../../domain/proposal-lifecycle.ts'
import { emptySpecification } from '../../domain/specification-content.ts'
import { present } from '../../domain/present.ts'
import { listAreas } from '../../repositories/clinical-areas.ts'
import * as proposalsRepo from '../../repositories/proposals.ts'
import type { Services } from '../../services/index.ts'
import { demoActor } from './demo-process.ts'

/** Where the history begins. */
export const HISTORY_START = '2024-01-08T10:00:00Z'

/** The subjects of the historical proposals, in the order they were submitted. */
export const HISTORY_SUBJECTS = [
  'Acute kidney injury',
  'Chronic obstructive pulmonary disease',
  'Palliative and end of life care',
  'Minor injuries',
  'Paediatric emergency care',
  'Dementia in primary care',
  'Musculoskeletal first contact',
  'Stroke rehabilitation',
  'Perioperative medicine',
  'Mental health crisis care',
  'Neonatal intensive care',
  'Cancer survivorship',
  'Tissue viability',
  'Falls prevention',
  'Learning disability health checks',
  'Urgent community response',
  'Heart failure in hospital',
  'Long COVID rehabilitation',
  'Sexual and reproductive health',
  'Hepatology',
  'Respiratory physiology',
  'Prescribing in care homes',
  'Eating disorders',
  'Substance misuse',
  'Critical care outreach',
  'Epilepsy',
  'Parkinson’s disease',
  'Lymphoedema',
  'Continence care',
  'Homeless and inclusion health',
  'Diabetes in pregnancy',
  'Rheumatology',
  'Ophthalmology in the community',
  'Audiology',
  'Multimorbidity in older people',
  'Anticoagulation',
  'Allergy',
  'Trauma and orthopaedics',
  'Haematology',
  'Infection prevention',
  'Sickle cell disease',
  'Renal dialysis',
  'Child and adolescent mental health',
  'Gastroenterology',
  'Vascular care',
] as const

export const historyTitle = (subject: string) => `${subject} (demo history)`

/**
 * Each subject proposed twice (the second at the enhanced level), so that the public figures,
 * which withhold counts under 5, have quarters to show.
 */
export const HISTORY_PROPOSALS: readonly string[] = [
  ...HISTORY_SUBJECTS,
  ...HISTORY_SUBJECTS.map((s) => `${s}, enhanced level`),
]

const DAY = 86_400_000

/** A small, seeded random number generator, so that every demo has the same history. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SEASON_OF_MONTH: readonly Season[] = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
]

/** The season a day falls in: January and February are the winter that began the December before. */
function dueOf(at: Date): Due {
  const month = at.getUTCMonth()
  return {
    season: SEASON_OF_MONTH[month] ?? 'spring',
    year: at.getUTCFullYear() - (month < 2 ? 1 : 0),
  }
}

interface Step {
  action: string
  summary: string
  reason: string | null
  actor: { id: string; name: string }
  at: Date
}

export interface DemoHistorySummary {
  proposals: number
  agreed: number
  declined: number
  credentials: number
  endorsed: number
}

/**
 * Writes the history unless it is there already; returns what it holds. Needs the demo
 * accounts and the seeded catalogue (its clinical areas and gateway criteria).
 */
export async function seedDemoPipelineHistory(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoHistorySummary> {
  const first = historyTitle(present(HISTORY_PROPOSALS[0], 'a subject'))
  if (!(await proposalsRepo.findProposalByTitle(db, first))) {
    await writeHistory(db, services)
  }
  return summarise(db)
}

async function writeHistory(db: Kysely<Database>, services: Services) {
  const now = services.clock.now()
  const author = await demoActor(db, services, 'author')
  const admin = await demoActor(db, services, 'centre-admin')
  const members = await Promise.all(
    ['credential-group', 'credential-group-2', 'credential-group-3'].map((key) =>
      demoActor(db, services, key),
    ),
  )
  const chair = present(members[0], 'a Credential Group member')
  const participants = members.map((m) => ({ id: m.userId, name: m.name }))
  const who = participants.map((p) => p.name).join(', ')
  const areas = await listAreas(db)
  const gateway = present(await proposalsRepo.currentCriterionSet(db, 'gateway'), 'the gateway criteria')
  const criteria = await proposalsRepo.listCriteriaOfSet(db, gateway.id)
  const next = random(2024)
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const span = Date.parse(londonDay(now)) - Date.parse(HISTORY_START)

  await db.transaction().execute(async (trx) => {
    for (const [index, subject] of HISTORY_PROPOSALS.entries()) {
      // More proposals as the years go on: the gaps between submissions shrink.
      const position = Math.pow((index + 0.5) / HISTORY_PROPOSALS.length, 0.75)
      const submittedAt = new Date(Date.parse(HISTORY_START) + position * span * 0.97 + between(0, 6) * DAY)
      if (submittedAt > now) continue
      const area = present(areas[index % areas.length], 'a clinical area')
      const title = historyTitle(subject)
      const steps: Step[] = []
      let state: ProposalState = 'draft'
      let at = submittedAt
      let submissions = 0
      let checkNote: string | null = null
      let decision: { outcome: 'agreed' | 'declined'; at: Date; reason: string } | null = null
      /** Takes the step `days` after the last unless that is still to come; false when it is. */
      const take = (days: number, to: ProposalState, step: Omit<Step, 'at'>): boolean => {
        const when = new Date(at.getTime() + days * DAY)
        if (when > now) return false
        at = when
        state = to
        steps.push({ ...step, at: when })
        return true
      }
      const author_ = { id: author.userId, name: author.name }
      const admin_ = { id: admin.userId, name: admin.name }
      const chair_ = { id: chair.userId, name: chair.name }
      steps.push({
        action: 'proposal.created',
        summary: `Started the proposal: ${title}`,
        reason: null,
        actor: author_,
        at: new Date(submittedAt.getTime() - between(5, 20) * DAY),
      })
      take(0, 'submitted', {
        action: 'proposal.submitted',
        summary: 'Submitted the proposal',
        reason: null,
        actor: author_,
      })
      submissions = 1
      let submittedLast = at
      run: {
        if (next() < 0.2) {
          checkNote = 'Say how many practitioners the credential is for, and in which settings.'
          if (
            !take(between(7, 20), 'returned', {
              action: 'proposal.returned',
              summary: 'Returned the proposal to the author',
              reason: checkNote,
              actor: admin_,
            })
          )
            break run
          if (
            !take(between(14, 45), 'submitted', {
              action: 'proposal.submitted',
              summary: 'Submitted the proposal again',
              reason: null,
              actor: author_,
            })
          )
            break run
          submissions = 2
          submittedLast = at
        }
        if (
          !take(between(5, 30), 'with_group', {
            action: 'proposal.sent_to_group',
            summary: 'Checked the proposal and put it to the Credential Group',
            reason: null,
            actor: admin_,
          })
        )
          break run
        if (next() < 0.15) {
          const reason = 'The group asked for the costs of delivery before deciding.'
          if (
            !take(between(14, 40), 'deferred', {
              action: 'proposal.deferred',
              summary: `The Credential Group deferred the proposal (taking part: ${who})`,
              reason,
              actor: chair_,
            })
          )
            break run
          if (
            !take(between(30, 70), 'with_group', {
              action: 'proposal.reconsidered',
              summary: 'Put the deferred proposal back to the Credential Group',
              reason: null,
              actor: admin_,
            })
          )
            break run
        }
        const agree = next() < 0.55
        const reason = agree
          ? `A clear national need in ${subject.toLowerCase()}; one national approach will avoid local variants.`
          : `Existing credentials already cover most of ${subject.toLowerCase()}; the group asked the author to work with their owners instead.`
        const days = between(14, 60)
        const expected = dueOf(new Date(at.getTime() + (days + 420) * DAY))
        if (
          !take(days, agree ? 'agreed' : 'declined', {
            action: agree ? 'proposal.agreed' : 'proposal.declined',
            summary: agree
              ? `The Credential Group agreed the proposal for development, expected ${formatDue(expected)} (taking part: ${who})`
              : `The Credential Group declined the proposal (taking part: ${who})`,
            reason,
            actor: chair_,
          })
        )
          break run
        decision = { outcome: agree ? 'agreed' : 'declined', at, reason }
      }
      const lastAt = steps.at(-1)?.at ?? submittedAt
      const createdAt = present(steps[0], 'the first step').at
      // The gateway criteria were judged, on the latest submission, before it went to the group.
      const sentAt = steps.filter((s) => s.action === 'proposal.sent_to_group').at(-1)?.at

      let credentialId: string | null = null
      if (decision?.outcome === 'agreed') {
        credentialId = await writeCredential(trx, {
          title,
          areaId: area.id,
          summary: `Services report unwarranted variation in ${subject.toLowerCase()}; advanced practitioners could close the gap.`,
          agreedAt: decision.at,
          reason: decision.reason,
          due: dueOf(new Date(decision.at.getTime() + 420 * DAY)),
          authorId: author.userId,
          adminName: admin.name,
          chairName: chair.name,
          now,
          between,
        })
      }
      const { id } = await proposalsRepo.insertProposal(trx, {
        author_id: author.userId,
        clinical_area_id: area.id,
        title,
        need: `Services report unwarranted variation in ${subject.toLowerCase()}; advanced practitioners could close the gap.`,
        target_professions: JSON.stringify(['Nursing', 'Pharmacy', 'Physiotherapy']),
        evidence: 'Regional workforce reviews and national audit data (demo evidence).',
        gateway_set_id: gateway.id,
        gateway_answers: JSON.stringify(
          Object.fromEntries(
            criteria.map((c) => [c.code, `How the proposal meets ${c.code}: see the evidence of need.`]),
          ),
        ),
        state,
        check_note: checkNote,
        decision_reason: decision?.reason ?? null,
        decision_participants: JSON.stringify(decision ? participants : []),
        decided_by: decision ? chair.userId : null,
        decided_at: decision?.at ?? null,
        credential_id: credentialId,
        submitted_at: submittedLast,
        submissions: submissions,
        created_at: createdAt,
        updated_at: lastAt,
      })
      if (sentAt) {
        for (const criterion of criteria) {
          await trx
            .insertInto('proposal_gateway_judgement')
            .values({
              proposal_id: id,
              criterion_code: criterion.code,
              judgement: 'met',
              reason: 'The answer addresses the criterion clearly, with evidence the Centre could check.',
              submission: submissions,
              judged_by: admin.userId,
              judged_at: new Date(sentAt.getTime() - DAY),
            })
            .execute()
        }
      }
      for (const step of steps) {
        await trx
          .insertInto('credential_event')
          .values({
            proposal_id: id,
            credential_id: step.action === 'proposal.agreed' ? credentialId : null,
            action: step.action,
            summary: step.summary,
            reason: step.reason,
            actor_id: step.actor.id,
            actor_label: step.actor.name,
            occurred_at: step.at,
          })
          .execute()
      }
    }
  })
}

/**
 * An agreed proposal's credential: in development from the day of agreement, with version 1 of
 * its specification to write; months later submitted for independent review, then endorsed,
 * each step as far as today allows.
 */
async function writeCredential(
  trx: Kysely<Database>,
  c: {
    title: string
    areaId: number
    summary: string
    agreedAt: Date
    reason: string
    due: Due
    authorId: string
    adminName: string
    chairName: string
    now: Date
    between: (min: number, max: number) => number
  },
): Promise<string> {
  const history: Array<{ status: CredentialStatus; at: Date; reason: string; by: string; due: Due | null }> =
    [
      {
        status: 'in_development',
        at: c.agreedAt,
        reason: `Agreed for development by the Credential Group: ${c.reason}`,
        by: c.chairName,
        due: c.due,
      },
    ]
  const reviewAt = new Date(c.agreedAt.getTime() + c.between(150, 330) * DAY)
  const endorsedAt = new Date(reviewAt.getTime() + c.between(60, 160) * DAY)
  if (reviewAt <= c.now) {
    history.push({
      status: 'under_review',
      at: reviewAt,
      reason: 'Submitted for independent review',
      by: c.adminName,
      due: null,
    })
  }
  if (endorsedAt <= c.now) {
    history.push({
      status: 'endorsed',
      at: endorsedAt,
      reason: 'Endorsed after independent review against the endorsement criteria',
      by: c.adminName,
      due: null,
    })
  }
  const latest = present(history.at(-1), 'the latest status')
  const endorsedOn = latest.status === 'endorsed' ? londonDay(latest.at) : null
  const { id } = await trx
    .insertInto('credential')
    .values({
      slug: slugify(c.title),
      title: c.title,
      clinical_area_id: c.areaId,
      type: 'credential_specification',
      status: latest.status,
      due_season: latest.due?.season ?? null,
      due_year: latest.due?.year ?? null,
      origin: 'centre',
      summary: c.summary,
      notes: JSON.stringify([]),
      lead_author_id: c.authorId,
      listed: true,
      endorsed_on: endorsedOn,
      next_review_due: endorsedOn && nextReviewDue(endorsedOn, DEFAULT_REVIEW_INTERVAL_MONTHS),
      created_at: c.agreedAt,
      updated_at: latest.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const h of history) {
    await trx
      .insertInto('credential_status_event')
      .values({
        credential_id: id,
        status: h.status,
        due_season: h.due?.season ?? null,
        due_year: h.due?.year ?? null,
        reason: h.reason,
        recorded_by: h.by,
        recorded_at: h.at,
      })
      .execute()
  }
  // As agreement does: version 1 to write, while the credential is in development. Its
  // specification was developed and reviewed before the platform held it, so a credential
  // that went on to review has no version here, as the seeded catalogue's endorsed ones have not.
  if (latest.status === 'in_development') {
    await trx
      .insertInto('specification_version')
      .values({
        credential_id: id,
        number: 1,
        kind: 'specification',
        author_id: c.authorId,
        state: 'draft',
        content: JSON.stringify({
          ...emptySpecification(),
          targetProfessions: ['Nursing', 'Pharmacy', 'Physiotherapy'],
        }),
        created_at: c.agreedAt,
        updated_at: c.agreedAt,
      })
      .execute()
  }
  return id
}

async function summarise(db: Kysely<Database>): Promise<DemoHistorySummary> {
  const titles = HISTORY_PROPOSALS.map(historyTitle)
  const proposals = await db
    .selectFrom('proposal')
    .select(['state', 'credential_id'])
    .where('title', 'in', titles)
    .execute()
  const credentials = await db
    .selectFrom('credential')
    .select('status')
    .where('title', 'in', titles)
    .execute()
  return {
    proposals: proposals.length,
    agreed: proposals.filter((p) => p.state === 'agreed').length,
    declined: proposals.filter((p) => p.state === 'declined').length,
    credentials: credentials.length,
    endorsed: credentials.filter((c) => c.status === 'endorsed').length,
  }
}
