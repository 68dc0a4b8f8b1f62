// The public Advanced Practice Directory (search and entries, as pages and as JSON) and the
// employer check. Everything here comes from PractitionersService.search and publicEntry,
// which only ever read what practitioners chose to show.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import { EMPLOYER_CHECKS_PER_HOUR, TooManyChecks, type PublicEntry } from '../../services/practitioners.ts'
import { formBody, formHandler, renderForm } from '../forms.ts'
import { pageLinks } from '../pagination.ts'
import { problem, sendProblem } from '../plugins/errors.ts'
import { Problem } from '../api/schemas.ts'

const PUBLIC = { access: 'public' } as const
const q = () => Type.Optional(Type.String({ maxLength: 200 }))
const SearchQuery = Type.Object({ name: q(), profession: q(), region: q(), area: q(), page: q() })
type SearchQuery = Static<typeof SearchQuery>
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const CheckBody = formBody({
  registrationNumber: Type.Optional(Type.String()),
  surname: Type.Optional(Type.String()),
})
type CheckBody = Static<typeof CheckBody>

const nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()])
const ApiCredential = Type.Object({
  awardId: Type.String(),
  credential: Type.String(),
  credentialUrl: Type.String({ description: 'The catalogue page of the credential' }),
  clinicalArea: Type.String(),
  awardedBy: Type.String(),
  awardedOn: Type.String(),
  status: Type.Literal('active'),
  verificationUrl: Type.String({ description: 'A page that checks the award now' }),
  credentialFileUrl: Type.String({ description: 'The signed Open Badges 3.0 credential (JSON)' }),
})
const ApiEntry = Type.Object({
  id: Type.String(),
  url: Type.String(),
  name: Type.String(),
  profession: nullable(Type.String()),
  region: nullable(Type.String()),
  employer: nullable(Type.String()),
  credentials: Type.Array(ApiCredential),
})
const ApiDirectory = Type.Object({
  items: Type.Array(ApiEntry),
  page: Type.Integer(),
  pageCount: Type.Integer(),
  total: Type.Integer({ description: 'Matches, counted up to 1,001' }),
  links: Type.Object({ self: Type.String(), next: nullable(Type.String()), prev: nullable(Type.String()) }),
})

const pageOf = (value: string | undefined) =>
  value && /^\d{1,4}$/.test(value) ? Math.max(1, Number(value)) : 1

export function directoryRoutes(app: FastifyInstance, services: Services, baseUrl: string) {
  const { practitioners } = services

  const apiEntry = (e: PublicEntry): Static<typeof ApiEntry> => ({
    id: e.id,
    url: `${baseUrl}/directory/${e.id}`,
    name: e.name,
    profession: e.profession,
    region: e.regionLabel,
    employer: e.employer,
    credentials: e.credentials.map((c) => ({
      awardId: c.awardId,
      credential: c.credentialTitle,
      credentialUrl: `${baseUrl}/credentials/${c.credentialSlug}`,
      clinicalArea: c.areaName,
      awardedBy: c.organisationName,
      awardedOn: c.awardedOn,
      status: c.status,
      verificationUrl: c.verifyUrl,
      credentialFileUrl: c.credentialUrl,
    })),
  })

  app.get<{ Querystring: SearchQuery }>(
    '/directory',
    { config: PUBLIC, schema: { querystring: SearchQuery } },
    async (request, reply) => {
      const query = request.query
      const searched = Boolean(query.name || query.profession || query.region || query.area)
      const [professions, areas] = await Promise.all([practitioners.professions(), practitioners.areas()])
      const result = await practitioners.search({ ...query, page: pageOf(query.page) })
      const kept = { name: query.name, profession: query.profession, region: query.region, area: query.area }
      return reply.render('directory/search.njk', {
        pageTitle: searched ? 'Advanced Practice Directory: search results' : 'Advanced Practice Directory',
        query,
        searched,
        professions,
        areas,
        regions: REGIONS.map((value) => ({ value, text: REGION_LABELS[value] })),
        result,
        pagination: pageLinks('/directory', kept, result.page, result.pageCount),
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/directory/:id',
    { config: PUBLIC, schema: { params: IdParams } },
    async (request, reply) => {
      const entry = await practitioners.publicEntry(request.params.id)
      if (!entry) return reply.callNotFound()
      return reply.header('cache-control', 'no-cache').render('directory/entry.njk', {
        pageTitle: entry.name,
        entry,
        breadcrumbs: [{ href: '/directory', text: 'Advanced Practice Directory' }],
      })
    },
  )

  app.get<{ Querystring: SearchQuery }>(
    '/api/v1/directory',
    {
      config: PUBLIC,
      schema: {
        tags: ['directory'],
        summary: 'Search the Advanced Practice Directory',
        description:
          'Entries practitioners chose to make public, with only the fields they chose, and each credential they show while it is active.',
        querystring: SearchQuery,
        response: { 200: ApiDirectory, 400: Problem },
      },
    },
    async (request, reply) => {
      const query = request.query
      if (query.page !== undefined && !/^\d{1,4}$/.test(query.page))
        return sendProblem(reply, problem(400, 'page must be a whole number from 1'))
      const result = await practitioners.search({ ...query, page: pageOf(query.page) })
      const link = (page: number) => {
        const params = new URLSearchParams()
        for (const key of ['name', 'profession', 'region', 'area'] as const) {
          const value = query[key]
          if (value) params.set(key, value)
        }
        params.set('page', String(page))
        return `${baseUrl}/api/v1/directory?${params.toString()}`
      }
      return reply.header('cache-control', 'no-cache').send({
        items: result.entries.map(apiEntry),
        page: result.page,
        pageCount: result.pageCount,
        total: result.total,
        links: {
          self: link(result.page),
          next: result.page < result.pageCount ? link(result.page + 1) : null,
          prev: result.page > 1 ? link(result.page - 1) : null,
        },
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/api/v1/directory/:id',
    {
      config: PUBLIC,
      schema: {
        tags: ['directory'],
        summary: 'One public entry of the Advanced Practice Directory',
        params: IdParams,
        response: { 200: ApiEntry, 404: Problem },
      },
    },
    async (request, reply) => {
      const entry = await practitioners.publicEntry(request.params.id)
      if (!entry) return sendProblem(reply, problem(404, 'There is no public directory entry with this id'))
      return reply.header('cache-control', 'no-cache').send(apiEntry(entry))
    },
  )

  app.get('/employer-check', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'directory/employer-check.njk', {
      pageTitle: 'Check a practitioner’s credentials',
      checksPerHour: EMPLOYER_CHECKS_PER_HOUR,
      values: {},
    }),
  )

  app.post<{ Body: CheckBody }>(
    '/employer-check',
    { config: PUBLIC, schema: { body: CheckBody } },
    async (request, reply) => {
      const values = {
        registrationNumber: request.body.registrationNumber ?? '',
        surname: request.body.surname ?? '',
      }
      const answer = { back: '/employer-check', field: 'registrationNumber', values }
      // Too many checks is its own answer, 429, not a problem with the form.
      try {
        return await formHandler(request, reply, answer, async () => {
          const result = await practitioners.employerCheck(
            { userId: request.user?.id ?? null, label: request.user?.email ?? 'public', ip: request.ip },
            values,
          )
          // The answer is shown once, not kept: the checker's browser history holds no names.
          return reply.header('cache-control', 'no-store').render('directory/employer-check-result.njk', {
            pageTitle: result.found ? 'Credentials held' : 'No credentials found',
            values,
            result,
          })
        })
      } catch (error) {
        if (!(error instanceof TooManyChecks)) throw error
        return reply.code(429).header('retry-after', '3600').render('directory/too-many-checks.njk', {
          pageTitle: 'You have made too many checks',
          checksPerHour: EMPLOYER_CHECKS_PER_HOUR,
        })
      }
    },
  )
}
