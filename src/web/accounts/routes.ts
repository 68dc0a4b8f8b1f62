// Signing in and out, registering, confirming an e-mail address, resetting a password and
// accepting an invitation. Messages never say whether an e-mail address has an account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { emailProblem, normaliseEmail, passwordProblem } from '../../domain/accounts.ts'
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
import {
  AcceptInvitationBody,
  EmailBody,
  MAX_NAME_LENGTH,
  RegisterBody,
  ResetPasswordBody,
  ReturnToQuery,
  SignInBody,
  TokenBody,
  TokenQuery,
} from './schemas.ts'

const PUBLIC = { access: 'public' } as const

const EXPIRED_TITLES = {
  confirm: 'This link has expired',
  reset: 'This link has expired',
  invitation: 'This invitation has expired',
} as const

function linkExpired(reply: FastifyReply, kind: keyof typeof EXPIRED_TITLES) {
  return reply.code(400).render('accounts/link-expired.njk', { pageTitle: EXPIRED_TITLES[kind], kind })
}

/** "Check your email": the same page whether or not the address has an account. */
function checkEmailPage(reason: 'register' | 'reset') {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.render('accounts/check-email.njk', {
      pageTitle: 'Check your email',
      email: request.session?.data.checkEmail,
      reason,
    })
}

function checkNewPassword(errors: FormErrors, password: string, confirm: string, email?: string): void {
  errors.add('password', passwordProblem(password, email))
  if (!errors.list.some((e) => e.href === '#password') && password !== confirm) {
    errors.add('confirmPassword', 'Enter the same password twice')
  }
}

export function accountRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'accounts' | 'mail'>,
  oidcName?: string,
) {
  const { accounts } = services

  app.get<{ Querystring: ReturnToQuery }>(
    '/sign-in',
    { config: PUBLIC, schema: { querystring: ReturnToQuery } },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeReturnTo(request.query.returnTo), 303)
      if (request.query.returnTo)
        await rememberInSession(request, reply, { returnTo: safeReturnTo(request.query.returnTo) })
      return renderForm(request, reply, 'accounts/sign-in.njk', { pageTitle: 'Sign in', oidcName })
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

      const result = await accounts.signIn(email, password, actorOf(request))
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
    if (request.user) await accounts.recordSignOut(request.user.id, actorOf(request))
    await endSession(request, reply)
    return reply.redirect('/signed-out', 303)
  })

  app.get('/signed-out', { config: PUBLIC }, async (_request, reply) =>
    reply.render('accounts/signed-out.njk', { pageTitle: 'You have signed out' }),
  )

  app.get('/register', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'accounts/register.njk', { pageTitle: 'Create an account' }),
  )

  app.post<{ Body: RegisterBody }>(
    '/register',
    { config: PUBLIC, schema: { body: RegisterBody } },
    async (request, reply) => {
      const displayName = request.body.displayName?.trim() ?? ''
      const email = request.body.email?.trim() ?? ''
      const password = request.body.password ?? ''
      const errors = new FormErrors()
        .add('displayName', displayName ? null : 'Enter your full name')
        .add(
          'displayName',
          displayName.length > MAX_NAME_LENGTH
            ? `Full name must be ${MAX_NAME_LENGTH} characters or fewer`
            : null,
        )
        .add('email', emailProblem(email))
      checkNewPassword(errors, password, request.body.confirmPassword ?? '', email)
      if (errors.any) return redirectWithErrors(request, reply, '/register', errors, { displayName, email })
      const answer = { back: '/register', field: 'email', values: { displayName, email } }
      return formHandler(request, reply, answer, async () => {
        await accounts.register({ displayName, email, password }, actorOf(request))
        await rememberInSession(request, reply, { checkEmail: normaliseEmail(email) })
        return reply.redirect('/register/check-email', 303)
      })
    },
  )

  app.get('/register/check-email', { config: PUBLIC }, checkEmailPage('register'))

  app.get<{ Querystring: TokenQuery }>(
    '/confirm-email',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) =>
      renderForm(request, reply, 'accounts/confirm-email.njk', {
        pageTitle: 'Confirm your email address',
        token: request.query.token ?? '',
      }),
  )

  app.post<{ Body: TokenBody }>(
    '/confirm-email',
    { config: PUBLIC, schema: { body: TokenBody } },
    async (request, reply) => {
      const confirmed = request.body.token
        ? await accounts.confirmEmail(request.body.token, actorOf(request))
        : false
      if (!confirmed) {
        return linkExpired(reply, 'confirm')
      }
      return redirectWithBanner(request, reply, '/sign-in', {
        title: 'Your email address is confirmed',
        text: 'You can now sign in.',
      })
    },
  )

  app.get('/forgot-password', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'accounts/forgot-password.njk', { pageTitle: 'Reset your password' }),
  )

  app.post<{ Body: EmailBody }>(
    '/forgot-password',
    { config: PUBLIC, schema: { body: EmailBody } },
    async (request, reply) => {
      const email = request.body.email?.trim() ?? ''
      const errors = new FormErrors().add('email', emailProblem(email))
      if (errors.any) return redirectWithErrors(request, reply, '/forgot-password', errors, { email })
      await accounts.requestPasswordReset(email, actorOf(request))
      await rememberInSession(request, reply, { checkEmail: normaliseEmail(email) })
      return reply.redirect('/forgot-password/check-email', 303)
    },
  )

  app.get('/forgot-password/check-email', { config: PUBLIC }, checkEmailPage('reset'))

  app.get<{ Querystring: TokenQuery }>(
    '/reset-password',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      if (!token || !(await accounts.passwordResetIsUsable(token))) {
        return linkExpired(reply, 'reset')
      }
      return renderForm(request, reply, 'accounts/reset-password.njk', {
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
      const errors = new FormErrors()
      checkNewPassword(errors, password, request.body.confirmPassword ?? '')
      if (errors.any) return redirectWithErrors(request, reply, back, errors)
      return formHandler(request, reply, { back, field: 'password' }, async () => {
        await accounts.resetPassword(token, password, actorOf(request))
        return redirectWithBanner(request, reply, '/sign-in', {
          title: 'Your password has been changed',
          text: 'Sign in with your new password.',
        })
      })
    },
  )

  app.get<{ Querystring: TokenQuery }>(
    '/invitations/accept',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      const invitation = token ? await accounts.getInvitation(token) : null
      if (!invitation) {
        return linkExpired(reply, 'invitation')
      }
      return renderForm(request, reply, 'accounts/accept-invitation.njk', {
        pageTitle: 'Accept your invitation',
        token,
        invitation,
        values: { displayName: invitation.displayName ?? '' },
      })
    },
  )

  app.post<{ Body: AcceptInvitationBody }>(
    '/invitations/accept',
    { config: PUBLIC, schema: { body: AcceptInvitationBody } },
    async (request, reply) => {
      const token = request.body.token ?? ''
      const displayName = request.body.displayName?.trim() ?? ''
      const password = request.body.password ?? ''
      const back = `/invitations/accept?token=${encodeURIComponent(token)}`
      const invitation = token ? await accounts.getInvitation(token) : null
      if (!invitation) {
        return linkExpired(reply, 'invitation')
      }
      if (!invitation.accountExists) {
        const errors = new FormErrors().add('displayName', displayName ? null : 'Enter your full name')
        checkNewPassword(errors, password, request.body.confirmPassword ?? '', invitation.email)
        if (errors.any) return redirectWithErrors(request, reply, back, errors, { displayName })
      }
      return formHandler(
        request,
        reply,
        { back, field: 'displayName', values: { displayName } },
        async () => {
          const userId = await accounts.acceptInvitation(token, { displayName, password }, actorOf(request))
          await startSignedInSession(request, reply, userId)
          return redirectWithBanner(request, reply, '/home', {
            title: 'Invitation accepted',
            text: `You are signed in as ${invitation.email}.`,
          })
        },
      )
    },
  )
}
