// Applications for recognition: a body's existing credential or curriculum, its document and
// a crosswalk from its outcomes to the framework's capabilities. Authors write them as an NHS
// task list (a page per section, each saving whatever is there), check every answer and only
// from that page submit them; Centre admins see them all, take them to review and record the
// decision, in recognition's own words, after a page that says what it will do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import {
  isRecognitionSection,
  RECOGNITION_DECIDED_LABELS,
  RECOGNITION_DECISION_LABELS,
  RECOGNITION_SECTION_TITLES,
  RECOGNITION_SECTIONS,
  recognitionSectionOf,
  recognitionSectionStatus,
  type RecognitionSection,
} from '../../domain/recognition.ts'
import { nextCode } from '../../domain/specification-content.ts'
import type { Decision } from '../../domain/specification-lifecycle.ts'
import type { Services } from '../../services/index.ts'
import {
  MAX_CROSSWALK_ROWS,
  RECOGNITION_TYPES,
  type Application,
  type ApplicationInput,
  type CrosswalkRow,
} from '../../services/recognition.ts'
import { isRecommendation, RECOMMENDATIONS } from '../../services/reviews.ts'
import {
  answer,
  formHandler,
  keptAnswers,
  parseForm,
  redirectWithBanner,
  renderForm,
  required,
} from '../forms.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { crosswalkComparison, reportForView, viewHelpers } from '../reviews/view-helpers.ts'
import { longDate } from '../../domain/dates.ts'
import { checkRow, taskListItems } from '../task-list.ts'

const AUTHOR = { access: { roles: ['specification_author'] } } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const
const AUTHOR_OR_ADMIN = { access: { roles: ['specification_author', 'centre_admin'] } } as const
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) })
type SlugParams = Static<typeof SlugParams>
const SectionParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  section: Type.String({ minLength: 1, maxLength: 40 }),
})
type SectionParams = Static<typeof SectionParams>
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
const text_ = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const DecideBody = Type.Object({
  rowVersion: text_(20),
  outcome: text_(50),
  conditions: text_(20000),
})
type DecideBody = Static<typeof DecideBody>
const DecideForm = z
  .object({
    outcome: required('Select the decision'),
    conditions: answer(),
  })
  .refine((form) => form.outcome !== 'endorse_with_conditions' || form.conditions !== '', {
    path: ['conditions'],
    message: 'Enter the conditions of recognition',
    // Checked with the other fields, so that every missing answer shows at once.
    when: () => true,
  })

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
/** The first field of each section's page: where a problem that names no field is shown. */
const FIRST_FIELDS: Record<RecognitionSection, string> = {
  about: 'title',
  owner: 'ownerName',
  crosswalk: 'outcome_0',
}

/** What recording each decision does, said on the page that asks to confirm it. */
function consequencesOf(outcome: Decision, a: Application, authorName: string): string[] {
  const owner = a.content.ownerName || 'its owner'
  const told = `${authorName}, who applied, is e-mailed the decision and the consolidated report.`
  switch (outcome) {
    case 'endorse':
    case 'endorse_with_conditions':
      return [
        `${a.title} is listed in the public catalogue as recognised, owned by ${owner}, with its summary and a link to its document.`,
        `Version ${a.versionNumber} of the application is published, and its crosswalk shows on the public page.`,
        outcome === 'endorse_with_conditions'
          ? `${told} The e-mail sets out the conditions of recognition.`
          : told,
      ]
    case 'revise_and_resubmit':
      return [
        'Nothing becomes public: the application stays out of the catalogue.',
        `${told} They can start a revised application and submit it again.`,
      ]
    case 'not_endorsed':
      return [
        'Nothing becomes public: the application stays out of the catalogue.',
        `${told} This version of the application is closed.`,
      ]
  }
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

function emptyRow(rows: ReadonlyArray<{ code: string }>): FormRow {
  return { code: nextCode('R', rows), outcome: '', frameworkCodes: [], remove: false }
}

/** Rows as the crosswalk page shows them: with one empty row at the end for a new outcome. */
function withEmptyRow(rows: FormRow[]): FormRow[] {
  const last = rows.at(-1)
  return last && isBlank(last) ? rows : [...rows, emptyRow(rows)]
}

/** What was typed, as the form shows it again. */
function formValues(body: ApplicationBody, rows: FormRow[]) {
  return {
    title: text(body, 'title'),
    area: text(body, 'area'),
    type: text(body, 'type'),
    ownerName: text(body, 'ownerName'),
    ownerUrl: text(body, 'ownerUrl'),
    documentUrl: text(body, 'documentUrl'),
    summary: text(body, 'summary'),
    rows: withEmptyRow(rows.filter((r) => !r.remove)),
  }
}

/** The application as saved, as the forms show it. */
function storedValues(a: Application) {
  return {
    title: a.title,
    area: a.area.slug,
    type: a.type,
    ownerName: a.content.ownerName,
    ownerUrl: a.content.ownerUrl,
    documentUrl: a.content.documentUrl,
    summary: a.content.summary,
    rows: withEmptyRow(a.content.crosswalk.map((r) => ({ ...r, remove: false }))),
  }
}

function storedInput(a: Application): ApplicationInput {
  return {
    title: a.title,
    area: a.area.slug,
    type: a.type,
    ownerName: a.content.ownerName,
    ownerUrl: a.content.ownerUrl,
    documentUrl: a.content.documentUrl,
    summary: a.content.summary,
    crosswalk: a.content.crosswalk,
  }
}

/** The stored application with one section's answers taken from what was typed on its page. */
function withSection(
  stored: ApplicationInput,
  typed: ApplicationInput,
  section: RecognitionSection,
): ApplicationInput {
  switch (section) {
    case 'about':
      return { ...stored, title: typed.title, area: typed.area, type: typed.type, summary: typed.summary }
    case 'owner':
      return {
        ...stored,
        ownerName: typed.ownerName,
        ownerUrl: typed.ownerUrl,
        documentUrl: typed.documentUrl,
      }
    case 'crosswalk':
      return { ...stored, crosswalk: typed.crosswalk }
  }
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
  services: Pick<Services, 'recognition' | 'reference' | 'reviews'>,
) {
  const { recognition, reviews } = services

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
  const sectionPath = (slug: string, section: RecognitionSection) => `${page(slug)}/sections/${section}`
  /** Where a problem with a field is answered: the field on its section's page. */
  const fieldHref = (slug: string, field: string) =>
    `${sectionPath(slug, recognitionSectionOf(field))}#${field}`
  const crumbs = [
    { href: '/home', text: 'Home' },
    { href: '/recognition', text: 'Applications for recognition' },
  ]
  const applicationCrumbs = (a: Application) => [...crumbs, { href: page(a.slug), text: a.title }]

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

  // A new application starts with its first section: what is put forward, which makes the draft.
  app.get('/recognition/new', { config: AUTHOR }, async (request, reply) => {
    return renderForm(request, reply, 'recognition/form.njk', {
      pageTitle: 'Apply for recognition',
      action: '/recognition/new',
      ...(await formContext()),
      values: { type: '' },
      breadcrumbs: crumbs,
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
          return redirectWithBanner(request, reply, page(slug), {
            title: 'Application saved as a draft',
            text: 'Complete each section, then check your answers and submit the application.',
          })
        },
      )
    },
  )

  async function renderTaskList(request: FastifyRequest, reply: FastifyReply, a: Application) {
    const missingFields = a.missing.map((m) => m.field)
    const { items, completedCount } = taskListItems(
      RECOGNITION_SECTIONS.map((section) => ({
        title: RECOGNITION_SECTION_TITLES[section],
        href: sectionPath(a.slug, section),
        status: recognitionSectionStatus(a, section, missingFields),
      })),
    )
    return renderForm(request, reply, 'recognition/tasks.njk', {
      pageTitle: `Application for recognition: ${a.title}`,
      application: a,
      stateLabels: STATE_LABELS,
      sections: items,
      completedCount,
      checkPath: `${page(a.slug)}/check`,
      breadcrumbs: crumbs,
    })
  }

  app.get<{ Params: SlugParams }>(
    '/recognition/:slug',
    { config: AUTHOR_OR_ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const application = await recognition.get(request.params.slug, actor)
      if (!application) return reply.callNotFound()
      if (application.editable) return renderTaskList(request, reply, application)
      return renderForm(request, reply, 'recognition/show.njk', {
        pageTitle: application.title,
        columnWidth: 'full',
        application,
        isAdmin: actor.roles.includes('centre_admin'),
        stateLabels: STATE_LABELS,
        typeLabels: TYPE_LABELS,
        decisionLabel: application.decision
          ? isRecommendation(application.decision.outcome)
            ? RECOGNITION_DECIDED_LABELS[application.decision.outcome]
            : application.decision.outcome
          : null,
        breadcrumbs: crumbs,
      })
    },
  )

  // The whole application in one post, as the sections post their parts: scripts use it.
  app.post<{ Params: SlugParams; Body: ApplicationBody }>(
    '/recognition/:slug',
    { config: AUTHOR, schema: { params: SlugParams, body: ApplicationBody } },
    async (request, reply) => {
      const { slug } = request.params
      const { input, toShown } = readApplication(request.body)
      const href = (field: string) => fieldHref(slug, toShown(field))
      return formHandler(request, reply, { back: page(slug), field: 'title', href }, async () => {
        await recognition.update(slug, rowVersionOf(request.body.rowVersion), input, processActorOf(request))
        return redirectWithBanner(request, reply, page(slug), { title: 'Draft saved' })
      })
    },
  )

  app.get<{ Params: SectionParams }>(
    '/recognition/:slug/sections/:section',
    { config: AUTHOR, schema: { params: SectionParams } },
    async (request, reply) => {
      const { section } = request.params
      const application = await recognition.get(request.params.slug, processActorOf(request))
      if (!application || !isRecognitionSection(section)) return reply.callNotFound()
      if (!application.editable) return reply.redirect(page(application.slug), 303)
      return renderForm(request, reply, 'recognition/section.njk', {
        pageTitle: `${RECOGNITION_SECTION_TITLES[section]}: ${application.title}`,
        application,
        section,
        sectionTitle: RECOGNITION_SECTION_TITLES[section],
        action: sectionPath(application.slug, section),
        tasksPath: page(application.slug),
        ...(await formContext()),
        values: storedValues(application),
        breadcrumbs: applicationCrumbs(application),
      })
    },
  )

  app.post<{ Params: SectionParams; Body: ApplicationBody }>(
    '/recognition/:slug/sections/:section',
    { config: AUTHOR, schema: { params: SectionParams, body: ApplicationBody } },
    async (request, reply) => {
      const { section } = request.params
      const actor = processActorOf(request)
      const application = await recognition.get(request.params.slug, actor)
      if (!application || !isRecognitionSection(section)) return reply.callNotFound()
      const { slug } = application
      const here = sectionPath(slug, section)
      const { input, values, toShown } = readApplication(request.body)
      const answer = {
        back: application.editable ? here : page(slug),
        field: FIRST_FIELDS[section],
        // What was typed on this page, over what is saved of the others.
        values: { ...storedValues(application), ...pick(values, section) },
        href: (field: string) => `#${toShown(field)}`,
      }
      return formHandler(request, reply, answer, async () => {
        // Only this section's answers change: the others stay as they were saved.
        const merged = withSection(storedInput(application), input, section)
        await recognition.update(slug, rowVersionOf(text(request.body, 'rowVersion')), merged, actor)
        if (text(request.body, 'action') === 'add') return reply.redirect(`${here}#new-outcome`, 303)
        return redirectWithBanner(request, reply, page(slug), {
          title: `${RECOGNITION_SECTION_TITLES[section]}: saved`,
        })
      })
    },
  )

  app.get<{ Params: SlugParams }>(
    '/recognition/:slug/check',
    { config: AUTHOR, schema: { params: SlugParams } },
    async (request, reply) => {
      const application = await recognition.get(request.params.slug, processActorOf(request))
      if (!application) return reply.callNotFound()
      if (!application.editable) return reply.redirect(page(application.slug), 303)
      const a = application
      const framework = await services.reference.framework()
      const labels = new Map(framework.pillars.flatMap((p) => p.capabilities.map((c) => [c.code, c.label])))
      const row = (field: string, key: string, value: string) =>
        checkRow(fieldHref(a.slug, field), key, value)
      const rows: Record<RecognitionSection, ReturnType<typeof row>[]> = {
        about: [
          row('title', 'Title', a.title),
          row('area', 'Clinical area', a.area.name),
          row('type', 'What it is', TYPE_LABELS[a.type] ?? ''),
          row('summary', 'Summary', a.content.summary),
        ],
        owner: [
          row('ownerName', 'Name of the body', a.content.ownerName),
          row('ownerUrl', 'Website of the body', a.content.ownerUrl || 'Not given'),
          row('documentUrl', 'Link to the published document', a.content.documentUrl),
        ],
        crosswalk: a.content.crosswalk.length
          ? a.content.crosswalk.map((r, i) =>
              row(
                `outcome_${i}`,
                `Outcome ${r.code}`,
                `${r.outcome}${r.frameworkCodes.length ? ` (meets ${r.frameworkCodes.map((f) => `${f} ${labels.get(f) ?? ''}`.trim()).join('; ')})` : ''}`,
              ),
            )
          : [row('outcome_0', 'Outcomes', '')],
      }
      return renderForm(request, reply, 'recognition/check.njk', {
        pageTitle: `Check your answers: ${a.title}`,
        application: a,
        sections: RECOGNITION_SECTIONS.map((section) => ({
          id: section,
          title: RECOGNITION_SECTION_TITLES[section],
          rows: rows[section],
        })),
        missing: a.missing.map((m) => ({ text: m.text, href: fieldHref(a.slug, m.field) })),
        tasksPath: page(a.slug),
        submitPath: `${page(a.slug)}/submit`,
        breadcrumbs: applicationCrumbs(a),
      })
    },
  )

  app.post<{ Params: SlugParams; Body: Static<typeof SubmitBody> }>(
    '/recognition/:slug/submit',
    { config: AUTHOR, schema: { params: SlugParams, body: SubmitBody } },
    async (request, reply) => {
      const { slug } = request.params
      const href = (field: string) => (field === 'submit' ? '#submit' : fieldHref(slug, field))
      return formHandler(request, reply, { back: `${page(slug)}/check`, field: 'submit', href }, async () => {
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

  // The decision is three steps, so that nothing happens by a slip: the form, a page naming
  // what recording it does (the answer to the form's POST, the answers in its own hidden
  // fields, with the row version of the form), and the POST that records it, which checks
  // everything again.
  async function decisionContext(request: FastifyRequest<{ Params: SlugParams }>) {
    const application = await recognition.get(request.params.slug, processActorOf(request))
    if (!application) return null
    const decision = await reviews.decisionPage(application.slug, application.versionNumber)
    return { application, decision, path: `${page(application.slug)}/decision` }
  }
  const decisionItems = RECOMMENDATIONS.map((value) => ({ value, text: RECOGNITION_DECISION_LABELS[value] }))

  app.get<{ Params: SlugParams }>(
    '/recognition/:slug/decision',
    { config: ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const found = await decisionContext(request)
      if (!found) return reply.callNotFound()
      const { application: a, decision } = found
      return renderForm(request, reply, 'recognition/decision.njk', {
        pageTitle: `Decision on ${a.title}, version ${a.versionNumber}`,
        columnWidth: 'full',
        application: a,
        ...decision,
        ...viewHelpers,
        report: reportForView(decision.report),
        crosswalk: crosswalkComparison(decision.rows, decision.reviews),
        reportUrl: `/specifications/${encodeURIComponent(a.slug)}/versions/${a.versionNumber}/report`,
        // Reviewers' recommendations and the decision, in recognition's words.
        recommendationLabels: RECOGNITION_DECISION_LABELS,
        decisionItems,
        action: `${found.path}/check`,
        reviewersUrl: `/specifications/${encodeURIComponent(a.slug)}/versions/${a.versionNumber}/reviewers`,
        values: {
          outcome: '',
          conditions: '',
          // Coming back from the confirmation page to change something keeps what was written.
          ...keptAnswers(request, found.path),
          rowVersion: String(decision.version.rowVersion),
        },
        breadcrumbs: applicationCrumbs(a),
      })
    },
  )

  app.post<{ Params: SlugParams; Body: DecideBody }>(
    '/recognition/:slug/decision/check',
    { config: ADMIN, schema: { params: SlugParams, body: DecideBody } },
    async (request, reply) => {
      const found = await decisionContext(request)
      if (!found) return reply.callNotFound()
      const { application: a, decision, path } = found
      const { outcome = '', conditions = '' } = request.body
      // What was typed stays, but the row version is the one on the page now.
      const back = { back: path, field: 'outcome', values: { outcome, conditions } }
      return formHandler(request, reply, back, async () => {
        const input = parseForm(DecideForm, request.body)
        const rowVersion = rowVersionOf(request.body.rowVersion)
        const actor = processActorOf(request)
        await reviews.checkDecision(a.slug, a.versionNumber, rowVersion, input, actor)
        if (!isRecommendation(input.outcome)) return reply.callNotFound()
        const withConditions = input.outcome === 'endorse_with_conditions'
        return renderDecisionCheck(request, reply, {
          pageTitle: `Record this decision? ${a.title}, version ${a.versionNumber}`,
          breadcrumbs: applicationCrumbs(a),
          caption: `${a.title}, version ${a.versionNumber}`,
          rows: [
            { key: 'Decision', value: RECOGNITION_DECISION_LABELS[input.outcome] },
            ...(withConditions ? [{ key: 'Conditions of recognition', value: input.conditions }] : []),
            {
              key: 'Consolidated report',
              value: decision.report?.signedOffAt
                ? `Signed off by ${decision.report.signedOffByName ?? 'a Centre admin'} on ${longDate(decision.report.signedOffAt)}`
                : 'Not signed off',
            },
          ],
          consequences: consequencesOf(input.outcome, a, decision.version.authorName),
          form: path,
          action: path,
          fields: {
            rowVersion: String(rowVersion),
            outcome: input.outcome,
            conditions: withConditions ? input.conditions : '',
          },
          cancel: page(a.slug),
        })
      })
    },
  )

  app.post<{ Params: SlugParams; Body: DecideBody }>(
    '/recognition/:slug/decision',
    { config: ADMIN, schema: { params: SlugParams, body: DecideBody } },
    async (request, reply) => {
      const found = await decisionContext(request)
      if (!found) return reply.callNotFound()
      const { application: a, path } = found
      const { outcome = '', conditions = '' } = request.body
      const back = { back: path, field: 'outcome', values: { outcome, conditions } }
      return formHandler(request, reply, back, async () => {
        const input = parseForm(DecideForm, request.body)
        await reviews.decide(
          a.slug,
          a.versionNumber,
          rowVersionOf(request.body.rowVersion),
          input,
          processActorOf(request),
        )
        const label = isRecommendation(input.outcome) ? RECOGNITION_DECIDED_LABELS[input.outcome] : ''
        return redirectWithBanner(request, reply, page(a.slug), {
          title: `Decision recorded: ${label}`,
          text: 'We have e-mailed the author the decision and the report.',
        })
      })
    },
  )
}

/** The answers typed on one section's page. */
function pick(values: ReturnType<typeof formValues>, section: RecognitionSection) {
  switch (section) {
    case 'about':
      return { title: values.title, area: values.area, type: values.type, summary: values.summary }
    case 'owner':
      return { ownerName: values.ownerName, ownerUrl: values.ownerUrl, documentUrl: values.documentUrl }
    case 'crosswalk':
      return { rows: values.rows }
  }
}
