// A practitioner's rights to their data: a copy of everything held about them, and closing
// their account.
import type { FastifyInstance } from 'fastify'
import type { Static } from '@sinclair/typebox'
import type { Services } from '../../services/index.ts'
import { signedInUser } from '../plugins/auth.ts'
import { formBody, FormErrors, redirectWithErrors, renderForm, freeTextField } from '../forms.ts'
import { endSession, processActorOf } from '../plugins/session.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const
const CloseBody = formBody({ confirm: freeTextField() })
type CloseBody = Static<typeof CloseBody>

export function dataRightsRoutes(app: FastifyInstance, services: Services) {
  const { dataRights } = services
  const breadcrumbs = [{ href: '/home', text: 'Home' }]

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

  app.post<{ Body: CloseBody }>(
    '/my/account/close',
    { config: PRACTITIONER, schema: { body: CloseBody } },
    async (request, reply) => {
      if (request.body.confirm !== 'yes')
        return redirectWithErrors(
          request,
          reply,
          '/my/data',
          new FormErrors().add('confirm', 'Confirm that you want to close your account'),
        )
      await dataRights.closeAccount(processActorOf(request))
      await endSession(request, reply)
      return reply.redirect('/account-closed', 303)
    },
  )

  app.get('/account-closed', { config: { access: 'public' } }, async (_request, reply) =>
    reply.render('data-rights/account-closed.njk', { pageTitle: 'Your account is closed' }),
  )
}
