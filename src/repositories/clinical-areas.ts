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

/** Each area's slug and name, in the order the catalogue lists them: for a form's choice of area. */
export function listAreaOptions(db: Db) {
  return db
    .selectFrom('clinical_area')
    .select(['slug', 'name'])
    .orderBy('sort_order')
    .orderBy('name')
    .execute()
}
