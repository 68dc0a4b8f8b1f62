// The Centre's endorsements of specification versions, as Centre admins see and close them.
// Each endorsed version has a record with an entry in a revocation list of the Centre's (see
// src/repositories/endorsements.ts). Records are made when a version is endorsed (the decision
// in src/services/reviews.ts), and, for versions endorsed before records existed, the first
// time anything reads them (insert … on conflict do nothing), here or in the credentials.
//
// Closing an endorsement cannot be undone, and is done once: withdrawn (no award made under
// the version is valid; its bit in the list is set) or ended at the next version (awards made
// on or before the day the next version was published, or today when there is none, stay
// valid; the EndorsementCredential is signed again with validUntil).
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import { endorsementState, type EndorsementState } from '../domain/endorsements.ts'
import { STATUS_LIST_SIZE } from '../domain/credentials/open-badges.ts'
import * as repo from '../repositories/endorsements.ts'
import { recordAudit, type Actor } from './audit.ts'
import { ServiceError } from './errors.ts'
import { isUuid } from '../domain/identifiers.ts'
import { findCentre } from '../repositories/organisations.ts'

export const ENDORSEMENT_ACTIONS = ['withdraw', 'end'] as const
export type EndorsementAction = (typeof ENDORSEMENT_ACTIONS)[number]
export const isEndorsementAction = (value: unknown): value is EndorsementAction =>
  value === 'withdraw' || value === 'end'

export type { EndorsementState }

export interface EndorsementSummary {
  versionId: string
  slug: string
  title: string
  number: number
  /** Still the published version, or superseded by a later one. */
  superseded: boolean
  decidedAt: Date | null
  state: EndorsementState
  withdrawnAt: Date | null
  endedOn: string | null
}

export interface EndorsementDetail extends EndorsementSummary {
  rowVersion: number
  withdrawalReason: string | null
  /** The last day of awards an ending now would keep valid: the next version's, or today. */
  endOn: string
  /** Whether endOn is the day the next version was published (rather than today). */
  endAtNextVersion: boolean
}

export interface EndorsementsService {
  list(page: number, pageSize: number): Promise<{ items: EndorsementSummary[]; total: number }>
  /** One endorsement (its record made if it has none yet); null when the version was never endorsed. */
  find(versionId: string): Promise<EndorsementDetail | null>
  /** A ServiceError (field 'action' or 'reason') when the endorsement cannot be closed as asked. */
  check(versionId: string, rowVersion: number, action: string, reason: string): Promise<EndorsementDetail>
  /** Withdraws or ends the endorsement; audited. Returns the end date for an ending. */
  close(
    versionId: string,
    rowVersion: number,
    action: string,
    reason: string,
    actor: Actor,
  ): Promise<{ action: EndorsementAction; endedOn: string | null }>
}

const stateOf = (row: { withdrawn_at: Date | null; ended_on: string | null }): EndorsementState =>
  endorsementState({ withdrawnAt: row.withdrawn_at, endedOn: row.ended_on })

export function createEndorsementsService(db: Kysely<Database>, clock: Clock): EndorsementsService {
  async function find(versionId: string): Promise<EndorsementDetail | null> {
    if (!isUuid(versionId)) return null
    let row = await repo.findEndorsedVersion(db, { versionId })
    if (!row) return null
    if (row.row_version === null) {
      const centre = await findCentre(db)
      if (!centre) return null
      await db
        .transaction()
        .execute((trx) => repo.ensureEndorsement(trx, versionId, centre.id, STATUS_LIST_SIZE))
      row = await repo.findEndorsedVersion(db, { versionId })
      if (!row || row.row_version === null) return null
    }
    const next = await repo.nextPublishedOn(db, row.credential_id, row.number)
    return {
      versionId: row.id,
      slug: row.slug,
      title: row.title,
      number: row.number,
      superseded: next !== null,
      decidedAt: row.decided_at ?? row.published_at,
      state: stateOf(row),
      withdrawnAt: row.withdrawn_at,
      endedOn: row.ended_on,
      rowVersion: row.row_version,
      withdrawalReason: row.withdrawal_reason,
      endOn: next ?? clock.today(),
      endAtNextVersion: next !== null,
    }
  }

  async function check(versionId: string, rowVersion: number, action: string, reason: string) {
    const found = await find(versionId)
    if (!found) throw new ServiceError('There is no such endorsement', 'action')
    if (found.state !== 'active')
      throw new ServiceError(
        found.state === 'withdrawn'
          ? 'This endorsement has already been withdrawn'
          : 'This endorsement has already ended',
        'action',
      )
    if (found.rowVersion !== rowVersion)
      throw new ServiceError('Someone else changed this endorsement meanwhile: check it again', 'action')
    if (!isEndorsementAction(action))
      throw new ServiceError('Select what to do with the endorsement', 'action')
    if (!reason.trim()) throw new ServiceError('Enter the reason', 'reason')
    if (reason.length > 2000) throw new ServiceError('The reason must be 2,000 characters or fewer', 'reason')
    return found
  }

  return {
    find,
    check,

    async list(page, pageSize) {
      const [rows, total] = await Promise.all([
        repo.listEndorsedVersions(db, pageSize, (page - 1) * pageSize),
        repo.countEndorsedVersions(db),
      ])
      return {
        total,
        items: rows.map((row) => ({
          versionId: row.id,
          slug: row.slug,
          title: row.title,
          number: row.number,
          superseded: row.state === 'superseded',
          decidedAt: row.decided_at ?? row.published_at,
          state: stateOf(row),
          withdrawnAt: row.withdrawn_at,
          endedOn: row.ended_on,
        })),
      }
    },

    async close(versionId, rowVersion, action, reason, actor) {
      const found = await check(versionId, rowVersion, action, reason)
      if (!isEndorsementAction(action))
        throw new ServiceError('Select what to do with the endorsement', 'action')
      const now = clock.now()
      const common = { withdrawal_reason: reason.trim(), withdrawn_by: actor.userId }
      return db.transaction().execute(async (trx) => {
        const endedOn = action === 'end' ? found.endOn : null
        const changed = await repo.closeEndorsement(
          trx,
          versionId,
          rowVersion,
          endedOn ? { ...common, ended_at: now, ended_on: endedOn } : { ...common, withdrawn_at: now },
        )
        if (!changed)
          throw new ServiceError('Someone else changed this endorsement meanwhile: check it again', 'action')
        await recordAudit(trx, actor, {
          action: action === 'end' ? 'endorsement.ended' : 'endorsement.withdrawn',
          entityType: 'specification_version',
          entityId: versionId,
          before: { state: 'active' },
          after: {
            state: action === 'end' ? 'ended' : 'withdrawn',
            credential: found.slug,
            version: found.number,
            reason: reason.trim(),
            ...(endedOn ? { endedOn } : {}),
          },
        })
        return { action, endedOn }
      })
    },
  }
}
