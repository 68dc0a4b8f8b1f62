// Row types as the database holds them (snake_case). Services map them to domain types.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
// JSON columns with a database default may be left out of an insert.
type Json<T> = ColumnType<T, string | undefined, string>

export interface ClinicalAreaTable {
  id: GeneratedAlways<number>
  slug: string
  name: string
  note: string | null
  sort_order: Generated<number>
}

export interface CatalogueSnapshotTable {
  code: string
  title: string
  observed: string
  sort_order: number
}

export interface CredentialTable {
  id: Generated<string>
  slug: string
  title: string
  clinical_area_id: number
  type: string
  status: string
  due_season: string | null
  due_year: number | null
  level: number | null
  origin: string
  owner_name: string | null
  owner_url: string | null
  summary: string | null
  notes: Json<string[]>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CredentialStatusEventTable {
  id: GeneratedAlways<number>
  credential_id: string
  status: string
  due_season: string | null
  due_year: number | null
  snapshot_code: string | null
  reason: string | null
  recorded_by: string
  recorded_at: Timestamp
}

export interface CriterionSetTable {
  id: GeneratedAlways<number>
  kind: string
  version: number
  source: string
  created_at: Timestamp
}

export interface CriterionTable {
  id: GeneratedAlways<number>
  criterion_set_id: number
  code: string
  parent_code: string | null
  title: string | null
  statement: string
  guidance: Json<string[]>
  note: string | null
  sort_order: number
}

export interface FrameworkPillarTable {
  code: string
  name: string
  sort_order: number
}

export interface FrameworkCapabilityTable {
  code: string
  pillar_code: string
  label: string
  sort_order: number
}

export interface ProfessionTable {
  name: string
  sort_order: number
}

export interface GlossaryTermTable {
  id: GeneratedAlways<number>
  term: string
  definition: string
  updated_at: Timestamp
}

export interface DocumentTable {
  id: GeneratedAlways<number>
  slug: string
  title: string
  summary: string
  href: string
  sort_order: number
}

export interface Database {
  clinical_area: ClinicalAreaTable
  catalogue_snapshot: CatalogueSnapshotTable
  credential: CredentialTable
  credential_status_event: CredentialStatusEventTable
  criterion_set: CriterionSetTable
  criterion: CriterionTable
  framework_pillar: FrameworkPillarTable
  framework_capability: FrameworkCapabilityTable
  profession: ProfessionTable
  glossary_term: GlossaryTermTable
  document: DocumentTable
}
