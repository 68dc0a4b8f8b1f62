// Deliveries: provider admins apply to deliver a credential and may withdraw; a provider's
// people list, search and download their organisation's deliveries; Centre admins decide on
// the applications, and suspend and reinstate deliveries. A provider's people only ever see
// their own organisation's deliveries: anything else is "page not found", so nothing leaks.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import type { Role } from '../../domain/accounts.ts'
import {
  DELIVERY_MODES,
  DELIVERY_MODE_LABELS,
  DELIVERY_STATES,
  DELIVERY_STATE_LABELS,
  canAward,
  isOneOf,
  type DeliveryAction,
  type DeliveryState,
} from '../../domain/providers.ts'
import { dateFromForm } from '../../domain/date-input.ts'
import { pageLinks } from '../pagination.ts'
import {
  countLabel,
  linkQuery,
  LIST_PAGE_SIZE,
  listChoice,
  listFormat,
  listPage,
  listSearch,
  pageOf,
  sendCsv,
} from '../lists.ts'
import type { Services } from '../../services/index.ts'
import {
  choiceItems,
  formBody,
  answer,
  formHandler,
  parseForm,
  redirectWithBanner,
  renderForm,
  keptAnswers,
} from '../forms.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { processActorOf, actorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { chosenOrganisation, holdsRoleFor, PROVIDER_ROLES } from '../acting-for.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PROVIDER_ADMIN = { access: { roles: ['provider_admin'] } } as const
const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const OrganisationQuery = Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) })
type OrganisationQuery = Static<typeof OrganisationQuery>
const StateQuery = Type.Object({ state: Type.Optional(Type.String({ maxLength: 100 })) })
type StateQuery = Static<typeof StateQuery>
const DeliveriesQuery = Type.Object({
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  state: listChoice(),
  q: listSearch(),
  page: listPage(),
  format: listFormat(),
})
type DeliveriesQuery = Static<typeof DeliveriesQuery>
const field = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const DeliveryBody = formBody({
  organisation: field(),
  credentialId: field(),
  mode: field(),
  'startDate[day]': field(),
  'startDate[month]': field(),
  'startDate[year]': field(),
  expectedCohort: field(),
  assessment: field(),
  programmeId: field(),
})
type DeliveryBody = Static<typeof DeliveryBody>
const ActionBody = formBody({
  rowVersion: field(),
  action: field(),
  decision: field(),
  conditions: field(),
  declineReason: field(),
  suspendReason: field(),
  note: field(),
})
type ActionBody = Static<typeof ActionBody>

/** Choices for the radios; the view marks the chosen one from the form's values. */
const OPTIONS = { modes: choiceItems(DELIVERY_MODES, DELIVERY_MODE_LABELS) }

const STATE_TAG: Record<DeliveryState, string> = {
  applied: 'nhsuk-tag--blue',
  approved: 'nhsuk-tag--green',
  approved_with_conditions: 'nhsuk-tag--green',
  declined: 'nhsuk-tag--red',
  suspended: 'nhsuk-tag--orange',
  withdrawn: 'nhsuk-tag--grey',
}

const LABELS = {
  mode: DELIVERY_MODE_LABELS,
  state: DELIVERY_STATE_LABELS,
  stateTag: STATE_TAG,
}

/** The state filter's choices, "Any state" first. */
const stateItems = (state: DeliveryState | undefined) => [
  { value: '', text: 'Any state', selected: !state },
  ...choiceItems(DELIVERY_STATES, DELIVERY_STATE_LABELS, state),
]

const DECISIONS = [
  'approve',
  'approve_with_conditions',
  'decline',
] as const satisfies readonly DeliveryAction[]
/** The decision form's choice, on its way to the page that asks to confirm it. */
const DecisionForm = z.object({ decision: z.enum(DECISIONS, { message: 'Select your decision' }) })

/**
 * A Centre admin's action on a delivery. The decision form names its choice "decision" and
 * sends action "decide"; suspend and reinstate are buttons named "action".
 */
const ActionForm = z
  .object({ action: answer(), decision: answer() })
  .transform((form, ctx): DeliveryAction => {
    const deciding = form.action === 'decide'
    const action = deciding ? form.decision : form.action
    if (isOneOf([...DECISIONS, 'suspend', 'reinstate'], action)) return action
    ctx.addIssue({
      code: 'custom',
      path: [deciding ? 'decision' : 'action'],
      message: deciding ? 'Select your decision' : 'Choose what to do with the delivery',
    })
    return z.NEVER
  })
/** The text an action takes from the form: the conditions, or the reason. */
const noteFor = (action: DeliveryAction, b: ActionBody) =>
  action === 'approve_with_conditions'
    ? (b.conditions ?? '')
    : action === 'decline'
      ? (b.declineReason ?? '')
      : action === 'suspend'
        ? (b.suspendReason ?? '')
        : ''
const DECISION_LABELS: Record<(typeof DECISIONS)[number], string> = {
  approve: 'Approve',
  approve_with_conditions: 'Approve with conditions',
  decline: 'Decline',
}
const BANNERS: Record<DeliveryAction, string> = {
  approve: 'Delivery approved',
  approve_with_conditions: 'Delivery approved with conditions',
  decline: 'Delivery declined',
  suspend: 'Delivery suspended',
  reinstate: 'Delivery reinstated',
  withdraw: 'Delivery withdrawn',
}

export function deliveriesRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'deliveries' | 'programmes'>,
): void {
  const { deliveries, programmes } = services

  // -------------------------------------------------------------------------------------
  // Provider admins and staff

  const deliveryBreadcrumbs = [
    { href: '/home', text: 'Home' },
    { href: '/provider/deliveries', text: 'Deliveries' },
  ]

  app.get<{ Querystring: DeliveriesQuery }>(
    '/provider/deliveries',
    { config: PROVIDER_PEOPLE, schema: { querystring: DeliveriesQuery } },
    async (request, reply) => {
      const q = request.query
      const organisation = chosenOrganisation(request, PROVIDER_ROLES, q.organisation)
      if (!organisation) return reply.callNotFound()
      const state = q.state && isOneOf(DELIVERY_STATES, q.state) ? q.state : undefined
      const words = q.q?.trim() || undefined
      const linked = { organisation: q.organisation ? organisation.id : undefined, state, q: words }
      if (q.format === 'csv')
        return sendCsv(
          reply,
          'deliveries.csv',
          [
            'Credential',
            'Version',
            'Provider',
            'State',
            'Mode',
            'Start date',
            'Expected cohort',
            'Applied on',
          ],
          deliveries.exportProviderDeliveries(organisation.id, { state, q: words }),
          (d) => [
            d.credentialTitle,
            d.versionNumber,
            d.organisationName,
            DELIVERY_STATE_LABELS[d.state],
            DELIVERY_MODE_LABELS[d.mode],
            d.startDate,
            d.expectedCohort,
            d.appliedAt.toISOString().slice(0, 10),
          ],
        )
      const page = pageOf(q.page)
      const list = await deliveries.listProviderDeliveries(
        organisation.id,
        { state, q: words },
        page,
        LIST_PAGE_SIZE,
      )
      return renderForm(request, reply, 'deliveries/provider-deliveries.njk', {
        pageTitle: 'Deliveries',
        columnWidth: 'full',
        organisation,
        isAdmin: holdsRoleFor(request, ['provider_admin'], organisation.id),
        deliveries: list.rows,
        total: list.total,
        totalText: countLabel(list.total, 'delivery', 'deliveries'),
        filters: linked,
        filtered: Boolean(state || words),
        state,
        stateItems: stateItems(state),
        downloadHref: `/provider/deliveries?${linkQuery({ ...linked, format: 'csv' })}`,
        pagination: pageLinks(
          '/provider/deliveries',
          linked,
          page,
          Math.max(1, Math.ceil(list.total / LIST_PAGE_SIZE)),
        ),
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/deliveries/new',
    { config: PROVIDER_ADMIN, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.query.organisation)
      if (!organisation) return reply.callNotFound()
      const [credentials, programmeList] = await Promise.all([
        deliveries.deliverableCredentials(),
        programmes.listProgrammes(organisation.id),
      ])
      return renderForm(request, reply, 'deliveries/delivery-form.njk', {
        pageTitle: 'Apply to deliver a credential',
        action: '/provider/deliveries/new',
        organisation,
        credentials,
        programmes: programmeList,
        options: OPTIONS,
        values: {},
        breadcrumbs: deliveryBreadcrumbs,
      })
    },
  )

  app.post<{ Body: DeliveryBody }>(
    '/provider/deliveries/new',
    { config: PROVIDER_ADMIN, schema: { body: DeliveryBody } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.body.organisation)
      if (!organisation) return reply.callNotFound()
      const b = request.body
      return formHandler(
        request,
        reply,
        {
          back: `/provider/deliveries/new?organisation=${organisation.id}`,
          field: 'credentialId',
          values: b,
        },
        async () => {
          const id = await deliveries.applyToDeliver(
            organisation.id,
            {
              credentialId: b.credentialId ?? '',
              mode: b.mode ?? '',
              startDate: dateFromForm(b, 'startDate', 'Start date') ?? { error: 'Enter the start date' },
              expectedCohort: b.expectedCohort ?? '',
              assessment: b.assessment ?? '',
              programmeId: b.programmeId ?? '',
            },
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `/provider/deliveries/${id}`, {
            title: 'Application sent',
            text: 'The Centre will decide whether to approve it. We will email you when it does.',
          })
        },
      )
    },
  )

  /** The delivery, if this person holds one of the roles in its organisation. */
  async function ownDelivery(request: FastifyRequest, id: string, roles: readonly Role[]) {
    const delivery = await deliveries.getDelivery(id, null)
    if (!delivery || !holdsRoleFor(request, roles, delivery.organisationId)) return null
    return delivery
  }

  app.get<{ Params: IdParams }>(
    '/provider/deliveries/:id',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const delivery = await ownDelivery(request, request.params.id, PROVIDER_ROLES)
      if (!delivery) return reply.callNotFound()
      return renderForm(request, reply, 'deliveries/delivery.njk', {
        pageTitle: `Delivery of ${delivery.credentialTitle}`,
        columnWidth: 'full',
        delivery,
        labels: LABELS,
        canWithdraw: canWithdraw(request, delivery),
        canAward: canAward(delivery.state),
        breadcrumbs: deliveryBreadcrumbs,
      })
    },
  )

  const canWithdraw = (request: FastifyRequest, delivery: { organisationId: string; state: DeliveryState }) =>
    holdsRoleFor(request, ['provider_admin'], delivery.organisationId) &&
    ['applied', 'approved', 'approved_with_conditions'].includes(delivery.state)

  // Withdrawing cannot be undone and stops the delivery's awards, so the delivery page links
  // to a page that says so; only the POST from that page withdraws.
  app.get<{ Params: IdParams }>(
    '/provider/deliveries/:id/withdraw',
    { config: PROVIDER_ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const delivery = await ownDelivery(request, request.params.id, ['provider_admin'])
      if (!delivery) return reply.callNotFound()
      // No longer withdrawable (withdrawn, declined or suspended meanwhile): the delivery page
      // says how it stands, with the error of a refused withdrawal if there was one.
      if (!canWithdraw(request, delivery)) return reply.redirect(`/provider/deliveries/${delivery.id}`, 303)
      return renderForm(request, reply, 'deliveries/withdraw.njk', {
        pageTitle: `Withdraw the delivery of ${delivery.credentialTitle}`,
        columnWidth: 'full',
        delivery,
        labels: LABELS,
        breadcrumbs: [
          ...deliveryBreadcrumbs,
          { href: `/provider/deliveries/${delivery.id}`, text: delivery.credentialTitle },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: ActionBody }>(
    '/provider/deliveries/:id/withdraw',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, body: ActionBody } },
    async (request, reply) => {
      const delivery = await ownDelivery(request, request.params.id, ['provider_admin'])
      if (!delivery) return reply.callNotFound()
      const page = `/provider/deliveries/${delivery.id}`
      const back = `${page}/withdraw`
      const values = { note: request.body.note ?? '' }
      return formHandler(request, reply, { back, field: 'action', values }, async () => {
        await deliveries.act(
          delivery.id,
          rowVersionOf(request.body.rowVersion),
          'withdraw',
          request.body.note ?? '',
          processActorOf(request),
          delivery.organisationId,
        )
        return redirectWithBanner(request, reply, page, { title: 'Delivery withdrawn' })
      })
    },
  )

  // -------------------------------------------------------------------------------------
  // Centre admins: decisions on deliveries

  app.get<{ Querystring: StateQuery }>(
    '/deliveries',
    { config: ADMIN, schema: { querystring: StateQuery } },
    async (request, reply) => {
      const asked = request.query.state ?? ''
      const state = isOneOf(DELIVERY_STATES, asked) ? asked : undefined
      return renderForm(request, reply, 'deliveries/deliveries.njk', {
        pageTitle: 'Deliveries',
        columnWidth: 'full',
        deliveries: await deliveries.listDeliveries({ organisationId: null, state }),
        stateItems: stateItems(state),
        state,
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/deliveries/:id',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const delivery = await deliveries.getDelivery(request.params.id, null)
      if (!delivery) return reply.callNotFound()
      return renderForm(request, reply, 'deliveries/decision.njk', {
        pageTitle: `${delivery.organisationName}: ${delivery.credentialTitle}`,
        columnWidth: 'full',
        delivery,
        labels: LABELS,
        values: keptAnswers(request, `/deliveries/${delivery.id}`),
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/deliveries', text: 'Deliveries' },
        ],
      })
    },
  )

  // A decision is two steps: the form's answers come to a page that says what recording them
  // does, and only that page's button (a POST to the delivery, like suspending) records them.
  app.post<{ Params: IdParams; Body: ActionBody }>(
    '/deliveries/:id/decision/check',
    { config: ADMIN, schema: { params: IdParams, body: ActionBody } },
    async (request, reply) => {
      const b = request.body
      const delivery = await deliveries.getDelivery(request.params.id, null)
      if (!delivery) return reply.callNotFound()
      const page = `/deliveries/${delivery.id}`
      const values = { decision: b.decision, conditions: b.conditions, declineReason: b.declineReason }
      return formHandler(request, reply, { back: page, field: 'decision', values }, async () => {
        const { decision: action } = parseForm(DecisionForm, b)
        const note = noteFor(action, b)
        const rowVersion = b.rowVersion ?? ''
        await deliveries.checkAct(
          delivery.id,
          rowVersionOf(rowVersion),
          action,
          note,
          processActorOf(request),
          null,
        )
        const provider = delivery.organisationName
        const awards = `${provider} is listed on the credential’s public page as approved to deliver it, can make awards of ${delivery.credentialTitle} from now on, and owes its first quality return a year after the delivery starts.`
        const consequences: Record<(typeof DECISIONS)[number], string[]> = {
          approve: [
            `The delivery is approved. ${awards}`,
            `${provider}’s admins are sent an email saying so.`,
          ],
          approve_with_conditions: [
            `The delivery is approved with your conditions. ${awards}`,
            `${provider}’s admins are sent an email with the conditions, which they also see on the delivery.`,
          ],
          decline: [
            `The delivery is declined: ${provider} cannot make awards of ${delivery.credentialTitle} through it.`,
            `${provider}’s admins are sent an email with your reason, which they also see on the delivery.`,
          ],
        }
        const noteRow =
          action === 'approve_with_conditions'
            ? [{ key: 'Conditions', value: note.trim() }]
            : action === 'decline'
              ? [{ key: 'Reason for declining', value: note.trim() }]
              : []
        const noteField: Record<string, string> =
          action === 'approve_with_conditions'
            ? { conditions: note }
            : action === 'decline'
              ? { declineReason: note }
              : {}
        return renderDecisionCheck(request, reply, {
          pageTitle: `Record this decision? ${provider}: ${delivery.credentialTitle}`,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/deliveries', text: 'Deliveries' },
            { href: page, text: 'The delivery' },
          ],
          caption: `${provider}: delivery of ${delivery.credentialTitle}`,
          rows: [{ key: 'Your decision', value: DECISION_LABELS[action] }, ...noteRow],
          consequences: consequences[action],
          form: page,
          action: page,
          fields: { rowVersion, action: 'decide', decision: action, ...noteField },
          cancel: page,
        })
      })
    },
  )

  app.post<{ Params: IdParams; Body: ActionBody }>(
    '/deliveries/:id',
    { config: ADMIN, schema: { params: IdParams, body: ActionBody } },
    async (request, reply) => {
      const b = request.body
      const delivery = await deliveries.getDelivery(request.params.id, null)
      if (!delivery) return reply.callNotFound()
      const page = `/deliveries/${delivery.id}`
      const values = {
        decision: b.decision,
        conditions: b.conditions,
        declineReason: b.declineReason,
        suspendReason: b.suspendReason,
      }
      return formHandler(request, reply, { back: page, field: 'action', values }, async () => {
        const action = parseForm(ActionForm, b)
        const note = noteFor(action, b)
        await deliveries.act(
          delivery.id,
          rowVersionOf(b.rowVersion),
          action,
          note,
          processActorOf(request),
          null,
        )
        return redirectWithBanner(request, reply, page, {
          title: BANNERS[action],
          text: "We have emailed the provider's admins.",
        })
      })
    },
  )
}
