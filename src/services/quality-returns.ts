// Issue 5 (being built): see the brief's part for this capability.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface QualityReturnsService {}

export function createQualityReturnsService(db: Kysely<Database>, config: Config): QualityReturnsService {
  void db
  void config
  return {}
}
