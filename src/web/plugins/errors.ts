// The last two plugins: what a person or a program sees when there is no such page, or
// when something went wrong. The JSON API answers with RFC 9457 problem documents.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import { FieldProblems, isDatabaseUnavailable, NotFound } from '../../services/errors.ts'
import { withoutSecrets } from './logging.ts'

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: Array<{ name: string; reason: string }>
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/')

/**
 * A request body that cannot be read (a multipart form cut short, say): the sender's
 * mistake, so 400, and the route never ran, so nothing was saved. A page says so in the
 * error summary rather than blaming the address.
 */
export class MalformedBody extends Error {
  readonly statusCode = 400
}

export function problem(
  status: number,
  detail: string | undefined,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  }
}

export function sendProblem(reply: FastifyReply, body: ProblemDetails): FastifyReply {
  return (
    reply
      .code(body.status)
      .type('application/problem+json; charset=utf-8')
      // A token put in the query string (refused, but sent) is not echoed back: the answer may
      // be logged or shown by the client, as the request log would be.
      .send({ ...body, instance: withoutSecrets(body.instance ?? reply.request.url) })
  )
}

const HTML_TITLES: Record<number, { title: string; paragraphs: string[] }> = {
  403: {
    title: 'You cannot do this',
    paragraphs: [
      'Your account does not allow this, or the form you sent had expired.',
      'Go back, refresh the page and try again. If you think you should have access, contact the Centre.',
    ],
  },
  400: {
    title: 'There is a problem with the address',
    paragraphs: ['The page address has a value we cannot use. Check it, or start again from the catalogue.'],
  },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it was correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  503: {
    title: 'Sorry, the service is unavailable for a moment',
    paragraphs: ['Try again in a minute. Nothing you entered has been saved unless a page told you it was.'],
  },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. Nothing you entered has been saved unless a page told you it was.'],
  },
}

export function renderErrorPage(reply: FastifyReply, status: number): FastifyReply {
  const page = HTML_TITLES[status] ?? {
    title: STATUS_CODES[status] ?? 'Sorry, there is a problem',
    paragraphs: ['The service could not answer this request.'],
  }
  return reply.code(status).render('error.njk', { pageTitle: page.title, paragraphs: page.paragraphs })
}

function renderMalformedBody(reply: FastifyReply, error: MalformedBody): FastifyReply {
  return reply.code(400).render('error.njk', {
    pageTitle: 'There is a problem with the form you sent',
    errors: [{ text: error.message }],
    paragraphs: ['Go back to the form, refresh the page, and send it again.'],
  })
}

export function registerNotFound(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (isApi(request))
      return sendProblem(reply, problem(404, `There is nothing at ${request.url.split('?')[0]}`))
    return renderErrorPage(reply, 404)
  })
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The database out of reach (a restart, a failover) is temporary: 503, and the pool
    // reconnects by itself for the next request.
    const status = error.validation
      ? 400
      : isDatabaseUnavailable(error)
        ? 503
        : error instanceof NotFound
          ? 404
          : isApi(request) && error instanceof FieldProblems
            ? 422
            : (error.statusCode ?? 500)
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ err: error.message }, 'request refused')

    if (isApi(request)) {
      // A service's field problems name the body field they concern, as schema errors do.
      const errors =
        error instanceof FieldProblems
          ? error.problems.map((p) => ({ name: p.field ?? 'body', reason: p.text }))
          : error.validation?.map((v) => ({
              name: v.instancePath
                ? v.instancePath.replace(/^\//, '').replace(/\//g, '.')
                : String(v.params?.missingProperty ?? ''),
              reason: v.message ?? 'is not valid',
            }))
      return sendProblem(
        reply,
        problem(
          status,
          status === 503
            ? 'The service is unavailable for a moment. Try again shortly.'
            : status >= 500
              ? 'Something went wrong on our side.'
              : error.message,
          errors ? { errors } : {},
        ),
      )
    }
    if (error instanceof MalformedBody) return renderMalformedBody(reply, error)
    return renderErrorPage(reply, status >= 400 && status < 600 ? status : 500)
  })
}
