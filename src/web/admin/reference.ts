// Centre admins publish new versions of the reference content. The framework, the glossary and
// the types of intervention are edited as a whole, row by row as the criteria are; the
// documents list one document at a time (a file per form). Every form's Continue goes to a check
// page that shows what the new version changes, and only that page's button publishes it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { dateFromForm, dateInputFields, dateInputOf } from '../../domain/date-input.ts'
import { isRecord } from '../../domain/present.ts'
import {
  REFERENCE_KIND_LABELS,
  REFERENCE_KIND_PATHS,
  REFERENCE_KINDS,
  readFramework,
  readGlossary,
  readInterventionTypes,
  referenceKindOf,
  type ReferenceDiff,
  type ReferenceKind,
} from '../../domain/reference-content.ts'
import { FieldProblems, ServiceError } from '../../services/errors.ts'
import type { Services } from '../../services/index.ts'
import type { DocumentChange } from '../../services/reference-editing.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import {
  formHandler,
  keepAnswers,
  keptAnswers,
  redirectWithBanner,
  renderForm,
  uploadedFile,
} from '../forms.ts'
import { actorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const KindParams = Type.Object({ kind: Type.String({ maxLength: 40 }) })
type KindParams = Static<typeof KindParams>
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) })
type SlugParams = Static<typeof SlugParams>
// Field names carry the row number (term_0, definition_0 …); every value is one string.
const RowsBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 10_000 }))
type RowsBody = Static<typeof RowsBody>
// Multipart: the file arrives as an UploadedFile (see the multipart options in src/app.ts).
const DocumentBody = Type.Record(Type.String({ maxLength: 40 }), Type.Unknown())
type DocumentBody = Static<typeof DocumentBody>
const MAX_ROWS = 200

/** The kinds edited row by row, by the segment of their address. */
type RowKind = Exclude<ReferenceKind, 'documents'>
const rowKindOf = (segment: string): RowKind | null => {
  const kind = referenceKindOf(segment)
  return kind === 'documents' ? null : kind
}
const segmentOf = (kind: ReferenceKind) => REFERENCE_KIND_PATHS[kind].slice(1)
const formPath = (kind: ReferenceKind) => `/admin/reference/${segmentOf(kind)}`
const crumbs = [
  { href: '/home', text: 'Home' },
  { href: '/admin/reference', text: 'Reference content' },
]

type Values = Record<string, string>

/** The form's fields for a version's content: one set per row, and an empty row for a new one. */
function fieldsOf(kind: RowKind, content: unknown): Values {
  const values: Values = {}
  const rows = (list: Array<Record<string, string>>) => {
    list.forEach((row, i) => {
      for (const [name, value] of Object.entries(row)) values[`${name}_${i}`] = value
      values[`existing_${i}`] = 'yes'
    })
    values.rows = String(list.length + 1)
  }
  if (kind === 'framework') {
    const c = readFramework(content)
    rows(c.capabilities.map((x) => ({ code: x.code, pillar: x.pillarCode, label: x.label })))
  } else if (kind === 'glossary') {
    const c = readGlossary(content)
    rows(c.terms.map((t) => ({ term: t.term, definition: t.definition })))
  } else {
    const c = readInterventionTypes(content)
    rows(c.types.map((t) => ({ name: t.name, description: t.description })))
    values.introduction = c.introduction
    values.comparison = c.comparison
  }
  return values
}

/** Only the string fields a row form sends (never the CSRF token). */
const rowFields = (body: Record<string, unknown>): Values =>
  Object.fromEntries(
    Object.entries(body).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '_csrf',
    ),
  )

/**
 * The content a row form sent: rows to remove and empty new rows left out, and the form's row
 * of each kept entry (the service numbers the entries it was given; the form numbers every row).
 */
function contentFrom(kind: RowKind, body: Values) {
  const count = Math.min(Math.max(Math.trunc(Number(body.rows)) || 0, 0), MAX_ROWS)
  const text = (name: string) => (body[name] ?? '').trim()
  const kept: number[] = []
  const rows = Array.from({ length: count }, (_, i) => i).filter((i) => {
    if (body[`remove_${i}`] === 'yes') return false
    const names =
      kind === 'framework'
        ? ['code', 'label']
        : kind === 'glossary'
          ? ['term', 'definition']
          : ['name', 'description']
    const blank = names.every((n) => !text(`${n}_${i}`)) && body[`existing_${i}`] !== 'yes'
    if (!blank) kept.push(i)
    return !blank
  })
  let content: unknown
  if (kind === 'framework') {
    content = {
      capabilities: rows.map((i) => ({
        code: text(`code_${i}`),
        pillarCode: text(`pillar_${i}`),
        label: text(`label_${i}`),
      })),
    }
  } else if (kind === 'glossary') {
    content = { terms: rows.map((i) => ({ term: text(`term_${i}`), definition: text(`definition_${i}`) })) }
  } else {
    content = {
      introduction: text('introduction'),
      types: rows.map((i) => ({ name: text(`name_${i}`), description: text(`description_${i}`) })),
      comparison: text('comparison'),
    }
  }
  return { content, kept }
}

/** The form as typed, with an empty row at the end for a new entry. */
function withEmptyRow(kind: RowKind, body: Values): Values {
  const count = Math.min(Math.max(Math.trunc(Number(body.rows)) || 0, 0), MAX_ROWS)
  const last = count - 1
  const names =
    kind === 'framework'
      ? ['code', 'label']
      : kind === 'glossary'
        ? ['term', 'definition']
        : ['name', 'description']
  const lastBlank =
    count > 0 &&
    body[`existing_${last}`] !== 'yes' &&
    names.every((n) => !(body[`${n}_${last}`] ?? '').trim())
  return lastBlank ? body : { ...body, rows: String(count + 1) }
}

const named = (labels: string[]) => (labels.length ? labels.join('; ') : 'None')

/** The check page's rows: the summary, and what is added, changed and removed. */
function changeRows(kind: ReferenceKind, version: number, changeSummary: string, diff: ReferenceDiff) {
  return [
    {
      key: 'New version',
      value: `Version ${version + 1} of the ${REFERENCE_KIND_LABELS[kind].toLowerCase()}`,
    },
    { key: 'Summary of the change', value: changeSummary.trim() },
    { key: 'Added', value: named(diff.added.map((e) => e.label)) },
    { key: 'Changed', value: named(diff.changed.map((e) => e.label)) },
    { key: kind === 'framework' ? 'Retired' : 'Removed', value: named(diff.removed.map((e) => e.label)) },
  ]
}

const consequencesOf = (kind: ReferenceKind, version: number) => [
  `Version ${version + 1} becomes the public ${REFERENCE_KIND_LABELS[kind].toLowerCase()} page at once, and its history shows it with what changed.`,
  `Version ${version} stays public in the history; nothing published can be changed afterwards, only followed by another version.`,
]

export function referenceAdminRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'referenceEditing'>,
): void {
  const editing = services.referenceEditing

  app.get('/admin/reference', { config: ADMIN }, async (request, reply) => {
    const kinds = await Promise.all(
      REFERENCE_KINDS.map(async (kind) => ({
        kind,
        label: REFERENCE_KIND_LABELS[kind],
        path: REFERENCE_KIND_PATHS[kind],
        form: formPath(kind),
        version: (await editing.current(kind)).version,
      })),
    )
    const flash = await takeFlash(request)
    return reply.render('admin/reference.njk', {
      pageTitle: 'Reference content',
      banner: flash.banner,
      kinds,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  // The documents list: one document at a time.
  app.get('/admin/reference/documents', { config: ADMIN }, async (request, reply) => {
    const current = await editing.current('documents')
    const flash = await takeFlash(request)
    return reply.render('admin/reference-documents.njk', {
      pageTitle: 'Documents',
      banner: flash.banner,
      version: current.version,
      documents: current.content.documents,
      breadcrumbs: crumbs,
    })
  })

  const documentForm = async (request: FastifyRequest, reply: FastifyReply, slug: string | null) => {
    const current = await editing.current('documents')
    const document = slug === null ? null : current.content.documents.find((d) => d.slug === slug)
    if (slug !== null && !document) return reply.callNotFound()
    const path = `/admin/reference/documents/${slug ?? 'new'}`
    const values: Record<string, unknown> = {
      rowVersion: String(current.version),
      title: document?.title ?? '',
      about: document?.summary ?? '',
      edition: document?.edition ?? '',
      ...(document?.issuedOn ? dateInputFields('issuedOn', dateInputOf(document.issuedOn)) : {}),
      ...keptAnswers(request, path),
    }
    return renderForm(request, reply, 'admin/reference-document.njk', {
      changedSince: changedSince(values.openedOn, current.version),
      pageTitle: document ? `Change ${document.title}` : 'Add a document',
      path,
      document,
      version: current.version,
      values,
      breadcrumbs: [...crumbs, { href: '/admin/reference/documents', text: 'Documents' }],
    })
  }

  app.get('/admin/reference/documents/new', { config: ADMIN }, (request, reply) =>
    documentForm(request, reply, null),
  )
  app.get<{ Params: SlugParams }>(
    '/admin/reference/documents/:slug',
    { config: ADMIN, schema: { params: SlugParams } },
    (request, reply) => documentForm(request, reply, request.params.slug),
  )

  /** The document form's answers, as typed; the date and the file read on their own. */
  const documentAnswers = (body: DocumentBody): Values =>
    Object.fromEntries(
      [
        'title',
        'about',
        'edition',
        'issuedOn[day]',
        'issuedOn[month]',
        'issuedOn[year]',
        'fileId',
        'remove',
        'changeSummary',
        'rowVersion',
      ].map((name) => {
        const value = body[name]
        return [name, typeof value === 'string' ? value : '']
      }),
    )

  const documentChange = (slug: string | null, answers: Values): DocumentChange => {
    const issuedOn = dateFromForm(answers, 'issuedOn', 'Date of the document', true)
    if (isRecord(issuedOn)) throw new FieldProblems([{ field: 'issuedOn', text: issuedOn.error }])
    return {
      slug,
      title: answers.title ?? '',
      about: answers.about ?? '',
      issuedOn,
      edition: answers.edition || null,
      fileId: answers.fileId || null,
      remove: answers.remove === 'yes',
    }
  }

  for (const which of ['new', ':slug'] as const) {
    const slugOf = (request: FastifyRequest<{ Params: Partial<SlugParams> }>) =>
      which === 'new' ? null : (request.params.slug ?? '')
    const schema = which === 'new' ? { body: DocumentBody } : { params: SlugParams, body: DocumentBody }

    app.post<{ Params: Partial<SlugParams>; Body: DocumentBody }>(
      `/admin/reference/documents/${which}/check`,
      { config: ADMIN, schema },
      async (request, reply) => {
        const slug = slugOf(request)
        const path = `/admin/reference/documents/${slug ?? 'new'}`
        const answers = documentAnswers(request.body)
        return formHandler(
          request,
          reply,
          { back: path, field: 'title', values: (error) => typedAfter(error, answers) },
          async () => {
            const file = uploadedFile(request.body.file)
            if (file) answers.fileId = (await editing.uploadDocumentFile(file, actorOf(request))).id
            const basedOn = rowVersionOf(answers.rowVersion)
            const content = await editing.documentsWith(basedOn, documentChange(slug, answers))
            const diff = await editing.check('documents', basedOn, content, answers.changeSummary ?? '')
            const { rowVersion = '', ...fields } = answers
            return renderDecisionCheck(request, reply, {
              pageTitle: 'Publish this version of the documents?',
              breadcrumbs: [...crumbs, { href: '/admin/reference/documents', text: 'Documents' }],
              caption: 'Documents',
              rows: [
                ...changeRows('documents', basedOn, answers.changeSummary ?? '', diff),
                ...(answers.fileId
                  ? [{ key: 'File', value: (await editing.documentFile(answers.fileId)).filename }]
                  : []),
              ],
              consequences: consequencesOf('documents', basedOn),
              form: path,
              action: path,
              fields: { rowVersion, ...fields },
              cancel: '/admin/reference/documents',
            })
          },
        )
      },
    )

    app.post<{ Params: Partial<SlugParams>; Body: DocumentBody }>(
      `/admin/reference/documents/${which}`,
      { config: ADMIN, schema },
      async (request, reply) => {
        const slug = slugOf(request)
        const path = `/admin/reference/documents/${slug ?? 'new'}`
        const answers = documentAnswers(request.body)
        const answer = {
          back: path,
          field: 'title',
          values: (error: FieldProblems) => typedAfter(error, answers),
        }
        return formHandler(request, reply, answer, async () => {
          const basedOn = rowVersionOf(answers.rowVersion)
          const content = await editing.documentsWith(basedOn, documentChange(slug, answers))
          const version = await editing.publish(
            'documents',
            basedOn,
            content,
            answers.changeSummary ?? '',
            actorOf(request),
          )
          await keepAnswers(request, reply, path, {})
          return redirectWithBanner(request, reply, '/admin/reference/documents', {
            title: `Documents: version ${version} published`,
          })
        })
      },
    )
  }

  // The framework, the glossary and the types of intervention: the whole content, row by row.
  app.get<{ Params: KindParams }>(
    '/admin/reference/:kind',
    { config: ADMIN, schema: { params: KindParams } },
    async (request, reply) => {
      const kind = rowKindOf(request.params.kind)
      if (!kind) return reply.callNotFound()
      const [current, pillars] = await Promise.all([editing.current(kind), editing.pillars()])
      // The answers the check page kept (its Change link), whole, or else the version now.
      const kept = rowFields(keptAnswers(request, formPath(kind)))
      const values: Values = {
        ...(Object.keys(kept).length ? kept : fieldsOf(kind, current.content)),
        rowVersion: String(current.version),
      }
      return renderForm(request, reply, 'admin/reference-edit.njk', {
        changedSince: changedSince(values.openedOn, current.version),
        pageTitle: `Publish a new version of the ${REFERENCE_KIND_LABELS[kind].toLowerCase()}`,
        kind,
        label: REFERENCE_KIND_LABELS[kind],
        action: formPath(kind),
        version: current.version,
        pillars,
        columnWidth: 'full',
        values,
        breadcrumbs: crumbs,
      })
    },
  )

  app.post<{ Params: KindParams; Body: RowsBody }>(
    '/admin/reference/:kind/check',
    { config: ADMIN, schema: { params: KindParams, body: RowsBody } },
    async (request, reply) => {
      const kind = rowKindOf(request.params.kind)
      if (!kind) return reply.callNotFound()
      const back = formPath(kind)
      const body = rowFields(request.body)
      const { content, kept } = contentFrom(kind, body)
      return formHandler(request, reply, answerOf(back, kind, body, kept), async () => {
        const basedOn = rowVersionOf(body.rowVersion)
        const changeSummary = body.changeSummary ?? ''
        const diff = await editing.check(kind, basedOn, content, changeSummary)
        const { rowVersion = '', ...fields } = body
        return renderDecisionCheck(request, reply, {
          pageTitle: `Publish this version of the ${REFERENCE_KIND_LABELS[kind].toLowerCase()}?`,
          breadcrumbs: crumbs,
          caption: REFERENCE_KIND_LABELS[kind],
          rows: changeRows(kind, basedOn, changeSummary, diff),
          consequences: consequencesOf(kind, basedOn),
          form: back,
          action: back,
          fields: { rowVersion, ...fields, openedOn: rowVersion },
          cancel: '/admin/reference',
        })
      })
    },
  )

  app.post<{ Params: KindParams; Body: RowsBody }>(
    '/admin/reference/:kind',
    { config: ADMIN, schema: { params: KindParams, body: RowsBody } },
    async (request, reply) => {
      const kind = rowKindOf(request.params.kind)
      if (!kind) return reply.callNotFound()
      const back = formPath(kind)
      const body = rowFields(request.body)
      const { content, kept } = contentFrom(kind, body)
      return formHandler(request, reply, answerOf(back, kind, body, kept), async () => {
        const version = await editing.publish(
          kind,
          rowVersionOf(body.rowVersion),
          content,
          body.changeSummary ?? '',
          actorOf(request),
        )
        await keepAnswers(request, reply, back, {})
        return redirectWithBanner(request, reply, '/admin/reference', {
          title: `${REFERENCE_KIND_LABELS[kind]}: version ${version} published`,
        })
      })
    },
  )
}

/** Problems go back to the form with what was typed; a row's problem to the row the form shows. */
/**
 * A version published since the answers the check page kept were made (the Change link leads
 * back to them): the form shows them against the version now, and says so; the check page
 * then shows what they would change in it.
 */
function changedSince(openedOn: unknown, version: number): number | null {
  return typeof openedOn === 'string' && openedOn !== '' && openedOn !== String(version) ? version : null
}

/**
 * What was typed, shown again after a problem. After "changed since you opened them" the form
 * is made against the version now (the person was told), so it does not keep the old one.
 */
function typedAfter(error: FieldProblems, values: Values): Values {
  if (!(error instanceof ServiceError)) return values
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => name !== 'rowVersion' && name !== 'openedOn'),
  )
}

function answerOf(back: string, kind: RowKind, body: Values, kept: number[]) {
  return {
    back,
    field: 'changeSummary',
    values: (error: FieldProblems) => typedAfter(error, withEmptyRow(kind, body)),
    href: (field: string) => {
      const match = /^(\w+?)_(\d+)$/.exec(field)
      return match ? `#${match[1]}_${kept[Number(match[2])] ?? 0}` : `#${field}`
    },
  }
}
