// Demo records at every stage of the approval process, made by the demo accounts through the
// same use cases people use, so that the timeline, audit trail and e-mails are real too.
// A newcomer signs in as any demo account and finds work waiting.
import type { Kysely } from 'kysely'
import { DEMO_FRAILTY_V1, DEMO_FRAILTY_V2, DEMO_RECOGNITION, DEMO_SEPSIS } from './demo-specifications.ts'
import type { Database } from '../schema.ts'
import { emptySpecification, type SpecificationContent } from '../../domain/specification-content.ts'
import * as credentialsRepo from '../../repositories/credentials.ts'
import * as proposalsRepo from '../../repositories/proposals.ts'
import { findUserByEmail } from '../../repositories/user-accounts.ts'
import type { Services } from '../../services/index.ts'
import type { ProcessActor } from '../../services/process.ts'
import { present } from '../../domain/present.ts'
import { decideAtMeeting } from './demo-meetings.ts'
import { judgeDemoGateway, sendingJudgements } from './demo-gateway.ts'

export const DEMO_TITLES = {
  awaitingGroup: 'Heart failure in the community (demo)',
  draft: 'Diabetic foot care (demo)',
  underReview: 'Sepsis recognition and early management (demo)',
  published: 'Frailty in older people (demo)',
  recognised: 'Acute medicine curriculum (demo)',
} as const

export interface DemoProcessRecord {
  stage: string
  title: string
  href: string
}

/** The demo account with this key (as in centre-admin@demo.invalid), as the one who acts. */
export async function demoActor(
  db: Kysely<Database>,
  services: Services,
  key: string,
): Promise<ProcessActor> {
  const row = await findUserByEmail(db, `${key}@demo.invalid`)
  const user = row && (await services.authentication.currentUser(row.id))
  if (!user) throw new Error(`The demo account ${key} is missing: create the demo accounts first`)
  return {
    userId: user.id,
    label: user.email,
    ip: null,
    name: user.displayName,
    roles: [...new Set(user.grants.map((g) => g.role))],
  }
}

/**
 * Creates the demo records unless they exist: a proposal awaiting the Credential Group, a
 * draft, a version under review, a published specification with two versions, and a
 * recognised curriculum. Returns what it made (or found), for the command to print.
 */
export async function seedDemoProcess(
  db: Kysely<Database>,
  services: Services,
): Promise<DemoProcessRecord[]> {
  const records: DemoProcessRecord[] = []
  const existing = await proposalsRepo.findProposalByTitle(db, DEMO_TITLES.awaitingGroup)
  if (existing) return describeExisting(db)

  const admin = await demoActor(db, services, 'centre-admin')
  const group = await demoActor(db, services, 'credential-group')
  const group2 = await demoActor(db, services, 'credential-group-2')
  const group3 = await demoActor(db, services, 'credential-group-3')
  const reviewer = await demoActor(db, services, 'reviewer')
  const reviewer2 = await demoActor(db, services, 'reviewer-2')
  const author = await demoActor(db, services, 'author')
  const options = await services.proposals.formOptions()
  const areaId = (name: string) =>
    options.areas.find((a) => a.name.toLowerCase().includes(name))?.id ??
    present(options.areas[0], 'a clinical area').id
  const gatewayAnswers = Object.fromEntries(
    options.gateway.criteria.map((c) => [
      c.code,
      `How the proposal meets ${c.code}: see the evidence of need.`,
    ]),
  )

  /**
   * Proposes and submits, and the centre judges each gateway criterion and sends it on to the
   * Credential Group.
   */
  const propose = async (title: string, area: string, professions: string[]) => {
    const id = await services.proposals.create(
      {
        clinicalAreaId: areaId(area),
        title,
        need: `Services report unwarranted variation in ${title.replace(' (demo)', '').toLowerCase()}; advanced practitioners could close the gap.`,
        targetProfessions: professions,
        evidence: 'Regional workforce reviews and national audit data (demo evidence).',
        gatewayAnswers,
      },
      author,
    )
    const submitted = await services.proposals.submit(id, 1, author)
    const subject = title.replace(' (demo)', '').toLowerCase()
    const judged = await judgeDemoGateway(services, id, submitted, admin, sendingJudgements(subject))
    return { id, rowVersion: await services.proposals.check(id, judged, 'send', '', admin) }
  }

  /** Proposes, and has the group agree; returns the slug of the credential that agreement made. */
  const agreed = async (title: string, area: string, professions: string[]) => {
    const { id } = await propose(title, area, professions)
    await decideAtMeeting(services, id, 'agree', {
      chair: admin,
      members: [group, group2, group3],
      reason: 'A clear national need; one national approach will avoid local variants.',
      expected: { season: 'autumn', year: 2027 },
    })
    const view = await services.proposals.get(id, admin)
    return present(view?.credential, `the credential of agreed proposal ${id}`).slug
  }

  const draftFully = async (slug: string, number: number, content: SpecificationContent) => {
    const view = present(
      await services.specifications.getVersion(slug, number, author),
      `version ${number} of ${slug}`,
    )
    const saved = await services.specifications.saveDraft(
      slug,
      number,
      view.version.rowVersion,
      content,
      author,
    )
    await services.specifications.submit(slug, number, saved.rowVersion, author)
  }

  /**
   * A reviewer's review: declared, every criterion judged (met unless `differ` says otherwise
   * for the first criterion), every crosswalk row of a recognition judged, and recommended.
   */
  const review = async (
    slug: string,
    number: number,
    who: ProcessActor,
    finish: boolean,
    differ?: { recommendation: 'revise_and_resubmit'; comment: string; reasons: string },
  ) => {
    const assignmentId = await services.reviews.assign(slug, number, who.userId, admin)
    let page = await services.reviews.review(assignmentId, who)
    await services.reviews.declare(assignmentId, page.assignment.rowVersion, false, '', who)
    if (!finish) return
    page = await services.reviews.review(assignmentId, who)
    const judgements = Object.fromEntries(
      page.criteria.map((c, i) => [
        c.code,
        differ && i === 0
          ? { judgement: 'partly_met' as const, comment: differ.comment }
          : { judgement: 'met' as const, comment: 'Met: the specification addresses this clearly.' },
      ]),
    )
    await services.reviews.judge(assignmentId, page.assignment.rowVersion, judgements, who)
    page = await services.reviews.review(assignmentId, who)
    if (page.rows.length) {
      const rows = Object.fromEntries(
        page.rows.map((row, i) => [
          row.code,
          // The second reviewer finds the research outcome thinner than its claim.
          who.userId === reviewer2.userId && i === page.rows.length - 1
            ? {
                judgement: 'partly_meets' as const,
                comment: `Outcome ${row.code} covers audit but says little about research; it partly meets ${row.frameworkCodes.join(', ')}.`,
              }
            : {
                judgement: 'meets' as const,
                comment: `Outcome ${row.code} meets ${row.frameworkCodes.join(', ')}: the curriculum assesses it in the workplace.`,
              },
        ]),
      )
      await services.reviews.judgeRows(assignmentId, page.assignment.rowVersion, rows, who)
      page = await services.reviews.review(assignmentId, who)
    }
    await services.reviews.recommend(
      assignmentId,
      page.assignment.rowVersion,
      differ?.recommendation ?? 'endorse',
      differ?.reasons ?? 'Ready for endorsement.',
      who,
    )
  }

  /** The consolidated report drafted from the reviews; signed off unless `draftOnly`. */
  const report = async (slug: string, number: number, overall: string, draftOnly = false) => {
    await services.reviews.draftReport(slug, number, admin)
    const drafted = present(
      (await services.reviews.reportPage(slug, number)).report,
      'the report just drafted',
    )
    await services.reviews.saveReport(
      slug,
      number,
      drafted.rowVersion,
      { findings: drafted.content.items.map((i) => i.finding), overall },
      admin,
    )
    if (draftOnly) return
    const saved = present((await services.reviews.reportPage(slug, number)).report, 'the report just saved')
    await services.reviews.signOffReport(slug, number, saved.rowVersion, admin)
  }

  const endorse = async (slug: string, number: number) => {
    await report(
      slug,
      number,
      'Both reviewers found every endorsement criterion met. Endorsed for publication.',
    )
    const page = await services.reviews.decisionPage(slug, number)
    await services.reviews.decide(
      slug,
      number,
      page.version.rowVersion,
      { outcome: 'endorse', conditions: '' },
      admin,
    )
  }

  // 1. A proposal awaiting the Credential Group.
  const waiting = await propose(DEMO_TITLES.awaitingGroup, 'primary', ['Nurse', 'Pharmacist'])
  records.push({
    stage: 'Proposal awaiting the Credential Group',
    title: DEMO_TITLES.awaitingGroup,
    href: `/proposals/${waiting.id}`,
  })

  // 2. A draft, started but not complete.
  const draft = await agreed(DEMO_TITLES.draft, 'vascular', ['Nurse', 'Allied health professional'])
  const draftView = present(
    await services.specifications.getVersion(draft, 1, author),
    `version 1 of ${draft}`,
  )
  await services.specifications.saveDraft(
    draft,
    1,
    draftView.version.rowVersion,
    {
      ...emptySpecification(),
      purpose: 'Develops advanced practitioners who prevent and manage diabetic foot disease.',
      scope: 'Adults with diabetes at risk of, or with, foot ulceration, in community and acute care.',
      targetProfessions: ['Nurse', 'Allied health professional'],
    },
    author,
  )
  records.push({
    stage: 'Specification draft',
    title: DEMO_TITLES.draft,
    href: `/specifications/${draft}`,
  })

  // 3. A version under review: two reviews complete that disagree on the first criterion and
  // on the recommendation, and the consolidated report drafted from them, not yet signed off.
  const sepsis = await agreed(DEMO_TITLES.underReview, 'emergency', ['Nurse', 'Allied health professional'])
  await draftFully(sepsis, 1, DEMO_SEPSIS)
  await review(sepsis, 1, reviewer, true)
  await review(sepsis, 1, reviewer2, true, {
    recommendation: 'revise_and_resubmit',
    comment: 'Partly met: the purpose names the setting but not the patients who most need the service.',
    reasons: 'Sharpen the purpose to name the patients it serves, then resubmit.',
  })
  await report(
    sepsis,
    1,
    'The reviewers agree on every criterion but the first, where Reviewer 2 asks for a sharper purpose. Draft: the Centre is minded to endorse with the condition that the purpose names the patients it serves.',
    true,
  )
  records.push({
    stage: 'Version under independent review',
    title: DEMO_TITLES.underReview,
    href: `/specifications/${sepsis}`,
  })

  // 4. A published specification with two versions: the second from periodic review.
  const slug = await agreed(DEMO_TITLES.published, 'medicine', [
    'Nurse',
    'Allied health professional',
    'Pharmacist',
  ])
  await draftFully(slug, 1, DEMO_FRAILTY_V1)
  await review(slug, 1, reviewer, true)
  await review(slug, 1, reviewer2, true)
  await endorse(slug, 1)
  const due = present(
    await services.periodicReviews.get(slug, services.clock.today()),
    `the review of ${slug}`,
  )
  await services.periodicReviews.openReview(slug, due.rowVersion, admin)
  const opened = present(
    await services.periodicReviews.get(slug, services.clock.today()),
    `the review of ${slug}`,
  )
  const next = await services.periodicReviews.startNewVersion(slug, opened.rowVersion, admin, author.userId)
  await draftFully(slug, next, DEMO_FRAILTY_V2)
  await review(slug, next, reviewer, true)
  await review(slug, next, reviewer2, true)
  await endorse(slug, next)
  records.push({
    stage: 'Published specification, two versions',
    title: DEMO_TITLES.published,
    href: `/credentials/${slug}/specification`,
  })

  // 5. A recognised curriculum owned by another body.
  const recognised = await services.recognition.apply(
    {
      title: DEMO_TITLES.recognised,
      area:
        (await services.recognition.areas()).find((a) => a.name.toLowerCase().includes('medicine'))?.slug ??
        '',
      type: 'curriculum',
      ownerName: DEMO_RECOGNITION.ownerName,
      ownerUrl: DEMO_RECOGNITION.ownerUrl,
      documentUrl: DEMO_RECOGNITION.documentUrl,
      summary: DEMO_RECOGNITION.summary,
      crosswalk: DEMO_RECOGNITION.crosswalk,
    },
    author,
  )
  const application = present(await services.recognition.get(recognised, author), `application ${recognised}`)
  await services.recognition.submit(recognised, application.rowVersion, author)
  await review(recognised, 1, reviewer, true)
  await review(recognised, 1, reviewer2, true)
  await endorse(recognised, 1)
  records.push({
    stage: 'Recognised curriculum',
    title: DEMO_TITLES.recognised,
    href: `/credentials/${recognised}`,
  })

  return records
}

async function describeExisting(db: Kysely<Database>): Promise<DemoProcessRecord[]> {
  const found: DemoProcessRecord[] = []
  for (const title of Object.values(DEMO_TITLES)) {
    const credential = await credentialsRepo.findCredentialByTitle(db, title)
    found.push({
      stage: 'Already created',
      title,
      href: credential ? `/specifications/${credential.slug}` : '/proposals',
    })
  }
  return found
}
