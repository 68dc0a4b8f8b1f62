import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

export function periodicReviewRoutes(app: FastifyInstance, services: Services) {
  void app
  void services
}
