// PostgreSQL text cannot hold the NUL character: a stray %00 in a form or an address would
// otherwise reach the database and fail there. It is never meaningful input, so it goes.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * How deeply a request's JSON may nest. A credential nests about ten levels; thousands of
 * levels would only exhaust the stack of whatever walks them (this plugin, the schema
 * validator, a canonicaliser), so such a request is refused with 400 before anything does.
 */
export const MAX_NESTING = 100

class TooDeep extends Error {
  readonly statusCode = 400
  constructor() {
    super(`The request is nested more than ${MAX_NESTING} levels deep`)
  }
}

function withoutNul(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value
  // An uploaded file's bytes are what was sent: NUL is ordinary in a PDF or an image.
  if (value instanceof Uint8Array) return value
  if (depth >= MAX_NESTING && value && typeof value === 'object') throw new TooDeep()
  if (Array.isArray(value)) return value.map((v) => withoutNul(v, depth + 1))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v, depth + 1)]))
  }
  return value
}

class OutOfRange extends Error {
  readonly statusCode = 400
  constructor() {
    super('A number in the request is out of range')
  }
}

/** Whether a value holds a number that is not finite (Infinity, or 1e309 read as it). */
function hasNonFinite(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return !Number.isFinite(value)
  if (value instanceof Uint8Array || !value || typeof value !== 'object' || depth > MAX_NESTING) return false
  return Object.values(value).some((v) => hasNonFinite(v, depth + 1))
}

export const inputPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    request.query = withoutNul(request.query)
    request.params = withoutNul(request.params)
    if (request.body !== undefined) request.body = withoutNul(request.body)
  })
  // The validator turns "Infinity" or "1e309" into a number for a numeric field, and a
  // schema's bounds do not always catch it; no route can use one, so it is refused here,
  // after validation, whatever the route.
  app.addHook('preHandler', async (request) => {
    if (hasNonFinite(request.query) || hasNonFinite(request.params) || hasNonFinite(request.body))
      throw new OutOfRange()
  })
})
