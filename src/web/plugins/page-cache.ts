// A short-lived cache of public pages as anonymous visitors see them ("micro-caching"): the
// catalogue changes a few times a month but is read all day. Only routes that opt in with
// config.pageCache are cached, only for requests without a session, only 200 HTML answers.
// Any successful change made through this instance empties it at once; other instances
// see a change within the time to live. The CSP nonce differs on every response, so pages
// are kept with a placeholder in its place.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    pageCache?: boolean
  }
  interface FastifyInstance {
    pageCache: { clear(): void; readonly size: number }
  }
}

const NONCE_PLACEHOLDER = '__app_csp_nonce__'
const MAX_ENTRIES = 500

interface Entry {
  html: string
  expires: number
}

export const pageCachePlugin = fp(async (app: FastifyInstance, options: { ttlSeconds: number }) => {
  const entries = new Map<string, Entry>()
  app.decorate('pageCache', {
    clear: () => entries.clear(),
    get size() {
      return entries.size
    },
  })
  if (options.ttlSeconds <= 0) return
  const ttlMs = options.ttlSeconds * 1000

  const cacheable = (request: FastifyRequest) =>
    request.method === 'GET' && request.routeOptions.config.pageCache === true && !request.session

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return
    const entry = entries.get(request.url)
    if (!entry) return
    if (entry.expires < Date.now()) {
      entries.delete(request.url)
      return
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('x-page-cache', 'hit')
      .send(entry.html.replaceAll(NONCE_PLACEHOLDER, reply.cspNonce.script))
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) {
      entries.clear()
      return payload
    }
    if (!cacheable(request) || reply.statusCode !== 200 || typeof payload !== 'string') return payload
    if (reply.getHeader('x-page-cache') === 'hit' || reply.getHeader('set-cookie')) return payload
    const oldest = entries.keys().next()
    if (entries.size >= MAX_ENTRIES && !oldest.done) entries.delete(oldest.value)
    entries.set(request.url, {
      html: payload.replaceAll(reply.cspNonce.script, NONCE_PLACEHOLDER),
      expires: Date.now() + ttlMs,
    })
    return payload
  })
})
