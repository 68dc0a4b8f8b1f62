// What the request log may hold. Links sent by e-mail carry their token in the query string
// (/reset-password?token=…, /confirm-email?token=…), an OpenID Connect callback its code, and a
// client may put its API token there too although it is refused: each request's address is
// logged with those values blanked. Headers are not logged (Fastify's request line has none),
// and should a log call add them, the cookie and authorization headers are blanked as well.
import type { FastifyServerOptions } from 'fastify'

type LoggerOptions = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>

/** Query parameters whose values are secrets, whatever the route. */
const SECRET_PARAMETERS = new Set([
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'code',
  'password',
  'api_key',
])

export const REDACTED = '[redacted]'

function parameterName(part: string): string {
  const name = part.split('=', 1)[0] ?? ''
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase()
  } catch {
    // Broken percent-encoding: the name as sent, which still matches a plain secret name.
    return name.toLowerCase()
  }
}

/** The address with the values of secret query parameters blanked; the rest as sent. */
export function withoutSecrets(url: string): string {
  const start = url.indexOf('?')
  if (start < 0) return url
  const query = url
    .slice(start + 1)
    .split('&')
    .map((part) => {
      if (!SECRET_PARAMETERS.has(parameterName(part))) return part
      return `${part.split('=', 1)[0] ?? ''}=${REDACTED}`
    })
  return `${url.slice(0, start)}?${query.join('&')}`
}

/**
 * The logger's options: the level (or the options a caller gives, such as a test's stream),
 * always with the secrets kept out. `false` turns logging off.
 */
export function loggerOptions(level: string, given?: FastifyServerOptions['logger']): LoggerOptions | false {
  if (given === false) return false
  const base: LoggerOptions = given === undefined || given === true ? { level } : given
  return {
    ...base,
    serializers: {
      ...base.serializers,
      // Fastify's own request line, with the address made safe.
      req: (req) => ({
        method: req.method,
        url: withoutSecrets(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    formatters: {
      ...base.formatters,
      // An address a route logs itself (a refused CSRF token, for one) goes the same way.
      log: (object) =>
        typeof object.url === 'string' ? { ...object, url: withoutSecrets(object.url) } : object,
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: REDACTED,
    },
  }
}
