// The consolidated report of a version's independent review: one a version, drafted, edited
// and signed off by Centre admins.
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ConsolidatedReportTable } from '../db/schema.ts'

export function findReportOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom('consolidated_report as r')
    .innerJoin('user_account as d', 'd.id', 'r.drafted_by')
    .leftJoin('user_account as s', 's.id', 'r.signed_off_by')
    .select([
      'r.id',
      'r.version_id',
      'r.content',
      'r.drafted_at',
      'r.signed_off_at',
      'r.row_version',
      'r.updated_at',
      'd.display_name as drafted_by_name',
      's.display_name as signed_off_by_name',
    ])
    .where('r.version_id', '=', versionId)
    .executeTakeFirst()
}

export function insertReport(db: Db, row: Insertable<ConsolidatedReportTable>) {
  return db.insertInto('consolidated_report').values(row).returning(['id']).executeTakeFirstOrThrow()
}

/** Applies changes if the report is still at `rowVersion`; undefined when it is not. */
export function updateReport(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ConsolidatedReportTable>, 'id' | 'version_id' | 'row_version'>,
) {
  return db
    .updateTable('consolidated_report')
    .set((eb) => ({ ...changes, updated_at: new Date(), row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returning(['id', 'row_version'])
    .executeTakeFirst()
}
