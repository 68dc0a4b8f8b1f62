// Builds the web application from its services. Plugins are registered in a fixed order:
// health, security, (sessions and CSRF arrive with accounts), views, routes, 404, errors.
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import type { Services } from './services/index.ts'
import { apiRoutes } from './web/api/routes.ts'
import { catalogueRoutes } from './web/catalogue/routes.ts'
import { healthRoutes } from './web/health/routes.ts'
import { homeRoutes } from './web/home/routes.ts'
import { registerErrorHandler, registerNotFound } from './web/plugins/errors.ts'
import { securityPlugin } from './web/plugins/security.ts'
import { viewsPlugin } from './web/plugins/views.ts'
import { referenceRoutes } from './web/reference/routes.ts'

export interface AppOptions {
  config: Pick<Config, 'baseUrl' | 'logLevel'>
  logger?: FastifyServerOptions['logger']
}

export async function createApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: true } },
  })

  healthRoutes(app, services.health)
  await app.register(securityPlugin)
  await app.register(viewsPlugin)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Advancing Practice Credentials API',
        version: '1.0.0',
        description: 'The national catalogue of multi-professional advanced practice credentials.',
      },
      servers: [{ url: options.config.baseUrl }],
      tags: [{ name: 'credentials', description: 'The public catalogue' }],
    },
    hideUntagged: true,
  })

  homeRoutes(app, services)
  catalogueRoutes(app, services)
  referenceRoutes(app, services)
  apiRoutes(app, services, options.config.baseUrl)

  registerNotFound(app)
  registerErrorHandler(app)
  return app
}
