import type { FastifyInstance } from 'fastify'
import type { Static } from '@sinclair/typebox'
import { sourceDateIso, statusLabel } from '../../domain/catalogue.ts'
import { UnknownFilterError, type CredentialSummary } from '../../services/catalogue.ts'
import type { Services } from '../../services/index.ts'
import { apiClientOf } from '../plugins/auth.ts'
import { problem, sendProblem } from '../plugins/errors.ts'
import type { CredentialItem } from './schemas.ts'
import {
  ApiClientSchema,
  CredentialDetail,
  CredentialList,
  CredentialListQuery,
  Problem,
  SlugParams,
} from './schemas.ts'

const problemResponses = { 400: Problem, 404: Problem }

export function apiRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'catalogue' | 'clock'>,
  baseUrl: string,
): void {
  const item = (c: CredentialSummary, today: string): Static<typeof CredentialItem> => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    area: { slug: c.area.slug, name: c.area.name },
    status: c.status,
    statusLabel: statusLabel(c.status, c.due, today),
    type: c.type,
    level: c.level,
    due: c.due,
    origin: c.origin,
    url: `${baseUrl}/credentials/${c.slug}`,
    apiUrl: `${baseUrl}/api/v1/credentials/${c.slug}`,
  })

  app.get<{ Querystring: CredentialListQuery }>(
    '/api/v1/credentials',
    {
      config: { access: 'public' },
      schema: {
        tags: ['credentials'],
        summary: 'Search the catalogue of credentials',
        querystring: CredentialListQuery,
        response: { 200: CredentialList, ...problemResponses },
      },
    },
    async (request, reply) => {
      const query = request.query
      try {
        const result = await services.catalogue.search(query)
        const link = (page: number) => {
          const params = new URLSearchParams()
          for (const key of ['area', 'status', 'type', 'q'] as const) {
            const value = query[key]
            if (value !== undefined) params.set(key, value)
          }
          params.set('page', String(page))
          params.set('pageSize', String(result.pageSize))
          return `${baseUrl}/api/v1/credentials?${params.toString()}`
        }
        return {
          items: result.items.map((c) => item(c, services.clock.today())),
          page: result.page,
          pageSize: result.pageSize,
          total: result.total,
          pageCount: result.pageCount,
          links: {
            self: link(result.page),
            next: result.page < result.pageCount ? link(result.page + 1) : null,
            prev: result.page > 1 ? link(Math.min(result.page - 1, result.pageCount)) : null,
          },
        }
      } catch (error) {
        if (error instanceof UnknownFilterError) {
          return sendProblem(
            reply,
            problem(400, error.message, {
              errors: [{ name: error.field, reason: 'is not a known clinical area' }],
            }),
          )
        }
        throw error
      }
    },
  )

  app.get<{ Params: SlugParams }>(
    '/api/v1/credentials/:slug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['credentials'],
        summary: 'One credential, with its status timeline',
        params: SlugParams,
        response: { 200: CredentialDetail, ...problemResponses },
      },
    },
    async (request, reply) => {
      const credential = await services.catalogue.getCredential(request.params.slug)
      if (!credential)
        return sendProblem(reply, problem(404, `There is no credential "${request.params.slug}"`))
      return {
        ...item(credential, services.clock.today()),
        area: credential.area,
        owner: credential.owner,
        summary: credential.summary,
        notes: credential.notes,
        timeline: credential.timeline.map((t) => ({
          status: t.status,
          statusLabel: statusLabel(t.status, t.due, services.clock.today()),
          due: t.due,
          reason: t.reason,
          source: t.source?.title ?? null,
          // An entry taken from a dated source happened then, to the precision it gives.
          ...(t.source
            ? {
                recordedAt: sourceDateIso(t.source.date).value,
                recordedAtPrecision: sourceDateIso(t.source.date).precision,
                approximate: t.source.date.approximate,
              }
            : {
                recordedAt: t.recordedAt.toISOString(),
                recordedAtPrecision: 'instant' as const,
                approximate: false,
              }),
        })),
      }
    },
  )

  app.get(
    '/api/v1/me',
    {
      config: { access: 'api-token' },
      schema: {
        tags: ['clients'],
        summary: 'The organisation and token a machine client is using',
        security: [{ bearerToken: [] }],
        response: { 200: ApiClientSchema, 401: Problem },
      },
    },
    async (request) => {
      const client = apiClientOf(request)
      return {
        organisation: { id: client.organisationId, name: client.organisationName },
        token: { id: client.tokenId, name: client.tokenName },
      }
    },
  )

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { tags: ['meta'], summary: 'This OpenAPI 3.1 document' } },
    async () => app.swagger(),
  )
}
