// The Credential Group's meetings and written procedures: the list, setting a meeting or a
// written procedure, the meeting's page (attendance, minutes, interests, votes), and the
// chair's closing of an item, confirmed on the shared decision check page.
import type { FastifyInstance } from 'fastify'
import { formatDue, SEASONS } from '../../domain/catalogue.ts'
import { dateFromForm } from '../../domain/date-input.ts'
import { longDate } from '../../domain/dates.ts'
import { isTimeOfDay, ITEM_OUTCOME_LABELS } from '../../domain/group-meetings.ts'
import type { GroupOutcome } from '../../domain/proposal-lifecycle.ts'
import { meetingWhen } from '../../services/group-meetings.ts'
import type { Services } from '../../services/index.ts'
import { FieldProblems } from '../../services/errors.ts'
import {
  formHandler,
  keptAnswers,
  parseForm,
  redirectWithBanner,
  renderForm,
  repeatedValues,
} from '../forms.ts'
import { countLabel, LIST_PAGE_SIZE, numberedPagination, pageOf } from '../lists.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import {
  AttendanceBody,
  type CloseBody as CloseBodyType,
  CloseBody,
  CloseForm,
  InterestBody,
  InterestForm,
  ItemParams,
  ListQuery,
  MeetingBody,
  MeetingParams,
  MinutesBody,
  RowVersionBody,
  VoteBody,
  VoteForm,
  WrittenBody,
} from './schemas.ts'

const GROUP = { access: { roles: ['credential_group_member', 'centre_admin'] } } as const
const ADMIN = { access: { roles: ['centre_admin'] } } as const
const MEMBER = { access: { roles: ['credential_group_member'] } } as const

const seasonItems = (selected?: unknown) => [
  { value: '', text: 'Select a season' },
  ...SEASONS.map((s) => ({
    value: s,
    text: s.charAt(0).toUpperCase() + s.slice(1),
    selected: s === selected,
  })),
]

/** What the close form sent, as typed, to show on the form again and carry through the check page. */
const decisionValuesKept = (body: CloseBodyType) => ({
  reason: body.reason ?? '',
  expectedSeason: body.expectedSeason ?? '',
  expectedYear: body.expectedYear ?? '',
})

const CONSEQUENCES: Record<GroupOutcome, (title: string, author: string, expected: string) => string[]> = {
  agree: (title, author, expected) => [
    `${title} is listed in the catalogue as in development${expected ? `, expected ${expected}` : ''}, and version 1 of its specification is made for ${author} to write.`,
  ],
  decline: () => ['The proposal is declined and goes no further.'],
  defer: () => ['The proposal waits until a Centre admin puts it to the group again.'],
}

export function groupMeetingRoutes(app: FastifyInstance, services: Services) {
  const meetings = services.groupMeetings
  const page = (id: string) => `/group-meetings/${id}`
  const crumbs = [
    { href: '/home', text: 'Home' },
    { href: '/group-meetings', text: 'Credential Group meetings' },
  ]

  app.get<{ Querystring: ListQuery }>(
    '/group-meetings',
    { config: GROUP, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const at = pageOf(request.query.page)
      const { meetings: rows, total } = await meetings.list(actor, at, LIST_PAGE_SIZE)
      const flash = await takeFlash(request)
      return reply.render('group-meetings/list.njk', {
        pageTitle: 'Credential Group meetings',
        banner: flash.banner,
        columnWidth: 'full',
        isAdmin: actor.roles.includes('centre_admin'),
        meetings: rows.map((m) => ({ ...m, when: meetingWhen(m) })),
        totalText: countLabel(total, 'meeting or written procedure', 'meetings and written procedures'),
        pagination: numberedPagination('/group-meetings', {}, at, total),
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get('/group-meetings/new', { config: ADMIN }, async (request, reply) => {
    const choices = await meetings.agendaChoices(processActorOf(request))
    return renderForm(request, reply, 'group-meetings/new.njk', {
      pageTitle: 'Set a Credential Group meeting',
      choices,
      values: { proposals: choices.map((c) => c.id) },
      breadcrumbs: crumbs,
    })
  })

  app.post<{ Body: MeetingBody }>(
    '/group-meetings/new',
    { config: ADMIN, schema: { body: MeetingBody } },
    async (request, reply) => {
      const body = request.body
      const proposals = repeatedValues(body.proposals)
      const values = { ...body, proposals }
      return formHandler(
        request,
        reply,
        { back: '/group-meetings/new', field: 'proposals', values },
        async () => {
          // Every missing answer shows at once; the use case checks them again with the agenda.
          const meetsOn = dateFromForm(body, 'meetsOn', 'Date of the meeting')
          const startsAt = (body.startsAt ?? '').trim()
          const problems = []
          if (meetsOn === null || typeof meetsOn !== 'string')
            problems.push({ field: 'meetsOn-day', text: meetsOn?.error ?? 'Enter the date of the meeting' })
          if (!isTimeOfDay(startsAt))
            problems.push({ field: 'startsAt', text: 'Enter the time the meeting starts, such as 14:30' })
          if (!proposals.length)
            problems.push({ field: 'proposals', text: 'Select at least one proposal for the agenda' })
          if (problems.length || typeof meetsOn !== 'string') throw new FieldProblems(problems)
          const id = await meetings.create(
            { meetsOn, startsAt, proposalIds: proposals },
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, page(id), {
            title: 'Meeting set',
            text: 'The members of the Credential Group have been e-mailed the date and agenda.',
          })
        },
      )
    },
  )

  app.get('/group-meetings/written-procedure', { config: ADMIN }, async (request, reply) => {
    const choices = await meetings.agendaChoices(processActorOf(request))
    return renderForm(request, reply, 'group-meetings/written.njk', {
      pageTitle: 'Put a proposal to the Credential Group by written procedure',
      choices,
      breadcrumbs: crumbs,
    })
  })

  app.post<{ Body: WrittenBody }>(
    '/group-meetings/written-procedure',
    { config: ADMIN, schema: { body: WrittenBody } },
    async (request, reply) => {
      const body = request.body
      const back = '/group-meetings/written-procedure'
      return formHandler(request, reply, { back, field: 'proposal', values: body }, async () => {
        const closesOn = dateFromForm(body, 'closesOn', 'Closing date')
        const problems = []
        if (!body.proposal) problems.push({ field: 'proposal', text: 'Select the proposal' })
        if (closesOn === null || typeof closesOn !== 'string')
          problems.push({ field: 'closesOn-day', text: closesOn?.error ?? 'Enter the closing date' })
        if (problems.length || typeof closesOn !== 'string') throw new FieldProblems(problems)
        const id = await meetings.startWrittenProcedure(
          body.proposal ?? '',
          closesOn,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, page(id), {
          title: 'Written procedure started',
          text: `Every member of the Credential Group has been e-mailed a link to vote by ${longDate(closesOn)}.`,
        })
      })
    },
  )

  app.get<{ Params: MeetingParams }>(
    '/group-meetings/:id',
    { config: GROUP, schema: { params: MeetingParams } },
    async (request, reply) => {
      const actor = processActorOf(request)
      const meeting = await meetings.get(request.params.id, actor)
      if (!meeting) return reply.callNotFound()
      return renderForm(request, reply, 'group-meetings/show.njk', {
        pageTitle: `${meeting.kindLabel} ${meeting.number} of the Credential Group`,
        meeting: { ...meeting, when: meetingWhen(meeting) },
        values: { present: meeting.present.map((p) => p.id), minutes: meeting.minutes },
        breadcrumbs: crumbs,
      })
    },
  )

  app.post<{ Params: MeetingParams; Body: AttendanceBody }>(
    '/group-meetings/:id/attendance',
    { config: ADMIN, schema: { params: MeetingParams, body: AttendanceBody } },
    async (request, reply) => {
      const { id } = request.params
      const present = repeatedValues(request.body.present)
      return formHandler(
        request,
        reply,
        { back: `${page(id)}#attendance`, field: 'present', values: { present } },
        async () => {
          await meetings.recordAttendance(
            id,
            rowVersionOf(request.body.rowVersion),
            present,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, page(id), { title: 'Attendance recorded' })
        },
      )
    },
  )

  app.post<{ Params: MeetingParams; Body: MinutesBody }>(
    '/group-meetings/:id/minutes',
    { config: ADMIN, schema: { params: MeetingParams, body: MinutesBody } },
    async (request, reply) => {
      const { id } = request.params
      const minutes = request.body.minutes ?? ''
      return formHandler(
        request,
        reply,
        { back: `${page(id)}#minutes`, field: 'minutes', values: { minutes } },
        async () => {
          await meetings.saveMinutes(
            id,
            rowVersionOf(request.body.rowVersion),
            minutes,
            processActorOf(request),
          )
          return redirectWithBanner(request, reply, page(id), { title: 'Minutes saved' })
        },
      )
    },
  )

  app.post<{ Params: MeetingParams; Body: RowVersionBody }>(
    '/group-meetings/:id/close',
    { config: ADMIN, schema: { params: MeetingParams, body: RowVersionBody } },
    async (request, reply) => {
      const { id } = request.params
      return formHandler(request, reply, { back: page(id), field: 'close-meeting' }, async () => {
        await meetings.close(id, rowVersionOf(request.body.rowVersion), processActorOf(request))
        return redirectWithBanner(request, reply, page(id), {
          title: 'Meeting closed',
          text: 'Its minutes can no longer change. Items not closed stay with the Credential Group.',
        })
      })
    },
  )

  /** A form of one item on the meeting page: its fields are named after the item. */
  const onItem = (itemId: string) => (field: string) => `#${field}-${itemId}`

  app.post<{ Params: ItemParams; Body: InterestBody }>(
    '/group-meetings/:id/items/:itemId/interests',
    { config: GROUP, schema: { params: ItemParams, body: InterestBody } },
    async (request, reply) => {
      const { id, itemId } = request.params
      const actor = processActorOf(request)
      const values = {
        [`member-${itemId}`]: request.body.member ?? '',
        [`interest-${itemId}`]: request.body.interest ?? '',
      }
      const answer = { back: `${page(id)}#item-${itemId}`, field: 'interest', values, href: onItem(itemId) }
      return formHandler(request, reply, answer, async () => {
        const form = parseForm(InterestForm, request.body)
        // A member declares their own interest; the chair names the member.
        const member = actor.roles.includes('centre_admin') ? form.member : actor.userId
        await meetings.declareInterest(id, itemId, member, form.interest, actor)
        return redirectWithBanner(request, reply, page(id), {
          title: 'Interest declared',
          text: 'The member does not vote on this proposal.',
        })
      })
    },
  )

  app.post<{ Params: ItemParams; Body: VoteBody }>(
    '/group-meetings/:id/items/:itemId/vote',
    { config: MEMBER, schema: { params: ItemParams, body: VoteBody } },
    async (request, reply) => {
      const { id, itemId } = request.params
      const values = {
        [`vote-${itemId}`]: request.body.vote ?? '',
        [`reason-${itemId}`]: request.body.reason ?? '',
      }
      const answer = { back: `${page(id)}#item-${itemId}`, field: 'vote', values, href: onItem(itemId) }
      return formHandler(request, reply, answer, async () => {
        const form = parseForm(VoteForm, request.body)
        await meetings.vote(id, itemId, form.vote, form.reason, processActorOf(request))
        return redirectWithBanner(request, reply, page(id), { title: 'Vote recorded' })
      })
    },
  )

  const closePath = (id: string, itemId: string) => `${page(id)}/items/${itemId}/close`

  app.get<{ Params: ItemParams }>(
    '/group-meetings/:id/items/:itemId/close',
    { config: ADMIN, schema: { params: ItemParams } },
    async (request, reply) => {
      const { id, itemId } = request.params
      const meeting = await meetings.get(id, processActorOf(request))
      const item = meeting?.items.find((i) => i.id === itemId)
      if (!meeting || !item) return reply.callNotFound()
      return renderForm(request, reply, 'group-meetings/close.njk', {
        pageTitle: `Close the item on proposal ${item.proposalNumber}`,
        meeting: { ...meeting, when: meetingWhen(meeting) },
        item,
        decidedLabel: item.result.decided ? ITEM_OUTCOME_LABELS[item.result.outcome] : '',
        seasonItems,
        values: keptAnswers(request, closePath(id, itemId)),
        breadcrumbs: [...crumbs, { href: page(id), text: `${meeting.kindLabel} ${meeting.number}` }],
      })
    },
  )

  app.post<{ Params: ItemParams; Body: CloseBody }>(
    '/group-meetings/:id/items/:itemId/close/check',
    { config: ADMIN, schema: { params: ItemParams, body: CloseBody } },
    async (request, reply) => {
      const { id, itemId } = request.params
      const body = request.body
      const back = closePath(id, itemId)
      const values = decisionValuesKept(body)
      return formHandler(request, reply, { back, field: 'reason', values }, async () => {
        const input = parseForm(CloseForm, body)
        const actor = processActorOf(request)
        const rowVersion = body.rowVersion ?? ''
        const check = await meetings.checkClose(id, itemId, rowVersionOf(rowVersion), input, actor)
        const expected = check.outcome === 'agree' && input.expected ? formatDue(input.expected) : ''
        return renderDecisionCheck(request, reply, {
          pageTitle: `Record this decision? Proposal ${check.proposalNumber}`,
          breadcrumbs: [...crumbs, { href: page(id), text: 'The meeting' }],
          caption: `Proposal ${check.proposalNumber}: ${check.proposalTitle}`,
          rows: [
            { key: 'Decision of the group', value: check.outcomeLabel },
            { key: 'Votes', value: check.tallyText },
            { key: 'Who voted', value: check.participants.join(', ') },
            { key: 'Reasons for the decision', value: input.reason },
            ...(expected ? [{ key: 'Expected date of the specification', value: expected }] : []),
          ],
          consequences: [
            ...CONSEQUENCES[check.outcome](check.proposalTitle, check.authorName, expected),
            `${check.authorName}, who proposed it, is sent an email with the decision and your reasons.`,
            'The proposal shows the decision, the votes with the members’ names and reasons, and the item closes.',
          ],
          form: back,
          action: back,
          fields: { rowVersion, ...values },
          cancel: page(id),
        })
      })
    },
  )

  app.post<{ Params: ItemParams; Body: CloseBody }>(
    '/group-meetings/:id/items/:itemId/close',
    { config: ADMIN, schema: { params: ItemParams, body: CloseBody } },
    async (request, reply) => {
      const { id, itemId } = request.params
      const body = request.body
      const back = closePath(id, itemId)
      return formHandler(
        request,
        reply,
        { back, field: 'reason', values: decisionValuesKept(body) },
        async () => {
          const input = parseForm(CloseForm, body)
          const outcome = await meetings.closeItem(
            id,
            itemId,
            rowVersionOf(body.rowVersion),
            input,
            processActorOf(request),
          )
          const titles: Record<GroupOutcome, string> = {
            agree: 'Agreed: the credential is now in development',
            decline: 'Declined: the author has been told why',
            defer: 'Deferred: the author has been told why',
          }
          return redirectWithBanner(request, reply, page(id), { title: titles[outcome] })
        },
      )
    },
  )
}
