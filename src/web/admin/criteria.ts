// Centre admins publish new versions of the principles, gateway and endorsement criteria and the
// programme accreditation standards.
// The form holds every criterion of the current version plus one empty row for a new one.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { CRITERION_KINDS, isCriterionKind, KIND_LABELS, type CriterionDraft } from '../../domain/criteria.ts'
import type { Services } from '../../services/index.ts'
import { formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { actorOf, takeFlash } from '../plugins/session.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const KindParams = Type.Object({ kind: Type.String() })
type KindParams = Static<typeof KindParams>
// Field names carry the row number (code_0, statement_0 …); every value is one string.
const CriteriaBody = Type.Record(Type.String(), Type.String())
type CriteriaBody = Static<typeof CriteriaBody>
const MAX_ROWS = 100

interface Row extends CriterionDraft {
  remove: boolean
}

function readRows(body: CriteriaBody): Row[] {
  const count = Math.min(Number(body.rows) || 0, MAX_ROWS)
  const text = (name: string) => (body[name] ?? '').trim()
  return Array.from({ length: count }, (_, i) => ({
    code: text(`code_${i}`),
    parentCode: text(`parentCode_${i}`) || null,
    title: text(`title_${i}`) || null,
    statement: text(`statement_${i}`),
    guidance: text(`guidance_${i}`)
      .split(/\r?\n/)
      .map((g) => g.trim())
      .filter(Boolean),
    note: text(`note_${i}`) || null,
    remove: body[`remove_${i}`] === 'yes',
  }))
}

const isBlank = (r: Row) => !r.code && !r.title && !r.statement && r.guidance.length === 0 && !r.note

export function criteriaAdminRoutes(app: FastifyInstance, services: Pick<Services, 'criteria'>) {
  app.get('/admin/criteria', { config: ADMIN }, async (request, reply) => {
    const sets = await Promise.all(CRITERION_KINDS.map((kind) => services.criteria.current(kind)))
    const flash = await takeFlash(request)
    return reply.render('admin/criteria.njk', {
      pageTitle: 'Criteria',
      banner: flash.banner,
      sets: sets.map((s) => ({ ...s, label: KIND_LABELS[s.kind] })),
    })
  })

  app.get<{ Params: KindParams }>(
    '/admin/criteria/:kind',
    { config: ADMIN, schema: { params: KindParams } },
    async (request, reply) => {
      const { kind } = request.params
      if (!isCriterionKind(kind)) return reply.callNotFound()
      const current = await services.criteria.current(kind)
      const rows = [...current.criteria.map((c) => ({ ...c, remove: false })), emptyRow()]
      return renderForm(request, reply, 'admin/criteria-edit.njk', {
        pageTitle: `Publish new ${KIND_LABELS[kind].toLowerCase()}`,
        kind,
        label: KIND_LABELS[kind],
        version: current.version,
        columnWidth: 'full',
        values: { rows },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/criteria', text: 'Criteria' },
        ],
      })
    },
  )

  app.post<{ Params: KindParams; Body: CriteriaBody }>(
    '/admin/criteria/:kind',
    { config: ADMIN, schema: { params: KindParams, body: CriteriaBody } },
    async (request, reply) => {
      const { kind } = request.params
      if (!isCriterionKind(kind)) return reply.callNotFound()
      const back = `/admin/criteria/${kind}`
      const submitted = readRows(request.body)
      const keptIndex: number[] = []
      const kept: CriterionDraft[] = []
      submitted.forEach((row, i) => {
        if (row.remove || isBlank(row)) return
        keptIndex.push(i)
        kept.push({
          code: row.code,
          parentCode: row.parentCode,
          title: row.title,
          statement: row.statement,
          guidance: row.guidance,
          note: row.note,
        })
      })
      const values = {
        rows: isBlank(submitted.at(-1) ?? emptyRow()) ? submitted : [...submitted, emptyRow()],
      }
      // The service numbers the criteria it was given; the form numbers its rows, removed ones too.
      const href = (field: string) => {
        const [name = '', index = ''] = field.split('_')
        return `#${name}_${keptIndex[Number(index)] ?? 0}`
      }
      return formHandler(request, reply, { back, field: 'code_0', values, href }, async () => {
        const version = await services.criteria.publish(
          kind,
          Number(request.body.basedOn),
          kept,
          actorOf(request),
        )
        return redirectWithBanner(request, reply, '/admin/criteria', {
          title: `${KIND_LABELS[kind]}: version ${version} published`,
        })
      })
    },
  )
}

function emptyRow(): Row {
  return { code: '', parentCode: null, title: null, statement: '', guidance: [], note: null, remove: false }
}
