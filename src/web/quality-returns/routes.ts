// Yearly quality returns and the dashboards. Provider admins and staff see and submit their
// own organisations' returns (another organisation's is a 404, so nothing leaks); Centre
// admins review submitted returns and see every provider's figures.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { DELIVERY_STATE_LABELS, RETURN_STATE_LABELS, type ReturnState } from '../../domain/providers.ts'
import type { Services } from '../../services/index.ts'
import { DUE_SOON_DAYS, MAX_RETURN_TEXT } from '../../services/quality-returns.ts'
import { formBody, formHandler, keptAnswers, redirectWithBanner, renderForm } from '../forms.ts'
import { renderDecisionCheck } from '../decision-check.ts'
import { processActorOf, takeFlash } from '../plugins/session.ts'
import { rowVersionOf } from '../row-version.ts'
import { organisationIdsActedFor } from '../acting-for.ts'

const PROVIDER_PEOPLE = { access: { roles: ['provider_admin', 'provider_staff'] } } as const
const CENTRE_ADMIN = { access: { roles: ['centre_admin'] } } as const

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
type IdParams = Static<typeof IdParams>
const text = () => Type.Optional(Type.String({ maxLength: 20_000 }))
const ReturnBody = formBody({
  rowVersion: Type.Optional(Type.String({ maxLength: 20 })),
  cohortStarted: Type.Optional(Type.String({ maxLength: 50 })),
  cohortCompleted: Type.Optional(Type.String({ maxLength: 50 })),
  outcomes: text(),
  changes: text(),
  concerns: text(),
})
type ReturnBody = Static<typeof ReturnBody>
const DecisionBody = formBody({
  rowVersion: Type.Optional(Type.String({ maxLength: 20 })),
  decision: Type.Optional(Type.String({ maxLength: 50 })),
  note: text(),
})
type DecisionBody = Static<typeof DecisionBody>

const STATE_TAGS: Record<ReturnState, string> = {
  due: 'nhsuk-tag--blue',
  submitted: 'nhsuk-tag--yellow',
  accepted: 'nhsuk-tag--green',
  concern_raised: 'nhsuk-tag--red',
}

const common = {
  returnStateLabels: RETURN_STATE_LABELS,
  returnStateTags: STATE_TAGS,
  deliveryStateLabels: DELIVERY_STATE_LABELS,
}

export function qualityReturnsRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'qualityReturns' | 'clock'>,
): void {
  const returns = services.qualityReturns
  const today = () => services.clock.today()

  app.get('/provider', { config: PROVIDER_PEOPLE }, async (request, reply) => {
    const organisations = organisationIdsActedFor(request)
    const day = today()
    const [deliveries, owed] = await Promise.all([
      returns.providerDashboard(organisations, day),
      returns.listForProvider(organisations, day),
    ])
    const flash = await takeFlash(request)
    return reply.render('quality-returns/provider-dashboard.njk', {
      ...common,
      pageTitle: 'Your deliveries',
      columnWidth: 'full',
      banner: flash.banner,
      deliveries,
      owed: owed.filter(
        (r) =>
          (r.state === 'due' || r.state === 'concern_raised') &&
          (r.overdue || r.dueOn <= addDays(day, DUE_SOON_DAYS)),
      ),
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get('/provider/returns', { config: PROVIDER_PEOPLE }, async (request, reply) => {
    const list = await returns.listForProvider(organisationIdsActedFor(request), today())
    const flash = await takeFlash(request)
    return reply.render('quality-returns/provider-list.njk', {
      ...common,
      pageTitle: 'Quality returns',
      columnWidth: 'full',
      banner: flash.banner,
      owed: list.filter((r) => r.state === 'due' || r.state === 'concern_raised'),
      sent: list.filter((r) => r.state === 'submitted' || r.state === 'accepted'),
      breadcrumbs: [
        { href: '/home', text: 'Home' },
        { href: '/provider', text: 'Your deliveries' },
      ],
    })
  })

  app.get<{ Params: IdParams }>(
    '/provider/returns/:id',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await returns.getForProvider(request.params.id, organisationIdsActedFor(request), today())
      if (!found) return reply.callNotFound()
      return renderForm(request, reply, 'quality-returns/provider-return.njk', {
        ...common,
        pageTitle: `Quality return: ${found.credentialTitle}, year ${found.periodYear}`,
        qualityReturn: found,
        maxText: MAX_RETURN_TEXT,
        values: {
          cohortStarted: found.cohortStarted?.toString() ?? '',
          cohortCompleted: found.cohortCompleted?.toString() ?? '',
          outcomes: found.outcomes ?? '',
          changes: found.changes ?? '',
          concerns: found.concerns ?? '',
        },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/provider/returns', text: 'Quality returns' },
        ],
      })
    },
  )

  app.post<{ Params: IdParams; Body: ReturnBody }>(
    '/provider/returns/:id',
    { config: PROVIDER_PEOPLE, schema: { params: IdParams, body: ReturnBody } },
    async (request, reply) => {
      const { id } = request.params
      const page = `/provider/returns/${id}`
      // Another organisation's return is not found, as on its page: nothing leaks.
      if (!(await returns.getForProvider(id, organisationIdsActedFor(request), today())))
        return reply.callNotFound()
      const input = {
        cohortStarted: request.body.cohortStarted ?? '',
        cohortCompleted: request.body.cohortCompleted ?? '',
        outcomes: request.body.outcomes ?? '',
        changes: request.body.changes ?? '',
        concerns: request.body.concerns ?? '',
      }
      // Long text is cut when kept for the form, so the session stays small.
      const kept = Object.fromEntries(
        Object.entries(input).map(([k, v]) => [k, v.slice(0, MAX_RETURN_TEXT + 1)]),
      )
      return formHandler(request, reply, { back: page, field: 'cohortStarted', values: kept }, async () => {
        await returns.submit(
          id,
          organisationIdsActedFor(request),
          rowVersionOf(request.body.rowVersion),
          input,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, page, {
          title: 'Quality return submitted',
          text: 'The Centre will review it and tell your organisation’s admins what it decides.',
        })
      })
    },
  )

  app.get('/quality-returns', { config: CENTRE_ADMIN }, async (request, reply) => {
    const overview = await returns.centreOverview(today())
    const flash = await takeFlash(request)
    return reply.render('quality-returns/centre-list.njk', {
      ...common,
      pageTitle: 'Quality returns',
      columnWidth: 'full',
      banner: flash.banner,
      ...overview,
      dueSoonDays: DUE_SOON_DAYS,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })

  app.get<{ Params: IdParams }>(
    '/quality-returns/:id',
    { config: CENTRE_ADMIN, schema: { params: IdParams } },
    async (request, reply) => {
      const found = await returns.getForCentre(request.params.id, today())
      if (!found) return reply.callNotFound()
      return renderForm(request, reply, 'quality-returns/centre-return.njk', {
        ...common,
        pageTitle: `Quality return: ${found.organisationName}, ${found.credentialTitle}, year ${found.periodYear}`,
        qualityReturn: found,
        values: { decision: '', note: '', ...keptAnswers(request, `/quality-returns/${found.id}`) },
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/quality-returns', text: 'Quality returns' },
        ],
      })
    },
  )

  // Recording a decision is two steps: the form's answers come to a page that says what
  // recording them does, and only that page's button records them.
  app.post<{ Params: IdParams; Body: DecisionBody }>(
    '/quality-returns/:id/decision/check',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: DecisionBody } },
    async (request, reply) => {
      const { id } = request.params
      const page = `/quality-returns/${id}`
      const found = await returns.getForCentre(id, today())
      if (!found) return reply.callNotFound()
      const decision = request.body.decision ?? ''
      const note = request.body.note ?? ''
      const values = { decision, note: note.slice(0, MAX_RETURN_TEXT + 1) }
      return formHandler(request, reply, { back: page, field: 'decision', values }, async () => {
        const rowVersion = request.body.rowVersion ?? ''
        await returns.checkDecision(id, rowVersionOf(rowVersion), decision, note, processActorOf(request))
        const accepting = decision === 'accept'
        const provider = found.organisationName
        return renderDecisionCheck(request, reply, {
          pageTitle: `Record this decision? Quality return: ${provider}, ${found.credentialTitle}`,
          breadcrumbs: [
            { href: '/home', text: 'Home' },
            { href: '/quality-returns', text: 'Quality returns' },
            { href: page, text: 'The quality return' },
          ],
          caption: `${provider}, quality return for year ${found.periodYear}: ${found.credentialTitle}`,
          rows: [
            { key: 'Decision', value: accepting ? 'Accept it' : 'Raise a concern' },
            { key: 'Note to the provider', value: note.trim() || 'None' },
          ],
          consequences: accepting
            ? [
                `The return is marked as accepted.`,
                `${provider}’s admins are sent an email saying the Centre accepted it${note.trim() ? ', with your note' : ''}.`,
              ]
            : [
                `The return goes back to ${provider}, marked as a concern raised, and they must submit it again.`,
                `${provider}’s admins are sent an email with your note, which they also see on the return.`,
              ],
          form: page,
          action: `${page}/decision`,
          fields: { rowVersion, decision, note },
          cancel: page,
        })
      })
    },
  )

  app.post<{ Params: IdParams; Body: DecisionBody }>(
    '/quality-returns/:id/decision',
    { config: CENTRE_ADMIN, schema: { params: IdParams, body: DecisionBody } },
    async (request, reply) => {
      const { id } = request.params
      const page = `/quality-returns/${id}`
      if (!(await returns.getForCentre(id, today()))) return reply.callNotFound()
      const decision = request.body.decision ?? ''
      const note = request.body.note ?? ''
      const values = { decision, note: note.slice(0, MAX_RETURN_TEXT + 1) }
      return formHandler(request, reply, { back: page, field: 'decision', values }, async () => {
        const outcome = await returns.decide(
          id,
          rowVersionOf(request.body.rowVersion),
          decision,
          note,
          processActorOf(request),
        )
        return redirectWithBanner(request, reply, page, {
          title: outcome === 'accepted' ? 'Quality return accepted' : 'Concern raised',
          text: 'The provider’s admins have been sent an email.',
        })
      })
    },
  )

  app.get('/reports/providers', { config: CENTRE_ADMIN }, async (request, reply) => {
    const report = await returns.providersReport(today())
    return reply.render('quality-returns/providers-report.njk', {
      ...common,
      pageTitle: 'Providers and deliveries',
      columnWidth: 'full',
      report,
      breadcrumbs: [{ href: '/home', text: 'Home' }],
    })
  })
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10)
}
