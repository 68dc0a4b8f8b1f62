// Verifiable credentials in public: each award's signed credential at its own address (the
// holder is named only by a salted hash), each published version as an Open Badges
// Achievement, and the signed status lists verifiers read to learn of revocation and
// suspension.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { JWT_MEDIA_TYPE } from '../../domain/credentials/jwt.ts'
import { STATUS_PURPOSES } from '../../domain/credentials/open-badges.ts'
import type { Services } from '../../services/index.ts'
import { certificateFileName, renderCertificate } from './certificate.ts'
import { copyViewerOf } from './viewer.ts'

// Read by verifiers and wallets from pages of their own (src/web/plugins/security.ts).
const MACHINE_DOCUMENT = { access: 'public', crossOrigin: true } as const

const AwardParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type AwardParams = Static<typeof AwardParams>
const AchievementParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9-]{1,120}$' }),
  number: Type.Integer({ minimum: 1, maximum: 100_000 }),
})
type AchievementParams = Static<typeof AchievementParams>
const StatusParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  purpose: Type.Union(STATUS_PURPOSES.map((p) => Type.Literal(p))),
})
type StatusParams = Static<typeof StatusParams>
const DownloadQuery = Type.Object({ download: Type.Optional(Type.String({ maxLength: 10 })) })
type DownloadQuery = Static<typeof DownloadQuery>

// VC Data Model 2.0's media type for a credential secured by an embedded proof.
const VC_TYPE = 'application/vc'

export function credentialRoutes(app: FastifyInstance, services: Pick<Services, 'awardCredentials'>) {
  const { awardCredentials } = services

  app.get<{ Params: AwardParams; Querystring: DownloadQuery }>(
    '/awards/:id/credential',
    { config: MACHINE_DOCUMENT, schema: { params: AwardParams, querystring: DownloadQuery } },
    async (request, reply) => {
      const credential = await awardCredentials.credential(request.params.id)
      if (!credential) return reply.callNotFound()
      if (request.query.download !== undefined)
        reply.header('content-disposition', `attachment; filename="credential-${request.params.id}.json"`)
      return reply
        .type(VC_TYPE)
        .header('cache-control', 'no-cache')
        .send(JSON.stringify(credential, null, 2))
    },
  )

  app.get<{ Params: AwardParams; Querystring: DownloadQuery }>(
    '/awards/:id/credential.jwt',
    { config: MACHINE_DOCUMENT, schema: { params: AwardParams, querystring: DownloadQuery } },
    async (request, reply) => {
      const jwt = await awardCredentials.jwt(request.params.id)
      if (!jwt) return reply.callNotFound()
      if (request.query.download !== undefined)
        reply.header('content-disposition', `attachment; filename="credential-${request.params.id}.jwt"`)
      return reply.type(JWT_MEDIA_TYPE).header('cache-control', 'no-cache').send(jwt)
    },
  )

  // The certificate names the holder, so only they, their provider and the Centre get it.
  app.get<{ Params: AwardParams }>(
    '/awards/:id/certificate.pdf',
    { config: { access: 'signed-in' }, schema: { params: AwardParams } },
    async (request, reply) => {
      const copy = await awardCredentials.copy(request.params.id, copyViewerOf(request))
      if (!copy) return reply.callNotFound()
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${certificateFileName(copy)}"`)
        .header('cache-control', 'private, no-store')
        .send(await renderCertificate(copy))
    },
  )

  app.get<{ Params: AchievementParams }>(
    '/achievements/:slug/:number',
    { config: MACHINE_DOCUMENT, schema: { params: AchievementParams } },
    async (request, reply) => {
      const document = await awardCredentials.achievement(request.params.slug, request.params.number)
      if (!document) return reply.callNotFound()
      return reply
        .type('application/ld+json')
        .header('cache-control', 'public, max-age=300')
        .send(JSON.stringify(document, null, 2))
    },
  )

  app.get<{ Params: AchievementParams }>(
    '/achievements/:slug/:number/endorsement',
    { config: MACHINE_DOCUMENT, schema: { params: AchievementParams } },
    async (request, reply) => {
      const endorsement = await awardCredentials.endorsement(request.params.slug, request.params.number)
      if (!endorsement) return reply.callNotFound()
      return reply
        .type(VC_TYPE)
        .header('cache-control', 'public, max-age=300')
        .send(JSON.stringify(endorsement, null, 2))
    },
  )

  app.get<{ Params: StatusParams }>(
    '/status/:id/:purpose',
    { config: MACHINE_DOCUMENT, schema: { params: StatusParams } },
    async (request, reply) => {
      const list = await awardCredentials.statusList(request.params.id, request.params.purpose)
      if (!list) return reply.callNotFound()
      // Verifiers may keep a copy but must ask again each time (a 304 when nothing changed),
      // so a revocation is seen at once.
      reply.header('cache-control', 'public, no-cache').header('etag', list.etag)
      if (request.headers['if-none-match'] === list.etag) return reply.code(304).send()
      return reply.type(VC_TYPE).send(JSON.stringify(list.credential))
    },
  )
}
