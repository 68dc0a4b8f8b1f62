import type { FastifyInstance } from 'fastify'
import type { HealthService } from '../../services/health.ts'

// Registered before everything else, so that a load balancer can ask before any
// authentication or session work is done.
export function healthRoutes(app: FastifyInstance, health: HealthService): void {
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    const report = await health.check()
    return reply
      .code(report.healthy ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: report.healthy ? 'UP' : 'DOWN', database: report.database })
  })
}
