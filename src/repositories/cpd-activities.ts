// Practitioners' CPD activities, the framework capabilities each shows, and their evidence files.
import type { Db } from '../db/database.ts'
import { sql, type Insertable } from 'kysely'
import type { CpdActivityTable, CpdEvidenceTable } from '../db/schema.ts'

export function insertActivity(db: Db, row: Insertable<CpdActivityTable>) {
  return db.insertInto('cpd_activity').values(row).returning('id').executeTakeFirstOrThrow()
}

export async function setActivityCapabilities(db: Db, activityId: string, codes: readonly string[]) {
  await db.deleteFrom('cpd_capability').where('activity_id', '=', activityId).execute()
  if (codes.length)
    await db
      .insertInto('cpd_capability')
      .values(codes.map((capability_code) => ({ activity_id: activityId, capability_code })))
      .execute()
}

/**
 * Changes the practitioner's activity while it still has the row version its form was opened
 * with; false when it is not theirs or was changed since (a stale form).
 */
export async function updateActivity(
  db: Db,
  userId: string,
  id: string,
  rowVersion: number,
  values: Pick<
    Insertable<CpdActivityTable>,
    'title' | 'activity_date' | 'tenths_of_hours' | 'activity_type' | 'reflection'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('cpd_activity')
    .set({ ...values, row_version: sql`row_version + 1` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function insertEvidence(db: Db, row: Insertable<CpdEvidenceTable>) {
  await db.insertInto('cpd_evidence').values(row).execute()
}

export function activityOf(db: Db, userId: string, id: string) {
  return db
    .selectFrom('cpd_activity')
    .select(['id', 'title', 'activity_date', 'tenths_of_hours', 'activity_type', 'reflection', 'row_version'])
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function activitiesOf(db: Db, userId: string) {
  return db
    .selectFrom('cpd_activity')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('activity_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

export function capabilitiesOf(db: Db, userId: string) {
  return db
    .selectFrom('cpd_capability as cc')
    .innerJoin('cpd_activity as a', 'a.id', 'cc.activity_id')
    .select(['cc.activity_id', 'cc.capability_code', 'a.tenths_of_hours'])
    .where('a.user_id', '=', userId)
    .execute()
}

export async function capabilitiesOfActivity(db: Db, activityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cpd_capability')
    .select('capability_code')
    .where('activity_id', '=', activityId)
    .execute()
  return rows.map((r) => r.capability_code)
}

export function evidenceListOf(db: Db, userId: string) {
  return db
    .selectFrom('cpd_evidence as ev')
    .innerJoin('cpd_activity as a', 'a.id', 'ev.activity_id')
    .select(['ev.id', 'ev.activity_id', 'ev.filename', 'ev.content_type', 'ev.size_bytes', 'ev.sha256'])
    .where('a.user_id', '=', userId)
    .orderBy('ev.uploaded_at')
    .execute()
}

export function evidenceFile(db: Db, userId: string, id: string) {
  return db
    .selectFrom('cpd_evidence as ev')
    .innerJoin('cpd_activity as a', 'a.id', 'ev.activity_id')
    .select(['ev.filename', 'ev.content_type', 'ev.content'])
    .where('a.user_id', '=', userId)
    .where('ev.id', '=', id)
    .executeTakeFirst()
}

/** Every evidence file of the practitioner, with its bytes, for their data export. */
export function evidenceWithContent(db: Db, userId: string) {
  return db
    .selectFrom('cpd_evidence as ev')
    .innerJoin('cpd_activity as a', 'a.id', 'ev.activity_id')
    .select(['ev.id', 'ev.activity_id', 'ev.filename', 'ev.content_type', 'ev.content'])
    .where('a.user_id', '=', userId)
    .execute()
}

export async function deleteActivity(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('cpd_activity')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Every activity of the practitioner; their capabilities and evidence go with them (cascade). */
export async function deleteActivitiesOf(db: Db, userId: string) {
  await db.deleteFrom('cpd_activity').where('user_id', '=', userId).execute()
}
