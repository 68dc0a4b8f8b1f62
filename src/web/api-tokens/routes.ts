// Provider admins: API tokens for their organisation's systems. A token is shown once, on
// the page after it is created, and is stored only as a hash.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { Services } from '../../services/index.ts'
import { z } from 'zod'
import { formBody, formHandler, parseForm, renderForm, required } from '../forms.ts'
import { renderErrorPage } from '../plugins/errors.ts'
import { actorOf, setFlash } from '../plugins/session.ts'
import { holdsRoleFor, organisationsActedFor } from '../acting-for.ts'
import { isRecord } from '../../domain/present.ts'

const PROVIDER_ADMIN = { access: { roles: ['provider_admin'] } } as const

const OrganisationQuery = Type.Object({ organisation: Type.Optional(Type.String()) })
type OrganisationQuery = Static<typeof OrganisationQuery>
const CreateTokenForm = z.object({
  name: required('Enter a name for the token, such as the system that will use it'),
})
const CreateTokenBody = formBody({
  organisation: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
})
type CreateTokenBody = Static<typeof CreateTokenBody>
const TokenParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type TokenParams = Static<typeof TokenParams>
const RevokeBody = formBody({ organisation: Type.Optional(Type.String()) })
type RevokeBody = Static<typeof RevokeBody>

export function providerRoutes(app: FastifyInstance, services: Pick<Services, 'apiTokens'>) {
  const { apiTokens } = services

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/api-tokens',
    { config: PROVIDER_ADMIN, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisations = organisationsActedFor(request, ['provider_admin'])
      const organisation = organisations.find((o) => o.id === request.query.organisation) ?? organisations[0]
      if (!organisation || (request.query.organisation && organisation.id !== request.query.organisation)) {
        return renderErrorPage(reply, 403)
      }
      // Read without taking the flash: renderForm takes it, with the banner.
      const flash = request.session?.data.flash
      const newToken = isRecord(flash) && isRecord(flash.newToken) ? flash.newToken : undefined
      return renderForm(request, reply, 'api-tokens/api-tokens.njk', {
        pageTitle: 'API tokens',
        columnWidth: 'full',
        organisation,
        organisations,
        newToken,
        tokens: await apiTokens.list(organisation.id),
      })
    },
  )

  app.post<{ Body: CreateTokenBody }>(
    '/provider/api-tokens',
    { config: PROVIDER_ADMIN, schema: { body: CreateTokenBody } },
    async (request, reply) => {
      const organisationId = request.body.organisation ?? ''
      if (!holdsRoleFor(request, ['provider_admin'], organisationId)) return renderErrorPage(reply, 403)
      const back = `/provider/api-tokens?organisation=${encodeURIComponent(organisationId)}`
      const values = { name: request.body.name ?? '' }
      return formHandler(request, reply, { back, field: 'name', values }, async () => {
        const { name } = parseForm(CreateTokenForm, request.body)
        const { token } = await apiTokens.create(organisationId, name, actorOf(request))
        await setFlash(request, reply, {
          newToken: { token, name },
          banner: { title: 'API token created', text: 'Copy it now: it will not be shown again.' },
        })
        return reply.redirect(back, 303)
      })
    },
  )

  // Revoking cannot be undone and stops the systems that use the token, so the list links to
  // a page that says so and asks to confirm; only the POST from that page revokes.
  app.get<{ Params: TokenParams; Querystring: OrganisationQuery }>(
    '/provider/api-tokens/:id/revoke',
    { config: PROVIDER_ADMIN, schema: { params: TokenParams, querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisations = organisationsActedFor(request, ['provider_admin'])
      const asked = request.query.organisation
      const organisation = asked ? organisations.find((o) => o.id === asked) : organisations[0]
      if (!organisation) return renderErrorPage(reply, 403)
      const token = (await apiTokens.list(organisation.id)).find((t) => t.id === request.params.id)
      if (!token || token.revokedAt) return reply.callNotFound()
      return renderForm(request, reply, 'api-tokens/revoke.njk', {
        pageTitle: `Revoke the API token ${token.name}`,
        organisation,
        token,
        back: `/provider/api-tokens?organisation=${encodeURIComponent(organisation.id)}`,
      })
    },
  )

  app.post<{ Params: TokenParams; Body: RevokeBody }>(
    '/provider/api-tokens/:id/revoke',
    { config: PROVIDER_ADMIN, schema: { params: TokenParams, body: RevokeBody } },
    async (request, reply) => {
      const organisationId = request.body.organisation ?? ''
      if (!holdsRoleFor(request, ['provider_admin'], organisationId)) return renderErrorPage(reply, 403)
      const back = `/provider/api-tokens?organisation=${encodeURIComponent(organisationId)}`
      return formHandler(request, reply, { back, field: 'tokens' }, async () => {
        await apiTokens.revoke(organisationId, request.params.id, actorOf(request))
        await setFlash(request, reply, { banner: { title: 'API token revoked' } })
        return reply.redirect(back, 303)
      })
    },
  )
}
