// Organisations: the Centre, providers and other bodies.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { OrganisationKind } from '../domain/accounts.ts'
import { containsPattern } from '../domain/list-search.ts'

export function findCentre(db: Db) {
  return db.selectFrom('organisation').select(['id', 'name']).where('kind', '=', 'centre').executeTakeFirst()
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOrganisationByName(db: Db, name: string) {
  return db.selectFrom('organisation').selectAll().where('name', '=', name).executeTakeFirst()
}

/** Organisations other than the Centre called `name` whatever the case (names are unique as written). */
export function findOrganisationsNamed(db: Db, name: string) {
  return db
    .selectFrom('organisation')
    .selectAll()
    .where('kind', '<>', 'centre')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('name')
    .execute()
}

/** The first `limit` organisations other than the Centre, by name, whose names contain every word. */
export function findOrganisationsLike(db: Db, words: readonly string[], limit: number) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('kind', '<>', 'centre')
    .where((eb) => eb.and(words.map((word) => eb('name', 'ilike', containsPattern(word)))))
    .orderBy('name')
    .limit(limit)
    .execute()
}

export function insertOrganisation(db: Db, organisation: { name: string; kind: OrganisationKind }) {
  return db.insertInto('organisation').values(organisation).returningAll().executeTakeFirstOrThrow()
}
