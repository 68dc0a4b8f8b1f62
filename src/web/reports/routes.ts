// The implementation plan in numbers: /reports lists the dashboards, /reports/{dashboard} shows
// each figure as a chart with its table, and /reports/data/{id}.csv|.json is each figure's open
// data at a stable address. Everyone sees the public aggregates (small counts withheld); Centre
// staff also see provider-level figures, exactly; a provider sees its own figures beside the
// nation's.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { csvDocument } from '../../domain/csv.ts'
import { londonDay } from '../../domain/dates.ts'
import {
  DASHBOARD_INFO,
  isDashboard,
  type Audience,
  type Dataset,
  type FilterName,
} from '../../domain/statistics.ts'
import type { Services } from '../../services/index.ts'
import { Problem } from '../api/schemas.ts'
import { linkQuery } from '../lists.ts'
import { problem, sendProblem } from '../plugins/errors.ts'
import { chartView } from './charts.ts'
import { filtersAsQuery, FiltersQuery, monthChoices, readFilters, regionChoices } from './filters.ts'

const PUBLIC = { access: 'public' } as const

export const OPEN_GOVERNMENT_LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
}

/** Who is looking: a Centre admin sees everything exactly; a provider's people, their own beside the nation's. */
export function audienceOf(request: FastifyRequest): Audience {
  const grants = request.user?.grants ?? []
  if (grants.some((g) => g.role === 'centre_admin')) return { kind: 'centre' }
  const provider = grants.find(
    (g) => (g.role === 'provider_admin' || g.role === 'provider_staff') && g.organisationId,
  )
  if (provider?.organisationId)
    return {
      kind: 'provider',
      organisationId: provider.organisationId,
      organisationName: provider.organisationName ?? 'Your organisation',
    }
  return { kind: 'public' }
}

const DashboardParams = Type.Object({ dashboard: Type.String({ maxLength: 40 }) })
const DataParams = Type.Object({
  file: Type.String({
    maxLength: 100,
    description: "A figure's id and the format wanted: awards-by-month.csv or awards-by-month.json",
  }),
})
type DataParams = Static<typeof DataParams>

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()])
const OpenDataset = Type.Object({
  id: Type.String(),
  dashboard: Type.String(),
  title: Type.String(),
  summary: Type.String({ description: 'One sentence saying what the figure shows' }),
  url: Type.String({ description: 'This document' }),
  csvUrl: Type.String(),
  licence: Type.Object({ name: Type.String(), url: Type.String() }),
  computedAt: Type.String({ format: 'date-time', description: 'When the figures were computed' }),
  suppressed: Type.Boolean({ description: 'True when counts from 1 to 4 are withheld (null)' }),
  filters: Type.Record(Type.String(), Type.String()),
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), numeric: Type.Boolean() })),
  rows: Type.Array(Type.Record(Type.String(), Cell)),
})
const DatasetIndex = Type.Object({
  licence: Type.Object({ name: Type.String(), url: Type.String() }),
  datasets: Type.Array(
    Type.Object({
      id: Type.String(),
      dashboard: Type.String(),
      csvUrl: Type.String(),
      jsonUrl: Type.String(),
    }),
  ),
})

export function reportsRoutes(app: FastifyInstance, services: Services, baseUrl: string) {
  const { reports, clock } = services

  app.get('/reports', { config: PUBLIC }, async (request, reply) => {
    const audience = audienceOf(request)
    return reply.render('reports/index.njk', {
      pageTitle: 'The implementation plan in numbers',
      dashboards: reports
        .dashboards(audience)
        .filter((d) => d.datasets > 0)
        .map((d) => ({ id: d.dashboard, ...DASHBOARD_INFO[d.dashboard] })),
      audience,
    })
  })

  app.get<{ Params: Static<typeof DashboardParams>; Querystring: FiltersQuery }>(
    '/reports/:dashboard',
    { config: PUBLIC, schema: { params: DashboardParams, querystring: FiltersQuery } },
    async (request, reply) => {
      const { dashboard } = request.params
      if (!isDashboard(dashboard)) return reply.callNotFound()
      const audience = audienceOf(request)
      const choices = await reports.choices()
      const { filters, errors } = readFilters(request.query, choices.areas)
      const datasets = await reports.dashboard(dashboard, filters, audience)
      if (datasets.length === 0) return reply.callNotFound()
      const info = DASHBOARD_INFO[dashboard]
      return reply.render('reports/dashboard.njk', {
        pageTitle: errors.length ? `Error: ${info.title}` : info.title,
        columnWidth: 'full',
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
        info,
        dashboard,
        audience,
        fields: filterFields(reports.filtersOf(dashboard, audience), request.query, {
          months: monthChoices(londonDay(clock.now())),
          regions: regionChoices(),
          areas: choices.areas.map((a) => ({ value: a.slug, text: a.name })),
          professions: choices.professions.map((p) => ({ value: p, text: p })),
          providers: choices.providers.map((p) => ({ value: p.id, text: p.name })),
        }),
        others: reports
          .dashboards(audience)
          .filter((d) => d.datasets > 0 && d.dashboard !== dashboard)
          .map((d) => ({ id: d.dashboard, title: DASHBOARD_INFO[d.dashboard].title })),
        figures: datasets.map((d) => chartView(d, filtersAsQuery(filters, choices.areas))),
        breadcrumbs: [{ href: '/reports', text: 'The implementation plan in numbers' }],
      })
    },
  )

  app.get(
    '/reports/data',
    {
      config: PUBLIC,
      schema: {
        tags: ['open data'],
        summary: 'The figures published as open data',
        description:
          'Every public figure of the dashboards at /reports, with the addresses of its CSV and JSON.',
        response: { 200: DatasetIndex },
      },
    },
    async (request) => {
      const audience = audienceOf(request)
      return {
        licence: OPEN_GOVERNMENT_LICENCE,
        datasets: reports.datasetIds(audience).map((d) => ({
          ...d,
          csvUrl: `${baseUrl}/reports/data/${d.id}.csv`,
          jsonUrl: `${baseUrl}/reports/data/${d.id}.json`,
        })),
      }
    },
  )

  app.get<{ Params: DataParams; Querystring: FiltersQuery }>(
    '/reports/data/:file',
    {
      config: PUBLIC,
      schema: {
        tags: ['open data'],
        summary: "One figure's data, as CSV or JSON",
        description:
          'The rows of one figure of the dashboards, for the filters given (months as YYYY-MM, the clinical area by its slug, the NHS England region by its code, the provider by its id). Public figures withhold counts from 1 to 4 (null in JSON, empty in CSV). Open Government Licence v3.0.',
        params: DataParams,
        querystring: FiltersQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: OpenDataset, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(csv|json)$/.exec(request.params.file)
      if (!match?.[1] || !match[2])
        return sendProblem(reply, problem(404, 'There is no figure at this address'))
      const [, id, format] = match
      const choices = await reports.choices()
      const { filters, errors } = readFilters(request.query, choices.areas)
      if (errors.length)
        return sendProblem(
          reply,
          problem(400, errors.map((e) => e.text).join('. '), { title: 'Bad filters' }),
        )
      const dataset = await reports.dataset(id, filters, audienceOf(request))
      if (!dataset) return sendProblem(reply, problem(404, 'There is no figure at this address'))
      const query = filtersAsQuery(filters, choices.areas)
      const search = linkQuery(query)
      reply
        .header('last-modified', dataset.computedAt.toUTCString())
        .header('link', `<${OPEN_GOVERNMENT_LICENCE.url}>; rel="license"`)
      if (format === 'csv') return sendCsv(reply, dataset)
      return {
        id: dataset.id,
        dashboard: dataset.dashboard,
        title: dataset.title,
        summary: dataset.summary,
        url: `${baseUrl}/reports/data/${dataset.id}.json${search ? `?${search}` : ''}`,
        csvUrl: `${baseUrl}/reports/data/${dataset.id}.csv${search ? `?${search}` : ''}`,
        licence: OPEN_GOVERNMENT_LICENCE,
        computedAt: dataset.computedAt.toISOString(),
        suppressed: dataset.suppressed,
        filters: query,
        columns: dataset.columns,
        rows: dataset.rows,
      }
    },
  )
}

type Option = { value: string; text: string }

const FILTER_FIELDS: Record<FilterName, { label: string; any: string; from: keyof FieldOptions }> = {
  from: { label: 'From', any: 'The earliest', from: 'months' },
  to: { label: 'To', any: 'The latest', from: 'months' },
  area: { label: 'Clinical area', any: 'Any clinical area', from: 'areas' },
  region: { label: 'NHS England region', any: 'Any region', from: 'regions' },
  profession: { label: 'Profession', any: 'Any profession', from: 'professions' },
  provider: { label: 'Provider', any: 'Any provider', from: 'providers' },
}
interface FieldOptions {
  months: Option[]
  regions: Option[]
  areas: Option[]
  professions: Option[]
  providers: Option[]
}

/**
 * The filter form's fields, each a select with its choices and the one chosen. Built here, not in
 * the template: a provider list runs to hundreds of options, which a template loop is slow at.
 */
function filterFields(offered: readonly FilterName[], query: FiltersQuery, options: FieldOptions) {
  return offered.map((name) => {
    const field = FILTER_FIELDS[name]
    const chosen = query[name]
    return {
      id: name,
      label: field.label,
      items: [
        { value: '', text: field.any },
        ...options[field.from].map((o) => (o.value === chosen ? { ...o, selected: true } : o)),
      ],
    }
  })
}

/** A figure's rows as CSV: the column labels, then each row as the JSON has it (withheld: empty). */
export function datasetCsv(dataset: Dataset): string {
  return csvDocument(
    dataset.columns.map((c) => c.label),
    dataset.rows.map((row) => dataset.columns.map((c) => row[c.key] ?? null)),
  )
}

function sendCsv(reply: FastifyReply, dataset: Dataset) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${dataset.id}.csv"`)
    .send(datasetCsv(dataset))
}
