// Clinical areas: the catalogue's grouping of credentials.
import type { Db } from '../db/database.ts'

export function listAreas(db: Db) {
  return db.selectFrom('clinical_area').selectAll().orderBy('name').execute()
}

export function findAreaById(db: Db, id: number) {
  return db.selectFrom('clinical_area').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findAreaBySlug(db: Db, slug: string) {
  return db.selectFrom('clinical_area').selectAll().where('slug', '=', slug).executeTakeFirst()
}
