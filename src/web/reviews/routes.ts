// Independent review and the decision: admins assign reviewers and decide, reviewers
// declare their interests, judge each endorsement criterion and recommend.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import type { Services } from '../../services/index.ts'
import {
  isJudgement,
  isRecommendation,
  RECOMMENDATION_LABELS,
  ReviewConflicted,
} from '../../services/reviews.ts'
import {
  answer,
  formHandler,
  keptAnswers,
  parseForm,
  redirectWithBanner,
  required,
  renderForm,
} from '../forms.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { crosswalkComparison, reportForView, viewHelpers } from './view-helpers.ts'
import { isCrosswalkJudgement } from '../../domain/recognition.ts'
import { REPORT_STAGE_LABELS } from '../../domain/consolidated-report.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { longDate } from '../../domain/dates.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const REVIEWER = { access: { roles: ['independent_reviewer'] } } as const
const REVIEWER_OR_ADMIN = { access: { roles: ['independent_reviewer', 'centre_admin'] } } as const

const VersionParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  number: Type.Integer({ minimum: 1, maximum: 100000 }),
})
type VersionParams = Static<typeof VersionParams>
const ReviewParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type ReviewParams = Static<typeof ReviewParams>

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const AssignBody = Type.Object({ reviewer: text(100) })
type AssignBody = Static<typeof AssignBody>
const ConflictBody = Type.Object({ rowVersion: text(20), conflict: text(20), conflictNote: text(5000) })
type ConflictBody = Static<typeof ConflictBody>
// One judgement and one comment per criterion, numbered in the order of the criteria.
const JudgeBody = Type.Record(Type.String(), Type.String({ maxLength: 10000 }))
type JudgeBody = Static<typeof JudgeBody>

/**
 * A reviewer's form of numbered rows (`code_0`, `judgement_0`, `comment_0`, …; a crosswalk's
 * with the prefix `row_`) read into judgements by code, with the answers to show again and,
 * since the service names a row's fields by its code while the form numbers them in order,
 * where each of the service's field names is on the page.
 */
function numberedJudgements<J extends string>(
  body: JudgeBody,
  prefix: '' | 'row_',
  count: number,
  known: (value: string) => value is J,
) {
  const judgements: Record<string, { judgement: J | null; comment: string }> = {}
  const indexOf = new Map<string, number>()
  const values: Record<string, string> = {}
  for (let i = 0; i < count; i++) {
    const code = body[`${prefix}code_${i}`] ?? ''
    const judgement = body[`${prefix}judgement_${i}`] ?? ''
    const comment = body[`${prefix}comment_${i}`] ?? ''
    values[`${prefix}judgement_${i}`] = judgement
    values[`${prefix}comment_${i}`] = comment
    if (!code || indexOf.has(code)) continue
    indexOf.set(code, i)
    judgements[code] = { judgement: known(judgement) ? judgement : null, comment }
  }
  const named = new RegExp(`^(${prefix}judgement|${prefix}comment)_(.*)$`)
  const href = (field: string) => {
    const [, name, code = ''] = named.exec(field) ?? []
    return name ? `#${name}_${indexOf.get(code) ?? 0}` : `#${field}`
  }
  return { judgements, values, href, field: `${prefix}judgement_0` }
}
const RecommendBody = Type.Object({
  rowVersion: text(20),
  recommendation: text(50),
  recommendationComment: text(10000),
})
type RecommendBody = Static<typeof RecommendBody>
const DecideBody = Type.Object({
  rowVersion: text(20),
  outcome: text(50),
  conditions: text(20000),
})
type DecideBody = Static<typeof DecideBody>

const AssignForm = z.object({ reviewer: required('Select a reviewer') })
const ConflictForm = z.object({
  conflict: z.enum(['none', 'declared'], { message: 'Select whether you have a conflict of interest' }),
  conflictNote: z.string().default(''),
})
const RecommendForm = z.object({
  recommendation: required('Select your recommendation'),
  recommendationComment: required('Enter the reasons for your recommendation'),
})
const DecideForm = z
  .object({
    outcome: required('Select the decision'),
    conditions: answer(),
  })
  .refine((form) => form.outcome !== 'endorse_with_conditions' || form.conditions !== '', {
    path: ['conditions'],
    message: 'Enter the conditions of endorsement',
    // Checked with the other fields, so that every missing answer shows at once.
    when: () => true,
  })
const MAX_CRITERIA = 200
const MAX_ROWS = 100
// The report's findings, one an item in order (finding_0 …), and the overall recommendation.
const ReportBody = Type.Record(Type.String(), Type.String({ maxLength: 20000 }))
type ReportBody = Static<typeof ReportBody>
const SignOffBody = Type.Object({ rowVersion: text(20) })
type SignOffBody = Static<typeof SignOffBody>
const EmptyBody = Type.Object({})

const versionUrl = (p: VersionParams) => `/specifications/${encodeURIComponent(p.slug)}/versions/${p.number}`

/** A reviewer who declared a conflict of interest sees nothing more of the version: 403. */
function refuseConflicted(reply: FastifyReply): FastifyReply {
  return reply.code(403).render('error.njk', {
    pageTitle: 'You cannot see this review',
    paragraphs: [
      'You declared a conflict of interest in this version, so you cannot read it or review it.',
      'The Centre admins will ask someone else to review it. Your other reviews are under "Reviews assigned to you".',
    ],
  })
}

/**
 * Runs a page or a change for a reviewer, who is refused it once they declared a conflict
 * of interest in the version: a 403 of its own, not a problem with a form.
 */
async function unlessConflicted(reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof ReviewConflicted)) throw error
    return refuseConflicted(reply)
  }
}

export function reviewRoutes(app: FastifyInstance, services: Pick<Services, 'reviews'>) {
  const { reviews } = services

  app.get('/decisions', { config: ADMIN }, async (request, reply) => {
    const versions = await reviews.inReview()
    const flash = await takeFlash(request)
    return reply.render('reviews/decisions.njk', {
      pageTitle: 'Reviews and decisions',
      banner: flash.banner,
      columnWidth: 'full',
      needsReviewers: versions.filter((v) => v.stage === 'needs_reviewers'),
      underReview: versions.filter((v) => v.stage === 'under_review'),
      decisionsDue: versions.filter((v) => v.stage === 'decision_due'),
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number/reviewers',
    { config: ADMIN, schema: { params: VersionParams } },
    async (request, reply) => {
      const page = await reviews.reviewersPage(request.params.slug, request.params.number)
      return renderForm(request, reply, 'reviews/reviewers.njk', {
        pageTitle: `Reviewers of ${page.version.title}, version ${page.version.number}`,
        ...page,
        ...viewHelpers,
        action: `${versionUrl(request.params)}/reviewers`,
        decisionUrl: `${versionUrl(request.params)}/decision`,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/decisions', text: 'Reviews and decisions' },
        ],
      })
    },
  )

  app.post<{ Params: VersionParams; Body: AssignBody }>(
    '/specifications/:slug/versions/:number/reviewers',
    { config: ADMIN, schema: { params: VersionParams, body: AssignBody } },
    async (request, reply) => {
      const back = `${versionUrl(request.params)}/reviewers`
      return formHandler(request, reply, { back, field: 'reviewer' }, async () => {
        const { reviewer: reviewerId } = parseForm(AssignForm, request.body)
        await reviews.assign(request.params.slug, request.params.number, reviewerId, processActorOf(request))
        const page = await reviews.reviewersPage(request.params.slug, request.params.number)
        const name = page.assignments.find((a) => a.reviewerId === reviewerId)?.reviewerName ?? ''
        return redirectWithBanner(request, reply, back, {
          title: `${name} assigned`,
          text: 'We have e-mailed them to ask for their review.',
        })
      })
    },
  )

  app.get<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number/decision',
    { config: ADMIN, schema: { params: VersionParams } },
    async (request, reply) => {
      const page = await reviews.decisionPage(request.params.slug, request.params.number)
      // Recognition is decided in its own words, on the application's own decision page.
      const open = page.version.state === 'submitted' || page.version.state === 'under_review'
      if (page.version.kind === 'recognition' && open)
        return reply.redirect(`/recognition/${encodeURIComponent(page.version.slug)}/decision`, 303)
      return renderForm(request, reply, 'reviews/decision.njk', {
        pageTitle: `Decision on ${page.version.title}, version ${page.version.number}`,
        columnWidth: 'full',
        ...page,
        ...viewHelpers,
        report: reportForView(page.report),
        crosswalk: crosswalkComparison(page.rows, page.reviews),
        action: `${versionUrl(request.params)}/decision`,
        reviewersUrl: `${versionUrl(request.params)}/reviewers`,
        reportUrl: `${versionUrl(request.params)}/report`,
        values: {
          outcome: '',
          conditions: '',
          ...keptAnswers(request, `${versionUrl(request.params)}/decision`),
        },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/decisions', text: 'Reviews and decisions' },
        ],
      })
    },
  )

  // Recording the decision is two steps: the form's answers come to a page that says what
  // recording them does, and only that page's button records them.
  app.post<{ Params: VersionParams; Body: DecideBody }>(
    '/specifications/:slug/versions/:number/decision/check',
    { config: ADMIN, schema: { params: VersionParams, body: DecideBody } },
    async (request, reply) => {
      const { slug, number } = request.params
      const back = `${versionUrl(request.params)}/decision`
      const { outcome = '', conditions = '', rowVersion = '' } = request.body
      const values = { outcome, conditions }
      return formHandler(request, reply, { back, field: 'outcome', values }, async () => {
        const input = parseForm(DecideForm, request.body)
        const { state, outcome: chosen } = await reviews.checkDecision(
          slug,
          number,
          rowVersionOf(rowVersion),
          input,
          processActorOf(request),
        )
        const { version, report } = await reviews.decisionPage(slug, number)
        const withConditions = chosen === 'endorse_with_conditions'
        const what = `Version ${version.number} of ${version.title}`
        const consequences: Record<typeof chosen, string> = {
          endorse: `${what} is endorsed by the Centre and published: it becomes the specification people see in the catalogue, and any earlier published version is superseded.`,
          endorse_with_conditions: `${what} is endorsed by the Centre with your conditions and published: it becomes the specification people see in the catalogue, and any earlier published version is superseded.`,
          revise_and_resubmit: `${what} goes back to ${version.authorName} to revise in the light of the report and submit again.`,
          not_endorsed: `${what} is not endorsed and will not be published.`,
        }
        return renderDecisionCheck(request, reply, {
          pageTitle: `Record this decision? ${version.title}, version ${version.number}`,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/decisions', text: 'Reviews and decisions' },
            { href: back, text: 'Decision' },
          ],
          caption: `${version.title}, version ${version.number}`,
          rows: [
            { key: 'Decision', value: RECOMMENDATION_LABELS[chosen] },
            ...(withConditions ? [{ key: 'Conditions of endorsement', value: input.conditions.trim() }] : []),
            {
              key: 'Consolidated report',
              value: report?.signedOffAt
                ? `Signed off by ${report.signedOffByName ?? 'a Centre admin'} on ${longDate(report.signedOffAt)}`
                : 'Not signed off',
            },
          ],
          consequences: [
            consequences[chosen],
            `${version.authorName}, the author, is sent an email with the decision${withConditions ? ', the conditions' : ''} and the consolidated report.`,
            `The public timeline of the credential shows the decision${state === 'published' ? ' and the publication' : ''}, with the signed-off report.`,
          ],
          form: back,
          action: back,
          fields: { rowVersion, outcome, conditions: withConditions ? conditions : '' },
          cancel: back,
        })
      })
    },
  )

  app.post<{ Params: VersionParams; Body: DecideBody }>(
    '/specifications/:slug/versions/:number/decision',
    { config: ADMIN, schema: { params: VersionParams, body: DecideBody } },
    async (request, reply) => {
      const back = `${versionUrl(request.params)}/decision`
      const { outcome = '', conditions = '' } = request.body
      // What was typed stays, but the row version is the one on the page now.
      const values = { outcome, conditions }
      return formHandler(request, reply, { back, field: 'outcome', values }, async () => {
        const input = parseForm(DecideForm, request.body)
        const result = await reviews.decide(
          request.params.slug,
          request.params.number,
          rowVersionOf(request.body.rowVersion),
          input,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, '/decisions', {
          title:
            result.state === 'published'
              ? `Version ${request.params.number} is published`
              : `Decision recorded: ${isRecommendation(input.outcome) ? RECOMMENDATION_LABELS[input.outcome] : input.outcome}`,
          text: 'We have e-mailed the author the decision and the report.',
        })
      })
    },
  )

  // The consolidated report: drafted from the completed reviews, edited, and signed off after
  // a page that says it cannot be undone. The decision waits for the sign-off.
  const reportCrumbs = (p: VersionParams) => [
    { href: '/home', text: 'Home' },
    { href: '/decisions', text: 'Reviews and decisions' },
    { href: `${versionUrl(p)}/decision`, text: 'Decision' },
  ]

  app.get<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number/report',
    { config: ADMIN, schema: { params: VersionParams } },
    async (request, reply) => {
      const page = await reviews.reportPage(request.params.slug, request.params.number)
      const report = reportForView(page.report)
      const url = `${versionUrl(request.params)}/report`
      return renderForm(request, reply, 'reviews/report.njk', {
        pageTitle: `Consolidated report: ${page.version.title}, version ${page.version.number}`,
        ...page,
        ...viewHelpers,
        report,
        stageLabel: REPORT_STAGE_LABELS[page.stage],
        action: url,
        decisionUrl: `${versionUrl(request.params)}/decision`,
        values: {
          ...Object.fromEntries(
            (report?.content.items ?? []).map((item, i) => [`finding_${i}`, item.finding]),
          ),
          overall: report?.content.overall ?? '',
        },
        breadcrumbs: reportCrumbs(request.params),
      })
    },
  )

  app.post<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number/report/draft',
    { config: ADMIN, schema: { params: VersionParams, body: EmptyBody } },
    async (request, reply) => {
      const back = `${versionUrl(request.params)}/report`
      return formHandler(request, reply, { back, field: 'draft' }, async () => {
        await reviews.draftReport(request.params.slug, request.params.number, processActorOf(request))
        return redirectWithBanner(request, reply, back, {
          title: 'Report drafted from the reviews',
          text: 'Check each finding, change what needs changing, save the report and sign it off.',
        })
      })
    },
  )

  app.post<{ Params: VersionParams; Body: ReportBody }>(
    '/specifications/:slug/versions/:number/report',
    { config: ADMIN, schema: { params: VersionParams, body: ReportBody } },
    async (request, reply) => {
      const back = `${versionUrl(request.params)}/report`
      const body = request.body
      const count = Math.min(Number(body.items) || 0, MAX_CRITERIA + MAX_ROWS)
      const findings = Array.from({ length: count }, (_, i) => body[`finding_${i}`] ?? '')
      const overall = body.overall ?? ''
      const values = {
        ...Object.fromEntries(findings.map((f, i) => [`finding_${i}`, f])),
        overall,
      }
      return formHandler(request, reply, { back, field: 'overall', values }, async () => {
        await reviews.saveReport(
          request.params.slug,
          request.params.number,
          rowVersionOf(body.rowVersion),
          { findings, overall },
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, back, {
          title: 'Report saved',
          text: 'Sign it off when it is ready: the decision can be recorded once it is.',
        })
      })
    },
  )

  app.post<{ Params: VersionParams; Body: SignOffBody }>(
    '/specifications/:slug/versions/:number/report/sign-off/check',
    { config: ADMIN, schema: { params: VersionParams, body: SignOffBody } },
    async (request, reply) => {
      const { slug, number } = request.params
      const back = `${versionUrl(request.params)}/report`
      const rowVersion = request.body.rowVersion ?? ''
      return formHandler(request, reply, { back, field: 'signOff' }, async () => {
        const report = await reviews.checkSignOff(
          slug,
          number,
          rowVersionOf(rowVersion),
          processActorOf(request),
        )
        const { version } = await reviews.reportPage(slug, number)
        const disagreed = report.content.items.filter((i) => !i.agreed).map((i) => i.code)
        return renderDecisionCheck(request, reply, {
          pageTitle: `Sign off this report? ${version.title}, version ${version.number}`,
          breadcrumbs: [...reportCrumbs(request.params), { href: back, text: 'Consolidated report' }],
          caption: `${version.title}, version ${version.number}`,
          rows: [
            {
              key: 'Consolidated report',
              value: `${report.content.items.length} findings and the overall recommendation`,
            },
            {
              key: 'Where reviewers disagree',
              value: disagreed.length ? disagreed.join(', ') : 'Nowhere: they agree on every item',
            },
            { key: 'Overall recommendation', value: report.content.overall },
          ],
          consequences: [
            'The report is signed off in your name and cannot be changed afterwards.',
            'The decision can then be recorded; the signed-off report is sent to the author and published on the credential’s timeline with it.',
          ],
          form: back,
          action: `${versionUrl(request.params)}/report/sign-off`,
          fields: { rowVersion },
          cancel: back,
          words: {
            heading: 'Sign off this report?',
            intro: 'Check the report. Nothing is signed off until you select Sign off report.',
            warning: 'Signing off the report cannot be undone',
            button: 'Sign off report',
          },
        })
      })
    },
  )

  app.post<{ Params: VersionParams; Body: SignOffBody }>(
    '/specifications/:slug/versions/:number/report/sign-off',
    { config: ADMIN, schema: { params: VersionParams, body: SignOffBody } },
    async (request, reply) => {
      const back = `${versionUrl(request.params)}/report`
      return formHandler(request, reply, { back, field: 'signOff' }, async () => {
        await reviews.signOffReport(
          request.params.slug,
          request.params.number,
          rowVersionOf(request.body.rowVersion),
          processActorOf(request),
        )
        const page = await reviews.reportPage(request.params.slug, request.params.number)
        const decision =
          page.version.kind === 'recognition'
            ? `/recognition/${encodeURIComponent(page.version.slug)}/decision`
            : `${versionUrl(request.params)}/decision`
        return redirectWithBanner(request, reply, decision, {
          title: 'Report signed off',
          text: 'You can now record the decision. The signed-off report is published with it.',
        })
      })
    },
  )

  // A Centre admin who is not a reviewer does no reviews of their own: their view of reviews
  // is the assignments of every specification in review, on the reviews and decisions page.
  app.get('/reviews', { config: REVIEWER_OR_ADMIN }, async (request, reply) => {
    if (!processActorOf(request).roles.includes('independent_reviewer'))
      return reply.redirect('/decisions', 303)
    const mine = await reviews.myReviews(processActorOf(request))
    const flash = await takeFlash(request)
    return reply.render('reviews/my-reviews.njk', {
      pageTitle: 'Reviews assigned to you',
      banner: flash.banner,
      todo: mine.filter((r) => r.status === 'declare' || r.status === 'judge'),
      finished: mine.filter((r) => r.status !== 'declare' && r.status !== 'judge'),
      ...viewHelpers,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get<{ Params: ReviewParams }>(
    '/reviews/:id',
    { config: REVIEWER, schema: { params: ReviewParams } },
    async (request, reply) => {
      return unlessConflicted(reply, async () => {
        const page = await reviews.review(request.params.id, processActorOf(request))
        const judgements = Object.fromEntries(
          page.criteria
            .map((c, i) => {
              const saved = page.assignment.judgements[c.code]
              return [
                [`judgement_${i}`, saved?.judgement ?? ''],
                [`comment_${i}`, saved?.comment ?? ''],
              ]
            })
            .flat(),
        )
        const rowJudgements = Object.fromEntries(
          page.rows.flatMap((r, i) => {
            const saved = page.assignment.rowJudgements[r.code]
            return [
              [`row_judgement_${i}`, saved?.judgement ?? ''],
              [`row_comment_${i}`, saved?.comment ?? ''],
            ]
          }),
        )
        return renderForm(request, reply, 'reviews/review.njk', {
          pageTitle: `Review of ${page.version.title}, version ${page.version.number}`,
          ...page,
          ...viewHelpers,
          values: {
            ...judgements,
            ...rowJudgements,
            conflict: '',
            conflictNote: '',
            recommendation: '',
            recommendationComment: '',
          },
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/reviews', text: 'Reviews assigned to you' },
          ],
        })
      })
    },
  )

  app.post<{ Params: ReviewParams; Body: ConflictBody }>(
    '/reviews/:id/conflict',
    { config: REVIEWER, schema: { params: ReviewParams, body: ConflictBody } },
    async (request, reply) => {
      const back = `/reviews/${request.params.id}`
      const values = { conflict: request.body.conflict ?? '', conflictNote: request.body.conflictNote ?? '' }
      const form = { back, field: 'conflict', values }
      return unlessConflicted(reply, () =>
        formHandler(request, reply, form, async () => {
          const { conflict, conflictNote } = parseForm(ConflictForm, request.body)
          await reviews.declare(
            request.params.id,
            rowVersionOf(request.body.rowVersion),
            conflict === 'declared',
            conflictNote,
            processActorOf(request),
          )
          if (conflict === 'declared') {
            return redirectWithBanner(request, reply, '/reviews', {
              title: 'Conflict of interest declared',
              text: 'You will not review this version. We have told the Centre admins, who will ask someone else.',
            })
          }
          return redirectWithBanner(request, reply, back, {
            title: 'No conflict of interest declared',
            text: 'You can now judge each endorsement criterion.',
          })
        }),
      )
    },
  )

  app.post<{ Params: ReviewParams; Body: JudgeBody }>(
    '/reviews/:id',
    { config: REVIEWER, schema: { params: ReviewParams, body: JudgeBody } },
    async (request, reply) => {
      const back = `/reviews/${request.params.id}`
      const body = request.body
      const { judgements, values, href, field } = numberedJudgements(
        body,
        '',
        Math.min(Number(body.criteria) || 0, MAX_CRITERIA),
        isJudgement,
      )
      const form = { back, field, values, href }
      return unlessConflicted(reply, () =>
        formHandler(request, reply, form, async () => {
          await reviews.judge(
            request.params.id,
            rowVersionOf(body.rowVersion),
            judgements,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, back, {
            title: 'Judgements saved',
            text: 'When you have judged every criterion, make your recommendation at the end of the page.',
          })
        }),
      )
    },
  )

  app.post<{ Params: ReviewParams; Body: JudgeBody }>(
    '/reviews/:id/crosswalk',
    { config: REVIEWER, schema: { params: ReviewParams, body: JudgeBody } },
    async (request, reply) => {
      const back = `/reviews/${request.params.id}`
      const body = request.body
      const { judgements, values, href, field } = numberedJudgements(
        body,
        'row_',
        Math.min(Number(body.rows) || 0, MAX_ROWS),
        isCrosswalkJudgement,
      )
      const form = { back, field, values, href }
      return unlessConflicted(reply, () =>
        formHandler(request, reply, form, async () => {
          await reviews.judgeRows(
            request.params.id,
            rowVersionOf(body.rowVersion),
            judgements,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, back, {
            title: 'Crosswalk judgements saved',
            text: 'When you have judged every criterion and every row of the crosswalk, make your recommendation at the end of the page.',
          })
        }),
      )
    },
  )

  app.post<{ Params: ReviewParams; Body: RecommendBody }>(
    '/reviews/:id/recommendation',
    { config: REVIEWER, schema: { params: ReviewParams, body: RecommendBody } },
    async (request, reply) => {
      const back = `/reviews/${request.params.id}`
      const values = {
        recommendation: request.body.recommendation ?? '',
        recommendationComment: request.body.recommendationComment ?? '',
      }
      const form = { back, field: 'recommendation', values }
      return unlessConflicted(reply, () =>
        formHandler(request, reply, form, async () => {
          const { recommendation, recommendationComment } = parseForm(RecommendForm, request.body)
          await reviews.recommend(
            request.params.id,
            rowVersionOf(request.body.rowVersion),
            recommendation,
            recommendationComment,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, '/reviews', {
            title: 'Recommendation sent',
            text: 'Thank you. Your review is complete and the Centre admins can see it.',
          })
        }),
      )
    },
  )
}
