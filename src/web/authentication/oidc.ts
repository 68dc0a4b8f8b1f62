// Signing in through the organisation's OpenID Connect provider, registered only when one is
// configured. Whatever goes wrong at the provider or on the way back, the person lands on
// the sign-in page with a message and can still use their password.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services/index.ts'
import type { OidcProblem, OidcService, OidcTransaction } from '../../services/oidc.ts'
import { FormErrors, redirectWithErrors, safeReturnTo } from '../forms.ts'
import { actorOf, rememberInSession, startSignedInSession } from '../plugins/session.ts'

const PUBLIC = { access: 'public' } as const
const StartQuery = Type.Object({
  again: Type.Optional(Type.String({ maxLength: 10 })),
  returnTo: Type.Optional(Type.String({ maxLength: 2000 })),
})
type StartQuery = Static<typeof StartQuery>

const OR_PASSWORD = 'or sign in with your email address and password'

export const OIDC_MESSAGES = {
  unavailable: `Signing in with your organisation is not available at the moment. Try again later, ${OR_PASSWORD}`,
  noAccount:
    'There is no account for the email address your organisation gave us. Ask the Centre for an invitation',
  refused: `Your organisation did not sign you in. Try again, ${OR_PASSWORD}`,
  unverified: `Your organisation has not confirmed your email address. Ask your organisation to confirm it, ${OR_PASSWORD}`,
  failed: `Signing in with your organisation did not work. Try again, ${OR_PASSWORD}`,
} as const

const PROBLEM_MESSAGES: Record<OidcProblem, string> = {
  refused: OIDC_MESSAGES.refused,
  unverified: OIDC_MESSAGES.unverified,
  failed: OIDC_MESSAGES.failed,
}

function isTransaction(value: unknown): value is OidcTransaction {
  if (!value || typeof value !== 'object') return false
  const { state, nonce, codeVerifier } = value as Record<string, unknown>
  return typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string'
}

/** Takes the values start() made out of the session, so that a callback can use them once only. */
async function takeTransaction(request: FastifyRequest): Promise<OidcTransaction | undefined> {
  const session = request.session
  if (!session || !('oidc' in session.data)) return undefined
  const { oidc, ...rest } = session.data
  session.data = rest
  await request.server.sessions.saveData(session)
  return isTransaction(oidc) ? oidc : undefined
}

function backToSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  values: Record<string, unknown> = {},
) {
  return redirectWithErrors(request, reply, '/sign-in', new FormErrors().add('email', message), values)
}

export function oidcRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'authentication'>,
  oidc: OidcService,
) {
  const { authentication } = services

  // `again=yes`: someone signed in proves it is them before something that cannot be undone
  // (closing their account), and comes back to `returnTo` with a session that starts now.
  app.get<{ Querystring: StartQuery }>(
    '/sign-in/oidc',
    { config: PUBLIC, schema: { querystring: StartQuery } },
    async (request, reply) => {
      const again = request.query.again === 'yes' && Boolean(request.user)
      if (request.user && !again) return reply.redirect('/home', 303)
      if (again) await rememberInSession(request, reply, { returnTo: safeReturnTo(request.query.returnTo) })
      let started: Awaited<ReturnType<OidcService['start']>>
      try {
        started = await oidc.start({ again })
      } catch (error) {
        request.log.warn({ err: error }, 'the OpenID Connect provider could not be reached')
        return backToSignIn(request, reply, OIDC_MESSAGES.unavailable)
      }
      const { url, ...transaction } = started
      await rememberInSession(request, reply, { oidc: transaction })
      return reply.redirect(url, 303)
    },
  )

  app.get('/sign-in/oidc/callback', { config: PUBLIC }, async (request, reply) => {
    const expected = await takeTransaction(request)
    if (!expected) {
      request.log.info('OpenID Connect callback without a sign-in started in this session')
      return backToSignIn(request, reply, OIDC_MESSAGES.failed)
    }
    const result = await oidc.finish(request.url, expected)
    if ('problem' in result) {
      request.log.info({ problem: result.problem, detail: result.detail }, 'OpenID Connect sign-in refused')
      return backToSignIn(request, reply, PROBLEM_MESSAGES[result.problem])
    }
    const userId = await authentication.signInWithVerifiedEmail(result.email, actorOf(request))
    if (!userId) return backToSignIn(request, reply, OIDC_MESSAGES.noAccount, { email: result.email })
    const returnTo = await startSignedInSession(request, reply, userId)
    return reply.redirect(safeReturnTo(returnTo), 303)
  })
}
