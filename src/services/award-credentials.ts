// Awards as verifiable credentials: each award is issued, in the transaction that makes it, as
// an Open Badges 3.0 AchievementCredential signed by its provider (eddsa-rdfc-2022), with a
// random entry in the provider's revocation and suspension status lists. The lists are served
// signed, their bits read from the awards' status at the time.
import { createHash, randomInt } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../domain/credentials/contexts.ts'
import { addProof, type JsonObject } from '../domain/credentials/data-integrity.ts'
import { signJwtPayload } from '../domain/credentials/jwt.ts'
import {
  achievement,
  endorsementCredential,
  STATUS_LIST_SIZE,
  statusListCredential,
  type StatusPurpose,
} from '../domain/credentials/open-badges.ts'
import * as repo from '../repositories/award-credentials.ts'
import * as endorsements from '../repositories/endorsements.ts'
import {
  credentialUrlOf,
  signAward,
  statusListUrlOf,
  type AwardToIssue,
  type Issuance,
} from './award-signing.ts'
import type { IssuersService } from './issuers.ts'
import type { PublicationService } from './publication.ts'
import { isUuid } from '../domain/identifiers.ts'
import { findCentre } from '../repositories/organisations.ts'
import { present } from '../domain/present.ts'

export type { AwardToIssue, Issuance } from './award-signing.ts'

/** The award to issue to a learner, as their provider recorded them. */
export function awardToIssue(
  id: string,
  awardedOn: string,
  learner: {
    email: string
    given_name: string
    family_name: string
    regulator: string
    registration_number: string
  },
): AwardToIssue {
  return {
    id,
    email: learner.email,
    name: `${learner.given_name} ${learner.family_name}`.trim(),
    registration: learner.registration_number.trim()
      ? { regulator: learner.regulator, number: learner.registration_number }
      : null,
    awardedOn,
  }
}

/** An award as its holder's copies show it: the certificate, the files and the links. */
export interface AwardCopy {
  id: string
  holderName: string
  credentialTitle: string
  versionNumber: number
  providerName: string
  awardedOn: string
  status: 'active' | 'suspended' | 'revoked'
  /** Absolute, for the certificate's QR code and LinkedIn. */
  verifyUrl: string
  /** Paths on this site, for links on its pages. */
  verifyPath: string
  jsonPath: string
  jwtPath: string
  certificatePath: string
  /** LinkedIn's "Add licence or certification" form, filled in. */
  linkedInUrl: string
  /** Where its holder offers an active award to a digital wallet; null for anyone else. */
  walletPath: string | null
}

export interface AwardCredentialsService {
  /**
   * The award's copies for its holder (the practitioner it is linked to), the awarding
   * provider's people and Centre admins; null for anyone else or an unknown award.
   */
  copy(
    awardId: string,
    viewer: { userId: string | null; organisationIds: readonly string[]; centreAdmin: boolean },
  ): Promise<AwardCopy | null>
  /** The issuer, achievement and key for a delivery's awards; null when it has no published version. */
  prepare(deliveryId: string): Promise<Issuance | null>
  /** Signs and stores the awards' credentials in the caller's transaction. */
  issue(trx: Transaction<Database>, issuance: Issuance, awards: AwardToIssue[]): Promise<void>
  /**
   * n entries of the issuer's open status list, not given out yet, in a short transaction of
   * their own (for signing in bulk; an entry is given out once its credential is stored, and
   * storing one given out meanwhile fails on the list's unique entries).
   */
  reserveEntries(organisationId: string, n: number): Promise<{ listId: number; indexes: number[] }>
  /** The signed credential of an award, or null. */
  credential(awardId: string): Promise<JsonObject | null>
  /** A signed status list credential with an ETag that changes when one of its bits does. */
  statusList(id: number, purpose: StatusPurpose): Promise<{ credential: JsonObject; etag: string } | null>
  /** The award's credential in the VC-JOSE form, signed with its issuer's signing key; or null. */
  jwt(awardId: string): Promise<string | null>
  /** A published version as an Open Badges 3.0 Achievement document, or null. */
  achievement(slug: string, number: number): Promise<JsonObject | null>
  /** The Centre's signed EndorsementCredential of an endorsed version, or null. */
  endorsement(slug: string, number: number): Promise<JsonObject | null>
  /**
   * Whether the Centre's endorsement of a version stands: withdrawn (no award made under it is
   * valid) or ended (awards made on or before endedOn stay valid), with the reason. Null when
   * the version was never endorsed (or there is no such version).
   */
  endorsementRecord(
    slug: string,
    number: number,
  ): Promise<{ withdrawnAt: Date | null; withdrawalReason: string | null; endedOn: string | null } | null>
  /** Where an award's credential is published. */
  credentialUrl(awardId: string): string
  achievementUrl(slug: string, number: number): string
}

export function createAwardCredentialsService(
  db: Kysely<Database>,
  config: Config,
  deps: { issuers: IssuersService; publication: PublicationService },
): AwardCredentialsService {
  const { issuers, publication } = deps
  const statusListUrl = (id: number, purpose: StatusPurpose) => statusListUrlOf(config.baseUrl, id, purpose)
  const achievementUrl = (slug: string, number: number) => `${config.baseUrl}/achievements/${slug}/${number}`
  const credentialUrl = (awardId: string) => credentialUrlOf(config.baseUrl, awardId)
  // A signed list is kept until one of its bits changes (its ETag); signing costs milliseconds.
  const signedLists = new Map<string, { credential: JsonObject; etag: string }>()

  async function centre() {
    const row = await findCentre(db)
    return row
      ? { id: issuers.did(row.id), name: row.name }
      : { id: `${config.baseUrl}/about`, name: 'Centre for Advancing Practice' }
  }

  /** Distinct random entries not yet given out in the list. */
  async function freeIndexes(trx: Transaction<Database>, listId: number, size: number, n: number) {
    const chosen = new Set<number>()
    while (chosen.size < n) {
      const candidates = new Set<number>()
      while (candidates.size < Math.min(n - chosen.size, 1000)) {
        const index = randomInt(size)
        if (!chosen.has(index)) candidates.add(index)
      }
      const used = new Set((await repo.usedIndexes(trx, listId, [...candidates])).map((r) => r.status_index))
      for (const index of candidates) if (!used.has(index)) chosen.add(index)
    }
    return [...chosen]
  }

  /** A published version as an Open Badges Achievement, or null when it is not published. */
  async function achievementOf(slug: string, number: number): Promise<JsonObject | null> {
    const version = await publication.getPublished(slug, number)
    if (!version) return null
    const spec = version.specification
    const labels = new Map(
      version.mapped.flatMap((m) =>
        m.pillars.flatMap((p) => p.capabilities.map((c) => [c.code, c.label] as const)),
      ),
    )
    const codes = [...new Set(version.mapped.flatMap((m) => m.frameworkCodes))].sort((a, b) =>
      a.localeCompare(b, 'en', { numeric: true }),
    )
    const title = version.credential.title
    const outcomes = spec?.outcomes.map((o) => `${o.code} ${o.text}`).join('; ')
    const creator = await centre()
    return achievement({
      endorsements: (await endorsementOf(slug, number)) ?? [],
      id: achievementUrl(slug, number),
      name: title,
      description: spec?.purpose ?? version.recognition?.summary ?? title,
      criteria: outcomes
        ? `Assessed by an education provider approved to deliver version ${number} as meeting every learning outcome: ${outcomes}`
        : `Assessed by an education provider approved to deliver version ${number}.`,
      level: spec?.level ?? null,
      credits: spec?.credits ?? null,
      alignments: codes.map((code) => ({
        code,
        name: labels.get(code) ?? code,
        url: `${version.urls.framework}#capability-${code}`,
      })),
      creator,
    })
  }

  /**
   * The endorsement record of an endorsed version, made now if it was endorsed before records
   * were (insert … on conflict do nothing: two first reads at once make one); null when the
   * version was never endorsed.
   */
  async function endorsementRecordOf(slug: string, number: number) {
    const found = await endorsements.findEndorsedVersion(db, { slug, number })
    if (!found) return null
    if (found.status_list_id !== null && found.status_index !== null) return found
    const centreRow = await findCentre(db)
    if (!centreRow) return null
    await db
      .transaction()
      .execute((trx) => endorsements.ensureEndorsement(trx, found.id, centreRow.id, STATUS_LIST_SIZE))
    return (await endorsements.findEndorsedVersion(db, { versionId: found.id })) ?? null
  }

  /**
   * The Centre's signed endorsement of a version it endorsed, or null. Dated and signed as of
   * the decision, so the same key gives the same bytes each time (Ed25519 is deterministic);
   * after a rotation it is signed again with the new key. It has an entry in the Centre's
   * revocation list, set when the endorsement is withdrawn; an ended endorsement is signed
   * again, as of its ending, with validUntil the end of its last day.
   */
  async function endorsementOf(slug: string, number: number): Promise<JsonObject[] | null> {
    const version = await publication.getPublished(slug, number)
    const decision = version?.decision
    const endorsed = decision && ['endorse', 'endorse_with_conditions'].includes(decision.outcome)
    const row = await findCentre(db)
    if (!version || !decision || !endorsed || !row) return null
    const record = await endorsementRecordOf(slug, number)
    if (!record || record.status_list_id === null || record.status_index === null) return null
    const decidedAt = version.decidedAt ?? version.publishedAt
    const conditions = decision.conditions
    const unsigned = endorsementCredential({
      id: `${achievementUrl(slug, number)}/endorsement`,
      achievementId: achievementUrl(slug, number),
      name: `Endorsement of ${version.credential.title}, version ${number}`,
      comment:
        `The Centre for Advancing Practice endorsed version ${number} of this credential specification after independent review against its endorsement criteria` +
        (conditions ? `, with conditions: ${conditions}` : '.'),
      issuer: await centre(),
      decidedAt,
      status: { listUrl: statusListUrl(record.status_list_id, 'revocation'), index: record.status_index },
      ...(record.ended_on ? { validUntil: new Date(`${record.ended_on}T23:59:59Z`) } : {}),
    })
    return [await addProof(unsigned, await issuers.signingKey(row.id), record.ended_at ?? decidedAt)]
  }

  const service: AwardCredentialsService = {
    credentialUrl,
    achievementUrl,

    async prepare(deliveryId) {
      const delivery = await repo.findDeliveryVersion(db, deliveryId)
      if (!delivery) return null
      const built = await achievementOf(delivery.slug, delivery.number)
      if (!built) return null
      return {
        organisationId: delivery.organisation_id,
        issuer: {
          id: issuers.did(delivery.organisation_id),
          name: delivery.organisation_name,
          url: delivery.website ?? `${config.baseUrl}/issuers/${delivery.organisation_id}`,
        },
        credentialName: delivery.title,
        achievement: built,
        key: await issuers.signingKey(delivery.organisation_id),
      }
    },

    async endorsement(slug, number) {
      return (await endorsementOf(slug, number))?.[0] ?? null
    },

    async endorsementRecord(slug, number) {
      if (!Number.isSafeInteger(number)) return null
      const record = await endorsementRecordOf(slug, number)
      return record
        ? {
            withdrawnAt: record.withdrawn_at,
            withdrawalReason: record.withdrawal_reason,
            endedOn: record.ended_on,
          }
        : null
    },

    async achievement(slug, number) {
      const built = await achievementOf(slug, number)
      return built && { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...built }
    },

    async issue(trx, issuance, awards) {
      if (!awards.length) return
      const list = await repo.reserveEntries(trx, issuance.organisationId, awards.length, STATUS_LIST_SIZE)
      const indexes = await freeIndexes(trx, list.id, list.size, awards.length)
      const rows = []
      for (const [i, award] of awards.entries()) {
        const index = indexes[i]
        if (index === undefined) throw new Error('Fewer status-list entries than awards')
        const signed = await signAward(config.baseUrl, issuance, award, { listId: list.id, index })
        rows.push({
          award_id: award.id,
          status_list_id: list.id,
          status_index: index,
          credential: JSON.stringify(signed),
        })
      }
      await repo.insertCredentials(trx, rows)
    },

    async reserveEntries(organisationId, n) {
      return db.transaction().execute(async (trx) => {
        const list = await repo.reserveEntries(trx, organisationId, n, STATUS_LIST_SIZE)
        return { listId: list.id, indexes: await freeIndexes(trx, list.id, list.size, n) }
      })
    },

    async credential(awardId) {
      if (!isUuid(awardId)) return null
      const row = await repo.findCredential(db, awardId)
      return row ? row.credential : null
    },

    async copy(awardId, viewer) {
      const row = isUuid(awardId) ? await repo.findAwardCopy(db, awardId) : undefined
      if (!row) return null
      const maysee =
        viewer.centreAdmin ||
        viewer.organisationIds.includes(row.organisation_id) ||
        (viewer.userId !== null && row.practitioner_id === viewer.userId)
      if (!maysee) return null
      const verifyUrl = `${config.baseUrl}/verify/awards/${row.id}`
      const [year, month] = row.awarded_on.split('-')
      const linkedIn = new URLSearchParams({
        startTask: 'CERTIFICATION_NAME',
        name: row.credential_title,
        organizationName: row.organisation_name,
        issueYear: present(year, 'the year of the award date'),
        issueMonth: String(Number(month)),
        certUrl: verifyUrl,
        certId: row.id,
      })
      return {
        id: row.id,
        holderName: `${row.given_name} ${row.family_name}`,
        credentialTitle: row.credential_title,
        versionNumber: row.version_number,
        providerName: row.organisation_name,
        awardedOn: row.awarded_on,
        status: row.status,
        verifyUrl,
        verifyPath: `/verify/awards/${row.id}`,
        jsonPath: `/awards/${row.id}/credential?download=1`,
        jwtPath: `/awards/${row.id}/credential.jwt?download=1`,
        certificatePath: `/awards/${row.id}/certificate.pdf`,
        linkedInUrl: `https://www.linkedin.com/profile/add?${linkedIn}`,
        walletPath:
          viewer.userId !== null && row.practitioner_id === viewer.userId && row.status === 'active'
            ? `/my/awards/${row.id}/wallet`
            : null,
      }
    },

    async jwt(awardId) {
      if (!isUuid(awardId)) return null
      const row = await repo.findJwtPayload(db, awardId)
      if (!row) return null
      return signJwtPayload(row.json, await issuers.signingKey(row.organisation_id))
    },

    async statusList(id, purpose) {
      const list = await repo.findStatusList(db, id)
      if (!list) return null
      // An endorsement list's bits are its withdrawn endorsements (revocation only); an award
      // list's, its awards' status. Both are read, so the ETag follows either.
      const awardIndexes = await repo.indexesWithStatus(
        db,
        id,
        purpose === 'revocation' ? 'revoked' : 'suspended',
      )
      const endorsementIndexes = purpose === 'revocation' ? await endorsements.withdrawnIndexes(db, id) : []
      const indexes = [...awardIndexes, ...endorsementIndexes]
        .map((r) => r.status_index)
        .sort((a, b) => a - b)
      const etag = `"${createHash('sha256')
        .update(`${id}/${purpose}:${indexes.join(',')}`)
        .digest('base64url')
        .slice(0, 22)}"`
      const cacheKey = `${id}/${purpose}`
      const cached = signedLists.get(cacheKey)
      if (cached?.etag === etag) return cached
      const url = statusListUrl(id, purpose)
      // Signed when asked for and cached by its bits, so the signing time is the real one.
      const unsigned = statusListCredential({
        url,
        issuer: issuers.did(list.organisation_id),
        purpose,
        setIndexes: indexes,
        validFrom: new Date(),
      })
      const signed = {
        credential: await addProof(unsigned, await issuers.signingKey(list.organisation_id), new Date()),
        etag,
      }
      signedLists.set(cacheKey, signed)
      return signed
    },
  }
  return service
}
