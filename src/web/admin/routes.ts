// Centre admins: accounts and roles, invitations, sent mail and the audit trail.
import type { FastifyInstance } from 'fastify'
import { isRole, isScopedRole, ROLES, roleLabel, type Role } from '../../domain/accounts.ts'
import { INVITATION_STATES, type InvitationState } from '../../services/accounts.ts'
import type { Services } from '../../services/index.ts'
import { isMailStatus, MAIL_STATUSES } from '../../services/mail.ts'
import { formHandler, FormErrors, redirectWithBanner, redirectWithErrors, renderForm } from '../forms.ts'
import {
  countLabel,
  downloadLink,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  offsetOf,
  readDateRange,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { actorOf } from '../plugins/session.ts'
import {
  AccountParams,
  AccountsQuery,
  AuditQuery,
  GrantBody,
  GrantParams,
  InvitationBody,
  InvitationQuery,
  MailQuery,
} from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const
const PAGE_SIZE = LIST_PAGE_SIZE

const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: 'Not yet accepted',
  accepted: 'Accepted',
  expired: 'Expired',
}
const MAIL_STATUS_LABELS = { pending: 'Waiting to send', sent: 'Sent', failed: 'Failed' } as const
const isInvitationState = (value: string): value is InvitationState =>
  INVITATION_STATES.some((s) => s === value)
const roleOf = (value: string | undefined) => (value && isRole(value) ? value : undefined)
/** A date and time in a download: ISO 8601, which spreadsheets read and sort. */
const isoTime = (date: Date | null) => (date ? date.toISOString() : '')

/** "A", "A or B", "A, B or C". */
const listWithOr = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}` : (items[0] ?? '')

// Only the chosen role is marked: an option marked unselected would not take the select's
// `value`, the role a form sent back with errors had.
const roleItems = (selected?: string) => [
  { value: '', text: 'Select a role' },
  ...ROLES.map((r) => ({ value: r, text: roleLabel(r), ...(r === selected ? { selected: true } : {}) })),
]

export function adminRoutes(app: FastifyInstance, services: Pick<Services, 'accounts' | 'mail' | 'audit'>) {
  const { accounts } = services

  /**
   * Role and organisation from a form, with a message per field. The organisation is typed by
   * its name and found on the server: a list of every provider would not fit in a page.
   */
  async function readRole(
    errors: FormErrors,
    body: { role?: string | undefined; organisation?: string | undefined },
  ): Promise<{ role: Role; organisationId: string | null } | null> {
    const role = body.role ?? ''
    const name = body.organisation?.trim() ?? ''
    if (!isRole(role)) {
      errors.add('role', 'Select a role')
      return null
    }
    const label = roleLabel(role).toLowerCase()
    if (!isScopedRole(role)) {
      if (name) errors.add('organisation', `The ${label} role is not for one organisation`)
      return { role, organisationId: null }
    }
    if (!name) {
      errors.add('organisation', `Enter the name of the organisation for the ${label} role`)
      return null
    }
    const { organisation, closeMatches } = await accounts.findOrganisationByName(name.slice(0, 200))
    if (organisation) return { role, organisationId: organisation.id }
    const names = closeMatches.map((o) => o.name)
    errors.add(
      'organisation',
      names.length
        ? `No organisation has that name. Did you mean ${listWithOr(names)}?`
        : 'No organisation has that name. Enter its full name, as the list of providers shows it',
    )
    return null
  }

  app.get<{ Querystring: AccountsQuery }>(
    '/admin/accounts',
    { config: ADMIN, schema: { querystring: AccountsQuery } },
    async (request, reply) => {
      const filter = { role: roleOf(request.query.role), words: searchWords(request.query.q) }
      const query = { role: filter.role, q: filter.words }
      if (request.query.format === 'csv')
        return sendCsv(
          reply,
          'accounts.csv',
          ['Name', 'Email address', 'Roles', 'Status', 'Email confirmed', 'Demo', 'Created'],
          accounts.exportAccounts(filter),
          (a) => [
            a.displayName,
            a.email,
            a.grants
              .map((g) => `${roleLabel(g.role)}${g.organisationName ? ` (${g.organisationName})` : ''}`)
              .join('; '),
            a.status === 'active' ? 'Active' : 'Disabled',
            a.emailVerified ? 'Yes' : 'No',
            a.isDemo ? 'Yes' : 'No',
            isoTime(a.createdAt),
          ],
        )
      const page = pageOf(request.query.page)
      const { accounts: list, total } = await accounts.listAccounts({ ...filter, page, pageSize: PAGE_SIZE })
      return reply.render('admin/accounts.njk', {
        pageTitle: 'Accounts',
        columnWidth: 'full',
        accounts: list,
        total,
        totalText: countLabel(total, 'account', 'accounts'),
        filters: query,
        roleItems: [{ value: '', text: 'All roles' }, ...roleItems(filter.role).slice(1)],
        pagination: numberedPagination('/admin/accounts', query, page, total),
        downloadHref: downloadLink('/admin/accounts', query),
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
      const grant = await readRole(errors, request.body)
      if (errors.any || !grant) return redirectWithErrors(request, reply, back, errors, request.body)
      return formHandler(request, reply, { back, field: 'role', values: request.body }, async () => {
        await accounts.grantRole(request.params.id, grant.role, grant.organisationId, actorOf(request))
        return redirectWithBanner(request, reply, back, { title: `${roleLabel(grant.role)} role granted` })
      })
    },
  )

  app.post<{ Params: GrantParams }>(
    '/admin/accounts/:id/roles/:grantId/remove',
    { config: ADMIN, schema: { params: GrantParams } },
    async (request, reply) => {
      const back = `/admin/accounts/${request.params.id}`
      return formHandler(request, reply, { back, field: 'roles' }, async () => {
        await accounts.removeRole(request.params.id, request.params.grantId, actorOf(request))
        return redirectWithBanner(request, reply, back, { title: 'Role removed' })
      })
    },
  )

  // ?organisation=<id> (from a provider's page) chooses the organisation and the provider admin role;
  // state, role and q filter the list of invitations below the form.
  app.get<{ Querystring: InvitationQuery }>(
    '/admin/invitations',
    { config: ADMIN, schema: { querystring: InvitationQuery } },
    async (request, reply) => {
      const chosen = request.query.organisation
      const organisation = chosen ? await accounts.getOrganisation(chosen) : null
      const asked = request.query.state ?? ''
      const filter = {
        state: isInvitationState(asked) ? asked : undefined,
        role: roleOf(request.query.role),
        words: searchWords(request.query.q),
      }
      const query = { state: filter.state, role: filter.role, q: filter.words }
      if (request.query.format === 'csv')
        return sendCsv(
          reply,
          'invitations.csv',
          ['Email address', 'Name', 'Role', 'Organisation', 'State', 'Sent', 'Expires', 'Accepted'],
          accounts.exportInvitations(filter),
          (i) => [
            i.email,
            i.displayName,
            i.role ? roleLabel(i.role) : '',
            i.organisationName,
            INVITATION_STATE_LABELS[i.state],
            isoTime(i.createdAt),
            isoTime(i.expiresAt),
            isoTime(i.acceptedAt),
          ],
        )
      const page = pageOf(request.query.page)
      const { invitations, total } = await accounts.listInvitations(filter, page, PAGE_SIZE)
      return renderForm(request, reply, 'admin/invitations.njk', {
        pageTitle: 'Invite someone',
        roleItems: roleItems(organisation ? 'provider_admin' : undefined),
        values: { organisation: organisation?.name },
        invitations: invitations.map((i) => ({ ...i, stateLabel: INVITATION_STATE_LABELS[i.state] })),
        total,
        totalText: countLabel(total, 'invitation', 'invitations'),
        filters: query,
        filterRoleItems: [{ value: '', text: 'All roles' }, ...roleItems(filter.role).slice(1)],
        stateItems: [
          { value: '', text: 'Any state' },
          ...INVITATION_STATES.map((s) => ({
            value: s,
            text: INVITATION_STATE_LABELS[s],
            selected: s === filter.state,
          })),
        ],
        pagination: numberedPagination('/admin/invitations', query, page, total),
        downloadHref: downloadLink('/admin/invitations', query),
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
      const grant = await readRole(errors, request.body)
      if (errors.any || !grant)
        return redirectWithErrors(request, reply, '/admin/invitations', errors, request.body)
      const answer = { back: '/admin/invitations', field: 'email', values: request.body }
      return formHandler(request, reply, answer, async () => {
        await accounts.invite({ email, displayName, ...grant }, actorOf(request))
        return redirectWithBanner(request, reply, '/admin/invitations', {
          title: 'Invitation sent',
          text: `We have sent an invitation to ${email}. The link works for 7 days.`,
        })
      })
    },
  )

  app.get<{ Querystring: MailQuery }>(
    '/admin/mail',
    { config: ADMIN, schema: { querystring: MailQuery } },
    async (request, reply) => {
      const range = readDateRange(request.query)
      const asked = request.query.status ?? ''
      const status = isMailStatus(asked) ? asked : undefined
      const words = {
        recipient: searchWords(request.query.recipient),
        subject: searchWords(request.query.subject),
      }
      const filter = { ...words, status, from: range.from, to: range.to }
      const query = { ...words, status, ...range.query }
      if (range.errors.length === 0 && request.query.format === 'csv')
        return sendCsv(
          reply,
          'sent-email.csv',
          ['Created', 'To', 'Subject', 'Status', 'Attempts', 'Sent', 'Last error'],
          services.mail.exportMail(filter),
          (m) => [
            isoTime(m.createdAt),
            m.to,
            m.subject,
            MAIL_STATUS_LABELS[m.status],
            m.attempts,
            isoTime(m.sentAt),
            m.lastError,
          ],
        )
      const page = pageOf(request.query.page)
      const { messages, total } = range.errors.length
        ? { messages: [], total: 0 }
        : await services.mail.list({ ...filter, limit: PAGE_SIZE, offset: offsetOf(page) })
      if (range.errors.length) reply.code(400)
      return reply.render('admin/mail.njk', {
        pageTitle: 'Sent email',
        columnWidth: 'full',
        errors: range.errors,
        fieldErrors: Object.fromEntries(range.errors.map((e) => [e.href.slice(1), e.text])),
        messages,
        total,
        totalText: countLabel(total, 'email', 'emails'),
        filters: query,
        statusItems: [
          { value: '', text: 'Any status' },
          ...MAIL_STATUSES.map((s) => ({ value: s, text: MAIL_STATUS_LABELS[s], selected: s === status })),
        ],
        pagination: numberedPagination('/admin/mail', query, page, total),
        downloadHref: downloadLink('/admin/mail', query),
      })
    },
  )

  app.get<{ Querystring: AuditQuery }>(
    '/admin/audit',
    { config: ADMIN, schema: { querystring: AuditQuery } },
    async (request, reply) => {
      const range = readDateRange(request.query)
      const words = {
        action: searchWords(request.query.action),
        entityType: searchWords(request.query.entityType),
        actor: searchWords(request.query.actor),
      }
      const filter = { ...words, from: range.from, to: range.to }
      const query = { ...words, ...range.query }
      if (range.errors.length === 0 && request.query.format === 'csv')
        return sendCsv(
          reply,
          'audit-trail.csv',
          ['Event', 'When', 'Who', 'Action', 'Record type', 'Record', 'From', 'Before', 'After'],
          services.audit.exportEvents(filter),
          (e) => [
            e.id,
            isoTime(e.occurredAt),
            e.actorLabel,
            e.action,
            e.entityType,
            e.entityId,
            e.ip,
            e.before === null || e.before === undefined ? '' : JSON.stringify(e.before),
            e.after === null || e.after === undefined ? '' : JSON.stringify(e.after),
          ],
        )
      const page = pageOf(request.query.page)
      const [{ events, total }, actions] = await Promise.all([
        range.errors.length
          ? { events: [], total: 0 }
          : services.audit.list({ ...filter, limit: PAGE_SIZE, offset: offsetOf(page) }),
        services.audit.actions(),
      ])
      if (range.errors.length) reply.code(400)
      return reply.render('admin/audit.njk', {
        pageTitle: 'Audit trail',
        columnWidth: 'full',
        errors: range.errors,
        fieldErrors: Object.fromEntries(range.errors.map((e) => [e.href.slice(1), e.text])),
        events: events.map((e) => ({
          ...e,
          change:
            e.before || e.after
              ? JSON.stringify({ before: e.before ?? undefined, after: e.after ?? undefined })
              : '',
        })),
        total,
        totalText: countLabel(total, 'event', 'events'),
        filters: query,
        actionItems: [
          { value: '', text: 'All actions' },
          ...actions.map((a) => ({ value: a, text: a, selected: a === words.action })),
        ],
        pagination: numberedPagination('/admin/audit', query, page, total),
        downloadHref: downloadLink('/admin/audit', query),
      })
    },
  )
}
