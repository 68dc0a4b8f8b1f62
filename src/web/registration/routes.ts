// Registering, confirming an e-mail address and accepting an invitation. Registering answers
// the same whether or not an address has an account.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { normaliseEmail } from '../../domain/accounts.ts'
import type { Services } from '../../services/index.ts'
import { formHandler, parseForm, redirectWithBanner, renderForm } from '../forms.ts'
import { actorOf, rememberInSession, startSignedInSession } from '../plugins/session.ts'
import {
  AcceptInvitationBody,
  NewAccountForm,
  RegisterBody,
  RegisterForm,
  TokenBody,
  TokenQuery,
} from './schemas.ts'

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
      const values = { displayName: request.body.displayName ?? '', email: request.body.email ?? '' }
      return formHandler(request, reply, { back: '/register', field: 'email', values }, async () => {
        const { displayName, email, password } = parseForm(RegisterForm, request.body)
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
      const back = `/invitations/accept?token=${encodeURIComponent(token)}`
      const invitation = token ? await registration.getInvitation(token) : null
      if (!invitation) {
        return linkExpired(reply, 'invitation')
      }
      return formHandler(
        request,
        reply,
        { back, field: 'displayName', values: { displayName: request.body.displayName ?? '' } },
        async () => {
          // Someone who already has an account keeps its name and password.
          const { displayName, password } = invitation.accountExists
            ? { displayName: '', password: '' }
            : parseForm(NewAccountForm(invitation.email), request.body)
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
