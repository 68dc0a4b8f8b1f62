// Issue 5 (being built): see the brief's part for this capability.
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AwardImportsService {}

export function createAwardImportsService(db: Kysely<Database>, config: Config): AwardImportsService {
  void db
  void config
  return {}
}
