// Proposals for new credentials, their check by a Centre admin, the Credential
// Group's decision, and the expected date of a credential in development.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SEASONS } from '../../domain/catalogue.ts'
import { longDate } from '../../domain/dates.ts'
import {
  isProposalState,
  PROPOSAL_STATES,
  proposalStateLabel,
  type ProposalState,
} from '../../domain/proposal-lifecycle.ts'
import type { Services } from '../../services/index.ts'
import {
  isOnSection,
  proposalSections,
  proposalSectionStatus,
  withSection,
  type ProposalAnswers,
  type ProposalSection,
} from '../../domain/proposal-sections.ts'
import {
  gatewayField,
  GROUP_STATES,
  ProposalIncomplete,
  type GatewayCriterion,
  type ProposalFormOptions,
  type ProposalInput,
  type ProposalView,
} from '../../services/proposals.ts'
import {
  formHandler,
  parseForm,
  FormErrors,
  isFieldError,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
} from '../forms.ts'
import {
  countLabel,
  downloadLink,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import {
  CheckBody,
  CriterionParams,
  JudgementBody,
  JudgementForm,
  ExpectedDateBody,
  ListQuery,
  ProposalBody,
  ProposalParams,
  RowVersionBody,
  SectionParams,
  SlugParams,
  CheckForm,
  ExpectedDateForm,
} from './schemas.ts'
import { rowVersionOf } from '../row-version.ts'
import { taskListItems } from '../task-list.ts'
import { JUDGEMENT_WORDS, JUDGEMENTS } from '../../domain/gateway-check.ts'

const PEOPLE_IN_THE_PROCESS = {
  access: { roles: ['specification_author', 'centre_admin', 'credential_group_member'] },
} as const
const AUTHOR = { access: { roles: ['specification_author'] } } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const

/** The Centre admin's states in the order work moves through them: waiting first, then settled. */
const OPENING_ORDER: readonly ProposalState[] = [
  'submitted',
  'with_group',
  'deferred',
  'returned',
  'agreed',
  'declined',
  'draft',
]

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat())
const seasonItems = (selected?: string) => [
  { value: '', text: 'Select a season' },
  ...SEASONS.map((s) => ({
    value: s,
    text: s.charAt(0).toUpperCase() + s.slice(1),
    selected: s === selected,
  })),
]

/** What the author typed, as the service wants it, and as the form shows it again. */
function readProposal(form: ProposalBody, criteria: readonly GatewayCriterion[]) {
  const body: Record<string, unknown> = form
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const area = str(body.clinicalArea)
  const input: ProposalInput = {
    clinicalAreaId: area === '' ? null : /^\d{1,9}$/.test(area) ? Number(area) : 0,
    title: str(body.title),
    need: str(body.need),
    evidence: str(body.evidence),
    targetProfessions: asList(form.targetProfessions),
    gatewayAnswers: Object.fromEntries(criteria.map((c) => [c.code, str(body[c.field])])),
  }
  const values: Record<string, unknown> = {
    clinicalArea: area,
    title: input.title,
    need: input.need,
    evidence: input.evidence,
    targetProfessions: input.targetProfessions,
    ...Object.fromEntries(criteria.map((c) => [c.field, str(body[c.field])])),
  }
  return { input, values }
}

const tasksPath = (id: string) => `/proposals/${id}/edit`
const sectionPath = (id: string, section: string) => `/proposals/${id}/sections/${section}`
const checkPath = (id: string) => `/proposals/${id}/check-answers`
const gatewayCheckPath = (id: string) => `/proposals/${id}/gateway-check`
const judgePath = (id: string, code: string) => `/proposals/${id}/gateway-check/${code}`

/** A judgement as an NHS tag: its words in its colour. */
const judgementTag = (words: { text: string; colour: string }) => ({
  text: words.text,
  classes: `nhsuk-tag--${words.colour}`,
})

/** The first field of each section's page: where a problem that names no field is shown. */
const FIRST_FIELDS = { about: 'clinicalArea', need: 'need' } as const

const PROPOSAL_FIELDS = ['title', 'clinicalArea', 'need', 'targetProfessions', 'evidence'] as const
/** A field of the proposal's own (not a gateway answer), by its name on the form. */
const proposalField = (field: string) => {
  const known = PROPOSAL_FIELDS.find((f) => f === field)
  return known ? { field: known } : null
}

/** What the proposal holds, as its sections read and save it. */
const answersOf = (proposal: ProposalView): ProposalAnswers => ({
  clinicalAreaId: proposal.clinicalAreaId,
  title: proposal.title,
  need: proposal.need,
  targetProfessions: proposal.targetProfessions,
  evidence: proposal.evidence,
  gatewayAnswers: proposal.gateway.answers,
})

/** The saved answers as the form's fields show them. */
const formValues = (answers: ProposalAnswers, criteria: readonly GatewayCriterion[]) => ({
  clinicalArea: answers.clinicalAreaId === null ? '' : String(answers.clinicalAreaId),
  title: answers.title,
  need: answers.need,
  evidence: answers.evidence,
  targetProfessions: answers.targetProfessions,
  ...Object.fromEntries(criteria.map((c) => [c.field, answers.gatewayAnswers[c.code] ?? ''])),
})

export function proposalRoutes(app: FastifyInstance, services: Services) {
  const { proposals } = services

  const notFound = (reply: FastifyReply) => reply.callNotFound()

  const crumbs = (proposal?: ProposalView) => [
    { href: '/home', text: 'Home' },
    { href: '/proposals', text: 'Proposals' },
    ...(proposal ? [{ href: `/proposals/${proposal.id}`, text: `Proposal ${proposal.number}` }] : []),
  ]

  /**
   * The author's own proposal while it may be changed; otherwise the person is answered (not
   * found, or sent to the proposal's page saying why it cannot change) and there is none.
   */
  async function ownChangeable(request: FastifyRequest, reply: FastifyReply, id: string) {
    const actor = processActorOf(request)
    const proposal = await proposals.get(id, actor)
    if (!proposal || proposal.authorId !== actor.userId) {
      notFound(reply)
      return null
    }
    if (!proposal.can.edit) {
      // A change refused on the way here (such as a stale form) keeps its message.
      const flash = await takeFlash(request)
      const errors = new FormErrors()
      for (const e of Array.isArray(flash.errors) ? flash.errors.filter(isFieldError) : [])
        errors.add('actions', e.text)
      errors.add('actions', 'A proposal can only be changed before it is submitted, or when it is returned')
      await redirectWithErrors(request, reply, `/proposals/${proposal.id}`, errors)
      return null
    }
    return proposal
  }

  /** One section's page of the proposal form; a new proposal starts on its first section. */
  async function sectionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    section: ProposalSection,
    options: ProposalFormOptions,
    proposal?: ProposalView,
  ) {
    const values = proposal
      ? formValues(answersOf(proposal), options.gateway.criteria)
      : { targetProfessions: [] }
    return renderForm(request, reply, 'proposals/section.njk', {
      pageTitle: proposal ? `${section.title}: proposal ${proposal.number}` : 'Propose a credential',
      heading: proposal ? section.title : 'Propose a credential',
      caption: proposal ? `Proposal ${proposal.number}: ${proposal.title || 'untitled'}` : section.title,
      section,
      criteria: options.gateway.criteria.filter((c) => section.criteria.includes(c.code)),
      action: proposal ? sectionPath(proposal.id, section.id) : '/proposals/new',
      tasksPath: proposal ? tasksPath(proposal.id) : '/proposals',
      rowVersion: proposal?.rowVersion,
      values,
      options,
      areaItems: (selected: unknown) => [
        { value: '', text: 'Select a clinical area' },
        ...options.areas.map((a) => ({
          value: String(a.id),
          text: a.name,
          selected: String(a.id) === selected,
        })),
      ],
      breadcrumbs: crumbs(proposal),
    })
  }

  /** Where a field of the proposal is answered: on its section's page. */
  function fieldHref(id: string, field: string, options: ProposalFormOptions) {
    const criterion = options.gateway.criteria.find((c) => c.field === field)
    const answer = criterion ? { criterion: criterion.code } : proposalField(field)
    const section = answer && proposalSections(options.gateway.criteria).find((s) => isOnSection(answer, s))
    return section ? `${sectionPath(id, section.id)}#${field}` : `${checkPath(id)}#${field}`
  }

  app.get<{ Querystring: ListQuery }>(
    '/proposals',
    { config: PEOPLE_IN_THE_PROCESS, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const admin = actor.roles.includes('centre_admin')
      const author = actor.roles.includes('specification_author')
      const member = actor.roles.includes('credential_group_member')
      // A Centre admin sees every proposal, first those to check; a Credential Group member
      // (who is not an admin) those put to the group, first those waiting for its decision.
      const group = member && !admin
      const states = group ? GROUP_STATES : PROPOSAL_STATES
      // The list opens on the first state, in the order work moves, where any proposal waits,
      // so that nobody lands on an empty list while another holds items; each state shows its count.
      const counts = admin || group ? await services.workQueue.proposalCounts() : {}
      const order = (group ? GROUP_STATES : OPENING_ORDER).filter((s) => states.includes(s))
      const firstState = order.find((s) => (counts[s] ?? 0) > 0) ?? order[0] ?? 'submitted'
      const state = request.query.state ?? firstState
      const areaAsked = request.query.area ?? ''
      const filter = {
        state: isProposalState(state) ? state : undefined,
        clinicalAreaId: /^\d{1,9}$/.test(areaAsked) ? Number(areaAsked) : undefined,
        words: searchWords(request.query.q),
      }
      const query = {
        state: state === firstState ? undefined : state,
        area: filter.clinicalAreaId === undefined ? undefined : String(filter.clinicalAreaId),
        q: filter.words,
      }
      if ((admin || group) && request.query.format === 'csv')
        return sendCsv(
          reply,
          'proposals.csv',
          ['Number', 'Proposal', 'Clinical area', 'Author', 'State', 'Last changed'],
          admin ? proposals.exportForCentre(actor, filter) : proposals.exportForGroup(actor, filter),
          (p) => [p.number, p.title, p.areaName, p.authorName, p.stateLabel, longDate(p.updatedAt)],
        )
      const page = pageOf(request.query.page)
      const listed = admin
        ? await proposals.listForCentre(actor, filter, page, LIST_PAGE_SIZE)
        : group
          ? await proposals.listForGroup(actor, filter, page, LIST_PAGE_SIZE)
          : { proposals: [], total: 0 }
      const areas = admin || group ? (await proposals.formOptions()).areas : []
      const flash = await takeFlash(request)
      return reply.render('proposals/list.njk', {
        pageTitle: 'Proposals',
        banner: flash.banner,
        columnWidth: 'full',
        author,
        admin,
        group,
        mine: author ? await proposals.list(actor, { mine: true }) : [],
        byState: listed.proposals,
        total: listed.total,
        totalText: countLabel(listed.total, 'proposal', 'proposals'),
        filters: query,
        areaItems: [
          { value: '', text: 'Any clinical area' },
          ...areas.map((a) => ({
            value: String(a.id),
            text: a.name,
            selected: a.id === filter.clinicalAreaId,
          })),
        ],
        pagination: numberedPagination('/proposals', query, page, listed.total),
        downloadHref: downloadLink('/proposals', query),
        state,
        stateItems: [
          ...states.map((s) => ({
            value: s,
            text: `${
              s === 'submitted'
                ? 'To check'
                : s === 'with_group' && group
                  ? 'Awaiting the group'
                  : proposalStateLabel(s)
            } (${(counts[s] ?? 0).toLocaleString('en-GB')})`,
            selected: s === state,
          })),
          {
            value: 'all',
            text: group ? 'All put to the group' : 'All proposals',
            selected: state === 'all',
          },
        ],
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get('/proposals/new', { config: AUTHOR }, async (request, reply) => {
    const options = await proposals.formOptions()
    const first = proposalSections(options.gateway.criteria)[0]
    if (!first) throw new Error('A proposal always has its first section')
    return sectionPage(request, reply, first, options)
  })

  // A new proposal is saved from its first section's page (or from the whole form, posted at
  // once); the author goes on to its task list.
  app.post<{ Body: ProposalBody }>(
    '/proposals/new',
    { config: AUTHOR, schema: { body: ProposalBody } },
    async (request, reply) => {
      const { gateway } = await proposals.formOptions()
      const { input, values } = readProposal(request.body, gateway.criteria)
      return formHandler(request, reply, { back: '/proposals/new', field: 'title', values }, async () => {
        const id = await proposals.create(input, processActorOf(request))
        return redirectWithBanner(request, reply, tasksPath(id), {
          title: 'Draft proposal saved',
          text: 'Answer the other sections when you are ready, then check your answers and submit it.',
        })
      })
    },
  )

  app.get<{ Params: ProposalParams }>(
    '/proposals/:id',
    { config: PEOPLE_IN_THE_PROCESS, schema: { params: ProposalParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const proposal = await proposals.get(request.params.id, actor)
      if (!proposal) return notFound(reply)
      return renderForm(request, reply, 'proposals/show.njk', {
        pageTitle: `Proposal ${proposal.number}: ${proposal.title || 'untitled'}`,
        proposal,
        // The group decides by its members' votes, at a meeting or by written procedure.
        groupVotes: await services.groupMeetings.forProposal(proposal.id),
        isAdmin: actor.roles.includes('centre_admin'),
        inGroupOrCentre: actor.roles.some((r) => r === 'centre_admin' || r === 'credential_group_member'),
        tasksPath: tasksPath(proposal.id),
        checkPath: checkPath(proposal.id),
        gatewayCheckPath: gatewayCheckPath(proposal.id),
        breadcrumbs: crumbs(),
      })
    },
  )

  // The proposal's task list: its sections, each with its status, and the way to the check.
  app.get<{ Params: ProposalParams }>(
    '/proposals/:id/edit',
    { config: AUTHOR, schema: { params: ProposalParams } },
    async (request, reply) => {
      const proposal = await ownChangeable(request, reply, request.params.id)
      if (!proposal) return reply
      const options = await proposals.formOptions()
      const answers = answersOf(proposal)
      const { items, completedCount } = taskListItems(
        proposalSections(options.gateway.criteria).map((section) => ({
          title: section.title,
          href: sectionPath(proposal.id, section.id),
          status: proposalSectionStatus(answers, section),
        })),
      )
      return renderForm(request, reply, 'proposals/tasks.njk', {
        pageTitle: `Proposal ${proposal.number}: ${proposal.title || 'untitled'}`,
        proposal,
        sections: items,
        completedCount,
        checkPath: checkPath(proposal.id),
        breadcrumbs: crumbs(),
      })
    },
  )

  // The whole form posted at once, as scripts may; the pages post one section each.
  app.post<{ Params: ProposalParams; Body: ProposalBody }>(
    '/proposals/:id/edit',
    { config: AUTHOR, schema: { params: ProposalParams, body: ProposalBody } },
    async (request, reply) => {
      const { id } = request.params
      const { gateway } = await proposals.formOptions()
      const { input } = readProposal(request.body, gateway.criteria)
      return formHandler(request, reply, { back: tasksPath(id), field: 'actions' }, async () => {
        await proposals.update(id, rowVersionOf(request.body.rowVersion), input, processActorOf(request))
        return redirectWithBanner(request, reply, tasksPath(id), { title: 'Proposal saved' })
      })
    },
  )

  app.get<{ Params: SectionParams }>(
    '/proposals/:id/sections/:section',
    { config: AUTHOR, schema: { params: SectionParams } },
    async (request, reply) => {
      const options = await proposals.formOptions()
      const section = proposalSections(options.gateway.criteria).find((s) => s.id === request.params.section)
      if (!section) return notFound(reply)
      const proposal = await ownChangeable(request, reply, request.params.id)
      if (!proposal) return reply
      return sectionPage(request, reply, section, options, proposal)
    },
  )

  app.post<{ Params: SectionParams; Body: ProposalBody }>(
    '/proposals/:id/sections/:section',
    { config: AUTHOR, schema: { params: SectionParams, body: ProposalBody } },
    async (request, reply) => {
      const { id } = request.params
      const actor = processActorOf(request)
      const options = await proposals.formOptions()
      const section = proposalSections(options.gateway.criteria).find((s) => s.id === request.params.section)
      const proposal = await proposals.get(id, actor)
      if (!section || !proposal) return notFound(reply)
      const { input, values } = readProposal(request.body, options.gateway.criteria)
      const here = sectionPath(id, section.id)
      const first =
        section.kind === 'gateway' ? gatewayField(section.criteria[0] ?? '') : FIRST_FIELDS[section.kind]
      const saving = {
        back: proposal.can.edit ? here : `/proposals/${id}`,
        field: proposal.can.edit ? first : 'actions',
        values,
      }
      return formHandler(request, reply, saving, async () => {
        // Only this section's answers change: the others stay as they were saved.
        const answers = withSection(answersOf(proposal), input, section)
        await proposals.update(id, rowVersionOf(request.body.rowVersion), answers, actor)
        return redirectWithBanner(request, reply, tasksPath(id), { title: `${section.title}: saved` })
      })
    },
  )

  app.get<{ Params: ProposalParams }>(
    '/proposals/:id/check-answers',
    { config: AUTHOR, schema: { params: ProposalParams } },
    async (request, reply) => {
      const proposal = await ownChangeable(request, reply, request.params.id)
      if (!proposal) return reply
      const options = await proposals.formOptions()
      const answers = answersOf(proposal)
      const sections = proposalSections(options.gateway.criteria)
      return renderForm(request, reply, 'proposals/check-answers.njk', {
        pageTitle: `Check your answers: proposal ${proposal.number}`,
        proposal,
        sections: checkSections(proposal, options),
        incomplete: sections
          .filter((s) => proposalSectionStatus(answers, s) !== 'completed')
          .map((s) => ({ text: s.title, href: sectionPath(proposal.id, s.id) })),
        tasksPath: tasksPath(proposal.id),
        breadcrumbs: crumbs(proposal),
      })
    },
  )

  // Only the check-your-answers page submits: the proposal is locked from then on.
  app.post<{ Params: ProposalParams; Body: RowVersionBody }>(
    '/proposals/:id/submit',
    { config: AUTHOR, schema: { params: ProposalParams, body: RowVersionBody } },
    async (request, reply) => {
      const { id } = request.params
      const actor = processActorOf(request)
      const [proposal, options] = await Promise.all([proposals.get(id, actor), proposals.formOptions()])
      const onCheck = proposal?.authorId === actor.userId && proposal.can.edit
      // Each section still incomplete links to its page, at its first missing answer.
      const href = (field: string, error: unknown) =>
        error instanceof ProposalIncomplete ? fieldHref(id, field, options) : `#${field}`
      const answer = {
        back: onCheck ? checkPath(id) : `/proposals/${id}`,
        field: onCheck ? 'submit' : 'actions',
        href,
      }
      return formHandler(request, reply, answer, async () => {
        await proposals.submit(id, rowVersionOf(request.body.rowVersion), actor)
        return redirectWithBanner(request, reply, `/proposals/${id}`, {
          title: 'Proposal submitted',
          text: 'A Centre admin will check it and put it to the Credential Group.',
        })
      })
    },
  )

  /** Every answer of the proposal as summary lists, a section each, with links to change them. */
  function checkSections(proposal: ProposalView, options: ProposalFormOptions) {
    const row = (section: ProposalSection, field: string, key: string, value: string) => ({
      key: { text: key },
      value: { text: value.trim() ? value : 'Not answered yet' },
      actions: {
        items: [
          {
            href: `${sectionPath(proposal.id, section.id)}#${field}`,
            text: 'Change',
            visuallyHiddenText: key,
          },
        ],
      },
    })
    const area = options.areas.find((a) => a.id === proposal.clinicalAreaId)?.name ?? ''
    return proposalSections(options.gateway.criteria).map((section) => ({
      id: section.id,
      title: section.title,
      rows:
        section.kind === 'about'
          ? [
              row(section, 'title', 'Title of the credential', proposal.title),
              row(section, 'clinicalArea', 'Clinical area', area),
              row(section, 'targetProfessions', 'Target professions', proposal.targetProfessions.join(', ')),
            ]
          : section.kind === 'need'
            ? [
                row(section, 'need', 'The need it meets', proposal.need),
                row(section, 'evidence', 'Evidence of need', proposal.evidence),
              ]
            : options.gateway.criteria
                .filter((c) => section.criteria.includes(c.code))
                .map((c) =>
                  row(
                    section,
                    c.field,
                    `${c.code}${c.title ? `: ${c.title}` : ''}`,
                    proposal.gateway.answers[c.code] ?? '',
                  ),
                ),
    }))
  }

  app.post<{ Params: ProposalParams; Body: CheckBody }>(
    '/proposals/:id/check',
    { config: ADMIN, schema: { params: ProposalParams, body: CheckBody } },
    async (request, reply) => {
      const { id } = request.params
      const values = { note: request.body.note ?? '' }
      // The decision is a button: its message shows by the note, the form's one field.
      const href = (field: string) => (field === 'decision' ? '#note' : `#${field}`)
      return formHandler(
        request,
        reply,
        { back: `/proposals/${id}`, field: 'actions', values, href },
        async () => {
          const { decision, note } = parseForm(CheckForm, request.body)
          await proposals.check(
            id,
            rowVersionOf(request.body.rowVersion),
            decision,
            note,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, `/proposals/${id}`, {
            title:
              decision === 'send'
                ? 'Proposal put to the Credential Group'
                : 'Proposal returned to the author',
          })
        },
      )
    },
  )

  /**
   * The proposal while a Centre admin may check it; otherwise the admin is sent to its page
   * saying why not (or shown not found) and there is none.
   */
  async function checkable(request: FastifyRequest, reply: FastifyReply, id: string) {
    const proposal = await proposals.get(id, processActorOf(request))
    if (!proposal) {
      notFound(reply)
      return null
    }
    if (!proposal.can.check) {
      const reason =
        proposal.authorId === processActorOf(request).userId
          ? 'You wrote this proposal, so another Centre admin checks it'
          : 'Only a proposal awaiting its check can be checked'
      await redirectWithErrors(request, reply, `/proposals/${id}`, new FormErrors().add('actions', reason))
      return null
    }
    return proposal
  }

  // The Centre's check as a task list: each gateway criterion of the version the proposal
  // answered, with its judgement on this submission, each judged on a page of its own.
  app.get<{ Params: ProposalParams }>(
    '/proposals/:id/gateway-check',
    { config: ADMIN, schema: { params: ProposalParams } },
    async (request, reply) => {
      const proposal = await checkable(request, reply, request.params.id)
      if (!proposal) return reply
      const items = proposal.check.criteria.map((c) => ({
        title: { text: `${c.code}${c.title ? `: ${c.title}` : ''}` },
        hint:
          c.judgement && !c.judgement.current
            ? { text: 'Judged on an earlier submission: judge it again' }
            : undefined,
        href: judgePath(proposal.id, c.code),
        status:
          c.judgement?.current === true
            ? { tag: judgementTag(c.judgement.words) }
            : { tag: { text: 'Not judged yet', classes: 'nhsuk-tag--white' } },
      }))
      return renderForm(request, reply, 'proposals/gateway-check.njk', {
        pageTitle: `Check the gateway criteria: proposal ${proposal.number}`,
        proposal,
        items,
        breadcrumbs: crumbs(proposal),
      })
    },
  )

  app.get<{ Params: CriterionParams }>(
    '/proposals/:id/gateway-check/:criterion',
    { config: ADMIN, schema: { params: CriterionParams } },
    async (request, reply) => {
      const proposal = await checkable(request, reply, request.params.id)
      if (!proposal) return reply
      const criterion = proposal.check.criteria.find((c) => c.code === request.params.criterion)
      if (!criterion) return notFound(reply)
      const current = criterion.judgement?.current ? criterion.judgement : null
      return renderForm(request, reply, 'proposals/judge.njk', {
        pageTitle: `Judge gateway criterion ${criterion.code}: proposal ${proposal.number}`,
        proposal,
        criterion,
        earlier: criterion.judgement && !criterion.judgement.current ? criterion.judgement : null,
        judgementItems: JUDGEMENTS.map((value) => ({ value, text: JUDGEMENT_WORDS[value].text })),
        values: { judgement: current?.judgement ?? '', reason: current?.reason ?? '' },
        backPath: gatewayCheckPath(proposal.id),
        breadcrumbs: [...crumbs(proposal), { href: gatewayCheckPath(proposal.id), text: 'Gateway criteria' }],
      })
    },
  )

  app.post<{ Params: CriterionParams; Body: JudgementBody }>(
    '/proposals/:id/gateway-check/:criterion',
    { config: ADMIN, schema: { params: CriterionParams, body: JudgementBody } },
    async (request, reply) => {
      const { id, criterion } = request.params
      const body = request.body
      const values = { judgement: body.judgement ?? '', reason: body.reason ?? '' }
      const back = judgePath(id, criterion)
      return formHandler(request, reply, { back, field: 'judgement', values }, async () => {
        const { judgement, reason } = parseForm(JudgementForm, body)
        await proposals.judge(
          id,
          rowVersionOf(body.rowVersion),
          criterion,
          judgement,
          reason,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, gatewayCheckPath(id), {
          title: `Gateway criterion ${criterion} judged: ${JUDGEMENT_WORDS[judgement].text}`,
        })
      })
    },
  )

  app.post<{ Params: ProposalParams; Body: RowVersionBody }>(
    '/proposals/:id/reconsider',
    { config: ADMIN, schema: { params: ProposalParams, body: RowVersionBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(request, reply, { back: `/proposals/${id}`, field: 'actions' }, async () => {
        await proposals.reconsider(id, rowVersionOf(request.body.rowVersion), processActorOf(request))
        return redirectWithBanner(request, reply, `/proposals/${id}`, {
          title: 'Proposal put back to the Credential Group',
        })
      })
    },
  )

  app.get<{ Params: SlugParams }>(
    '/credentials/:slug/expected-date',
    { config: ADMIN, schema: { params: SlugParams } },
    async (request, reply) => {
      const credential = await proposals.expectedDate(request.params.slug)
      if (!credential) return notFound(reply)
      return renderForm(request, reply, 'proposals/expected-date.njk', {
        pageTitle: `Change the expected date of ${credential.title}`,
        credential,
        seasonItems,
        values: {
          season: credential.due?.season ?? '',
          year: credential.due ? String(credential.due.year) : '',
        },
        breadcrumbs: [
          { href: '/credentials', text: 'Credentials' },
          { href: `/credentials/${credential.slug}`, text: credential.title },
        ],
      })
    },
  )

  app.post<{ Params: SlugParams; Body: ExpectedDateBody }>(
    '/credentials/:slug/expected-date',
    { config: ADMIN, schema: { params: SlugParams, body: ExpectedDateBody } },
    async (request, reply) => {
      const { slug } = request.params
      const back = `/credentials/${encodeURIComponent(slug)}/expected-date`
      const body = request.body
      const values = { season: body.season ?? '', year: body.year ?? '', reason: body.reason ?? '' }
      return formHandler(request, reply, { back, field: 'reason', values }, async () => {
        const { expected, reason } = parseForm(ExpectedDateForm, body)
        await proposals.changeExpectedDate(
          slug,
          rowVersionOf(body.rowVersion),
          expected,
          reason,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, back, {
          title: 'Expected date changed',
          text: 'The catalogue shows the new date, and the change is on the timeline.',
        })
      })
    },
  )
}
