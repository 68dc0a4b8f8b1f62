// The lists of a provider's people at national volume: awards, a delivery's learners and
// uploads, a page at a time with a total, searched and filtered, and downloaded whole (a
// batch at a time). A provider's deliveries are listed by src/services/deliveries.ts. Who may see what is decided here: a provider's people see their own
// organisations' rows only, Centre admins every award; nothing of another organisation is
// ever listed, counted or downloaded.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { learnerSearch } from '../domain/list-search.ts'
import {
  AWARD_STATUS_LABELS,
  AWARD_STATUSES,
  ELIGIBILITY_BASES,
  isOneOf,
  type AwardStatus,
  type EligibilityBasis,
} from '../domain/providers.ts'
import * as repo from '../repositories/provider-lists.ts'
import { IMPORT_STATES, type ImportState } from './award-imports.ts'
import type { AwardsViewer } from './awards.ts'
import { deliveryChoices, findDeliveryOrganisation } from '../repositories/deliveries.ts'
import { inBatches } from './batches.ts'

export interface ListPage<T> {
  rows: T[]
  total: number
}

export interface AwardListQuery {
  status?: string | undefined
  deliveryId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
}

export interface AwardListItem {
  id: string
  learnerName: string
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: string
  registrationNumber: string
  organisationName: string
  credentialTitle: string
  deliveryId: string
  deliveryStartDate: string
  awardedOn: string
  status: AwardStatus
  statusLabel: string
  statusReasonCategory: string | null
  linked: boolean
}

export interface LearnerListQuery {
  eligibility?: string | undefined
  award?: string | undefined
  q?: string | undefined
}

export interface LearnerListItem {
  id: string
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: string
  registrationNumber: string
  eligibilityBasis: EligibilityBasis | null
  award: { id: string; status: AwardStatus; awardedOn: string } | null
}

export interface ImportListItem {
  id: string
  source: 'csv' | 'api'
  filename: string | null
  state: ImportState
  credentialTitle: string | null
  totalRows: number
  createdCount: number
  unchangedCount: number
  createdAt: Date
  finishedAt: Date | null
}

export interface ProviderListsService {
  awards(
    viewer: AwardsViewer,
    query: AwardListQuery,
    page: number,
    pageSize: number,
  ): Promise<ListPage<AwardListItem>>
  /** The whole filtered list of awards, a batch at a time. */
  allAwards(viewer: AwardsViewer, query: AwardListQuery): AsyncIterable<AwardListItem[]>
  /** The deliveries the viewer's awards can be filtered by (none for the Centre). */
  awardDeliveries(
    viewer: AwardsViewer,
  ): Promise<Array<{ id: string; credentialTitle: string; startDate: string }>>
  /** A page of a delivery's learners; null when the delivery is not one of the viewer's. */
  learners(
    deliveryId: string,
    viewer: AwardsViewer,
    query: LearnerListQuery,
    page: number,
    pageSize: number,
  ): Promise<ListPage<LearnerListItem> | null>
  allLearners(
    deliveryId: string,
    viewer: AwardsViewer,
    query: LearnerListQuery,
  ): Promise<AsyncIterable<LearnerListItem[]> | null>
  imports(
    organisationIds: readonly string[],
    state: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<ListPage<ImportListItem>>
  allImports(organisationIds: readonly string[], state: string | undefined): AsyncIterable<ImportListItem[]>
}

const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize

/** Rows read by each query of a download (src/services/batches.ts): one short query per batch. */
export const DOWNLOAD_BATCH = 2000

function toAward(row: repo.AwardListRow): AwardListItem {
  const status = isOneOf(AWARD_STATUSES, row.status) ? row.status : 'active'
  return {
    id: row.id,
    learnerName: `${row.given_name} ${row.family_name}`,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    profession: row.profession,
    regulator: row.regulator,
    registrationNumber: row.registration_number,
    organisationName: row.organisation_name,
    credentialTitle: row.credential_title,
    deliveryId: row.delivery_id,
    deliveryStartDate: row.delivery_start_date,
    awardedOn: row.awarded_on,
    status,
    statusLabel: AWARD_STATUS_LABELS[status],
    statusReasonCategory: row.status_reason_category,
    linked: row.practitioner_id !== null,
  }
}

function toLearner(row: repo.LearnerListRow): LearnerListItem {
  const awardStatus = row.award_status
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    profession: row.profession,
    regulator: row.regulator,
    registrationNumber: row.registration_number,
    eligibilityBasis:
      row.eligibility_basis !== null && isOneOf(ELIGIBILITY_BASES, row.eligibility_basis)
        ? row.eligibility_basis
        : null,
    award:
      row.award_id && awardStatus && isOneOf(AWARD_STATUSES, awardStatus) && row.awarded_on
        ? { id: row.award_id, status: awardStatus, awardedOn: row.awarded_on }
        : null,
  }
}

function toImport(row: repo.ImportListRow): ImportListItem {
  return {
    id: row.id,
    source: row.source === 'api' ? 'api' : 'csv',
    filename: row.filename,
    state: isOneOf(IMPORT_STATES, row.state) ? row.state : 'failed',
    credentialTitle: row.credential_title,
    totalRows: row.total_rows,
    createdCount: row.created_count,
    unchangedCount: row.unchanged_count,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

export function createProviderListsService(db: Kysely<Database>): ProviderListsService {
  function awardFilter(viewer: AwardsViewer, query: AwardListQuery): repo.AwardListFilter {
    return {
      organisationIds: viewer.roles.includes('centre_admin') ? 'all' : viewer.organisationIds,
      status: query.status && isOneOf(AWARD_STATUSES, query.status) ? query.status : undefined,
      deliveryId: query.deliveryId,
      from: query.from,
      to: query.to,
      search: learnerSearch(query.q),
    }
  }

  function learnerFilter(
    organisationId: string,
    deliveryId: string,
    query: LearnerListQuery,
  ): repo.LearnerListFilter {
    const eligibility = query.eligibility
    return {
      organisationId,
      deliveryId,
      eligibility:
        eligibility === 'none' || (eligibility && isOneOf(ELIGIBILITY_BASES, eligibility))
          ? eligibility
          : undefined,
      award: query.award === 'awarded' || query.award === 'not_awarded' ? query.award : undefined,
      search: learnerSearch(query.q),
    }
  }

  /** The organisation of a delivery the viewer works on; null otherwise. */
  async function ownDelivery(deliveryId: string, viewer: AwardsViewer): Promise<string | null> {
    const found = await findDeliveryOrganisation(db, deliveryId)
    return found && viewer.organisationIds.includes(found.organisation_id) ? found.organisation_id : null
  }

  const importFilter = (organisationIds: readonly string[], state: string | undefined) => ({
    organisationIds,
    state: state && isOneOf(IMPORT_STATES, state) ? state : undefined,
  })
  return {
    async awards(viewer, query, page, pageSize) {
      const filter = awardFilter(viewer, query)
      const [rows, total] = await Promise.all([
        repo.awardsPage(db, filter, pageSize, offsetOf(page, pageSize)),
        repo.countAwards(db, filter),
      ])
      return { rows: rows.map(toAward), total }
    },

    async *allAwards(viewer, query) {
      const filter = awardFilter(viewer, query)
      const batches = inBatches(
        (after: repo.AwardCursor | undefined, limit) => repo.awardsBatch(db, filter, after ?? null, limit),
        (last) => ({ awardedOn: last.awarded_on, createdAt: last.created_at, id: last.id }),
        DOWNLOAD_BATCH,
      )
      for await (const batch of batches) yield batch.map(toAward)
    },

    async awardDeliveries(viewer) {
      if (viewer.roles.includes('centre_admin') && !viewer.organisationIds.length) return []
      return (await deliveryChoices(db, viewer.organisationIds)).map((d) => ({
        id: d.id,
        credentialTitle: d.credential_title,
        startDate: d.start_date,
      }))
    },

    async learners(deliveryId, viewer, query, page, pageSize) {
      const organisationId = await ownDelivery(deliveryId, viewer)
      if (!organisationId) return null
      const filter = learnerFilter(organisationId, deliveryId, query)
      if (filter.award) {
        const counted = await repo.awardFilteredLearnersPage(db, filter, pageSize, offsetOf(page, pageSize))
        return {
          rows: counted.rows.map(toLearner),
          total: counted.total ?? (await repo.countLearners(db, filter)),
        }
      }
      const [rows, total] = await Promise.all([
        repo.learnersPage(db, filter, pageSize, offsetOf(page, pageSize)),
        repo.countLearners(db, filter),
      ])
      return { rows: rows.map(toLearner), total }
    },

    async allLearners(deliveryId, viewer, query) {
      const organisationId = await ownDelivery(deliveryId, viewer)
      if (!organisationId) return null
      const filter = learnerFilter(organisationId, deliveryId, query)
      const batches = inBatches(
        (after: repo.LearnerCursor | undefined, limit) =>
          repo.learnersBatch(db, filter, after ?? null, limit),
        (last) => ({ familyName: last.family_name, givenName: last.given_name, id: last.id }),
        DOWNLOAD_BATCH,
      )
      return (async function* () {
        for await (const batch of batches) yield batch.map(toLearner)
      })()
    },

    async imports(organisationIds, state, page, pageSize) {
      const filter = importFilter(organisationIds, state)
      const [rows, total] = await Promise.all([
        repo.importsPage(db, filter, pageSize, offsetOf(page, pageSize)),
        repo.countImports(db, filter),
      ])
      return { rows: rows.map(toImport), total }
    },

    async *allImports(organisationIds, state) {
      const filter = importFilter(organisationIds, state)
      const batches = inBatches(
        (after: repo.ImportCursor | undefined, limit) => repo.importsBatch(db, filter, after ?? null, limit),
        (last) => ({ createdAt: last.created_at, id: last.id }),
        DOWNLOAD_BATCH,
      )
      for await (const batch of batches) yield batch.map(toImport)
    },
  }
}
