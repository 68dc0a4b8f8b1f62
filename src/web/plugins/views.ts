// Nunjucks with the NHS.UK frontend macros, and the static assets the layout needs.
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import nunjucks from 'nunjucks'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  levelLabel,
  originLabel,
  statusInfo,
  sourceDateLabel,
  statusLabel,
  typeLabel,
  type CredentialStatus,
  type Due,
} from '../../domain/catalogue.ts'
import { roleDescription, roleLabel } from '../../domain/accounts.ts'
import type { Clock } from '../../domain/clock.ts'
import { AWARD_STATUS_COLOURS, AWARD_STATUS_LABELS, isAwardStatus } from '../../domain/providers.ts'
import { longDate } from '../../domain/dates.ts'
import { countOf, formatNumber, listInWords, plural } from '../../domain/numbers.ts'

const webDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const nhsukDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')),
  'dist',
)

export const SERVICE_NAME = 'Advancing Practice Credentials'

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply
  }
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
})

/**
 * The govukDate filter: "30 June 2026", by the service's one formatter (a YYYY-MM-DD value is
 * that calendar day, an instant its day in London). Anything that is not a date is shown as
 * it is, and nothing at all for no value, rather than failing the page.
 */
export function govukDate(value: unknown): string {
  if (typeof value === 'string' || value instanceof Date) return longDate(value)
  return value === null || value === undefined ? '' : String(value)
}

/** The govukDateTime filter: "30 June 2026 at 2:05 pm" in London; text that is not a date as it is. */
export function govukDateTime(value: unknown): string {
  if (value === null || value === undefined) return ''
  const instant = typeof value === 'string' || value instanceof Date ? new Date(value) : null
  if (!instant || Number.isNaN(instant.getTime())) return String(value)
  return dateTimeFormat.format(instant)
}

/** What a page's render context holds under `key`; Nunjucks gives a global its Context as `this`. */
function renderContextValue(context: unknown, key: string): unknown {
  if (typeof context !== 'object' || context === null || !('ctx' in context)) return undefined
  const { ctx } = context
  return typeof ctx === 'object' && ctx !== null ? Reflect.get(ctx, key) : undefined
}

/**
 * The fieldError global: `errorMessage: fieldError("area")` gives an NHS.UK form macro the
 * message renderForm put in the page's fieldErrors for that field, or nothing when the field
 * has none, so a page never spells out the test itself. It reads the context of the template
 * it is called from: a page, a template it includes, or a macro that page defines; a macro
 * imported without context sees none and should take its error as a parameter.
 */
export function fieldError(this: unknown, name: string): { text: string } | undefined {
  const fieldErrors = renderContextValue(this, 'fieldErrors')
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return undefined
  const text: unknown = Reflect.get(fieldErrors, name)
  return typeof text === 'string' && text !== '' ? { text } : undefined
}

/** The views, with the Clock that says which expected dates have passed. */
export function createViewEnvironment(clock: Clock): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(webDir, 'views'), webDir, nhsukDist]),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  env.addGlobal('serviceName', SERVICE_NAME)
  env.addGlobal('fieldError', fieldError)
  env.addFilter('statusLabel', (status: CredentialStatus, due: Due | null = null) =>
    statusLabel(status, due, clock.today()),
  )
  env.addFilter('statusColour', (status: CredentialStatus) => statusInfo(status).colour)
  env.addFilter('statusDescription', (status: CredentialStatus) => statusInfo(status).description)
  env.addFilter('typeLabel', typeLabel)
  env.addFilter('levelLabel', levelLabel)
  env.addFilter('sourceDate', sourceDateLabel)
  env.addFilter('originLabel', originLabel)
  env.addFilter('govukDate', govukDate)
  env.addFilter('roleLabel', roleLabel)
  // An award's status in the service's words (src/domain/providers.ts), and its tag colour.
  env.addFilter('awardStatus', (status: string) =>
    isAwardStatus(status) ? AWARD_STATUS_LABELS[status] : status,
  )
  env.addFilter('awardStatusColour', (status: string) =>
    isAwardStatus(status) ? AWARD_STATUS_COLOURS[status] : 'grey',
  )
  env.addFilter('roleDescription', roleDescription)
  env.addFilter('govukDateTime', govukDateTime)
  env.addFilter('plural', plural)
  // "20,009" and "1 month" / "2 months", by the service's one number formatter.
  env.addFilter('number', formatNumber)
  env.addFilter('count', countOf)
  env.addFilter('listInWords', listInWords)
  return env
}

/**
 * The NHS.UK stylesheet as the service serves it: without its @font-face rules, which fetch
 * the Frutiger font from assets.nhs.uk. Our Content Security Policy (`font-src 'self'`)
 * refuses those requests, four console errors on every page, and the package does not ship
 * the font (Frutiger is licensed for NHS England's own sites), so there is nothing of ours to
 * serve in its place. Without the rules the stylesheet's own font stack applies as it would
 * when the font fails to load: Frutiger where the device has it installed, otherwise Arial.
 * Its source map is left out too, as it describes the file before this change.
 *
 * Throws if anything else in the stylesheet would still load from another host, so that a new
 * version of the package that adds one fails at start-up rather than in people's consoles.
 */
export function nhsukStylesheet(): string {
  const css = readFileSync(path.join(nhsukDist, 'nhsuk', 'nhsuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\s*\{[^}]*\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '')
  const foreign = /url\(\s*["']?(?:[a-z][a-z0-9+.-]*:)?\/\/[^)]*\)/i.exec(css)
  if (foreign) throw new Error(`The NHS.UK stylesheet still loads ${foreign[0]} from another host`)
  return css
}

export const viewsPlugin = fp(async (app: FastifyInstance, options: { clock: Clock }) => {
  const env = createViewEnvironment(options.clock)
  const stylesheet = nhsukStylesheet()

  // The NHS.UK stylesheet refers to its icons as /assets/images/..., so its assets folder
  // is served at /assets/; of the package's own folder only the compiled files are public.
  await app.register(fastifyStatic, {
    root: path.join(nhsukDist, 'nhsuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: path.join(nhsukDist, 'nhsuk'),
    prefix: '/assets/nhsuk/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/nhsuk-frontend.min.js',
    maxAge: '1d',
  })
  app.get('/assets/nhsuk/nhsuk-frontend.min.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(stylesheet),
  )
  await app.register(fastifyStatic, {
    root: path.join(webDir, 'public'),
    prefix: '/assets/app/',
    decorateReply: false,
    maxAge: '1h',
  })

  app.decorateReply(
    'render',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const html = env.render(template, {
        cspNonce: this.cspNonce?.script,
        user: this.request.user,
        csrfToken: this.request.session?.csrfToken,
        currentPath: this.request.url.split('?')[0],
        ...context,
      })
      return this.type('text/html; charset=utf-8').send(html)
    },
  )
})
