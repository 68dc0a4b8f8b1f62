import type { Kysely } from 'kysely'
import {
  isCredentialStatus,
  isInterventionType,
  isSeason,
  type CredentialStatus,
  type Due,
  type InterventionType,
  type Origin,
  type SourceDate,
} from '../domain/catalogue.ts'
import { catalogueSearchTerms } from '../domain/catalogue-search.ts'
import type { Database } from '../db/schema.ts'
import {
  declaredAccredited,
  DELIVERY_MODE_LABELS,
  DELIVERY_STATES,
  isListedDelivery,
} from '../domain/providers.ts'
import {
  programmeAccreditationStatus,
  type ProgrammeAccreditationStatus,
} from '../domain/programme-accreditation.ts'
import { systemClock, type Clock } from '../domain/clock.ts'
import { accreditationsOfProgrammes } from './programme-accreditation.ts'
import * as repo from '../repositories/catalogue.ts'
import { listLatestMappedCapabilities, listPublishedVersions } from '../repositories/publication.ts'
import * as areasRepo from '../repositories/clinical-areas.ts'
import { findCredentialBySlug, setCredentialDocument } from '../repositories/credentials.ts'
import { recordAudit, type Actor } from './audit.ts'
import { NotFound } from './errors.ts'
import { listApprovedDeliveries } from '../repositories/deliveries.ts'
import { present } from '../domain/present.ts'
import { listPublishedConsultationsOfCredential } from '../repositories/consultations.ts'
import type { ReferenceData } from './reference-data.ts'

export interface ClinicalArea {
  slug: string
  name: string
  note: string | null
}

export interface CredentialSummary {
  id: string
  slug: string
  title: string
  area: { slug: string; name: string }
  type: InterventionType
  status: CredentialStatus
  due: Due | null
  level: number | null
  origin: Origin
  /** The body that owns a credential of origin other_body, when recorded. */
  ownerName?: string | null
}

export interface TimelineEntry {
  status: CredentialStatus
  due: Due | null
  reason: string | null
  /** The document the entry comes from, with its date, for entries taken from one (the seed's). */
  source: { title: string; date: SourceDate } | null
  recordedBy: string
  recordedAt: Date
}

export interface CredentialDetail extends CredentialSummary {
  area: ClinicalArea
  owner: { name: string; url: string | null } | null
  summary: string | null
  notes: string[]
  updatedAt: Date
  /** Published consultations about it (src/services/consultations.ts), latest opening first. */
  consultations: Array<{
    number: number
    title: string
    opensOn: string
    closesOn: string
    versionNumber: number | null
  }>
  timeline: TimelineEntry[]
  /** Its published specification versions, oldest first (see services/publication.ts). */
  publishedVersions?: Array<{ number: number; publishedAt: Date; path: string }>
  /** Where the Centre published a specification not held here, when a Centre admin recorded it. */
  document?: { url: string; title: string } | null
  /** Providers approved to deliver it now, with how and from when. */
  providers?: Array<{
    name: string
    website: string | null
    mode: string
    startDate: string
    versionNumber: number
    /** The MSc programme it is delivered within, with the Centre's accreditation of it today. */
    programme: { title: string; accreditation: ProgrammeAccreditationStatus } | null
  }>
  /**
   * The framework capabilities its newest published version maps to, in the framework's
   * order, for its structured data (competencyRequired); empty when nothing is published.
   */
  competencies?: Array<{ code: string; label: string; pillar: string }>
}

export interface CatalogueFilters {
  area?: string | undefined
  status?: CredentialStatus | undefined
  type?: InterventionType | undefined
  q?: string | undefined
  page: number
  pageSize: number
}

export interface CataloguePage {
  items: CredentialSummary[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

export interface CatalogueService {
  listAreas(): Promise<ClinicalArea[]>
  search(filters: CatalogueFilters): Promise<CataloguePage>
  getCredential(slug: string): Promise<CredentialDetail | null>
  /** Records (or, with null, clears) where the Centre published a credential's specification. */
  setDocument(slug: string, document: { url: string; title: string } | null, actor: Actor): Promise<void>
}

/** A filter names something that does not exist, such as an unknown clinical area. */
export class UnknownFilterError extends Error {
  constructor(
    readonly field: 'area',
    readonly value: string,
  ) {
    super(`There is no clinical area "${value}"`)
  }
}

function toDue(season: string | null, year: number | null): Due | null {
  return season !== null && year !== null && isSeason(season) ? { season, year } : null
}

function toStatus(value: string): CredentialStatus {
  if (!isCredentialStatus(value)) throw new Error(`Unknown status in database: ${value}`)
  return value
}

function toType(value: string): InterventionType {
  if (!isInterventionType(value)) throw new Error(`Unknown intervention type in database: ${value}`)
  return value
}

const LISTED_DELIVERY_STATES = DELIVERY_STATES.filter(isListedDelivery)

/**
 * `referenceData` keeps the clinical areas in memory (src/services/reference-data.ts); without
 * it each call asks the database.
 */
export function createCatalogueService(
  db: Kysely<Database>,
  referenceData?: Pick<ReferenceData, 'areas'>,
  clock: Clock = systemClock,
): CatalogueService {
  const areas = () => referenceData?.areas() ?? areasRepo.listAreas(db)
  return {
    async listAreas() {
      const rows = await areas()
      return rows.map((a) => ({ slug: a.slug, name: a.name, note: a.note }))
    },

    async search(filters) {
      let areaId: number | undefined
      if (filters.area !== undefined) {
        const area = (await areas()).find((a) => a.slug === filters.area)
        if (!area) throw new UnknownFilterError('area', filters.area)
        areaId = area.id
      }
      const { rows, total } = await repo.searchCredentials(db, {
        areaId,
        status: filters.status,
        type: filters.type,
        terms: catalogueSearchTerms(filters.q),
        limit: filters.pageSize,
        offset: (filters.page - 1) * filters.pageSize,
      })
      return {
        items: rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          title: r.title,
          area: { slug: r.area_slug, name: r.area_name },
          type: toType(r.type),
          status: toStatus(r.status),
          due: toDue(r.due_season, r.due_year),
          level: r.level,
          origin: r.origin,
          ownerName: r.owner_name,
        })),
        total,
        page: filters.page,
        pageSize: filters.pageSize,
        pageCount: Math.max(1, Math.ceil(total / filters.pageSize)),
      }
    },

    async getCredential(slug) {
      const row = await findCredentialBySlug(db, slug)
      // Only what the catalogue lists has a public page.
      if (!row?.listed) return null
      const [events, published, deliveries, consultations, competencies] = await Promise.all([
        repo.listStatusEvents(db, row.id),
        listPublishedVersions(db, row.id),
        listApprovedDeliveries(db, row.id, LISTED_DELIVERY_STATES),
        listPublishedConsultationsOfCredential(db, row.id),
        listLatestMappedCapabilities(db, row.id),
      ])
      const accreditations = await accreditationsOfProgrammes(
        db,
        deliveries.flatMap((d) => (d.programme_id === null ? [] : [d.programme_id])),
      )
      return {
        id: row.id,
        slug: row.slug,
        title: row.title,
        area: { slug: row.area_slug, name: row.area_name, note: row.area_note },
        type: toType(row.type),
        status: toStatus(row.status),
        due: toDue(row.due_season, row.due_year),
        level: row.level,
        origin: row.origin,
        ownerName: row.owner_name,
        owner: row.owner_name ? { name: row.owner_name, url: row.owner_url } : null,
        summary: row.summary,
        notes: row.notes,
        updatedAt: row.updated_at,
        consultations: consultations.map((c) => ({
          number: c.number,
          title: c.title,
          opensOn: c.opens_on,
          closesOn: c.closes_on,
          versionNumber: c.version_number,
        })),
        timeline: events.map((e) => ({
          status: toStatus(e.status),
          due: toDue(e.due_season, e.due_year),
          reason: e.reason,
          source:
            e.snapshot_title !== null && e.snapshot_year !== null
              ? {
                  title: e.snapshot_title,
                  date: {
                    year: e.snapshot_year,
                    season: e.snapshot_season,
                    approximate: e.snapshot_approximate ?? false,
                  },
                }
              : null,
          recordedBy: e.recorded_by,
          recordedAt: e.recorded_at,
        })),
        document:
          row.document_url !== null && row.document_title !== null
            ? { url: row.document_url, title: row.document_title }
            : null,
        publishedVersions: published.map((v) => ({
          number: v.number,
          publishedAt: present(v.published_at, 'the publication time of a published version'),
          path: `/credentials/${encodeURIComponent(row.slug)}/specification/versions/${v.number}`,
        })),
        providers: deliveries.map((d) => ({
          name: d.name,
          website: d.website,
          mode: DELIVERY_MODE_LABELS[d.mode] ?? d.mode,
          startDate: d.start_date,
          versionNumber: d.version_number,
          programme:
            d.programme_id === null || d.programme_title === null
              ? null
              : {
                  title: d.programme_title,
                  accreditation: programmeAccreditationStatus(
                    accreditations.get(d.programme_id) ?? [],
                    declaredAccredited(d.programme_declared_status),
                    clock.today(),
                  ),
                },
        })),
        competencies: competencies.map((c) => ({ code: c.code, label: c.label, pillar: c.pillar_name })),
      }
    },

    async setDocument(slug, document, actor) {
      await db.transaction().execute(async (trx) => {
        const row = await findCredentialBySlug(trx, slug)
        if (!row?.listed) throw new NotFound()
        await setCredentialDocument(trx, row.id, document)
        await recordAudit(trx, actor, {
          action: document ? 'credential.document_set' : 'credential.document_cleared',
          entityType: 'credential',
          entityId: row.id,
          before: { url: row.document_url, title: row.document_title },
          after: document ?? { url: null, title: null },
        })
      })
    },
  }
}
