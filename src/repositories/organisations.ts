// Organisations: the Centre, providers and other bodies.
import type { Db } from '../db/database.ts'

export function findCentre(db: Db) {
  return db.selectFrom('organisation').select(['id', 'name']).where('kind', '=', 'centre').executeTakeFirst()
}
