import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { criteriaNotYetEntered, type CriterionKind } from '../domain/criteria.ts'
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

export interface ReferenceService {
  criteria(kind: CriterionKind): Promise<CriteriaSet>
  framework(): Promise<{ pillars: Pillar[]; professions: string[] }>
  glossary(): Promise<Array<{ term: string; definition: string }>>
  documents(): Promise<Array<{ slug: string; title: string; summary: string; href: string }>>
}

export function createReferenceService(db: Kysely<Database>): ReferenceService {
  return {
    async criteria(kind) {
      const rows = await repo.listLatestCriteria(db, kind)
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
    },

    async framework() {
      const [pillars, capabilities, professions] = await Promise.all([
        repo.listPillars(db),
        repo.listCapabilities(db),
        listProfessionNames(db),
      ])
      return {
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

    glossary: () => repo.listGlossary(db),
    documents: () => repo.listDocuments(db),
  }
}
