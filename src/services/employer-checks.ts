// The employer check: anyone may ask which credentials a person holds, by registration
// number and surname, a limited number of times an hour from one address. The answer says
// what is held whether or not the person is in the directory, and nothing else about them.
import { createHmac } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { sameSurname } from '../domain/practitioners.ts'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { awardsByRegistration } from '../repositories/awards.ts'
import * as lookupsRepo from '../repositories/lookup-attempts.ts'
import { recordAudit, type Actor } from './audit.ts'
import { FieldProblems } from './errors.ts'

export interface EmployerCheckResult {
  /** Whether anyone with that registration number and surname holds a credential here. */
  found: boolean
  credentials: Array<{
    /** Its verification page is /verify/awards/:awardId. */
    awardId: string
    credentialTitle: string
    organisationName: string
    awardedOn: string
    status: string
  }>
}

/** Employer checks one address may make in an hour. */
export const EMPLOYER_CHECKS_PER_HOUR = 20
const LOOKUP_WINDOW_MS = 60 * 60 * 1000

export class TooManyChecks extends Error {}

/**
 * A registration number as an employer check's audit event holds it: an HMAC under a server
 * secret, as a plain hash of a 7 or 8 character number is undone by trying them all.
 */
export function registrationNumberHmac(key: Buffer, registrationNumber: string): string {
  return createHmac('sha256', key).update(registrationNumber).digest('hex')
}

export interface EmployerChecksService {
  employerCheck(
    actor: Actor,
    input: { registrationNumber: string; surname: string },
  ): Promise<EmployerCheckResult>
  /** Forgets employer checks older than the hour the limit counts: they hold IP addresses. */
  pruneLookupAttempts(): Promise<void>
}

export function createEmployerChecksService(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
): EmployerChecksService {
  // The limit counts the checks of the hour before now, on the same clock that stamps them.
  const hourBefore = (now: Date) => new Date(now.getTime() - LOOKUP_WINDOW_MS)
  return {
    async employerCheck(actor, input) {
      const registrationNumber = input.registrationNumber.trim().toUpperCase().replace(/\s+/g, '')
      const surname = input.surname.trim()
      const problems = []
      if (!registrationNumber)
        problems.push({ field: 'registrationNumber', text: 'Enter the registration number' })
      else if (registrationNumber.length > 30)
        problems.push({
          field: 'registrationNumber',
          text: 'Registration number must be 30 characters or fewer',
        })
      if (!surname) problems.push({ field: 'surname', text: 'Enter the surname' })
      else if (surname.length > 100)
        problems.push({ field: 'surname', text: 'Surname must be 100 characters or fewer' })
      if (problems.length) throw new FieldProblems(problems)
      const address = actor.ip ?? 'unknown'
      return db.transaction().execute(async (trx) => {
        await lookupsRepo.lockLookups(trx, 'employer_check', address)
        const now = clock.now()
        const recent = await lookupsRepo.recentLookups(trx, 'employer_check', address, hourBefore(now))
        if (recent >= EMPLOYER_CHECKS_PER_HOUR) throw new TooManyChecks()
        await lookupsRepo.recordLookup(trx, 'employer_check', address, now)
        const rows = (await awardsByRegistration(trx, registrationNumber)).filter((r) =>
          sameSurname(surname, r.family_name),
        )
        const seen = new Set<string>()
        const credentials = rows
          .filter((r) => !seen.has(r.award_id) && seen.add(r.award_id))
          .sort((a, b) => b.awarded_on.localeCompare(a.awarded_on))
          .map((r) => ({
            awardId: r.award_id,
            credentialTitle: r.credential_title,
            organisationName: r.organisation_name,
            awardedOn: r.awarded_on,
            status: r.status,
          }))
        // The check is recorded without the surname typed: the trail must not become a
        // register of who was looked up by name.
        await recordAudit(trx, actor, {
          action: 'directory.employer_check',
          entityType: 'employer_check',
          entityId: null,
          after: {
            registrationNumberHmac: registrationNumberHmac(config.auditHmacKey, registrationNumber),
            found: credentials.length > 0,
          },
        })
        return { found: credentials.length > 0, credentials }
      })
    },

    async pruneLookupAttempts() {
      await lookupsRepo.deleteLookupsBefore(db, hourBefore(clock.now()))
    },
  }
}
