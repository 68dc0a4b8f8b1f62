// Awards into digital wallets (OpenID4VCI): the holder's page that makes an offer and shows
// it as a QR code and a link, and the issuer's endpoints wallets call. The endpoints answer
// in the protocol's own terms (OAuth 2.0 error objects), as wallets expect, not RFC 9457.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import QRCode from 'qrcode'
import { isRecord } from '../../domain/present.ts'
import type { Services } from '../../services/index.ts'
import type { ProtocolAnswer } from '../../services/wallet-issuance.ts'
import { formHandler, renderForm } from '../forms.ts'
import { signedInUser } from '../plugins/auth.ts'
import { processActorOf, setFlash } from '../plugins/session.ts'

const SIGNED_IN = { access: 'signed-in' } as const
// Wallets read these from anywhere, web wallets included.
const METADATA = { access: 'public', crossOrigin: true } as const
// Wallets are not browsers with a session: they authenticate by the offer's secrets.
const PROTOCOL = { access: 'public', protocolSecrets: true } as const

const AwardParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type AwardParams = Static<typeof AwardParams>
const OfferParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }) })
type OfferParams = Static<typeof OfferParams>

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

function answer(reply: FastifyReply, result: ProtocolAnswer) {
  reply.header('cache-control', 'no-store')
  if (result.ok) return reply.type('application/json').send(result.body)
  if (result.status === 401) reply.header('www-authenticate', `Bearer error="${result.body.error}"`)
  return reply.code(result.status).type('application/json').send(result.body)
}

export function walletRoutes(app: FastifyInstance, services: Pick<Services, 'walletIssuance'>) {
  const { walletIssuance } = services

  app.get('/.well-known/openid-credential-issuer', { config: METADATA }, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .type('application/json')
      .send(await walletIssuance.credentialIssuerMetadata()),
  )

  app.get('/.well-known/oauth-authorization-server', { config: METADATA }, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .type('application/json')
      .send(walletIssuance.authorizationServerMetadata()),
  )

  // The offer by reference: its address is the secret, so it is not found once used or expired.
  app.get<{ Params: OfferParams }>(
    '/openid4vci/offers/:code',
    { config: METADATA, schema: { params: OfferParams } },
    async (request, reply) => {
      const offer = await walletIssuance.offer(request.params.code)
      if (!offer) return reply.callNotFound()
      return reply.header('cache-control', 'no-store').type('application/json').send(offer)
    },
  )

  app.post('/openid4vci/token', { config: PROTOCOL }, async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {}
    return answer(
      reply,
      await walletIssuance.token({
        grantType: text(body.grant_type),
        code: text(body['pre-authorized_code']),
        txCode: text(body.tx_code),
      }),
    )
  })

  app.post('/openid4vci/nonce', { config: PROTOCOL }, async (_request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(await walletIssuance.nonce()),
  )

  app.post('/openid4vci/credential', { config: PROTOCOL }, async (request, reply) => {
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null
    return answer(reply, await walletIssuance.credential(token || null, request.body, request.ip))
  })

  const crumbs = [
    { href: '/home', text: 'Home' },
    { href: '/my/awards', text: 'Your awards' },
  ]

  app.get<{ Params: AwardParams }>(
    '/my/awards/:id/wallet',
    { config: SIGNED_IN, schema: { params: AwardParams } },
    async (request, reply) => {
      const award = await walletIssuance.award(signedInUser(request).id, request.params.id)
      if (!award) return reply.callNotFound()
      // The offer just made, kept for this one page: its code is stored only as a hash.
      const flash = request.session?.data.flash
      const made = isRecord(flash) && isRecord(flash.walletOffer) ? flash.walletOffer : undefined
      const offer = made && made.awardId === award.id && typeof made.link === 'string' ? made : undefined
      reply.header('cache-control', 'no-store')
      return renderForm(request, reply, 'wallet/wallet.njk', {
        pageTitle: `Add ${award.credentialTitle} to a digital wallet`,
        award,
        offer,
        qrCode: offer
          ? await QRCode.toString(String(offer.link), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
          : null,
        breadcrumbs: crumbs,
      })
    },
  )

  app.post<{ Params: AwardParams }>(
    '/my/awards/:id/wallet',
    { config: SIGNED_IN, schema: { params: AwardParams } },
    async (request, reply) => {
      const back = `/my/awards/${request.params.id}/wallet`
      return formHandler(request, reply, { back, field: 'offer' }, async () => {
        const user = signedInUser(request)
        const offer = await walletIssuance.startOffer(
          processActorOf(request),
          { email: user.email },
          request.params.id,
        )
        if (!offer) return reply.callNotFound()
        await setFlash(request, reply, {
          walletOffer: {
            awardId: request.params.id,
            link: offer.link,
            expiresAt: offer.expiresAt.toISOString(),
            sentTo: offer.sentTo,
          },
        })
        return reply.redirect(back, 303)
      })
    },
  )
}
