import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

export function publicationRoutes(app: FastifyInstance, services: Services) {
  void app
  void services
}
