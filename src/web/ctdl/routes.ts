// The catalogue in CTDL for the Credential Registry (docs/catalogue.md): documents at stable
// addresses, each JSON-LD with CTDL's context, open to pages and tools on other origins.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { CtdlDocument } from '../../domain/ctdl.ts'
import type { Services } from '../../services/index.ts'
import { Problem } from '../api/schemas.ts'
import { problem, sendProblem } from '../plugins/errors.ts'

const JSON_LD = 'application/ld+json; charset=utf-8'
const CACHE = 'public, max-age=300'
const CTDL_ROUTE = { access: 'public', crossOrigin: true } as const

const FileParams = Type.Object({
  file: Type.String({ maxLength: 300, description: 'The name, then ".json"' }),
})
type FileParams = Static<typeof FileParams>

const CtdlJson = Type.Object(
  { '@context': Type.Literal('https://credreg.net/ctdl/schema/context/json') },
  { additionalProperties: true, description: 'A CTDL document (JSON-LD)' },
)

const documented = (summary: string, description: string, params = false) => ({
  tags: ['ctdl'],
  summary,
  description,
  ...(params ? { params: FileParams } : {}),
  produces: ['application/ld+json'],
  response: { 200: CtdlJson, ...(params ? { 404: Problem } : {}) },
})

function send(reply: FastifyReply, document: CtdlDocument | null, missing: string) {
  if (!document) return sendProblem(reply, problem(404, missing))
  return reply
    .type(JSON_LD)
    .header('Cache-Control', CACHE)
    .send(JSON.stringify(document, null, 2))
}

/** The name before ".json", or null when the address does not end so. */
const nameOf = (file: string) => /^(.+)\.json$/.exec(file)?.[1] ?? null

export function ctdlRoutes(app: FastifyInstance, services: Pick<Services, 'ctdl'>): void {
  app.get<{ Params: FileParams }>(
    '/ctdl/credentials/:file',
    {
      config: CTDL_ROUTE,
      schema: documented(
        'One credential in CTDL',
        'A credential of the catalogue as its CTDL class (ceterms:Certificate, or ceterms:Credential for a capability framework or standards of practice), at /ctdl/credentials/{slug}.json. Its ceterms:ctid never changes.',
        true,
      ),
    },
    async (request, reply) => {
      const slug = nameOf(request.params.file)
      return send(
        reply,
        slug === null ? null : await services.ctdl.credential(slug),
        'There is no credential in the CTDL export at this address',
      )
    },
  )

  app.get<{ Params: FileParams }>(
    '/ctdl/organisations/:file',
    {
      config: CTDL_ROUTE,
      schema: documented(
        'The Centre or a provider in CTDL',
        'The Centre as a ceterms:QACredentialOrganization, or a provider with approved deliveries as a ceterms:CredentialOrganization, at /ctdl/organisations/{id}.json.',
        true,
      ),
    },
    async (request, reply) => {
      const id = nameOf(request.params.file)
      return send(
        reply,
        id === null ? null : await services.ctdl.organisation(id),
        'There is no organisation in the CTDL export at this address',
      )
    },
  )

  app.get(
    '/ctdl/framework.json',
    {
      config: CTDL_ROUTE,
      schema: documented(
        'The framework in CTDL-ASN',
        'The four pillars of advanced practice and their capabilities as a ceasn:CompetencyFramework with its ceasn:Competency items, as one @graph.',
      ),
    },
    async (_request, reply) => send(reply, await services.ctdl.framework(), ''),
  )

  app.get(
    '/ctdl/graph.json',
    {
      config: CTDL_ROUTE,
      schema: documented(
        'The whole catalogue in CTDL',
        'The Centre, the providers, every credential of the catalogue, the framework and its competencies, as one @graph.',
      ),
    },
    async (_request, reply) => send(reply, await services.ctdl.graph(), ''),
  )
}
