// Centre admins' periodic reviews: the list of reviews due, overdue and open, and one
// credential's review page (interval, opening the review, a new version or withdrawal).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { longDate } from '../../domain/dates.ts'
import { countOf } from '../../domain/numbers.ts'
import type { Services } from '../../services/index.ts'
import { MAX_INTERVAL_MONTHS, MIN_INTERVAL_MONTHS } from '../../services/periodic-reviews.ts'
import { formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) })
type SlugParams = Static<typeof SlugParams>
const IntervalBody = Type.Object({ rowVersion: Type.String(), interval: Type.String({ maxLength: 100 }) })
const RowVersionBody = Type.Object({ rowVersion: Type.String() })
const NewVersionBody = Type.Object({
  rowVersion: Type.String(),
  author: Type.Optional(Type.String({ maxLength: 100 })),
})
const WithdrawBody = Type.Object({ rowVersion: Type.String(), reason: Type.String({ maxLength: 5000 }) })

/** A row version the form sent; anything else can only be stale. */
const STATE_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  under_review: 'Under review',
  revise_and_resubmit: 'Revise and resubmit',
  not_endorsed: 'Not endorsed',
  published: 'Published',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
}

export function periodicReviewRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'periodicReviews' | 'clock'>,
) {
  const reviews = services.periodicReviews
  const today = () => services.clock.today()

  app.get('/periodic-reviews', { config: ADMIN }, async (request, reply) => {
    const overview = await reviews.overview(today())
    const flash = await takeFlash(request)
    return reply.render('periodic-reviews/list.njk', {
      pageTitle: 'Periodic reviews',
      columnWidth: 'full',
      banner: flash.banner,
      overview,
      stateLabels: STATE_LABELS,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get<{ Params: SlugParams }>(
    '/periodic-reviews/:slug',
    { config: ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const review = await reviews.get(request.params.slug, today())
      if (!review) return reply.callNotFound()
      return renderForm(request, reply, 'periodic-reviews/show.njk', {
        pageTitle: `Periodic review: ${review.title}`,
        review,
        stateLabels: STATE_LABELS,
        minInterval: MIN_INTERVAL_MONTHS,
        maxInterval: MAX_INTERVAL_MONTHS,
        values: { interval: String(review.effectiveIntervalMonths), author: review.leadAuthor?.id ?? '' },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/periodic-reviews', text: 'Periodic reviews' },
        ],
      })
    },
  )

  const page = (slug: string) => `/periodic-reviews/${encodeURIComponent(slug)}`

  app.post<{ Params: SlugParams; Body: Static<typeof IntervalBody> }>(
    '/periodic-reviews/:slug/interval',
    { config: ADMIN, schema: { params: SlugParams, body: IntervalBody } },
    async (request, reply) => {
      const { slug } = request.params
      const text = request.body.interval.trim()
      const months = /^\d{1,4}$/.test(text) ? Number(text) : NaN
      const answer = { back: page(slug), field: 'interval', values: { interval: text } }
      return formHandler(request, reply, answer, async () => {
        const due = await reviews.setInterval(
          slug,
          rowVersionOf(request.body.rowVersion),
          months,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, page(slug), {
          title: `Review interval set to ${countOf(months, 'month')}`,
          text: `The next periodic review is due on ${longDate(due)}.`,
        })
      })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof RowVersionBody> }>(
    '/periodic-reviews/:slug/open',
    { config: ADMIN, schema: { params: SlugParams, body: RowVersionBody } },
    async (request, reply) => {
      const { slug } = request.params
      return formHandler(request, reply, { back: page(slug), field: 'open-review' }, async () => {
        await reviews.openReview(slug, rowVersionOf(request.body.rowVersion), processActorOf(request))
        return redirectWithBanner(request, reply, page(slug), {
          title: 'Periodic review opened',
          text: 'Start a new version of the specification, or withdraw the credential.',
        })
      })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof NewVersionBody> }>(
    '/periodic-reviews/:slug/new-version',
    { config: ADMIN, schema: { params: SlugParams, body: NewVersionBody } },
    async (request, reply) => {
      const { slug } = request.params
      const answer = { back: page(slug), field: 'author', values: { author: request.body.author } }
      return formHandler(request, reply, answer, async () => {
        const number = await reviews.startNewVersion(
          slug,
          rowVersionOf(request.body.rowVersion),
          processActorOf(request),
          request.body.author?.trim() || null,
        )
        return redirectWithBanner(request, reply, page(slug), {
          title: `Version ${number} started`,
          text: 'The author has been told. It goes through independent review like any draft.',
        })
      })
    },
  )

  // Withdrawal is final, so the review page links to a page that says what it does; only the
  // POST from that page withdraws.
  app.get<{ Params: SlugParams }>(
    '/periodic-reviews/:slug/withdraw',
    { config: ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const review = await reviews.get(request.params.slug, today())
      if (!review) return reply.callNotFound()
      // Only an open review leads to withdrawal; otherwise the review page says how it stands.
      if (review.status === 'withdrawn' || !review.openReview) return reply.redirect(page(review.slug), 303)
      return renderForm(request, reply, 'periodic-reviews/withdraw.njk', {
        pageTitle: `Withdraw ${review.title}`,
        review,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/periodic-reviews', text: 'Periodic reviews' },
          { href: page(review.slug), text: review.title },
        ],
      })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof WithdrawBody> }>(
    '/periodic-reviews/:slug/withdraw',
    { config: ADMIN, schema: { params: SlugParams, body: WithdrawBody } },
    async (request, reply) => {
      const { slug } = request.params
      const back = `${page(slug)}/withdraw`
      const answer = { back, field: 'reason', values: { reason: request.body.reason } }
      return formHandler(request, reply, answer, async () => {
        await reviews.withdraw(
          slug,
          rowVersionOf(request.body.rowVersion),
          request.body.reason,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, page(slug), {
          title: 'Credential withdrawn',
          text: 'The catalogue shows it as withdrawn; its published specification stays available, marked as withdrawn.',
        })
      })
    },
  )
}
