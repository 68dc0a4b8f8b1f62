import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

export function startRoutes(app: FastifyInstance, services: Pick<Services, 'catalogue'>): void {
  app.get('/', { config: { access: 'public', pageCache: true } }, async (_request, reply) => {
    const areas = await services.catalogue.listAreas()
    return reply.render('start/start.njk', { pageTitle: 'Advanced practice credentials', areas })
  })
}
