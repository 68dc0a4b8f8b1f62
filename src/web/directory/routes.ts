// The Advanced Practice Directory: the public search and entries (as pages and as JSON), which
// come from DirectoryService.search and publicEntry and so only ever show what practitioners
// chose to show; and a practitioner's own choice of what that is (/my/directory-entry).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import type { PublicEntry } from '../../services/directory.ts'
import { z } from 'zod'
import {
  formBody,
  formHandler,
  parseForm,
  redirectWithBanner,
  renderForm,
  repeatedField,
  repeatedValues,
  freeTextField,
} from '../forms.ts'
import { pageLinks } from '../pagination.ts'
import { signedInUser } from '../plugins/auth.ts'
import { problem, sendProblem } from '../plugins/errors.ts'
import { processActorOf } from '../plugins/session.ts'
import { Problem } from '../api/schemas.ts'

const PUBLIC = { access: 'public' } as const
const PRACTITIONER = { access: { roles: ['practitioner'] } } as const
const q = () => Type.Optional(Type.String({ maxLength: 200 }))
const SearchQuery = Type.Object({ name: q(), profession: q(), region: q(), area: q(), page: q() })
type SearchQuery = Static<typeof SearchQuery>
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const EntryBody = formBody({ listed: freeTextField(), show: repeatedField(), awardIds: repeatedField() })
type EntryBody = Static<typeof EntryBody>
const EntryForm = z.object({
  listed: z.enum(['yes', 'no'], { message: 'Select yes if you want to appear in the directory' }),
})

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
  const { directory, portfolio } = services

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
      const [professions, areas] = await Promise.all([portfolio.professions(), directory.areas()])
      const result = await directory.search({ ...query, page: pageOf(query.page) })
      const kept = { name: query.name, profession: query.profession, region: query.region, area: query.area }
      return reply.render('directory/search.njk', {
        pageTitle: searched ? 'Advanced Practice Directory: search results' : 'Advanced Practice Directory',
        columnWidth: 'full',
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
      const entry = await directory.publicEntry(request.params.id)
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
      const result = await directory.search({ ...query, page: pageOf(query.page) })
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
      const entry = await directory.publicEntry(request.params.id)
      if (!entry) return sendProblem(reply, problem(404, 'There is no public directory entry with this id'))
      return reply.header('cache-control', 'no-cache').send(apiEntry(entry))
    },
  )

  app.get('/my/directory-entry', { config: PRACTITIONER }, async (request, reply) => {
    const userId = signedInUser(request).id
    const [profile, choices, awards] = await Promise.all([
      portfolio.profile(userId),
      directory.directoryChoices(userId),
      portfolio.awards(userId),
    ])
    const show = [
      ...(choices.showProfession ? ['profession'] : []),
      ...(choices.showRegion ? ['region'] : []),
      ...(choices.showEmployer ? ['employer'] : []),
    ]
    return renderForm(request, reply, 'directory/directory-entry.njk', {
      pageTitle: 'Your directory entry',
      breadcrumbs: [{ href: '/home', text: 'Home' }],
      profile,
      awards,
      entryPath: `/directory/${userId}`,
      listed: choices.listed,
      values: { listed: choices.listed ? 'yes' : 'no', show, awardIds: choices.awardIds },
    })
  })

  app.post<{ Body: EntryBody }>(
    '/my/directory-entry',
    { config: PRACTITIONER, schema: { body: EntryBody } },
    async (request, reply) => {
      const b = request.body
      const show = repeatedValues(b.show)
      const awardIds = repeatedValues(b.awardIds)
      const values = { listed: b.listed ?? '', show, awardIds }
      return formHandler(
        request,
        reply,
        { back: '/my/directory-entry', field: 'listed', values },
        async () => {
          const { listed } = parseForm(EntryForm, b)
          const choices = {
            listed: listed === 'yes',
            showProfession: show.includes('profession'),
            showRegion: show.includes('region'),
            showEmployer: show.includes('employer'),
            awardIds,
          }
          await directory.saveDirectoryChoices(processActorOf(request), choices)
          return redirectWithBanner(request, reply, '/my/directory-entry', {
            title: listed === 'yes' ? 'Your directory entry is public' : 'You are not in the directory',
          })
        },
      )
    },
  )
}
