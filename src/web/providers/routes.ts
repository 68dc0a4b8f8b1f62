// Education providers: Centre admins register provider organisations and decide on their
// applications to deliver a credential; provider admins list their accredited programmes and
// apply to deliver. A provider's people only ever see their own organisation's records:
// anything else is "page not found", so nothing leaks.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { Role } from '../../domain/accounts.ts'
import {
  ACCREDITATION_LABELS,
  ACCREDITATION_STATUSES,
  DELIVERY_MODES,
  DELIVERY_MODE_LABELS,
  DELIVERY_STATES,
  DELIVERY_STATE_LABELS,
  PROVIDER_KINDS,
  PROVIDER_KIND_LABELS,
  REGIONS,
  REGION_LABELS,
  canAward,
  isOneOf,
  type DeliveryAction,
  type DeliveryState,
} from '../../domain/providers.ts'
import { pageLinks } from '../pagination.ts'
import {
  choiceField,
  csvFormat,
  linkQuery,
  PAGE_SIZE,
  pageField,
  pageNumber,
  searchField,
  sendCsvDownload,
  totalText,
} from '../provider-lists.ts'
import type { Services } from '../../services/index.ts'
import {
  formBody,
  formHandler,
  FormErrors,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
} from '../forms.ts'
import {
  countLabel,
  downloadLink,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { actorOf, processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { chosenOrganisation, holdsRoleFor, organisationsActedFor, PROVIDER_ROLES } from '../acting-for.ts'
import {
  dateInputFields,
  dateInputFrom,
  dateInputOf,
  isEmptyDateInput,
  parseDateInput,
} from '../../domain/date-input.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PROVIDER_ADMIN = { access: { roles: ['provider_admin'] } } as const
const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const

/** The Centre's list of providers: words, a programme's accreditation state, a page or the CSV. */
const ProvidersQuery = Type.Object({
  q: Type.Optional(Type.String()),
  accreditation: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  format: Type.Optional(Type.Literal('csv')),
})
type ProvidersQuery = Static<typeof ProvidersQuery>

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const OrganisationQuery = Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) })
type OrganisationQuery = Static<typeof OrganisationQuery>
const StateQuery = Type.Object({ state: Type.Optional(Type.String({ maxLength: 100 })) })
type StateQuery = Static<typeof StateQuery>
const DeliveriesQuery = Type.Object({
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  state: choiceField(),
  q: searchField(),
  page: pageField(),
  format: csvFormat(),
})
type DeliveriesQuery = Static<typeof DeliveriesQuery>
const field = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const ProviderBody = formBody({
  rowVersion: field(),
  name: field(),
  kind: field(),
  ukprn: field(),
  region: field(),
  website: field(),
})
type ProviderBody = Static<typeof ProviderBody>
const ProgrammeBody = formBody({
  organisation: field(),
  rowVersion: field(),
  title: field(),
  accreditationStatus: field(),
  'accreditedFrom[day]': field(),
  'accreditedFrom[month]': field(),
  'accreditedFrom[year]': field(),
  'accreditedUntil[day]': field(),
  'accreditedUntil[month]': field(),
  'accreditedUntil[year]': field(),
})
type ProgrammeBody = Static<typeof ProgrammeBody>
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

const items = <T extends string>(values: readonly T[], labels: Record<T, string>, selected?: string) =>
  values.map((v) => ({ value: v, text: labels[v], checked: v === selected, selected: v === selected }))

/** Choices for radios and selects; the views mark the chosen one from the form's values. */
const OPTIONS = {
  kinds: items(PROVIDER_KINDS, PROVIDER_KIND_LABELS),
  regions: items(REGIONS, REGION_LABELS),
  statuses: items(ACCREDITATION_STATUSES, ACCREDITATION_LABELS),
  modes: items(DELIVERY_MODES, DELIVERY_MODE_LABELS),
}

const STATE_TAG: Record<DeliveryState, string> = {
  applied: 'nhsuk-tag--blue',
  approved: 'nhsuk-tag--green',
  approved_with_conditions: 'nhsuk-tag--green',
  declined: 'nhsuk-tag--red',
  suspended: 'nhsuk-tag--orange',
  withdrawn: 'nhsuk-tag--grey',
}

const LABELS = {
  kind: PROVIDER_KIND_LABELS,
  region: REGION_LABELS,
  accreditation: ACCREDITATION_LABELS,
  mode: DELIVERY_MODE_LABELS,
  state: DELIVERY_STATE_LABELS,
  stateTag: STATE_TAG,
}

function dateOf(body: Record<string, unknown>, name: string, label: string, optional = false) {
  const parts = dateInputFrom(body, name)
  if (optional && isEmptyDateInput(parts)) return null
  const parsed = parseDateInput(parts, label)
  return 'date' in parsed ? parsed.date : parsed
}

/** What the date inputs show for an ISO date. */
function dateParts(name: string, iso: string | null) {
  return iso ? dateInputFields(name, dateInputOf(iso)) : {}
}

const text = (value: string | undefined) => value ?? ''

export function providersRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'providers' | 'issuers' | 'providerLists'>,
): void {
  const { providers, providerLists } = services

  // -------------------------------------------------------------------------------------
  // Centre admins: provider organisations

  const providerBreadcrumbs = [
    { href: '/home', text: 'Home' },
    { href: '/admin/providers', text: 'Providers' },
  ]

  app.get<{ Querystring: ProvidersQuery }>(
    '/admin/providers',
    { config: ADMIN, schema: { querystring: ProvidersQuery } },
    async (request, reply) => {
      const asked = request.query.accreditation ?? ''
      const filter = {
        words: searchWords(request.query.q),
        accreditation: isOneOf(ACCREDITATION_STATUSES, asked) ? asked : undefined,
      }
      const query = { q: filter.words, accreditation: filter.accreditation }
      if (request.query.format === 'csv')
        return sendCsv(
          reply,
          'providers.csv',
          ['Name', 'Kind', 'UK Provider Reference Number', 'Region', 'Deliveries'],
          providers.exportProviders(filter),
          (p) => [
            p.name,
            p.kind ? LABELS.kind[p.kind] : '',
            p.ukprn,
            p.region ? LABELS.region[p.region] : '',
            p.deliveries,
          ],
        )
      const page = pageOf(request.query.page)
      const { providers: list, total } = await providers.listProviders(filter, page, LIST_PAGE_SIZE)
      return renderForm(request, reply, 'providers/providers.njk', {
        pageTitle: 'Providers',
        columnWidth: 'full',
        providers: list,
        total,
        totalText: countLabel(total, 'provider', 'providers'),
        filters: query,
        accreditationItems: [
          { value: '', text: 'Any accreditation' },
          ...ACCREDITATION_STATUSES.map((s) => ({
            value: s,
            text: `A programme ${ACCREDITATION_LABELS[s].toLowerCase()}`,
            selected: s === filter.accreditation,
          })),
        ],
        pagination: numberedPagination('/admin/providers', query, page, total),
        downloadHref: downloadLink('/admin/providers', query),
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get('/admin/providers/new', { config: ADMIN }, async (request, reply) =>
    renderForm(request, reply, 'providers/provider-form.njk', {
      pageTitle: 'Register a provider',
      action: '/admin/providers/new',
      values: {},
      options: OPTIONS,
      breadcrumbs: providerBreadcrumbs,
    }),
  )

  app.post<{ Body: ProviderBody }>(
    '/admin/providers/new',
    { config: ADMIN, schema: { body: ProviderBody } },
    async (request, reply) => {
      const b = request.body
      const input = {
        name: text(b.name),
        kind: text(b.kind),
        ukprn: text(b.ukprn),
        region: text(b.region),
        website: text(b.website),
      }
      return formHandler(
        request,
        reply,
        { back: '/admin/providers/new', field: 'name', values: input },
        async () => {
          const id = await providers.createProvider(input, actorOf(request))
          return redirectWithBanner(request, reply, `/admin/providers/${id}`, {
            title: 'Provider registered',
          })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/admin/providers/:id',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const provider = await providers.getProvider(request.params.id)
      if (!provider) return reply.callNotFound()
      return renderForm(request, reply, 'providers/provider.njk', {
        pageTitle: provider.name,
        columnWidth: 'full',
        provider,
        issuer: { did: services.issuers.did(provider.id), keys: await services.issuers.keys(provider.id) },
        labels: LABELS,
        breadcrumbs: providerBreadcrumbs,
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/admin/providers/:id/edit',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const provider = await providers.getProvider(request.params.id)
      if (!provider) return reply.callNotFound()
      const values = {
        rowVersion: String(provider.rowVersion),
        name: provider.name,
        kind: provider.kind ?? '',
        ukprn: provider.ukprn ?? '',
        region: provider.region ?? '',
        website: provider.website ?? '',
      }
      return renderForm(request, reply, 'providers/provider-form.njk', {
        pageTitle: `Change ${provider.name}`,
        action: `/admin/providers/${provider.id}/edit`,
        values,
        options: OPTIONS,
        breadcrumbs: [
          ...providerBreadcrumbs,
          { href: `/admin/providers/${provider.id}`, text: provider.name },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: ProviderBody }>(
    '/admin/providers/:id/edit',
    { config: ADMIN, schema: { params: IdParams, body: ProviderBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const input = {
        name: text(b.name),
        kind: text(b.kind),
        ukprn: text(b.ukprn),
        region: text(b.region),
        website: text(b.website),
      }
      const provider = await providers.getProvider(id)
      if (!provider) return reply.callNotFound()
      return formHandler(
        request,
        reply,
        {
          back: `/admin/providers/${id}/edit`,
          field: 'name',
          values: { ...input, rowVersion: b.rowVersion },
        },
        async () => {
          await providers.updateProvider(id, rowVersionOf(b.rowVersion), input, actorOf(request))
          return redirectWithBanner(request, reply, `/admin/providers/${id}`, {
            title: 'Provider details saved',
          })
        },
      )
    },
  )

  // -------------------------------------------------------------------------------------
  // Provider admins: programmes

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/programmes',
    { config: PROVIDER_PEOPLE, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, PROVIDER_ROLES, request.query.organisation)
      if (!organisation) return reply.callNotFound()
      return renderForm(request, reply, 'providers/programmes.njk', {
        pageTitle: 'Accredited programmes',
        columnWidth: 'full',
        organisation,
        isAdmin: holdsRoleFor(request, ['provider_admin'], organisation.id),
        programmes: await providers.listProgrammes(organisation.id),
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  const programmeBreadcrumbs = [
    { href: '/home', text: 'Home' },
    { href: '/provider/programmes', text: 'Accredited programmes' },
  ]

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/programmes/new',
    { config: PROVIDER_ADMIN, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.query.organisation)
      if (!organisation) return reply.callNotFound()
      return renderForm(request, reply, 'providers/programme-form.njk', {
        pageTitle: 'Add a programme',
        action: '/provider/programmes/new',
        organisation,
        values: {},
        options: OPTIONS,
        breadcrumbs: programmeBreadcrumbs,
      })
    },
  )

  const programmeInput = (b: ProgrammeBody) => ({
    title: text(b.title),
    accreditationStatus: text(b.accreditationStatus),
    accreditedFrom: dateOf(b, 'accreditedFrom', 'Accredited from') ?? {
      error: 'Enter the accredited from date',
    },
    accreditedUntil: dateOf(b, 'accreditedUntil', 'Accredited until', true),
  })

  app.post<{ Body: ProgrammeBody }>(
    '/provider/programmes/new',
    { config: PROVIDER_ADMIN, schema: { body: ProgrammeBody } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.body.organisation)
      if (!organisation) return reply.callNotFound()
      const back = `/provider/programmes/new?organisation=${organisation.id}`
      return formHandler(request, reply, { back, field: 'title', values: request.body }, async () => {
        await providers.createProgramme(organisation.id, programmeInput(request.body), actorOf(request))
        return redirectWithBanner(request, reply, `/provider/programmes?organisation=${organisation.id}`, {
          title: 'Programme added',
        })
      })
    },
  )

  /** The programme, in one of the organisations where this person is a provider admin. */
  async function ownProgramme(request: FastifyRequest, id: string) {
    for (const organisation of organisationsActedFor(request, ['provider_admin'])) {
      const programme = await providers.getProgramme(organisation.id, id)
      if (programme) return { programme, organisation }
    }
    return null
  }

  app.get<{ Params: IdParams }>(
    '/provider/programmes/:id/edit',
    { config: PROVIDER_ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await ownProgramme(request, request.params.id)
      if (!found) return reply.callNotFound()
      const { programme, organisation } = found
      return renderForm(request, reply, 'providers/programme-form.njk', {
        pageTitle: `Change ${programme.title}`,
        action: `/provider/programmes/${programme.id}/edit`,
        organisation,
        values: {
          rowVersion: String(programme.rowVersion),
          title: programme.title,
          accreditationStatus: programme.accreditationStatus,
          ...dateParts('accreditedFrom', programme.accreditedFrom),
          ...dateParts('accreditedUntil', programme.accreditedUntil),
        },
        options: OPTIONS,
        breadcrumbs: programmeBreadcrumbs,
      })
    },
  )

  app.post<{ Params: IdParams; Body: ProgrammeBody }>(
    '/provider/programmes/:id/edit',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, body: ProgrammeBody } },
    async (request, reply) => {
      const found = await ownProgramme(request, request.params.id)
      if (!found) return reply.callNotFound()
      const { programme, organisation } = found
      const back = `/provider/programmes/${programme.id}/edit`
      return formHandler(request, reply, { back, field: 'title', values: request.body }, async () => {
        await providers.updateProgramme(
          organisation.id,
          programme.id,
          rowVersionOf(request.body.rowVersion),
          programmeInput(request.body),
          actorOf(request),
        )
        return redirectWithBanner(request, reply, `/provider/programmes?organisation=${organisation.id}`, {
          title: 'Programme saved',
        })
      })
    },
  )

  // -------------------------------------------------------------------------------------
  // Provider admins and staff: deliveries

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
        return sendCsvDownload(
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
          providerLists.allDeliveries(organisation.id, { state, q: words }),
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
      const page = pageNumber(q.page)
      const list = await providerLists.deliveries(organisation.id, { state, q: words }, page, PAGE_SIZE)
      return renderForm(request, reply, 'providers/provider-deliveries.njk', {
        pageTitle: 'Deliveries',
        columnWidth: 'full',
        organisation,
        isAdmin: holdsRoleFor(request, ['provider_admin'], organisation.id),
        deliveries: list.rows,
        total: list.total,
        totalText: totalText(list.total, 'delivery', 'deliveries'),
        filters: linked,
        filtered: Boolean(state || words),
        state,
        stateItems: [
          { value: '', text: 'Any state', selected: !state },
          ...items(DELIVERY_STATES, DELIVERY_STATE_LABELS, state),
        ],
        downloadHref: `/provider/deliveries?${linkQuery({ ...linked, format: 'csv' })}`,
        pagination: pageLinks(
          '/provider/deliveries',
          linked,
          page,
          Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
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
      const [credentials, programmes] = await Promise.all([
        providers.deliverableCredentials(),
        providers.listProgrammes(organisation.id),
      ])
      return renderForm(request, reply, 'providers/delivery-form.njk', {
        pageTitle: 'Apply to deliver a credential',
        action: '/provider/deliveries/new',
        organisation,
        credentials,
        programmes,
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
          const id = await providers.applyToDeliver(
            organisation.id,
            {
              credentialId: text(b.credentialId),
              mode: text(b.mode),
              startDate: dateOf(b, 'startDate', 'Start date') ?? { error: 'Enter the start date' },
              expectedCohort: text(b.expectedCohort),
              assessment: text(b.assessment),
              programmeId: text(b.programmeId),
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
    const delivery = await providers.getDelivery(id, null)
    if (!delivery || !holdsRoleFor(request, roles, delivery.organisationId)) return null
    return delivery
  }

  app.get<{ Params: IdParams }>(
    '/provider/deliveries/:id',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const delivery = await ownDelivery(request, request.params.id, PROVIDER_ROLES)
      if (!delivery) return reply.callNotFound()
      return renderForm(request, reply, 'providers/delivery.njk', {
        pageTitle: `Delivery of ${delivery.credentialTitle}`,
        columnWidth: 'full',
        delivery,
        labels: LABELS,
        canWithdraw:
          holdsRoleFor(request, ['provider_admin'], delivery.organisationId) &&
          ['applied', 'approved', 'approved_with_conditions'].includes(delivery.state),
        canAward: canAward(delivery.state),
        breadcrumbs: deliveryBreadcrumbs,
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
      return formHandler(request, reply, { back: page, field: 'action' }, async () => {
        await providers.act(
          delivery.id,
          rowVersionOf(request.body.rowVersion),
          'withdraw',
          text(request.body.note),
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
      return renderForm(request, reply, 'providers/deliveries.njk', {
        pageTitle: 'Deliveries',
        columnWidth: 'full',
        deliveries: await providers.listDeliveries({ organisationId: null, state }),
        stateItems: [
          { value: '', text: 'Any state', selected: !state },
          ...items(DELIVERY_STATES, DELIVERY_STATE_LABELS, state),
        ],
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
      const delivery = await providers.getDelivery(request.params.id, null)
      if (!delivery) return reply.callNotFound()
      return renderForm(request, reply, 'providers/decision.njk', {
        pageTitle: `${delivery.organisationName}: ${delivery.credentialTitle}`,
        columnWidth: 'full',
        delivery,
        labels: LABELS,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/deliveries', text: 'Deliveries' },
        ],
      })
    },
  )

  const DECISIONS: readonly DeliveryAction[] = ['approve', 'approve_with_conditions', 'decline']
  const BANNERS: Record<DeliveryAction, string> = {
    approve: 'Delivery approved',
    approve_with_conditions: 'Delivery approved with conditions',
    decline: 'Delivery declined',
    suspend: 'Delivery suspended',
    reinstate: 'Delivery reinstated',
    withdraw: 'Delivery withdrawn',
  }

  app.post<{ Params: IdParams; Body: ActionBody }>(
    '/deliveries/:id',
    { config: ADMIN, schema: { params: IdParams, body: ActionBody } },
    async (request, reply) => {
      const b = request.body
      const delivery = await providers.getDelivery(request.params.id, null)
      if (!delivery) return reply.callNotFound()
      const page = `/deliveries/${delivery.id}`
      // The decision form names its choice "decision"; suspend and reinstate are buttons.
      const action = b.action === 'decide' ? text(b.decision) : text(b.action)
      const values = {
        decision: b.decision,
        conditions: b.conditions,
        declineReason: b.declineReason,
        suspendReason: b.suspendReason,
      }
      if (!isOneOf([...DECISIONS, 'suspend', 'reinstate'], action)) {
        const errors = new FormErrors().add(
          b.action === 'decide' ? 'decision' : 'action',
          b.action === 'decide' ? 'Select your decision' : 'Choose what to do with the delivery',
        )
        return redirectWithErrors(request, reply, page, errors, values)
      }
      const note =
        action === 'approve_with_conditions'
          ? text(b.conditions)
          : action === 'decline'
            ? text(b.declineReason)
            : action === 'suspend'
              ? text(b.suspendReason)
              : ''
      return formHandler(request, reply, { back: page, field: 'action', values }, async () => {
        await providers.act(
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
