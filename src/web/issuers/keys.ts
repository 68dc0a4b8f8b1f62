// An issuer's keys, for Centre admins: each key it has had, and marking a retired key
// compromised from a date, so that what it signed from then on no longer verifies. The signing
// key cannot be marked: it is rotated first (from this page). Marking cannot be undone, so the
// date and the reason are shown on a page of their own to confirm before anything is saved.
// That page is the answer to the form's POST, with the values in hidden fields of its own
// form: nothing typed travels in an address. The final POST checks it all again.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { longDate } from '../../domain/dates.ts'
import type { Services } from '../../services/index.ts'
import { z } from 'zod'
import {
  dateBoxes,
  formBody,
  formHandler,
  parseForm,
  redirectWithBanner,
  renderForm,
  required,
  withDateInput,
} from '../forms.ts'
import { actorOf } from '../plugins/session.ts'
import { dateInputFields, dateInputFrom, dateInputOf } from '../../domain/date-input.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const KeyParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
})
type KeyParams = Static<typeof KeyParams>
const text = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const CompromiseForm = withDateInput(
  z.object({ ...dateBoxes('from'), reason: required('Enter why the key is compromised') }),
  'from',
  'Date the key may have been misused from',
)
const CompromiseBody = formBody({
  'from[day]': text(),
  'from[month]': text(),
  'from[year]': text(),
  reason: text(),
})
type CompromiseBody = Static<typeof CompromiseBody>
const ConfirmBody = formBody({ from: text(), reason: text() })
type ConfirmBody = Static<typeof ConfirmBody>

const str = (value: unknown) => (typeof value === 'string' ? value : '')

/** The service's field names as the form's: the date's first box, or the page's key summary. */
/** The date is one field to the service; its first box is the day. */
const dateHref = (field: string) => (field === 'from' ? '#from-day' : `#${field}`)

export function issuerKeyRoutes(app: FastifyInstance, services: Pick<Services, 'issuers'>): void {
  const { issuers } = services
  const issuerPath = (id: string) => `/admin/issuers/${id}`
  const formPath = (id: string, number: number) => `/admin/issuers/${id}/keys/${number}/compromise`
  const crumbs = (issuer: { id: string; name: string }) => [
    { href: '/home', text: 'Home' },
    { href: '/admin/issuers', text: 'Issuers and signing keys' },
    { href: issuerPath(issuer.id), text: issuer.name },
  ]

  /** The issuer and the key, or null when either is unknown. */
  async function issuerKey(id: string, number: number) {
    const issuer = await issuers.issuer(id)
    const key = issuer && (await issuers.keys(id)).find((k) => k.number === number)
    return issuer && key ? { issuer, key } : null
  }

  app.get<{ Params: IdParams }>(
    '/admin/issuers/:id',
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const issuer = await issuers.issuer(request.params.id)
      if (!issuer) return reply.callNotFound()
      const keys = [...(await issuers.keys(issuer.id))].reverse()
      return renderForm(request, reply, 'issuers/issuer.njk', {
        pageTitle: `${issuer.name}: signing keys`,
        issuer,
        keys,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/issuers', text: 'Issuers and signing keys' },
        ],
      })
    },
  )

  app.get<{ Params: KeyParams }>(
    '/admin/issuers/:id/keys/:number/compromise',
    { config: ADMIN, schema: { params: KeyParams } },
    async (request, reply) => {
      const found = await issuerKey(request.params.id, request.params.number)
      if (!found) return reply.callNotFound()
      return renderForm(request, reply, 'issuers/compromise.njk', {
        pageTitle: `Mark key ${found.key.number} of ${found.issuer.name} as compromised`,
        ...found,
        values: {},
        breadcrumbs: crumbs(found.issuer),
      })
    },
  )

  app.post<{ Params: KeyParams; Body: CompromiseBody }>(
    '/admin/issuers/:id/keys/:number/compromise',
    { config: ADMIN, schema: { params: KeyParams, body: CompromiseBody } },
    async (request, reply) => {
      const { params, body } = request
      const found = await issuerKey(params.id, params.number)
      if (!found) return reply.callNotFound()
      const values = { ...dateInputFields('from', dateInputFrom(body, 'from')), reason: str(body.reason) }
      const form = { back: formPath(params.id, params.number), field: 'reason', values, href: dateHref }
      return formHandler(request, reply, form, async () => {
        const { date: from, reason } = parseForm(CompromiseForm, body)
        await issuers.checkKeyCompromise(params.id, params.number, { from, reason })
        // The confirmation, in answer to this POST: the values go on in its hidden fields.
        reply.header('cache-control', 'no-store')
        return renderForm(request, reply, 'issuers/compromise-confirm.njk', {
          pageTitle: `Confirm: key ${found.key.number} of ${found.issuer.name} is compromised`,
          ...found,
          from,
          reason,
          changeHref: formPath(params.id, params.number),
          breadcrumbs: crumbs(found.issuer),
        })
      })
    },
  )

  app.post<{ Params: KeyParams; Body: ConfirmBody }>(
    '/admin/issuers/:id/keys/:number/compromise/confirm',
    { config: ADMIN, schema: { params: KeyParams, body: ConfirmBody } },
    async (request, reply) => {
      const { params } = request
      if (!(await issuerKey(params.id, params.number))) return reply.callNotFound()
      const from = str(request.body.from)
      const reason = str(request.body.reason)
      const back = formPath(params.id, params.number)
      const values = { ...dateInputFields('from', dateInputOf(from)), reason }
      return formHandler(request, reply, { back, field: 'reason', values, href: dateHref }, async () => {
        const marked = await issuers.markKeyCompromised(
          params.id,
          params.number,
          { from, reason },
          actorOf(request),
        )
        return redirectWithBanner(request, reply, issuerPath(params.id), {
          title: `Key ${params.number} marked compromised from ${longDate(marked)}`,
          text: 'What it signed from then on no longer verifies. It stays in the DID document, so what it signed before still does.',
        })
      })
    },
  )
}
