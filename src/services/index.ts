import type { DatabaseHandle } from '../db/database.ts'
import { createCatalogueService, type CatalogueService } from './catalogue.ts'
import { createHealthService, type HealthService } from './health.ts'
import { createReferenceService, type ReferenceService } from './reference.ts'

export interface Services {
  health: HealthService
  catalogue: CatalogueService
  reference: ReferenceService
}

export function createServices(database: DatabaseHandle): Services {
  return {
    health: createHealthService(database.db, database.kind),
    catalogue: createCatalogueService(database.db),
    reference: createReferenceService(database.db),
  }
}
