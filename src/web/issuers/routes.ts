// Issuers in public: each provider's and the Centre's did:web DID document (its keys as
// Multikey) and Open Badges 3.0 Profile, at stable addresses anyone verifying a credential
// can resolve. Centre admins rotate an issuer's signing key.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services/index.ts'
import { formBody, redirectWithBanner, renderForm } from '../forms.ts'
import { actorOf } from '../plugins/session.ts'

// Read by verifiers and wallets from pages of their own (src/web/plugins/security.ts).
const MACHINE_DOCUMENT = { access: 'public', crossOrigin: true } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const RotateBody = formBody({})

// Keys change only by rotation, and a verifier may cache the document for a while.
const CACHE = 'public, max-age=300'

export function issuerRoutes(app: FastifyInstance, services: Pick<Services, 'issuers'>) {
  const { issuers } = services

  app.get<{ Params: IdParams }>(
    '/issuers/:id/did.json',
    { config: MACHINE_DOCUMENT, schema: { params: IdParams } },
    async (request, reply) => {
      const document = await issuers.didDocument(request.params.id)
      if (!document) return reply.callNotFound()
      return reply
        .header('cache-control', CACHE)
        .type('application/did+ld+json')
        .send(JSON.stringify(document))
    },
  )

  app.get<{ Params: IdParams }>(
    '/issuers/:id',
    { config: MACHINE_DOCUMENT, schema: { params: IdParams } },
    async (request, reply) => {
      const profile = await issuers.profile(request.params.id)
      if (!profile) return reply.callNotFound()
      return reply.header('cache-control', CACHE).type('application/ld+json').send(JSON.stringify(profile))
    },
  )

  app.get('/admin/issuers', { config: ADMIN }, async (request, reply) =>
    renderForm(request, reply, 'issuers/issuers.njk', {
      pageTitle: 'Issuers and signing keys',
      columnWidth: 'full',
      issuers: await issuers.list(),
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    }),
  )

  // Rotating retires the key the issuer signs with for good, so the buttons lead to a page that
  // says so and asks to confirm; the POST from that page does it.
  app.get<{ Params: IdParams }>(
    '/admin/issuers/:id/rotate-key',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const issuer = await issuers.issuer(request.params.id)
      if (!issuer) return reply.callNotFound()
      const keys = await issuers.keys(issuer.id)
      const current = keys.find((k) => !k.retiredAt) ?? null
      return renderForm(request, reply, 'issuers/rotate-confirm.njk', {
        pageTitle: `Rotate the signing key of ${issuer.name}`,
        issuer,
        current,
        nextNumber: Math.max(0, ...keys.map((k) => k.number)) + 1,
        cancelHref: issuer.centre ? '/admin/issuers' : `/admin/issuers/${issuer.id}`,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/issuers', text: 'Issuers and signing keys' },
          { href: `/admin/issuers/${issuer.id}`, text: issuer.name },
        ],
      })
    },
  )

  app.post<{ Params: IdParams }>(
    '/admin/issuers/:id/rotate-key',
    { config: ADMIN, schema: { params: IdParams, body: RotateBody } },
    async (request, reply) => {
      const issuer = (await issuers.list()).find((i) => i.id === request.params.id)
      if (!issuer) return reply.callNotFound()
      const keyNumber = await issuers.rotate(request.params.id, actorOf(request))
      // Back where the button was: the provider's page, or the list for the Centre's own key.
      const back = issuer.centre ? '/admin/issuers' : `/admin/providers/${request.params.id}#signing-keys`
      return redirectWithBanner(request, reply, back, {
        title: `Signing key ${keyNumber} made`,
        text: 'New credentials are signed with it. Earlier keys stay published, so what they signed still verifies.',
      })
    },
  )
}
