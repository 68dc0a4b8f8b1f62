// Signing in and out, and resetting a forgotten password. Messages never say whether an
// e-mail address has an account.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { normaliseEmail } from '../../domain/accounts.ts'
import type { SignInResult } from '../../services/authentication.ts'
import { FieldProblems } from '../../services/errors.ts'
import type { Services } from '../../services/index.ts'
import { formHandler, parseForm, redirectWithBanner, renderForm, safeReturnTo } from '../forms.ts'
import { actorOf, endSession, rememberInSession, startSignedInSession } from '../plugins/session.ts'
import {
  EmailBody,
  ForgotPasswordForm,
  NewPasswordForm,
  ResetPasswordBody,
  ResetPasswordQuery,
  ReturnToQuery,
  SignInBody,
  SignInForm,
} from './schemas.ts'

const PUBLIC = { access: 'public' } as const

/** Why a sign-in was refused, in words that never say whether the address has an account. */
const SIGN_IN_REFUSED: Record<Exclude<SignInResult['outcome'], 'signed_in'>, string> = {
  invalid: 'Enter a correct email address and password',
  rate_limited: 'You have tried to sign in too many times. Wait 15 minutes, then try again',
  unconfirmed: 'Confirm your email address before you sign in. Use the link in the email we sent you',
}

function linkExpired(reply: FastifyReply) {
  return reply.code(400).render('authentication/link-expired.njk', { pageTitle: 'This link has expired' })
}

export function authenticationRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'authentication'>,
  oidcName?: string,
) {
  const { authentication } = services

  app.get<{ Querystring: ReturnToQuery }>(
    '/sign-in',
    { config: PUBLIC, schema: { querystring: ReturnToQuery } },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeReturnTo(request.query.returnTo), 303)
      if (request.query.returnTo)
        await rememberInSession(request, reply, { returnTo: safeReturnTo(request.query.returnTo) })
      return renderForm(request, reply, 'authentication/sign-in.njk', { pageTitle: 'Sign in', oidcName })
    },
  )

  app.post<{ Body: SignInBody }>(
    '/sign-in',
    { config: PUBLIC, schema: { body: SignInBody } },
    async (request, reply) => {
      const values = { email: request.body.email?.trim() ?? '' }
      return formHandler(request, reply, { back: '/sign-in', field: 'email', values }, async () => {
        const { email, password } = parseForm(SignInForm, request.body)
        const result = await authentication.signIn(email, password, actorOf(request))
        if (result.outcome !== 'signed_in')
          throw new FieldProblems([{ field: 'email', text: SIGN_IN_REFUSED[result.outcome] }])
        const returnTo = await startSignedInSession(request, reply, result.userId)
        return reply.redirect(safeReturnTo(returnTo), 303)
      })
    },
  )

  app.post('/sign-out', { config: PUBLIC }, async (request, reply) => {
    if (request.user) await authentication.recordSignOut(request.user.id, actorOf(request))
    await endSession(request, reply)
    return reply.redirect('/signed-out', 303)
  })

  app.get('/signed-out', { config: PUBLIC }, async (_request, reply) =>
    reply.render('authentication/signed-out.njk', { pageTitle: 'You have signed out' }),
  )

  app.get('/forgot-password', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'authentication/forgot-password.njk', { pageTitle: 'Reset your password' }),
  )

  app.post<{ Body: EmailBody }>(
    '/forgot-password',
    { config: PUBLIC, schema: { body: EmailBody } },
    async (request, reply) => {
      const values = { email: request.body.email?.trim() ?? '' }
      return formHandler(request, reply, { back: '/forgot-password', field: 'email', values }, async () => {
        const { email } = parseForm(ForgotPasswordForm, request.body)
        await authentication.requestPasswordReset(email, actorOf(request))
        await rememberInSession(request, reply, { checkEmail: normaliseEmail(email) })
        return reply.redirect('/forgot-password/check-email', 303)
      })
    },
  )

  // The same page whether or not the address has an account.
  app.get('/forgot-password/check-email', { config: PUBLIC }, async (request, reply) =>
    reply.render('authentication/check-email.njk', {
      pageTitle: 'Check your email',
      email: request.session?.data.checkEmail,
    }),
  )

  app.get<{ Querystring: ResetPasswordQuery }>(
    '/reset-password',
    { config: PUBLIC, schema: { querystring: ResetPasswordQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      if (!token || !(await authentication.passwordResetIsUsable(token))) {
        return linkExpired(reply)
      }
      return renderForm(request, reply, 'authentication/reset-password.njk', {
        pageTitle: 'Choose a new password',
        token,
      })
    },
  )

  app.post<{ Body: ResetPasswordBody }>(
    '/reset-password',
    { config: PUBLIC, schema: { body: ResetPasswordBody } },
    async (request, reply) => {
      const token = request.body.token ?? ''
      const back = `/reset-password?token=${encodeURIComponent(token)}`
      return formHandler(request, reply, { back, field: 'password' }, async () => {
        const { password } = parseForm(NewPasswordForm, request.body)
        await authentication.resetPassword(token, password, actorOf(request))
        return redirectWithBanner(request, reply, '/sign-in', {
          title: 'Your password has been changed',
          text: 'Sign in with your new password.',
        })
      })
    },
  )
}
