import { hash, verify } from '@node-rs/argon2'
import type { Kysely, Transaction } from 'kysely'
import {
  emailProblem,
  isRole,
  isScopedRole,
  normaliseEmail,
  passwordProblem,
  roleLabel,
  type Role,
  type RoleGrant,
} from '../domain/accounts.ts'
import { isUuid } from '../domain/identifiers.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import * as repo from '../repositories/accounts.ts'
import { linkAwardsToAccount } from '../repositories/awards.ts'
import { recordAudit, SYSTEM_ACTOR, type Actor } from './audit.ts'
import { inBatches } from './batches.ts'
import { ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { hashToken, newToken } from './tokens.ts'
import { deleteSessionsOfUser } from '../repositories/sessions.ts'

// argon2id with the OWASP-recommended cost (19 MiB, 2 passes, 1 lane).
const ARGON2ID = 2
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const hashPassword = (password: string) => hash(password, HASH_OPTIONS)

const HOUR = 3_600_000
const TOKEN_LIFETIME = { invitation: 7 * 24 * HOUR, password_reset: HOUR, email_confirmation: 24 * HOUR }

export interface CurrentUser {
  id: string
  email: string
  displayName: string
  grants: RoleGrant[]
}

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

export type SignInResult =
  | { outcome: 'signed_in'; userId: string }
  | { outcome: 'invalid' }
  | { outcome: 'rate_limited' }
  | { outcome: 'unconfirmed' }

export interface AccountFilter {
  role?: Role | undefined
  /** Words in the name or e-mail address. */
  words?: string | undefined
}

export const INVITATION_STATES = ['pending', 'accepted', 'expired'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

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

export interface Invitation {
  email: string
  displayName: string | null
  role: Role
  organisationName: string | null
  accountExists: boolean
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

export interface AccountsService {
  currentUser(userId: string): Promise<CurrentUser | null>
  signIn(email: string, password: string, actor: Actor): Promise<SignInResult>
  signInWithVerifiedEmail(email: string, actor: Actor): Promise<string | null>
  recordSignOut(userId: string, actor: Actor): Promise<void>
  register(input: { displayName: string; email: string; password: string }, actor: Actor): Promise<void>
  confirmEmail(token: string, actor: Actor): Promise<boolean>
  requestPasswordReset(email: string, actor: Actor): Promise<void>
  passwordResetIsUsable(token: string): Promise<boolean>
  resetPassword(token: string, password: string, actor: Actor): Promise<string>
  invite(
    input: { email: string; displayName: string; role: Role; organisationId: string | null },
    actor: Actor,
  ): Promise<string>
  getInvitation(token: string): Promise<Invitation | null>
  acceptInvitation(
    token: string,
    input: { displayName: string; password: string },
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
  createDemoAccounts(): Promise<Array<{ email: string; password: string; roles: Role[] }>>
  /** Forgets sign-in attempts older than the rate-limit window needs (the audit trail keeps them). */
  pruneSignInAttempts(): Promise<void>
  countDemoAccounts(): Promise<number>
}

// A hash to verify against when there is no account, so that a missing account takes as
// long to refuse as a wrong password.
let dummyHash: Promise<string> | undefined
const getDummyHash = () => (dummyHash ??= hashPassword(newToken()))

function invitationSummary(row: {
  id: string
  email: string
  display_name: string | null
  role: string | null
  organisation_name: string | null
  created_at: Date
  expires_at: Date
  used_at: Date | null
}): InvitationSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role && isRole(row.role) ? row.role : null,
    organisationName: row.organisation_name,
    state: row.used_at ? 'accepted' : row.expires_at.getTime() > Date.now() ? 'pending' : 'expired',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.used_at,
  }
}

export function createAccountsService(
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl' | 'signIn'>,
): AccountsService {
  const link = (path: string, token: string) => `${config.baseUrl}${path}?token=${encodeURIComponent(token)}`

  async function grantsOf(userIds: string[]) {
    const rows = await repo.listGrants(db, userIds)
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
    user: NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>,
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

  async function issueToken(
    trx: Transaction<Database>,
    purpose: keyof typeof TOKEN_LIFETIME,
    fields: {
      user_id: string | null
      email: string
      display_name?: string | null
      role?: Role | null
      organisation_id?: string | null
      created_by?: string | null
    },
  ): Promise<{ token: string; id: string }> {
    const token = newToken()
    const row = await repo.insertOneTimeToken(trx, {
      purpose,
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + TOKEN_LIFETIME[purpose]),
      ...fields,
    })
    return { token, id: row.id }
  }

  async function addGrant(
    trx: Transaction<Database>,
    userId: string,
    role: Role,
    organisationId: string | null,
    actor: Actor,
  ): Promise<void> {
    if (await repo.findSameGrant(trx, userId, role, organisationId)) return
    const grant = await repo.insertGrant(trx, {
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

  const service: AccountsService = {
    async currentUser(userId) {
      const user = await repo.findUserById(db, userId)
      if (!user || user.status !== 'active') return null
      const grants = await grantsOf([user.id])
      return {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        grants: grants.map(({ role, organisationId, organisationName }) => ({
          role,
          organisationId,
          organisationName,
        })),
      }
    },

    async signIn(emailInput, password, actor) {
      const email = normaliseEmail(emailInput)
      const accountKey = `email:${email}`
      const address = actor.ip ?? 'unknown'
      const since = new Date(Date.now() - config.signIn.windowMinutes * 60_000)
      // Each attempt counts as a failure from before its password is checked until it proves
      // right, and is counted and recorded under a lock: guesses sent all at once each see
      // those before them, so no more than the limit are ever checked.
      const attemptId = await db.transaction().execute(async (trx) => {
        await repo.lockSignInKeys(trx, accountKey, address)
        const failures = await repo.recentFailures(trx, accountKey, address, since)
        if (
          failures.byAccount >= config.signIn.maxFailuresPerAccount ||
          failures.byAddress >= config.signIn.maxFailuresPerAddress
        )
          return null
        return repo.recordSignInAttempt(trx, accountKey, address, false)
      })
      if (attemptId === null) return { outcome: 'rate_limited' }

      const user = await repo.findUserByEmail(db, email)
      const passwordOk =
        user?.password_hash && user.status === 'active'
          ? await verify(user.password_hash, password)
          : (await verify(await getDummyHash(), password), false)

      if (!user || !passwordOk) {
        await db.transaction().execute(async (trx) => {
          await recordAudit(
            trx,
            { ...actor, label: email },
            {
              action: 'sign_in.failed',
              entityType: 'user_account',
              entityId: user?.id ?? null,
            },
          )
        })
        return { outcome: 'invalid' }
      }
      if (!user.email_verified_at) {
        // The right password: not a failure, though the account cannot be used yet.
        await repo.deleteSignInAttempt(db, attemptId)
        return { outcome: 'unconfirmed' }
      }

      await db.transaction().execute(async (trx) => {
        await repo.recordSignInAttempt(trx, accountKey, address, true)
        await repo.clearFailures(trx, accountKey)
        await recordAudit(
          trx,
          { ...actor, userId: user.id, label: user.email },
          {
            action: 'sign_in',
            entityType: 'user_account',
            entityId: user.id,
          },
        )
      })
      return { outcome: 'signed_in', userId: user.id }
    },

    async signInWithVerifiedEmail(emailInput, actor) {
      const email = normaliseEmail(emailInput)
      return db.transaction().execute(async (trx) => {
        const user = await repo.findUserByEmail(trx, email)
        if (!user || user.status !== 'active') return null
        if (!user.email_verified_at) await repo.updateUser(trx, user.id, { email_verified_at: new Date() })
        await linkAwardsToAccount(trx, user.id)
        await recordAudit(
          trx,
          { ...actor, userId: user.id, label: user.email },
          {
            action: 'sign_in.oidc',
            entityType: 'user_account',
            entityId: user.id,
          },
        )
        return user.id
      })
    },

    async recordSignOut(userId, actor) {
      await db
        .transaction()
        .execute((trx) =>
          recordAudit(trx, actor, { action: 'sign_out', entityType: 'user_account', entityId: userId }),
        )
    },

    async register(input, actor) {
      const email = normaliseEmail(input.email)
      const problem = emailProblem(email) ?? passwordProblem(input.password, email)
      if (problem) throw new ServiceError(problem)
      // Whether or not the address has an account, the password is hashed, a token issued, an
      // event recorded and one e-mail queued, so that how long the answer takes does not tell.
      const passwordHash = await hashPassword(input.password)
      await db.transaction().execute(async (trx) => {
        const existing = await repo.findUserByEmail(trx, email)
        if (existing?.email_verified_at) {
          // Same answer on screen as for a new address; only the mailbox owner learns more.
          await repo.expireTokensOf(trx, existing.id, 'password_reset')
          const { token } = await issueToken(trx, 'password_reset', { user_id: existing.id, email })
          await enqueueMail(trx, {
            to: email,
            subject: 'You already have an account',
            text: `Someone tried to register with this email address, which already has an account.\n\nIf it was you, sign in at ${config.baseUrl}/sign-in. If you have forgotten your password, use this link to choose a new one:\n\n${link('/reset-password', token)}\n\nThe link works once, for 1 hour. If it was not you, you do not need to do anything: your password has not changed.`,
          })
          await recordAudit(
            trx,
            { ...actor, label: email },
            { action: 'account.registration_refused', entityType: 'user_account', entityId: existing.id },
          )
          return
        }
        let userId: string
        if (!existing) {
          const user = await repo.insertUser(trx, {
            email,
            display_name: input.displayName.trim(),
            password_hash: passwordHash,
            email_verified_at: null,
          })
          userId = user.id
          await repo.insertGrant(trx, {
            user_id: user.id,
            role: 'practitioner',
            organisation_id: null,
            granted_by: user.id,
          })
          // One event for the account and its role: the same number as for an address that
          // has an account.
          await recordAudit(
            trx,
            { ...actor, label: email },
            {
              action: 'account.registered',
              entityType: 'user_account',
              entityId: user.id,
              after: { email, displayName: user.display_name, role: 'practitioner' },
            },
          )
        } else {
          userId = existing.id
          await repo.expireTokensOf(trx, existing.id, 'email_confirmation')
          await recordAudit(
            trx,
            { ...actor, label: email },
            { action: 'account.confirmation_resent', entityType: 'user_account', entityId: existing.id },
          )
        }
        const { token } = await issueToken(trx, 'email_confirmation', { user_id: userId, email })
        await enqueueMail(trx, {
          to: email,
          subject: 'Confirm your email address',
          text: `Confirm your email address to finish creating your account:\n\n${link('/confirm-email', token)}\n\nThe link works once, for 24 hours. If you did not ask for an account, you do not need to do anything.`,
        })
      })
    },

    async confirmEmail(token, actor) {
      return db.transaction().execute(async (trx) => {
        const row = await repo.findUsableToken(trx, 'email_confirmation', hashToken(token))
        if (!row?.user_id || !(await repo.markTokenUsed(trx, row.id))) return false
        await repo.updateUser(trx, row.user_id, { email_verified_at: new Date() })
        await linkAwardsToAccount(trx, row.user_id)
        await recordAudit(
          trx,
          { ...actor, userId: row.user_id, label: row.email },
          {
            action: 'account.email_confirmed',
            entityType: 'user_account',
            entityId: row.user_id,
          },
        )
        return true
      })
    },

    async requestPasswordReset(emailInput, actor) {
      const email = normaliseEmail(emailInput)
      // Whether or not the address has an account, a token is made, an e-mail queued and an
      // event recorded, so that how long the answer takes does not tell.
      await db.transaction().execute(async (trx) => {
        const user = await repo.findUserByEmail(trx, email)
        const usable = user?.status === 'active' ? user : null
        await repo.expireTokensOfAccountOrAddress(trx, 'password_reset', usable?.id ?? null, email)
        // For an address with no account the token is kept, already expired and for no one, as
        // the record of a request that had nothing to reset: the same work as a real link,
        // which nobody can use.
        const token = newToken()
        await repo.insertOneTimeToken(trx, {
          purpose: 'password_reset',
          token_hash: hashToken(token),
          user_id: usable?.id ?? null,
          email,
          expires_at: usable ? new Date(Date.now() + TOKEN_LIFETIME.password_reset) : new Date(0),
        })
        const text = usable
          ? `Use this link to choose a new password:\n\n${link('/reset-password', token)}\n\nThe link works once, for 1 hour. If you did not ask to reset your password, you do not need to do anything: your password has not changed.`
          : `Someone asked to reset the password for this email address, but there is no account you can sign in to with it.\n\nIf it was you, you may have used another email address, or you can create an account at ${config.baseUrl}/register.\n\nIf it was not you, you do not need to do anything.`
        await enqueueMail(trx, { to: email, subject: 'Reset your password', text })
        await recordAudit(
          trx,
          { ...actor, label: email },
          {
            action: 'password.reset_requested',
            entityType: 'user_account',
            entityId: usable?.id ?? null,
          },
        )
      })
    },

    async passwordResetIsUsable(token) {
      return Boolean(await repo.findUsableToken(db, 'password_reset', hashToken(token)))
    },

    async resetPassword(token, password, actor) {
      const row = await repo.findUsableToken(db, 'password_reset', hashToken(token))
      if (!row?.user_id) throw new ServiceError('This link has expired or has been used. Ask for a new one.')
      const userId = row.user_id
      const problem = passwordProblem(password, row.email)
      if (problem) throw new ServiceError(problem, 'password')
      const passwordHash = await hashPassword(password)
      return db.transaction().execute(async (trx) => {
        if (!(await repo.markTokenUsed(trx, row.id))) {
          throw new ServiceError('This link has expired or has been used. Ask for a new one.')
        }
        await repo.updateUser(trx, userId, {
          password_hash: passwordHash,
          email_verified_at: new Date(),
        })
        await linkAwardsToAccount(trx, userId)
        await deleteSessionsOfUser(trx, userId)
        await recordAudit(
          trx,
          { ...actor, userId, label: row.email },
          {
            action: 'password.reset',
            entityType: 'user_account',
            entityId: userId,
          },
        )
        return userId
      })
    },

    async invite(input, actor) {
      const email = normaliseEmail(input.email)
      const problem = emailProblem(email)
      if (problem) throw new ServiceError(problem, 'email')
      checkRoleScope(input.role, input.organisationId)
      return db.transaction().execute(async (trx) => {
        let organisationName: string | null = null
        if (input.organisationId) {
          const organisation = await repo.findOrganisation(trx, input.organisationId)
          if (!organisation) throw new ServiceError('Select an organisation from the list', 'organisation')
          organisationName = organisation.name
        }
        const { token, id } = await issueToken(trx, 'invitation', {
          user_id: null,
          email,
          display_name: input.displayName.trim() || null,
          role: input.role,
          organisation_id: input.organisationId,
          created_by: actor.userId,
        })
        const as = roleLabel(input.role) + (organisationName ? ` for ${organisationName}` : '')
        await enqueueMail(trx, {
          to: email,
          subject: 'You have been invited to Advancing Practice Credentials',
          text: `You have been invited to join Advancing Practice Credentials as ${as}.\n\nAccept the invitation:\n\n${link('/invitations/accept', token)}\n\nThe link works once, for 7 days.`,
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

    async getInvitation(token) {
      const row = await repo.findUsableToken(db, 'invitation', hashToken(token))
      if (!row?.role || !isRole(row.role)) return null
      return {
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        organisationName: row.organisation_name,
        accountExists: Boolean(await repo.findUserByEmail(db, row.email)),
      }
    },

    async acceptInvitation(token, input, actor) {
      const row = await repo.findUsableToken(db, 'invitation', hashToken(token))
      if (!row?.role || !isRole(row.role)) {
        throw new ServiceError('This invitation has expired or has been used. Ask the Centre for a new one.')
      }
      const role = row.role
      const existing = await repo.findUserByEmail(db, row.email)
      let passwordHash: string | null = null
      if (!existing?.password_hash) {
        if (!input.displayName.trim()) throw new ServiceError('Enter your full name', 'displayName')
        const problem = passwordProblem(input.password, row.email)
        if (problem) throw new ServiceError(problem, 'password')
        passwordHash = await hashPassword(input.password)
      }
      return db.transaction().execute(async (trx) => {
        if (!(await repo.markTokenUsed(trx, row.id))) {
          throw new ServiceError(
            'This invitation has expired or has been used. Ask the Centre for a new one.',
          )
        }
        let userId: string
        const who = { ...actor, label: row.email }
        if (existing) {
          userId = existing.id
          await repo.updateUser(trx, userId, {
            email_verified_at: existing.email_verified_at ?? new Date(),
            ...(passwordHash ? { password_hash: passwordHash, display_name: input.displayName.trim() } : {}),
          })
        } else {
          const user = await repo.insertUser(trx, {
            email: row.email,
            display_name: input.displayName.trim(),
            password_hash: passwordHash,
            email_verified_at: new Date(),
          })
          userId = user.id
          await recordAudit(
            trx,
            { ...who, userId },
            {
              action: 'account.created_from_invitation',
              entityType: 'user_account',
              entityId: userId,
              after: { email: row.email, displayName: user.display_name },
            },
          )
        }
        await addGrant(trx, userId, role, row.organisation_id, { ...who, userId })
        // The e-mail is verified now: awards made to it belong to this account.
        await linkAwardsToAccount(trx, userId)
        await recordAudit(
          trx,
          { ...who, userId },
          {
            action: 'invitation.accepted',
            entityType: 'invitation',
            entityId: row.id,
            after: { role, organisationId: row.organisation_id },
          },
        )
        return userId
      })
    },

    async listAccounts(filter) {
      const { rows, total } = await repo.listUsers(db, {
        role: filter.role,
        words: filter.words,
        limit: filter.pageSize,
        offset: (filter.page - 1) * filter.pageSize,
      })
      const grants = await grantsOf(rows.map((r) => r.id))
      return { accounts: rows.map((r) => summary(r, grants)), total }
    },

    async getAccount(id) {
      const user = await repo.findUserById(db, id)
      if (!user) return null
      return summary(user, await grantsOf([user.id]))
    },

    async grantRole(userId, role, organisationId, actor) {
      checkRoleScope(role, organisationId)
      await db.transaction().execute(async (trx) => {
        if (!(await repo.findUserById(trx, userId))) throw new ServiceError('There is no such account')
        if (organisationId && !(await repo.findOrganisation(trx, organisationId))) {
          throw new ServiceError('Select an organisation from the list', 'organisation')
        }
        if (await repo.findSameGrant(trx, userId, role, organisationId)) {
          throw new ServiceError('This person already has that role', 'role')
        }
        await addGrant(trx, userId, role, organisationId, actor)
      })
    },

    async removeRole(userId, grantId, actor) {
      await db.transaction().execute(async (trx) => {
        const grant = await repo.findGrant(trx, grantId)
        if (!grant || grant.user_id !== userId) throw new ServiceError('That role has already been removed')
        if (grant.role === 'centre_admin') {
          const { n } = await repo.countGrantsOfRole(trx, 'centre_admin')
          if (Number(n) <= 1) throw new ServiceError('You cannot remove the last Centre admin')
        }
        await repo.deleteGrant(trx, grantId)
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
      const found = await repo.findOrganisation(db, id)
      return found && found.kind !== 'centre' ? { id: found.id, name: found.name, kind: found.kind } : null
    },

    async findOrganisationByName(name) {
      const wanted = name.trim().replace(/\s+/g, ' ')
      if (!wanted) return { organisation: null, closeMatches: [] }
      const named = await repo.findOrganisationsNamed(db, wanted)
      // Two names can differ only in case: then only the exact spelling picks one.
      const found = named.length === 1 ? named[0] : named.find((o) => o.name === wanted)
      if (found)
        return { organisation: { id: found.id, name: found.name, kind: found.kind }, closeMatches: [] }
      const words = wanted.split(' ').slice(0, 10)
      let like = await repo.findOrganisationsLike(db, words, CLOSE_MATCHES)
      // Nothing has every word: the longest word alone (a typo elsewhere, or a word too many).
      const longest = [...words].sort((a, b) => b.length - a.length)[0]
      if (!like.length && words.length > 1 && longest && longest.length > 2)
        like = await repo.findOrganisationsLike(db, [longest], CLOSE_MATCHES)
      return { organisation: null, closeMatches: like }
    },

    async *exportAccounts(filter) {
      for await (const rows of inBatches(
        (after: { displayName: string; id: string } | undefined, limit: number) =>
          repo.listUsersAfter(db, filter, after, limit),
        (last) => ({ displayName: last.display_name, id: last.id }),
      )) {
        const grants = await grantsOf(rows.map((r) => r.id))
        yield rows.map((r) => summary(r, grants))
      }
    },

    async listInvitations(filter, page, pageSize) {
      const { rows, total } = await repo.listInvitations(db, {
        ...filter,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      return { invitations: rows.map(invitationSummary), total }
    },

    async *exportInvitations(filter) {
      for await (const rows of inBatches(
        (after: { at: string; id: string } | undefined, limit: number) =>
          repo.listInvitationsAfter(db, filter, after, limit),
        (last) => ({ at: last.cursor_at, id: last.id }),
      ))
        yield rows.map(invitationSummary)
    },

    async inviteFirstAdmin(email, displayName) {
      return service.invite({ email, displayName, role: 'centre_admin', organisationId: null }, SYSTEM_ACTOR)
    },

    async createDemoAccounts() {
      const accounts = DEMO_ACCOUNTS.map((a) => ({
        ...a,
        email: `${a.key}@demo.invalid`,
        password: `demo-${a.key}-password`,
      }))
      await db.transaction().execute(async (trx) => {
        let organisation = await repo.findOrganisationByName(trx, DEMO_ORGANISATION)
        if (!organisation)
          organisation = await repo.insertOrganisation(trx, { name: DEMO_ORGANISATION, kind: 'provider' })
        for (const account of accounts) {
          if (await repo.findUserByEmail(trx, account.email)) continue
          const user = await repo.insertUser(trx, {
            email: account.email,
            display_name: account.displayName,
            password_hash: await hashPassword(account.password),
            email_verified_at: new Date(),
            is_demo: true,
          })
          await recordAudit(trx, SYSTEM_ACTOR, {
            action: 'account.demo_created',
            entityType: 'user_account',
            entityId: user.id,
            after: { email: account.email },
          })
          for (const role of account.roles) {
            await addGrant(trx, user.id, role, isScopedRole(role) ? organisation.id : null, SYSTEM_ACTOR)
          }
        }
      })
      return accounts.map(({ email, password, roles }) => ({ email, password, roles }))
    },

    async pruneSignInAttempts() {
      await repo.deleteSignInAttemptsBefore(db, new Date(Date.now() - config.signIn.windowMinutes * 60_000))
    },

    async countDemoAccounts() {
      return Number((await repo.countDemoUsers(db)).n)
    },
  }
  return service
}

export const DEMO_ORGANISATION = 'Demo University'

const DEMO_ACCOUNTS: Array<{ key: string; displayName: string; roles: Role[] }> = [
  { key: 'centre-admin', displayName: 'Demo Centre Admin', roles: ['centre_admin'] },
  {
    key: 'credential-group',
    displayName: 'Demo Credential Group Member',
    roles: ['credential_group_member'],
  },
  {
    key: 'credential-group-2',
    displayName: 'Demo Second Credential Group Member',
    roles: ['credential_group_member'],
  },
  { key: 'reviewer', displayName: 'Demo Independent Reviewer', roles: ['independent_reviewer'] },
  // A decision needs two independent reviews.
  { key: 'reviewer-2', displayName: 'Demo Second Reviewer', roles: ['independent_reviewer'] },
  { key: 'author', displayName: 'Demo Specification Author', roles: ['specification_author'] },
  { key: 'provider-admin', displayName: 'Demo Provider Admin', roles: ['provider_admin'] },
  { key: 'provider-staff', displayName: 'Demo Provider Staff', roles: ['provider_staff'] },
  { key: 'practitioner', displayName: 'Demo Practitioner', roles: ['practitioner'] },
]
