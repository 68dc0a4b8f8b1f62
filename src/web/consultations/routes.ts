// Consultations, first half (docs/consultations.md): Centre admins draft and publish them;
// anyone reads them and responds while they are open. Responding without JavaScript: each
// passage's "Comment on this" is a link to the response form with the passage named in the
// address, and the form shows that passage's words above the comment box.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  CAPACITIES,
  CAPACITY_LABELS,
  PHASE_COLOURS,
  PHASE_LABELS,
  PUBLICATION_CHOICES,
  PUBLICATION_LABELS,
  QUESTION_KINDS,
  QUESTION_KIND_LABELS,
  type ConsultationPhase,
} from '../../domain/consultations.ts'
import { findPassage, passageAnchor } from '../../domain/consultation-passages.ts'
import { dateInputFields, dateInputFrom, dateInputOf, parseDateInput } from '../../domain/date-input.ts'
import { longDate } from '../../domain/dates.ts'
import { REGIONS, REGION_LABELS } from '../../domain/providers.ts'
import { ServiceError } from '../../services/errors.ts'
import {
  ConsultationNotOpen,
  type ConsultationDetail,
  type DraftInput,
  type ResponseInput,
  type ResponseView,
} from '../../services/consultations.ts'
import type { Services } from '../../services/index.ts'
import { choiceItems, formHandler, redirectWithBanner, renderForm, repeatedValues } from '../forms.ts'
import { LIST_PAGE_SIZE, pageOf } from '../lists.ts'
import { pageLinks } from '../pagination.ts'
import { actorOf, processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import {
  DraftBody,
  ListQuery,
  NumberParams,
  QuestionBody,
  QuestionParams,
  RespondQuery,
  ResponseBody,
  RowVersionBody,
  TokenBody,
  TokenQuery,
} from './schemas.ts'

const PUBLIC = { access: 'public' } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PHASES: ConsultationPhase[] = ['open', 'upcoming', 'closed', 'outcome_published']

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const labels = {
  phases: PHASE_LABELS,
  phaseColours: PHASE_COLOURS,
  kinds: QUESTION_KIND_LABELS,
  capacities: CAPACITY_LABELS,
  publication: PUBLICATION_LABELS,
  regions: REGION_LABELS,
}

/** The body without the CSRF token, to show again on the form. */
const typed = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([key]) => key !== '_csrf' && key !== 'token'))

/** A consultation's dates in words: "6 January 2027 to 3 February 2027". */
const datesInWords = (c: { opensOn: string; closesOn: string }) =>
  `${longDate(c.opensOn)} to ${longDate(c.closesOn)}`

/** The 409 page: responding is refused outside the open phase, and the page says when it is or was. */
function notOpen(
  reply: FastifyReply,
  c: Pick<ConsultationDetail, 'title' | 'number' | 'opensOn' | 'closesOn'>,
  phase: ConsultationPhase,
) {
  const when =
    phase === 'upcoming'
      ? `It opens for responses on ${longDate(c.opensOn)}.`
      : phase === 'draft'
        ? 'It is not published yet.'
        : `It closed at the end of ${longDate(c.closesOn)}, and responses can no longer be sent or changed.`
  return reply.code(409).render('consultations/not-open.njk', {
    pageTitle: 'This consultation is not open for responses',
    consultation: c,
    when,
  })
}

export function consultationRoutes(app: FastifyInstance, services: Pick<Services, 'consultations'>): void {
  const { consultations } = services

  // ---------------------------------------------------------------- public pages

  app.get<{ Querystring: ListQuery }>(
    '/consultations',
    { config: PUBLIC, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const phaseParam = request.query.phase ?? ''
      const phase = PHASES.find((p) => p === phaseParam)
      const page = pageOf(request.query.page)
      const { items, total } = await consultations.list({ phase, includeDrafts: false }, page, LIST_PAGE_SIZE)
      return renderForm(request, reply, 'consultations/list.njk', {
        pageTitle: 'Consultations',
        columnWidth: 'full',
        items,
        total,
        labels,
        phase: phase ?? '',
        phaseItems: [
          { value: '', text: 'All', selected: !phase },
          ...PHASES.map((p) => ({ value: p, text: PHASE_LABELS[p], selected: p === phase })),
        ],
        datesInWords,
        pagination: pageLinks(
          '/consultations',
          { phase },
          page,
          Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
        ),
      })
    },
  )

  app.get<{ Params: NumberParams }>(
    '/consultations/:number',
    { config: PUBLIC, schema: { params: NumberParams } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      const mine = request.user
        ? await consultations.responseOf(consultation.number, {
            userId: request.user.id,
            email: request.user.email,
          })
        : null
      return renderForm(request, reply, 'consultations/show.njk', {
        pageTitle: consultation.title,
        consultation,
        labels,
        dates: datesInWords(consultation),
        hasResponse: mine !== null,
        anchor: passageAnchor,
        breadcrumbs: [{ href: '/consultations', text: 'Consultations' }],
      })
    },
  )

  /** The response this person may change, and how they are known. */
  async function respondentOf(request: FastifyRequest, number: number, token: string) {
    if (token) return { mode: 'link' as const, response: await consultations.responseOf(number, { token }) }
    if (request.user)
      return {
        mode: 'account' as const,
        response: await consultations.responseOf(number, {
          userId: request.user.id,
          email: request.user.email,
        }),
      }
    return { mode: 'anonymous' as const, response: null }
  }

  const responseValues = (response: ResponseView | null): Record<string, unknown> => {
    if (!response) return {}
    const values: Record<string, unknown> = {
      organisation: response.organisation,
      capacity: response.capacity,
      profession: response.profession ?? '',
      region: response.region ?? '',
      publication: response.publication,
    }
    for (const [position, a] of Object.entries(response.answers))
      values[`answer-${position}`] = a.choices.length ? a.choices : a.text
    for (const c of response.comments) values[`comment-${c.id}`] = c.body
    return values
  }

  const respondPath = (number: number, passage: string, token: string) => {
    const query = new URLSearchParams()
    if (passage) query.set('passage', passage)
    if (token) query.set('token', token)
    const q = query.toString()
    return `/consultations/${number}/respond${q ? `?${q}` : ''}`
  }

  app.get<{ Params: NumberParams; Querystring: RespondQuery }>(
    '/consultations/:number/respond',
    { config: PUBLIC, schema: { params: NumberParams, querystring: RespondQuery } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      if (consultation.phase !== 'open') return notOpen(reply, consultation, consultation.phase)
      const token = request.query.token ?? ''
      const who = await respondentOf(request, consultation.number, token)
      if (who.mode === 'link' && !who.response)
        return reply.code(400).render('consultations/link-expired.njk', {
          pageTitle: 'This link has expired or does not work',
          consultation,
        })
      const passage = findPassage(consultation.passages, request.query.passage ?? '') ?? null
      const professions = await consultations.professions()
      reply.header('cache-control', 'no-store')
      return renderForm(request, reply, 'consultations/respond.njk', {
        pageTitle: who.response
          ? `Change your response: ${consultation.title}`
          : `Respond: ${consultation.title}`,
        consultation,
        response: who.response,
        mode: who.mode,
        user: request.user,
        token,
        passage,
        labels,
        capacityItems: choiceItems(CAPACITIES, CAPACITY_LABELS),
        publicationItems: choiceItems(PUBLICATION_CHOICES, PUBLICATION_LABELS),
        regionItems: [{ value: '', text: 'Choose a region' }, ...choiceItems(REGIONS, REGION_LABELS)],
        professionItems: [
          { value: '', text: 'Choose a profession' },
          ...professions.map((p) => ({ value: p, text: p })),
        ],
        dates: datesInWords(consultation),
        values: responseValues(who.response),
        isChosen: (value: unknown, choice: string) =>
          Array.isArray(value) ? value.includes(choice) : value === choice,
        breadcrumbs: [
          { href: '/consultations', text: 'Consultations' },
          { href: `/consultations/${consultation.number}`, text: consultation.title },
        ],
      })
    },
  )

  app.post<{ Params: NumberParams; Body: ResponseBody }>(
    '/consultations/:number/respond',
    { config: PUBLIC, schema: { params: NumberParams, body: ResponseBody } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      if (consultation.phase !== 'open') return notOpen(reply, consultation, consultation.phase)
      const body: Record<string, unknown> = request.body
      const token = str(body.token)
      const passage = str(body.passage)
      const answers: ResponseInput['answers'] = {}
      for (const q of consultation.questions) {
        const value = body[`answer-${q.position}`]
        const list = Array.isArray(value) ? repeatedValues(value.filter((v) => typeof v === 'string')) : []
        answers[q.position] =
          q.kind === 'text'
            ? { text: str(value), choices: [] }
            : { text: '', choices: typeof value === 'string' ? (value ? [value] : []) : list }
      }
      const comments: Record<string, string> = {}
      for (const [key, value] of Object.entries(body))
        if (key.startsWith('comment-') && typeof value === 'string')
          comments[key.slice('comment-'.length)] = value
      const input: ResponseInput = {
        organisation: str(body.organisation),
        capacity: str(body.capacity),
        profession: str(body.profession),
        region: str(body.region),
        publication: str(body.publication),
        answers,
        comments,
        newComment: passage ? { passageKey: passage, body: str(body.comment) } : null,
        rowVersion: rowVersionOf(body.rowVersion),
      }
      const user = request.user
      const respondent = token
        ? { kind: 'link' as const, token }
        : user
          ? { kind: 'account' as const, userId: user.id, name: user.displayName, email: user.email }
          : { kind: 'anonymous' as const, name: str(body.name), email: str(body.email) }
      const back = respondPath(consultation.number, passage, token)
      return formHandler(request, reply, { back, field: 'capacity', values: typed(body) }, async () => {
        let done
        try {
          done = await consultations.submitResponse(consultation.number, respondent, input, actorOf(request))
        } catch (error) {
          // It closed between the page and the press of the button.
          if (error instanceof ConsultationNotOpen) return notOpen(reply, consultation, error.phase)
          throw error
        }
        if (done.outcome === 'sent')
          return reply.redirect(`/consultations/${consultation.number}/check-email`, 303)
        return redirectWithBanner(
          request,
          reply,
          token ? respondPath(consultation.number, '', token) : `/consultations/${consultation.number}`,
          {
            title: done.created ? 'Your response has been sent' : 'Your response has been changed',
            text: `Thank you. You can change it until the consultation closes at the end of ${longDate(consultation.closesOn)}.`,
          },
        )
      })
    },
  )

  app.get<{ Params: NumberParams }>(
    '/consultations/:number/check-email',
    { config: PUBLIC, schema: { params: NumberParams } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      return renderForm(request, reply, 'consultations/check-email.njk', {
        pageTitle: 'Check your email',
        consultation,
        closes: longDate(consultation.closesOn),
      })
    },
  )

  app.get<{ Params: NumberParams; Querystring: TokenQuery }>(
    '/consultations/:number/confirm',
    { config: PUBLIC, schema: { params: NumberParams, querystring: TokenQuery } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      if (consultation.phase !== 'open') return notOpen(reply, consultation, consultation.phase)
      return renderForm(request, reply, 'consultations/confirm.njk', {
        pageTitle: 'Confirm your response',
        consultation,
        token: request.query.token ?? '',
      })
    },
  )

  app.post<{ Params: NumberParams; Body: TokenBody }>(
    '/consultations/:number/confirm',
    { config: PUBLIC, schema: { params: NumberParams, body: TokenBody } },
    async (request, reply) => {
      const consultation = await consultations.find(request.params.number)
      if (!consultation) return reply.callNotFound()
      if (consultation.phase !== 'open') return notOpen(reply, consultation, consultation.phase)
      let done
      try {
        done = await consultations.confirmResponse(request.body.token ?? '', actorOf(request))
      } catch (error) {
        if (error instanceof ConsultationNotOpen) return notOpen(reply, consultation, error.phase)
        throw error
      }
      if (!done || done.number !== consultation.number)
        return reply.code(400).render('consultations/link-expired.njk', {
          pageTitle: 'This link has expired or does not work',
          consultation,
        })
      return redirectWithBanner(request, reply, `/consultations/${consultation.number}`, {
        title: done.outcome === 'confirmed' ? 'Your response is confirmed' : 'You had already responded',
        text:
          done.outcome === 'confirmed'
            ? `Thank you: your response counts. We have emailed you a link to change it until ${longDate(consultation.closesOn)}.`
            : 'Only one response per email address counts, so we kept your first one. We have emailed you a link to change it.',
      })
    },
  )

  // ---------------------------------------------------------------- the Centre's pages

  const adminCrumbs = (c?: { number: number; title: string }) => [
    { href: '/home', text: 'Home' },
    { href: '/admin/consultations', text: 'Consultations' },
    ...(c ? [{ href: `/admin/consultations/${c.number}`, text: c.title }] : []),
  ]

  app.get<{ Querystring: ListQuery }>(
    '/admin/consultations',
    { config: ADMIN, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const page = pageOf(request.query.page)
      const { items, total } = await consultations.list({ includeDrafts: true }, page, LIST_PAGE_SIZE)
      return renderForm(request, reply, 'consultations/admin-list.njk', {
        pageTitle: 'Consultations',
        items,
        total,
        labels,
        datesInWords,
        pagination: pageLinks(
          '/admin/consultations',
          {},
          page,
          Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
        ),
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  async function draftFormContext() {
    const [versions, areas] = await Promise.all([
      consultations.consultableVersions(),
      consultations.areaOptions(),
    ])
    return {
      labels,
      versionItems: [
        { value: '', text: 'Choose a specification version' },
        ...versions.map((v) => ({ value: v.id, text: v.label })),
      ],
      areaItems: [
        { value: '', text: 'No clinical area' },
        ...areas.map((a) => ({ value: a.slug, text: a.name })),
      ],
    }
  }

  const draftInput = (body: Record<string, unknown>): DraftInput => ({
    title: str(body.title),
    purpose: str(body.purpose),
    audience: str(body.audience),
    subject: str(body.subject),
    documentBody: str(body.documentBody),
    specificationVersionId: str(body.specificationVersionId),
    areaSlug: str(body.area),
    opensOn: parseDateInput(dateInputFrom(body, 'opensOn'), 'Opening date'),
    closesOn: parseDateInput(dateInputFrom(body, 'closesOn'), 'Closing date'),
  })

  app.get('/admin/consultations/new', { config: ADMIN }, async (request, reply) =>
    renderForm(request, reply, 'consultations/draft-form.njk', {
      pageTitle: 'Create a consultation',
      action: '/admin/consultations/new',
      ...(await draftFormContext()),
      values: {},
      breadcrumbs: adminCrumbs(),
    }),
  )

  app.post<{ Body: DraftBody }>(
    '/admin/consultations/new',
    { config: ADMIN, schema: { body: DraftBody } },
    async (request, reply) =>
      formHandler(
        request,
        reply,
        { back: '/admin/consultations/new', field: 'title', values: typed(request.body) },
        async () => {
          const number = await consultations.createDraft(draftInput(request.body), actorOf(request))
          return redirectWithBanner(request, reply, `/admin/consultations/${number}`, {
            title: 'Consultation drafted',
            text: 'Add its questions, then publish it.',
          })
        },
      ),
  )

  /** A consultation for the Centre's pages (drafts too), or the 404 page. */
  const adminFind = (number: number) => consultations.find(number, { includeDrafts: true })

  app.get<{ Params: NumberParams }>(
    '/admin/consultations/:number',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const consultation = await adminFind(request.params.number)
      if (!consultation) return reply.callNotFound()
      return renderForm(request, reply, 'consultations/admin-show.njk', {
        pageTitle: consultation.title,
        consultation,
        labels,
        dates: datesInWords(consultation),
        breadcrumbs: adminCrumbs(),
      })
    },
  )

  app.get<{ Params: NumberParams }>(
    '/admin/consultations/:number/edit',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const c = await adminFind(request.params.number)
      if (!c || c.state !== 'draft') return reply.callNotFound()
      return renderForm(request, reply, 'consultations/draft-form.njk', {
        pageTitle: `Change the details of ${c.title}`,
        action: `/admin/consultations/${c.number}/edit`,
        consultation: c,
        ...(await draftFormContext()),
        values: {
          title: c.title,
          purpose: c.purpose,
          audience: c.audience,
          subject: c.subject,
          documentBody: c.documentBody ?? '',
          specificationVersionId: c.specificationVersionId ?? '',
          area: c.areaSlug ?? '',
          ...dateInputFields('opensOn', dateInputOf(c.opensOn)),
          ...dateInputFields('closesOn', dateInputOf(c.closesOn)),
        },
        breadcrumbs: adminCrumbs(c),
      })
    },
  )

  app.post<{ Params: NumberParams; Body: DraftBody }>(
    '/admin/consultations/:number/edit',
    { config: ADMIN, schema: { params: NumberParams, body: DraftBody } },
    async (request, reply) => {
      const { number } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}/edit`, field: 'title', values: typed(request.body) },
        async () => {
          await consultations.updateDraft(
            number,
            rowVersionOf(request.body.rowVersion),
            draftInput(request.body),
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/admin/consultations/${number}`, {
            title: 'Details saved',
          })
        },
      )
    },
  )

  const questionContext = (c: ConsultationDetail) => ({
    consultation: c,
    labels,
    kindItems: QUESTION_KINDS.map((k) => ({ value: k, text: QUESTION_KIND_LABELS[k] })),
    breadcrumbs: adminCrumbs(c),
  })
  const questionInput = (body: QuestionBody) => ({
    kind: str(body.kind),
    prompt: str(body.prompt),
    hint: str(body.hint),
    required: str(body.required),
    options: str(body.options),
  })

  app.get<{ Params: NumberParams }>(
    '/admin/consultations/:number/questions/new',
    { config: ADMIN, schema: { params: NumberParams } },
    async (request, reply) => {
      const c = await adminFind(request.params.number)
      if (!c || c.state !== 'draft') return reply.callNotFound()
      return renderForm(request, reply, 'consultations/question-form.njk', {
        pageTitle: `Add a question to ${c.title}`,
        action: `/admin/consultations/${c.number}/questions/new`,
        ...questionContext(c),
        values: {},
      })
    },
  )

  app.post<{ Params: NumberParams; Body: QuestionBody }>(
    '/admin/consultations/:number/questions/new',
    { config: ADMIN, schema: { params: NumberParams, body: QuestionBody } },
    async (request, reply) => {
      const { number } = request.params
      return formHandler(
        request,
        reply,
        {
          back: `/admin/consultations/${number}/questions/new`,
          field: 'prompt',
          values: typed(request.body),
        },
        async () => {
          await consultations.addQuestion(
            number,
            rowVersionOf(request.body.rowVersion),
            questionInput(request.body),
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/admin/consultations/${number}#questions`, {
            title: 'Question added',
          })
        },
      )
    },
  )

  app.get<{ Params: QuestionParams }>(
    '/admin/consultations/:number/questions/:position',
    { config: ADMIN, schema: { params: QuestionParams } },
    async (request, reply) => {
      const c = await adminFind(request.params.number)
      const q = c?.questions.find((x) => x.position === request.params.position)
      if (!c || !q || c.state !== 'draft') return reply.callNotFound()
      return renderForm(request, reply, 'consultations/question-form.njk', {
        pageTitle: `Change question ${q.position}`,
        action: `/admin/consultations/${c.number}/questions/${q.position}`,
        question: q,
        ...questionContext(c),
        values: {
          kind: q.kind,
          prompt: q.prompt,
          hint: q.hint,
          required: q.required ? 'yes' : 'no',
          options: q.options.join('\n'),
        },
      })
    },
  )

  app.post<{ Params: QuestionParams; Body: QuestionBody }>(
    '/admin/consultations/:number/questions/:position',
    { config: ADMIN, schema: { params: QuestionParams, body: QuestionBody } },
    async (request, reply) => {
      const { number, position } = request.params
      return formHandler(
        request,
        reply,
        {
          back: `/admin/consultations/${number}/questions/${position}`,
          field: 'prompt',
          values: typed(request.body),
        },
        async () => {
          await consultations.updateQuestion(
            number,
            position,
            rowVersionOf(request.body.rowVersion),
            questionInput(request.body),
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/admin/consultations/${number}#questions`, {
            title: `Question ${position} changed`,
          })
        },
      )
    },
  )

  app.post<{ Params: QuestionParams; Body: RowVersionBody }>(
    '/admin/consultations/:number/questions/:position/remove',
    { config: ADMIN, schema: { params: QuestionParams, body: RowVersionBody } },
    async (request, reply) => {
      const { number, position } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}`, field: 'questions' },
        async () => {
          await consultations.removeQuestion(
            number,
            position,
            rowVersionOf(request.body.rowVersion),
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/admin/consultations/${number}#questions`, {
            title: `Question ${position} removed`,
          })
        },
      )
    },
  )

  app.post<{ Params: QuestionParams; Body: RowVersionBody }>(
    '/admin/consultations/:number/questions/:position/move',
    { config: ADMIN, schema: { params: QuestionParams, body: RowVersionBody } },
    async (request, reply) => {
      const { number, position } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}`, field: 'questions' },
        async () => {
          await consultations.moveQuestion(
            number,
            position,
            str(request.body.direction),
            rowVersionOf(request.body.rowVersion),
            actorOf(request),
          )
          return reply.redirect(`/admin/consultations/${number}#questions`, 303)
        },
      )
    },
  )

  // Publishing cannot be undone: the confirmation page is the answer to the first POST.
  app.post<{ Params: NumberParams; Body: RowVersionBody }>(
    '/admin/consultations/:number/publish',
    { config: ADMIN, schema: { params: NumberParams, body: RowVersionBody } },
    async (request, reply) => {
      const { number } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}`, field: 'publish' },
        async () => {
          const c = await consultations.checkPublish(number, rowVersionOf(request.body.rowVersion))
          reply.header('cache-control', 'no-store')
          return renderForm(request, reply, 'consultations/publish.njk', {
            pageTitle: `Publish ${c.title}?`,
            consultation: c,
            labels,
            dates: datesInWords(c),
            breadcrumbs: adminCrumbs(c),
          })
        },
      )
    },
  )

  app.post<{ Params: NumberParams; Body: RowVersionBody }>(
    '/admin/consultations/:number/publish/confirm',
    { config: ADMIN, schema: { params: NumberParams, body: RowVersionBody } },
    async (request, reply) => {
      const { number } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}`, field: 'publish' },
        async () => {
          await consultations.publish(number, rowVersionOf(request.body.rowVersion), processActorOf(request))
          return redirectWithBanner(request, reply, `/admin/consultations/${number}`, {
            title: 'Consultation published',
            text: 'It is on the public list of consultations now, and open for responses on its opening date.',
          })
        },
      )
    },
  )

  app.post<{ Params: NumberParams; Body: RowVersionBody }>(
    '/admin/consultations/:number/close-date',
    { config: ADMIN, schema: { params: NumberParams, body: RowVersionBody } },
    async (request, reply) => {
      const { number } = request.params
      const body: Record<string, unknown> = request.body
      return formHandler(
        request,
        reply,
        { back: `/admin/consultations/${number}#close-date`, field: 'closesOn-day', values: typed(body) },
        async () => {
          const read = parseDateInput(dateInputFrom(body, 'closesOn'), 'New closing date')
          if ('error' in read) throw new ServiceError(read.error, 'closesOn-day')
          await consultations.extendClose(
            number,
            rowVersionOf(request.body.rowVersion),
            read.date,
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/admin/consultations/${number}`, {
            title: `The consultation now closes at the end of ${longDate(read.date)}`,
          })
        },
      )
    },
  )
}
