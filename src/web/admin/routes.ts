// Centre admins: accounts and roles, invitations, sent mail and the audit trail.
import type { FastifyInstance } from 'fastify'
import { isRole, isScopedRole, ROLES, roleLabel, type Role } from '../../domain/accounts.ts'
import type { Services } from '../../services/index.ts'
import {
  FormErrors,
  redirectWithBanner,
  redirectWithErrors,
  renderForm,
  serviceErrorToForm,
} from '../forms.ts'
import { pageLinks } from '../pagination.ts'
import { actorOf } from '../plugins/session.ts'
import {
  AccountParams,
  AccountsQuery,
  AuditQuery,
  GrantBody,
  GrantParams,
  InvitationBody,
  InvitationQuery,
  PageQuery,
} from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PAGE_SIZE = 25

const roleItems = (selected?: string) => [
  { value: '', text: 'Select a role' },
  ...ROLES.map((r) => ({ value: r, text: roleLabel(r), selected: r === selected })),
]

export function adminRoutes(app: FastifyInstance, services: Pick<Services, 'accounts' | 'mail' | 'audit'>) {
  const { accounts } = services

  const organisationItems = async (selected?: string) => [
    { value: '', text: 'Not for one organisation' },
    // Provider roles are for providers; the Centre's own people hold Centre roles.
    ...(await accounts.listOrganisations())
      .filter((o) => o.kind !== 'centre')
      .map((o) => ({
        value: o.id,
        text: o.name,
        selected: o.id === selected,
      })),
  ]

  /** Role and organisation from a form, with a message per field. */
  function readRole(
    errors: FormErrors,
    body: { role?: string | undefined; organisation?: string | undefined },
  ) {
    const role = body.role ?? ''
    const organisationId = body.organisation || null
    if (!isRole(role)) {
      errors.add('role', 'Select a role')
      return null
    }
    if (isScopedRole(role) && !organisationId) {
      errors.add('organisation', `Select the organisation for the ${roleLabel(role).toLowerCase()} role`)
    }
    if (!isScopedRole(role) && organisationId) {
      errors.add('organisation', `The ${roleLabel(role).toLowerCase()} role is not for one organisation`)
    }
    return { role: role as Role, organisationId }
  }

  app.get<{ Querystring: AccountsQuery }>(
    '/admin/accounts',
    { config: ADMIN, schema: { querystring: AccountsQuery } },
    async (request, reply) => {
      const role = request.query.role && isRole(request.query.role) ? request.query.role : undefined
      const words = request.query.q?.trim().slice(0, 200) || undefined
      const page = request.query.page ?? 1
      const { accounts: list, total } = await accounts.listAccounts({
        role,
        words,
        page,
        pageSize: PAGE_SIZE,
      })
      const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
      return reply.render('admin/accounts.njk', {
        pageTitle: 'Accounts',
        columnWidth: 'full',
        accounts: list,
        total,
        filters: { role, q: words },
        roleItems: [{ value: '', text: 'All roles' }, ...roleItems(role).slice(1)],
        pagination: pageLinks('/admin/accounts', { role, q: words }, page, pageCount),
      })
    },
  )

  app.get<{ Params: AccountParams }>(
    '/admin/accounts/:id',
    { config: ADMIN, schema: { params: AccountParams } },
    async (request, reply) => {
      const account = await accounts.getAccount(request.params.id)
      if (!account) return reply.callNotFound()
      return renderForm(request, reply, 'admin/account.njk', {
        pageTitle: account.displayName,
        account,
        roleItems: roleItems(),
        organisationItems: await organisationItems(),
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/accounts', text: 'Accounts' },
        ],
      })
    },
  )

  app.post<{ Params: AccountParams; Body: GrantBody }>(
    '/admin/accounts/:id/roles',
    { config: ADMIN, schema: { params: AccountParams, body: GrantBody } },
    async (request, reply) => {
      const back = `/admin/accounts/${request.params.id}`
      const errors = new FormErrors()
      const grant = readRole(errors, request.body)
      if (errors.any || !grant) return redirectWithErrors(request, reply, back, errors, request.body)
      try {
        await accounts.grantRole(request.params.id, grant.role, grant.organisationId, actorOf(request))
      } catch (error) {
        return redirectWithErrors(request, reply, back, serviceErrorToForm(error, 'role'), request.body)
      }
      return redirectWithBanner(request, reply, back, { title: `${roleLabel(grant.role)} role granted` })
    },
  )

  app.post<{ Params: GrantParams }>(
    '/admin/accounts/:id/roles/:grantId/remove',
    { config: ADMIN, schema: { params: GrantParams } },
    async (request, reply) => {
      const back = `/admin/accounts/${request.params.id}`
      try {
        await accounts.removeRole(request.params.id, request.params.grantId, actorOf(request))
      } catch (error) {
        return redirectWithErrors(request, reply, back, serviceErrorToForm(error, 'roles'))
      }
      return redirectWithBanner(request, reply, back, { title: 'Role removed' })
    },
  )

  // ?organisation=<id> (from a provider's page) chooses the organisation and the provider admin role.
  app.get<{ Querystring: InvitationQuery }>(
    '/admin/invitations',
    { config: ADMIN, schema: { querystring: InvitationQuery } },
    async (request, reply) => {
      const organisation = request.query.organisation
      return renderForm(request, reply, 'admin/invitations.njk', {
        pageTitle: 'Invite someone',
        roleItems: roleItems(organisation ? 'provider_admin' : undefined),
        organisationItems: await organisationItems(organisation),
        pending: await accounts.pendingInvitations(),
      })
    },
  )

  app.post<{ Body: InvitationBody }>(
    '/admin/invitations',
    { config: ADMIN, schema: { body: InvitationBody } },
    async (request, reply) => {
      const email = request.body.email?.trim() ?? ''
      const displayName = request.body.displayName?.trim() ?? ''
      const errors = new FormErrors().add(
        'email',
        email ? null : 'Enter the email address of the person to invite',
      )
      const grant = readRole(errors, request.body)
      if (errors.any || !grant)
        return redirectWithErrors(request, reply, '/admin/invitations', errors, request.body)
      try {
        await accounts.invite({ email, displayName, ...grant }, actorOf(request))
      } catch (error) {
        return redirectWithErrors(
          request,
          reply,
          '/admin/invitations',
          serviceErrorToForm(error, 'email'),
          request.body,
        )
      }
      return redirectWithBanner(request, reply, '/admin/invitations', {
        title: 'Invitation sent',
        text: `We have sent an invitation to ${email}. The link works for 7 days.`,
      })
    },
  )

  app.get<{ Querystring: PageQuery }>(
    '/admin/mail',
    { config: ADMIN, schema: { querystring: PageQuery } },
    async (request, reply) => {
      const page = request.query.page ?? 1
      const { messages, total } = await services.mail.list(PAGE_SIZE, (page - 1) * PAGE_SIZE)
      return reply.render('admin/mail.njk', {
        pageTitle: 'Sent email',
        columnWidth: 'full',
        messages,
        total,
        pagination: pageLinks('/admin/mail', {}, page, Math.max(1, Math.ceil(total / PAGE_SIZE))),
      })
    },
  )

  app.get<{ Querystring: AuditQuery }>(
    '/admin/audit',
    { config: ADMIN, schema: { querystring: AuditQuery } },
    async (request, reply) => {
      const clean = (v: string | undefined) => v?.trim().slice(0, 200) || undefined
      const filters = {
        action: clean(request.query.action),
        entityType: clean(request.query.entityType),
        actor: clean(request.query.actor),
      }
      const page = request.query.page ?? 1
      const [{ events, total }, actions] = await Promise.all([
        services.audit.list({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
        services.audit.actions(),
      ])
      return reply.render('admin/audit.njk', {
        pageTitle: 'Audit trail',
        columnWidth: 'full',
        events: events.map((e) => ({
          ...e,
          change:
            e.before || e.after
              ? JSON.stringify({ before: e.before ?? undefined, after: e.after ?? undefined })
              : '',
        })),
        total,
        filters,
        actionItems: [
          { value: '', text: 'All actions' },
          ...actions.map((a) => ({ value: a, text: a, selected: a === filters.action })),
        ],
        pagination: pageLinks('/admin/audit', filters, page, Math.max(1, Math.ceil(total / PAGE_SIZE))),
      })
    },
  )
}
