// Practitioners' profiles, directory entries, credentials from elsewhere, CPD activities and
// their evidence; the public directory's search; the employer check's lookups.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely'
import type {
  CpdActivityTable,
  CpdEvidenceTable,
  Database,
  ExternalCredentialTable,
  PractitionerProfileTable,
} from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

export function findProfile(db: Db, userId: string) {
  return db.selectFrom('practitioner_profile').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export async function insertProfile(db: Db, profile: Insertable<PractitionerProfileTable>) {
  await db.insertInto('practitioner_profile').values(profile).execute()
}

/** False when someone else changed the profile since it was read. */
export async function updateProfile(
  db: Db,
  userId: string,
  rowVersion: number,
  changes: Omit<Insertable<PractitionerProfileTable>, 'user_id'>,
): Promise<boolean> {
  const result = await db
    .updateTable('practitioner_profile')
    .set({ ...changes, updated_at: new Date(), row_version: sql`row_version + 1` })
    .where('user_id', '=', userId)
    .where('row_version', '=', rowVersion)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export function findEntry(db: Db, userId: string) {
  return db.selectFrom('directory_entry').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export async function saveEntry(
  db: Db,
  entry: {
    user_id: string
    listed: boolean
    show_profession: boolean
    show_region: boolean
    show_employer: boolean
    search_name: string
  },
) {
  await db
    .insertInto('directory_entry')
    .values(entry)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...entry, updated_at: new Date() }))
    .execute()
}

export async function setSearchName(db: Db, userId: string, searchName: string) {
  await db
    .updateTable('directory_entry')
    .set({ search_name: searchName })
    .where('user_id', '=', userId)
    .execute()
}

export function chosenAwardIds(db: Db, userId: string) {
  return db.selectFrom('directory_credential').select('award_id').where('user_id', '=', userId).execute()
}

export async function setChosenAwards(db: Db, userId: string, awardIds: readonly string[]) {
  await db.deleteFrom('directory_credential').where('user_id', '=', userId).execute()
  if (awardIds.length)
    await db
      .insertInto('directory_credential')
      .values(awardIds.map((award_id) => ({ user_id: userId, award_id })))
      .execute()
}

/** A practitioner's awards, with what their portfolio shows. */
export function awardsOf(db: Db, userId: string) {
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
    .where('a.practitioner_id', '=', userId)
    .orderBy('a.awarded_on', 'desc')
    .execute()
}

export interface DirectorySearch {
  /** In search form (see searchForm in src/domain/practitioners.ts); empty for any name. */
  name: string
  profession: string | null
  region: string | null
  areaSlug: string | null
  limit: number
  offset: number
}

// Only listed entries, and a filter on a field only matches where that field is shown: a
// search must never tell someone what a hidden field holds.
function searchQuery(db: Db, search: DirectorySearch) {
  let query = db
    .selectFrom('directory_entry as e')
    .innerJoin('practitioner_profile as p', 'p.user_id', 'e.user_id')
    .where('e.listed', '=', true)
  if (search.name) query = query.where(sql<boolean>`${search.name} <% e.search_name`)
  if (search.profession)
    query = query.where('e.show_profession', '=', true).where('p.profession', '=', search.profession)
  if (search.region) query = query.where('e.show_region', '=', true).where('p.region', '=', search.region)
  if (search.areaSlug) {
    const areaSlug = search.areaSlug
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('directory_credential as dc')
          .innerJoin('award as a', 'a.id', 'dc.award_id')
          .innerJoin('credential as c', 'c.id', 'a.credential_id')
          .innerJoin('clinical_area as ca', 'ca.id', 'c.clinical_area_id')
          .whereRef('dc.user_id', '=', 'e.user_id')
          .whereRef('a.practitioner_id', '=', 'e.user_id')
          .where('a.status', '=', 'active')
          .where('ca.slug', '=', areaSlug)
          .select(sql`1`.as('one')),
      ),
    )
  }
  return query
}

/** One page of listed entries, best name match first, and how many there are (up to 1,000). */
export async function searchDirectory(db: Db, search: DirectorySearch) {
  let page = searchQuery(db, search).select([
    'e.user_id',
    'p.given_name',
    'p.family_name',
    sql<string | null>`case when e.show_profession then p.profession end`.as('profession'),
    sql<string | null>`case when e.show_region then p.region end`.as('region'),
  ])
  page = search.name
    ? page.orderBy(sql`word_similarity(${search.name}, e.search_name)`, 'desc').orderBy('e.search_name')
    : page.orderBy('e.search_name')
  const [rows, counted] = await Promise.all([
    page.orderBy('e.user_id').limit(search.limit).offset(search.offset).execute(),
    // Counting every match of a broad search would read the whole directory; past 1,000 the
    // page says "more than 1,000".
    db
      .selectFrom(searchQuery(db, search).select('e.user_id').limit(1001).as('m'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(counted.n) }
}

/** A listed entry, with only the fields its practitioner shows; undefined when not listed. */
export function listedEntry(db: Db, userId: string) {
  return db
    .selectFrom('directory_entry as e')
    .innerJoin('practitioner_profile as p', 'p.user_id', 'e.user_id')
    .select([
      'e.user_id',
      'p.given_name',
      'p.family_name',
      sql<string | null>`case when e.show_profession then p.profession end`.as('profession'),
      sql<string | null>`case when e.show_region then p.region end`.as('region'),
      sql<string | null>`case when e.show_employer then nullif(p.employer, '') end`.as('employer'),
    ])
    .where('e.user_id', '=', userId)
    .where('e.listed', '=', true)
    .executeTakeFirst()
}

/**
 * The awards each listed entry shows: chosen by the practitioner, still theirs, and active
 * now (a suspended or revoked award leaves the directory the moment its status changes).
 */
export function publicAwards(db: Db, userIds: readonly string[]) {
  if (!userIds.length) return Promise.resolve([])
  return db
    .selectFrom('directory_credential as dc')
    .innerJoin('directory_entry as e', 'e.user_id', 'dc.user_id')
    .innerJoin('award as a', 'a.id', 'dc.award_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .innerJoin('clinical_area as ca', 'ca.id', 'c.clinical_area_id')
    .select([
      'dc.user_id',
      'a.id as award_id',
      'a.awarded_on',
      'a.status',
      'o.name as organisation_name',
      'c.title as credential_title',
      'c.slug as credential_slug',
      'ca.name as area_name',
    ])
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

export async function recordLookup(db: Db, kind: string, address: string) {
  await db.insertInto('lookup_attempt').values({ kind, address }).execute()
}

export async function recentLookups(db: Db, kind: string, address: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('lookup_attempt')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('kind', '=', kind)
    .where('address', '=', address)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function deleteLookupsBefore(db: Db, before: Date) {
  await db.deleteFrom('lookup_attempt').where('attempted_at', '<', before).execute()
}

// Credentials from elsewhere

export function insertExternal(db: Db, row: Insertable<ExternalCredentialTable>) {
  return db.insertInto('external_credential').values(row).returning('id').executeTakeFirstOrThrow()
}

export function externalsOf(db: Db, userId: string) {
  return db
    .selectFrom('external_credential')
    .select([
      'id',
      'filename',
      'format',
      'name',
      'issuer_name',
      'verified',
      'summary',
      'checks',
      'checked_at',
    ])
    .where('user_id', '=', userId)
    .orderBy('uploaded_at', 'desc')
    .execute()
}

export function externalFile(db: Db, userId: string, id: string) {
  return db
    .selectFrom('external_credential')
    .select(['filename', 'content_type', 'content'])
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function deleteExternal(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('external_credential')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

// CPD activities

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

export async function insertEvidence(db: Db, row: Insertable<CpdEvidenceTable>) {
  await db.insertInto('cpd_evidence').values(row).execute()
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

export function externalsWithContent(db: Db, userId: string) {
  return db
    .selectFrom('external_credential')
    .select(['id', 'filename', 'content'])
    .where('user_id', '=', userId)
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

/** What the audit trail says the practitioner did, for their copy of their data. */
export function auditEventsOf(db: Db, userId: string) {
  return db
    .selectFrom('audit_event')
    .select(['occurred_at', 'action', 'entity_type', 'entity_id', 'ip'])
    .where('actor_user_id', '=', userId)
    .orderBy('id')
    .execute()
}

// Closing an account

/**
 * Erases a practitioner's own records and their personal data on the account row. Awards stay
 * with the providers that made them (unlinked from the account); the caller pseudonymises the
 * audit trail in the same transaction.
 */
export async function eraseAccount(trx: Transaction<Database>, userId: string, pseudonym: string) {
  await trx.deleteFrom('cpd_activity').where('user_id', '=', userId).execute()
  await trx.deleteFrom('external_credential').where('user_id', '=', userId).execute()
  await trx.deleteFrom('practitioner_profile').where('user_id', '=', userId).execute()
  await trx
    .updateTable('award')
    .set({ practitioner_id: null })
    .where('practitioner_id', '=', userId)
    .execute()
  await trx.deleteFrom('session').where('user_id', '=', userId).execute()
  await trx.deleteFrom('one_time_token').where('user_id', '=', userId).execute()
  await trx.deleteFrom('role_grant').where('user_id', '=', userId).execute()
  await trx
    .updateTable('user_account')
    .set({
      email: `closed-${userId}@closed.invalid`,
      display_name: pseudonym,
      password_hash: null,
      email_verified_at: null,
      status: 'disabled',
    })
    .where('id', '=', userId)
    .execute()
}
