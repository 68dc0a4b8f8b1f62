// Practitioners' rights to their data: a copy of everything held about them, and closing their
// account (their records erased, the account kept under a pseudonym, the audit trail erased of
// anything that names them).
import type { Kysely } from 'kysely'
import { zipSync } from 'fflate'
import type { Clock } from '../domain/clock.ts'
import { pseudonymFor } from '../domain/audit.ts'
import type { Database } from '../db/schema.ts'
import { findUserById, pseudonymiseUser } from '../repositories/user-accounts.ts'
import { deleteTokensOf } from '../repositories/one-time-tokens.ts'
import { deleteGrantsOf } from '../repositories/role-grants.ts'
import { eventsByActor } from '../repositories/audit.ts'
import { unlinkAwardsFrom } from '../repositories/awards.ts'
import { deleteActivitiesOf, evidenceWithContent } from '../repositories/cpd-activities.ts'
import { unindexName } from '../repositories/directory-entries.ts'
import { deleteExternalsOf, externalsWithContent } from '../repositories/external-credentials.ts'
import { deleteProfile, personalDataOf } from '../repositories/practitioner-profiles.ts'
import { deleteSessionsOfUser } from '../repositories/sessions.ts'
import { eraseFromAuditTrail, recordAudit, type Actor } from './audit.ts'
import type { DirectoryService } from './directory.ts'
import type { PortfolioService } from './portfolio.ts'

export interface DataRightsService {
  /** A ZIP of my-data.json (everything held about the practitioner) with every file they uploaded. */
  exportArchive(userId: string): Promise<Buffer>
  closeAccount(actor: Actor & { userId: string }): Promise<void>
}

export function createDataRightsService(
  db: Kysely<Database>,
  deps: { portfolio: PortfolioService; directory: DirectoryService; clock: Clock },
): DataRightsService {
  const { portfolio, directory, clock } = deps
  return {
    async exportArchive(userId) {
      const [account, profile, entry, awards, externals, activities, evidence, externalFiles, audit] =
        await Promise.all([
          findUserById(db, userId),
          portfolio.profile(userId),
          directory.directoryChoices(userId),
          portfolio.awards(userId),
          portfolio.externals(userId),
          portfolio.activities(userId),
          evidenceWithContent(db, userId),
          externalsWithContent(db, userId),
          eventsByActor(db, userId),
        ])
      const files: Record<string, Uint8Array> = {}
      const data = {
        exportedAt: clock.now().toISOString(),
        account: account && {
          id: account.id,
          email: account.email,
          name: account.display_name,
          createdAt: account.created_at,
        },
        profile,
        directoryEntry: entry,
        awards,
        credentialsFromElsewhere: externals.map((e) => ({
          ...e,
          file: `credentials-from-elsewhere/${e.id}-${e.filename}`,
        })),
        cpdActivities: activities.map((a) => ({
          ...a,
          evidence: a.evidence.map((e) => ({ ...e, file: `evidence/${e.id}-${e.filename}` })),
        })),
        auditTrail: audit,
      }
      files['my-data.json'] = Buffer.from(JSON.stringify(data, null, 2))
      for (const e of evidence) files[`evidence/${e.id}-${e.filename}`] = e.content
      for (const e of externalFiles) files[`credentials-from-elsewhere/${e.id}-${e.filename}`] = e.content
      return Buffer.from(zipSync(files, { level: 6 }))
    },

    async closeAccount(actor) {
      const userId = actor.userId
      await db.transaction().execute(async (trx) => {
        await recordAudit(trx, actor, {
          action: 'account.closed',
          entityType: 'user_account',
          entityId: userId,
        })
        // Read before they are erased: the audit trail may hold any of them, in any event.
        const data = await personalDataOf(trx, userId)
        const fullName = data?.given_name ? `${data.given_name} ${data.family_name}` : null
        const personalValues = [
          data?.email,
          data?.display_name,
          data?.given_name,
          data?.family_name,
          fullName,
          data?.registration_number,
          data?.employer,
        ].filter((v): v is string => !!v?.trim())
        // The practitioner's own records go; the awards stay with the providers that made them,
        // unlinked from the account. The directory entry goes with the profile (cascade), but
        // its name is unindexed first so that words only it had leave the vocabulary.
        await deleteActivitiesOf(trx, userId)
        await deleteExternalsOf(trx, userId)
        await unindexName(trx, userId)
        await deleteProfile(trx, userId)
        await unlinkAwardsFrom(trx, userId)
        await deleteSessionsOfUser(trx, userId)
        await deleteTokensOf(trx, userId)
        await deleteGrantsOf(trx, userId)
        await pseudonymiseUser(trx, userId, pseudonymFor(userId))
        await eraseFromAuditTrail(trx, userId, personalValues)
      })
    },
  }
}
