// Consultations: created and edited as drafts by Centre admins, then published. Updates carry
// the row version the person saw; none matches when someone else changed it first, and the
// caller says so. A change to a draft's questions bumps the consultation's row version too, so
// that one version number guards the whole draft.
import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ConsultationTable } from '../db/schema.ts'
import { CONSULTABLE_VERSION_STATES, type ConsultationPhase } from '../domain/consultations.ts'

export function insertConsultation(db: Db, consultation: Insertable<ConsultationTable>) {
  return db.insertInto('consultation').values(consultation).returningAll().executeTakeFirstOrThrow()
}

/** A consultation with the names a page shows beside it (credential, version, area). */
function withNames(db: Db) {
  return db
    .selectFrom('consultation as k')
    .leftJoin('specification_version as v', 'v.id', 'k.specification_version_id')
    .leftJoin('credential as c', 'c.id', 'k.credential_id')
    .leftJoin('clinical_area as a', 'a.id', 'k.clinical_area_id')
    .selectAll('k')
    .select([
      'v.number as version_number',
      'v.content as version_content',
      'v.state as version_state',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'a.name as area_name',
    ])
}

export function findConsultationByNumber(db: Db, number: number) {
  return withNames(db).where('k.number', '=', number).executeTakeFirst()
}

export function findConsultationById(db: Db, id: string) {
  return withNames(db).where('k.id', '=', id).executeTakeFirst()
}

/** The same row, locked until the end of the transaction (responding, publishing). */
export function lockConsultation(db: Db, id: string) {
  return db.selectFrom('consultation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/**
 * Applies changes if the consultation is still at `rowVersion`, bumping it; returns the new row,
 * or undefined when it changed since the person opened it.
 */
export function updateConsultation(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Omit<Updateable<ConsultationTable>, 'id' | 'row_version' | 'number'>,
  at: Date,
) {
  return db
    .updateTable('consultation')
    .set((eb) => ({ ...changes, updated_at: at, row_version: eb('row_version', '+', 1) }))
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .returningAll()
    .executeTakeFirst()
}

export interface ConsultationListFilter {
  /** Published consultations only (the public list), or drafts too (the Centre's). */
  publishedOnly: boolean
  /** London today, for the phase filter. */
  today: string
  phase?: ConsultationPhase
}

/** The phase filter in SQL: the same rule as consultationPhase, on London days. */
function filtered(db: Db, filter: ConsultationListFilter) {
  let query = db.selectFrom('consultation as k')
  if (filter.publishedOnly) query = query.where('k.state', '=', 'published')
  const { today } = filter
  switch (filter.phase) {
    case 'draft':
      return query.where('k.state', '=', 'draft')
    case 'upcoming':
      return query
        .where('k.state', '=', 'published')
        .where('k.outcome_published_at', 'is', null)
        .where('k.opens_on', '>', today)
    case 'open':
      return query
        .where('k.state', '=', 'published')
        .where('k.outcome_published_at', 'is', null)
        .where('k.opens_on', '<=', today)
        .where('k.closes_on', '>=', today)
    case 'closed':
      return query
        .where('k.state', '=', 'published')
        .where('k.outcome_published_at', 'is', null)
        .where('k.closes_on', '<', today)
    case 'outcome_published':
      return query.where('k.outcome_published_at', 'is not', null)
    default:
      return query
  }
}

/**
 * A page of consultations: open ones first (closing soonest first), then those opening soon,
 * then the rest, latest closing first.
 */
export function listConsultations(db: Db, filter: ConsultationListFilter, limit: number, offset: number) {
  const { today } = filter
  return filtered(db, filter)
    .leftJoin('credential as c', 'c.id', 'k.credential_id')
    .selectAll('k')
    .select(['c.title as credential_title'])
    .orderBy(
      (eb) =>
        eb
          .case()
          .when(
            eb.and([
              eb('k.state', '=', 'published'),
              eb('k.outcome_published_at', 'is', null),
              eb('k.opens_on', '<=', today),
              eb('k.closes_on', '>=', today),
            ]),
          )
          .then(0)
          .when(eb.and([eb('k.state', '=', 'published'), eb('k.opens_on', '>', today)]))
          .then(1)
          .else(2)
          .end(),
      'asc',
    )
    .orderBy((eb) => eb.case().when('k.closes_on', '>=', today).then(eb.ref('k.closes_on')).end(), 'asc')
    .orderBy('k.closes_on', 'desc')
    .orderBy('k.number', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countConsultations(db: Db, filter: ConsultationListFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Specification versions not yet decided, which a consultation may be about, by credential. */
export function listConsultableVersions(db: Db) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select(['v.id', 'v.number', 'v.state', 'c.id as credential_id', 'c.title', 'c.clinical_area_id'])
    .where('v.kind', '=', 'specification')
    .where('v.state', 'in', [...CONSULTABLE_VERSION_STATES])
    .orderBy('c.title')
    .orderBy('v.number', 'desc')
    .execute()
}

export function findConsultableVersion(db: Db, id: string) {
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .select(['v.id', 'v.number', 'v.state', 'c.id as credential_id', 'c.title', 'c.clinical_area_id'])
    .where('v.id', '=', id)
    .where('v.kind', '=', 'specification')
    .where('v.state', 'in', [...CONSULTABLE_VERSION_STATES])
    .executeTakeFirst()
}

/**
 * The first published consultation about a specification version, if any: once one is
 * published, the version is what people were asked about, and it no longer changes.
 */
export function findPublishedConsultationOfVersion(db: Db, versionId: string) {
  return db
    .selectFrom('consultation')
    .select(['number', 'title'])
    .where('specification_version_id', '=', versionId)
    .where('state', '=', 'published')
    .orderBy('number')
    .limit(1)
    .executeTakeFirst()
}

/** The published consultations about a credential, latest opening first: for its public page. */
export function listPublishedConsultationsOfCredential(db: Db, credentialId: string) {
  return db
    .selectFrom('consultation as k')
    .leftJoin('specification_version as v', 'v.id', 'k.specification_version_id')
    .select(['k.number', 'k.title', 'k.opens_on', 'k.closes_on', 'v.number as version_number'])
    .where('k.credential_id', '=', credentialId)
    .where('k.state', '=', 'published')
    .orderBy('k.opens_on', 'desc')
    .orderBy('k.number', 'desc')
    .execute()
}

// Reading responses and publishing the outcome (src/services/consultation-outcomes.ts).

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
