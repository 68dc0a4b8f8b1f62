// Practitioners' entries in the Advanced Practice Directory: what each chose to show, the name
// index its search reads, and the search itself.
import type { Db } from '../db/database.ts'
import { sql, type RawBuilder } from 'kysely'
import { startsWithPattern } from '../domain/list-search.ts'

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
  now: Date,
) {
  await db
    .insertInto('directory_entry')
    .values(entry)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...entry, updated_at: now }))
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
  const begun = startsWithPattern(word)
  const rows = await sql<{ word: string; close: boolean; likeness: number }>`
    select word, (word = ${word} or word like ${begun}) as close,
      word_similarity(${word}, word) as likeness
    from directory_name_word
    where word like ${begun} or ${word} <% word
    order by word = ${word} desc, (word like ${begun}) desc, likeness desc, word
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
