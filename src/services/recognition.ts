import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Database } from '../db/schema.ts'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue work
export interface RecognitionService {}

export function createRecognitionService(db: Kysely<Database>, config: Config): RecognitionService {
  void db
  void config
  return {}
}
