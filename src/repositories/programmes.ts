// Programmes: a provider's accredited advanced-practice MSc programmes. Plain queries; the
// service holds the rules.
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ProgrammeTable } from '../db/schema.ts'

/** The organisation's programmes, by title. */
export function listProgrammes(db: Db, organisationId: string) {
  return db
    .selectFrom('programme')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('title')
    .execute()
}

/** A programme, only if it is the organisation's. */
export function findProgramme(db: Db, organisationId: string, id: string) {
  return db
    .selectFrom('programme')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
}

export function findProgrammeByTitle(db: Db, organisationId: string, title: string) {
  return db
    .selectFrom('programme')
    .select(['id'])
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(title)`, '=', title.toLowerCase())
    .executeTakeFirst()
}

export function insertProgramme(db: Db, values: Insertable<ProgrammeTable>) {
  return db.insertInto('programme').values(values).returning('id').executeTakeFirstOrThrow()
}

/** Updates only when the row version still matches; undefined when someone changed it first. */
export function updateProgramme(db: Db, id: string, rowVersion: number, values: Updateable<ProgrammeTable>) {
  return db
    .updateTable('programme')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning('id')
    .executeTakeFirst()
}

/** Locks a programme's row for the rest of the transaction (one application at a time). */
export function lockProgramme(db: Db, id: string) {
  return db.selectFrom('programme').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
}
