// Published specifications for everyone: each version as a web page, a PDF and JSON-LD at
// addresses that never change, the newest version at the credential's specification address,
// and a comparison of any two versions.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services/index.ts'
import { LICENCE, type PublishedVersion, type PublishedVersionSummary } from '../../services/publication.ts'
import { ServiceError } from '../../services/errors.ts'
import { longDate } from '../../domain/dates.ts'
import { ENDORSEMENT_STATE_WORDS, endorsementState } from '../../domain/endorsements.ts'
import { FormErrors, errorsByField } from '../forms.ts'
import { JSON_LD_TYPE, VOCABULARY_PATH, toJsonLd } from './jsonld.ts'
import { pdfFileName, renderPdf } from './pdf.ts'

const slugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })
const versionParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  number: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
})
const compareQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 50 })),
  to: Type.Optional(Type.String({ maxLength: 50 })),
})

interface SlugParams {
  slug: string
}
interface VersionParams extends SlugParams {
  number: number
}

// Cache-Control. A version's content never changes once published, so its PDF (which says
// only what the version says) may be kept for good. Its page and JSON-LD also say whether a
// newer version exists or the credential was withdrawn, which can change: shared caches
// keep them for five minutes. Signed-in visitors' pages carry their name and CSRF token,
// so only their own browser may keep those.
const IMMUTABLE = 'public, max-age=31536000, immutable'
const SHORT = 'public, max-age=300'
const PRIVATE = 'private, no-cache'

// Set in onSend rather than in the handler, so that answers from the page cache (which
// replies before the handler runs) carry it too; errors are left as they are.
function cacheControl(policy: (request: FastifyRequest) => string) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode === 200) {
      reply.header('Cache-Control', policy(request))
      if (policy(request) !== IMMUTABLE) reply.header('Vary', 'Cookie')
    }
    return payload
  }
}
const pageCaching = cacheControl((request) => (request.session ? PRIVATE : SHORT))

/** Text as the author wrote it, in paragraphs separated by blank lines. */
const paragraphs = (text: string | null | undefined) =>
  (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)

const VERSION_STATE_LABELS: Record<PublishedVersionSummary['state'], string> = {
  published: 'Current',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
}

function breadcrumbs(version: { credential: PublishedVersion['credential'] }) {
  const { credential } = version
  return [
    { href: '/', text: 'Home' },
    { href: '/credentials', text: 'Credentials' },
    { href: `/credentials?area=${encodeURIComponent(credential.area.slug)}`, text: credential.area.name },
    { href: `/credentials/${encodeURIComponent(credential.slug)}`, text: credential.title },
  ]
}

type EndorsementRecord = Awaited<ReturnType<Services['awardCredentials']['endorsementRecord']>>

/**
 * The Centre's endorsement of the version in words, with where its signed form is: in force,
 * ended (awards up to a day stay valid) or withdrawn. Null when the version has none to show.
 */
function endorsementOf(version: PublishedVersion, record: EndorsementRecord) {
  if (!record) return null
  const href = `/achievements/${encodeURIComponent(version.credential.slug)}/${version.number}/endorsement`
  const state = endorsementState(record)
  const { text: status, colour } = ENDORSEMENT_STATE_WORDS[state]
  const words = {
    withdrawn: `The Centre withdrew its endorsement of this version on ${record.withdrawnAt ? longDate(record.withdrawnAt) : ''}: no award made under it is valid.`,
    ended: `The Centre’s endorsement of this version ended on ${record.endedOn ? longDate(record.endedOn) : ''}: awards made under it on or before that day stay valid.`,
    active: 'The Centre’s endorsement of this version is in force.',
  }[state]
  return { href, status, colour, words, reason: state === 'active' ? null : record.withdrawalReason }
}

async function renderVersion(reply: FastifyReply, services: Services, version: PublishedVersion) {
  const record = version.withdrawn
    ? null
    : await services.awardCredentials.endorsementRecord(version.credential.slug, version.number)
  const changedAfterConsultation = await services.consultationOutcomes.changedAfterConsultation(
    version.credential.slug,
    version.number,
  )
  return reply.render('publication/version.njk', {
    endorsement: endorsementOf(version, record),
    changedAfterConsultation,
    pageTitle: `${version.credential.title}: specification, version ${version.number}`,
    version,
    licence: LICENCE,
    paragraphs,
    stateLabels: VERSION_STATE_LABELS,
    stateColours: { published: 'green', superseded: 'grey', withdrawn: 'red' },
    isLatest: version.number === version.latest.number,
    breadcrumbs: breadcrumbs(version),
  })
}

/** "3" as 3; anything else (empty, "two", "1.5", "-1") as undefined. */
const versionNumber = (value: string | undefined) =>
  value !== undefined && /^\d{1,6}$/.test(value.trim()) && Number(value) > 0 ? Number(value) : undefined

export function publicationRoutes(app: FastifyInstance, services: Services) {
  app.get<{ Params: SlugParams }>(
    '/credentials/:slug/specification',
    {
      config: { access: 'public', pageCache: true },
      schema: { params: slugParams },
      onSend: pageCaching,
    },
    async (request, reply) => {
      const version = await services.publication.getLatestPublished(request.params.slug)
      if (!version) return reply.callNotFound()
      return renderVersion(reply, services, version)
    },
  )

  app.get<{ Params: VersionParams }>(
    '/credentials/:slug/specification/versions/:number',
    {
      config: { access: 'public', pageCache: true },
      schema: { params: versionParams },
      onSend: pageCaching,
    },
    async (request, reply) => {
      const version = await services.publication.getPublished(request.params.slug, request.params.number)
      if (!version) return reply.callNotFound()
      return renderVersion(reply, services, version)
    },
  )

  // Never through the page cache: it keeps and answers HTML only.
  app.get<{ Params: VersionParams }>(
    '/credentials/:slug/specification/versions/:number/pdf',
    {
      config: { access: 'public' },
      schema: { params: versionParams },
      onSend: cacheControl(() => IMMUTABLE),
    },
    async (request, reply) => {
      const version = await services.publication.getPublished(request.params.slug, request.params.number)
      if (!version) return reply.callNotFound()
      const pdf = await renderPdf(version)
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${pdfFileName(version)}"`)
        .send(pdf)
    },
  )

  app.get<{ Params: VersionParams }>(
    '/credentials/:slug/specification/versions/:number/jsonld',
    {
      config: { access: 'public' },
      schema: { params: versionParams },
      onSend: cacheControl(() => SHORT),
    },
    async (request, reply) => {
      const version = await services.publication.getPublished(request.params.slug, request.params.number)
      if (!version) return reply.callNotFound()
      return reply.type(`${JSON_LD_TYPE}; charset=utf-8`).send(JSON.stringify(toJsonLd(version), null, 2))
    },
  )

  app.get<{ Params: SlugParams; Querystring: { from?: string; to?: string } }>(
    '/credentials/:slug/specification/compare',
    {
      config: { access: 'public', pageCache: true },
      schema: { params: slugParams, querystring: compareQuery },
      onSend: pageCaching,
    },
    async (request, reply) => {
      const list = await services.publication.listPublished(request.params.slug)
      if (!list || !list.versions.length) return reply.callNotFound()
      const { versions, credential } = list
      // Versions a published consultation was about may be compared too (docs/consultations.md).
      const comparable = (await services.publication.listComparable(request.params.slug)) ?? versions
      const { from: fromText, to: toText } = request.query
      const asked = fromText !== undefined || toText !== undefined
      // Without a choice, the newest version against the one before it.
      const from = asked ? versionNumber(fromText) : comparable.at(-2)?.number
      const to = asked ? versionNumber(toText) : comparable.at(-1)?.number

      const errors = new FormErrors()
      if (comparable.length > 1) {
        if (from === undefined) errors.add('from', 'Select the version to compare from')
        if (to === undefined) errors.add('to', 'Select the version to compare with')
      }
      let comparison = null
      if (comparable.length > 1 && !errors.any && from !== undefined && to !== undefined) {
        try {
          comparison = await services.publication.compare(credential.slug, from, to)
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error
          errors.add(error.field ?? 'to', error.message)
        }
      }
      const options = (selected: number | undefined) =>
        comparable.map((v) => ({
          value: String(v.number),
          text: `Version ${v.number} (${v.state === 'consulted' ? 'consulted on' : VERSION_STATE_LABELS[v.state].toLowerCase()})`,
          selected: v.number === selected,
        }))
      const changedAfterConsultation = comparison
        ? await services.consultationOutcomes.changedAfterConsultation(credential.slug, comparison.to.number)
        : {}
      return reply.code(errors.any ? 400 : 200).render('publication/compare.njk', {
        changedAfterConsultation,
        pageTitle: comparison
          ? `${credential.title}: version ${comparison.from.number} compared with version ${comparison.to.number}`
          : `${credential.title}: compare versions`,
        columnWidth: 'full',
        credential,
        versions: comparable,
        comparison,
        errors: errors.list,
        fieldErrors: errorsByField(errors.list),
        fromItems: options(from),
        toItems: options(to),
        latest: versions.at(-1),
        breadcrumbs: breadcrumbs(list),
      })
    },
  )

  app.get(VOCABULARY_PATH, { config: { access: 'public', pageCache: true } }, async (_request, reply) =>
    reply.render('publication/vocabulary.njk', {
      pageTitle: 'Vocabulary of published specifications',
      vocabularyPath: VOCABULARY_PATH,
    }),
  )
}
