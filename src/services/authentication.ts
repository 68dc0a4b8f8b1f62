// Who is signed in: signing in by password or through the organisation's OpenID Connect
// provider, signing out, the limit on failed sign-ins, and resetting a forgotten password.
// Answers never say whether an e-mail address has an account.
import { hash, verify } from '@node-rs/argon2'
import type { Kysely } from 'kysely'
import { normaliseEmail, passwordProblem, tokenExpiry, type RoleGrant } from '../domain/accounts.ts'
import type { Clock } from '../domain/clock.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { linkAwardsToAccount } from '../repositories/awards.ts'
import * as tokensRepo from '../repositories/one-time-tokens.ts'
import { listGrants } from '../repositories/role-grants.ts'
import { deleteSessionsOfUser } from '../repositories/sessions.ts'
import * as attemptsRepo from '../repositories/sign-in-attempts.ts'
import * as usersRepo from '../repositories/user-accounts.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { enqueueMail } from './mail.ts'
import { issueOneTimeToken, linkWithToken } from './one-time-tokens.ts'
import { hashToken, newToken } from './tokens.ts'

// argon2id with the OWASP-recommended cost (19 MiB, 2 passes, 1 lane).
const ARGON2ID = 2
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const hashPassword = (password: string) => hash(password, HASH_OPTIONS)

export interface CurrentUser {
  id: string
  email: string
  displayName: string
  grants: RoleGrant[]
}

export type SignInResult =
  | { outcome: 'signed_in'; userId: string }
  | { outcome: 'invalid' }
  | { outcome: 'rate_limited' }
  | { outcome: 'unconfirmed' }

/** A signed-in person's password checked again before something that cannot be undone. */
export type PasswordCheck = 'confirmed' | 'invalid' | 'rate_limited'

export interface AuthenticationService {
  currentUser(userId: string): Promise<CurrentUser | null>
  signIn(email: string, password: string, actor: Actor): Promise<SignInResult>
  /** Whether the account signs in with a password (else only through OpenID Connect). */
  hasPassword(userId: string): Promise<boolean>
  /**
   * Checks the password of a signed-in account, counted by the same limit on failures as
   * signing in, so that an unattended session cannot be used to guess it.
   */
  confirmPassword(userId: string, password: string, actor: Actor): Promise<PasswordCheck>
  signInWithVerifiedEmail(email: string, actor: Actor): Promise<string | null>
  recordSignOut(userId: string, actor: Actor): Promise<void>
  requestPasswordReset(email: string, actor: Actor): Promise<void>
  passwordResetIsUsable(token: string): Promise<boolean>
  resetPassword(token: string, password: string, actor: Actor): Promise<string>
  /** Forgets sign-in attempts older than the rate-limit window needs (the audit trail keeps them). */
  pruneSignInAttempts(): Promise<void>
}

// A hash to verify against when there is no account, so that a missing account takes as
// long to refuse as a wrong password.
let dummyHash: Promise<string> | undefined
const getDummyHash = () => (dummyHash ??= hashPassword(newToken()))

export function createAuthenticationService(
  db: Kysely<Database>,
  config: Pick<Config, 'baseUrl' | 'signIn'>,
  clock: Clock,
): AuthenticationService {
  /** The start of the window failed sign-ins are counted in. */
  const windowStart = () => new Date(clock.now().getTime() - config.signIn.windowMinutes * 60_000)

  /**
   * Records an attempt as a failure until its password proves right, under a lock, or null when
   * the account or the address has failed too often: guesses sent all at once each see those
   * before them, so no more than the limit are ever checked.
   */
  function startAttempt(accountKey: string, address: string, since: Date) {
    return db.transaction().execute(async (trx) => {
      await attemptsRepo.lockSignInKeys(trx, accountKey, address)
      const failures = await attemptsRepo.recentFailures(trx, accountKey, address, since)
      if (
        failures.byAccount >= config.signIn.maxFailuresPerAccount ||
        failures.byAddress >= config.signIn.maxFailuresPerAddress
      )
        return null
      return attemptsRepo.recordSignInAttempt(trx, {
        accountKey,
        address,
        succeeded: false,
        at: clock.now(),
      })
    })
  }

  return {
    async hasPassword(userId) {
      return Boolean((await usersRepo.findUserById(db, userId))?.password_hash)
    },

    async confirmPassword(userId, password, actor) {
      const user = await usersRepo.findUserById(db, userId)
      if (!user?.password_hash || user.status !== 'active') return 'invalid'
      const attemptId = await startAttempt(`email:${user.email}`, actor.ip ?? 'unknown', windowStart())
      if (attemptId === null) return 'rate_limited'
      if (!(await verify(user.password_hash, password))) {
        await db.transaction().execute(async (trx) => {
          await recordAudit(trx, actor, {
            action: 'password_check.failed',
            entityType: 'user_account',
            entityId: user.id,
          })
        })
        return 'invalid'
      }
      // The right password: not a failure, and not a sign-in either.
      await attemptsRepo.deleteSignInAttempt(db, attemptId)
      return 'confirmed'
    },

    async currentUser(userId) {
      const user = await usersRepo.findUserById(db, userId)
      if (!user || user.status !== 'active') return null
      const grants = await listGrants(db, [user.id])
      return {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        grants: grants.map((g) => ({
          role: g.role,
          organisationId: g.organisation_id,
          organisationName: g.organisation_name,
        })),
      }
    },

    async signIn(emailInput, password, actor) {
      const email = normaliseEmail(emailInput)
      const accountKey = `email:${email}`
      const address = actor.ip ?? 'unknown'
      const since = windowStart()
      // Each attempt counts as a failure from before its password is checked until it proves
      // right, and is counted and recorded under a lock: guesses sent all at once each see
      // those before them, so no more than the limit are ever checked.
      const attemptId = await startAttempt(accountKey, address, since)
      if (attemptId === null) return { outcome: 'rate_limited' }

      const user = await usersRepo.findUserByEmail(db, email)
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
        await attemptsRepo.deleteSignInAttempt(db, attemptId)
        return { outcome: 'unconfirmed' }
      }

      await db.transaction().execute(async (trx) => {
        await attemptsRepo.recordSignInAttempt(trx, { accountKey, address, succeeded: true, at: clock.now() })
        await attemptsRepo.clearFailures(trx, accountKey)
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
        const user = await usersRepo.findUserByEmail(trx, email)
        if (!user || user.status !== 'active') return null
        if (!user.email_verified_at)
          await usersRepo.updateUser(trx, user.id, { email_verified_at: clock.now() })
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

    async requestPasswordReset(emailInput, actor) {
      const email = normaliseEmail(emailInput)
      // Whether or not the address has an account, a token is made, an e-mail queued and an
      // event recorded, so that how long the answer takes does not tell.
      await db.transaction().execute(async (trx) => {
        const now = clock.now()
        const user = await usersRepo.findUserByEmail(trx, email)
        const usable = user?.status === 'active' ? user : null
        await tokensRepo.expireTokensOfAccountOrAddress(trx, 'password_reset', usable?.id ?? null, email, now)
        // For an address with no account the token is kept, already expired and for no one, as
        // the record of a request that had nothing to reset: the same work as a real link,
        // which nobody can use.
        const { token } = await issueOneTimeToken(
          trx,
          'password_reset',
          { user_id: usable?.id ?? null, email },
          now,
          usable ? tokenExpiry('password_reset', now) : new Date(0),
        )
        const text = usable
          ? `Use this link to choose a new password:\n\n${linkWithToken(config.baseUrl, '/reset-password', token)}\n\nThe link works once, for 1 hour. If you did not ask to reset your password, you do not need to do anything: your password has not changed.`
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
      return Boolean(await tokensRepo.findUsableToken(db, 'password_reset', hashToken(token), clock.now()))
    },

    async resetPassword(token, password, actor) {
      const row = await tokensRepo.findUsableToken(db, 'password_reset', hashToken(token), clock.now())
      if (!row?.user_id) throw new ServiceError('This link has expired or has been used. Ask for a new one.')
      const userId = row.user_id
      const problem = passwordProblem(password, row.email)
      if (problem) throw new ServiceError(problem, 'password')
      const passwordHash = await hashPassword(password)
      return db.transaction().execute(async (trx) => {
        const now = clock.now()
        if (!(await tokensRepo.markTokenUsed(trx, row.id, now))) {
          throw new ServiceError('This link has expired or has been used. Ask for a new one.')
        }
        await usersRepo.updateUser(trx, userId, {
          password_hash: passwordHash,
          email_verified_at: now,
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

    async pruneSignInAttempts() {
      await attemptsRepo.deleteSignInAttemptsBefore(db, windowStart())
    },
  }
}
