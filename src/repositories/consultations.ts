// Consultations: reading one with what it concerns, and recording its published outcome.
import type { Db } from '../db/database.ts'

/** One consultation by its number, with its credential, area and consulted version. */
export function findConsultationByNumber(db: Db, number: number) {
  return db
    .selectFrom('consultation as c')
    .leftJoin('credential as cr', 'cr.id', 'c.credential_id')
    .leftJoin('specification_version as v', 'v.id', 'c.specification_version_id')
    .leftJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select(['cr.slug as credential_slug', 'cr.title as credential_title', 'v.number as version_number'])
    .select('a.name as area_name')
    .where('c.number', '=', number)
    .executeTakeFirst()
}

export function findConsultationById(db: Db, id: string) {
  return db
    .selectFrom('consultation as c')
    .leftJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select('a.name as area_name')
    .where('c.id', '=', id)
    .executeTakeFirst()
}

/** Records the outcome as published; false when the row changed since it was read. */
export async function markOutcomePublished(
  db: Db,
  id: string,
  rowVersion: number,
  values: { summary: string; at: Date; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('consultation')
    .set((eb) => ({
      outcome_summary: values.summary,
      outcome_published_at: values.at,
      outcome_published_by: values.by,
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .where('outcome_published_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * The learning outcomes of a credential's specification version that changed because of a
 * published consultation's themes, with the consultation.
 */
export function consultationsChangingVersion(db: Db, credentialSlug: string, versionNumber: number) {
  return db
    .selectFrom('consultation_theme_change as ch')
    .innerJoin('specification_version as v', 'v.id', 'ch.specification_version_id')
    .innerJoin('credential as cr', 'cr.id', 'v.credential_id')
    .innerJoin('consultation_theme as t', 't.id', 'ch.theme_id')
    .innerJoin('consultation as c', 'c.id', 't.consultation_id')
    .select(['ch.outcome_code', 'c.number', 'c.title'])
    .where('cr.slug', '=', credentialSlug)
    .where('v.number', '=', versionNumber)
    .where('c.outcome_published_at', 'is not', null)
    .orderBy('ch.outcome_code')
    .orderBy('c.number')
    .execute()
}
