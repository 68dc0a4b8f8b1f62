// A practitioner's rights to their data: a copy of everything held about them, and closing
// their account. Closing cannot be undone, so it has a page of its own that names what is
// erased and what is kept, and asks the person to prove it is them: their password, or, for
// an account that signs in only through OpenID Connect, a sign-in within the last few minutes.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Static } from '@sinclair/typebox'
import type { Services } from '../../services/index.ts'
import { FieldProblems } from '../../services/errors.ts'
import type { PasswordCheck } from '../../services/authentication.ts'
import { signedInUser } from '../plugins/auth.ts'
import { z } from 'zod'
import { formBody, formHandler, freeTextField, parseForm, renderForm, required } from '../forms.ts'
import { actorOf, endSession, processActorOf, signedInWithin } from '../plugins/session.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const
const CloseBody = formBody({ password: freeTextField() })
type CloseBody = Static<typeof CloseBody>
const CloseForm = z.object({ password: required('Enter your password') })

/** How recent a sign-in through OpenID Connect must be to close an account without a password. */
export const FRESH_SIGN_IN_MINUTES = 10
const CLOSE_PATH = '/my/account/close'

const PASSWORD_REFUSED: Record<Exclude<PasswordCheck, 'confirmed'>, string> = {
  invalid: 'The password is not right. Enter the password you sign in with',
  rate_limited: 'You have tried too many times. Wait 15 minutes, then try again',
}

export function dataRightsRoutes(app: FastifyInstance, services: Services) {
  const { dataRights, authentication } = services
  const breadcrumbs = [{ href: '/home', text: 'Home' }]

  /** How the person proves it is them: their password, or signing in again through their organisation. */
  async function proofOf(request: FastifyRequest) {
    if (await authentication.hasPassword(signedInUser(request).id)) return 'password' as const
    return signedInWithin(request, FRESH_SIGN_IN_MINUTES) ? ('fresh' as const) : ('stale' as const)
  }

  app.get('/my/data', { config: PRACTITIONER }, async (request, reply) =>
    renderForm(request, reply, 'data-rights/data.njk', { pageTitle: 'Your data', breadcrumbs }),
  )

  app.get('/my/data/export', { config: PRACTITIONER }, async (request, reply) => {
    const archive = await dataRights.exportArchive(signedInUser(request).id)
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="my-data-${services.clock.today()}.zip"`)
      .header('Cache-Control', 'no-store')
      .send(archive)
  })

  app.get(CLOSE_PATH, { config: PRACTITIONER }, async (request, reply) =>
    renderForm(request, reply, 'data-rights/close.njk', {
      pageTitle: 'Close your account',
      proof: await proofOf(request),
      freshMinutes: FRESH_SIGN_IN_MINUTES,
      signInAgainHref: `/sign-in/oidc?again=yes&returnTo=${encodeURIComponent(CLOSE_PATH)}`,
      breadcrumbs: [...breadcrumbs, { href: '/my/data', text: 'Your data' }],
    }),
  )

  app.post<{ Body: CloseBody }>(
    CLOSE_PATH,
    { config: PRACTITIONER, schema: { body: CloseBody } },
    async (request, reply) => {
      const proof = await proofOf(request)
      const field = proof === 'password' ? 'password' : 'sign-in-again'
      return formHandler(request, reply, { back: CLOSE_PATH, field }, async () => {
        if (proof === 'password') {
          const { password } = parseForm(CloseForm, request.body)
          const check = await authentication.confirmPassword(
            signedInUser(request).id,
            password,
            actorOf(request),
          )
          if (check !== 'confirmed') throw new FieldProblems([{ field, text: PASSWORD_REFUSED[check] }])
        } else if (proof === 'stale') {
          throw new FieldProblems([
            {
              field,
              text: `Sign in again with your organisation, then close your account within ${FRESH_SIGN_IN_MINUTES} minutes`,
            },
          ])
        }
        await dataRights.closeAccount(processActorOf(request))
        await endSession(request, reply)
        return reply.redirect('/account-closed', 303)
      })
    },
  )

  app.get('/account-closed', { config: { access: 'public' } }, async (_request, reply) =>
    reply.render('data-rights/account-closed.njk', { pageTitle: 'Your account is closed' }),
  )
}
