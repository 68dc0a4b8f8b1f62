// A practitioner's Comprehensive Learner Record (CLR 2.0): their active awards, each the
// credential its provider signed, unchanged, and their CPD record, signed by the Centre as a
// ClrCredential for them to download and hand over as one document.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { clrCredential } from '../domain/credentials/clr.ts'
import { addProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { registrationIdentity } from '../domain/credentials/holder.ts'
import { identityHash } from '../domain/credentials/open-badges.ts'
import { longDate } from '../domain/dates.ts'
import { hoursPhrase } from '../domain/practitioners.ts'
import { activeCredentialsOfPractitioner } from '../repositories/award-credentials.ts'
import { findCentre } from '../repositories/organisations.ts'
import { recordAudit, type Actor } from './audit.ts'
import type { IssuersService } from './issuers.ts'
import type { PortfolioService } from './portfolio.ts'
import { FRAMEWORK_NAME } from './publication.ts'

export interface ClrService {
  /**
   * The practitioner's CLR, signed now by the Centre: their active awards' credentials as
   * stored (a suspended or revoked award is left out) and their CPD activities. Audited, as
   * a copy of their personal data leaving the platform. Null when there is no Centre to sign.
   */
  download(
    actor: Actor & { userId: string },
    account: { email: string; displayName: string },
  ): Promise<JsonObject | null>
}

export function createClrService(
  db: Kysely<Database>,
  config: Config,
  deps: { issuers: IssuersService; portfolio: PortfolioService; clock: Clock },
): ClrService {
  const { issuers, portfolio, clock } = deps
  return {
    async download(actor, account) {
      const centre = await findCentre(db)
      if (!centre) return null
      const userId = actor.userId
      const [profile, awards, activities, capabilities] = await Promise.all([
        portfolio.profile(userId),
        activeCredentialsOfPractitioner(db, userId),
        portfolio.activities(userId),
        portfolio.capabilityOptions(),
      ])
      const labels = new Map(capabilities.map((c) => [c.code, c.label]))
      const name = profile ? `${profile.givenName} ${profile.familyName}`.trim() : account.displayName
      const salt = randomBytes(16).toString('hex')
      const unsigned = clrCredential({
        id: `urn:uuid:${randomUUID()}`,
        name: `Comprehensive Learner Record of ${name}`,
        issuer: {
          id: issuers.did(centre.id),
          name: centre.name,
          url: `${config.baseUrl}/issuers/${centre.id}`,
        },
        validFrom: clock.now(),
        holder: {
          name,
          registration: profile ? registrationIdentity(profile.regulator, profile.registrationNumber) : null,
          emailHash: { hash: identityHash(account.email, salt), salt },
        },
        credentials: awards.map((a) => a.credential),
        activities: activities.map((a) => ({
          id: a.id,
          title: a.title,
          typeLabel: a.typeLabel,
          hours: hoursPhrase(a.tenthsOfHours),
          date: longDate(a.activityDate),
          capabilities: a.capabilities.map((code) => ({
            code,
            name: labels.get(code) ?? code,
            url: `${config.baseUrl}/framework#capability-${code}`,
          })),
          evidence: a.evidence.map((e) => ({ id: e.id, filename: e.filename })),
        })),
        frameworkName: FRAMEWORK_NAME,
      })
      const signed = await addProof(unsigned, await issuers.signingKey(centre.id), clock.now())
      await db.transaction().execute((trx) =>
        recordAudit(trx, actor, {
          action: 'practitioner.clr_downloaded',
          entityType: 'user_account',
          entityId: userId,
          after: { awards: awards.map((a) => a.id), activities: activities.length },
        }),
      )
      return signed
    },
  }
}
