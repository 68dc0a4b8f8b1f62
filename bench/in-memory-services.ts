// The baseline's services: the seed data held in memory, behind the same interfaces the app
// uses, so that the baseline renders the same routes and templates with no database at all.
// Everything is computed once at start-up; each call does only what a request must (filter,
// sort, slice, copy), which is the framework-and-template limit the benchmark compares with.
import { randomUUID } from 'node:crypto'
import { catalogueSearchTerms, foldSearchText } from '../src/domain/catalogue-search.ts'
import {
  isCredentialStatus,
  isInterventionType,
  parseDue,
  slugify,
  type CredentialStatus,
} from '../src/domain/catalogue.ts'
import {
  UnknownFilterError,
  type CatalogueService,
  type ClinicalArea,
  type CredentialDetail,
  type CredentialSummary,
} from '../src/services/catalogue.ts'
import {
  readSeedJson,
  SEED_ACTOR,
  snapshotDate,
  type SeedCatalogue,
  type SeedCriterion,
} from '../src/db/seed/seed.ts'
import type { HealthService } from '../src/services/health.ts'
import type { Services } from '../src/services/index.ts'
import type { CriteriaSet, CriterionKind, Pillar, ReferenceService } from '../src/services/reference.ts'
import { criteriaNotYetEntered } from '../src/domain/criteria.ts'
import { readInterventionTypes } from '../src/domain/reference-content.ts'
import { NotFound } from '../src/services/errors.ts'
import { systemClock } from '../src/domain/clock.ts'

/** A credential with the lower-cased text a search looks in, as the database's ILIKE would. */
interface Entry {
  detail: CredentialDetail
  haystack: string[]
}

function loadCatalogue(): { areas: ClinicalArea[]; entries: Entry[] } {
  const seed = readSeedJson<SeedCatalogue>('catalogue.json')
  const loadedAt = new Date()
  const areas: ClinicalArea[] = seed.areas.map((a) => ({
    slug: slugify(a.name),
    name: a.name,
    note: a.note ?? null,
  }))
  const areaByName = new Map(areas.map((a) => [a.name, a]))
  const snapshots = new Map(seed.snapshots.map((s) => [s.code, s]))

  const entries = seed.credentials.map((c): Entry => {
    const area = areaByName.get(c.area)
    if (!area) throw new Error(`Baseline: "${c.title}" names an unknown area "${c.area}"`)
    if (!isInterventionType(c.type)) throw new Error(`Baseline: "${c.title}" has an unknown type`)
    const timeline = c.history.map((h) => {
      if (!isCredentialStatus(h.status)) throw new Error(`Baseline: "${c.title}" has an unknown status`)
      const snapshot = snapshots.get(h.snapshot)
      return {
        status: h.status,
        due: h.due === undefined ? null : parseDue(h.due),
        reason: h.reason ?? null,
        source: snapshot ? { title: snapshot.title, date: snapshotDate(snapshot) } : null,
        recordedBy: SEED_ACTOR,
        recordedAt: loadedAt,
      }
    })
    const current = timeline.at(-1)
    if (!current) throw new Error(`Baseline: "${c.title}" has no history`)
    const detail: CredentialDetail = {
      id: randomUUID(),
      slug: c.slug ?? slugify(c.title),
      title: c.title,
      area,
      type: c.type,
      status: current.status,
      due: current.due,
      level: c.level,
      origin: c.origin ?? 'centre',
      owner: c.owner ? { name: c.owner.name, url: c.owner.url } : null,
      summary: c.summary ?? null,
      notes: c.notes ?? [],
      updatedAt: loadedAt,
      consultations: [],
      timeline,
    }
    const haystack = [c.title, area.name, c.owner?.name ?? '', JSON.stringify(c.notes ?? [])].map(
      foldSearchText,
    )
    return { detail, haystack }
  })
  // The order the database returns: by area name, then title.
  entries.sort(
    (a, b) =>
      a.detail.area.name.localeCompare(b.detail.area.name) || a.detail.title.localeCompare(b.detail.title),
  )
  return { areas, entries }
}

const summaryOf = (d: CredentialDetail): CredentialSummary => ({
  id: d.id,
  slug: d.slug,
  title: d.title,
  area: { slug: d.area.slug, name: d.area.name },
  type: d.type,
  status: d.status,
  due: d.due ? { ...d.due } : null,
  level: d.level,
  origin: d.origin,
})

export function createInMemoryCatalogueService(): CatalogueService {
  const { areas, entries } = loadCatalogue()
  const sortedAreas = [...areas].sort((a, b) => a.name.localeCompare(b.name))
  const bySlug = new Map(entries.map((e) => [e.detail.slug, e.detail]))

  return {
    async listAreas() {
      return sortedAreas.map((a) => ({ ...a }))
    },

    async search(filters) {
      let area: ClinicalArea | undefined
      if (filters.area !== undefined) {
        area = areas.find((a) => a.slug === filters.area)
        if (!area) throw new UnknownFilterError('area', filters.area)
      }
      const terms = catalogueSearchTerms(filters.q)
      const status: CredentialStatus | undefined = filters.status
      const matching = entries.filter(
        (e) =>
          (area === undefined || e.detail.area.slug === area.slug) &&
          (status === undefined || e.detail.status === status) &&
          (filters.type === undefined || e.detail.type === filters.type) &&
          terms.every((alternatives) =>
            alternatives.some((a) => e.haystack.some((text) => text.includes(a))),
          ),
      )
      const offset = (filters.page - 1) * filters.pageSize
      return {
        items: matching.slice(offset, offset + filters.pageSize).map((e) => summaryOf(e.detail)),
        total: matching.length,
        page: filters.page,
        pageSize: filters.pageSize,
        pageCount: Math.max(1, Math.ceil(matching.length / filters.pageSize)),
      }
    },

    async getCredential(slug) {
      const detail = bySlug.get(slug)
      if (!detail) return null
      return {
        ...summaryOf(detail),
        area: { ...detail.area },
        owner: detail.owner ? { ...detail.owner } : null,
        summary: detail.summary,
        notes: [...detail.notes],
        updatedAt: detail.updatedAt,
        consultations: detail.consultations.map((c) => ({ ...c })),
        timeline: detail.timeline.map((t) => ({ ...t, due: t.due ? { ...t.due } : null })),
      }
    },

    async setDocument() {
      throw new Error('The baseline is read-only: catalogue.setDocument() is not available')
    },
  }
}

export function createInMemoryReferenceService(): ReferenceService {
  const criteriaJson =
    readSeedJson<Record<'principles' | 'gateway' | 'endorsement', SeedCriterion[]>>('reference/criteria.json')
  const framework = readSeedJson<{
    professions: string[]
    pillars: Array<{ id: string; name: string; capabilities: Array<[string, string]> }>
  }>('reference/framework.json')
  const current = {
    version: 1,
    summary: 'The content the Centre published before it was edited here.',
    publishedByRole: 'The Centre',
    publishedAt: new Date('2026-11-23T00:00:00Z'),
  }
  const glossary = readSeedJson<Array<{ term: string; definition: string }>>('reference/glossary.json').sort(
    (a, b) => a.term.localeCompare(b.term),
  )
  const documents =
    readSeedJson<Array<{ slug: string; title: string; summary: string; href: string }>>('documents.json')
  const sets: Record<CriterionKind, SeedCriterion[]> = {
    principle: criteriaJson.principles,
    gateway: criteriaJson.gateway,
    endorsement: criteriaJson.endorsement,
    // The accreditation standards came by migration, not from the seed files: the benchmark's
    // pages do not show them.
    accreditation: [],
  }
  const pillars: Pillar[] = framework.pillars.map((p) => ({
    code: p.id,
    name: p.name,
    capabilities: p.capabilities.map(([code, label]) => ({ code, label })),
  }))

  return {
    async criteria(kind: CriterionKind): Promise<CriteriaSet> {
      return {
        kind,
        version: 1,
        criteria: sets[kind].map((c) => ({
          code: c.id,
          title: c.title ?? null,
          statement: c.statement,
          guidance: c.guidance ?? [],
          note: c.note ?? null,
          subcriteria: (c.subcriteria ?? []).map((s) => ({ code: s.id, statement: s.statement })),
        })),
        notYetEntered: criteriaNotYetEntered(sets[kind].map((c) => c.id)),
      }
    },
    async framework() {
      return { pillars, professions: framework.professions, current }
    },
    async glossary() {
      return { current, content: { terms: glossary } }
    },
    async documents() {
      return {
        current,
        content: { documents: documents.map((d) => ({ ...d, file: null, issuedOn: null, edition: null })) },
      }
    },
    async interventionTypes() {
      return {
        current,
        content: readInterventionTypes(readSeedJson<unknown>('reference/intervention-types.json')),
      }
    },
    async criteriaHistory() {
      return [{ version: 1, source: 'Centre reference data', createdAt: current.publishedAt }]
    },
    async criteriaVersion(kind, version) {
      if (version !== 1) throw new NotFound()
      return { set: await this.criteria(kind), diff: null }
    },
    async history() {
      return { versions: [current], total: 1 }
    },
    async versionDiff(_kind, version) {
      if (version !== 1) throw new NotFound()
      return { facts: current, diff: null }
    },
    async documentFile() {
      throw new NotFound()
    },
  }
}

/** Always healthy: there is nothing to reach. The kind is the one the measured server uses. */
export function createInMemoryHealthService(): HealthService {
  return {
    async check() {
      return { healthy: true, database: 'pglite' }
    },
  }
}

// Properties that code probes without meaning to call a service (promise checks, Fastify's
// decorator getters, serialisers): answered with undefined rather than with a trap.
const NOT_METHODS = new Set(['then', 'getter', 'setter', 'toJSON', 'constructor'])

/** A service the public pages never use: calling any of its methods throws. */
function unavailable(service: string): object {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string' || NOT_METHODS.has(property)) return undefined
        return () => {
          throw new Error(`The baseline has no database: ${service}.${property}() is not available`)
        }
      },
    },
  )
}

/**
 * The services the catalogue, credential and API pages use, in memory. Every other service
 * (authentication, sessions and whatever comes next) is a stand-in whose methods throw, so that a
 * measured page that reached for the database would answer 500 and show in the benchmark's
 * errors rather than be measured unfairly. Anonymous requests do not reach them.
 */
export function createInMemoryServices(): Services {
  const inMemory: Pick<Services, 'clock' | 'health' | 'catalogue' | 'reference'> = {
    clock: systemClock,
    health: createInMemoryHealthService(),
    catalogue: createInMemoryCatalogueService(),
    reference: createInMemoryReferenceService(),
  }
  const others = new Map<string, object>()
  return new Proxy(inMemory, {
    get(target, property) {
      if (property in target) return target[property as keyof typeof target]
      if (typeof property !== 'string' || NOT_METHODS.has(property)) return undefined
      if (!others.has(property)) others.set(property, unavailable(property))
      return others.get(property)
    },
  }) as Services
}
