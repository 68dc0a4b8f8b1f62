// Centre admins: accounts and their roles, and invitations.
import type { FastifyInstance } from 'fastify'
import {
  INVITATION_STATES,
  isInvitationState,
  isRole,
  isScopedRole,
  ROLES,
  roleLabel,
  INVITATION_STATE_LABELS,
  type Role,
} from '../../domain/accounts.ts'
import type { Services } from '../../services/index.ts'
import { FieldProblems } from '../../services/errors.ts'
import { formHandler, parseForm, redirectWithBanner, renderForm } from '../forms.ts'
import {
  countLabel,
  downloadLink,
  isoTime,
  LIST_PAGE_SIZE,
  numberedPagination,
  pageOf,
  searchWords,
  sendCsv,
} from '../lists.ts'
import { actorOf } from '../plugins/session.ts'
import {
  AccountParams,
  AccountsQuery,
  GrantBody,
  GrantForm,
  GrantParams,
  InvitationBody,
  InvitationForm,
  InvitationQuery,
} from './schemas.ts'

const ADMIN = { access: { roles: ['centre_admin'] } } as const

const roleOf = (value: string | undefined) => (value && isRole(value) ? value : undefined)

/** "A", "A or B", "A, B or C". */
const listWithOr = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}` : (items[0] ?? '')

// Only the chosen role is marked: an option marked unselected would not take the select's
// `value`, the role a form sent back with errors had.
const roleItems = (selected?: string) => [
  { value: '', text: 'Select a role' },
  ...ROLES.map((r) => ({ value: r, text: roleLabel(r), ...(r === selected ? { selected: true } : {}) })),
]

export function accountAdministrationRoutes(
  app: FastifyInstance,
  services: Pick<Services, 'accountAdministration'>,
) {
  const { accountAdministration } = services

  /**
   * The organisation a scoped role is for, found by the name typed: a list of every provider
   * would not fit in a page. Null for a role not held for one organisation.
   */
  async function organisationFor(role: Role, typed: string): Promise<string | null> {
    if (!isScopedRole(role)) return null
    const { organisation, closeMatches } = await accountAdministration.findOrganisationByName(
      typed.slice(0, 200),
    )
    if (organisation) return organisation.id
    const names = closeMatches.map((o) => o.name)
    throw new FieldProblems([
      {
        field: 'organisation',
        text: names.length
          ? `No organisation has that name. Did you mean ${listWithOr(names)}?`
          : 'No organisation has that name. Enter its full name, as the list of providers shows it',
      },
    ])
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
          accountAdministration.exportAccounts(filter),
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
      const { accounts: list, total } = await accountAdministration.listAccounts({
        ...filter,
        page,
        pageSize: LIST_PAGE_SIZE,
      })
      return reply.render('account-administration/accounts.njk', {
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
      const account = await accountAdministration.getAccount(request.params.id)
      if (!account) return reply.callNotFound()
      return renderForm(request, reply, 'account-administration/account.njk', {
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
      return formHandler(request, reply, { back, field: 'role', values: request.body }, async () => {
        const { role, organisation } = parseForm(GrantForm, request.body)
        const organisationId = await organisationFor(role, organisation)
        await accountAdministration.grantRole(request.params.id, role, organisationId, actorOf(request))
        return redirectWithBanner(request, reply, back, { title: `${roleLabel(role)} role granted` })
      })
    },
  )

  // Removing a role stops what the person can do, so the account page links to a page that
  // says so; only the POST from that page removes.
  app.get<{ Params: GrantParams }>(
    '/admin/accounts/:id/roles/:grantId/remove',
    { config: ADMIN, schema: { params: GrantParams } },
    async (request, reply) => {
      const account = await accountAdministration.getAccount(request.params.id)
      const grant = account?.grants.find((g) => g.id === request.params.grantId)
      if (!account || !grant) return reply.callNotFound()
      return renderForm(request, reply, 'account-administration/remove-role.njk', {
        pageTitle: `Remove the ${roleLabel(grant.role).toLowerCase()} role from ${account.displayName}`,
        account,
        grant,
        breadcrumbs: [
          { href: '/home', text: 'Home' },
          { href: '/admin/accounts', text: 'Accounts' },
          { href: `/admin/accounts/${account.id}`, text: account.displayName },
        ],
      })
    },
  )

  app.post<{ Params: GrantParams }>(
    '/admin/accounts/:id/roles/:grantId/remove',
    { config: ADMIN, schema: { params: GrantParams } },
    async (request, reply) => {
      const back = `/admin/accounts/${request.params.id}`
      return formHandler(request, reply, { back, field: 'roles' }, async () => {
        await accountAdministration.removeRole(request.params.id, request.params.grantId, actorOf(request))
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
      const organisation = chosen ? await accountAdministration.getOrganisation(chosen) : null
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
          accountAdministration.exportInvitations(filter),
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
      const { invitations, total } = await accountAdministration.listInvitations(filter, page, LIST_PAGE_SIZE)
      return renderForm(request, reply, 'account-administration/invitations.njk', {
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
      const answer = { back: '/admin/invitations', field: 'email', values: request.body }
      return formHandler(request, reply, answer, async () => {
        const { email, displayName, role, organisation } = parseForm(InvitationForm, request.body)
        const organisationId = await organisationFor(role, organisation)
        await accountAdministration.invite({ email, displayName, role, organisationId }, actorOf(request))
        return redirectWithBanner(request, reply, '/admin/invitations', {
          title: 'Invitation sent',
          text: `We have sent an invitation to ${email}. The link works for 7 days.`,
        })
      })
    },
  )
}
