// Security headers on every response. The Content-Security-Policy allows only our own
// scripts and styles, plus inline ones carrying this request's nonce.
//
// Machine documents that other verifiers and wallets fetch from their own pages (DID
// documents, status lists, credentials, achievements, POST /api/v1/verify) opt in with
// config.crossOrigin: they are sent with `Access-Control-Allow-Origin: *` and
// `Cross-Origin-Resource-Policy: cross-origin`, and a route other than GET gets its CORS
// preflight (OPTIONS) from here. Nothing else is opened, and credentials never are
// (no Access-Control-Allow-Credentials): only public routes may opt in, and a response that
// sets a cookie loses the headers.
import helmet from '@fastify/helmet'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public, read-only machine document that pages on other origins may read. */
    crossOrigin?: boolean
  }
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** How long a browser may keep a preflight's answer: 10 minutes (Chromium's upper bound is 2 hours). */
const PREFLIGHT_MAX_AGE = '600'

function openToOtherOrigins(reply: FastifyReply) {
  reply.header('Access-Control-Allow-Origin', '*')
  reply.header('Cross-Origin-Resource-Policy', 'cross-origin')
}

export const securityPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    // Sent below only over HTTPS: on plain HTTP it is meaningless and breaks local use.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
  })

  app.addHook('onRoute', function (route) {
    if (route.config?.crossOrigin !== true) return
    if (route.config.access !== 'public')
      throw new Error(`Route ${String(route.method)} ${route.url} is crossOrigin but not public`)
    const methods = [route.method].flat()
    // A browser asks first before sending a JSON POST to another origin. (The preflight
    // route is an OPTIONS one, so registering it does not come back here.)
    if (methods.every((m) => SIMPLE_METHODS.has(m))) return
    this.route({
      method: 'OPTIONS',
      url: route.url,
      config: { access: 'public', crossOrigin: true },
      handler: async (_request, reply) =>
        reply
          .code(204)
          .header('Access-Control-Allow-Methods', methods.join(', '))
          .header('Access-Control-Allow-Headers', 'Content-Type')
          .header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE)
          .send(),
    })
  })

  // Set as the request arrives (after helmet's headers), so that what the route answers
  // with, a 400, 404 or 500 included, can be read by the verifier that asked.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.crossOrigin === true) openToOtherOrigins(reply)
  })

  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') {
      reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    }
    if (reply.hasHeader('access-control-allow-origin') && reply.hasHeader('set-cookie')) {
      reply.removeHeader('access-control-allow-origin')
      reply.header('Cross-Origin-Resource-Policy', 'same-origin')
    }
    // What a signed-in person sees, or an answer that sets their session, is theirs alone:
    // no browser or proxy keeps a copy (a shared computer's back button, a cache in between).
    // A route that says how it may be cached (a public document) keeps its own rule.
    const personal = ('user' in request && request.user !== null) || reply.hasHeader('set-cookie')
    if (personal && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store')
  })
})
