import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

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

  app.get('/framework', PUBLIC, async (_request, reply) =>
    reply.render('reference/framework.njk', {
      pageTitle: 'The four pillars of advanced practice',
      ...(await reference.framework()),
    }),
  )

  app.get('/glossary', PUBLIC, async (_request, reply) =>
    reply.render('reference/glossary.njk', {
      pageTitle: 'Glossary of key terms',
      terms: await reference.glossary(),
    }),
  )

  app.get('/documents', PUBLIC, async (_request, reply) =>
    reply.render('reference/documents.njk', {
      pageTitle: 'Documents',
      documents: await reference.documents(),
    }),
  )

  app.get('/intervention-types', PUBLIC, async (_request, reply) =>
    reply.render('reference/intervention-types.njk', {
      pageTitle: 'Types of area-specific workforce development intervention',
      columnWidth: 'full',
    }),
  )
}
