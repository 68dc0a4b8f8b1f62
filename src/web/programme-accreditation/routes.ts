// Programme accreditation by the Centre (docs/programme-accreditation.md). A provider's admins
// apply for one of their programmes and answer the panel's questions; Centre admins assign
// assessors, record the panel, decide and record conditions met; assessors declare their
// interests and judge each standard. One page shows an application to each of them, with
// what they may do; anyone else gets "page not found". Submitting, deciding and withdrawing
// each go through a page that asks to confirm.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { dateFromForm } from '../../domain/date-input.ts'
import { longDate } from '../../domain/dates.ts'
import { JUDGEMENT_WORDS, JUDGEMENTS } from '../../domain/gateway-check.ts'
import {
  ACCREDITATION_DECISION_LABELS,
  ACCREDITATION_DECISIONS,
  ACCREDITATION_STATE_WORDS,
  ACCREDITATION_STATES,
  APPLICATION_KIND_LABELS,
  isAccreditationDecision,
  isAccreditationState,
  type AccreditationState,
} from '../../domain/programme-accreditation.ts'
import { DELIVERY_MODE_LABELS, DELIVERY_MODES, isOneOf } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import type { ApplicationInput, DecisionInput } from '../../services/programme-accreditation.ts'
import { ServiceError } from '../../services/errors.ts'
import { chosenOrganisation, organisationIdsActedFor, PROVIDER_ROLES } from '../acting-for.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import {
  choiceItems,
  formBody,
  formHandler,
  freeTextField,
  keptAnswers,
  redirectWithBanner,
  renderForm,
  repeatedField,
  repeatedValues,
} from '../forms.ts'
import { countLabel, listPage, LIST_PAGE_SIZE, listChoice, offsetOf, pageOf } from '../lists.ts'
import { pageLinks } from '../pagination.ts'
import { processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const CENTRE_ADMIN = { access: { roles: ['centre_admin'] } } as const
const PROVIDER_ADMIN = { access: { roles: ['provider_admin'] } } as const
const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const
const ASSESSOR = { access: { roles: ['independent_reviewer'] } } as const
const CONCERNED = {
  access: { roles: ['centre_admin', 'provider_admin', 'provider_staff', 'independent_reviewer'] },
} as const
const WITHDRAWERS = { access: { roles: ['centre_admin', 'provider_admin'] } } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const PositionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  position: Type.Integer({ minimum: 0, maximum: 1000 }),
})
type PositionParams = Static<typeof PositionParams>
const OrganisationQuery = Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) })
type OrganisationQuery = Static<typeof OrganisationQuery>
const ListQuery = Type.Object({
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  state: listChoice(),
  page: listPage(),
})
type ListQuery = Static<typeof ListQuery>

const short = () => Type.Optional(Type.String({ maxLength: 100 }))
// An application's answers are one field a standard (answer_A1 …): any further string fields.
const ApplicationBody = formBody({
  organisation: short(),
  awardTitle: freeTextField(),
  routes: freeTextField(),
  modes: repeatedField(),
  intake: short(),
  credentials: repeatedField(),
})
type ApplicationBody = Static<typeof ApplicationBody> & Record<string, unknown>
const AnyBody = formBody({ rowVersion: short() })
type AnyBody = Static<typeof AnyBody> & Record<string, unknown>
const AssignBody = formBody({ rowVersion: short(), assessor: short() })
type AssignBody = Static<typeof AssignBody>
const ConflictBody = formBody({ rowVersion: short(), conflict: short(), conflictNote: freeTextField() })
type ConflictBody = Static<typeof ConflictBody>
const PanelBody = formBody({
  rowVersion: short(),
  'heldOn[day]': short(),
  'heldOn[month]': short(),
  'heldOn[year]': short(),
  members: freeTextField(),
  notes: freeTextField(),
})
type PanelBody = Static<typeof PanelBody>
const TextBody = formBody({ rowVersion: short(), text: freeTextField() })
type TextBody = Static<typeof TextBody>
const ReasonBody = formBody({ rowVersion: short(), reason: freeTextField() })
type ReasonBody = Static<typeof ReasonBody>
const MAX_CONDITIONS = 10
const DecisionBody = formBody({
  rowVersion: short(),
  outcome: short(),
  reason: freeTextField(),
  'periodFrom[day]': short(),
  'periodFrom[month]': short(),
  'periodFrom[year]': short(),
  'periodUntil[day]': short(),
  'periodUntil[month]': short(),
  'periodUntil[year]': short(),
})
type DecisionBody = Static<typeof DecisionBody> & Record<string, unknown>

const text = (value: unknown) => (typeof value === 'string' ? value : '')

const LABELS = {
  states: ACCREDITATION_STATE_WORDS,
  kinds: APPLICATION_KIND_LABELS,
  decisions: ACCREDITATION_DECISION_LABELS,
  modes: DELIVERY_MODE_LABELS,
  judgements: JUDGEMENT_WORDS,
}
const OPTIONS = {
  modes: choiceItems(DELIVERY_MODES, DELIVERY_MODE_LABELS),
  judgements: JUDGEMENTS.map((j) => ({ value: j, text: JUDGEMENT_WORDS[j].text })),
  decisions: choiceItems(ACCREDITATION_DECISIONS, ACCREDITATION_DECISION_LABELS),
}

const applicationPath = (programmeId: string) => `/provider/programmes/${programmeId}/accreditation/apply`
const pathOf = (id: string) => `/accreditations/${id}`

/** The application as the form sent it. */
function applicationInput(body: ApplicationBody): ApplicationInput {
  const answers: Record<string, string> = {}
  for (const [name, value] of Object.entries(body))
    if (name.startsWith('answer_') && typeof value === 'string') answers[name.slice('answer_'.length)] = value
  return {
    awardTitle: body.awardTitle ?? '',
    routes: body.routes ?? '',
    modes: repeatedValues(body.modes),
    intake: body.intake ?? '',
    credentialIds: repeatedValues(body.credentials),
    answers,
  }
}

/** The decision as the form sent it, with its date inputs read. */
function decisionInput(body: DecisionBody): DecisionInput {
  const outcome = body.outcome ?? ''
  if (!isAccreditationDecision(outcome)) throw new ServiceError('Select the decision', 'outcome')
  const accrediting = outcome !== 'not_accredited'
  const from = accrediting ? dateFromForm(body, 'periodFrom', 'The start of the accreditation') : null
  const until = accrediting ? dateFromForm(body, 'periodUntil', 'The end of the accreditation') : null
  if (from !== null && typeof from !== 'string') throw new ServiceError(from.error, 'periodFrom-day')
  if (until !== null && typeof until !== 'string') throw new ServiceError(until.error, 'periodUntil-day')
  const conditions: Array<{ text: string; dueOn: string }> = []
  if (outcome === 'accredited_with_conditions')
    for (let i = 0; i < MAX_CONDITIONS; i += 1) {
      const condition = text(body[`condition_${i}`]).trim()
      if (!condition) continue
      const due = dateFromForm(body, `dueOn_${i}`, 'The date the condition is due')
      if (due === null || typeof due !== 'string')
        throw new ServiceError(due?.error ?? 'Enter the date the condition is due', `dueOn_${i}-day`)
      conditions.push({ text: condition, dueOn: due })
    }
  return { outcome, periodFrom: from, periodUntil: until, reason: body.reason ?? '', conditions }
}

/** The fields of the decision form, to carry through its check page. */
function decisionFields(body: DecisionBody): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string' && name !== '_csrf') fields[name] = value
  return fields
}

export function programmeAccreditationRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'programmeAccreditation' | 'clock'>,
): void {
  const accreditation = services.programmeAccreditation

  const viewerOf = (request: FastifyRequest) => {
    const actor = processActorOf(request)
    return {
      userId: actor.userId,
      roles: actor.roles,
      providerOrganisationIds: organisationIdsActedFor(request, PROVIDER_ROLES),
    }
  }

  async function renderList(
    request: FastifyRequest<{ Querystring: ListQuery }>,
    reply: FastifyReply,
    path: string,
    heading: string,
    load: (
      page: { limit: number; offset: number },
      states: AccreditationState[],
    ) => Promise<{
      items: Array<{
        id: string
        programmeTitle: string
        organisationName: string
        state: AccreditationState
        appliedOn: string
      }>
      total: number
    }>,
    extra: Record<string, unknown> = {},
  ) {
    const page = pageOf(request.query.page)
    const state = request.query.state ?? ''
    const states = isAccreditationState(state) ? [state] : []
    const { items, total } = await load({ limit: LIST_PAGE_SIZE, offset: offsetOf(page) }, states)
    const query = { state: states[0], organisation: request.query.organisation }
    return renderForm(request, reply, 'programme-accreditation/list.njk', {
      pageTitle: heading,
      columnWidth: 'full',
      path,
      items,
      totalText: countLabel(total, 'application', 'applications'),
      stateItems: [
        { value: '', text: 'Any state', selected: !states.length },
        ...ACCREDITATION_STATES.map((s) => ({
          value: s,
          text: ACCREDITATION_STATE_WORDS[s].text,
          selected: s === state,
        })),
      ],
      pagination: pageLinks(path, query, page, Math.max(1, Math.ceil(total / LIST_PAGE_SIZE))),
      labels: LABELS,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
      ...extra,
    })
  }

  app.get<{ Querystring: ListQuery }>(
    '/admin/accreditations',
    { config: CENTRE_ADMIN, schema: { querystring: ListQuery } },
    async (request, reply) =>
      renderList(request, reply, '/admin/accreditations', 'Programme accreditation', (page, states) =>
        accreditation.listForCentre({ states }, page),
      ),
  )

  app.get<{ Querystring: ListQuery }>(
    '/provider/accreditations',
    { config: PROVIDER_PEOPLE, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, PROVIDER_ROLES, request.query.organisation)
      if (!organisation) return reply.callNotFound()
      return renderList(
        request,
        reply,
        '/provider/accreditations',
        'Applications for accreditation',
        (page, states) => accreditation.listForOrganisation(organisation.id, { states }, page),
        { organisation },
      )
    },
  )

  app.get<{ Querystring: ListQuery }>(
    '/accreditations/assigned',
    { config: ASSESSOR, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const page = pageOf(request.query.page)
      const items = await accreditation.listForAssessor(processActorOf(request).userId, {
        limit: LIST_PAGE_SIZE + 1,
        offset: offsetOf(page),
      })
      return renderForm(request, reply, 'programme-accreditation/assigned.njk', {
        pageTitle: 'Programmes to assess',
        columnWidth: 'full',
        items: items.slice(0, LIST_PAGE_SIZE),
        pagination: {
          ...(page > 1
            ? {
                previous: {
                  href: `/accreditations/assigned?page=${page - 1}`,
                  labelText: `Page ${page - 1}`,
                },
              }
            : {}),
          ...(items.length > LIST_PAGE_SIZE
            ? { next: { href: `/accreditations/assigned?page=${page + 1}`, labelText: `Page ${page + 1}` } }
            : {}),
        },
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  // Applying: the form, a page to check the answers, then the application.
  const applyForm = async (
    request: FastifyRequest<{ Params: IdParams; Querystring: OrganisationQuery }>,
    reply: FastifyReply,
  ) => {
    const organisation = chosenOrganisation(request, ['provider_admin'], request.query.organisation)
    if (!organisation) return reply.callNotFound()
    const path = applicationPath(request.params.id)
    return formHandler(
      request,
      reply,
      { back: `/provider/programmes?organisation=${organisation.id}`, field: 'maincontent', values: {} },
      async () => {
        const form = await accreditation.applicationForm(organisation.id, request.params.id)
        return renderForm(request, reply, 'programme-accreditation/apply.njk', {
          pageTitle: `Apply for ${APPLICATION_KIND_LABELS[form.kind].toLowerCase()}: ${form.programme.title}`,
          organisation,
          form,
          action: `${path}/check`,
          values: { modes: [], credentials: [], ...keptAnswers(request, path) },
          options: OPTIONS,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: `/provider/programmes?organisation=${organisation.id}`, text: 'Programmes' },
          ],
        })
      },
    )
  }

  app.get<{ Params: IdParams; Querystring: OrganisationQuery }>(
    '/provider/programmes/:id/accreditation/apply',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, querystring: OrganisationQuery } },
    applyForm,
  )

  app.post<{ Params: IdParams; Body: ApplicationBody }>(
    '/provider/programmes/:id/accreditation/apply/check',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, body: ApplicationBody } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.body.organisation)
      if (!organisation) return reply.callNotFound()
      const path = applicationPath(request.params.id)
      const values = Object.fromEntries(Object.entries(request.body).filter(([k]) => k !== '_csrf'))
      return formHandler(
        request,
        reply,
        { back: `${path}?organisation=${organisation.id}`, field: 'awardTitle', values },
        async () => {
          const input = applicationInput(request.body)
          await accreditation.checkApplication(organisation.id, request.params.id, input)
          const form = await accreditation.applicationForm(organisation.id, request.params.id)
          const chosen = new Set(input.credentialIds)
          return renderDecisionCheck(request, reply, {
            pageTitle: `Submit this application? ${form.programme.title}`,
            breadcrumbs: [
              { href: '/home', text: 'Home' },
              { href: `/provider/programmes?organisation=${organisation.id}`, text: 'Programmes' },
            ],
            caption: `${organisation.name}: ${form.programme.title}`,
            rows: [
              { key: 'Application', value: APPLICATION_KIND_LABELS[form.kind] },
              { key: 'Award title', value: input.awardTitle.trim() },
              { key: 'Routes', value: input.routes.trim() },
              {
                key: 'Modes of study',
                value: input.modes
                  .flatMap((m) => (isOneOf(DELIVERY_MODES, m) ? [DELIVERY_MODE_LABELS[m]] : []))
                  .join(', '),
              },
              { key: 'Planned intake each year', value: input.intake.trim() },
              {
                key: 'Credentials embedded as modules',
                value:
                  form.credentials
                    .filter((c) => chosen.has(c.id))
                    .map((c) => c.title)
                    .join('; ') || 'None',
              },
              ...form.standards.map((s) => ({
                key: `${s.code}: ${s.title ?? s.statement}`,
                value: (input.answers[s.code] ?? '').trim(),
              })),
            ],
            consequences: [
              `The application goes to the Centre, judged against version ${form.standardsVersion} of its accreditation standards, and you cannot change it.`,
              'The Centre’s admins are sent an email, and assessors are assigned to review it.',
            ],
            form: `${path}?organisation=${organisation.id}`,
            action: path,
            fields: {
              organisation: organisation.id,
              awardTitle: input.awardTitle,
              routes: input.routes,
              modes: input.modes,
              intake: input.intake,
              credentials: input.credentialIds,
              ...Object.fromEntries(Object.entries(input.answers).map(([code, a]) => [`answer_${code}`, a])),
            },
            cancel: `/provider/programmes?organisation=${organisation.id}`,
            words: {
              heading: 'Submit this application?',
              intro: 'Check your answers. Nothing is sent until you select Submit application.',
              warning: 'You cannot change the application once it is submitted',
              button: 'Submit application',
            },
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: ApplicationBody }>(
    '/provider/programmes/:id/accreditation/apply',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, body: ApplicationBody } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.body.organisation)
      if (!organisation) return reply.callNotFound()
      const path = applicationPath(request.params.id)
      const values = Object.fromEntries(Object.entries(request.body).filter(([k]) => k !== '_csrf'))
      return formHandler(
        request,
        reply,
        { back: `${path}?organisation=${organisation.id}`, field: 'awardTitle', values },
        async () => {
          const id = await accreditation.apply(
            organisation.id,
            request.params.id,
            applicationInput(request.body),
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, pathOf(id), {
            title: 'Application submitted',
            text: 'The Centre’s admins have been told. You will be e-mailed at each step.',
          })
        },
      )
    },
  )

  // The application, to everyone concerned.
  app.get<{ Params: IdParams }>(
    '/accreditations/:id',
    { config: CONCERNED, schema: { params: IdParams } },
    async (request, reply) => {
      const viewer = viewerOf(request)
      return formHandler(request, reply, { back: '/home', field: 'maincontent', values: {} }, async () => {
        const view = await accreditation.view(request.params.id, viewer)
        const isAdmin = viewer.roles.includes('centre_admin')
        const isProviderAdmin =
          viewer.roles.includes('provider_admin') &&
          organisationIdsActedFor(request, ['provider_admin']).includes(view.organisationId)
        const mine = view.assessments.find((a) => a.assessorId === viewer.userId)
        return renderForm(request, reply, 'programme-accreditation/show.njk', {
          pageTitle: `Accreditation: ${view.programmeTitle}`,
          columnWidth: 'full',
          view,
          isAdmin,
          isProviderAdmin,
          mine,
          assessors: isAdmin ? await accreditation.assessorsToChoose(view.id) : [],
          values: keptAnswers(request, pathOf(view.id)),
          options: OPTIONS,
          labels: LABELS,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            isAdmin
              ? { href: '/admin/accreditations', text: 'Programme accreditation' }
              : mine
                ? { href: '/accreditations/assigned', text: 'Programmes to assess' }
                : {
                    href: `/provider/accreditations?organisation=${view.organisationId}`,
                    text: 'Applications for accreditation',
                  },
          ],
        })
      })
    },
  )

  /** A form on the application's page: runs the step and comes back with a banner. */
  const onPage = async (
    request: FastifyRequest<{ Params: IdParams | PositionParams; Body: AnyBody }>,
    reply: FastifyReply,
    field: string,
    banner: string,
    run: (rowVersion: number) => Promise<void>,
  ) => {
    const page = pathOf(request.params.id)
    const values = Object.fromEntries(
      Object.entries(request.body).filter(([k]) => k !== '_csrf' && k !== 'rowVersion'),
    )
    return formHandler(request, reply, { back: page, field, values }, async () => {
      await run(rowVersionOf(request.body.rowVersion))
      return redirectWithBanner(request, reply, page, { title: banner })
    })
  }

  app.post<{ Params: IdParams; Body: AssignBody }>(
    '/accreditations/:id/assessors',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: AssignBody } },
    async (request, reply) =>
      onPage(request, reply, 'assessor', 'Assessor assigned', (rv) =>
        accreditation.assignAssessor(
          request.params.id,
          rv,
          request.body.assessor ?? '',
          processActorOf(request),
        ),
      ),
  )

  app.post<{ Params: IdParams; Body: ConflictBody }>(
    '/accreditations/:id/conflict',
    { config: ASSESSOR, schema: { params: IdParams, body: ConflictBody } },
    async (request, reply) =>
      onPage(request, reply, 'conflict', 'Declaration recorded', async (rv) => {
        const answer = request.body.conflict ?? ''
        if (answer !== 'yes' && answer !== 'no')
          throw new ServiceError('Select whether you have a conflict of interest', 'conflict')
        await accreditation.declareConflict(
          request.params.id,
          rv,
          answer === 'yes',
          request.body.conflictNote ?? '',
          processActorOf(request),
        )
      }),
  )

  app.post<{ Params: IdParams; Body: AnyBody }>(
    '/accreditations/:id/review',
    { config: ASSESSOR, schema: { params: IdParams, body: AnyBody } },
    async (request, reply) => {
      const complete = request.body.complete === 'yes'
      return onPage(
        request,
        reply,
        'review',
        complete ? 'Review completed' : 'Judgements saved',
        async (rv) => {
          const judgements: Record<string, { judgement: string; comment: string }> = {}
          for (const [name, value] of Object.entries(request.body)) {
            const match = /^(judgement|comment)_(.+)$/.exec(name)
            if (!match || typeof value !== 'string') continue
            const [, kind = '', code = ''] = match
            const entry = (judgements[code] ??= { judgement: '', comment: '' })
            if (kind === 'judgement') entry.judgement = value
            else entry.comment = value
          }
          await accreditation.judge(request.params.id, rv, judgements, complete, processActorOf(request))
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: PanelBody }>(
    '/accreditations/:id/panel',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: PanelBody } },
    async (request, reply) =>
      onPage(request, reply, 'heldOn-day', 'Panel recorded', async (rv) => {
        const heldOn = dateFromForm(request.body, 'heldOn', 'The date of the panel')
        if (heldOn === null || typeof heldOn !== 'string')
          throw new ServiceError(heldOn?.error ?? 'Enter the date of the panel', 'heldOn-day')
        await accreditation.holdPanel(
          request.params.id,
          rv,
          { heldOn, members: (request.body.members ?? '').split(/\r?\n/), notes: request.body.notes ?? '' },
          processActorOf(request),
        )
      }),
  )

  app.post<{ Params: IdParams; Body: TextBody }>(
    '/accreditations/:id/questions',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: TextBody } },
    async (request, reply) =>
      onPage(request, reply, 'question', 'Question sent to the provider', (rv) =>
        accreditation.askQuestion(request.params.id, rv, request.body.text ?? '', processActorOf(request)),
      ),
  )

  app.post<{ Params: PositionParams; Body: TextBody }>(
    '/accreditations/:id/questions/:position/answer',
    { config: PROVIDER_ADMIN, schema: { params: PositionParams, body: TextBody } },
    async (request, reply) =>
      onPage(request, reply, `answer_${request.params.position}`, 'Answer sent to the Centre', (rv) =>
        accreditation.answerQuestion(
          request.params.id,
          rv,
          request.params.position,
          request.body.text ?? '',
          processActorOf(request),
        ),
      ),
  )

  app.post<{ Params: PositionParams; Body: TextBody }>(
    '/accreditations/:id/conditions/:position/met',
    { config: CENTRE_ADMIN, schema: { params: PositionParams, body: TextBody } },
    async (request, reply) =>
      onPage(request, reply, `evidence_${request.params.position}`, 'Condition recorded as met', (rv) =>
        accreditation.meetCondition(
          request.params.id,
          rv,
          request.params.position,
          request.body.text ?? '',
          processActorOf(request),
        ),
      ),
  )

  // The decision: its form, the page that asks to confirm it, and the decision.
  app.get<{ Params: IdParams }>(
    '/accreditations/:id/decision',
    { config: CENTRE_ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const page = pathOf(request.params.id)
      return formHandler(request, reply, { back: page, field: 'maincontent', values: {} }, async () => {
        const view = await accreditation.view(request.params.id, viewerOf(request))
        return renderForm(request, reply, 'programme-accreditation/decision.njk', {
          pageTitle: `Decide: ${view.programmeTitle}`,
          view,
          conditionRows: Array.from({ length: 3 }, (_, i) => i),
          values: { rowVersion: String(view.rowVersion), ...keptAnswers(request, `${page}/decision`) },
          options: OPTIONS,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/admin/accreditations', text: 'Programme accreditation' },
            { href: page, text: view.programmeTitle },
          ],
        })
      })
    },
  )

  app.post<{ Params: IdParams; Body: DecisionBody }>(
    '/accreditations/:id/decision/check',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: DecisionBody } },
    async (request, reply) => {
      const page = pathOf(request.params.id)
      const fields = decisionFields(request.body)
      return formHandler(
        request,
        reply,
        { back: `${page}/decision`, field: 'outcome', values: fields },
        async () => {
          const input = decisionInput(request.body)
          const actor = processActorOf(request)
          await accreditation.checkDecision(
            request.params.id,
            rowVersionOf(request.body.rowVersion),
            input,
            actor,
          )
          const view = await accreditation.view(request.params.id, viewerOf(request))
          return renderDecisionCheck(request, reply, {
            pageTitle: `Record this decision? ${view.programmeTitle}`,
            breadcrumbs: [
              { href: '/home', text: 'Home' },
              { href: '/admin/accreditations', text: 'Programme accreditation' },
              { href: page, text: view.programmeTitle },
            ],
            caption: `${view.organisationName}: ${view.programmeTitle}`,
            rows: [
              { key: 'Decision', value: ACCREDITATION_DECISION_LABELS[input.outcome] },
              ...(input.periodFrom && input.periodUntil
                ? [
                    {
                      key: 'Accreditation period',
                      value: `${longDate(input.periodFrom)} to ${longDate(input.periodUntil)}`,
                    },
                  ]
                : []),
              ...input.conditions.map((c, i) => ({
                key: `Condition ${i + 1}`,
                value: `${c.text} (due by ${longDate(c.dueOn)})`,
              })),
              { key: 'Reasons', value: input.reason.trim() },
            ],
            consequences: [
              input.outcome === 'not_accredited'
                ? 'The programme is not accredited: learners enrolled on it are not eligible for awards on that basis.'
                : 'The accreditation shows on the provider’s public page and counts for learners’ eligibility on the days of its period.',
              `${view.organisationName}’s admins are sent an email with the decision and your reasons.`,
            ],
            form: `${page}/decision`,
            action: `${page}/decision`,
            fields,
            cancel: page,
          })
        },
      )
    },
  )

  app.post<{ Params: IdParams; Body: DecisionBody }>(
    '/accreditations/:id/decision',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: DecisionBody } },
    async (request, reply) => {
      const page = pathOf(request.params.id)
      const fields = decisionFields(request.body)
      return formHandler(
        request,
        reply,
        { back: `${page}/decision`, field: 'outcome', values: fields },
        async () => {
          await accreditation.decide(
            request.params.id,
            rowVersionOf(request.body.rowVersion),
            decisionInput(request.body),
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, page, { title: 'Decision recorded' })
        },
      )
    },
  )

  // Withdrawing an application (the provider or the Centre) or an accreditation (the Centre).
  for (const which of ['application', 'accreditation'] as const) {
    const config = which === 'application' ? WITHDRAWERS : CENTRE_ADMIN
    const suffix = which === 'application' ? 'withdraw' : 'withdraw-accreditation'
    app.get<{ Params: IdParams }>(
      `/accreditations/:id/${suffix}`,
      { config, schema: { params: IdParams } },
      async (request, reply) => {
        const page = pathOf(request.params.id)
        return formHandler(request, reply, { back: page, field: 'maincontent', values: {} }, async () => {
          const view = await accreditation.view(request.params.id, viewerOf(request))
          return renderForm(request, reply, 'programme-accreditation/withdraw.njk', {
            pageTitle:
              which === 'application'
                ? `Withdraw the application: ${view.programmeTitle}`
                : `Withdraw the accreditation: ${view.programmeTitle}`,
            which,
            view,
            action: `${page}/${suffix}`,
            values: { rowVersion: String(view.rowVersion), ...keptAnswers(request, `${page}/${suffix}`) },
            breadcrumbs: [
              { href: '/home', text: 'Home' },
              { href: page, text: view.programmeTitle },
            ],
          })
        })
      },
    )

    app.post<{ Params: IdParams; Body: ReasonBody }>(
      `/accreditations/:id/${suffix}`,
      { config, schema: { params: IdParams, body: ReasonBody } },
      async (request, reply) => {
        const page = pathOf(request.params.id)
        const values = { reason: request.body.reason ?? '' }
        return formHandler(
          request,
          reply,
          { back: `${page}/${suffix}`, field: 'reason', values },
          async () => {
            const reason = request.body.reason ?? ''
            if (!reason.trim())
              throw new ServiceError(
                which === 'application'
                  ? 'Enter why the application is withdrawn'
                  : 'Enter why the accreditation is withdrawn',
                'reason',
              )
            const rv = rowVersionOf(request.body.rowVersion)
            if (which === 'application')
              await accreditation.withdrawApplication(request.params.id, rv, reason, processActorOf(request))
            else
              await accreditation.withdrawAccreditation(
                request.params.id,
                rv,
                reason,
                processActorOf(request),
              )
            return redirectWithBanner(request, reply, page, {
              title: which === 'application' ? 'Application withdrawn' : 'Accreditation withdrawn',
            })
          },
        )
      },
    )
  }
}
