// Applications for recognition: a body's existing credential or curriculum, its document and
// a crosswalk from its outcomes to the framework's capabilities. Authors write and submit
// them; Centre admins see them all and take them to review.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { nextCode } from '../../domain/specification-content.ts'
import type { Services } from '../../services/index.ts'
import {
  MAX_CROSSWALK_ROWS,
  RECOGNITION_TYPES,
  type ApplicationInput,
  type CrosswalkRow,
} from '../../services/recognition.ts'
import { formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const AUTHOR = { access: { roles: ['specification_author'] } } as const
const AUTHOR_OR_ADMIN = { access: { roles: ['specification_author', 'centre_admin'] } } as const
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) })
type SlugParams = Static<typeof SlugParams>
// Field names carry the crosswalk row (code_0, outcome_0, fw_0 …); capabilities come as a list.
const ApplicationBody = Type.Record(
  Type.String(),
  Type.Union([
    Type.String({ maxLength: 10_000 }),
    Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100 }),
  ]),
)
type ApplicationBody = Static<typeof ApplicationBody>
const SubmitBody = Type.Object({ rowVersion: Type.String() })

const STATE_LABELS: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  under_review: 'Under review',
  revise_and_resubmit: 'Returned for revision',
  not_endorsed: 'Not recognised',
  published: 'Recognised',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
}
const TYPE_LABELS: Record<string, string> = {
  credential_specification: 'Credential specification',
  curriculum: 'Curriculum',
}

interface FormRow extends CrosswalkRow {
  remove: boolean
}

function text(body: ApplicationBody, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value : ''
}

function list(body: ApplicationBody, name: string): string[] {
  const value = body[name]
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '')
}

function readRows(body: ApplicationBody): FormRow[] {
  const count = Math.min(Number(text(body, 'rows')) || 0, MAX_CROSSWALK_ROWS + 1)
  return Array.from({ length: count }, (_, i) => ({
    code: text(body, `code_${i}`).trim(),
    outcome: text(body, `outcome_${i}`).trim(),
    frameworkCodes: list(body, `fw_${i}`),
    remove: text(body, `remove_${i}`) === 'yes',
  }))
}

const isBlank = (row: CrosswalkRow) => !row.outcome && row.frameworkCodes.length === 0

/** What was typed, as the form shows it again: the rows with one empty row at the end. */
function formValues(body: ApplicationBody, rows: FormRow[]) {
  const shown = rows.filter((r) => !r.remove)
  const last = shown.at(-1)
  return {
    title: text(body, 'title'),
    area: text(body, 'area'),
    type: text(body, 'type'),
    ownerName: text(body, 'ownerName'),
    ownerUrl: text(body, 'ownerUrl'),
    documentUrl: text(body, 'documentUrl'),
    summary: text(body, 'summary'),
    rows: last && isBlank(last) ? shown : [...shown, emptyRow(shown)],
  }
}

function emptyRow(rows: ReadonlyArray<{ code: string }>): FormRow {
  return { code: nextCode('R', rows), outcome: '', frameworkCodes: [], remove: false }
}

/** The application as the service takes it, and which form row each crosswalk row came from. */
function readApplication(body: ApplicationBody) {
  const rows = readRows(body)
  const rowIndex: number[] = []
  const crosswalk: CrosswalkRow[] = []
  rows.forEach((row, i) => {
    if (row.remove || isBlank(row)) return
    rowIndex.push(i)
    crosswalk.push({ code: row.code, outcome: row.outcome, frameworkCodes: row.frameworkCodes })
  })
  const input: ApplicationInput = {
    title: text(body, 'title'),
    area: text(body, 'area'),
    type: text(body, 'type'),
    ownerName: text(body, 'ownerName'),
    ownerUrl: text(body, 'ownerUrl'),
    documentUrl: text(body, 'documentUrl'),
    summary: text(body, 'summary'),
    crosswalk,
  }
  // Errors on the form's rows, which removed and empty rows shift.
  const shownIndex = rows.filter((r) => !r.remove).map((r) => rows.indexOf(r))
  const toShown = (field: string) => {
    const match = /^(code|outcome|fw)_(\d+)$/.exec(field)
    if (!match) return field
    const formRow = rowIndex[Number(match[2])] ?? Number(match[2])
    return `${match[1]}_${Math.max(0, shownIndex.indexOf(formRow))}`
  }
  return { input, values: formValues(body, rows), toShown }
}

export function recognitionRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'recognition' | 'reference'>,
) {
  const recognition = services.recognition

  async function formContext() {
    const [areas, framework] = await Promise.all([recognition.areas(), services.reference.framework()])
    return {
      areaItems: [
        { value: '', text: 'Choose a clinical area' },
        ...areas.map((a) => ({ value: a.slug, text: a.name })),
      ],
      typeItems: RECOGNITION_TYPES.map((t) => ({ value: t, text: TYPE_LABELS[t] })),
      pillars: framework.pillars,
      maxRows: MAX_CROSSWALK_ROWS,
    }
  }

  const page = (slug: string) => `/recognition/${encodeURIComponent(slug)}`

  app.get('/recognition', { config: AUTHOR_OR_ADMIN }, async (request, reply) => {
    const actor = processActorOf(request)
    const applications = await recognition.list(actor)
    const flash = await takeFlash(request)
    return reply.render('recognition/list.njk', {
      pageTitle: 'Applications for recognition',
      columnWidth: 'full',
      banner: flash.banner,
      applications,
      isAdmin: actor.roles.includes('centre_admin'),
      isAuthor: actor.roles.includes('specification_author'),
      stateLabels: STATE_LABELS,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get('/recognition/new', { config: AUTHOR }, async (request, reply) => {
    return renderForm(request, reply, 'recognition/form.njk', {
      pageTitle: 'Apply for recognition',
      columnWidth: 'full',
      action: '/recognition/new',
      ...(await formContext()),
      values: { type: '', rows: [emptyRow([])] },
      breadcrumbs: [
        { href: '/home', text: 'Home' },
        { href: '/recognition', text: 'Applications for recognition' },
      ],
    })
  })

  app.post<{ Body: ApplicationBody }>(
    '/recognition/new',
    { config: AUTHOR, schema: { body: ApplicationBody } },
    async (request, reply) => {
      const { input, values, toShown } = readApplication(request.body)
      const href = (field: string) => `#${toShown(field)}`
      return formHandler(
        request,
        reply,
        { back: '/recognition/new', field: 'title', values, href },
        async () => {
          const slug = await recognition.apply(input, processActorOf(request))
          const adding = text(request.body, 'action') === 'add'
          return redirectWithBanner(request, reply, `${page(slug)}${adding ? '#new-outcome' : ''}`, {
            title: 'Application saved as a draft',
            text: 'Complete the crosswalk, then submit the application for review.',
          })
        },
      )
    },
  )

  async function showApplication(request: FastifyRequest<{ Params: SlugParams }>, reply: FastifyReply) {
    const actor = processActorOf(request)
    const application = await recognition.get(request.params.slug, actor)
    if (!application) return reply.callNotFound()
    const { content } = application
    return renderForm(request, reply, 'recognition/show.njk', {
      pageTitle: application.title,
      columnWidth: 'full',
      action: page(application.slug),
      application,
      isAdmin: actor.roles.includes('centre_admin'),
      stateLabels: STATE_LABELS,
      typeLabels: TYPE_LABELS,
      ...(await formContext()),
      values: {
        title: application.title,
        area: application.area.slug,
        type: application.type,
        ownerName: content.ownerName,
        ownerUrl: content.ownerUrl,
        documentUrl: content.documentUrl,
        summary: content.summary,
        rows: [...content.crosswalk.map((r) => ({ ...r, remove: false })), emptyRow(content.crosswalk)],
      },
      breadcrumbs: [
        { href: '/home', text: 'Home' },
        { href: '/recognition', text: 'Applications for recognition' },
      ],
    })
  }

  app.get<{ Params: SlugParams }>(
    '/recognition/:slug',
    { config: AUTHOR_OR_ADMIN, schema: { params: SlugParams } },
    showApplication,
  )

  app.post<{ Params: SlugParams; Body: ApplicationBody }>(
    '/recognition/:slug',
    { config: AUTHOR, schema: { params: SlugParams, body: ApplicationBody } },
    async (request, reply) => {
      const { slug } = request.params
      const { input, values, toShown } = readApplication(request.body)
      const href = (field: string) => `#${toShown(field)}`
      return formHandler(request, reply, { back: page(slug), field: 'title', values, href }, async () => {
        await recognition.update(slug, rowVersionOf(request.body.rowVersion), input, processActorOf(request))
        const adding = text(request.body, 'action') === 'add'
        return redirectWithBanner(request, reply, `${page(slug)}${adding ? '#new-outcome' : ''}`, {
          title: 'Draft saved',
        })
      })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof SubmitBody> }>(
    '/recognition/:slug/submit',
    { config: AUTHOR, schema: { params: SlugParams, body: SubmitBody } },
    async (request, reply) => {
      const { slug } = request.params
      return formHandler(request, reply, { back: page(slug), field: 'submit' }, async () => {
        await recognition.submit(slug, rowVersionOf(request.body.rowVersion), processActorOf(request))
        return redirectWithBanner(request, reply, page(slug), {
          title: 'Application submitted for review',
          text: 'The Centre will assign independent reviewers, who judge it against the endorsement criteria.',
        })
      })
    },
  )

  app.post<{ Params: SlugParams }>(
    '/recognition/:slug/revise',
    { config: AUTHOR, schema: { params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params
      return formHandler(request, reply, { back: page(slug), field: 'submit' }, async () => {
        const number = await recognition.revise(slug, processActorOf(request))
        return redirectWithBanner(request, reply, page(slug), {
          title: `Version ${number} started`,
          text: 'Revise the application in the light of the report, then submit it again.',
        })
      })
    },
  )
}
