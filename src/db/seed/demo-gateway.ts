// The Centre's check of demo proposals, criterion by criterion, through the same use case a
// Centre admin's judging page calls: every proposal the demo puts to the Credential Group has
// each gateway criterion judged with a reason, and one proposal waits for its check with some
// criteria judged and the rest still to do.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import type { Judgement } from '../../domain/gateway-check.ts'
import * as proposalsRepo from '../../repositories/proposals.ts'
import type { Services } from '../../services/index.ts'
import type { ProcessActor } from '../../services/process.ts'
import { present } from '../../domain/present.ts'
import { demoActor, type DemoProcessRecord } from './demo-process.ts'

export const DEMO_AWAITING_CHECK = 'Asthma in children and young people (demo)'

export interface DemoJudgement {
  judgement: Judgement
  reason: string
}

/**
 * Judgements of the seeded gateway criteria (G1, its part G1.1, G2, G3) for a proposal the
 * Centre puts to the group; a criterion of a later version gets the general one.
 */
export function sendingJudgements(subject: string): Record<string, DemoJudgement> {
  return {
    G1: {
      judgement: 'met',
      reason: `The answer sets out a national priority: ${subject} appears in the long-term plan, and the evidence shows unwarranted variation that a standard unit of learning would reduce.`,
    },
    'G1.1': {
      judgement: 'met',
      reason:
        'The population is defined (adults in community services), and the workforce gap is quantified from regional workforce reviews.',
    },
    G2: {
      judgement: 'partly_met',
      reason:
        'Delivery through existing higher-education providers is credible, but the return on investment is argued in words only. The group may want a costed estimate before development.',
    },
    G3: {
      judgement: 'met',
      reason:
        'Nurses, pharmacists and allied health professionals are all named, and the capabilities map to the four pillars of the multi-professional framework.',
    },
  }
}

const GENERAL: DemoJudgement = {
  judgement: 'met',
  reason: 'The answer addresses the criterion clearly, with evidence the Centre could check.',
}

/** Judges the proposal's criteria that `judgements` names (all of them when `every`); returns the row version. */
export async function judgeDemoGateway(
  services: Services,
  id: string,
  rowVersion: number,
  admin: ProcessActor,
  judgements: Record<string, DemoJudgement>,
  every = true,
): Promise<number> {
  const proposal = present(await services.proposals.get(id, admin), `proposal ${id}`)
  let rv = rowVersion
  for (const c of proposal.check.criteria) {
    const j = judgements[c.code] ?? (every ? GENERAL : undefined)
    if (j) rv = await services.proposals.judge(id, rv, c.code, j.judgement, j.reason, admin)
  }
  return rv
}

/**
 * A proposal awaiting its check, with the first criteria judged and the rest still to do, so a
 * Centre admin signing in finds the check half done. Made once.
 */
export async function seedDemoGatewayCheck(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const existing = await proposalsRepo.findProposalByTitle(db, DEMO_AWAITING_CHECK)
  const record = (id: string) => [
    {
      stage: 'Proposal awaiting its check, some criteria judged',
      title: DEMO_AWAITING_CHECK,
      href: `/proposals/${id}`,
    },
  ]
  if (existing) return record(existing.id)
  const admin = await demoActor(db, services, 'centre-admin')
  const author = await demoActor(db, services, 'author')
  const options = await services.proposals.formOptions()
  const area =
    options.areas.find((a) => a.name.toLowerCase().includes('primary')) ??
    present(options.areas[0], 'an area')
  const answers: Record<string, string> = {
    G1: 'Asthma is the commonest long-term condition of childhood, and the national review of asthma deaths found avoidable factors in most of them. Children are still admitted for attacks that good reviews in primary care would prevent.',
    'G1.1':
      'Children and young people with asthma, and their families; the workforce is the practice nurses, pharmacists and paramedics who already review them without a shared standard.',
    G2: 'Three universities already run modules that could be mapped to the credential. We expect fewer emergency admissions, but have not costed them yet.',
    G3: 'Practice nurses, community pharmacists and paramedics in primary care all review children with asthma; the capabilities cover clinical practice, education and leadership.',
  }
  const id = await services.proposals.create(
    {
      clinicalAreaId: area.id,
      title: DEMO_AWAITING_CHECK,
      need: 'Children with asthma are reviewed by many professions in primary care, to no shared standard, and some still die of attacks that could have been prevented.',
      targetProfessions: options.professions.filter((p) => ['Nurse', 'Pharmacist', 'Paramedic'].includes(p)),
      evidence:
        'The national review of asthma deaths; regional admissions data for children with asthma, 2022 to 2025; a survey of 140 practices on who reviews children with asthma.',
      gatewayAnswers: Object.fromEntries(
        options.gateway.criteria.map((c) => [
          c.code,
          answers[c.code] ?? `How the proposal meets ${c.code}: see the need and its evidence.`,
        ]),
      ),
    },
    author,
  )
  const submitted = await services.proposals.submit(id, 1, author)
  await judgeDemoGateway(
    services,
    id,
    submitted,
    admin,
    {
      G1: {
        judgement: 'met',
        reason:
          'A clear national priority: the national review of asthma deaths is cited, and admissions data show the variation the credential would reduce.',
      },
      'G1.1': {
        judgement: 'met',
        reason:
          'The population (children and young people with asthma) and the professions reviewing them are both defined.',
      },
    },
    false,
  )
  return record(id)
}
