// Learners on a delivery, the evidence of their eligibility, and the awards made to them, as
// providers, their holders, the directory and the employer check read them.
import type { Db } from '../db/database.ts'
import { sql, type Insertable, type Updateable } from 'kysely'
import type { AwardTable, EvidenceFileTable, LearnerTable } from '../db/schema.ts'
import type { AwardStatus, AwardStatusReason } from '../domain/providers.ts'

const learnerColumns = [
  'l.id',
  'l.delivery_id',
  'l.organisation_id',
  'l.given_name',
  'l.family_name',
  'l.email',
  'l.profession',
  'l.regulator',
  'l.registration_number',
  'l.eligibility_basis',
  'l.eligibility_programme_id',
  'l.msc_institution',
  'l.msc_year',
  'l.equivalence_file_id',
  'l.row_version',
  'a.id as award_id',
  'a.status as award_status',
  'a.awarded_on',
] as const

export function findLearner(db: Db, id: string) {
  return db
    .selectFrom('learner as l')
    .leftJoin('award as a', 'a.learner_id', 'l.id')
    .select(learnerColumns)
    .where('l.id', '=', id)
    .executeTakeFirst()
}

export function learnerWithEmailOnDelivery(db: Db, deliveryId: string, email: string) {
  return db
    .selectFrom('learner')
    .select('id')
    .where('delivery_id', '=', deliveryId)
    .where('email', '=', email)
    .executeTakeFirst()
}

export function insertLearner(db: Db, learner: Insertable<LearnerTable>) {
  return db.insertInto('learner').values(learner).returning('id').executeTakeFirstOrThrow()
}

/** Changes a learner if nobody else has since the form was opened; false when stale. */
export async function updateLearner(
  db: Db,
  id: string,
  rowVersion: number,
  changes: Updateable<LearnerTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('learner')
    .set({ ...changes, row_version: sql`row_version + 1` })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export function insertEvidenceFile(db: Db, file: Insertable<EvidenceFileTable>) {
  return db.insertInto('evidence_file').values(file).returning('id').executeTakeFirstOrThrow()
}

export function findEvidenceFile(db: Db, id: string) {
  return db
    .selectFrom('evidence_file')
    .select(['id', 'organisation_id', 'filename', 'content_type', 'size_bytes', 'content'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function evidenceFileSummary(db: Db, id: string) {
  return db
    .selectFrom('evidence_file')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'uploaded_at'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A verified account with this e-mail: the practitioner an award belongs to. */
export async function verifiedAccountWithEmail(db: Db, email: string): Promise<string | null> {
  const row = await db
    .selectFrom('user_account')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('email_verified_at', 'is not', null)
    .executeTakeFirst()
  return row?.id ?? null
}

export function insertAward(db: Db, award: Insertable<AwardTable>) {
  return db.insertInto('award').values(award).returning('id').executeTakeFirstOrThrow()
}

function awardQuery(db: Db) {
  return db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .select([
      'a.id',
      'a.learner_id',
      'a.delivery_id',
      'a.organisation_id',
      'a.awarded_on',
      'a.status',
      'a.status_reason',
      'a.status_reason_category',
      'a.status_changed_at',
      'a.practitioner_id',
      'a.row_version',
      'a.created_at',
      'l.given_name',
      'l.family_name',
      'l.email',
      'l.eligibility_basis',
      'l.equivalence_file_id',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
    ])
}

export function listAwards(
  db: Db,
  filter: { organisationIds: readonly string[] | 'all'; status?: AwardStatus; practitionerId?: string },
) {
  let query = awardQuery(db)
  if (filter.organisationIds !== 'all') {
    if (!filter.organisationIds.length) return Promise.resolve([])
    query = query.where('a.organisation_id', 'in', filter.organisationIds)
  }
  if (filter.status) query = query.where('a.status', '=', filter.status)
  if (filter.practitionerId) query = query.where('a.practitioner_id', '=', filter.practitionerId)
  return query.orderBy('a.awarded_on', 'desc').orderBy('a.created_at', 'desc').limit(500).execute()
}

export function findAward(db: Db, id: string) {
  return awardQuery(db).where('a.id', '=', id).executeTakeFirst()
}

export async function updateAwardStatus(
  db: Db,
  id: string,
  rowVersion: number,
  changes: {
    status: AwardStatus
    reason: string
    reasonCategory: AwardStatusReason | null
    changedBy: string
    changedAt: Date
  },
): Promise<boolean> {
  const result = await db
    .updateTable('award')
    .set({
      status: changes.status,
      status_reason: changes.reason,
      status_reason_category: changes.reasonCategory,
      status_changed_by: changes.changedBy,
      status_changed_at: changes.changedAt,
      row_version: sql`row_version + 1`,
    })
    .where('id', '=', id)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Gives a verified account every award made to a learner with its e-mail that belongs to no
 * one yet. Returns how many it linked.
 */
export async function linkAwardsToAccount(db: Db, userId: string): Promise<number> {
  const result = await db
    .updateTable('award')
    .set({ practitioner_id: userId })
    .where('practitioner_id', 'is', null)
    .where((eb) =>
      eb(
        'learner_id',
        'in',
        eb
          .selectFrom('learner as l')
          .innerJoin('user_account as u', (join) => join.on(sql`lower(u.email)`, '=', sql.ref('l.email')))
          .select('l.id')
          .where('u.id', '=', userId)
          .where('u.email_verified_at', 'is not', null),
      ),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Awards with their credential, clinical area and provider, as the portfolio and directory show them. */
function awardsWithCredential(db: Db) {
  return db
    .selectFrom('award as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .innerJoin('clinical_area as ca', 'ca.id', 'c.clinical_area_id')
    .select([
      'a.id',
      'a.awarded_on',
      'a.status',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'ca.name as area_name',
    ])
}

/** A practitioner's awards, with what their portfolio shows. */
export function awardsOfPractitioner(db: Db, userId: string) {
  return awardsWithCredential(db)
    .where('a.practitioner_id', '=', userId)
    .orderBy('a.awarded_on', 'desc')
    .execute()
}

/**
 * A practitioner's awards with the content of the specification version each was made under,
 * for the capabilities the award shows.
 */
export function awardSpecificationsOfPractitioner(db: Db, userId: string) {
  return db
    .selectFrom('award as a')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .innerJoin('specification_version as v', 'v.id', 'a.specification_version_id')
    .select(['a.id', 'a.status', 'c.title as credential_title', 'v.kind', 'v.content'])
    .where('a.practitioner_id', '=', userId)
    .orderBy('a.awarded_on', 'desc')
    .execute()
}

/**
 * The awards each listed entry shows: chosen by the practitioner, still theirs, and active
 * now (a suspended or revoked award leaves the directory the moment its status changes).
 */
export function publicAwards(db: Db, userIds: readonly string[]) {
  if (!userIds.length) return Promise.resolve([])
  return awardsWithCredential(db)
    .innerJoin('directory_credential as dc', 'dc.award_id', 'a.id')
    .innerJoin('directory_entry as e', 'e.user_id', 'dc.user_id')
    .select('dc.user_id')
    .where('dc.user_id', 'in', userIds)
    .where('e.listed', '=', true)
    .whereRef('a.practitioner_id', '=', 'dc.user_id')
    .where('a.status', '=', 'active')
    .orderBy('a.awarded_on', 'desc')
    .execute()
}

/**
 * Awards held by someone with this registration number, for the employer check: from the
 * providers' learner records (every award has one) and from practitioners' profiles (awards
 * linked to their account). The caller compares surnames.
 */
export async function awardsByRegistration(db: Db, registrationNumber: string) {
  const select = [
    'a.id as award_id',
    'a.awarded_on',
    'a.status',
    'o.name as organisation_name',
    'c.title as credential_title',
  ] as const
  const [fromLearners, fromProfiles] = await Promise.all([
    db
      .selectFrom('learner as l')
      .innerJoin('award as a', 'a.learner_id', 'l.id')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .innerJoin('credential as c', 'c.id', 'a.credential_id')
      .select([...select, 'l.family_name'])
      .where('l.registration_number', '=', registrationNumber)
      .execute(),
    db
      .selectFrom('practitioner_profile as p')
      .innerJoin('award as a', 'a.practitioner_id', 'p.user_id')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .innerJoin('credential as c', 'c.id', 'a.credential_id')
      .select([...select, 'p.family_name'])
      .where('p.registration_number', '=', registrationNumber)
      .execute(),
  ])
  return [...fromLearners, ...fromProfiles]
}

/**
 * The providers' learner records about the practitioner, for their copy of their data: the
 * records of awards linked to their account, and records under their account's confirmed
 * e-mail address (a learner not yet awarded, or awarded before the account existed). Not by
 * registration number: a profile's number is as the practitioner typed it, unchecked, so it
 * could hand them someone else's record.
 */
export function learnerRecordsAbout(db: Db, userId: string) {
  return db
    .selectFrom('learner as l')
    .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
    .innerJoin('delivery as d', 'd.id', 'l.delivery_id')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .leftJoin('programme as p', 'p.id', 'l.eligibility_programme_id')
    .leftJoin('evidence_file as f', 'f.id', 'l.equivalence_file_id')
    .select([
      'l.id',
      'o.name as organisation_name',
      'c.title as credential_title',
      'd.start_date as delivery_start_date',
      'l.given_name',
      'l.family_name',
      'l.email',
      'l.profession',
      'l.regulator',
      'l.registration_number',
      'l.eligibility_basis',
      'p.title as eligibility_programme',
      'l.msc_institution',
      'l.msc_year',
      'l.created_at',
      'f.id as equivalence_file_id',
      'f.filename as equivalence_filename',
      'f.content as equivalence_content',
    ])
    .where((eb) =>
      eb.or([
        eb(
          'l.id',
          'in',
          eb.selectFrom('award as a').select('a.learner_id').where('a.practitioner_id', '=', userId),
        ),
        // Learners' addresses are stored in lower case (and indexed so).
        eb(
          'l.email',
          'in',
          eb
            .selectFrom('user_account as u')
            .select(sql<string>`lower(u.email)`.as('email'))
            .where('u.id', '=', userId)
            .where('u.email_verified_at', 'is not', null),
        ),
      ]),
    )
    .orderBy('l.created_at')
    .execute()
}

/** Unlinks every award from the account; the awards stay with the providers that made them. */
export async function unlinkAwardsFrom(db: Db, userId: string) {
  await db.updateTable('award').set({ practitioner_id: null }).where('practitioner_id', '=', userId).execute()
}
