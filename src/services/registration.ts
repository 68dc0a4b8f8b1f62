// Becoming someone the platform knows: a practitioner registers and confirms their e-mail
// address, and an invited person accepts their invitation. Registration answers the same
// whether or not an address has an account; only the mailbox owner learns more.
import type { Kysely } from 'kysely'
import { emailProblem, isRole, normaliseEmail, passwordProblem, type Role } from '../domain/accounts.ts'
import type { Clock } from '../domain/clock.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { linkAwardsToAccount } from '../repositories/awards.ts'
import * as tokensRepo from '../repositories/one-time-tokens.ts'
import { insertGrant } from '../repositories/role-grants.ts'
import * as usersRepo from '../repositories/user-accounts.ts'
import { addRoleGrant } from './account-administration.ts'
import { recordAudit, type Actor } from './audit.ts'
import { hashPassword } from './authentication.ts'
import { ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { issueOneTimeToken, linkWithToken } from './one-time-tokens.ts'
import { hashToken } from './tokens.ts'

export interface Invitation {
  email: string
  displayName: string | null
  role: Role
  organisationName: string | null
  accountExists: boolean
}

export interface RegistrationService {
  register(input: { displayName: string; email: string; password: string }, actor: Actor): Promise<void>
  confirmEmail(token: string, actor: Actor): Promise<boolean>
  getInvitation(token: string): Promise<Invitation | null>
  acceptInvitation(
    token: string,
    input: { displayName: string; password: string },
    actor: Actor,
  ): Promise<string>
}

export function createRegistrationService(
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl'>,
  clock: Clock,
): RegistrationService {
  const link = (path: string, token: string) => linkWithToken(config.baseUrl, path, token)

  return {
    async register(input, actor) {
      const email = normaliseEmail(input.email)
      const problem = emailProblem(email) ?? passwordProblem(input.password, email)
      if (problem) throw new ServiceError(problem)
      // Whether or not the address has an account, the password is hashed, a token issued, an
      // event recorded and one e-mail queued, so that how long the answer takes does not tell.
      const passwordHash = await hashPassword(input.password)
      await db.transaction().execute(async (trx) => {
        const now = clock.now()
        const existing = await usersRepo.findUserByEmail(trx, email)
        if (existing?.email_verified_at) {
          // Same answer on screen as for a new address; only the mailbox owner learns more.
          await tokensRepo.expireTokensOf(trx, existing.id, 'password_reset', now)
          const { token } = await issueOneTimeToken(
            trx,
            'password_reset',
            { user_id: existing.id, email },
            now,
          )
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
          const user = await usersRepo.insertUser(trx, {
            email,
            display_name: input.displayName.trim(),
            password_hash: passwordHash,
            email_verified_at: null,
          })
          userId = user.id
          await insertGrant(trx, {
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
          await tokensRepo.expireTokensOf(trx, existing.id, 'email_confirmation', now)
          await recordAudit(
            trx,
            { ...actor, label: email },
            { action: 'account.confirmation_resent', entityType: 'user_account', entityId: existing.id },
          )
        }
        const { token } = await issueOneTimeToken(trx, 'email_confirmation', { user_id: userId, email }, now)
        await enqueueMail(trx, {
          to: email,
          subject: 'Confirm your email address',
          text: `Confirm your email address to finish creating your account:\n\n${link('/confirm-email', token)}\n\nThe link works once, for 24 hours. If you did not ask for an account, you do not need to do anything.`,
        })
      })
    },

    async confirmEmail(token, actor) {
      return db.transaction().execute(async (trx) => {
        const now = clock.now()
        const row = await tokensRepo.findUsableToken(trx, 'email_confirmation', hashToken(token), now)
        if (!row?.user_id || !(await tokensRepo.markTokenUsed(trx, row.id, now))) return false
        await usersRepo.updateUser(trx, row.user_id, { email_verified_at: now })
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

    async getInvitation(token) {
      const row = await tokensRepo.findUsableToken(db, 'invitation', hashToken(token), clock.now())
      if (!row?.role || !isRole(row.role)) return null
      return {
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        organisationName: row.organisation_name,
        accountExists: Boolean(await usersRepo.findUserByEmail(db, row.email)),
      }
    },

    async acceptInvitation(token, input, actor) {
      const row = await tokensRepo.findUsableToken(db, 'invitation', hashToken(token), clock.now())
      if (!row?.role || !isRole(row.role)) {
        throw new ServiceError('This invitation has expired or has been used. Ask the Centre for a new one.')
      }
      const role = row.role
      const existing = await usersRepo.findUserByEmail(db, row.email)
      let passwordHash: string | null = null
      if (!existing?.password_hash) {
        if (!input.displayName.trim()) throw new ServiceError('Enter your full name', 'displayName')
        const problem = passwordProblem(input.password, row.email)
        if (problem) throw new ServiceError(problem, 'password')
        passwordHash = await hashPassword(input.password)
      }
      return db.transaction().execute(async (trx) => {
        const now = clock.now()
        if (!(await tokensRepo.markTokenUsed(trx, row.id, now))) {
          throw new ServiceError(
            'This invitation has expired or has been used. Ask the Centre for a new one.',
          )
        }
        let userId: string
        const who = { ...actor, label: row.email }
        if (existing) {
          userId = existing.id
          await usersRepo.updateUser(trx, userId, {
            email_verified_at: existing.email_verified_at ?? now,
            ...(passwordHash ? { password_hash: passwordHash, display_name: input.displayName.trim() } : {}),
          })
        } else {
          const user = await usersRepo.insertUser(trx, {
            email: row.email,
            display_name: input.displayName.trim(),
            password_hash: passwordHash,
            email_verified_at: now,
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
        await addRoleGrant(trx, userId, role, row.organisation_id, { ...who, userId })
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
  }
}
