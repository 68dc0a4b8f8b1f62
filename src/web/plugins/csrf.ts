// Every state-changing request from a browser must carry the session's CSRF token, in the
// form field _csrf or the X-CSRF-Token header. Checked before validation and the handler,
// so a forged request changes nothing. Routes authenticated by an API token are exempt:
// browsers never send those on their own, and so are routes that change nothing and read no
// session (config.changesNothing), such as verifying a credential sent by a machine, and the
// endpoints of a protocol that authenticates by secrets of its own and never by the session
// (config.protocolSecrets: OpenID4VCI's codes and access tokens), which a forged request lacks.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sameSecret } from '../../services/tokens.ts'
import { isRecord } from '../../domain/present.ts'
import { problem, renderErrorPage, sendProblem } from './errors.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST only because its input is large: it changes nothing and reads no session. */
    changesNothing?: boolean
    /** Authenticated by the protocol's own secrets in the request, never by the session cookie. */
    protocolSecrets?: boolean
  }
}

export const csrfPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request, reply) => {
    if (!UNSAFE.has(request.method)) return
    if (request.routeOptions.config.access === 'api-token') return
    if (request.routeOptions.config.changesNothing === true) return
    if (request.routeOptions.config.protocolSecrets === true) return
    const fromForm = isRecord(request.body) ? request.body._csrf : undefined
    const sent = (typeof fromForm === 'string' ? fromForm : undefined) ?? request.headers['x-csrf-token']
    const expected = request.session?.csrfToken
    if (typeof sent === 'string' && expected && sameSecret(sent, expected)) return
    request.log.warn({ url: request.url }, 'refused a request without a valid CSRF token')
    if (request.url.startsWith('/api/'))
      return sendProblem(reply, problem(403, 'The CSRF token is missing or wrong.'))
    return renderErrorPage(reply, 403)
  })
})
