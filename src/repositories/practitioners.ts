// Practitioners' profiles, directory entries, credentials from elsewhere, CPD activities and
// their evidence; the public directory's search; the employer check's lookups.
import type { Db } from '../db/database.ts'
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely'
import type {
  CpdActivityTable,
  CpdEvidenceTable,
  Database,
  ExternalCredentialTable,
  PractitionerProfileTable,
} from '../db/schema.ts'

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
  await indexName(db, entry.user_id, entry.listed ? entry.search_name : null)
}

export async function setSearchName(db: Db, userId: string, searchName: string) {
  const entry = await db
    .updateTable('directory_entry')
    .set({ search_name: searchName })
    .where('user_id', '=', userId)
    .returning('listed')
    .executeTakeFirst()
  if (entry) await indexName(db, userId, entry.listed ? searchName : null)
}

/**
 * Makes the name tokens of an entry say its name, or nothing when it is not listed, and keeps
 * the vocabulary to the words some listed entry has: a word nobody has any more goes, so an
 * unlisted or erased person's unusual name does not linger.
 */
async function indexName(db: Db, userId: string, searchName: string | null) {
  const old = await db
    .deleteFrom('directory_name_token')
    .where('user_id', '=', userId)
    .returning('token')
    .execute()
  const words = searchName ? [...new Set(searchName.split(' ').filter(Boolean))] : []
  if (searchName && words.length) {
    await db
      .insertInto('directory_name_token')
      .values(words.map((token) => ({ token, search_name: searchName, user_id: userId })))
      .execute()
    await db
      .insertInto('directory_name_word')
      .values(words.map((word) => ({ word })))
      .onConflict((oc) => oc.column('word').doNothing())
      .execute()
  }
  const gone = old.map((o) => o.token).filter((token) => !words.includes(token))
  if (gone.length)
    await db
      .deleteFrom('directory_name_word')
      .where('word', 'in', gone)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('directory_name_token as t')
              .select('t.user_id')
              .whereRef('t.token', '=', 'directory_name_word.word'),
          ),
        ),
      )
      .execute()
}

/** Forgets an entry's name tokens (closing an account); the entry itself goes by cascade. */
export async function unindexName(db: Db, userId: string) {
  await indexName(db, userId, null)
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
export function awardsOf(db: Db, userId: string) {
  return awardsWithCredential(db)
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

/** What a search result shows of an entry: its name, and the fields its practitioner shows. */
const shownColumns = sql`e.user_id, p.given_name, p.family_name,
  case when e.show_profession then p.profession end as profession,
  case when e.show_region then p.region end as region`

interface ShownEntry {
  user_id: string
  given_name: string
  family_name: string
  profession: string | null
  region: string | null
}

/** Counting stops here: a page says "more than 1,000" rather than reading every match. */
export const COUNT_LIMIT = 1001

/**
 * The vocabulary words a searched word stands for, best first: itself and the words it
 * begins, if there are any; otherwise words like it (pg_trgm word similarity), for typos.
 */
async function wordsFor(db: Db, word: string): Promise<{ words: string[]; close: boolean }> {
  const rows = await sql<{ word: string; close: boolean; likeness: number }>`
    select word, (word = ${word} or word like ${`${word}%`}) as close,
      word_similarity(${word}, word) as likeness
    from directory_name_word
    where word like ${`${word}%`} or ${word} <% word
    order by word = ${word} desc, (word like ${`${word}%`}) desc, likeness desc, word
    limit 50`.execute(db)
  const close = rows.rows.filter((r) => r.close)
  if (close.length) return { words: close.map((r) => r.word), close: true }
  // A typo means one of the few most alike words: those nearly as alike as the best, at most
  // eight. More only widens the search with noise, and costs time.
  const best = rows.rows[0]?.likeness ?? 0
  return {
    words: rows.rows
      .filter((r) => r.likeness >= best - 0.1)
      .slice(0, 8)
      .map((r) => r.word),
    close: false,
  }
}

/**
 * One page of listed entries and how many there are (up to COUNT_LIMIT). By name: every
 * searched word must match a word of the name; the entries are read from the tokens of the
 * searched word with the fewest, best word first, then in name order. A filter on a field
 * only matches where that field is shown: a search must never tell what a hidden field holds.
 *
 * The count is returned as a function, so that the caller can send it alongside the query
 * for the page's credentials rather than after it: a round trip less before the page shows.
 */
export async function searchDirectory(
  db: Db,
  search: DirectorySearch,
): Promise<{ rows: ShownEntry[]; count: () => Promise<number> }> {
  const searched = search.name.split(' ').filter(Boolean).slice(0, 4)
  const filters = [
    search.profession ? sql`e.show_profession and p.profession = ${search.profession}` : null,
    search.region ? sql`e.show_region and p.region = ${search.region}` : null,
    search.areaSlug
      ? sql`exists (select 1 from directory_credential dc
          join award a on a.id = dc.award_id and a.practitioner_id = dc.user_id and a.status = 'active'
          join credential c on c.id = a.credential_id
          join clinical_area ca on ca.id = c.clinical_area_id and ca.slug = ${search.areaSlug}
          where dc.user_id = e.user_id)`
      : null,
  ].filter((f) => f !== null)
  const filtered = filters.length ? sql`and ${sql.join(filters, sql` and `)}` : sql``

  const counted = async (query: RawBuilder<{ n: number }>) =>
    Number((await query.execute(db)).rows[0]?.n ?? 0)
  if (!searched.length) {
    const page = await sql<ShownEntry>`
      select ${shownColumns} from directory_entry e join practitioner_profile p on p.user_id = e.user_id
      where e.listed ${filtered}
      order by e.search_name, e.user_id limit ${search.limit} offset ${search.offset}`.execute(db)
    return {
      rows: page.rows,
      count: () =>
        counted(sql`select count(*)::int as n from (select 1 from directory_entry e
          join practitioner_profile p on p.user_id = e.user_id
          where e.listed ${filtered} limit ${COUNT_LIMIT}) m`),
    }
  } else {
    const found = await Promise.all(searched.map((word) => wordsFor(db, word)))
    if (found.some((c) => !c.words.length)) return { rows: [], count: async () => 0 }
    // One searched word leads: its matches are read in order from the index, the others only
    // filter them. The likeliest to have the fewest matches leads: a word found as written
    // rather than guessed at, standing for the fewest words, the longest.
    type Candidate = { index: number; close: boolean; words: string[]; length: number }
    const better = (a: Candidate, b: Candidate) =>
      a.close !== b.close
        ? a.close
        : a.words.length !== b.words.length
          ? a.words.length < b.words.length
          : a.length > b.length
    const lead = found
      .map((f, index): Candidate => ({
        index,
        close: f.close,
        words: f.words,
        length: searched[index]?.length ?? 0,
      }))
      .reduce((leader, candidate) => (better(candidate, leader) ? candidate : leader))
    const leading = lead.words
    const others = found.filter((_, i) => i !== lead.index).map((f) => f.words)
    // Only listed entries have tokens: the entry and profile are read only to filter.
    const joins = filters.length
      ? sql`join directory_entry e on e.user_id = t.user_id join practitioner_profile p on p.user_id = t.user_id`
      : sql``
    const alsoMatching = sql.join(
      others.map(
        (words) => sql`and exists (select 1 from directory_name_token o
          where o.user_id = t.user_id and o.token = any(${words}::text[]))`,
      ),
      sql` `,
    )
    // Each word's matches come from the index in name order, so no more than a page's worth
    // is read of each, however common the name.
    const enough = search.offset + search.limit
    const perWord = leading.map(
      (word, rank) => sql`(select t.user_id, t.search_name, ${rank}::int as best
        from directory_name_token t ${joins}
        where t.token = ${word} ${alsoMatching} ${filtered}
        order by t.search_name, t.user_id limit ${enough})`,
    )
    // The entry and profile are read for the page's rows only.
    const page = await sql<ShownEntry>`
      select ${shownColumns}
      from (select user_id, min(best) as best, search_name
        from (${sql.join(perWord, sql` union all `)}) m
        group by user_id, search_name
        order by best, search_name, user_id
        limit ${search.limit} offset ${search.offset}) found
      join directory_entry e on e.user_id = found.user_id and e.listed
      join practitioner_profile p on p.user_id = found.user_id
      order by found.best, found.search_name, found.user_id`.execute(db)
    const rows = page.rows
    // A first page that is not full is every match: no need to count them again.
    if (search.offset === 0 && rows.length < search.limit) return { rows, count: async () => rows.length }
    // One word's tokens are one per person (a name's words are indexed once each), so
    // they count people without the cost of finding the distinct ones.
    const people = leading.length === 1 ? sql`t.user_id` : sql`distinct t.user_id`
    return {
      rows,
      count: () =>
        counted(sql`select count(*)::int as n
          from (select ${people} from directory_name_token t ${joins}
            where t.token = any(${leading}::text[]) ${alsoMatching} ${filtered} limit ${COUNT_LIMIT}) m`),
    }
  }
}

export function clinicalAreas(db: Db) {
  return db
    .selectFrom('clinical_area')
    .select(['slug', 'name'])
    .orderBy('sort_order')
    .orderBy('name')
    .execute()
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

/** The class of the two-key advisory locks on one address's lookups of one kind. */
const LOOKUP_LOCK = 741_200_005

/**
 * Until the transaction ends, no other lookup of this kind from this address can count
 * attempts: checks sent all at once each see those before them.
 */
export async function lockLookups(trx: Db, kind: string, address: string) {
  await sql`select pg_advisory_xact_lock(${LOOKUP_LOCK}, hashtext(${`${kind}:${address}`}))`.execute(trx)
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
      'holder_match',
      'issuer_ours',
    ])
    .where('user_id', '=', userId)
    .orderBy('uploaded_at', 'desc')
    .execute()
}

/** Uploads of Open Badges 3.0 credentials (the ones this service checks) start their format with this. */
export const CHECKED_FORMAT_PREFIX = 'Open Badges 3.0'

/**
 * A page of uploaded credentials due to be checked again: last checked before `before`, or
 * never compared with their holder; in the order of when they were checked, after `after`.
 * Only those this service can check (Open Badges 3.0), with their files.
 */
export function externalsToRecheck(
  db: Db,
  options: {
    before: Date
    after: { checkedAt: Date; id: string } | null
    limit: number
    userId?: string
  },
) {
  let query = db
    .selectFrom('external_credential')
    .select(['id', 'user_id', 'content', 'checked_at'])
    .where('format', 'like', `${CHECKED_FORMAT_PREFIX}%`)
    .where((eb) => eb.or([eb('checked_at', '<', options.before), eb('holder_match', 'is', null)]))
  if (options.userId !== undefined) query = query.where('user_id', '=', options.userId)
  const after = options.after
  if (after)
    query = query.where((eb) => eb(eb.refTuple('checked_at', 'id'), '>', eb.tuple(after.checkedAt, after.id)))
  return query.orderBy('checked_at').orderBy('id').limit(options.limit).execute()
}

/** Stores a new check of an uploaded credential, unless a newer one was stored meanwhile. */
export async function updateExternalCheck(
  db: Db,
  id: string,
  values: {
    name?: string
    issuer_name?: string
    issuer_ours: boolean
    verified: boolean
    summary: string
    checks?: string
    checked_at: Date
    holder_match: 'matched' | 'someone_else' | 'not_named' | null
  },
) {
  await db
    .updateTable('external_credential')
    .set(values)
    .where('id', '=', id)
    .where('checked_at', '<=', values.checked_at)
    .execute()
}

/**
 * What identifies each account as a credential's holder: its e-mail address once verified,
 * the regulator and registration number of its profile, and the addresses its providers
 * recorded for the awards linked to it (each linked because it was this account's address).
 */
export async function holderIdentifiersOf(db: Db, userIds: readonly string[]) {
  if (!userIds.length) return { accounts: [], learnerEmails: [] }
  const [accounts, learnerEmails] = await Promise.all([
    db
      .selectFrom('user_account as u')
      .leftJoin('practitioner_profile as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.email_verified_at', 'p.regulator', 'p.registration_number'])
      .where('u.id', 'in', userIds)
      .execute(),
    db
      .selectFrom('award as a')
      .innerJoin('learner as l', 'l.id', 'a.learner_id')
      .select(['a.practitioner_id as user_id', 'l.email'])
      .where('a.practitioner_id', 'in', userIds)
      .execute(),
  ])
  return { accounts, learnerEmails }
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

export function activityOf(db: Db, userId: string, id: string) {
  return db
    .selectFrom('cpd_activity')
    .select(['id', 'title'])
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

/** What may name the person, to look for in the audit trail before it is erased. */
export function personalDataOf(db: Db, userId: string) {
  return db
    .selectFrom('user_account as u')
    .leftJoin('practitioner_profile as p', 'p.user_id', 'u.id')
    .select([
      'u.email',
      'u.display_name',
      'p.given_name',
      'p.family_name',
      'p.registration_number',
      'p.employer',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

/**
 * Erases a practitioner's own records and their personal data on the account row. Awards stay
 * with the providers that made them (unlinked from the account); the caller erases them from
 * the audit trail in the same transaction.
 */
export async function eraseAccount(trx: Transaction<Database>, userId: string, pseudonym: string) {
  await trx.deleteFrom('cpd_activity').where('user_id', '=', userId).execute()
  await trx.deleteFrom('external_credential').where('user_id', '=', userId).execute()
  await unindexName(trx, userId)
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
