// The workforce need (docs/reports.md#workforce-need): Centre admins record, per credential or
// clinical area, NHS England region and financial year, how many practitioners the plan needs,
// change a figure (a new version, with the reason), read a need's every version, and remove a
// need after a confirmation page (a version too).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { dateInputFields, dateInputOf } from '../../domain/date-input.ts'
import { longDate } from '../../domain/dates.ts'
import { isOneOf, REGIONS, REGION_LABELS } from '../../domain/providers.ts'
import {
  EARLIEST_NEED_YEAR,
  financialYearLabel,
  financialYearOfDay,
  LATEST_NEED_YEAR,
  type NeedVersionKind,
} from '../../domain/workforce-need.ts'
import type { Services } from '../../services/index.ts'
import type { NeedDetail } from '../../services/workforce-needs.ts'
import {
  answer,
  dateBoxes,
  formHandler,
  parseForm,
  redirectWithBanner,
  renderForm,
  required,
  withDateInput,
} from '../forms.ts'
import { countLabel, LIST_PAGE_SIZE, pageOf } from '../lists.ts'
import { pageLinks } from '../pagination.ts'
import { actorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { IdParams, ListQuery, NeedBody } from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const BASE = '/admin/workforce-need'

const VERSION_KIND_LABELS: Record<NeedVersionKind, string> = {
  recorded: 'Recorded',
  changed: 'Figure changed',
  removed: 'Removed',
}

const plannedField = () =>
  required('Enter the number of practitioners').pipe(
    z.string().regex(/^\d{1,9}$/, 'Number of practitioners must be a whole number, 1 or more'),
  )

const figureFields = {
  planned: plannedField(),
  source: required('Enter the source of the figure'),
  ...dateBoxes('sourceDate'),
}

const NewNeedForm = withDateInput(
  z
    .object({
      subjectKind: z.enum(['credential', 'area'], {
        message: 'Select whether the need is for a credential or a clinical area',
      }),
      credential: answer(),
      area: answer(),
      region: z.enum(REGIONS, { message: 'Select the region' }),
      financialYear: required('Select the financial year').pipe(
        z.string().regex(/^\d{4}$/, 'Select the financial year'),
      ),
      ...figureFields,
    })
    .superRefine(
      (form, ctx) => {
        if (form.subjectKind === 'credential' && !form.credential)
          ctx.addIssue({ code: 'custom', path: ['credential'], message: 'Select the credential' })
        if (form.subjectKind === 'area' && !form.area)
          ctx.addIssue({ code: 'custom', path: ['area'], message: 'Select the clinical area' })
      },
      { when: () => true },
    ),
  'sourceDate',
  'Date of the source',
)

const ChangeForm = withDateInput(
  z.object({ ...figureFields, reason: required('Enter the reason for the change') }),
  'sourceDate',
  'Date of the source',
)

const RemoveForm = z.object({ reason: required('Enter the reason for removing the need') })

/** The body without the CSRF token, to show again on the form. */
const typed = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([key]) => key !== '_csrf'))

const labels = { regions: REGION_LABELS, kinds: VERSION_KIND_LABELS }

/** What a need is, in words: "Acute medicine, London, 2026 to 2027". */
const needTitle = (need: Pick<NeedDetail, 'subjectName' | 'region' | 'financialYear'>) =>
  `${need.subjectName}, ${REGION_LABELS[need.region]}, ${financialYearLabel(need.financialYear)}`

export function workforceNeedRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'workforceNeeds' | 'clock'>,
): void {
  const { workforceNeeds, clock } = services

  const crumbs = (need?: NeedDetail) => [
    { href: '/home', text: 'Home' },
    { href: BASE, text: 'Workforce need' },
    ...(need ? [{ href: `${BASE}/${need.id}`, text: needTitle(need) }] : []),
  ]

  app.get<{ Querystring: ListQuery }>(
    BASE,
    { config: ADMIN, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const page = pageOf(request.query.page)
      const { areas } = await workforceNeeds.options()
      const areaParam = request.query.area ?? ''
      const area = areas.find((a) => a.slug === areaParam)
      const regionParam = request.query.region ?? ''
      const region = isOneOf(REGIONS, regionParam) ? regionParam : undefined
      const { items, total } = await workforceNeeds.list(
        { ...(area ? { areaSlug: area.slug } : {}), ...(region ? { region } : {}) },
        page,
        LIST_PAGE_SIZE,
      )
      return renderForm(request, reply, 'workforce-need/list.njk', {
        pageTitle: 'Workforce need',
        columnWidth: 'full',
        items: items.map((n) => ({
          ...n,
          yearLabel: financialYearLabel(n.financialYear),
          sourceDateText: longDate(n.sourceDate),
        })),
        total,
        totalText: countLabel(total, 'need', 'needs'),
        filtered: Boolean(area ?? region),
        labels,
        areaItems: [
          { value: '', text: 'All clinical areas', selected: !area },
          ...areas.map((a) => ({ value: a.slug, text: a.name, selected: a.slug === area?.slug })),
        ],
        regionItems: [
          { value: '', text: 'All regions', selected: !region },
          ...REGIONS.map((r) => ({ value: r, text: REGION_LABELS[r], selected: r === region })),
        ],
        pagination: pageLinks(
          BASE,
          { area: area?.slug, region },
          page,
          Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
        ),
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get(`${BASE}/new`, { config: ADMIN }, async (request, reply) => {
    const { credentials, areas } = await workforceNeeds.options()
    const thisYear = financialYearOfDay(clock.today())
    const years: number[] = []
    for (let y = EARLIEST_NEED_YEAR; y <= LATEST_NEED_YEAR; y++) years.push(y)
    return renderForm(request, reply, 'workforce-need/new.njk', {
      pageTitle: 'Record a workforce need',
      credentialItems: [
        { value: '', text: 'Choose a credential' },
        ...credentials.map((c) => ({ value: c.slug, text: c.title })),
      ],
      areaItems: [
        { value: '', text: 'Choose a clinical area' },
        ...areas.map((a) => ({ value: a.slug, text: a.name })),
      ],
      regionItems: [
        { value: '', text: 'Choose a region' },
        ...REGIONS.map((r) => ({ value: r, text: REGION_LABELS[r] })),
      ],
      yearItems: [
        { value: '', text: 'Choose a financial year' },
        ...years.map((y) => ({ value: String(y), text: financialYearLabel(y) })),
      ],
      values: { financialYear: String(thisYear) },
      breadcrumbs: crumbs(),
    })
  })

  app.post<{ Body: NeedBody }>(
    `${BASE}/new`,
    { config: ADMIN, schema: { body: NeedBody } },
    async (request, reply) =>
      formHandler(
        request,
        reply,
        { back: `${BASE}/new`, field: 'subjectKind', values: typed(request.body) },
        async () => {
          const form = parseForm(NewNeedForm, request.body)
          const id = await workforceNeeds.record(
            {
              subject:
                form.subjectKind === 'credential'
                  ? { credentialSlug: form.credential }
                  : { areaSlug: form.area },
              region: form.region,
              financialYear: Number(form.financialYear),
              planned: Number(form.planned),
              source: form.source,
              sourceDate: form.date,
            },
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `${BASE}/${id}`, { title: 'Workforce need recorded' })
        },
      ),
  )

  /** A need, removed or not; undefined answers the 404 page. */
  const needOr404 = (id: string) => workforceNeeds.find(id)

  const versionsInWords = (need: NeedDetail) =>
    need.versions.map((v) => ({
      ...v,
      kindText: VERSION_KIND_LABELS[v.kind],
      sourceDateText: longDate(v.sourceDate),
      recordedAtText: longDate(v.recordedAt),
    }))

  app.get<{ Params: IdParams }>(
    `${BASE}/:id`,
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const need = await needOr404(request.params.id)
      if (!need) return reply.callNotFound()
      const [current] = need.versions
      return renderForm(request, reply, 'workforce-need/show.njk', {
        pageTitle: needTitle(need),
        need,
        current,
        yearLabel: financialYearLabel(need.financialYear),
        versions: versionsInWords(need),
        labels,
        breadcrumbs: crumbs(),
      })
    },
  )

  app.get<{ Params: IdParams }>(
    `${BASE}/:id/change`,
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const need = await needOr404(request.params.id)
      if (!need || need.removed) return reply.callNotFound()
      const [current] = need.versions
      return renderForm(request, reply, 'workforce-need/change.njk', {
        pageTitle: `Change the need for ${needTitle(need)}`,
        need,
        current,
        values: {
          planned: String(current?.planned ?? ''),
          source: current?.source ?? '',
          ...(current ? dateInputFields('sourceDate', dateInputOf(current.sourceDate)) : {}),
        },
        breadcrumbs: crumbs(need),
      })
    },
  )

  app.post<{ Params: IdParams; Body: NeedBody }>(
    `${BASE}/:id/change`,
    { config: ADMIN, schema: { params: IdParams, body: NeedBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(
        request,
        reply,
        { back: `${BASE}/${id}/change`, field: 'planned', values: typed(request.body) },
        async () => {
          const form = parseForm(ChangeForm, request.body)
          await workforceNeeds.change(
            id,
            rowVersionOf(request.body.rowVersion),
            {
              planned: Number(form.planned),
              source: form.source,
              sourceDate: form.date,
              reason: form.reason,
            },
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `${BASE}/${id}`, {
            title: 'Figure changed',
            text: 'The figure it replaces is kept in the history below.',
          })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    `${BASE}/:id/remove`,
    { config: ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const need = await needOr404(request.params.id)
      if (!need || need.removed) return reply.callNotFound()
      const [current] = need.versions
      return renderForm(request, reply, 'workforce-need/remove.njk', {
        pageTitle: `Remove the need for ${needTitle(need)}?`,
        need,
        current,
        sourceDateText: current ? longDate(current.sourceDate) : '',
        breadcrumbs: crumbs(need),
      })
    },
  )

  app.post<{ Params: IdParams; Body: NeedBody }>(
    `${BASE}/:id/remove`,
    { config: ADMIN, schema: { params: IdParams, body: NeedBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(
        request,
        reply,
        { back: `${BASE}/${id}/remove`, field: 'reason', values: typed(request.body) },
        async () => {
          const form = parseForm(RemoveForm, request.body)
          await workforceNeeds.remove(
            id,
            rowVersionOf(request.body.rowVersion),
            form.reason,
            actorOf(request),
          )
          return redirectWithBanner(request, reply, `${BASE}/${id}`, {
            title: 'Workforce need removed',
            text: 'It no longer counts towards the plan. Its history is kept below.',
          })
        },
      )
    },
  )
}
