// Learners on a delivery, their eligibility, single awards, and suspending, reinstating and
// revoking an award. Provider staff and admins work on their own organisation's deliveries;
// Centre admins see every award. Anything of another organisation is a 404.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { REGULATORS } from '../../domain/award-rows.ts'
import {
  AWARD_ACTIONS,
  AWARD_STATUS_COLOURS,
  AWARD_STATUS_LABELS,
  AWARD_STATUS_REASON_LABELS,
  AWARD_STATUS_REASONS,
  AWARD_STATUSES,
  DELIVERY_STATE_LABELS,
  ELIGIBILITY_BASES,
  ELIGIBILITY_LABELS,
  isOneOf,
  type AwardAction,
  type AwardStatus,
} from '../../domain/providers.ts'
import type { AwardsViewer } from '../../services/awards.ts'
import type { Services } from '../../services/index.ts'
import { signedInUser } from '../plugins/auth.ts'
import { longDate } from '../../domain/dates.ts'
import { copyViewerOf } from '../award-files/viewer.ts'
import {
  errorsByField,
  formBody,
  dateBoxes,
  formHandler,
  FormErrors,
  parseForm,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
  uploadedFile,
  withDateInput,
} from '../forms.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { pageLinks } from '../pagination.ts'
import {
  countLabel,
  linkQuery,
  LIST_PAGE_SIZE,
  listChoice,
  listFormat,
  listPage,
  listSearch,
  pageOf,
  sendCsv,
} from '../lists.ts'
import { isUuid } from '../../domain/identifiers.ts'
import { rowVersionOf } from '../row-version.ts'
import { organisationIdsActedFor } from '../acting-for.ts'
import { dateInputFields, dateInputFrom, isEmptyDateInput, parseDateInput } from '../../domain/date-input.ts'

const PROVIDER = { access: { roles: ['provider_admin', 'provider_staff'] } } as const
const PROVIDER_OR_CENTRE = {
  access: { roles: ['provider_admin', 'provider_staff', 'centre_admin'] },
} as const
const SIGNED_IN = { access: 'signed-in' } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const text = () => Type.Optional(Type.String({ maxLength: 10_000 }))
const LearnerBody = formBody({
  givenName: text(),
  familyName: text(),
  email: text(),
  profession: text(),
  regulator: text(),
  registrationNumber: text(),
})
type LearnerBody = Static<typeof LearnerBody>
// Multipart: the evidence arrives as an UploadedFile (see the multipart options in src/app.ts).
const EligibilityBody = formBody({
  rowVersion: text(),
  basis: text(),
  programmeId: text(),
  mscInstitution: text(),
  mscYear: text(),
  evidence: Type.Optional(Type.Unknown()),
})
type EligibilityBody = Static<typeof EligibilityBody>
const AwardForm = withDateInput(z.object(dateBoxes('awardedOn')), 'awardedOn', 'Date of the award')
const StatusForm = z.object({
  action: z.enum(AWARD_ACTIONS, { message: 'Select what to do with the award' }),
})
const AwardBody = formBody({
  'awardedOn[day]': text(),
  'awardedOn[month]': text(),
  'awardedOn[year]': text(),
})
type AwardBody = Static<typeof AwardBody>
const StatusBody = formBody({ rowVersion: text(), action: text(), reasonCategory: text(), reason: text() })
type StatusBody = Static<typeof StatusBody>
const datePart = () => Type.Optional(Type.String({ maxLength: 10 }))
const AwardsQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  delivery: listChoice(),
  q: listSearch(),
  'from[day]': datePart(),
  'from[month]': datePart(),
  'from[year]': datePart(),
  'to[day]': datePart(),
  'to[month]': datePart(),
  'to[year]': datePart(),
  page: listPage(),
  format: listFormat(),
})
type AwardsQuery = Static<typeof AwardsQuery>
const LearnersQuery = Type.Object({
  eligibility: listChoice(),
  award: listChoice(),
  q: listSearch(),
  page: listPage(),
  format: listFormat(),
})
type LearnersQuery = Static<typeof LearnersQuery>
const ELIGIBILITY_FILTERS = ['none', ...ELIGIBILITY_BASES] as const
const AWARD_FILTERS = { awarded: 'Awarded', not_awarded: 'Not awarded' } as const

/** A day of a date-range filter: undefined when left empty, an error when it is not a date. */
function rangeDay(query: AwardsQuery, key: 'from' | 'to', label: string) {
  const parts = dateInputFrom(query, key)
  if (isEmptyDateInput(parts)) return { parts }
  return { parts, ...parseDateInput(parts, label) }
}

const ACTION_LABELS: Record<AwardAction, string> = {
  suspend: 'Suspend the award',
  reinstate: 'Reinstate the award',
  revoke: 'Revoke the award (this cannot be undone)',
}
const ACTION_BANNERS: Record<AwardAction, string> = {
  suspend: 'Award suspended',
  reinstate: 'Award reinstated',
  revoke: 'Award revoked',
}
/** What the confirmation page asks, and the consequences it names, for each change. */
const CONFIRMATIONS: Record<
  AwardAction,
  {
    question: string
    heading: string
    button: string
    buttonClasses?: string
    consequences: (learner: string, shownReason: string) => string[]
  }
> = {
  suspend: {
    question: 'Suspend the award?',
    heading: 'What suspending the award means',
    button: 'Suspend the award',
    buttonClasses: 'nhsuk-button--warning',
    consequences: (learner, shown) => [
      `From now on, anyone who checks the credential is told it is suspended, from today, because: "${shown}".`,
      `${learner} is sent an email saying so, with your reason.`,
      'The award can be reinstated later.',
    ],
  },
  reinstate: {
    question: 'Reinstate the award?',
    heading: 'What reinstating the award means',
    button: 'Reinstate the award',
    consequences: (learner) => [
      'The credential verifies again, and people checking it are no longer told it was suspended.',
      `${learner} is sent an email saying so, with your reason.`,
    ],
  },
  revoke: {
    question: 'Revoke the award?',
    heading: 'Revoking the award cannot be undone',
    button: 'Revoke the award',
    buttonClasses: 'nhsuk-button--warning',
    consequences: (learner, shown) => [
      `The credential goes on the public revocation list and no longer verifies: anyone who checks it is told it was revoked today, because: "${shown}".`,
      `${learner} is sent an email saying so, with your reason.`,
      'A revoked award can never be reinstated or changed again.',
    ],
  },
}
const STATUS_TAG_CLASSES: Record<AwardStatus, string> = {
  active: `nhsuk-tag--${AWARD_STATUS_COLOURS.active}`,
  suspended: `nhsuk-tag--${AWARD_STATUS_COLOURS.suspended}`,
  revoked: `nhsuk-tag--${AWARD_STATUS_COLOURS.revoked}`,
}

const str = (value: unknown) => (typeof value === 'string' ? value : '')

/** The signed-in person with the organisations they work for as provider staff or admin. */
function viewerOf(request: FastifyRequest): AwardsViewer {
  return { ...processActorOf(request), organisationIds: organisationIdsActedFor(request) }
}

/** The date of the award is one field to the service; the form's first box is its day. */
const dateHref = (field: string) => (field === 'awardedOn' ? '#awardedOn-day' : `#${field}`)

export function awardsRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'awards' | 'awardCredentials' | 'providerLists'>,
): void {
  const { awards, providerLists } = services
  const learnersPage = (deliveryId: string) => `/provider/deliveries/${deliveryId}/learners`
  const learnerPage = (id: string) => `/provider/learners/${id}`
  const labels = {
    deliveryStates: DELIVERY_STATE_LABELS,
    eligibility: ELIGIBILITY_LABELS,
    awardStatuses: AWARD_STATUS_LABELS,
    statusReasons: AWARD_STATUS_REASON_LABELS,
    statusTags: STATUS_TAG_CLASSES,
  }

  app.get<{ Params: IdParams; Querystring: LearnersQuery }>(
    '/provider/deliveries/:id/learners',
    { config: PROVIDER, schema: { params: IdParams, querystring: LearnersQuery } },
    async (request, reply) => {
      const viewer = viewerOf(request)
      const delivery = await awards.delivery(request.params.id, viewer)
      if (!delivery) return reply.callNotFound()
      const found = delivery.delivery
      const q = request.query
      const eligibility =
        q.eligibility && isOneOf(ELIGIBILITY_FILTERS, q.eligibility) ? q.eligibility : undefined
      const award = q.award === 'awarded' || q.award === 'not_awarded' ? q.award : undefined
      const words = q.q?.trim() || undefined
      const filters = { eligibility, award, q: words }
      if (q.format === 'csv') {
        const batches = await providerLists.allLearners(found.id, viewer, filters)
        if (!batches) return reply.callNotFound()
        return sendCsv(
          reply,
          'learners.csv',
          [
            'Given name',
            'Family name',
            'Email address',
            'Profession',
            'Regulator',
            'Registration number',
            'Eligibility',
            'Award status',
            'Awarded on',
          ],
          batches,
          (l) => [
            l.givenName,
            l.familyName,
            l.email,
            l.profession,
            l.regulator,
            l.registrationNumber,
            l.eligibilityBasis ? ELIGIBILITY_LABELS[l.eligibilityBasis] : 'Not recorded',
            l.award ? AWARD_STATUS_LABELS[l.award.status] : 'Not awarded',
            l.award?.awardedOn ?? '',
          ],
        )
      }
      const page = pageOf(q.page)
      const list = await providerLists.learners(found.id, viewer, filters, page, LIST_PAGE_SIZE)
      if (!list) return reply.callNotFound()
      const path = learnersPage(found.id)
      const flash = await takeFlash(request)
      return reply.render('awards/learners.njk', {
        pageTitle: `Learners: ${found.credentialTitle}`,
        columnWidth: 'full',
        banner: flash.banner,
        delivery: found,
        learners: list.rows,
        total: list.total,
        totalText: countLabel(list.total, 'learner', 'learners'),
        filters,
        filtered: Boolean(eligibility || award || words),
        eligibilityItems: [
          { value: '', text: 'Any eligibility' },
          ...ELIGIBILITY_FILTERS.map((e) => ({
            value: e,
            text: e === 'none' ? 'Not recorded' : ELIGIBILITY_LABELS[e],
            selected: e === eligibility,
          })),
        ],
        awardItems: [
          { value: '', text: 'Awarded or not' },
          ...Object.entries(AWARD_FILTERS).map(([value, text]) => ({
            value,
            text,
            selected: value === award,
          })),
        ],
        downloadHref: `${path}?${linkQuery({ ...filters, format: 'csv' })}`,
        pagination: pageLinks(path, filters, page, Math.max(1, Math.ceil(list.total / LIST_PAGE_SIZE))),
        labels,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/deliveries/:id/learners/new',
    { config: PROVIDER, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await awards.delivery(request.params.id, viewerOf(request))
      if (!found) return reply.callNotFound()
      return renderForm(request, reply, 'awards/learner-new.njk', {
        pageTitle: 'Register a learner',
        delivery: found.delivery,
        labels,
        professions: await awards.professions(),
        regulators: REGULATORS,
        values: {},
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: learnersPage(found.delivery.id), text: 'Learners' },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: LearnerBody }>(
    '/provider/deliveries/:id/learners/new',
    { config: PROVIDER, schema: { params: IdParams, body: LearnerBody } },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const values = {
        givenName: str(b.givenName),
        familyName: str(b.familyName),
        email: str(b.email),
        profession: str(b.profession),
        regulator: str(b.regulator),
        registrationNumber: str(b.registrationNumber),
      }
      const viewer = viewerOf(request)
      if (!(await awards.delivery(id, viewer))) return reply.callNotFound()
      return formHandler(
        request,
        reply,
        { back: `${learnersPage(id)}/new`, field: 'givenName', values },
        async () => {
          const learnerId = await awards.registerLearner(id, values, viewer)
          return redirectWithBanner(request, reply, learnerPage(learnerId), {
            title: 'Learner registered',
            text: 'Record the basis of their eligibility before awarding the credential.',
          })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/learners/:id',
    { config: PROVIDER, schema: { params: IdParams } },
    async (request, reply) => {
      const learner = await awards.learner(request.params.id, viewerOf(request))
      if (!learner) return reply.callNotFound()
      return renderForm(request, reply, 'awards/learner.njk', {
        pageTitle: `${learner.givenName} ${learner.familyName}`,
        learner,
        labels,
        bases: ELIGIBILITY_BASES,
        values: {
          basis: learner.eligibilityBasis ?? '',
          programmeId: learner.programmeId ?? '',
          mscInstitution: learner.mscInstitution ?? '',
          mscYear: learner.mscYear === null ? '' : String(learner.mscYear),
        },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: learnersPage(learner.delivery.id), text: 'Learners' },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: EligibilityBody }>(
    '/provider/learners/:id/eligibility',
    {
      config: PROVIDER,
      schema: { params: IdParams, body: EligibilityBody },
      // A file over the limit stops the upload before the handler runs: say so on the form,
      // as any other problem with the file. Nothing is saved, so no CSRF check is needed.
      errorHandler: (error, request, reply) => {
        const { id } = request.params as { id?: unknown }
        if (
          (error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE' ||
          typeof id !== 'string' ||
          !isUuid(id)
        )
          throw error
        return redirectWithErrors(
          request,
          reply,
          `${learnerPage(id)}#eligibility`,
          new FormErrors().add('evidence', 'The selected file must be smaller than 5MB'),
          { basis: 'equivalence' },
        )
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const b = request.body
      const values = {
        basis: str(b.basis),
        programmeId: str(b.programmeId),
        mscInstitution: str(b.mscInstitution),
        mscYear: str(b.mscYear),
      }
      const viewer = viewerOf(request)
      if (!(await awards.learner(id, viewer))) return reply.callNotFound()
      return formHandler(
        request,
        reply,
        { back: `${learnerPage(id)}#eligibility`, field: 'basis', values },
        async () => {
          await awards.recordEligibility(
            id,
            rowVersionOf(b.rowVersion),
            { ...values, evidence: uploadedFile(b.evidence)?.content ?? null },
            viewer,
          )
          return redirectWithBanner(request, reply, learnerPage(id), { title: 'Eligibility recorded' })
        },
      )
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/learners/:id/evidence',
    { config: PROVIDER_OR_CENTRE, schema: { params: IdParams } },
    async (request, reply) => {
      const file = await awards.evidence(request.params.id, viewerOf(request))
      if (!file) return reply.callNotFound()
      return reply
        .type(file.contentType)
        .header('Content-Disposition', `attachment; filename="${file.filename}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(Buffer.from(file.content))
    },
  )

  app.get<{ Params: IdParams }>(
    '/provider/learners/:id/award',
    { config: PROVIDER, schema: { params: IdParams } },
    async (request, reply) => {
      const learner = await awards.learner(request.params.id, viewerOf(request))
      if (!learner) return reply.callNotFound()
      return renderForm(request, reply, 'awards/award-form.njk', {
        pageTitle: `Award the credential to ${learner.givenName} ${learner.familyName}`,
        learner,
        labels,
        values: {},
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: learnersPage(learner.delivery.id), text: 'Learners' },
          { href: learnerPage(learner.id), text: `${learner.givenName} ${learner.familyName}` },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: AwardBody }>(
    '/provider/learners/:id/award',
    { config: PROVIDER, schema: { params: IdParams, body: AwardBody } },
    async (request, reply) => {
      const { id } = request.params
      const values = dateInputFields('awardedOn', dateInputFrom(request.body, 'awardedOn'))
      const viewer = viewerOf(request)
      if (!(await awards.learner(id, viewer))) return reply.callNotFound()
      const back = `${learnerPage(id)}/award`
      return formHandler(
        request,
        reply,
        { back, field: 'awardedOn-day', values, href: dateHref },
        async () => {
          const { date } = parseForm(AwardForm, request.body)
          const awardId = await awards.award(id, date, viewer)
          return redirectWithBanner(request, reply, `/awards/${awardId}`, {
            title: 'Credential awarded',
            text: 'The learner has been sent an email about their award.',
          })
        },
      )
    },
  )

  app.get<{ Querystring: AwardsQuery }>(
    '/provider/awards',
    { config: PROVIDER_OR_CENTRE, schema: { querystring: AwardsQuery } },
    async (request, reply) => {
      const q = request.query
      const viewer = viewerOf(request)
      const status = q.status && isOneOf(AWARD_STATUSES, q.status) ? q.status : undefined
      const delivery = q.delivery && isUuid(q.delivery) ? q.delivery : undefined
      const words = q.q?.trim() || undefined
      const from = rangeDay(q, 'from', 'From date')
      const to = rangeDay(q, 'to', 'To date')
      const errors = new FormErrors()
      if ('error' in from && from.error) errors.add('from', from.error)
      if ('error' in to && to.error) errors.add('to', to.error)
      const fromDay = 'date' in from ? from.date : undefined
      const toDay = 'date' in to ? to.date : undefined
      const query = { status, deliveryId: delivery, q: words, from: fromDay, to: toDay }
      const linked = {
        status,
        delivery,
        q: words,
        ...Object.fromEntries(
          (['from', 'to'] as const).flatMap((key) =>
            (['day', 'month', 'year'] as const).map((part) => [
              `${key}[${part}]`,
              (key === 'from' ? from : to).parts[part].trim() || undefined,
            ]),
          ),
        ),
      }
      if (q.format === 'csv')
        return sendCsv(
          reply,
          'awards.csv',
          [
            'Given name',
            'Family name',
            'Email address',
            'Profession',
            'Regulator',
            'Registration number',
            'Credential',
            'Provider',
            'Delivery start date',
            'Awarded on',
            'Status',
            'Public reason',
          ],
          providerLists.allAwards(viewer, query),
          (a) => [
            a.givenName,
            a.familyName,
            a.email,
            a.profession,
            a.regulator,
            a.registrationNumber,
            a.credentialTitle,
            a.organisationName,
            a.deliveryStartDate,
            a.awardedOn,
            a.statusLabel,
            a.statusReasonCategory && isOneOf(AWARD_STATUS_REASONS, a.statusReasonCategory)
              ? AWARD_STATUS_REASON_LABELS[a.statusReasonCategory]
              : '',
          ],
        )
      const page = pageOf(q.page)
      const [list, deliveries] = await Promise.all([
        providerLists.awards(viewer, query, page, LIST_PAGE_SIZE),
        providerLists.awardDeliveries(viewer),
      ])
      const flash = await takeFlash(request)
      return reply.render('awards/list.njk', {
        pageTitle: 'Awards',
        columnWidth: 'full',
        banner: flash.banner,
        errors: errors.list,
        fieldErrors: errorsByField(errors.list),
        awards: list.rows,
        total: list.total,
        totalText: countLabel(list.total, 'award', 'awards'),
        filters: linked,
        filtered: Boolean(status || delivery || words || fromDay || toDay),
        statusItems: [
          { value: '', text: 'Any status' },
          ...AWARD_STATUSES.map((s) => ({ value: s, text: AWARD_STATUS_LABELS[s], selected: s === status })),
        ],
        deliveryItems: deliveries.length
          ? [
              { value: '', text: 'Any delivery' },
              ...deliveries.map((d) => ({
                value: d.id,
                text: `${d.credentialTitle}, starting ${longDate(d.startDate)}`,
                selected: d.id === delivery,
              })),
            ]
          : null,
        downloadHref: `/provider/awards?${linkQuery({ ...linked, format: 'csv' })}`,
        pagination: pageLinks(
          '/provider/awards',
          linked,
          page,
          Math.max(1, Math.ceil(list.total / LIST_PAGE_SIZE)),
        ),
        labels,
        breadcrumbs: [{ href: '/home', text: 'Home' }],
      })
    },
  )

  /** The changes the award's status may still take: none once it is revoked. */
  const actionsFor = (status: string) =>
    AWARD_ACTIONS.filter((a) =>
      status === 'revoked'
        ? false
        : a === 'reinstate'
          ? status === 'suspended'
          : a === 'revoke' || status === 'active',
    )
  const awardCrumbs = (id: string) => [
    { href: '/home', text: 'Home' },
    { href: '/provider/awards', text: 'Awards' },
    { href: `/awards/${id}`, text: 'The award' },
  ]

  app.get<{ Params: IdParams }>(
    '/awards/:id',
    { config: PROVIDER_OR_CENTRE, schema: { params: IdParams } },
    async (request, reply) => {
      const viewer = viewerOf(request)
      const award = await awards.getAward(request.params.id, viewer)
      if (!award) return reply.callNotFound()
      return renderForm(request, reply, 'awards/award.njk', {
        pageTitle: `${award.credentialTitle}: ${award.learnerName}`,
        award,
        copy: await services.awardCredentials.copy(award.id, copyViewerOf(request)),
        labels,
        ownProvider: viewer.organisationIds.includes(award.organisationId),
        actionItems: actionsFor(award.status),
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/provider/awards', text: 'Awards' },
        ],
      })
    },
  )

  /** What the status form sent, and where a problem with it is shown: the form, as typed. */
  const statusAnswer = (id: string, body: StatusBody) => {
    const reasonCategory = str(body.reasonCategory)
    const reason = str(body.reason)
    const values = { action: str(body.action), reasonCategory, reason }
    return { reasonCategory, reason, answer: { back: `/awards/${id}/status`, field: 'reason', values } }
  }

  // Changing the status is three steps, so that nothing happens by a slip: the form, a page
  // naming what the change means (the answer to the form's POST, the values in its own hidden
  // fields), and the POST that makes it, which checks everything again.
  app.get<{ Params: IdParams }>(
    '/awards/:id/status',
    { config: PROVIDER_OR_CENTRE, schema: { params: IdParams } },
    async (request, reply) => {
      const award = await awards.getAward(request.params.id, viewerOf(request))
      if (!award) return reply.callNotFound()
      return renderForm(request, reply, 'awards/award-status.njk', {
        pageTitle: `Change the award's status: ${award.learnerName}`,
        award,
        actionItems: actionsFor(award.status).map((a) => ({ value: a, text: ACTION_LABELS[a] })),
        reasonItems: AWARD_STATUS_REASONS.map((r) => ({ value: r, text: AWARD_STATUS_REASON_LABELS[r] })),
        values: {},
        breadcrumbs: awardCrumbs(award.id),
      })
    },
  )

  app.post<{ Params: IdParams; Body: StatusBody }>(
    '/awards/:id/status/check',
    { config: PROVIDER_OR_CENTRE, schema: { params: IdParams, body: StatusBody } },
    async (request, reply) => {
      const { id } = request.params
      const viewer = viewerOf(request)
      const award = await awards.getAward(id, viewer)
      if (!award) return reply.callNotFound()
      const { reasonCategory, reason, answer } = statusAnswer(id, request.body)
      return formHandler(request, reply, answer, async () => {
        const { action } = parseForm(StatusForm, request.body)
        await awards.checkAwardStatusChange(id, action, reason, viewer, reasonCategory)
        const category = isOneOf(AWARD_STATUS_REASONS, reasonCategory) ? reasonCategory : null
        reply.header('cache-control', 'no-store')
        return renderForm(request, reply, 'awards/award-status-confirm.njk', {
          pageTitle: `${CONFIRMATIONS[action].question} ${award.learnerName}`,
          award,
          action,
          confirm: {
            ...CONFIRMATIONS[action],
            label: ACTION_LABELS[action],
            consequences: CONFIRMATIONS[action].consequences(
              award.learnerName,
              category ? AWARD_STATUS_REASON_LABELS[category] : '',
            ),
          },
          rowVersion: str(request.body.rowVersion),
          reasonCategory: category ?? '',
          reasonCategoryLabel: category ? AWARD_STATUS_REASON_LABELS[category] : '',
          reason: reason.trim(),
          changeHref: answer.back,
          breadcrumbs: awardCrumbs(award.id),
        })
      })
    },
  )

  app.post<{ Params: IdParams; Body: StatusBody }>(
    '/awards/:id/status',
    { config: PROVIDER_OR_CENTRE, schema: { params: IdParams, body: StatusBody } },
    async (request, reply) => {
      const { id } = request.params
      const viewer = viewerOf(request)
      if (!(await awards.getAward(id, viewer))) return reply.callNotFound()
      const { reasonCategory, reason, answer } = statusAnswer(id, request.body)
      return formHandler(request, reply, answer, async () => {
        const { action } = parseForm(StatusForm, request.body)
        await awards.changeAwardStatus(
          id,
          rowVersionOf(request.body.rowVersion),
          action,
          reason,
          viewer,
          reasonCategory,
        )
        return redirectWithBanner(request, reply, `/awards/${id}`, {
          title: ACTION_BANNERS[action],
          text: 'The learner has been sent an email saying so, with the reason.',
        })
      })
    },
  )

  // An award belongs to the account with the learner's verified e-mail, whatever its roles:
  // anyone signed in sees their own (the practitioner's home page links here).
  app.get('/my/awards', { config: SIGNED_IN }, async (request, reply) => {
    const list = await awards.myAwards(signedInUser(request).id)
    const viewer = copyViewerOf(request)
    return reply.render('awards/mine.njk', {
      pageTitle: 'Your awards',
      awards: list,
      copies: await Promise.all(list.map((a) => services.awardCredentials.copy(a.id, viewer))),
      labels,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })
}
