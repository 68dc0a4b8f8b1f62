// PostgreSQL text cannot hold the NUL character: a stray %00 in a form or an address would
// otherwise reach the database and fail there. It is never meaningful input, so it goes.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value
  // An uploaded file's bytes are what was sent: NUL is ordinary in a PDF or an image.
  if (value instanceof Uint8Array) return value
  if (Array.isArray(value)) return value.map(withoutNul)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]))
  }
  return value
}

export const inputPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    request.query = withoutNul(request.query) as typeof request.query
    request.params = withoutNul(request.params) as typeof request.params
    if (request.body !== undefined) request.body = withoutNul(request.body) as typeof request.body
  })
})
