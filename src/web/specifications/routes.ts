// Drafting specifications: the list of credentials in the process, each credential's
// workspace (versions and timeline), and the draft as an NHS task list: each section a page
// that saves whatever is there, a check of every answer, and only from that page the
// submission, which locks the version. Rows of outcomes and capabilities follow the criteria
// form: a row counter, one empty row for a new one, and "Add another" as a submit button, so
// the pages work the same without JavaScript. The whole draft can still be posted at once to
// the version's address (the sections post the same fields), which scripts use.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { SpecificationContent } from '../../domain/specification-content.ts'
import { statusLabel } from '../../domain/catalogue.ts'
import { longDate } from '../../domain/dates.ts'
import {
  VERSION_STATE_LABELS,
  VERSION_STATES,
  type VersionState,
} from '../../domain/specification-lifecycle.ts'
import {
  DRAFT_SECTION_TITLES,
  DRAFT_SECTIONS,
  isDraftSection,
  sectionOfField,
  sectionStatus,
  withSection,
  type DraftSection,
} from '../../domain/specification-sections.ts'
import type { Services } from '../../services/index.ts'
import { ServiceError } from '../../services/errors.ts'
import type { VersionView } from '../../services/specifications.ts'
import { formHandler, redirectWithBanner, renderForm } from '../forms.ts'
import { renderErrorPage } from '../plugins/errors.ts'
import {
  countLabel,
  downloadLink,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { processActorOf } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { checkRow, taskListItems } from '../task-list.ts'

// Drafts are unpublished work: the authors who write them and the Centre admins who run the
// process see them. The Credential Group's part ends when it agrees the proposal, and
// reviewers read the version they review through their own review pages.
const ACCESS = { access: { roles: ['centre_admin', 'specification_author'] } } as const

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })
type SlugParams = Static<typeof SlugParams>
const ListQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 40 })),
  area: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  format: Type.Optional(Type.Literal('csv')),
})
type ListQuery = Static<typeof ListQuery>
const isVersionState = (value: string): value is VersionState => VERSION_STATES.some((s) => s === value)
const VersionParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  number: Type.Integer({ minimum: 1, maximum: 100_000 }),
})
type VersionParams = Static<typeof VersionParams>
// Row fields carry the row number (outcomeText_0 …); checkbox groups may repeat.
const DraftBody = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 200 })]),
)
type DraftBody = Static<typeof DraftBody>
const EmptyBody = Type.Record(Type.String(), Type.String())
const SectionParams = Type.Object({
  slug: Type.String({ minLength: 1, maxLength: 200 }),
  number: Type.Integer({ minimum: 1, maximum: 100_000 }),
  section: Type.String({ minLength: 1, maxLength: 40 }),
})
type SectionParams = Static<typeof SectionParams>
const SubmitBody = Type.Object(
  { rowVersion: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: true },
)
type SubmitBody = Static<typeof SubmitBody>

/** The first field of each section's page: where a problem that names no field is shown. */
const FIRST_FIELDS: Record<DraftSection, string> = {
  about: 'purpose',
  'entry-requirements': 'mastersRoute',
  outcomes: 'outcomeText_0',
  capabilities: 'capabilityText_0',
  assessment: 'assessmentStrategy',
}
const MAX_ROWS = 100
const LIST_FIELD = /^(targetProfessions|capabilityFramework_\d+|outcomeFramework_\d+)$/

const STATE_LABELS = VERSION_STATE_LABELS

const DECISION_LABELS: Record<string, string> = {
  endorse: 'Endorsed',
  endorse_with_conditions: 'Endorsed with conditions',
  revise_and_resubmit: 'Revise and resubmit',
  not_endorsed: 'Not endorsed',
}

interface OutcomeRow {
  code: string
  text: string
  /** The framework capabilities the outcome is mapped to (optional for an outcome). */
  frameworkCodes: string[]
  remove: boolean
}
type CapabilityRow = OutcomeRow
// A type, not an interface, so that it passes as a record of values to the flash.
type FormValues = {
  rowVersion: string
  purpose: string
  scope: string
  targetProfessions: string[]
  mastersRoute: string
  equivalence: string
  outcomes: OutcomeRow[]
  capabilities: CapabilityRow[]
  assessmentStrategy: string
  level: string
  credits: string
}

const blankOutcome = (r: OutcomeRow) => !r.code && !r.text && r.frameworkCodes.length === 0
const blankCapability = blankOutcome
const withEmptyRows = (values: FormValues): FormValues => ({
  ...values,
  outcomes:
    values.outcomes.length &&
    blankOutcome(values.outcomes.at(-1) ?? { code: '', text: '', remove: false, frameworkCodes: [] })
      ? values.outcomes
      : [...values.outcomes, { code: '', text: '', remove: false, frameworkCodes: [] }],
  capabilities:
    values.capabilities.length &&
    blankCapability(values.capabilities.at(-1) ?? { code: '', text: '', remove: false, frameworkCodes: [] })
      ? values.capabilities
      : [...values.capabilities, { code: '', text: '', remove: false, frameworkCodes: [] }],
})

function valuesOf(content: SpecificationContent, rowVersion: number): FormValues {
  return withEmptyRows({
    rowVersion: String(rowVersion),
    purpose: content.purpose,
    scope: content.scope,
    targetProfessions: content.targetProfessions,
    mastersRoute: content.entryRequirements.mastersRoute,
    equivalence: content.entryRequirements.equivalence,
    outcomes: content.outcomes.map((o) => ({ ...o, frameworkCodes: o.frameworkCodes ?? [], remove: false })),
    capabilities: content.capabilities.map((c) => ({ ...c, remove: false })),
    assessmentStrategy: content.assessmentStrategy,
    level: content.level === null ? '' : String(content.level),
    credits: content.credits === null ? '' : String(content.credits),
  })
}

/** A whole number as typed, NaN for anything else (the service says what is wrong), null if empty. */
function wholeNumber(value: string): number | null {
  if (!value) return null
  return /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN
}

/** The form as typed, and the content to save: rows to remove and empty new rows left out. */
function readForm(body: DraftBody) {
  const one = (name: string) => {
    const value = body[name]
    return typeof value === 'string' ? value : ''
  }
  const many = (name: string) => {
    const value = body[name]
    return (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.trim()).filter(Boolean)
  }
  const count = (name: string) => Math.min(Math.max(Math.trunc(Number(one(name))) || 0, 0), MAX_ROWS)
  const outcomes: OutcomeRow[] = Array.from({ length: count('outcomeRows') }, (_, i) => ({
    code: one(`outcomeCode_${i}`).trim(),
    text: one(`outcomeText_${i}`),
    frameworkCodes: many(`outcomeFramework_${i}`),
    remove: one(`outcomeRemove_${i}`) === 'yes',
  }))
  const capabilities: CapabilityRow[] = Array.from({ length: count('capabilityRows') }, (_, i) => ({
    code: one(`capabilityCode_${i}`).trim(),
    text: one(`capabilityText_${i}`),
    frameworkCodes: many(`capabilityFramework_${i}`),
    remove: one(`capabilityRemove_${i}`) === 'yes',
  }))
  const values: FormValues = {
    rowVersion: one('rowVersion'),
    purpose: one('purpose'),
    scope: one('scope'),
    targetProfessions: many('targetProfessions'),
    mastersRoute: one('mastersRoute'),
    equivalence: one('equivalence'),
    outcomes,
    capabilities,
    assessmentStrategy: one('assessmentStrategy'),
    level: one('level').trim(),
    credits: one('credits').trim(),
  }
  const keptOutcomes = outcomes.flatMap((r, i) => (r.remove || blankOutcome(r) ? [] : [i]))
  const keptCapabilities = capabilities.flatMap((r, i) => (r.remove || blankCapability(r) ? [] : [i]))
  const content: SpecificationContent = {
    purpose: values.purpose,
    scope: values.scope,
    targetProfessions: values.targetProfessions,
    entryRequirements: { mastersRoute: values.mastersRoute, equivalence: values.equivalence },
    outcomes: outcomes
      .filter((r) => !r.remove && !blankOutcome(r))
      .map((r) => ({ code: r.code, text: r.text, frameworkCodes: r.frameworkCodes })),
    capabilities: capabilities
      .filter((r) => !r.remove && !blankCapability(r))
      .map((r) => ({ code: r.code, text: r.text, frameworkCodes: r.frameworkCodes })),
    assessmentStrategy: values.assessmentStrategy,
    level: wholeNumber(values.level),
    credits: wholeNumber(values.credits),
  }
  const rowVersion = rowVersionOf(values.rowVersion)
  return { values, content, rowVersion, keptOutcomes, keptCapabilities }
}

/** The service's field names count kept rows; the form's count every row shown. */
function toFormField(field: string, keptOutcomes: number[], keptCapabilities: number[]): string {
  const match = /^(outcome\w+|capability\w+)_(\d+)$/.exec(field)
  if (!match) return field
  const kept = match[1]?.startsWith('outcome') ? keptOutcomes : keptCapabilities
  return `${match[1]}_${kept[Number(match[2])] ?? 0}`
}

const versionPath = (slug: string, number: number) =>
  `/specifications/${encodeURIComponent(slug)}/versions/${number}`
const sectionPath = (slug: string, number: number, section: DraftSection) =>
  `${versionPath(slug, number)}/sections/${section}`
/** Where a problem with a field of the draft is answered: the field on its section's page. */
const fieldHref = (slug: string, number: number, field: string) =>
  `${sectionPath(slug, number, sectionOfField(field))}#${field}`
const workspacePath = (slug: string) => `/specifications/${encodeURIComponent(slug)}`

function versionLinks(slug: string, v: { number: number; state: VersionState }, admin: boolean) {
  const links: Array<{ href: string; text: string }> = []
  if (admin && (v.state === 'submitted' || v.state === 'under_review')) {
    links.push({ href: `${versionPath(slug, v.number)}/reviewers`, text: 'Reviewers' })
    links.push({ href: `${versionPath(slug, v.number)}/decision`, text: 'Decision' })
  }
  if (v.state === 'published' || v.state === 'superseded' || v.state === 'withdrawn') {
    links.push({
      href: `/credentials/${encodeURIComponent(slug)}/specification/versions/${v.number}`,
      text: 'Published page',
    })
  }
  return links
}

export function specificationRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'specifications' | 'proposals' | 'clock'>,
) {
  const specs = services.specifications

  app.get<{ Querystring: ListQuery }>(
    '/specifications',
    { config: ACCESS, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const stateAsked = request.query.state ?? ''
      const areaAsked = request.query.area ?? ''
      const filter = {
        versionState: isVersionState(stateAsked) ? stateAsked : undefined,
        clinicalAreaId: /^\d{1,9}$/.test(areaAsked) ? Number(areaAsked) : undefined,
        words: searchWords(request.query.q),
      }
      const query = {
        state: filter.versionState,
        area: filter.clinicalAreaId === undefined ? undefined : String(filter.clinicalAreaId),
        q: filter.words,
      }
      if (request.query.format === 'csv')
        return sendCsv(
          reply,
          'specifications.csv',
          ['Credential', 'Clinical area', 'Status', 'Latest version', 'Version state', 'Last changed'],
          specs.exportList(actor, filter),
          (i) => [
            i.title,
            i.areaName,
            statusLabel(i.status, i.due, services.clock.today()),
            i.latestVersion.number,
            STATE_LABELS[i.latestVersion.state].text,
            longDate(i.latestVersion.updatedAt),
          ],
        )
      const page = pageOf(request.query.page)
      const [{ items, total }, options] = await Promise.all([
        specs.list(actor, filter, page, LIST_PAGE_SIZE),
        services.proposals.formOptions(),
      ])
      return renderForm(request, reply, 'specifications/list.njk', {
        pageTitle: 'Specifications',
        admin: actor.roles.includes('centre_admin'),
        items: items.map((i) => ({
          ...i,
          href: workspacePath(i.slug),
          state: STATE_LABELS[i.latestVersion.state],
        })),
        total,
        totalText: countLabel(total, 'specification', 'specifications'),
        filters: query,
        stateItems: [
          { value: '', text: 'Any state' },
          ...VERSION_STATES.map((s) => ({
            value: s,
            text: STATE_LABELS[s].text,
            selected: s === filter.versionState,
          })),
        ],
        areaItems: [
          { value: '', text: 'Any clinical area' },
          ...options.areas.map((a) => ({
            value: String(a.id),
            text: a.name,
            selected: a.id === filter.clinicalAreaId,
          })),
        ],
        pagination: numberedPagination('/specifications', query, page, total),
        downloadHref: downloadLink('/specifications', query),
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get<{ Params: SlugParams }>(
    '/specifications/:slug',
    { config: ACCESS, schema: { params: SlugParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const workspace = await specs.getWorkspace(request.params.slug, actor)
      if (!workspace) return reply.callNotFound()
      const admin = actor.roles.includes('centre_admin')
      const { slug } = workspace.credential
      return renderForm(request, reply, 'specifications/workspace.njk', {
        pageTitle: workspace.credential.title,
        columnWidth: 'full',
        ...workspace,
        versions: workspace.versions.map((v) => ({
          ...v,
          label: STATE_LABELS[v.state],
          href: versionPath(slug, v.number),
          editable: v.state === 'draft' && v.authorId === actor.userId,
          links: versionLinks(slug, v, admin),
        })),
        nextVersion: (workspace.versions.at(-1)?.number ?? 0) + 1,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/specifications', text: 'Specifications' },
        ],
      })
    },
  )

  app.post<{ Params: SlugParams }>(
    '/specifications/:slug/versions',
    { config: ACCESS, schema: { params: SlugParams, body: EmptyBody } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const workspace = await specs.getWorkspace(request.params.slug, actor)
      if (!workspace) return reply.callNotFound()
      const { slug } = workspace.credential
      return formHandler(request, reply, { back: workspacePath(slug), field: 'versions' }, async () => {
        const { number } = await specs.startVersion(slug, actor)
        return redirectWithBanner(request, reply, versionPath(slug, number), {
          title: `Version ${number} started`,
          text: 'It is a copy of the last version. Make your changes, then submit it for review.',
        })
      })
    },
  )

  app.get<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number',
    { config: ACCESS, schema: { params: VersionParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const view = await specs.getVersion(request.params.slug, request.params.number, actor)
      if (!view) return reply.callNotFound()
      return view.editable ? renderTaskList(request, reply, view) : renderVersion(request, reply, view)
    },
  )

  app.post<{ Params: VersionParams; Body: DraftBody }>(
    '/specifications/:slug/versions/:number',
    { config: ACCESS, schema: { params: VersionParams, body: DraftBody } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const view = await specs.getVersion(request.params.slug, request.params.number, actor)
      if (!view) return reply.callNotFound()
      // One value per field, except the checkbox groups: anything else is not our form.
      if (Object.entries(request.body).some(([name, v]) => Array.isArray(v) && !LIST_FIELD.test(name))) {
        return renderErrorPage(reply, 400)
      }
      const { slug } = view.credential
      const { number } = view.version
      const back = versionPath(slug, number)
      // A refusal shown on the read-only page points at the version's state.
      const fallback = view.editable ? 'purpose' : 'version-state'
      const form = readForm(request.body)
      const action = typeof request.body.action === 'string' ? request.body.action : 'save'
      const saving = {
        back,
        field: fallback,
        href: (field: string) =>
          fieldHref(slug, number, toFormField(field, form.keptOutcomes, form.keptCapabilities)),
        // A stale form shows the latest version, not what was typed over an older one.
        values: (error: unknown) => (error instanceof ServiceError ? undefined : withEmptyRows(form.values)),
      }
      return formHandler(request, reply, saving, async () => {
        await specs.saveDraft(slug, number, form.rowVersion, form.content, actor)
        if (action === 'addOutcome' || action === 'addCapability') {
          const rows = action === 'addOutcome' ? 'outcomes' : 'capabilities'
          return reply.redirect(`${sectionPath(slug, number, rows)}#${rows}`, 303)
        }
        // Nothing is submitted from here: a version is locked only from the check-your-answers
        // page, after its author has seen every answer.
        if (action === 'submit') return reply.redirect(`${back}/check`, 303)
        return redirectWithBanner(request, reply, back, { title: 'Draft saved' })
      })
    },
  )

  app.get<{ Params: SectionParams }>(
    '/specifications/:slug/versions/:number/sections/:section',
    { config: ACCESS, schema: { params: SectionParams } },
    async (request, reply) => {
      const { section } = request.params
      const view = await specs.getVersion(request.params.slug, request.params.number, processActorOf(request))
      if (!view || !isDraftSection(section)) return reply.callNotFound()
      const { slug } = view.credential
      const { number } = view.version
      if (!view.editable) return reply.redirect(versionPath(slug, number), 303)
      return renderForm(request, reply, 'specifications/version-section.njk', {
        pageTitle: `${DRAFT_SECTION_TITLES[section]}: draft version ${number} of ${view.credential.title}`,
        credential: view.credential,
        version: view.version,
        section,
        sectionTitle: DRAFT_SECTION_TITLES[section],
        sectionPath: sectionPath(slug, number, section),
        tasksPath: versionPath(slug, number),
        choices: await specs.choices(),
        values: valuesOf(view.version.content, view.version.rowVersion),
        breadcrumbs: draftCrumbs(view),
      })
    },
  )

  app.post<{ Params: SectionParams; Body: DraftBody }>(
    '/specifications/:slug/versions/:number/sections/:section',
    { config: ACCESS, schema: { params: SectionParams, body: DraftBody } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const { section } = request.params
      const view = await specs.getVersion(request.params.slug, request.params.number, actor)
      if (!view || !isDraftSection(section)) return reply.callNotFound()
      if (Object.entries(request.body).some(([name, v]) => Array.isArray(v) && !LIST_FIELD.test(name))) {
        return renderErrorPage(reply, 400)
      }
      const { slug } = view.credential
      const { number } = view.version
      const here = sectionPath(slug, number, section)
      const form = readForm(request.body)
      const action = typeof request.body.action === 'string' ? request.body.action : 'save'
      const saving = {
        back: view.editable ? here : versionPath(slug, number),
        field: view.editable ? FIRST_FIELDS[section] : 'version-state',
        href: (field: string) => `#${toFormField(field, form.keptOutcomes, form.keptCapabilities)}`,
        values: (error: unknown) => (error instanceof ServiceError ? undefined : withEmptyRows(form.values)),
      }
      return formHandler(request, reply, saving, async () => {
        // Only this section's answers change: the others stay as they were saved.
        const content = withSection(view.version.content, form.content, section)
        await specs.saveDraft(slug, number, form.rowVersion, content, actor)
        if (action === 'addOutcome' || action === 'addCapability')
          return reply.redirect(`${here}#${section}`, 303)
        return redirectWithBanner(request, reply, versionPath(slug, number), {
          title: `${DRAFT_SECTION_TITLES[section]}: saved`,
        })
      })
    },
  )

  app.get<{ Params: VersionParams }>(
    '/specifications/:slug/versions/:number/check',
    { config: ACCESS, schema: { params: VersionParams } },
    async (request, reply) => {
      const view = await specs.getVersion(request.params.slug, request.params.number, processActorOf(request))
      if (!view) return reply.callNotFound()
      const { slug } = view.credential
      const { number } = view.version
      if (!view.editable) return reply.redirect(versionPath(slug, number), 303)
      const [missing, choices] = await Promise.all([specs.missing(view.version.content), specs.choices()])
      return renderForm(request, reply, 'specifications/version-check.njk', {
        pageTitle: `Check your answers: draft version ${number} of ${view.credential.title}`,
        credential: view.credential,
        version: view.version,
        sections: checkSections(view, choices),
        missing: missing.map((m) => ({ text: m.text, href: fieldHref(slug, number, m.field) })),
        tasksPath: versionPath(slug, number),
        submitPath: `${versionPath(slug, number)}/submit`,
        breadcrumbs: draftCrumbs(view),
      })
    },
  )

  app.post<{ Params: VersionParams; Body: SubmitBody }>(
    '/specifications/:slug/versions/:number/submit',
    { config: ACCESS, schema: { params: VersionParams, body: SubmitBody } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const view = await specs.getVersion(request.params.slug, request.params.number, actor)
      if (!view) return reply.callNotFound()
      const { slug } = view.credential
      const { number } = view.version
      const back = view.editable ? `${versionPath(slug, number)}/check` : versionPath(slug, number)
      const href = (field: string) => fieldHref(slug, number, field)
      const field = view.editable ? 'submit' : 'version-state'
      return formHandler(request, reply, { back, field, href }, async () => {
        await specs.submit(slug, number, rowVersionOf(request.body.rowVersion), actor)
        return redirectWithBanner(request, reply, workspacePath(slug), {
          title: `Version ${number} submitted for review`,
          text: 'The Centre has been told. This version can no longer be changed.',
        })
      })
    },
  )

  function draftCrumbs(view: VersionView) {
    return [
      { href: '/home', text: 'Home' },
      { href: '/specifications', text: 'Specifications' },
      { href: workspacePath(view.credential.slug), text: view.credential.title },
      {
        href: versionPath(view.credential.slug, view.version.number),
        text: `Draft version ${view.version.number}`,
      },
    ]
  }

  async function renderTaskList(request: FastifyRequest, reply: FastifyReply, view: VersionView) {
    const { slug } = view.credential
    const { number, content } = view.version
    const missingFields = (await specs.missing(content)).map((m) => m.field)
    const { items, completedCount } = taskListItems(
      DRAFT_SECTIONS.map((section) => ({
        title: DRAFT_SECTION_TITLES[section],
        href: sectionPath(slug, number, section),
        status: sectionStatus(content, section, missingFields),
      })),
    )
    return renderForm(request, reply, 'specifications/version-tasks.njk', {
      pageTitle: `Draft version ${number}: ${view.credential.title}`,
      credential: view.credential,
      version: view.version,
      sections: items,
      completedCount,
      consultedIn: view.consultedIn,
      checkPath: `${versionPath(slug, number)}/check`,
      breadcrumbs: draftCrumbs(view).slice(0, -1),
    })
  }

  /** Every answer of the draft as summary lists, a section each, with links to change them. */
  function checkSections(view: VersionView, choices: Awaited<ReturnType<typeof specs.choices>>) {
    const { slug } = view.credential
    const { number, content } = view.version
    const labels = new Map(choices.pillars.flatMap((p) => p.capabilities.map((c) => [c.code, c.label])))
    const row = (section: DraftSection, field: string, key: string, value: string) =>
      checkRow(`${sectionPath(slug, number, section)}#${field}`, key, value)
    const rows: Record<DraftSection, ReturnType<typeof row>[]> = {
      about: [
        row('about', 'purpose', 'Purpose', content.purpose),
        row('about', 'scope', 'Scope', content.scope),
        row('about', 'targetProfessions', 'Target professions', content.targetProfessions.join(', ')),
      ],
      'entry-requirements': [
        row(
          'entry-requirements',
          'mastersRoute',
          "Master's-degree route",
          content.entryRequirements.mastersRoute,
        ),
        row(
          'entry-requirements',
          'equivalence',
          'Educational equivalence',
          content.entryRequirements.equivalence,
        ),
      ],
      outcomes: content.outcomes.length
        ? content.outcomes.map((o, i) =>
            row(
              'outcomes',
              `outcomeText_${i}`,
              `Learning outcome ${o.code}`,
              `${o.text}${o.frameworkCodes?.length ? ` (develops ${o.frameworkCodes.map((f) => `${f} ${labels.get(f) ?? ''}`.trim()).join('; ')})` : ''}`,
            ),
          )
        : [row('outcomes', 'outcomeText_0', 'Learning outcomes', '')],
      capabilities: content.capabilities.length
        ? content.capabilities.map((c, i) =>
            row(
              'capabilities',
              `capabilityText_${i}`,
              `Capability ${c.code}`,
              `${c.text}${c.frameworkCodes.length ? ` (builds on ${c.frameworkCodes.map((f) => `${f} ${labels.get(f) ?? ''}`.trim()).join('; ')})` : ''}`,
            ),
          )
        : [row('capabilities', 'capabilityText_0', 'Area-specific capabilities', '')],
      assessment: [
        row('assessment', 'assessmentStrategy', 'Assessment strategy', content.assessmentStrategy),
        row('assessment', 'level', 'Level', content.level === null ? '' : String(content.level)),
        row('assessment', 'credits', 'Credits', content.credits === null ? '' : String(content.credits)),
      ],
    }
    return DRAFT_SECTIONS.map((section) => ({
      id: section,
      title: DRAFT_SECTION_TITLES[section],
      rows: rows[section],
    }))
  }

  async function renderVersion(request: FastifyRequest, reply: FastifyReply, view: VersionView) {
    const choices = await specs.choices()
    const labels = new Map(choices.pillars.flatMap((p) => p.capabilities.map((c) => [c.code, c.label])))
    return renderForm(request, reply, 'specifications/version-show.njk', {
      pageTitle: `Version ${view.version.number}: ${view.credential.title}`,
      credential: view.credential,
      version: view.version,
      state: STATE_LABELS[view.version.state],
      decisionLabel: view.version.decision ? DECISION_LABELS[view.version.decision] : null,
      content: view.version.content,
      outcomes: view.version.content.outcomes.map((o) => ({
        ...o,
        framework: (o.frameworkCodes ?? []).map((code) => `${code} ${labels.get(code) ?? ''}`.trim()),
      })),
      capabilities: view.version.content.capabilities.map((c) => ({
        ...c,
        framework: c.frameworkCodes.map((code) => `${code} ${labels.get(code) ?? ''}`.trim()),
      })),
      breadcrumbs: [
        { href: '/home', text: 'Home' },
        { href: '/specifications', text: 'Specifications' },
        { href: workspacePath(view.credential.slug), text: view.credential.title },
      ],
    })
  }
}
