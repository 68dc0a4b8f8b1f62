// Signing in and out, and resetting a forgotten password. Messages never say whether an
// e-mail address has an account.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { emailProblem, newPasswordProblems, normaliseEmail } from '../../domain/accounts.ts'
import type { Services } from '../../services/index.ts'
import {
  formHandler,
  FormErrors,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
  safeReturnTo,
} from '../forms.ts'
import { actorOf, endSession, rememberInSession, startSignedInSession } from '../plugins/session.ts'
import { EmailBody, ResetPasswordBody, ResetPasswordQuery, ReturnToQuery, SignInBody } from './schemas.ts'

const PUBLIC = { access: 'public' } as const

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
      const email = request.body.email?.trim() ?? ''
      const password = request.body.password ?? ''
      const errors = new FormErrors()
        .add('email', email ? emailProblem(email) : 'Enter your email address')
        .add('password', password ? null : 'Enter your password')
      if (errors.any) return redirectWithErrors(request, reply, '/sign-in', errors, { email })

      const result = await authentication.signIn(email, password, actorOf(request))
      switch (result.outcome) {
        case 'invalid':
          return redirectWithErrors(
            request,
            reply,
            '/sign-in',
            new FormErrors().add('email', 'Enter a correct email address and password'),
            { email },
          )
        case 'rate_limited':
          return redirectWithErrors(
            request,
            reply,
            '/sign-in',
            new FormErrors().add(
              'email',
              'You have tried to sign in too many times. Wait 15 minutes, then try again',
            ),
            { email },
          )
        case 'unconfirmed':
          return redirectWithErrors(
            request,
            reply,
            '/sign-in',
            new FormErrors().add(
              'email',
              'Confirm your email address before you sign in. Use the link in the email we sent you',
            ),
            { email },
          )
        case 'signed_in': {
          const returnTo = await startSignedInSession(request, reply, result.userId)
          return reply.redirect(safeReturnTo(returnTo), 303)
        }
      }
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
      const email = request.body.email?.trim() ?? ''
      const errors = new FormErrors().add('email', emailProblem(email))
      if (errors.any) return redirectWithErrors(request, reply, '/forgot-password', errors, { email })
      await authentication.requestPasswordReset(email, actorOf(request))
      await rememberInSession(request, reply, { checkEmail: normaliseEmail(email) })
      return reply.redirect('/forgot-password/check-email', 303)
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
      const password = request.body.password ?? ''
      const back = `/reset-password?token=${encodeURIComponent(token)}`
      const problems = newPasswordProblems(password, request.body.confirmPassword ?? '')
      const errors = new FormErrors()
        .add('password', problems.password)
        .add('confirmPassword', problems.confirmPassword)
      if (errors.any) return redirectWithErrors(request, reply, back, errors)
      return formHandler(request, reply, { back, field: 'password' }, async () => {
        await authentication.resetPassword(token, password, actorOf(request))
        return redirectWithBanner(request, reply, '/sign-in', {
          title: 'Your password has been changed',
          text: 'Sign in with your new password.',
        })
      })
    },
  )
}
