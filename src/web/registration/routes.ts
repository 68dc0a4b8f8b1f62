// Registering, confirming an e-mail address and accepting an invitation. Registering answers
// the same whether or not an address has an account.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { emailProblem, MAX_NAME_LENGTH, newPasswordProblems, normaliseEmail } from '../../domain/accounts.ts'
import type { Services } from '../../services/index.ts'
import { formHandler, FormErrors, redirectWithBanner, redirectWithErrors, renderForm } from '../forms.ts'
import { actorOf, rememberInSession, startSignedInSession } from '../plugins/session.ts'
import { AcceptInvitationBody, RegisterBody, TokenBody, TokenQuery } from './schemas.ts'

const PUBLIC = { access: 'public' } as const

const EXPIRED_TITLES = {
  confirm: 'This link has expired',
  invitation: 'This invitation has expired',
} as const

function linkExpired(reply: FastifyReply, kind: keyof typeof EXPIRED_TITLES) {
  return reply.code(400).render('registration/link-expired.njk', { pageTitle: EXPIRED_TITLES[kind], kind })
}

export function registrationRoutes(app: FastifyInstance, services: Pick<Services, 'registration'>) {
  const { registration } = services

  app.get('/register', { config: PUBLIC }, async (request, reply) =>
    renderForm(request, reply, 'registration/register.njk', { pageTitle: 'Create an account' }),
  )

  app.post<{ Body: RegisterBody }>(
    '/register',
    { config: PUBLIC, schema: { body: RegisterBody } },
    async (request, reply) => {
      const displayName = request.body.displayName?.trim() ?? ''
      const email = request.body.email?.trim() ?? ''
      const password = request.body.password ?? ''
      const problems = newPasswordProblems(password, request.body.confirmPassword ?? '', email)
      const errors = new FormErrors()
        .add('displayName', displayName ? null : 'Enter your full name')
        .add(
          'displayName',
          displayName.length > MAX_NAME_LENGTH
            ? `Full name must be ${MAX_NAME_LENGTH} characters or fewer`
            : null,
        )
        .add('email', emailProblem(email))
        .add('password', problems.password)
        .add('confirmPassword', problems.confirmPassword)
      if (errors.any) return redirectWithErrors(request, reply, '/register', errors, { displayName, email })
      const answer = { back: '/register', field: 'email', values: { displayName, email } }
      return formHandler(request, reply, answer, async () => {
        await registration.register({ displayName, email, password }, actorOf(request))
        await rememberInSession(request, reply, { checkEmail: normaliseEmail(email) })
        return reply.redirect('/register/check-email', 303)
      })
    },
  )

  // The same page whether or not the address has an account.
  app.get('/register/check-email', { config: PUBLIC }, async (request, reply) =>
    reply.render('registration/check-email.njk', {
      pageTitle: 'Check your email',
      email: request.session?.data.checkEmail,
    }),
  )

  app.get<{ Querystring: TokenQuery }>(
    '/confirm-email',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) =>
      renderForm(request, reply, 'registration/confirm-email.njk', {
        pageTitle: 'Confirm your email address',
        token: request.query.token ?? '',
      }),
  )

  app.post<{ Body: TokenBody }>(
    '/confirm-email',
    { config: PUBLIC, schema: { body: TokenBody } },
    async (request, reply) => {
      const confirmed = request.body.token
        ? await registration.confirmEmail(request.body.token, actorOf(request))
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

  app.get<{ Querystring: TokenQuery }>(
    '/invitations/accept',
    { config: PUBLIC, schema: { querystring: TokenQuery } },
    async (request, reply) => {
      const token = request.query.token ?? ''
      const invitation = token ? await registration.getInvitation(token) : null
      if (!invitation) {
        return linkExpired(reply, 'invitation')
      }
      return renderForm(request, reply, 'registration/accept-invitation.njk', {
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
      const invitation = token ? await registration.getInvitation(token) : null
      if (!invitation) {
        return linkExpired(reply, 'invitation')
      }
      if (!invitation.accountExists) {
        const problems = newPasswordProblems(password, request.body.confirmPassword ?? '', invitation.email)
        const errors = new FormErrors()
          .add('displayName', displayName ? null : 'Enter your full name')
          .add('password', problems.password)
          .add('confirmPassword', problems.confirmPassword)
        if (errors.any) return redirectWithErrors(request, reply, back, errors, { displayName })
      }
      return formHandler(
        request,
        reply,
        { back, field: 'displayName', values: { displayName } },
        async () => {
          const userId = await registration.acceptInvitation(
            token,
            { displayName, password },
            actorOf(request),
          )
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
