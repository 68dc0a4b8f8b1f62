// Education providers: Centre admins register provider organisations, list and download them,
// and change their details. A provider's programmes are in src/web/programmes/ and its
// deliveries in src/web/deliveries/.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import {
  ACCREDITATION_LABELS,
  ACCREDITATION_STATUSES,
  DELIVERY_STATE_LABELS,
  PROVIDER_KINDS,
  PROVIDER_KIND_LABELS,
  REGIONS,
  REGION_LABELS,
  isOneOf,
} from '../../domain/providers.ts'
import { PROGRAMME_ACCREDITATION_WORDS } from '../../domain/programme-accreditation.ts'
import type { Services } from '../../services/index.ts'
import { choiceItems, formBody, formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import {
  countLabel,
  downloadLink,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { actorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const

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

/** Choices for radios and selects; the views mark the chosen one from the form's values. */
const OPTIONS = {
  kinds: choiceItems(PROVIDER_KINDS, PROVIDER_KIND_LABELS),
  regions: choiceItems(REGIONS, REGION_LABELS),
}

/** The provider's page also names its programmes' accreditation and its deliveries' states. */
const LABELS = {
  kind: PROVIDER_KIND_LABELS,
  region: REGION_LABELS,
  accreditation: ACCREDITATION_LABELS,
  programmeAccreditation: PROGRAMME_ACCREDITATION_WORDS,
  state: DELIVERY_STATE_LABELS,
}

const providerInput = (b: ProviderBody) => ({
  name: b.name ?? '',
  kind: b.kind ?? '',
  ukprn: b.ukprn ?? '',
  region: b.region ?? '',
  website: b.website ?? '',
})

export function providersRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'providers' | 'issuers'>,
): void {
  const { providers } = services

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
      const input = providerInput(request.body)
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
      const input = providerInput(b)
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
}
