import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { statusLabel, typeLabel } from '../../domain/catalogue.ts'
import type { CredentialSummary } from '../../services/catalogue.ts'
import { PROGRAMME_ACCREDITATION_WORDS } from '../../domain/programme-accreditation.ts'
import type { Services } from '../../services/index.ts'
import { z } from 'zod'
import {
  answer,
  errorsByField,
  formBody,
  formHandler,
  parseForm,
  redirectWithBanner,
  renderForm,
} from '../forms.ts'
import { actorOf, takeFlash } from '../plugins/session.ts'
import { catalogueJsonLd, credentialJsonLd, scriptJson } from './jsonld.ts'
import {
  catalogueQuerySchema,
  parseCatalogueQuery,
  statusOptions,
  typeOptions,
  type CatalogueQuery,
} from './schemas.ts'

const CENTRE_ADMIN = { access: { roles: ['centre_admin'] } } as const
const SlugParams = Type.Object({ slug: Type.String() })

/** Where the Centre published a specification not held here: a web address and its title. */
const DocumentForm = z
  .object({
    action: answer(),
    url: answer(),
    title: answer(),
  })
  .superRefine((form, ctx) => {
    if (form.action === 'remove') return
    if (!form.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Enter the web address of the document' })
    else if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(form.url) || !URL.canParse(form.url)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'Enter a web address starting with https://, like https://www.hee.nhs.uk/credentials.pdf',
      })
    } else if (form.url.length > 2000) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'Web address must be 2,000 characters or fewer',
      })
    }
    if (!form.title)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'Enter the title of the document' })
    else if (form.title.length > 300) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'Title must be 300 characters or fewer' })
    }
  })
const DocumentBody = formBody({
  action: Type.Optional(Type.String({ maxLength: 20 })),
  url: Type.Optional(Type.String({ maxLength: 10_000 })),
  title: Type.Optional(Type.String({ maxLength: 10_000 })),
})
type DocumentBody = Static<typeof DocumentBody>

// The whole national catalogue fits on one page; grouping by area needs all of it at once.
const HTML_PAGE_SIZE = 1000

function groupByArea(items: CredentialSummary[]) {
  const groups: Array<{ area: CredentialSummary['area']; items: CredentialSummary[] }> = []
  for (const item of items) {
    const last = groups.at(-1)
    if (last && last.area.slug === item.area.slug) last.items.push(item)
    else groups.push({ area: item.area, items: [item] })
  }
  return groups
}

const option = (value: string, text: string, selected: string | undefined) => ({
  value,
  text,
  selected: value === selected,
})

export function catalogueRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'catalogue' | 'clock'>,
  baseUrl: string,
): void {
  app.get<{ Querystring: CatalogueQuery }>(
    '/credentials',
    { config: { access: 'public', pageCache: true }, schema: { querystring: catalogueQuerySchema } },
    async (request, reply) => {
      const { form, errors } = parseCatalogueQuery(request.query)
      const areas = await services.catalogue.listAreas()
      if (form.area !== undefined && !areas.some((a) => a.slug === form.area)) {
        errors.push({ text: 'Select a clinical area from the list', href: '#area' })
      }

      const result =
        errors.length === 0
          ? await services.catalogue.search({ ...form, page: 1, pageSize: HTML_PAGE_SIZE })
          : { items: [], total: 0 }
      const filtered = Boolean(form.area || form.status || form.type || form.q)

      return reply.code(errors.length ? 400 : 200).render('catalogue/list.njk', {
        pageTitle: 'Credentials by clinical area',
        columnWidth: 'full',
        errors,
        fieldErrors: errorsByField(errors),
        form,
        filtered,
        groups: groupByArea(result.items),
        total: result.total,
        jsonLd: scriptJson(catalogueJsonLd(baseUrl, `${baseUrl}${request.url}`, result.items)),
        areaItems: [
          { value: '', text: 'All clinical areas' },
          ...areas.map((a) => option(a.slug, a.name, form.area)),
        ],
        statusItems: [
          { value: '', text: 'All statuses' },
          ...statusOptions.map((s) => option(s, statusLabel(s, null, services.clock.today()), form.status)),
        ],
        typeItems: [
          { value: '', text: 'All types' },
          ...typeOptions.map((t) => option(t, typeLabel(t), form.type)),
        ],
      })
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/credentials/:slug',
    {
      config: { access: 'public', pageCache: true },
      schema: { params: Type.Object({ slug: Type.String() }) },
    },
    async (request, reply) => {
      const credential = await services.catalogue.getCredential(request.params.slug)
      if (!credential) return reply.callNotFound()
      const flash = await takeFlash(request)
      return reply.render('catalogue/show.njk', {
        banner: flash.banner,
        pageTitle: credential.title,
        credential,
        programmeAccreditationWords: PROGRAMME_ACCREDITATION_WORDS,
        jsonLd: scriptJson(credentialJsonLd(baseUrl, credential)),
        canSetDocument: request.user?.grants.some((g) => g.role === 'centre_admin') ?? false,
        breadcrumbs: [
          { href: '/', text: 'Home' },
          { href: '/credentials', text: 'Credentials' },
          { href: `/credentials?area=${credential.area.slug}`, text: credential.area.name },
        ],
      })
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/credentials/:slug/document',
    { config: CENTRE_ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const credential = await services.catalogue.getCredential(request.params.slug)
      if (!credential) return reply.callNotFound()
      return renderForm(request, reply, 'catalogue/document.njk', {
        pageTitle: `Where the Centre published ${credential.title}`,
        credential,
        values: { url: credential.document?.url ?? '', title: credential.document?.title ?? '' },
        breadcrumbs: [
          { href: '/credentials', text: 'Credentials' },
          { href: `/credentials/${encodeURIComponent(credential.slug)}`, text: credential.title },
        ],
      })
    },
  )

  app.post<{ Params: { slug: string }; Body: DocumentBody }>(
    '/credentials/:slug/document',
    { config: CENTRE_ADMIN, schema: { params: SlugParams, body: DocumentBody } },
    async (request, reply) => {
      const page = `/credentials/${encodeURIComponent(request.params.slug)}`
      const values = { url: request.body.url ?? '', title: request.body.title ?? '' }
      return formHandler(request, reply, { back: `${page}/document`, field: 'url', values }, async () => {
        const form = parseForm(DocumentForm, request.body)
        const document = form.action === 'remove' ? null : { url: form.url, title: form.title }
        await services.catalogue.setDocument(request.params.slug, document, actorOf(request))
        return redirectWithBanner(request, reply, page, {
          title: document
            ? 'Where the Centre published it is recorded'
            : 'The link to the document is removed',
        })
      })
    },
  )
}
