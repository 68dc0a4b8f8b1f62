// A practitioner's rights to their data: a copy of everything held about them, and closing
// their account.
import type { FastifyInstance } from 'fastify'
import type { Static } from '@sinclair/typebox'
import type { Services } from '../../services/index.ts'
import { signedInUser } from '../plugins/auth.ts'
import { z } from 'zod'
import { formBody, formHandler, freeTextField, parseForm, renderForm } from '../forms.ts'
import { endSession, processActorOf } from '../plugins/session.ts'

const PRACTITIONER = { access: { roles: ['practitioner'] } } as const
const CloseBody = formBody({ confirm: freeTextField() })
type CloseBody = Static<typeof CloseBody>
const CloseForm = z.object({
  confirm: z.literal('yes', { message: 'Confirm that you want to close your account' }),
})

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
      return formHandler(request, reply, { back: '/my/data', field: 'confirm' }, async () => {
        parseForm(CloseForm, request.body)
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
