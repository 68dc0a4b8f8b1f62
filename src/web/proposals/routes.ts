// Proposals for new credentials, their check by a Centre admin, the Credential
// Group's decision, and the expected date of a credential in development.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SEASONS } from '../../domain/catalogue.ts'
import { longDate } from '../../domain/dates.ts'
import {
  GROUP_OUTCOMES,
  isProposalState,
  PROPOSAL_STATES,
  proposalStateLabel,
  type GroupOutcome,
  type ProposalState,
} from '../../domain/proposal-lifecycle.ts'
import type { Services } from '../../services/index.ts'
import {
  GROUP_STATES,
  ProposalIncomplete,
  type GatewayCriterion,
  type ProposalInput,
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
  DecisionBody,
  ExpectedDateBody,
  ListQuery,
  ProposalBody,
  ProposalParams,
  RowVersionBody,
  SlugParams,
  CheckForm,
  DecisionForm,
  ExpectedDateForm,
} from './schemas.ts'
import { rowVersionOf } from '../row-version.ts'

const PEOPLE_IN_THE_PROCESS = {
  access: { roles: ['specification_author', 'centre_admin', 'credential_group_member'] },
} as const
const AUTHOR = { access: { roles: ['specification_author'] } } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const
const GROUP = { access: { roles: ['credential_group_member', 'centre_admin'] } } as const

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

export function proposalRoutes(app: FastifyInstance, services: Services) {
  const { proposals } = services

  const notFound = (reply: FastifyReply) => reply.callNotFound()

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    context: {
      heading: string
      action: string
      values: Record<string, unknown>
      rowVersion?: number
      proposalId?: string
    },
  ) {
    const options = await proposals.formOptions()
    return renderForm(request, reply, 'proposals/form.njk', {
      pageTitle: context.heading,
      ...context,
      options,
      areaItems: (selected: unknown) => [
        { value: '', text: 'Select a clinical area' },
        ...options.areas.map((a) => ({
          value: String(a.id),
          text: a.name,
          selected: String(a.id) === selected,
        })),
      ],
      breadcrumbs: [
        { href: '/home', text: 'Home' },
        { href: '/proposals', text: 'Proposals' },
      ],
    })
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

  app.get('/proposals/new', { config: AUTHOR }, async (request, reply) =>
    formPage(request, reply, {
      heading: 'Propose a credential',
      action: '/proposals/new',
      values: { targetProfessions: [] },
    }),
  )

  app.post<{ Body: ProposalBody }>(
    '/proposals/new',
    { config: AUTHOR, schema: { body: ProposalBody } },
    async (request, reply) => {
      const { gateway } = await proposals.formOptions()
      const { input, values } = readProposal(request.body, gateway.criteria)
      return formHandler(request, reply, { back: '/proposals/new', field: 'title', values }, async () => {
        const id = await proposals.create(input, processActorOf(request))
        return redirectWithBanner(request, reply, `/proposals/${id}`, {
          title: 'Draft proposal saved',
          text: 'Submit it when it is complete.',
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
        isAdmin: actor.roles.includes('centre_admin'),
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/proposals', text: 'Proposals' },
        ],
      })
    },
  )

  app.get<{ Params: ProposalParams }>(
    '/proposals/:id/edit',
    { config: AUTHOR, schema: { params: ProposalParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const proposal = await proposals.get(request.params.id, actor)
      if (!proposal || proposal.authorId !== actor.userId) return notFound(reply)
      if (!proposal.can.edit) {
        // A change refused on the way here (such as a stale form) keeps its message.
        const flash = await takeFlash(request)
        const errors = new FormErrors()
        for (const e of Array.isArray(flash.errors) ? flash.errors.filter(isFieldError) : [])
          errors.add('actions', e.text)
        errors.add('actions', 'A proposal can only be changed before it is submitted, or when it is returned')
        return redirectWithErrors(request, reply, `/proposals/${proposal.id}`, errors)
      }
      const byCode = proposal.gateway.answers
      const { gateway } = await proposals.formOptions()
      return formPage(request, reply, {
        heading: `Change proposal ${proposal.number}`,
        action: `/proposals/${proposal.id}/edit`,
        rowVersion: proposal.rowVersion,
        proposalId: proposal.id,
        values: {
          clinicalArea: String(proposal.clinicalAreaId),
          title: proposal.title,
          need: proposal.need,
          evidence: proposal.evidence,
          targetProfessions: proposal.targetProfessions,
          ...Object.fromEntries(gateway.criteria.map((c) => [c.field, byCode[c.code] ?? ''])),
        },
      })
    },
  )

  app.post<{ Params: ProposalParams; Body: ProposalBody }>(
    '/proposals/:id/edit',
    { config: AUTHOR, schema: { params: ProposalParams, body: ProposalBody } },
    async (request, reply) => {
      const { id } = request.params
      const { gateway } = await proposals.formOptions()
      const { input, values } = readProposal(request.body, gateway.criteria)
      return formHandler(
        request,
        reply,
        { back: `/proposals/${id}/edit`, field: 'title', values },
        async () => {
          await proposals.update(id, rowVersionOf(request.body.rowVersion), input, processActorOf(request))
          return redirectWithBanner(request, reply, `/proposals/${id}`, { title: 'Proposal saved' })
        },
      )
    },
  )

  app.post<{ Params: ProposalParams; Body: RowVersionBody }>(
    '/proposals/:id/submit',
    { config: AUTHOR, schema: { params: ProposalParams, body: RowVersionBody } },
    async (request, reply) => {
      const { id } = request.params
      // Each gap in an incomplete proposal links to its field on the form.
      const href = (field: string, error: unknown) =>
        error instanceof ProposalIncomplete ? `/proposals/${id}/edit#${field}` : `#${field}`
      return formHandler(request, reply, { back: `/proposals/${id}`, field: 'actions', href }, async () => {
        await proposals.submit(id, rowVersionOf(request.body.rowVersion), processActorOf(request))
        return redirectWithBanner(request, reply, `/proposals/${id}`, {
          title: 'Proposal submitted',
          text: 'A Centre admin will check it and put it to the Credential Group.',
        })
      })
    },
  )

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

  app.get<{ Params: ProposalParams }>(
    '/proposals/:id/decision',
    { config: GROUP, schema: { params: ProposalParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const proposal = await proposals.get(request.params.id, actor)
      if (!proposal) return notFound(reply)
      if (!proposal.can.decide) {
        const reason =
          proposal.authorId === actor.userId
            ? "You proposed this credential, so someone else records the group's decision"
            : 'This proposal is not with the Credential Group'
        return redirectWithErrors(
          request,
          reply,
          `/proposals/${proposal.id}`,
          new FormErrors().add('actions', reason),
        )
      }
      const members = await proposals.groupMembers()
      return renderForm(request, reply, 'proposals/decision.njk', {
        pageTitle: `Record the Credential Group's decision on proposal ${proposal.number}`,
        proposal,
        members: members.filter((m) => m.id !== proposal.authorId),
        seasonItems,
        outcomes: GROUP_OUTCOMES,
        values: { participants: [] },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/proposals', text: 'Proposals' },
          { href: `/proposals/${proposal.id}`, text: `Proposal ${proposal.number}` },
        ],
      })
    },
  )

  app.post<{ Params: ProposalParams; Body: DecisionBody }>(
    '/proposals/:id/decision',
    { config: GROUP, schema: { params: ProposalParams, body: DecisionBody } },
    async (request, reply) => {
      const { id } = request.params
      const body = request.body
      const back = `/proposals/${id}/decision`
      const values = {
        outcome: body.outcome ?? '',
        reason: body.reason ?? '',
        participants: asList(body.participants),
        expectedSeason: body.expectedSeason ?? '',
        expectedYear: body.expectedYear ?? '',
      }
      return formHandler(request, reply, { back, field: 'outcome', values }, async () => {
        const decision = parseForm(DecisionForm, body)
        await proposals.decide(id, rowVersionOf(body.rowVersion), decision, processActorOf(request))
        const titles: Record<GroupOutcome, string> = {
          agree: 'Agreed: the credential is now in development',
          decline: 'Declined: the author has been told why',
          defer: 'Deferred: the author has been told why',
        }
        return redirectWithBanner(request, reply, `/proposals/${id}`, {
          title: titles[decision.outcome],
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
