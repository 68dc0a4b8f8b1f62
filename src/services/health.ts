import type { Kysely } from 'kysely'
import { ping, type DatabaseKind } from '../db/database.ts'
import type { Database } from '../db/schema.ts'

export interface HealthReport {
  healthy: boolean
  database: DatabaseKind
}

export interface HealthService {
  check(): Promise<HealthReport>
}

export function createHealthService(db: Kysely<Database>, kind: DatabaseKind): HealthService {
  return {
    async check() {
      try {
        await ping(db)
        return { healthy: true, database: kind }
      } catch {
        return { healthy: false, database: kind }
      }
    },
  }
}
