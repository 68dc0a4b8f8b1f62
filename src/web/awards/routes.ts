// Issue 5 (being built): see the brief's part for this capability.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'

export function awardsRoutes(app: FastifyInstance, services: Services): void {
  void app
  void services
}
