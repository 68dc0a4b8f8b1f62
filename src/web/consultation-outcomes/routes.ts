// Reading a consultation's responses (Centre admins only: they hold names and e-mail addresses),
// hiding abusive answers and comments, themes, the download of everything, publishing the
// outcome after the close (each on a confirmation page), the public outcome page, and
// subscribing to hear of new consultations.
import type { FastifyInstance } from 'fastify'
import { shareInWords } from '../../domain/consultation-outcomes.ts'
import { CAPACITIES, CAPACITY_LABELS, QUESTION_KIND_LABELS } from '../../domain/consultations.ts'
import { longDate } from '../../domain/dates.ts'
import { countOf } from '../../domain/numbers.ts'
import { isOneOf, REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import { EXPORT_HEADER, passageInWords, type RespondentFilter } from '../../services/consultation-outcomes.ts'
import type { Services } from '../../services/index.ts'
import {
  formHandler,
  keptAnswers,
  parseForm,
  redirectWithBanner,
  renderForm,
  repeatedValues,
} from '../forms.ts'
import { LIST_PAGE_SIZE, numberedPagination, offsetOf, pageOf, sendCsv } from '../lists.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { barChart } from './charts.ts'
import {
  HideBody,
  HideForm,
  ItemParams,
  NumberParams,
  PublishBody,
  PublishForm,
  ResponsesQuery,
  SubscribeBody,
  SubscribeForm,
  TagBody,
  TagForm,
  ThemeBody,
  ThemeForm,
  ThemeParams,
  TokenBody,
  TokenQuery,
} from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PUBLIC = { access: 'public' } as const

export function consultationOutcomeRoutes(app: FastifyInstance, services: Services) {
  const outcomes = services.consultationOutcomes
  const base = (number: number) => `/consultations/${number}`
  const responsesPath = (number: number) => `${base(number)}/responses`
  const crumbs = (number: number, title: string) => [
    { href: '/home', text: 'Home' },
    { href: base(number), text: title },
  ]

  app.get<{ Params: NumberParams; Querystring: ResponsesQuery }>(
    '/consultations/:number/responses',
    { config: ADMIN, schema: { params: NumberParams, querystring: ResponsesQuery } },
    async (request, reply) => {
      const { number } = request.params
      const q = request.query
      const filter: RespondentFilter = {
        ...(q.capacity && isOneOf(CAPACITIES, q.capacity) ? { capacity: q.capacity } : {}),
        ...(q.region && isOneOf(REGIONS, q.region) ? { region: q.region } : {}),
        ...(q.profession ? { profession: q.profession } : {}),
      }
      const at = pageOf(q.page)
      const view =
        q.view === 'passage'
          ? { kind: 'passage' as const, ...(q.passage ? { passageKey: q.passage } : {}) }
          : { kind: 'question' as const, ...(q.question ? { questionId: q.question } : {}) }
      const page = await outcomes.readResponses(number, view, filter, offsetOf(at), LIST_PAGE_SIZE)
      const flash = await takeFlash(request)
      const kept = {
        view: page.view,
        question: page.view === 'question' ? (page.questionId ?? undefined) : undefined,
        passage: page.view === 'passage' ? (page.passageKey ?? undefined) : undefined,
        capacity: filter.capacity,
        profession: filter.profession,
        region: filter.region,
      }
      const here = request.url
      const question = page.questions.find((x) => x.id === page.questionId)
      const passage = page.passages.find((x) => x.passageKey === page.passageKey)
      return reply.render('consultation-outcomes/responses.njk', {
        pageTitle: `Responses to consultation ${number}: ${page.consultation.title}`,
        columnWidth: 'full',
        banner: flash.banner,
        page,
        filter,
        kept,
        here,
        question,
        passage: passage ? { ...passage, label: passageInWords(passage.passageKey) } : null,
        passages: page.passages.map((p) => ({ ...p, label: passageInWords(p.passageKey) })),
        respondentsText: countOf(page.respondents, 'confirmed response'),
        totalText: page.view === 'question' ? countOf(page.total, 'answer') : countOf(page.total, 'comment'),
        capacityItems: [
          { value: '', text: 'Any capacity' },
          ...CAPACITIES.map((c) => ({ value: c, text: CAPACITY_LABELS[c], selected: c === filter.capacity })),
        ],
        regionItems: [
          { value: '', text: 'Any region' },
          ...REGIONS.map((r) => ({ value: r, text: REGION_LABELS[r], selected: r === filter.region })),
        ],
        professionItems: [
          { value: '', text: 'Any profession' },
          ...page.professions.map((p) => ({ value: p, text: p, selected: p === filter.profession })),
        ],
        questionItems: page.questions.map((x) => ({
          value: x.id,
          text: `Question ${x.position}: ${x.prompt}`,
          selected: x.id === page.questionId,
        })),
        closesOn: longDate(page.consultation.closesOn),
        pagination: numberedPagination(responsesPath(number), kept, at, page.total),
        breadcrumbs: crumbs(number, page.consultation.title),
      })
    },
  )

  app.get<{ Params: NumberParams }>(
    '/consultations/:number/responses/download',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const { filename, batches } = await outcomes.exportRows(request.params.number)
      return sendCsv(reply, filename, EXPORT_HEADER, batches, (row) => row)
    },
  )

  const hidePath = (p: ItemParams) => `${base(p.number)}/${p.kind}/${p.id}/hide`

  app.get<{ Params: ItemParams }>(
    '/consultations/:number/:kind/:id/hide',
    { config: ADMIN, schema: { params: ItemParams } },
    async (request, reply) => {
      const p = request.params
      return formHandler(request, reply, { back: responsesPath(p.number), field: 'reason' }, async () => {
        const target = await outcomes.hideTarget(p.number, p.kind, p.id)
        return renderForm(request, reply, 'consultation-outcomes/hide.njk', {
          pageTitle: `Hide this ${p.kind} as abusive`,
          target,
          action: `${hidePath(p)}/check`,
          values: keptAnswers(request, hidePath(p)),
          breadcrumbs: [
            ...crumbs(p.number, target.consultation.title),
            { href: responsesPath(p.number), text: 'Responses' },
          ],
        })
      })
    },
  )

  app.post<{ Params: ItemParams; Body: HideBody }>(
    '/consultations/:number/:kind/:id/hide/check',
    { config: ADMIN, schema: { params: ItemParams, body: HideBody } },
    async (request, reply) => {
      const p = request.params
      const values = { reason: request.body.reason ?? '' }
      return formHandler(request, reply, { back: hidePath(p), field: 'reason', values }, async () => {
        const { reason } = parseForm(HideForm, request.body)
        const target = await outcomes.checkHide(p.number, p.kind, p.id, reason)
        return renderDecisionCheck(request, reply, {
          pageTitle: `Hide this ${p.kind}?`,
          breadcrumbs: crumbs(p.number, target.consultation.title),
          caption: `Consultation ${p.number}: ${target.consultation.title}`,
          rows: [
            { key: p.kind === 'answer' ? 'Question' : 'Passage', value: target.about },
            { key: p.kind === 'answer' ? 'Answer' : 'Comment', value: target.text },
            { key: 'Why it is hidden', value: reason },
          ],
          consequences: [
            `The ${p.kind} is hidden from the outcome page and never quoted; the download marks it hidden with your reason.`,
            'The audit trail records that you hid it, and why.',
          ],
          form: hidePath(p),
          action: hidePath(p),
          fields: { reason },
          cancel: responsesPath(p.number),
          words: {
            heading: `Hide this ${p.kind}?`,
            intro: 'Check what you are hiding. Nothing changes until you select Hide.',
            warning: 'Hiding cannot be undone',
            button: `Hide ${p.kind}`,
          },
        })
      })
    },
  )

  app.post<{ Params: ItemParams; Body: HideBody }>(
    '/consultations/:number/:kind/:id/hide',
    { config: ADMIN, schema: { params: ItemParams, body: HideBody } },
    async (request, reply) => {
      const p = request.params
      const values = { reason: request.body.reason ?? '' }
      return formHandler(request, reply, { back: hidePath(p), field: 'reason', values }, async () => {
        const { reason } = parseForm(HideForm, request.body)
        await outcomes.hide(p.number, p.kind, p.id, reason, processActorOf(request))
        return redirectWithBanner(request, reply, responsesPath(p.number), {
          title: p.kind === 'answer' ? 'Answer hidden' : 'Comment hidden',
          text: 'It will never be published.',
        })
      })
    },
  )

  app.post<{ Params: NumberParams; Body: TagBody }>(
    '/consultations/:number/tags',
    { config: ADMIN, schema: { params: NumberParams, body: TagBody } },
    async (request, reply) => {
      const { number } = request.params
      const back = request.body.back?.startsWith(`${responsesPath(number)}`)
        ? request.body.back
        : responsesPath(number)
      const field = `theme-${request.body.item ?? ''}`
      return formHandler(request, reply, { back, field, href: () => `#${field}` }, async () => {
        const form = parseForm(TagForm, request.body)
        const remove = form.remove === 'yes'
        await outcomes.tag(
          number,
          { themeId: form.theme, kind: form.kind, id: form.item, remove },
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, back, { title: remove ? 'Theme taken off' : 'Theme given' })
      })
    },
  )

  app.get<{ Params: NumberParams }>(
    '/consultations/:number/themes',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const { number } = request.params
      const { consultation, themes } = await outcomes.themes(number)
      return renderForm(request, reply, 'consultation-outcomes/themes.njk', {
        pageTitle: `Themes of consultation ${number}`,
        consultation,
        themes: themes.map((t) => ({
          ...t,
          taggedText: countOf(t.tagged, 'answer or comment', 'answers and comments'),
        })),
        breadcrumbs: crumbs(number, consultation.title),
      })
    },
  )

  const themeInput = (body: ThemeBody) => {
    const form = parseForm(ThemeForm, body)
    return { ...form, changedCodes: repeatedValues(body.changedCodes) }
  }

  app.post<{ Params: NumberParams; Body: ThemeBody }>(
    '/consultations/:number/themes',
    { config: ADMIN, schema: { params: NumberParams, body: ThemeBody } },
    async (request, reply) => {
      const { number } = request.params
      const back = `${base(number)}/themes`
      const values = { name: request.body.name, youSaid: request.body.youSaid, weDid: request.body.weDid }
      return formHandler(request, reply, { back, field: 'name', values }, async () => {
        await outcomes.createTheme(number, themeInput(request.body), processActorOf(request))
        return redirectWithBanner(request, reply, back, { title: 'Theme added' })
      })
    },
  )

  app.get<{ Params: ThemeParams }>(
    '/consultations/:number/themes/:id',
    { config: ADMIN, schema: { params: ThemeParams } },
    async (request, reply) => {
      const { number, id } = request.params
      const theme = await outcomes.theme(number, id)
      return renderForm(request, reply, 'consultation-outcomes/theme.njk', {
        pageTitle: `Theme: ${theme.name}`,
        theme,
        values: {
          name: theme.name,
          youSaid: theme.youSaid,
          weDid: theme.weDid,
          changedCodes: theme.changedCodes,
        },
        breadcrumbs: [
          ...crumbs(number, theme.consultation.title),
          { href: `${base(number)}/themes`, text: 'Themes' },
        ],
      })
    },
  )

  app.post<{ Params: ThemeParams; Body: ThemeBody }>(
    '/consultations/:number/themes/:id',
    { config: ADMIN, schema: { params: ThemeParams, body: ThemeBody } },
    async (request, reply) => {
      const { number, id } = request.params
      const back = `${base(number)}/themes/${id}`
      const values = {
        name: request.body.name,
        youSaid: request.body.youSaid,
        weDid: request.body.weDid,
        changedCodes: repeatedValues(request.body.changedCodes),
      }
      return formHandler(request, reply, { back, field: 'name', values }, async () => {
        await outcomes.updateTheme(
          number,
          id,
          rowVersionOf(request.body.rowVersion),
          themeInput(request.body),
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, `${base(number)}/themes`, { title: 'Theme saved' })
      })
    },
  )

  const publishPath = (number: number) => `${base(number)}/outcome/publish`

  app.get<{ Params: NumberParams }>(
    '/consultations/:number/outcome/publish',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const { number } = request.params
      const { consultation, themes } = await outcomes.themes(number)
      return renderForm(request, reply, 'consultation-outcomes/publish.njk', {
        pageTitle: `Publish the outcome of consultation ${number}`,
        consultation,
        closesOn: longDate(consultation.closesOn),
        themes,
        values: keptAnswers(request, publishPath(number)),
        breadcrumbs: crumbs(number, consultation.title),
      })
    },
  )

  app.post<{ Params: NumberParams; Body: PublishBody }>(
    '/consultations/:number/outcome/publish/check',
    { config: ADMIN, schema: { params: NumberParams, body: PublishBody } },
    async (request, reply) => {
      const { number } = request.params
      const values = { summary: request.body.summary ?? '' }
      return formHandler(
        request,
        reply,
        { back: publishPath(number), field: 'summary', values },
        async () => {
          const { summary } = parseForm(PublishForm, request.body)
          const rowVersion = request.body.rowVersion ?? ''
          const check = await outcomes.checkPublish(number, rowVersionOf(rowVersion), summary)
          return renderDecisionCheck(request, reply, {
            pageTitle: `Publish the outcome of consultation ${number}?`,
            breadcrumbs: crumbs(number, check.consultation.title),
            caption: `Consultation ${number}: ${check.consultation.title}`,
            rows: [
              { key: 'Summary of what you heard', value: summary },
              { key: 'Responses', value: countOf(check.respondents, 'confirmed response') },
              { key: 'Themes', value: countOf(check.themes, 'theme') },
              ...(check.themesWithoutWeDid.length
                ? [{ key: 'Themes without “we did”', value: check.themesWithoutWeDid.join(', ') }]
                : []),
            ],
            consequences: [
              'The outcome page becomes public: who responded, a summary of each question, the themes with quotes as each respondent allowed, and what changed.',
              `Each of the ${countOf(check.respondents, 'respondent')} is e-mailed a link to it.`,
            ],
            form: publishPath(number),
            action: publishPath(number),
            fields: { rowVersion, summary },
            cancel: `${base(number)}/themes`,
            words: {
              heading: 'Publish the outcome?',
              intro: 'Check the outcome. Nothing is published until you select Publish outcome.',
              warning: 'Publishing cannot be undone',
              button: 'Publish outcome',
            },
          })
        },
      )
    },
  )

  app.post<{ Params: NumberParams; Body: PublishBody }>(
    '/consultations/:number/outcome/publish',
    { config: ADMIN, schema: { params: NumberParams, body: PublishBody } },
    async (request, reply) => {
      const { number } = request.params
      const values = { summary: request.body.summary ?? '' }
      return formHandler(
        request,
        reply,
        { back: publishPath(number), field: 'summary', values },
        async () => {
          const { summary } = parseForm(PublishForm, request.body)
          await outcomes.publishOutcome(
            number,
            rowVersionOf(request.body.rowVersion),
            summary,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, `${base(number)}/outcome`, {
            title: 'Outcome published',
            text: 'Everyone who responded is being e-mailed a link to it.',
          })
        },
      )
    },
  )

  app.get<{ Params: NumberParams }>(
    '/consultations/:number/outcome',
    { config: PUBLIC, schema: { params: NumberParams } },
    async (request, reply) => {
      const { number } = request.params
      const outcome = await outcomes.outcome(number)
      if (!outcome) return reply.callNotFound()
      const flash = request.session ? await takeFlash(request) : {}
      return reply.render('consultation-outcomes/outcome.njk', {
        pageTitle: `What we heard: ${outcome.consultation.title}`,
        banner: flash.banner,
        outcome,
        closesOn: longDate(outcome.consultation.closesOn),
        respondentsText: countOf(outcome.respondents, 'response'),
        questions: outcome.questions.map((q) => ({
          ...q,
          kindLabel: QUESTION_KIND_LABELS[q.kind],
          answeredText: countOf(q.answered, 'respondent'),
          chart:
            q.kind === 'text'
              ? null
              : barChart(
                  `question-${q.position}-chart`,
                  `Question ${q.position}: ${q.prompt}`,
                  q.counts,
                  q.answered,
                ),
          rows: q.counts.map((c) => ({
            option: c.option,
            count: c.count,
            share: shareInWords(c.count, q.answered),
          })),
        })),
        themes: outcome.themes.map((t) => ({
          ...t,
          countText: countOf(t.count, 'answer or comment', 'answers and comments'),
        })),
        breadcrumbs: [
          { href: '/', text: 'Home' },
          { href: base(number), text: outcome.consultation.title },
        ],
      })
    },
  )

  // Subscribing: e-mail with confirmation. The links in the e-mails open a page with a button;
  // only the POST changes anything, so a mail scanner following links cannot confirm or end
  // a subscription.
  app.get('/consultations/subscribe', { config: PUBLIC }, async (request, reply) => {
    const areas = await outcomes.subscribeOptions()
    return renderForm(request, reply, 'consultation-outcomes/subscribe.njk', {
      pageTitle: 'Hear of new consultations',
      areas,
      breadcrumbs: [{ href: '/', text: 'Home' }],
    })
  })

  app.post<{ Body: SubscribeBody }>(
    '/consultations/subscribe',
    { config: PUBLIC, schema: { body: SubscribeBody } },
    async (request, reply) => {
      const values = { email: request.body.email ?? '', area: request.body.area ?? '' }
      return formHandler(
        request,
        reply,
        { back: '/consultations/subscribe', field: 'email', values },
        async () => {
          const form = parseForm(SubscribeForm, request.body)
          const areaId = form.area === 'all' ? null : /^\d{1,6}$/.test(form.area) ? Number(form.area) : -1
          await outcomes.subscribe({
            email: form.email,
            areaId,
            userId: request.session?.userId ?? null,
          })
          return redirectWithBanner(request, reply, '/consultations/subscribe', {
            title: 'Check your email',
            text: `We have sent a link to ${form.email}. Follow it to confirm you want to hear of new consultations.`,
          })
        },
      )
    },
  )

  const tokenPage = (kind: 'confirm' | 'unsubscribe') => async (token: string) => {
    const subscription = await outcomes.subscription(token)
    return { subscription, kind }
  }

  app.get<{ Querystring: TokenQuery }>(
    '/consultations/subscribe/confirm',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const { subscription } = await tokenPage('confirm')(request.query.token ?? '')
      return renderForm(request, reply.code(subscription ? 200 : 400), 'consultation-outcomes/token.njk', {
        pageTitle: subscription ? 'Confirm you want to hear of new consultations' : 'This link does not work',
        subscription,
        token: request.query.token ?? '',
        action: '/consultations/subscribe/confirm',
        buttonText: 'Confirm',
        kind: 'confirm',
      })
    },
  )

  app.post<{ Body: TokenBody }>(
    '/consultations/subscribe/confirm',
    { config: PUBLIC, schema: { body: TokenBody } },
    async (request, reply) => {
      const subscription = await outcomes.confirmSubscription(request.body.token ?? '')
      return reply.code(subscription ? 200 : 400).render('consultation-outcomes/token.njk', {
        pageTitle: subscription ? 'You will hear of new consultations' : 'This link does not work',
        subscription,
        done: true,
        kind: 'confirm',
      })
    },
  )

  app.get<{ Querystring: TokenQuery }>(
    '/consultations/unsubscribe',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const { subscription } = await tokenPage('unsubscribe')(request.query.token ?? '')
      return renderForm(request, reply.code(subscription ? 200 : 400), 'consultation-outcomes/token.njk', {
        pageTitle: subscription ? 'Stop hearing of new consultations' : 'This link does not work',
        subscription,
        token: request.query.token ?? '',
        action: '/consultations/unsubscribe',
        buttonText: 'Unsubscribe',
        kind: 'unsubscribe',
      })
    },
  )

  app.post<{ Body: TokenBody }>(
    '/consultations/unsubscribe',
    { config: PUBLIC, schema: { body: TokenBody } },
    async (request, reply) => {
      const subscription = await outcomes.unsubscribe(request.body.token ?? '')
      return reply.code(subscription ? 200 : 400).render('consultation-outcomes/token.njk', {
        pageTitle: subscription ? 'You have unsubscribed' : 'This link does not work',
        subscription,
        done: true,
        kind: 'unsubscribe',
      })
    },
  )
}
