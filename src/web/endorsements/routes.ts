// The Centre's endorsements, for Centre admins: every endorsed version with the state of its
// endorsement, and withdrawing or ending one. That cannot be undone, so the choice and the
// reason are shown on a page of their own to confirm before anything is saved. That page is
// the answer to the form's POST, with the values in hidden fields of its own form: nothing
// typed travels in an address (browser history, server logs). The final POST checks it all
// again, and the row version keeps a stale confirmation from doing anything.
import { Type, type Static } from '@sinclair/typebox'
import { ENDORSEMENT_STATE_WORDS } from '../../domain/endorsements.ts'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'
import { longDate } from '../../domain/dates.ts'
import { formBody, formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { pageLinks } from '../pagination.ts'
import { actorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PAGE_SIZE = 25

const text = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const VersionParams = Type.Object({ versionId: Type.String({ format: 'uuid' }) })
type VersionParams = Static<typeof VersionParams>
const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })
type ListQuery = Static<typeof ListQuery>
const CloseBody = formBody({ rowVersion: text(), action: text(), reason: text() })
type CloseBody = Static<typeof CloseBody>

const str = (value: unknown) => (typeof value === 'string' ? value : '')

export function endorsementRoutes(app: FastifyInstance, services: Pick<Services, 'endorsements'>): void {
  const { endorsements } = services
  const formPath = (versionId: string) => `/admin/endorsements/${versionId}/withdraw`
  const labels = { states: ENDORSEMENT_STATE_WORDS }

  /** What ending the endorsement now means, in the words of the form. */
  const choices = (endOn: string, atNextVersion: boolean) => ({
    withdraw: 'Withdraw: every award made under this version is no longer valid',
    end: `End at the next version: awards made on or before ${longDate(endOn)} stay valid${
      atNextVersion ? ' (the day the next version was published)' : ' (today: no later version is published)'
    }`,
  })

  app.get<{ Querystring: ListQuery }>(
    '/admin/endorsements',
    { config: ADMIN, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1
      const { items, total } = await endorsements.list(page, PAGE_SIZE)
      return renderForm(request, reply, 'endorsements/list.njk', {
        pageTitle: 'Endorsements',
        items,
        total,
        labels,
        pagination: pageLinks('/admin/endorsements', {}, page, Math.max(1, Math.ceil(total / PAGE_SIZE))),
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get<{ Params: VersionParams }>(
    '/admin/endorsements/:versionId/withdraw',
    { config: ADMIN, schema: { params: VersionParams } },
    async (request, reply) => {
      const endorsement = await endorsements.find(request.params.versionId)
      if (!endorsement) return reply.callNotFound()
      const words = choices(endorsement.endOn, endorsement.endAtNextVersion)
      return renderForm(request, reply, 'endorsements/withdraw.njk', {
        pageTitle: `Withdraw or end the endorsement of ${endorsement.title}, version ${endorsement.number}`,
        endorsement,
        labels,
        actionItems: [
          { value: 'withdraw', text: words.withdraw },
          { value: 'end', text: words.end },
        ],
        values: {},
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/endorsements', text: 'Endorsements' },
        ],
      })
    },
  )

  /** Back to the form with the problem, keeping what was typed. */
  const answer = (versionId: string, values: Record<string, string>) => ({
    back: formPath(versionId),
    field: 'action',
    values,
  })

  app.post<{ Params: VersionParams; Body: CloseBody }>(
    '/admin/endorsements/:versionId/withdraw',
    { config: ADMIN, schema: { params: VersionParams, body: CloseBody } },
    async (request, reply) => {
      const { versionId } = request.params
      if (!(await endorsements.find(versionId))) return reply.callNotFound()
      const rowVersion = str(request.body.rowVersion)
      const action = str(request.body.action)
      const reason = str(request.body.reason)
      return formHandler(request, reply, answer(versionId, { action, reason }), async () => {
        const endorsement = await endorsements.check(versionId, rowVersionOf(rowVersion), action, reason)
        // The confirmation, in answer to this POST: the values go on in its hidden fields.
        const words = choices(endorsement.endOn, endorsement.endAtNextVersion)
        reply.header('cache-control', 'no-store')
        return renderForm(request, reply, 'endorsements/confirm.njk', {
          pageTitle: `Confirm: ${action === 'end' ? 'end' : 'withdraw'} the endorsement`,
          endorsement,
          action,
          actionText: action === 'end' ? words.end : words.withdraw,
          reason: reason.trim(),
          rowVersion,
          changeHref: formPath(versionId),
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/admin/endorsements', text: 'Endorsements' },
          ],
        })
      })
    },
  )

  app.post<{ Params: VersionParams; Body: CloseBody }>(
    '/admin/endorsements/:versionId/withdraw/confirm',
    { config: ADMIN, schema: { params: VersionParams, body: CloseBody } },
    async (request, reply) => {
      const { versionId } = request.params
      const endorsement = await endorsements.find(versionId)
      if (!endorsement) return reply.callNotFound()
      const action = str(request.body.action)
      const reason = str(request.body.reason)
      return formHandler(request, reply, answer(versionId, { action, reason }), async () => {
        const done = await endorsements.close(
          versionId,
          rowVersionOf(request.body.rowVersion),
          action,
          reason,
          actorOf(request),
        )
        const name = `${endorsement.title}, version ${endorsement.number}`
        return redirectWithBanner(request, reply, '/admin/endorsements', {
          title: done.endedOn ? `Endorsement of ${name} ended` : `Endorsement of ${name} withdrawn`,
          text: done.endedOn
            ? `Awards made under it on or before ${longDate(done.endedOn)} stay valid; later ones no longer verify.`
            : 'No award made under this version verifies any more. The Centre’s status list says so at once.',
        })
      })
    },
  )
}
