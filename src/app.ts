// Builds the web application from its services. Plugins are registered in a fixed order:
// health, security, sessions, CSRF, access rules, views, routes, 404, errors.
import formbody from '@fastify/formbody'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import type { Services } from './services/index.ts'
import { accountAdministrationRoutes } from './web/account-administration/routes.ts'
import { oidcRoutes } from './web/authentication/oidc.ts'
import { authenticationRoutes } from './web/authentication/routes.ts'
import { criteriaAdminRoutes } from './web/admin/criteria.ts'
import { referenceAdminRoutes } from './web/admin/reference.ts'
import { adminRoutes } from './web/admin/routes.ts'
import { jobRoutes } from './web/jobs/routes.ts'
import { apiRoutes } from './web/api/routes.ts'
import { catalogueRoutes } from './web/catalogue/routes.ts'
import { ctdlRoutes } from './web/ctdl/routes.ts'
import { consultationRoutes } from './web/consultations/routes.ts'
import { workforceNeedRoutes } from './web/workforce-need/routes.ts'
import { healthRoutes } from './web/health/routes.ts'
import { registrationRoutes } from './web/registration/routes.ts'
import { startRoutes } from './web/start/routes.ts'
import { homeRoutes } from './web/home/routes.ts'
import { credentialRoutes } from './web/award-files/routes.ts'
import { walletRoutes } from './web/wallet/routes.ts'
import { issuerRoutes } from './web/issuers/routes.ts'
import { issuerKeyRoutes } from './web/issuers/keys.ts'
import { endorsementRoutes } from './web/endorsements/routes.ts'
import { verifyRoutes } from './web/verify/routes.ts'
import { portfolioRoutes } from './web/portfolio/routes.ts'
import { eportfolioRoutes } from './web/eportfolio/routes.ts'
import { directoryRoutes } from './web/directory/routes.ts'
import { employerCheckRoutes } from './web/employer-checks/routes.ts'
import { dataRightsRoutes } from './web/data-rights/routes.ts'
import { registerErrorHandler, registerNotFound } from './web/plugins/errors.ts'
import { authPlugin } from './web/plugins/auth.ts'
import { csrfPlugin } from './web/plugins/csrf.ts'
import { loggerOptions } from './web/plugins/logging.ts'
import { inputPlugin } from './web/plugins/input.ts'
import { pageCachePlugin } from './web/plugins/page-cache.ts'
import { securityPlugin } from './web/plugins/security.ts'
import { sessionPlugin } from './web/plugins/session.ts'
import { uploadsPlugin } from './web/plugins/uploads.ts'
import { buildValidator } from './web/plugins/validation.ts'
import { viewsPlugin } from './web/plugins/views.ts'
import { groupMeetingRoutes } from './web/group-meetings/routes.ts'
import { consultationOutcomeRoutes } from './web/consultation-outcomes/routes.ts'
import { proposalRoutes } from './web/proposals/routes.ts'
import { reportsRoutes } from './web/reports/routes.ts'
import { specificationRoutes } from './web/specifications/routes.ts'
import { reviewRoutes } from './web/reviews/routes.ts'
import { publicationRoutes } from './web/publication/routes.ts'
import { periodicReviewRoutes } from './web/periodic-reviews/routes.ts'
import { recognitionRoutes } from './web/recognition/routes.ts'
import { providerRoutes } from './web/api-tokens/routes.ts'
import { referenceRoutes } from './web/reference/routes.ts'
import { providersRoutes } from './web/providers/routes.ts'
import { programmesRoutes } from './web/programmes/routes.ts'
import { programmeAccreditationRoutes } from './web/programme-accreditation/routes.ts'
import { deliveriesRoutes } from './web/deliveries/routes.ts'
import { qualityReturnsRoutes } from './web/quality-returns/routes.ts'
import { awardsRoutes } from './web/awards/routes.ts'
import { awardImportsRoutes } from './web/award-imports/routes.ts'
import { MAX_CSV_BYTES } from './services/award-imports.ts'

/**
 * The largest file any form takes: an award CSV file (MAX_CSV_BYTES). Each form checks its own
 * limit, which may be smaller (evidence documents: 5MB).
 */
export const MAX_UPLOAD_BYTES = MAX_CSV_BYTES

export interface AppOptions {
  config: Config
  logger?: FastifyServerOptions['logger']
}

export interface RegisteredRoute {
  method: string
  url: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, for the tests that must cover them all. */
    registeredRoutes: readonly RegisteredRoute[]
  }
}

/** A number of proxy hops to trust as Fastify takes it; any other setting as it is. */
function trustedProxies(setting: number | boolean | string) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting
}

export async function createApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(options.config.logLevel, options.logger),
    trustProxy: trustedProxies(options.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Coercion is the validators' own choice, by what is read (src/web/plugins/validation.ts).
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    schemaController: { compilersFactory: { buildValidator } },
  })

  const registeredRoutes: RegisteredRoute[] = []
  app.decorate('registeredRoutes', registeredRoutes)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url })
  })

  healthRoutes(app, services.health)
  await app.register(securityPlugin)
  await app.register(formbody)
  await app.register(uploadsPlugin, { maxFileBytes: MAX_UPLOAD_BYTES })
  await app.register(inputPlugin)
  await app.register(sessionPlugin, {
    sessions: services.sessions,
    authentication: services.authentication,
    config: options.config,
  })
  await app.register(pageCachePlugin, { ttlSeconds: options.config.pageCacheSeconds })
  await app.register(csrfPlugin)
  await app.register(authPlugin, { apiTokens: services.apiTokens })
  await app.register(viewsPlugin, { clock: services.clock })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Advancing Practice Credentials API',
        version: '1.0.0',
        description: 'The national catalogue of multi-professional advanced practice credentials.',
      },
      servers: [{ url: options.config.baseUrl }],
      tags: [
        { name: 'credentials', description: 'The public catalogue' },
        { name: 'clients', description: "Machine clients, such as a university's student-records system" },
        { name: 'directory', description: 'The public Advanced Practice Directory' },
        { name: 'open data', description: 'The figures of the dashboards at /reports, as CSV and JSON' },
        {
          name: 'ctdl',
          description:
            "The catalogue in Credential Engine's Credential Transparency Description Language (CTDL), for the Credential Registry",
        },
        { name: 'meta', description: 'About this API' },
      ],
      components: {
        securitySchemes: {
          bearerToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token created by a provider admin, sent as "Authorization: Bearer apc_…"',
          },
        },
      },
    },
    hideUntagged: true,
  })

  startRoutes(app, services, {
    contactEmail: options.config.contactEmail,
    session: options.config.session,
  })
  authenticationRoutes(app, services, options.config.oidc?.displayName)
  registrationRoutes(app, services)
  homeRoutes(app, services)
  if (services.oidc) oidcRoutes(app, services, services.oidc)
  accountAdministrationRoutes(app, services)
  adminRoutes(app, services)
  jobRoutes(app, services)
  criteriaAdminRoutes(app, services)
  referenceAdminRoutes(app, services)
  providerRoutes(app, services)
  proposalRoutes(app, services)
  groupMeetingRoutes(app, services)
  consultationOutcomeRoutes(app, services)
  specificationRoutes(app, services)
  reviewRoutes(app, services)
  publicationRoutes(app, services)
  periodicReviewRoutes(app, services)
  recognitionRoutes(app, services)
  providersRoutes(app, services)
  programmesRoutes(app, services)
  programmeAccreditationRoutes(app, services)
  deliveriesRoutes(app, services)
  qualityReturnsRoutes(app, services)
  awardsRoutes(app, services)
  awardImportsRoutes(app, services, { runJobsHere: options.config.worker })
  issuerRoutes(app, services)
  issuerKeyRoutes(app, services)
  endorsementRoutes(app, services)
  credentialRoutes(app, services)
  walletRoutes(app, services)
  verifyRoutes(app, services)
  portfolioRoutes(app, services)
  eportfolioRoutes(app, services)
  directoryRoutes(app, services, options.config.baseUrl)
  employerCheckRoutes(app, services)
  dataRightsRoutes(app, services)
  consultationRoutes(app, services)
  reportsRoutes(app, services, options.config.baseUrl)
  workforceNeedRoutes(app, services)
  catalogueRoutes(app, services, options.config.baseUrl)
  ctdlRoutes(app, services)
  referenceRoutes(app, services)
  apiRoutes(app, services, options.config.baseUrl)

  registerNotFound(app)
  registerErrorHandler(app)
  return app
}
