// Specification versions, shared by drafting, review, publication, periodic review,
// recognition and the deliveries of published versions. Updates carry the row version the person saw: none matches when someone
// else changed the version first, and the caller says so.
import type { Db } from '../db/database.ts'
import type { Insertable, Updateable } from 'kysely'
import type { SpecificationVersionTable } from '../db/schema.ts'

export function insertVersion(db: Db, version: Insertable<SpecificationVersionTable>) {
  return db.insertInto('specification_version').values(version).returningAll().executeTakeFirstOrThrow()
}

export async function nextVersionNumber(db: Db, credentialId: string): Promise<number> {
  const row = await db
    .selectFrom('specification_version')
    .select((eb) => eb.fn.max('number').as('last'))
    .where('credential_id', '=', credentialId)
    .executeTakeFirst()
  return Number(row?.last ?? 0) + 1
}

export function findVersion(db: Db, credentialId: string, number: number) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('number', '=', number)
    .executeTakeFirst()
}

export function findVersionById(db: Db, id: string) {
  return db.selectFrom('specification_version').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listVersions(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .orderBy('number')
    .execute()
}

/** The version being written or reviewed, if there is one (at most one, by a unique index). */
export function findOpenVersion(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('state', 'in', ['draft', 'submitted', 'under_review'])
    .executeTakeFirst()
}

export function findLatestPublished(db: Db, credentialId: string) {
  return db
    .selectFrom('specification_version')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .where('state', 'in', ['published', 'superseded', 'withdrawn'])
    .where('published_at', 'is not', null)
    .orderBy('number', 'desc')
    .executeTakeFirst()
}

/**
 * Every published version of a listed credential, newest first within each credential: what
 * a provider may apply to deliver.
 */
export function listDeliverableVersions(db: Db) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select(['v.id as version_id', 'v.number', 'c.id as credential_id', 'c.title', 'c.slug'])
    .where('v.state', '=', 'published')
    .where('v.kind', '=', 'specification')
    .where('c.listed', '=', true)
    .orderBy('c.title')
    .orderBy('v.number', 'desc')
    .execute()
}

/**
 * Applies changes if the version is still at `rowVersion`, bumping it; returns the new row,
 * or undefined when the version changed since the person opened it.
 */
export function updateVersion(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<SpecificationVersionTable>, 'id' | 'row_version'>,
) {
  return db
    .updateTable('specification_version')
    .set((eb) => ({ ...changes, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}
