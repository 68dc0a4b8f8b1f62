// Programmes: a provider's admins list the organisation's MSc programmes, change their
// titles and apply for the Centre's accreditation of each; its staff see them. A provider's people only ever see their own
// organisation's programmes: anything else is "page not found", so nothing leaks.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { ACCREDITATION_LABELS } from '../../domain/providers.ts'
import { PROGRAMME_ACCREDITATION_WORDS } from '../../domain/programme-accreditation.ts'
import type { Services } from '../../services/index.ts'
import { formBody, formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { actorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { chosenOrganisation, holdsRoleFor, organisationsActedFor, PROVIDER_ROLES } from '../acting-for.ts'

const PROVIDER_ADMIN = { access: { roles: ['provider_admin'] } } as const
const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
type IdParams = Static<typeof IdParams>
const OrganisationQuery = Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) })
type OrganisationQuery = Static<typeof OrganisationQuery>
const field = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const ProgrammeBody = formBody({
  organisation: field(),
  rowVersion: field(),
  title: field(),
})
type ProgrammeBody = Static<typeof ProgrammeBody>

/** A programme's accreditation is the Centre's (programme-accreditation.ts); a declaration from before is shown as declared. */
const LABELS = { accreditation: PROGRAMME_ACCREDITATION_WORDS, declared: ACCREDITATION_LABELS }

const programmeInput = (b: ProgrammeBody) => ({ title: b.title ?? '' })

export function programmesRoutes(app: FastifyInstance, services: Pick<Services, 'programmes'>): void {
  const { programmes } = services

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/programmes',
    { config: PROVIDER_PEOPLE, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, PROVIDER_ROLES, request.query.organisation)
      if (!organisation) return reply.callNotFound()
      return renderForm(request, reply, 'programmes/programmes.njk', {
        pageTitle: 'Programmes',
        columnWidth: 'full',
        organisation,
        isAdmin: holdsRoleFor(request, ['provider_admin'], organisation.id),
        programmes: await programmes.listProgrammes(organisation.id),
        labels: LABELS,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  const programmeBreadcrumbs = [
    { href: '/home', text: 'Home' },
    { href: '/provider/programmes', text: 'Programmes' },
  ]

  app.get<{ Querystring: OrganisationQuery }>(
    '/provider/programmes/new',
    { config: PROVIDER_ADMIN, schema: { querystring: OrganisationQuery } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.query.organisation)
      if (!organisation) return reply.callNotFound()
      return renderForm(request, reply, 'programmes/programme-form.njk', {
        pageTitle: 'Add a programme',
        action: '/provider/programmes/new',
        organisation,
        values: {},
        breadcrumbs: programmeBreadcrumbs,
      })
    },
  )

  app.post<{ Body: ProgrammeBody }>(
    '/provider/programmes/new',
    { config: PROVIDER_ADMIN, schema: { body: ProgrammeBody } },
    async (request, reply) => {
      const organisation = chosenOrganisation(request, ['provider_admin'], request.body.organisation)
      if (!organisation) return reply.callNotFound()
      const back = `/provider/programmes/new?organisation=${organisation.id}`
      return formHandler(request, reply, { back, field: 'title', values: request.body }, async () => {
        await programmes.createProgramme(organisation.id, programmeInput(request.body), actorOf(request))
        return redirectWithBanner(request, reply, `/provider/programmes?organisation=${organisation.id}`, {
          title: 'Programme added',
        })
      })
    },
  )

  /** The programme, in one of the organisations where this person is a provider admin. */
  async function ownProgramme(request: FastifyRequest, id: string) {
    for (const organisation of organisationsActedFor(request, ['provider_admin'])) {
      const programme = await programmes.getProgramme(organisation.id, id)
      if (programme) return { programme, organisation }
    }
    return null
  }

  app.get<{ Params: IdParams }>(
    '/provider/programmes/:id/edit',
    { config: PROVIDER_ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await ownProgramme(request, request.params.id)
      if (!found) return reply.callNotFound()
      const { programme, organisation } = found
      return renderForm(request, reply, 'programmes/programme-form.njk', {
        pageTitle: `Change ${programme.title}`,
        action: `/provider/programmes/${programme.id}/edit`,
        organisation,
        values: {
          rowVersion: String(programme.rowVersion),
          title: programme.title,
        },
        breadcrumbs: programmeBreadcrumbs,
      })
    },
  )

  app.post<{ Params: IdParams; Body: ProgrammeBody }>(
    '/provider/programmes/:id/edit',
    { config: PROVIDER_ADMIN, schema: { params: IdParams, body: ProgrammeBody } },
    async (request, reply) => {
      const found = await ownProgramme(request, request.params.id)
      if (!found) return reply.callNotFound()
      const { programme, organisation } = found
      const back = `/provider/programmes/${programme.id}/edit`
      return formHandler(request, reply, { back, field: 'title', values: request.body }, async () => {
        await programmes.updateProgramme(
          organisation.id,
          programme.id,
          rowVersionOf(request.body.rowVersion),
          programmeInput(request.body),
          actorOf(request),
        )
        return redirectWithBanner(request, reply, `/provider/programmes?organisation=${organisation.id}`, {
          title: 'Programme saved',
        })
      })
    },
  )
}
