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
import { employerChecksOn, eventsByActor } from '../repositories/audit.ts'
import { learnerRecordsAbout, unlinkAwardsFrom } from '../repositories/awards.ts'
import { deleteActivitiesOf, evidenceWithContent } from '../repositories/cpd-activities.ts'
import { unindexName } from '../repositories/directory-entries.ts'
import { deleteExternalsOf, externalsWithContent } from '../repositories/external-credentials.ts'
import { deleteProfile, personalDataOf } from '../repositories/practitioner-profiles.ts'
import { deleteSessionsOfUser } from '../repositories/sessions.ts'
import { eraseFromAuditTrail, recordAudit, type Actor } from './audit.ts'
import type { AwardCredentialsService } from './award-credentials.ts'
import type { DirectoryService } from './directory.ts'
import { registrationNumberHmac } from './employer-checks.ts'
import type { PortfolioService } from './portfolio.ts'
import { safeBaseName } from '../domain/export-safety.ts'

export interface DataRightsService {
  /**
   * A ZIP of my-data.json (everything held about the practitioner) with every file they
   * uploaded, the signed credential files of their awards and the files of the providers'
   * learner records about them.
   */
  exportArchive(userId: string): Promise<Buffer>
  closeAccount(actor: Actor & { userId: string }): Promise<void>
}

/** ".pdf" from "Equivalence portfolio.PDF"; nothing when the name has no plain extension. */
const extensionOf = (filename: string) => {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(filename)?.[1]
  return ext ? `.${ext.toLowerCase()}` : ''
}

export function createDataRightsService(
  db: Kysely<Database>,
  deps: {
    portfolio: PortfolioService
    directory: DirectoryService
    awardCredentials: AwardCredentialsService
    clock: Clock
    /** The key the employer check's audit events hold registration numbers under. */
    auditHmacKey: Buffer
  },
): DataRightsService {
  const { portfolio, directory, awardCredentials, clock, auditHmacKey } = deps
  return {
    async exportArchive(userId) {
      const [
        account,
        profile,
        entry,
        awards,
        externals,
        activities,
        evidence,
        externalFiles,
        audit,
        learners,
      ] = await Promise.all([
        findUserById(db, userId),
        portfolio.profile(userId),
        directory.directoryChoices(userId),
        portfolio.awards(userId),
        portfolio.externals(userId),
        portfolio.activities(userId),
        evidenceWithContent(db, userId),
        externalsWithContent(db, userId),
        eventsByActor(db, userId),
        learnerRecordsAbout(db, userId),
      ])
      const files: Record<string, Uint8Array> = {}
      // Each award's signed credential in both forms the service publishes: the Data
      // Integrity JSON as stored, and the VC-JOSE JWT, signed as it is fetched.
      const awardFiles = await Promise.all(
        awards.map(async (a) => {
          const [json, jwt] = await Promise.all([
            awardCredentials.credential(a.id),
            awardCredentials.jwt(a.id),
          ])
          const names: string[] = []
          if (json) {
            const name = `credentials/${a.id}.json`
            files[name] = Buffer.from(JSON.stringify(json, null, 2))
            names.push(name)
          }
          if (jwt) {
            const name = `credentials/${a.id}.jwt`
            files[name] = Buffer.from(jwt)
            names.push(name)
          }
          return names
        }),
      )
      // Employer checks on the numbers the providers recorded for them; a profile's number is
      // as typed, unchecked, and could be someone else's.
      const numbers = [...new Set(learners.map((l) => l.registration_number))].sort()
      const checks = await employerChecksOn(
        db,
        numbers.map((n) => registrationNumberHmac(auditHmacKey, n)),
      )
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
        awards: awards.map((a, i) => ({ ...a, credentialFiles: awardFiles[i] ?? [] })),
        learnerRecords: learners.map((l) => {
          const file =
            l.equivalence_file_id && l.equivalence_filename
              ? `learner-records/${l.equivalence_file_id}-${safeBaseName(l.equivalence_filename, 'evidence')}${extensionOf(l.equivalence_filename)}`
              : null
          if (file && l.equivalence_content) files[file] = l.equivalence_content
          return {
            id: l.id,
            provider: l.organisation_name,
            credential: l.credential_title,
            deliveryStartDate: l.delivery_start_date,
            givenName: l.given_name,
            familyName: l.family_name,
            email: l.email,
            profession: l.profession,
            regulator: l.regulator,
            registrationNumber: l.registration_number,
            eligibilityBasis: l.eligibility_basis,
            eligibilityProgramme: l.eligibility_programme,
            mscInstitution: l.msc_institution,
            mscYear: l.msc_year,
            recordedAt: l.created_at,
            equivalenceEvidenceFile: file,
          }
        }),
        employerChecks: {
          about:
            'Employer checks made on the registration numbers in the learner records above: when, and whether a credential was found. Who made a check is not given.',
          registrationNumbers: numbers,
          checks: checks.map((c) => ({ checkedAt: c.occurred_at, found: c.found === true })),
        },
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
