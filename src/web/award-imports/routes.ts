// Awards in bulk: provider staff upload a CSV file, which runs as a background job and is
// followed on its own page; machine clients send the same rows as JSON through the API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import {
  API_MAX_AWARDS,
  API_SYNC_LIMIT,
  IMPORT_STATES,
  IdempotencyConflict,
  OUTCOME_STATUS,
  type BatchOutcome,
  type ImportState,
  type ImportSummary,
} from '../../services/award-imports.ts'
import { IMPORT_STATE_LABELS } from '../../domain/import-progress.ts'
import type { ImportProblem } from '../../domain/import-problems.ts'
import { importProgress, timeLeftText } from '../../domain/import-progress.ts'
import { DATE_FORMS } from '../../domain/award-rows.ts'
import { csvDocument } from '../../domain/csv.ts'
import {
  MAX_STORED_PROBLEMS,
  PROBLEM_CSV_HEADER,
  PROBLEMS_SHOWN,
  countText,
  moreProblemsText,
  problemGroupText,
} from '../../domain/import-problems.ts'
import type { Services } from '../../services/index.ts'
import { apiClientOf } from '../plugins/auth.ts'
import { formBody, formHandler, FormErrors, redirectWithErrors, renderForm, uploadedFile } from '../forms.ts'
import { Problem } from '../api/schemas.ts'
import { problem, renderErrorPage, sendProblem } from '../plugins/errors.ts'
import { actorOf } from '../plugins/session.ts'
import { pageLinks } from '../pagination.ts'
import {
  countLabel,
  linkQuery,
  LIST_PAGE_SIZE,
  listChoice,
  listFormat,
  listPage,
  pageOf,
  sendCsv,
} from '../lists.ts'
import { isOneOf } from '../../domain/providers.ts'
import { organisationIdsActedFor } from '../acting-for.ts'

/** The uploads list: a page, a state, or the whole filtered list as CSV. */
const ImportsQuery = Type.Object({ state: listChoice(), page: listPage(), format: listFormat() })
type ImportsQuery = Static<typeof ImportsQuery>

const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
// A multipart form: the file arrives as an UploadedFile (see the multipart options in src/app.ts).
const UploadBody = formBody({ file: Type.Optional(Type.Unknown()) })
type UploadBody = Static<typeof UploadBody>

const STATE_COLOURS: Record<ImportState, string> = {
  queued: 'nhsuk-tag--grey',
  running: 'nhsuk-tag--blue',
  completed: 'nhsuk-tag--green',
  rejected: 'nhsuk-tag--red',
  failed: 'nhsuk-tag--red',
}

// --- The API's schemas ---------------------------------------------------------------------

const nullableText = (description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description }))

const ApiAwardSchema = Type.Object(
  {
    givenName: Type.String({ maxLength: 200 }),
    familyName: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 320 }),
    profession: Type.String({ maxLength: 200 }),
    regulator: Type.String({ maxLength: 20, description: 'NMC, HCPC, GPhC, GMC, GOC, GDC or Other' }),
    registrationNumber: Type.String({ maxLength: 50 }),
    eligibilityBasis: nullableText(
      'enrolled_msc, holds_msc or equivalence; leave out for a learner already registered with one',
    ),
    programme: nullableText('For enrolled_msc: the title of one of your accredited programmes'),
    mscInstitution: nullableText('For holds_msc: the institution that awarded the MSc'),
    mscYear: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'For holds_msc' })),
    awardedOn: Type.String({
      maxLength: 10,
      description: `The date of the award, written like ${DATE_FORMS} (day first: 1/8/2026 is 1 August)`,
    }),
  },
  { additionalProperties: false },
)

const AwardBatchBody = Type.Object(
  {
    deliveryId: Type.String({ format: 'uuid', description: 'One of your approved deliveries' }),
    awards: Type.Array(ApiAwardSchema, { minItems: 1, maxItems: API_MAX_AWARDS }),
  },
  { additionalProperties: false },
)
type AwardBatchBody = Static<typeof AwardBatchBody>
const ProviderParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type ProviderParams = Static<typeof ProviderParams>
const ImportParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  importId: Type.String({ format: 'uuid' }),
})
type ImportParams = Static<typeof ImportParams>
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'A value unique to this batch, such as a UUID. Sending it again replays the answer.',
  }),
})
type IdempotencyHeaders = Static<typeof IdempotencyHeaders>

const BatchCreated = Type.Object({
  created: Type.Integer({ description: 'Awards made' }),
  unchanged: Type.Integer({ description: 'Learners already awarded, left as they were' }),
})
const BatchQueued = Type.Object({
  importId: Type.String(),
  state: Type.String(),
  location: Type.String(),
})
const ImportStatus = Type.Object({
  id: Type.String(),
  deliveryId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String({ description: 'queued, running, completed, rejected or failed' }),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  created: Type.Integer(),
  unchanged: Type.Integer(),
  rejectionCount: Type.Integer({
    description: `Every problem found; rejections lists the first ${MAX_STORED_PROBLEMS} of them`,
  }),
  rejections: Type.Array(
    Type.Object({
      index: Type.Integer({
        description: 'The position of the award in the request, from 0 (or the CSV line)',
      }),
      reason: Type.String(),
    }),
  ),
  error: Type.Union([Type.String(), Type.Null()]),
})

export function awardImportsRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'awardImports' | 'providerLists'>,
  // Config['worker']: a web instance with WORKER=off runs no job work of its own, so an upload
  // is only queued there and a worker elsewhere takes it up.
  options: { runJobsHere: boolean },
): void {
  const { awardImports, providerLists } = services
  const kick = (request: FastifyRequest) => {
    if (!options.runJobsHere) return
    awardImports.kick((error) => request.log.error({ err: error }, 'award import failed'))
  }

  app.get('/provider/award-template.csv', { config: PROVIDER_PEOPLE }, async (_request, reply) => {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="award-template.csv"')
      .send(await awardImports.template())
  })

  app.get<{ Params: IdParams }>(
    '/provider/deliveries/:id/imports/new',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const delivery = await awardImports.deliveryForUpload(
        request.params.id,
        organisationIdsActedFor(request),
      )
      if (!delivery) return renderErrorPage(reply, 404)
      return renderForm(request, reply, 'award-imports/new.njk', { pageTitle: 'Upload awards', delivery })
    },
  )

  app.post<{ Params: IdParams; Body: UploadBody }>(
    '/provider/deliveries/:id/imports/new',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams, body: UploadBody } },
    async (request, reply) => {
      const delivery = await awardImports.deliveryForUpload(
        request.params.id,
        organisationIdsActedFor(request),
      )
      if (!delivery) return renderErrorPage(reply, 404)
      const back = `/provider/deliveries/${delivery.id}/imports/new`
      const file = uploadedFile(request.body.file)
      if (!file)
        return redirectWithErrors(request, reply, back, new FormErrors().add('file', 'Select a CSV file'))
      return formHandler(request, reply, { back, field: 'file' }, async () => {
        const id = await awardImports.queueCsv(
          delivery,
          { content: file.content, filename: file.filename || null },
          actorOf(request),
        )
        // Started now, not awaited: the page it leads to follows the job.
        kick(request)
        return reply.redirect(`/provider/imports/${id}`, 303)
      })
    },
  )

  app.get<{ Querystring: ImportsQuery }>(
    '/provider/imports',
    { config: PROVIDER_PEOPLE, schema: { querystring: ImportsQuery } },
    async (request, reply) => {
      const organisationIds = organisationIdsActedFor(request)
      const state =
        request.query.state && isOneOf(IMPORT_STATES, request.query.state) ? request.query.state : undefined
      if (request.query.format === 'csv')
        return sendCsv(
          reply,
          'award-uploads.csv',
          [
            'Uploaded at',
            'Credential',
            'From',
            'File',
            'State',
            'Rows',
            'Awards made',
            'Already awarded',
            'Finished at',
          ],
          providerLists.allImports(organisationIds, state),
          (i) => [
            i.createdAt.toISOString(),
            i.credentialTitle,
            i.source === 'csv' ? 'CSV file' : 'API',
            i.filename,
            IMPORT_STATE_LABELS[i.state],
            i.totalRows,
            i.createdCount,
            i.unchangedCount,
            i.finishedAt?.toISOString() ?? '',
          ],
        )
      const page = pageOf(request.query.page)
      const list = await providerLists.imports(organisationIds, state, page, LIST_PAGE_SIZE)
      return reply.render('award-imports/list.njk', {
        pageTitle: 'Award uploads',
        columnWidth: 'full',
        imports: list.rows,
        total: list.total,
        totalText: countLabel(list.total, 'upload', 'uploads'),
        state,
        stateItems: [
          { value: '', text: 'Any state' },
          ...IMPORT_STATES.map((s) => ({ value: s, text: IMPORT_STATE_LABELS[s], selected: s === state })),
        ],
        downloadHref: `/provider/imports?${linkQuery({ state, format: 'csv' })}`,
        pagination: pageLinks(
          '/provider/imports',
          { state },
          page,
          Math.max(1, Math.ceil(list.total / LIST_PAGE_SIZE)),
        ),
        stateLabels: IMPORT_STATE_LABELS,
        stateColours: STATE_COLOURS,
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/imports/:id',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const organisationIds = organisationIdsActedFor(request)
      const item = await awardImports.get(request.params.id, organisationIds)
      if (!item) return renderErrorPage(reply, 404)
      const problems =
        item.state === 'rejected'
          ? ((await awardImports.problems(item.id, organisationIds, PROBLEMS_SHOWN)) ?? [])
          : []
      const stored = Math.min(item.problemTotal, MAX_STORED_PROBLEMS)
      return reply.render('award-imports/show.njk', {
        pageTitle: 'Award upload',
        item,
        problems,
        groups: item.problemGroups.map((g) => ({ ...g, text: problemGroupText(g) })),
        problemTotalText: countText(item.problemTotal),
        problemRowsText: countText(item.problemRows),
        storedText: countText(stored),
        moreText: moreProblemsText(item.problemTotal, stored),
        shownMore: item.problemTotal > problems.length,
        refresh: item.state === 'queued' || item.state === 'running',
        progress: importProgress(item, new Date()),
        timeLeft: timeLeftText(importProgress(item, new Date())),
        stateLabels: IMPORT_STATE_LABELS,
        stateColours: STATE_COLOURS,
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/imports/:id/problems.csv',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const organisationIds = organisationIdsActedFor(request)
      const item = await awardImports.get(request.params.id, organisationIds)
      const problems = item && (await awardImports.problems(item.id, organisationIds))
      if (!item || !problems) return renderErrorPage(reply, 404)
      const rows: Array<Array<string | number | null>> = problems.map((p) => [
        p.line,
        p.learnerName,
        p.field,
        p.value,
        p.message,
        p.kind,
      ])
      const more = moreProblemsText(item.problemTotal, problems.length)
      if (more)
        rows.push([
          '',
          '',
          '',
          '',
          `${more} problems, not listed: correct these and upload the file again`,
          '',
        ])
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="upload-problems-${item.id}.csv"`)
        .send(csvDocument(PROBLEM_CSV_HEADER, rows))
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/imports/:id/progress.json',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const item = await awardImports.get(request.params.id, organisationIdsActedFor(request))
      if (!item) return reply.code(404).send({ error: 'There is no such upload' })
      const progress = importProgress(item, new Date())
      return reply.header('cache-control', 'no-store').send({
        state: item.state,
        stateLabel: IMPORT_STATE_LABELS[item.state],
        finished: item.state !== 'queued' && item.state !== 'running',
        ...progress,
        timeLeft: timeLeftText(progress),
      })
    },
  )

  // --- The API ---------------------------------------------------------------------------------

  const apiImportUrl = (providerId: string, importId: string) =>
    `/api/v1/providers/${providerId}/award-imports/${importId}`

  /** The HTTP answer for an outcome, the same the first time and when replayed. */
  function sendOutcome(reply: FastifyReply, providerId: string, outcome: BatchOutcome) {
    const status = OUTCOME_STATUS[outcome.kind]
    switch (outcome.kind) {
      case 'created':
        return reply.code(status).send({ created: outcome.created, unchanged: outcome.unchanged })
      case 'queued': {
        const location = apiImportUrl(providerId, outcome.importId)
        return reply
          .code(status)
          .header('location', location)
          .send({ importId: outcome.importId, state: 'queued', location })
      }
      case 'rejected':
        return sendProblem(
          reply,
          problem(
            status,
            'Nothing was saved: some awards have problems. Correct them and send the batch again.',
            {
              errors: outcome.rejections.map((r) => ({ name: `awards[${r.index}]`, reason: r.reason })),
            },
          ),
        )
    }
  }

  app.post<{ Params: ProviderParams; Body: AwardBatchBody; Headers: IdempotencyHeaders }>(
    '/api/v1/providers/:id/awards',
    {
      config: { access: 'api-token' },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['clients'],
        summary: 'Award a delivery’s credential to learners, in one batch',
        description:
          `Every award is checked before anything is saved: if any has a problem, the answer is 422 listing each one, and nothing is saved. ` +
          `Up to ${API_SYNC_LIMIT} awards are saved at once (201). Larger batches, up to ${API_MAX_AWARDS}, are queued (202): follow the Location to see how the import is going. ` +
          'A learner already awarded on the delivery is left unchanged, so sending a batch twice awards nobody twice. ' +
          'The Idempotency-Key header is required: the same key with the same body replays the first answer; with another body it is refused (422).',
        security: [{ bearerToken: [] }],
        params: ProviderParams,
        headers: IdempotencyHeaders,
        body: AwardBatchBody,
        response: {
          201: BatchCreated,
          202: BatchQueued,
          400: Problem,
          401: Problem,
          404: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const client = apiClientOf(request)
      const providerId = request.params.id
      if (client.organisationId !== providerId)
        return sendProblem(reply, problem(404, `There is no provider ${providerId} for this token`))
      const key = request.headers['idempotency-key']?.trim()
      if (!key)
        return sendProblem(
          reply,
          problem(400, 'Send an Idempotency-Key header, such as a new UUID for each batch.', {
            errors: [{ name: 'Idempotency-Key', reason: 'is required' }],
          }),
        )
      // The service's field problems answer 422 from the error handler, naming the field.
      try {
        const { outcome } = await awardImports.awardBatch(
          providerId,
          { deliveryId: request.body.deliveryId, awards: request.body.awards, idempotencyKey: key },
          { userId: null, label: `api token ${client.tokenName}`, ip: request.ip },
        )
        if (outcome.kind === 'queued') kick(request)
        return sendOutcome(reply, providerId, outcome)
      } catch (error) {
        if (error instanceof IdempotencyConflict)
          return sendProblem(
            reply,
            problem(422, error.message, {
              errors: [{ name: 'Idempotency-Key', reason: 'was used for a different request' }],
            }),
          )
        throw error
      }
    },
  )

  app.get<{ Params: ImportParams }>(
    '/api/v1/providers/:id/award-imports/:importId',
    {
      config: { access: 'api-token' },
      schema: {
        tags: ['clients'],
        summary: 'How a queued batch of awards is going',
        security: [{ bearerToken: [] }],
        params: ImportParams,
        response: { 200: ImportStatus, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const client = apiClientOf(request)
      const { id, importId } = request.params
      const item = client.organisationId === id ? await awardImports.get(importId, [id]) : null
      const problems = item && (await awardImports.problems(importId, [id]))
      if (!item || !problems)
        return sendProblem(reply, problem(404, `There is no award import ${importId} for this provider`))
      return importStatus(item, problems)
    },
  )
}

function importStatus(item: ImportSummary, problems: ImportProblem[]): Static<typeof ImportStatus> {
  return {
    id: item.id,
    deliveryId: item.deliveryId,
    state: item.state,
    totalRows: item.totalRows,
    processedRows: item.processedRows,
    created: item.createdCount,
    unchanged: item.unchangedCount,
    rejectionCount: item.problemTotal,
    rejections: problems.map((r) => ({ index: r.line, reason: r.message })),
    error: item.error,
  }
}
