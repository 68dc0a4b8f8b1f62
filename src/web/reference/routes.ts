import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { CRITERION_KINDS, isCriterionKind, KIND_LABELS } from '../../domain/criteria.ts'
import {
  REFERENCE_KIND_LABELS,
  REFERENCE_KIND_PATHS,
  REFERENCE_KINDS,
  safeFilename,
} from '../../domain/reference-content.ts'
import { HISTORY_PAGE_SIZE } from '../../services/reference.ts'
import type { Services } from '../../services/index.ts'
import { numberedPagination } from '../lists.ts'

const HistoryQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })
type HistoryQuery = Static<typeof HistoryQuery>
const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 100_000 }) })
type VersionParams = Static<typeof VersionParams>
const CriteriaVersionParams = Type.Object({
  kind: Type.String({ maxLength: 40 }),
  version: Type.Integer({ minimum: 1, maximum: 100_000 }),
})
type CriteriaVersionParams = Static<typeof CriteriaVersionParams>
const FileParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type FileParams = Static<typeof FileParams>

export function referenceRoutes(app: FastifyInstance, services: Pick<Services, 'reference'>): void {
  const { reference } = services
  const PUBLIC = { config: { access: 'public' as const, pageCache: true } }

  app.get('/about', PUBLIC, async (_request, reply) =>
    reply.render('reference/about.njk', { pageTitle: "The Centre's approach to credentials" }),
  )

  app.get('/criteria', PUBLIC, async (_request, reply) => {
    const [principles, gateway, endorsement] = await Promise.all([
      reference.criteria('principle'),
      reference.criteria('gateway'),
      reference.criteria('endorsement'),
    ])
    return reply.render('reference/criteria.njk', {
      pageTitle: 'Principles and criteria',
      principles,
      gateway,
      endorsement,
    })
  })

  app.get('/criteria/history', PUBLIC, async (_request, reply) => {
    const sets = await Promise.all(
      CRITERION_KINDS.map(async (kind) => ({
        kind,
        label: KIND_LABELS[kind],
        versions: await reference.criteriaHistory(kind),
      })),
    )
    return reply.render('reference/criteria-history.njk', {
      pageTitle: 'Principles and criteria: history',
      sets,
      breadcrumbs: [{ href: '/criteria', text: 'Principles and criteria' }],
    })
  })

  app.get<{ Params: CriteriaVersionParams }>(
    '/criteria/:kind/versions/:version',
    { ...PUBLIC, schema: { params: CriteriaVersionParams } },
    async (request, reply) => {
      const { kind, version } = request.params
      if (!isCriterionKind(kind)) return reply.callNotFound()
      const found = await reference.criteriaVersion(kind, version)
      return reply.render('reference/criteria-version.njk', {
        pageTitle: `${KIND_LABELS[kind]}: version ${version}`,
        label: KIND_LABELS[kind],
        ...found,
        breadcrumbs: [
          { href: '/criteria', text: 'Principles and criteria' },
          { href: '/criteria/history', text: 'History' },
        ],
      })
    },
  )

  for (const kind of REFERENCE_KINDS) {
    const path = REFERENCE_KIND_PATHS[kind]
    const label = REFERENCE_KIND_LABELS[kind]
    app.get<{ Querystring: HistoryQuery }>(
      `${path}/history`,
      { ...PUBLIC, schema: { querystring: HistoryQuery } },
      async (request, reply) => {
        const page = request.query.page ?? 1
        const { versions, total } = await reference.history(kind, page)
        return reply.render('reference/history.njk', {
          pageTitle: `${label}: history`,
          label,
          path,
          versions,
          pagination: numberedPagination(`${path}/history`, {}, page, total, HISTORY_PAGE_SIZE),
          breadcrumbs: [{ href: path, text: label }],
        })
      },
    )
    app.get<{ Params: VersionParams }>(
      `${path}/history/:version`,
      { ...PUBLIC, schema: { params: VersionParams } },
      async (request, reply) => {
        const { version } = request.params
        const found = await reference.versionDiff(kind, version)
        return reply.render('reference/version-diff.njk', {
          pageTitle: `${label}: version ${version}`,
          label,
          path,
          ...found,
          breadcrumbs: [
            { href: path, text: label },
            { href: `${path}/history`, text: 'History' },
          ],
        })
      },
    )
  }

  // A file the Centre published: always downloaded, never shown inline, with a safe name.
  app.get<{ Params: FileParams }>(
    '/documents/files/:id',
    { config: { access: 'public' as const }, schema: { params: FileParams } },
    async (request, reply) => {
      const file = await reference.documentFile(request.params.id)
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${safeFilename(file.filename, 'document')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=3600')
        .send(file.content)
    },
  )

  app.get('/framework', PUBLIC, async (_request, reply) =>
    reply.render('reference/framework.njk', {
      pageTitle: 'The four pillars of advanced practice',
      ...(await reference.framework()),
    }),
  )

  app.get('/glossary', PUBLIC, async (_request, reply) =>
    reply.render('reference/glossary.njk', {
      pageTitle: 'Glossary of key terms',
      ...(await reference.glossary()),
    }),
  )

  app.get('/documents', PUBLIC, async (_request, reply) =>
    reply.render('reference/documents.njk', {
      pageTitle: 'Documents',
      ...(await reference.documents()),
    }),
  )

  app.get('/intervention-types', PUBLIC, async (_request, reply) =>
    reply.render('reference/intervention-types.njk', {
      pageTitle: 'Types of area-specific workforce development intervention',
      ...(await reference.interventionTypes()),
    }),
  )
}
