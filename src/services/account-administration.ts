// The Centre's work on accounts: inviting people with a role, the lists of accounts and
// invitations, granting and removing roles, and the first Centre admin from the command line.
import type { Kysely, Transaction } from 'kysely'
import {
  emailProblem,
  invitationState,
  isRole,
  isScopedRole,
  normaliseEmail,
  roleLabel,
  type InvitationState,
  type Role,
  type RoleGrant,
} from '../domain/accounts.ts'
import type { Clock } from '../domain/clock.ts'
import { isUuid } from '../domain/identifiers.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import * as invitationsRepo from '../repositories/invitations.ts'
import * as organisationsRepo from '../repositories/organisations.ts'
import * as grantsRepo from '../repositories/role-grants.ts'
import * as usersRepo from '../repositories/user-accounts.ts'
import { recordAudit, SYSTEM_ACTOR, type Actor } from './audit.ts'
import { inBatches } from './batches.ts'
import { ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { issueOneTimeToken, linkWithToken } from './one-time-tokens.ts'

export interface AccountSummary {
  id: string
  email: string
  displayName: string
  status: string
  emailVerified: boolean
  isDemo: boolean
  createdAt: Date
  grants: Array<RoleGrant & { id: string; grantedAt: Date }>
}

export interface AccountFilter {
  role?: Role | undefined
  /** Words in the name or e-mail address. */
  words?: string | undefined
}

export interface InvitationFilter {
  state?: InvitationState | undefined
  role?: Role | undefined
  /** Words in the e-mail address or name. */
  words?: string | undefined
}

/** An invitation as the Centre lists it: never its token. */
export interface InvitationSummary {
  id: string
  email: string
  displayName: string | null
  role: Role | null
  organisationName: string | null
  state: InvitationState
  createdAt: Date
  expiresAt: Date
  acceptedAt: Date | null
}

export interface Organisation {
  id: string
  name: string
  kind: string
}

export type OrganisationByName =
  { organisation: Organisation; closeMatches: [] } | { organisation: null; closeMatches: Organisation[] }

/** How many close matches a name that matches no organisation gets. */
const CLOSE_MATCHES = 5

export interface AccountAdministrationService {
  invite(
    input: { email: string; displayName: string; role: Role; organisationId: string | null },
    actor: Actor,
  ): Promise<string>
  listAccounts(
    filter: AccountFilter & { page: number; pageSize: number },
  ): Promise<{ accounts: AccountSummary[]; total: number }>
  getAccount(id: string): Promise<AccountSummary | null>
  grantRole(userId: string, role: Role, organisationId: string | null, actor: Actor): Promise<void>
  removeRole(userId: string, grantId: string, actor: Actor): Promise<void>
  /** An organisation other than the Centre, for a role in it; null when there is none with that id. */
  getOrganisation(id: string): Promise<Organisation | null>
  /**
   * The organisation other than the Centre called `name` (whatever the case), or, when there
   * is none, up to five whose names contain its words, to suggest.
   */
  findOrganisationByName(name: string): Promise<OrganisationByName>
  /** Every account the filter picks out, a batch at a time, for a download. */
  exportAccounts(filter: AccountFilter): AsyncGenerator<AccountSummary[]>
  listInvitations(
    filter: InvitationFilter,
    page: number,
    pageSize: number,
  ): Promise<{ invitations: InvitationSummary[]; total: number }>
  /** Every invitation the filter picks out, a batch at a time, for a download. */
  exportInvitations(filter: InvitationFilter): AsyncGenerator<InvitationSummary[]>
  /** For the command line: an invitation to be the first Centre admin. */
  inviteFirstAdmin(email: string, displayName: string): Promise<string>
}

/**
 * Grants a role inside the caller's transaction, with its audit event, unless the account
 * holds it already. An accepted invitation and the demo accounts grant roles this way too.
 */
export async function addRoleGrant(
  trx: Transaction<Database>,
  userId: string,
  role: Role,
  organisationId: string | null,
  actor: Actor,
): Promise<void> {
  if (await grantsRepo.findSameGrant(trx, userId, role, organisationId)) return
  const grant = await grantsRepo.insertGrant(trx, {
    user_id: userId,
    role,
    organisation_id: organisationId,
    granted_by: actor.userId,
  })
  await recordAudit(trx, actor, {
    action: 'role.granted',
    entityType: 'user_account',
    entityId: userId,
    after: { grantId: grant.id, role, organisationId },
  })
}

function checkRoleScope(role: Role, organisationId: string | null): void {
  if (organisationId && !isUuid(organisationId)) {
    throw new ServiceError('Select an organisation from the list', 'organisation')
  }
  if (isScopedRole(role) && !organisationId) {
    throw new ServiceError(
      `Select the organisation for the ${roleLabel(role).toLowerCase()} role`,
      'organisation',
    )
  }
  if (!isScopedRole(role) && organisationId) {
    throw new ServiceError(
      `The ${roleLabel(role).toLowerCase()} role is not for one organisation`,
      'organisation',
    )
  }
}

export function createAccountAdministrationService(
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl'>,
  clock: Clock,
): AccountAdministrationService {
  async function grantsOf(userIds: string[]) {
    const rows = await grantsRepo.listGrants(db, userIds)
    return rows.map((g) => ({
      id: g.id,
      userId: g.user_id,
      role: g.role,
      organisationId: g.organisation_id,
      organisationName: g.organisation_name,
      grantedAt: g.granted_at,
    }))
  }

  function summary(
    user: NonNullable<Awaited<ReturnType<typeof usersRepo.findUserById>>>,
    grants: Awaited<ReturnType<typeof grantsOf>>,
  ): AccountSummary {
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      status: user.status,
      emailVerified: user.email_verified_at !== null,
      isDemo: user.is_demo,
      createdAt: user.created_at,
      grants: grants
        .filter((g) => g.userId === user.id)
        .map(({ id, role, organisationId, organisationName, grantedAt }) => ({
          id,
          role,
          organisationId,
          organisationName,
          grantedAt,
        })),
    }
  }

  function invitationSummary(
    row: Awaited<ReturnType<typeof invitationsRepo.listInvitations>>['rows'][number],
    now: Date,
  ): InvitationSummary {
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role && isRole(row.role) ? row.role : null,
      organisationName: row.organisation_name,
      state: invitationState({ usedAt: row.used_at, expiresAt: row.expires_at }, now),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      acceptedAt: row.used_at,
    }
  }

  const service: AccountAdministrationService = {
    async invite(input, actor) {
      const email = normaliseEmail(input.email)
      const problem = emailProblem(email)
      if (problem) throw new ServiceError(problem, 'email')
      checkRoleScope(input.role, input.organisationId)
      return db.transaction().execute(async (trx) => {
        let organisationName: string | null = null
        if (input.organisationId) {
          const organisation = await organisationsRepo.findOrganisation(trx, input.organisationId)
          if (!organisation) throw new ServiceError('Select an organisation from the list', 'organisation')
          organisationName = organisation.name
        }
        const { token, id } = await issueOneTimeToken(
          trx,
          'invitation',
          {
            user_id: null,
            email,
            display_name: input.displayName.trim() || null,
            role: input.role,
            organisation_id: input.organisationId,
            created_by: actor.userId,
          },
          clock.now(),
        )
        const as = roleLabel(input.role) + (organisationName ? ` for ${organisationName}` : '')
        await enqueueMail(trx, {
          to: email,
          subject: 'You have been invited to Advancing Practice Credentials',
          text: `You have been invited to join Advancing Practice Credentials as ${as}.\n\nAccept the invitation:\n\n${linkWithToken(config.baseUrl, '/invitations/accept', token)}\n\nThe link works once, for 7 days.`,
        })
        await recordAudit(trx, actor, {
          action: 'invitation.created',
          entityType: 'invitation',
          // The invitation's id, not the address: the hash covers the entity id itself, and the
          // address must be erasable when the account is closed.
          entityId: id,
          after: { email, role: input.role, organisationId: input.organisationId },
        })
        return token
      })
    },

    async listAccounts(filter) {
      const { rows, total } = await usersRepo.listUsers(db, {
        role: filter.role,
        words: filter.words,
        limit: filter.pageSize,
        offset: (filter.page - 1) * filter.pageSize,
      })
      const grants = await grantsOf(rows.map((r) => r.id))
      return { accounts: rows.map((r) => summary(r, grants)), total }
    },

    async getAccount(id) {
      const user = await usersRepo.findUserById(db, id)
      if (!user) return null
      return summary(user, await grantsOf([user.id]))
    },

    async grantRole(userId, role, organisationId, actor) {
      checkRoleScope(role, organisationId)
      await db.transaction().execute(async (trx) => {
        if (!(await usersRepo.findUserById(trx, userId))) throw new ServiceError('There is no such account')
        if (organisationId && !(await organisationsRepo.findOrganisation(trx, organisationId))) {
          throw new ServiceError('Select an organisation from the list', 'organisation')
        }
        if (await grantsRepo.findSameGrant(trx, userId, role, organisationId)) {
          throw new ServiceError('This person already has that role', 'role')
        }
        await addRoleGrant(trx, userId, role, organisationId, actor)
      })
    },

    async removeRole(userId, grantId, actor) {
      await db.transaction().execute(async (trx) => {
        const grant = await grantsRepo.findGrant(trx, grantId)
        if (!grant || grant.user_id !== userId) throw new ServiceError('That role has already been removed')
        if (grant.role === 'centre_admin') {
          const { n } = await grantsRepo.countGrantsOfRole(trx, 'centre_admin')
          if (Number(n) <= 1) throw new ServiceError('You cannot remove the last Centre admin')
        }
        await grantsRepo.deleteGrant(trx, grantId)
        await recordAudit(trx, actor, {
          action: 'role.removed',
          entityType: 'user_account',
          entityId: userId,
          before: { grantId, role: grant.role, organisationId: grant.organisation_id },
        })
      })
    },

    async getOrganisation(id) {
      if (!isUuid(id)) return null
      const found = await organisationsRepo.findOrganisation(db, id)
      return found && found.kind !== 'centre' ? { id: found.id, name: found.name, kind: found.kind } : null
    },

    async findOrganisationByName(name) {
      const wanted = name.trim().replace(/\s+/g, ' ')
      if (!wanted) return { organisation: null, closeMatches: [] }
      const named = await organisationsRepo.findOrganisationsNamed(db, wanted)
      // Two names can differ only in case: then only the exact spelling picks one.
      const found = named.length === 1 ? named[0] : named.find((o) => o.name === wanted)
      if (found)
        return { organisation: { id: found.id, name: found.name, kind: found.kind }, closeMatches: [] }
      const words = wanted.split(' ').slice(0, 10)
      let like = await organisationsRepo.findOrganisationsLike(db, words, CLOSE_MATCHES)
      // Nothing has every word: the longest word alone (a typo elsewhere, or a word too many).
      const longest = [...words].sort((a, b) => b.length - a.length)[0]
      if (!like.length && words.length > 1 && longest && longest.length > 2)
        like = await organisationsRepo.findOrganisationsLike(db, [longest], CLOSE_MATCHES)
      return { organisation: null, closeMatches: like }
    },

    async *exportAccounts(filter) {
      for await (const rows of inBatches(
        (after: { displayName: string; id: string } | undefined, limit: number) =>
          usersRepo.listUsersAfter(db, filter, after, limit),
        (last) => ({ displayName: last.display_name, id: last.id }),
      )) {
        const grants = await grantsOf(rows.map((r) => r.id))
        yield rows.map((r) => summary(r, grants))
      }
    },

    async listInvitations(filter, page, pageSize) {
      const now = clock.now()
      const { rows, total } = await invitationsRepo.listInvitations(db, {
        ...filter,
        now,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { invitations: rows.map((row) => invitationSummary(row, now)), total }
    },

    async *exportInvitations(filter) {
      // One time for the whole download, so that its filter and its states agree throughout.
      const now = clock.now()
      for await (const rows of inBatches(
        (after: { at: string; id: string } | undefined, limit: number) =>
          invitationsRepo.listInvitationsAfter(db, { ...filter, now }, after, limit),
        (last) => ({ at: last.cursor_at, id: last.id }),
      ))
        yield rows.map((row) => invitationSummary(row, now))
    },

    async inviteFirstAdmin(email, displayName) {
      return service.invite({ email, displayName, role: 'centre_admin', organisationId: null }, SYSTEM_ACTOR)
    },
  }
  return service
}
