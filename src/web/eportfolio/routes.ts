// The ePortfolio (supported) route (docs/eportfolio-route.md). The practitioner's pages are under
// /my/eportfolio; the supervisor accepts an invitation by its link and then sees the portfolio at
// /eportfolio/{id}, as do its assessors and Centre admins (each such look is audited); a
// colleague confirms their testimonial by its link without signing in; the Centre runs
// assessment, moderation and the decision under /admin/eportfolios.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import {
  CAPABILITY_JUDGEMENT_LABELS,
  CAPABILITY_JUDGEMENTS,
  EPORTFOLIO_OUTCOME_LABELS,
  EPORTFOLIO_STATE_LABELS,
  EPORTFOLIO_STATES,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  isEportfolioOutcome,
  isEportfolioState,
  STEP_DEADLINES,
  TESTIMONIAL_STATE_LABELS,
  type EportfolioState,
} from '../../domain/eportfolio.ts'
import { longDate } from '../../domain/dates.ts'
import { parseDateInput } from '../../domain/date-input.ts'
import type { Services } from '../../services/index.ts'
import type { DecisionInput, EportfolioView, ExtensionDecision } from '../../services/eportfolio.ts'
import { FieldProblems } from '../../services/errors.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { formHandler, keptAnswers, redirectWithBanner, renderForm } from '../forms.ts'
import { numberedPagination } from '../lists.ts'
import { processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const
const ASSESSOR = { access: { roles: ['independent_reviewer'] } } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const
const SIGNED_IN = { access: 'signed-in' } as const
const PUBLIC = { access: 'public' } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const EvidenceParams = Type.Object({ evidenceId: Type.String({ format: 'uuid' }) })
type EvidenceParams = Static<typeof EvidenceParams>
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) })
type TokenQuery = Static<typeof TokenQuery>
const ListQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 40 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
})
type ListQuery = Static<typeof ListQuery>
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) })
type PageQuery = Static<typeof PageQuery>
// Forms whose fields are named after capabilities (note_1.1, judgement_1.1 …); ticked ones come as a list.
const FormBody = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 10_000 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
  ]),
)
type FormBody = Static<typeof FormBody>

function text(body: FormBody, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value : ''
}

function list(body: FormBody, name: string): string[] {
  const value = body[name]
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '')
}

/** The judgements a form sent, one per capability field it holds. */
function judgementsIn(body: FormBody, codes: readonly string[]) {
  return codes
    .filter((code) => body[`judgement_${code}`] !== undefined)
    .map((code) => ({
      code,
      judgement: text(body, `judgement_${code}`),
      comment: text(body, `comment_${code}`),
    }))
}

const judgementItems = CAPABILITY_JUDGEMENTS.map((value) => ({
  value,
  text: CAPABILITY_JUDGEMENT_LABELS[value],
}))

/** What the page shows of a portfolio, shared by every view of one. */
function portfolioContext(view: EportfolioView) {
  const labelOf = new Map(view.capabilities.map((c) => [c.code, c.label]))
  return {
    p: view,
    dueWhat:
      STEP_DEADLINES[view.state]?.what ?? (view.state === 'resubmit' ? 'The practitioner to resubmit' : null),
    kindLabels: EVIDENCE_KIND_LABELS,
    testimonialLabels: TESTIMONIAL_STATE_LABELS,
    judgementLabels: CAPABILITY_JUDGEMENT_LABELS,
    missingRows: view.missing.map((code) => ({ code, label: labelOf.get(code) ?? code })),
    feedbackRows: Object.entries(view.feedback).map(([code, feedback]) => ({
      code,
      label: labelOf.get(code) ?? code,
      feedback,
    })),
  }
}

export function eportfolioRoutes(app: FastifyInstance, services: Services) {
  const { eportfolio } = services
  const home = [{ href: '/home', text: 'Home' }]
  const mineCrumbs = [...home, { href: '/my/eportfolio', text: 'Your ePortfolio' }]

  async function mineOr404(request: FastifyRequest, reply: FastifyReply): Promise<EportfolioView | null> {
    const view = await eportfolio.mine(processActorOf(request))
    if (!view) {
      await redirectWithBanner(request, reply, '/my/eportfolio', {
        title: 'Register for the ePortfolio route first',
      })
      return null
    }
    return view
  }

  // The practitioner --------------------------------------------------------------------------

  app.get('/my/eportfolio', { config: PRACTITIONER }, async (request, reply) => {
    const view = await eportfolio.mine(processActorOf(request))
    return renderForm(request, reply, 'eportfolio/mine.njk', {
      pageTitle: 'Your ePortfolio',
      breadcrumbs: home,
      ...(view ? portfolioContext(view) : { p: null }),
    })
  })

  app.post('/my/eportfolio/register', { config: PRACTITIONER }, async (request, reply) =>
    formHandler(request, reply, { back: '/my/eportfolio', field: 'register' }, async () => {
      await eportfolio.register(processActorOf(request))
      return redirectWithBanner(request, reply, '/my/eportfolio', {
        title: 'You have registered for the ePortfolio route',
        text: 'Next, invite a supervisor.',
      })
    }),
  )

  app.get('/my/eportfolio/supervisor', { config: PRACTITIONER }, async (request, reply) => {
    const view = await mineOr404(request, reply)
    if (!view) return reply
    return renderForm(request, reply, 'eportfolio/supervisor.njk', {
      pageTitle: 'Invite a supervisor',
      breadcrumbs: mineCrumbs,
      p: view,
      values: { rowVersion: String(view.rowVersion) },
    })
  })

  app.post<{ Body: FormBody }>(
    '/my/eportfolio/supervisor',
    { config: PRACTITIONER, schema: { body: FormBody } },
    async (request, reply) => {
      const b = request.body
      const values = { name: text(b, 'name'), email: text(b, 'email') }
      return formHandler(
        request,
        reply,
        { back: '/my/eportfolio/supervisor', field: 'name', values },
        async () => {
          await eportfolio.inviteSupervisor(
            processActorOf(request),
            rowVersionOf(text(b, 'rowVersion')),
            values,
          )
          return redirectWithBanner(request, reply, '/my/eportfolio', {
            title: `Invitation sent to ${values.email.trim()}`,
            text: 'They become your supervisor when they accept it.',
          })
        },
      )
    },
  )

  app.get('/my/eportfolio/evidence/new', { config: PRACTITIONER }, async (request, reply) => {
    const view = await mineOr404(request, reply)
    if (!view) return reply
    const sources = await eportfolio.evidenceSources(processActorOf(request))
    return renderForm(request, reply, 'eportfolio/evidence-form.njk', {
      pageTitle: 'Add evidence',
      breadcrumbs: mineCrumbs,
      p: view,
      kinds: EVIDENCE_KINDS.map((value) => ({ value, text: EVIDENCE_KIND_LABELS[value] })),
      sources,
      values: { rowVersion: String(view.rowVersion), capabilities: [] },
    })
  })

  app.post<{ Body: FormBody }>(
    '/my/eportfolio/evidence/new',
    { config: PRACTITIONER, schema: { body: FormBody } },
    async (request, reply) => {
      const b = request.body
      const ticked = list(b, 'capabilities')
      const notes = Object.fromEntries(
        Object.keys(b)
          .filter((k) => k.startsWith('note_'))
          .map((k) => [k, text(b, k)]),
      )
      const input = {
        kind: text(b, 'kind'),
        title: text(b, 'title'),
        body: text(b, 'body'),
        colleagueName: text(b, 'colleagueName'),
        colleagueEmail: text(b, 'colleagueEmail'),
        cpdActivityId: text(b, 'cpdActivityId'),
        awardId: text(b, 'awardId'),
        mappings: ticked.map((code) => ({ code, note: text(b, `note_${code}`) })),
      }
      const values = { ...input, mappings: undefined, capabilities: ticked, ...notes }
      return formHandler(
        request,
        reply,
        { back: '/my/eportfolio/evidence/new', field: 'kind', values },
        async () => {
          await eportfolio.addEvidence(processActorOf(request), rowVersionOf(text(b, 'rowVersion')), input)
          return redirectWithBanner(request, reply, '/my/eportfolio', {
            title: `Evidence added: ${input.title.trim()}`,
            ...(input.kind === 'testimonial'
              ? {
                  text: `${input.colleagueName.trim()} has been e-mailed to confirm it. It counts once they do.`,
                }
              : {}),
          })
        },
      )
    },
  )

  app.post<{ Params: EvidenceParams; Body: FormBody }>(
    '/my/eportfolio/evidence/:evidenceId/remove',
    { config: PRACTITIONER, schema: { params: EvidenceParams, body: FormBody } },
    async (request, reply) =>
      formHandler(request, reply, { back: '/my/eportfolio', field: 'evidence' }, async () => {
        await eportfolio.removeEvidence(
          processActorOf(request),
          rowVersionOf(text(request.body, 'rowVersion')),
          request.params.evidenceId,
        )
        return redirectWithBanner(request, reply, '/my/eportfolio', { title: 'Evidence removed' })
      }),
  )

  app.get('/my/eportfolio/coverage', { config: PRACTITIONER }, async (request, reply) => {
    const view = await mineOr404(request, reply)
    if (!view) return reply
    return renderForm(request, reply, 'eportfolio/coverage.njk', {
      pageTitle: 'What your ePortfolio covers',
      breadcrumbs: mineCrumbs,
      ...portfolioContext(view),
    })
  })

  app.get('/my/eportfolio/submit', { config: PRACTITIONER }, async (request, reply) => {
    const view = await mineOr404(request, reply)
    if (!view) return reply
    return renderDecisionCheck(request, reply, {
      pageTitle: 'Submit your ePortfolio',
      breadcrumbs: mineCrumbs,
      caption: 'Your ePortfolio',
      rows: [
        { key: 'Evidence items', value: String(view.evidence.length) },
        { key: 'Supervisor', value: view.supervisorName ?? 'None yet' },
        {
          key: 'Capabilities with evidence',
          value: `${view.capabilities.length - view.missing.length} of ${view.capabilities.length}`,
        },
      ],
      consequences: [
        'Your portfolio goes to the Centre, which assigns two assessors to judge each capability.',
        'You cannot change the evidence while it is being assessed.',
      ],
      form: '/my/eportfolio',
      action: '/my/eportfolio/submit',
      fields: { rowVersion: String(view.rowVersion) },
      cancel: '/my/eportfolio',
      words: {
        heading: 'Submit your ePortfolio for assessment?',
        intro: 'Check what you are submitting. Nothing is sent until you select Submit portfolio.',
        warning: 'Submitting cannot be undone',
        button: 'Submit portfolio',
      },
    })
  })

  app.post<{ Body: FormBody }>(
    '/my/eportfolio/submit',
    { config: PRACTITIONER, schema: { body: FormBody } },
    async (request, reply) =>
      formHandler(request, reply, { back: '/my/eportfolio', field: 'submit' }, async () => {
        await eportfolio.submit(processActorOf(request), rowVersionOf(text(request.body, 'rowVersion')))
        return redirectWithBanner(request, reply, '/my/eportfolio', {
          title: 'Your ePortfolio has been submitted',
          text: 'The Centre will assign two assessors.',
        })
      }),
  )

  app.get('/my/eportfolio/extension', { config: PRACTITIONER }, async (request, reply) => {
    const view = await mineOr404(request, reply)
    if (!view) return reply
    return renderForm(request, reply, 'eportfolio/extension.njk', {
      pageTitle: 'Ask for more time',
      breadcrumbs: mineCrumbs,
      ...portfolioContext(view),
      values: { rowVersion: String(view.rowVersion) },
    })
  })

  app.post<{ Body: FormBody }>(
    '/my/eportfolio/extension',
    { config: PRACTITIONER, schema: { body: FormBody } },
    async (request, reply) => {
      const b = request.body
      const values = {
        'until[day]': text(b, 'until[day]'),
        'until[month]': text(b, 'until[month]'),
        'until[year]': text(b, 'until[year]'),
        reason: text(b, 'reason'),
      }
      return formHandler(
        request,
        reply,
        { back: '/my/eportfolio/extension', field: 'until-day', values },
        async () => {
          const typed = parseDateInput(
            { day: values['until[day]'], month: values['until[month]'], year: values['until[year]'] },
            'New deadline',
          )
          if ('error' in typed) throw new FieldProblems([{ field: 'until-day', text: typed.error }])
          await eportfolio.requestExtension(processActorOf(request), rowVersionOf(text(b, 'rowVersion')), {
            until: typed.date,
            reason: values.reason,
          })
          return redirectWithBanner(request, reply, '/my/eportfolio', {
            title: 'Request for more time sent',
            text: 'The Centre will decide and e-mail you.',
          })
        },
      )
    },
  )

  // The supervisor ----------------------------------------------------------------------------

  app.get<{ Querystring: TokenQuery }>(
    '/eportfolio/supervision/accept',
    { config: SIGNED_IN, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      const invitation = token ? await eportfolio.invitation(token) : null
      return renderForm(request, reply, 'eportfolio/accept.njk', {
        pageTitle: 'Supervise an ePortfolio',
        breadcrumbs: home,
        invitation,
        token,
      })
    },
  )

  app.post<{ Body: FormBody }>(
    '/eportfolio/supervision/accept',
    { config: SIGNED_IN, schema: { body: FormBody } },
    async (request, reply) => {
      const token = text(request.body, 'token')
      const back = `/eportfolio/supervision/accept?token=${encodeURIComponent(token)}`
      return formHandler(request, reply, { back, field: 'accept' }, async () => {
        const id = await eportfolio.acceptSupervision(token, processActorOf(request))
        return redirectWithBanner(request, reply, `/eportfolio/${id}`, {
          title: 'You are now the supervisor',
        })
      })
    },
  )

  app.get<{ Querystring: PageQuery }>(
    '/eportfolio/supervising',
    { config: SIGNED_IN, schema: { querystring: PageQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1
      const actor = processActorOf(request)
      const [{ rows, total }, assessing] = await Promise.all([
        eportfolio.supervised(actor, page),
        actor.roles.includes('independent_reviewer') ? eportfolio.assessing(actor) : Promise.resolve([]),
      ])
      return renderForm(request, reply, 'eportfolio/supervising.njk', {
        pageTitle: 'ePortfolios you supervise or assess',
        breadcrumbs: home,
        rows,
        total,
        assessing,
        pagination: numberedPagination('/eportfolio/supervising', {}, page, total),
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/eportfolio/:id',
    { config: SIGNED_IN, schema: { params: IdParams } },
    async (request, reply) => {
      const view = await eportfolio.view(request.params.id, processActorOf(request))
      if (view.viewer === 'practitioner') return reply.redirect('/my/eportfolio', 303)
      return renderForm(request, reply, 'eportfolio/show.njk', {
        pageTitle: `ePortfolio of ${view.practitionerName}`,
        breadcrumbs: [...home, { href: '/eportfolio/supervising', text: 'ePortfolios' }],
        ...portfolioContext(view),
      })
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/eportfolio/:id/comments',
    { config: SIGNED_IN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const values = { comment: text(request.body, 'comment') }
      return formHandler(
        request,
        reply,
        { back: `/eportfolio/${id}#comment`, field: 'comment', values },
        async () => {
          await eportfolio.comment(id, processActorOf(request), values.comment)
          return redirectWithBanner(request, reply, `/eportfolio/${id}`, {
            title: 'Comment sent to the practitioner',
          })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/eportfolio/:id/sign-off',
    { config: SIGNED_IN, schema: { params: IdParams } },
    async (request, reply) => {
      const { id } = request.params
      const view = await eportfolio.view(id, processActorOf(request))
      if (view.viewer !== 'supervisor') return reply.callNotFound()
      return renderDecisionCheck(request, reply, {
        pageTitle: 'Sign off the ePortfolio',
        breadcrumbs: [...home, { href: `/eportfolio/${id}`, text: `ePortfolio of ${view.practitionerName}` }],
        caption: `ePortfolio of ${view.practitionerName}`,
        rows: [
          { key: 'Evidence items', value: String(view.evidence.length) },
          {
            key: 'Capabilities with evidence',
            value: `${view.capabilities.length - view.missing.length} of ${view.capabilities.length}`,
          },
        ],
        consequences: [
          `You confirm that the portfolio is ready to be assessed. ${view.practitionerName} is e-mailed and can then submit it.`,
          'If they change the evidence afterwards, your sign-off lapses and you are asked again.',
        ],
        form: `/eportfolio/${id}`,
        action: `/eportfolio/${id}/sign-off`,
        fields: { rowVersion: String(view.rowVersion) },
        cancel: `/eportfolio/${id}`,
        words: {
          heading: 'Sign off this ePortfolio as ready?',
          intro: 'Check the portfolio. Nothing is recorded until you select Sign off.',
          warning: 'Signing off tells the practitioner they can submit',
          button: 'Sign off',
        },
      })
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/eportfolio/:id/sign-off',
    { config: SIGNED_IN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(request, reply, { back: `/eportfolio/${id}`, field: 'signOff' }, async () => {
        await eportfolio.signOff(id, processActorOf(request), rowVersionOf(text(request.body, 'rowVersion')))
        return redirectWithBanner(request, reply, `/eportfolio/${id}`, {
          title: 'You signed off the ePortfolio',
        })
      })
    },
  )

  // A colleague's testimonial -------------------------------------------------------------------

  app.get<{ Querystring: TokenQuery }>(
    '/eportfolio/testimonials/confirm',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      const testimonial = token ? await eportfolio.testimonial(token) : null
      reply.header('cache-control', 'no-store')
      // A link that does not work (used, expired, mistyped) is a bad request, as for other e-mailed links.
      if (!testimonial) reply.code(400)
      return renderForm(request, reply, 'eportfolio/testimonial.njk', {
        pageTitle: testimonial ? 'Confirm your testimonial' : 'This link does not work',
        breadcrumbs: home,
        testimonial,
        token,
      })
    },
  )

  app.post<{ Body: FormBody }>(
    '/eportfolio/testimonials/confirm',
    { config: PUBLIC, schema: { body: FormBody } },
    async (request, reply) => {
      const token = text(request.body, 'token')
      const back = `/eportfolio/testimonials/confirm?token=${encodeURIComponent(token)}`
      return formHandler(request, reply, { back, field: 'confirm' }, async () => {
        await eportfolio.confirmTestimonial(token)
        return redirectWithBanner(request, reply, '/eportfolio/testimonials/confirmed', {
          title: 'Thank you: your testimonial is confirmed',
        })
      })
    },
  )

  app.get('/eportfolio/testimonials/confirmed', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'eportfolio/testimonial-confirmed.njk', {
      pageTitle: 'Testimonial confirmed',
      breadcrumbs: home,
    }),
  )

  // The assessor ------------------------------------------------------------------------------

  app.get<{ Params: IdParams }>(
    '/eportfolio/:id/assessment',
    { config: ASSESSOR, schema: { params: IdParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const view = await eportfolio.view(request.params.id, actor)
      const mine = view.assessments.find((a) => a.assessorId === actor.userId)
      if (view.viewer !== 'assessor' || !mine) return reply.callNotFound()
      return renderForm(request, reply, 'eportfolio/assessment.njk', {
        pageTitle: `Assess the ePortfolio of ${view.practitionerName}`,
        breadcrumbs: [...home, { href: '/eportfolio/supervising', text: 'ePortfolios' }],
        ...portfolioContext(view),
        mine,
        judgementItems,
        values: Object.fromEntries(
          Object.entries(mine.judgements).flatMap(([code, mark]) =>
            mark
              ? [
                  [`judgement_${code}`, mark.judgement],
                  [`comment_${code}`, mark.comment],
                ]
              : [],
          ),
        ),
      })
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/eportfolio/:id/interests',
    { config: ASSESSOR, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const values = { conflict: text(b, 'conflict'), conflictNote: text(b, 'conflictNote') }
      return formHandler(
        request,
        reply,
        { back: `/eportfolio/${id}/assessment`, field: 'conflict', values },
        async () => {
          if (values.conflict !== 'yes' && values.conflict !== 'no') {
            throw new FieldProblems([
              { field: 'conflict', text: 'Select whether you have a conflict of interest' },
            ])
          }
          await eportfolio.declareInterests(
            id,
            processActorOf(request),
            values.conflict === 'yes',
            values.conflictNote,
          )
          return redirectWithBanner(request, reply, `/eportfolio/${id}/assessment`, {
            title: 'Interests declared',
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/eportfolio/:id/assessment',
    { config: ASSESSOR, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const codes = Object.keys(b)
        .filter((k) => k.startsWith('judgement_'))
        .map((k) => k.slice('judgement_'.length))
      const judgements = judgementsIn(b, codes)
      const complete = text(b, 'complete') === 'yes'
      const values = Object.fromEntries(
        judgements.flatMap((j) => [
          [`judgement_${j.code}`, j.judgement],
          [`comment_${j.code}`, j.comment],
        ]),
      )
      return formHandler(
        request,
        reply,
        { back: `/eportfolio/${id}/assessment`, field: 'complete', values },
        async () => {
          await eportfolio.judge(id, processActorOf(request), judgements, complete)
          return redirectWithBanner(
            request,
            reply,
            complete ? '/eportfolio/supervising' : `/eportfolio/${id}/assessment`,
            {
              title: complete ? 'Assessment completed' : 'Judgements saved',
            },
          )
        },
      )
    },
  )

  // The Centre --------------------------------------------------------------------------------

  app.get<{ Querystring: ListQuery }>(
    '/admin/eportfolios',
    { config: ADMIN, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const state: EportfolioState | undefined = isEportfolioState(request.query.state)
        ? request.query.state
        : undefined
      const words = (request.query.q ?? '').trim()
      const page = request.query.page ?? 1
      const { rows, total } = await eportfolio.list({
        ...(state ? { state } : {}),
        ...(words ? { words } : {}),
        page,
      })
      return renderForm(request, reply, 'eportfolio/admin-list.njk', {
        pageTitle: 'ePortfolio route',
        breadcrumbs: home,
        rows,
        total,
        filters: { state: state ?? '', q: words },
        stateItems: [
          { value: '', text: 'Any state' },
          ...EPORTFOLIO_STATES.map((s) => ({
            value: s,
            text: EPORTFOLIO_STATE_LABELS[s].text,
            selected: s === state,
          })),
        ],
        pagination: numberedPagination('/admin/eportfolios', { state, q: words }, page, total),
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/admin/eportfolios/:id',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const [view, assessors] = await Promise.all([
        eportfolio.view(request.params.id, processActorOf(request)),
        eportfolio.assessors(),
      ])
      const kept = keptAnswers(request, `/admin/eportfolios/${view.id}`)
      return renderForm(request, reply, 'eportfolio/admin-show.njk', {
        pageTitle: `ePortfolio of ${view.practitionerName}`,
        breadcrumbs: [...home, { href: '/admin/eportfolios', text: 'ePortfolio route' }],
        ...portfolioContext(view),
        assessorItems: [
          { value: '', text: 'Select an assessor' },
          ...assessors
            .filter((a) => !view.assessments.some((x) => x.assessorId === a.id))
            .map((a) => ({ value: a.id, text: a.name })),
        ],
        judgementItems,
        outcomeItems:
          view.verdict.status === 'ready'
            ? view.verdict.outcomes.map((o) => ({ value: o, text: EPORTFOLIO_OUTCOME_LABELS[o].decide }))
            : [],
        values: { rowVersion: String(view.rowVersion), ...kept },
      })
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/assessors',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#assessors`, field: 'assessor' },
        async () => {
          await eportfolio.assignAssessor(
            id,
            processActorOf(request),
            rowVersionOf(text(request.body, 'rowVersion')),
            text(request.body, 'assessor'),
          )
          return redirectWithBanner(request, reply, `/admin/eportfolios/${id}`, {
            title: 'Assessor assigned',
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/moderation',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const codes = Object.keys(b)
        .filter((k) => k.startsWith('judgement_'))
        .map((k) => k.slice('judgement_'.length))
      const judgements = judgementsIn(b, codes)
      const values = Object.fromEntries(
        judgements.flatMap((j) => [
          [`judgement_${j.code}`, j.judgement],
          [`comment_${j.code}`, j.comment],
        ]),
      )
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#moderation`, field: 'moderation', values },
        async () => {
          await eportfolio.moderate(
            id,
            processActorOf(request),
            rowVersionOf(text(b, 'rowVersion')),
            judgements,
          )
          return redirectWithBanner(request, reply, `/admin/eportfolios/${id}`, { title: 'Moderation saved' })
        },
      )
    },
  )

  const extensionOf = (b: FormBody): ExtensionDecision => {
    const decision = text(b, 'decision')
    if (decision === 'granted' || decision === 'refused') return { decision, note: text(b, 'note') }
    throw new FieldProblems([{ field: 'decision', text: 'Select whether to grant the extension' }])
  }

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/extension/check',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const values = { decision: text(b, 'decision'), note: text(b, 'note') }
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#extension`, field: 'decision', values },
        async () => {
          const input = extensionOf(b)
          const view = await eportfolio.checkExtension(id, processActorOf(request), input)
          const open = view.openExtension
          const granted = input.decision === 'granted'
          return renderDecisionCheck(request, reply, {
            pageTitle: 'Decide the request for more time',
            breadcrumbs: [
              ...home,
              { href: `/admin/eportfolios/${id}`, text: `ePortfolio of ${view.practitionerName}` },
            ],
            caption: `ePortfolio of ${view.practitionerName}`,
            rows: [
              { key: 'Decision', value: granted ? 'Grant' : 'Refuse' },
              ...(input.note.trim() ? [{ key: 'Note to the practitioner', value: input.note.trim() }] : []),
            ],
            consequences: [
              granted && open
                ? `The deadline moves from ${longDate(open.dueOn)} to ${longDate(open.requestedUntil)}, and ${view.practitionerName} is e-mailed.`
                : `The deadline stays ${open ? longDate(open.dueOn) : 'as it is'}, and ${view.practitionerName} is e-mailed.`,
            ],
            form: `/admin/eportfolios/${id}`,
            action: `/admin/eportfolios/${id}/extension`,
            fields: { rowVersion: text(b, 'rowVersion'), ...values },
            cancel: `/admin/eportfolios/${id}`,
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/extension',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#extension`, field: 'decision' },
        async () => {
          await eportfolio.decideExtension(
            id,
            processActorOf(request),
            rowVersionOf(text(b, 'rowVersion')),
            extensionOf(b),
          )
          return redirectWithBanner(request, reply, `/admin/eportfolios/${id}`, {
            title: 'Extension decided',
          })
        },
      )
    },
  )

  /** The capabilities the form gives feedback on (the service keeps only those not yet demonstrated). */
  const feedbackCodes = (b: FormBody) =>
    Object.keys(b)
      .filter((k) => k.startsWith('feedback_'))
      .map((k) => k.slice('feedback_'.length))

  /** The decision the form sent, checked for its own fields (the domain checks the rest). */
  function decisionOf(b: FormBody, codes: readonly string[]): DecisionInput {
    const outcome = text(b, 'outcome')
    if (!isEportfolioOutcome(outcome))
      throw new FieldProblems([{ field: 'outcome', text: 'Select the outcome' }])
    let resubmitBy: string | null = null
    if (outcome === 'resubmit') {
      const typed = parseDateInput(
        {
          day: text(b, 'resubmitBy[day]'),
          month: text(b, 'resubmitBy[month]'),
          year: text(b, 'resubmitBy[year]'),
        },
        'Resubmission deadline',
      )
      if ('error' in typed) throw new FieldProblems([{ field: 'resubmitBy-day', text: typed.error }])
      resubmitBy = typed.date
    }
    const feedback = Object.fromEntries(codes.map((c) => [c, text(b, `feedback_${c}`)]).filter(([, f]) => f))
    return { outcome, resubmitBy, feedback }
  }

  const decisionFields = (b: FormBody) =>
    Object.fromEntries(
      Object.entries(b).flatMap(([k, v]) =>
        k === 'outcome' || k === 'rowVersion' || k.startsWith('resubmitBy') || k.startsWith('feedback_')
          ? [[k, typeof v === 'string' ? v : v.join(' ')]]
          : [],
      ),
    )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/decision/check',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const values = decisionFields(b)
      // An unknown portfolio is not found, whatever the form says.
      if (!(await eportfolio.exists(id))) return reply.callNotFound()
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#decision`, field: 'outcome', values },
        async () => {
          const actor = processActorOf(request)
          const rowVersion = rowVersionOf(text(b, 'rowVersion'))
          const input = decisionOf(b, feedbackCodes(b))
          const view = await eportfolio.checkDecision(id, actor, rowVersion, input)
          const words = EPORTFOLIO_OUTCOME_LABELS[input.outcome]
          return renderDecisionCheck(request, reply, {
            pageTitle: 'Record the outcome',
            breadcrumbs: [
              ...home,
              { href: `/admin/eportfolios/${id}`, text: `ePortfolio of ${view.practitionerName}` },
            ],
            caption: `ePortfolio of ${view.practitionerName}`,
            rows: [
              { key: 'Outcome', value: words.decide },
              ...(input.resubmitBy ? [{ key: 'Resubmit by', value: longDate(input.resubmitBy) }] : []),
              ...Object.entries(input.feedback).map(([code, f]) => ({
                key: `Feedback on ${code}`,
                value: f,
              })),
            ],
            consequences:
              input.outcome === 'recognised'
                ? [
                    `${view.practitionerName} is recognised as an advanced practitioner through the ePortfolio route, and e-mailed.`,
                  ]
                : input.outcome === 'resubmit'
                  ? [
                      `${view.practitionerName} is e-mailed the feedback on each capability not yet demonstrated, and can resubmit by ${longDate(input.resubmitBy ?? '')}.`,
                    ]
                  : [
                      `${view.practitionerName} is e-mailed that the portfolio is not recognised. The route ends.`,
                    ],
            form: `/admin/eportfolios/${id}`,
            action: `/admin/eportfolios/${id}/decision`,
            fields: { rowVersion: String(rowVersion), ...values },
            cancel: `/admin/eportfolios/${id}`,
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: FormBody }>(
    '/admin/eportfolios/:id/decision',
    { config: ADMIN, schema: { params: IdParams, body: FormBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      if (!(await eportfolio.exists(id))) return reply.callNotFound()
      return formHandler(
        request,
        reply,
        { back: `/admin/eportfolios/${id}#decision`, field: 'outcome' },
        async () => {
          const actor = processActorOf(request)
          await eportfolio.decide(
            id,
            actor,
            rowVersionOf(text(b, 'rowVersion')),
            decisionOf(b, feedbackCodes(b)),
          )
          return redirectWithBanner(request, reply, `/admin/eportfolios/${id}`, { title: 'Outcome recorded' })
        },
      )
    },
  )
}
