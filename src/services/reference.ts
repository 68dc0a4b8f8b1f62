import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { criteriaEntries, criteriaNotYetEntered, type CriterionKind } from '../domain/criteria.ts'
import {
  diffEntries,
  entriesOf,
  readDocuments,
  readGlossary,
  readInterventionTypes,
  type DocumentsContent,
  type GlossaryContent,
  type InterventionTypesContent,
  type ReferenceDiff,
  type ReferenceKind,
} from '../domain/reference-content.ts'
import { NotFound } from './errors.ts'
import * as repo from '../repositories/reference.ts'
import { listProfessionNames } from '../repositories/professions.ts'

export type { CriterionKind }

export interface Criterion {
  code: string
  title: string | null
  statement: string
  guidance: string[]
  note: string | null
  subcriteria: Array<{ code: string; statement: string }>
}

export interface CriteriaSet {
  kind: CriterionKind
  version: number | null
  criteria: Criterion[]
  /** Main criteria this version numbers past without holding (only E4 entered: E1 to E3). */
  notYetEntered: string[]
}

export interface Pillar {
  code: string
  name: string
  capabilities: Array<{ code: string; label: string }>
}

/** Who published a version and when, as the public history shows them. */
export interface VersionFacts {
  version: number
  summary: string
  publishedByRole: string
  publishedAt: Date
}

export interface ReferenceService {
  criteria(kind: CriterionKind): Promise<CriteriaSet>
  /** Every version of a kind of criteria, newest first. */
  criteriaHistory(kind: CriterionKind): Promise<Array<{ version: number; source: string; createdAt: Date }>>
  /** One version of a kind of criteria with what changed from the one before; NotFound if none. */
  criteriaVersion(
    kind: CriterionKind,
    version: number,
  ): Promise<{ set: CriteriaSet; diff: ReferenceDiff | null }>
  framework(): Promise<{ pillars: Pillar[]; professions: string[]; current: VersionFacts | null }>
  glossary(): Promise<{ current: VersionFacts | null; content: GlossaryContent }>
  documents(): Promise<{ current: VersionFacts | null; content: DocumentsContent }>
  interventionTypes(): Promise<{ current: VersionFacts | null; content: InterventionTypesContent }>
  /** One page of a kind's versions, newest first. */
  history(kind: ReferenceKind, page: number): Promise<{ versions: VersionFacts[]; total: number }>
  /** A version with what changed from the one before (none before version 1); NotFound if none. */
  versionDiff(
    kind: ReferenceKind,
    version: number,
  ): Promise<{ facts: VersionFacts; diff: ReferenceDiff | null }>
  /** A published document file; NotFound if no published version names it. */
  documentFile(id: string): Promise<{ filename: string; contentType: string; content: Buffer }>
}

export const HISTORY_PAGE_SIZE = 25
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const factsOf = (row: {
  version: number
  summary: string
  published_by_role: string
  published_at: Date
}): VersionFacts => ({
  version: row.version,
  summary: row.summary,
  publishedByRole: row.published_by_role,
  publishedAt: row.published_at,
})

type CriterionRow = Awaited<ReturnType<typeof repo.listLatestCriteria>>[number]

function criteriaSetOf(kind: CriterionKind, rows: CriterionRow[]): CriteriaSet {
  const criteria: Criterion[] = rows
    .filter((r) => r.parent_code === null)
    .map((r) => ({
      code: r.code,
      title: r.title,
      statement: r.statement,
      guidance: r.guidance,
      note: r.note,
      subcriteria: rows
        .filter((s) => s.parent_code === r.code)
        .map((s) => ({ code: s.code, statement: s.statement })),
    }))
  return {
    kind,
    version: rows[0]?.version ?? null,
    criteria,
    notYetEntered: criteriaNotYetEntered(criteria.map((c) => c.code)),
  }
}

const draftsOf = (rows: CriterionRow[]) =>
  rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    title: r.title,
    statement: r.statement,
    guidance: r.guidance,
    note: r.note,
  }))

export function createReferenceService(db: Kysely<Database>): ReferenceService {
  return {
    async criteria(kind) {
      return criteriaSetOf(kind, await repo.listLatestCriteria(db, kind))
    },

    async criteriaHistory(kind) {
      const rows = await repo.listCriteriaVersions(db, kind)
      return rows.map((r) => ({ version: r.version, source: r.source, createdAt: r.created_at }))
    },

    async criteriaVersion(kind, version) {
      const rows = await repo.listCriteriaOfVersion(db, kind, version)
      if (!rows.length) throw new NotFound()
      const before = version > 1 ? await repo.listCriteriaOfVersion(db, kind, version - 1) : []
      return {
        set: criteriaSetOf(kind, rows),
        diff:
          version > 1
            ? diffEntries(criteriaEntries(draftsOf(before)), criteriaEntries(draftsOf(rows)))
            : null,
      }
    },

    async framework() {
      const [pillars, capabilities, professions, latest] = await Promise.all([
        repo.listPillars(db),
        repo.listCapabilities(db),
        listProfessionNames(db),
        repo.latestReferenceVersion(db, 'framework'),
      ])
      return {
        current: latest ? factsOf(latest) : null,
        pillars: pillars.map((p) => ({
          code: p.code,
          name: p.name,
          capabilities: capabilities
            .filter((c) => c.pillar_code === p.code)
            .map((c) => ({ code: c.code, label: c.label })),
        })),
        professions,
      }
    },

    async glossary() {
      const latest = await repo.latestReferenceVersion(db, 'glossary')
      const content = readGlossary(latest?.content)
      // Case-insensitive, so that "CPD portfolio" files under C.
      content.terms.sort((a, b) => a.term.toLowerCase().localeCompare(b.term.toLowerCase()))
      return { current: latest ? factsOf(latest) : null, content }
    },

    async documents() {
      const latest = await repo.latestReferenceVersion(db, 'documents')
      return { current: latest ? factsOf(latest) : null, content: readDocuments(latest?.content) }
    },

    async interventionTypes() {
      const latest = await repo.latestReferenceVersion(db, 'intervention_types')
      return { current: latest ? factsOf(latest) : null, content: readInterventionTypes(latest?.content) }
    },

    async history(kind, page) {
      const [rows, total] = await Promise.all([
        repo.listReferenceVersions(db, kind, {
          limit: HISTORY_PAGE_SIZE,
          offset: (Math.max(page, 1) - 1) * HISTORY_PAGE_SIZE,
        }),
        repo.countReferenceVersions(db, kind),
      ])
      return { versions: rows.map(factsOf), total }
    },

    async versionDiff(kind, version) {
      const row = await repo.findReferenceVersion(db, kind, version)
      if (!row) throw new NotFound()
      const before = version > 1 ? await repo.findReferenceVersion(db, kind, version - 1) : undefined
      return {
        facts: factsOf(row),
        diff: before ? diffEntries(entriesOf(kind, before.content), entriesOf(kind, row.content)) : null,
      }
    },

    async documentFile(id) {
      const file = UUID.test(id) ? await repo.findPublishedReferenceFile(db, id) : undefined
      if (!file) throw new NotFound()
      return { filename: file.filename, contentType: file.content_type, content: Buffer.from(file.content) }
    },
  }
}
