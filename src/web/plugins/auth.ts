// Every route declares who may use it (config.access), and the app refuses to start with a
// route that does not: no page can ship without a decision. The authorisation matrix test
// then checks each decision from the outside.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../../domain/accounts.ts'
import type { CurrentUser } from '../../services/authentication.ts'
import type { ApiClient, ApiTokensService } from '../../services/api-tokens.ts'
import { problem, renderErrorPage, sendProblem } from './errors.ts'

/** public: anyone; signed-in: any account; roles: any one of them; api-token: a machine client. */
export type Access = 'public' | 'signed-in' | 'api-token' | { roles: readonly Role[] }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    apiClient: ApiClient | null
  }
}

/** The account on a route whose access needs one: the hook below has turned everyone else away. */
export function signedInUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new Error(`${request.url} needs a signed-in user but its access allows anyone`)
  return request.user
}

/** The machine client on a route whose access is api-token: the hook below has checked its token. */
export function apiClientOf(request: FastifyRequest): ApiClient {
  if (!request.apiClient)
    throw new Error(`${request.url} needs an API client but its access is not api-token`)
  return request.apiClient
}

// Static files are served by @fastify/static, which registers its own routes.
const UNDECLARED_ALLOWED = /^\/assets\//

export const authPlugin = fp(
  async (app: FastifyInstance, options: { apiTokens: Pick<ApiTokensService, 'authenticate'> }) => {
    app.decorateRequest('apiClient', null)

    app.addHook('onRoute', (route) => {
      const access = route.config?.access
      if (access === undefined && !UNDECLARED_ALLOWED.test(route.url)) {
        throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`)
      }
    })

    app.addHook('preValidation', async (request, reply) => {
      const access = request.routeOptions.config.access
      if (access === undefined || access === 'public') return
      if (access === 'api-token') return checkApiToken(request, reply, options.apiTokens)
      if (!request.user) return refuseAnonymous(request, reply)
      if (access === 'signed-in') return
      if (!request.user.grants.some((g) => access.roles.includes(g.role))) return forbid(request, reply)
    })
  },
)

async function checkApiToken(
  request: FastifyRequest,
  reply: FastifyReply,
  apiTokens: Pick<ApiTokensService, 'authenticate'>,
) {
  const header = request.headers.authorization
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
  const client = bearer ? await apiTokens.authenticate(bearer) : null
  if (!client) {
    reply.header('WWW-Authenticate', 'Bearer realm="api"')
    return sendProblem(reply, problem(401, 'Send a valid API token as "Authorization: Bearer <token>".'))
  }
  request.apiClient = client
}

function refuseAnonymous(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/')) return sendProblem(reply, problem(401, 'Sign in first.'))
  const returnTo = request.method === 'GET' ? request.url : '/home'
  return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303)
}

function forbid(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/'))
    return sendProblem(reply, problem(403, 'Your account does not allow this.'))
  return renderErrorPage(reply, 403)
}
