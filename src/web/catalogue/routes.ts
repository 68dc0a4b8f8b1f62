import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { statusLabel, typeLabel } from '../../domain/catalogue.ts'
import type { CredentialSummary } from '../../services/catalogue.ts'
import type { Services } from '../../services/index.ts'
import { errorsByField } from '../forms.ts'
import {
  catalogueQuerySchema,
  parseCatalogueQuery,
  statusOptions,
  typeOptions,
  type CatalogueQuery,
} from './schemas.ts'

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

export function catalogueRoutes(app: FastifyInstance, services: Pick<Services, 'catalogue' | 'clock'>): void {
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
      return reply.render('catalogue/show.njk', {
        pageTitle: credential.title,
        credential,
        breadcrumbs: [
          { href: '/', text: 'Home' },
          { href: '/credentials', text: 'Credentials' },
          { href: `/credentials?area=${credential.area.slug}`, text: credential.area.name },
        ],
      })
    },
  )
}
