// Programme accreditation for the seeds: each step taken through the real service, as the
// people who take it, on the day it is dated (a clock of its own), so that the demo and
// synthetic providers' programmes were accredited by the Centre before their learners' awards.
import type { Kysely } from 'kysely'
import { fixedClock } from '../../domain/clock.ts'
import type { Database } from '../schema.ts'
import { createProgrammeAccreditationService } from '../../services/programme-accreditation.ts'
import type { ProcessActor } from '../../services/process.ts'

/** The stages a seeded application is taken to. */
export type SeedStage =
  'applied' | 'documentary_review' | 'panel' | 'accredited_with_conditions' | 'accredited'

export interface SeedAccreditation {
  organisationId: string
  programmeId: string
  awardTitle: string
  provider: ProcessActor
  centre: ProcessActor
  assessors: readonly [ProcessActor, ProcessActor]
  /** The day the provider applies; each later step a week after the one before. */
  appliedOn: string
  periodFrom: string
  periodUntil: string
  /** How far the application goes (accredited unless said). */
  stage?: SeedStage
  /** A condition, for an accreditation with conditions (met a month later when the stage is accredited). */
  condition?: string
  /** Whether the panel puts a question to the provider (which its admin answers); yes unless said. */
  question?: boolean
}

const STANDARD_ANSWER = (code: string) =>
  `Our evidence for standard ${code} is in the programme handbook and the mapping document, section ${code}.`

/** Takes an application as far as its stage; returns its id. */
export async function accreditForSeed(db: Kysely<Database>, seed: SeedAccreditation): Promise<string> {
  const clock = fixedClock(`${seed.appliedOn}T10:00:00Z`)
  // Read when seeding, not when this module loads: the command line loads the seeds before it
  // reads the configuration, so that a bad setting is reported rather than thrown.
  const { config } = await import('../../config.ts')
  const service = createProgrammeAccreditationService(db, config, clock)
  const week = () => clock.advance({ days: 7 })
  const stage = seed.stage ?? 'accredited'
  const form = await service.applicationForm(seed.organisationId, seed.programmeId)
  const id = await service.apply(
    seed.organisationId,
    seed.programmeId,
    {
      awardTitle: seed.awardTitle,
      routes:
        'A generalist route and an acute care route, each with a Postgraduate Certificate and Diploma on the way.',
      modes: ['blended', 'work_based'],
      intake: '30',
      credentialIds: [],
      answers: Object.fromEntries(form.standards.map((s) => [s.code, STANDARD_ANSWER(s.code)])),
    },
    seed.provider,
  )
  if (stage === 'applied') return id
  const version = async () =>
    (
      await service.view(id, {
        userId: seed.centre.userId,
        roles: ['centre_admin'],
        providerOrganisationIds: [],
      })
    ).rowVersion
  for (const assessor of seed.assessors) {
    week()
    await service.assignAssessor(id, await version(), assessor.userId, seed.centre)
  }
  const judgements = Object.fromEntries(
    form.standards.map((s, i) => [
      s.code,
      {
        judgement: i === 2 ? 'partly_met' : 'met',
        comment:
          i === 2
            ? 'Supervisor preparation is described but not yet in place for every placement.'
            : 'The evidence is clear.',
      },
    ]),
  )
  for (const [i, assessor] of seed.assessors.entries()) {
    await service.declareConflict(id, 1, false, '', assessor)
    // The first assessor finishes; at the review stage the second has only started.
    const complete = stage !== 'documentary_review' || i === 0
    await service.judge(id, 2, judgements, complete, assessor)
  }
  if (stage === 'documentary_review') return id
  week()
  await service.holdPanel(
    id,
    await version(),
    {
      heldOn: clock.today(),
      members: ['Professor of Advanced Practice (chair)', 'Lay member', 'Consultant practitioner'],
      notes: 'The panel met the programme team.',
    },
    seed.centre,
  )
  const question = seed.question ?? true
  if (question)
    await service.askQuestion(
      id,
      await version(),
      'How are workplace supervisors prepared before a learner starts?',
      seed.centre,
    )
  if (stage === 'panel') return id
  week()
  if (question)
    await service.answerQuestion(
      id,
      await version(),
      0,
      'Every supervisor completes a two-day course and has a named link tutor.',
      seed.provider,
    )
  week()
  const withCondition = seed.condition !== undefined
  const due = new Date(clock.now().getTime() + 120 * 86_400_000).toISOString().slice(0, 10)
  await service.decide(
    id,
    await version(),
    {
      outcome: withCondition ? 'accredited_with_conditions' : 'accredited',
      periodFrom: seed.periodFrom,
      periodUntil: seed.periodUntil,
      reason: 'The panel found every standard met, on the evidence and the provider’s answers.',
      conditions: seed.condition === undefined ? [] : [{ text: seed.condition, dueOn: due }],
    },
    seed.centre,
  )
  if (withCondition && stage === 'accredited') {
    clock.advance({ days: 30 })
    await service.meetCondition(
      id,
      await version(),
      0,
      'The agreement was published on the programme’s page.',
      seed.centre,
    )
  }
  return id
}
