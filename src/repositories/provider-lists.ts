// The lists a provider's people page through, search, filter and download: awards, the
// learners of a delivery, and uploads (a provider's deliveries are listed by
// src/repositories/deliveries.ts). Each list has one function that builds its filtered query
// (`…Filtered`), and the page, the count and the download's batches are all made from it, so
// they can never disagree. Pages fetch the ids of one page first, from the list's index
// alone, and only then join what a row shows; downloads read in keyset batches (after the
// last row of the batch before), so a long download never holds one query open.
// Indexes: src/db/migrations/20261206160000_list_indexes.ts and 20261206190000_learner_award_filter_index.ts.
import type { Db } from '../db/database.ts'
import type { ImportState } from '../domain/import-progress.ts'
import type { AwardStatus, EligibilityBasis } from '../domain/providers.ts'
import { sql, type ExpressionBuilder } from 'kysely'
import type { Database } from '../db/schema.ts'
import { startsWithPattern, type LearnerSearch } from '../domain/list-search.ts'

/** Where a batch of a download ended: the next one starts after it. */
export interface AwardCursor {
  awardedOn: string
  createdAt: Date
  id: string
}
export interface LearnerCursor {
  familyName: string
  givenName: string
  id: string
}
export interface ImportCursor {
  createdAt: Date
  id: string
}

/** A learner (alias `l`) matching the search, by the start of a value so an index serves it. */
function learnerMatches(
  eb: ExpressionBuilder<Database & { l: Database['learner'] }, 'l'>,
  search: LearnerSearch,
) {
  switch (search.kind) {
    case 'email':
      return eb(sql<string>`lower(l.email)`, 'like', startsWithPattern(search.prefix))
    case 'registration':
      return eb(sql<string>`upper(l.registration_number)`, 'like', startsWithPattern(search.prefix))
    case 'name':
      return eb.and(
        search.words.map((word) =>
          eb.or([
            eb(sql<string>`name_fold(l.family_name)`, 'like', startsWithPattern(word)),
            eb(sql<string>`name_fold(l.given_name)`, 'like', startsWithPattern(word)),
          ]),
        ),
      )
  }
}

// ---------------------------------------------------------------------------------------
// Awards

export interface AwardListFilter {
  /** The organisations whose awards are listed; 'all' for the Centre. */
  organisationIds: readonly string[] | 'all'
  status?: AwardStatus | undefined
  deliveryId?: string | undefined
  /** Awarded on or after this day (YYYY-MM-DD). */
  from?: string | undefined
  /** Awarded on or before this day (YYYY-MM-DD). */
  to?: string | undefined
  search?: LearnerSearch | null | undefined
}

/** The one filtered query of the awards list. */
export function awardsFiltered(db: Db, filter: AwardListFilter) {
  let query = db.selectFrom('award as a')
  const orgs = filter.organisationIds
  if (orgs !== 'all') {
    query = orgs.length ? query.where('a.organisation_id', 'in', orgs) : query.where(sql<boolean>`false`)
  }
  if (filter.status) query = query.where('a.status', '=', filter.status)
  if (filter.deliveryId) query = query.where('a.delivery_id', '=', filter.deliveryId)
  if (filter.from) query = query.where('a.awarded_on', '>=', filter.from)
  if (filter.to) query = query.where('a.awarded_on', '<=', filter.to)
  const search = filter.search
  if (search) {
    query = query.where('a.learner_id', 'in', (eb) => {
      let learners = eb
        .selectFrom('learner as l')
        .select('l.id')
        .where((e) => learnerMatches(e, search))
      if (orgs !== 'all' && orgs.length) learners = learners.where('l.organisation_id', 'in', orgs)
      return learners
    })
  }
  return query
}

function awardRows(db: Db) {
  return db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .innerJoin('delivery as d', 'd.id', 'a.delivery_id')
    .select([
      'a.id',
      'a.learner_id',
      'a.delivery_id',
      'a.organisation_id',
      'a.awarded_on',
      'a.status',
      'a.status_reason_category',
      'a.practitioner_id',
      'a.created_at',
      'l.given_name',
      'l.family_name',
      'l.email',
      'l.profession',
      'l.regulator',
      'l.registration_number',
      'd.start_date as delivery_start_date',
      'o.name as organisation_name',
      'c.title as credential_title',
    ])
}

export type AwardListRow = Awaited<ReturnType<typeof awardsPage>>[number]

/** One page of the awards list, newest award first. */
export function awardsPage(db: Db, filter: AwardListFilter, limit: number, offset: number) {
  const ids = awardsFiltered(db, filter)
    .select('a.id')
    .orderBy('a.awarded_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
  return awardRows(db)
    .where('a.id', 'in', ids)
    .orderBy('a.awarded_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute()
}

export async function countAwards(db: Db, filter: AwardListFilter): Promise<number> {
  const row = await awardsFiltered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The next batch of the whole filtered list, after `cursor`, for a download. */
export function awardsBatch(db: Db, filter: AwardListFilter, cursor: AwardCursor | null, limit: number) {
  const ids = awardsFiltered(db, filter)
    .select('a.id')
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('a.awarded_on', 'a.created_at', 'a.id'),
          '<',
          eb.tuple(cursor?.awardedOn ?? '', cursor?.createdAt ?? new Date(0), cursor?.id ?? ''),
        ),
      ),
    )
    .orderBy('a.awarded_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
  return awardRows(db)
    .where('a.id', 'in', ids)
    .orderBy('a.awarded_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute()
}

// ---------------------------------------------------------------------------------------
// Learners of a delivery

export interface LearnerListFilter {
  organisationId: string
  deliveryId: string
  /** A basis of eligibility, or 'none' for learners without one yet. */
  eligibility?: EligibilityBasis | 'none' | undefined
  /** 'awarded' (any status) or 'not_awarded'. */
  award?: 'awarded' | 'not_awarded' | undefined
  search?: LearnerSearch | null | undefined
}

/** The one filtered query of a delivery's learners. */
export function learnersFiltered(db: Db, filter: LearnerListFilter) {
  let query = db
    .selectFrom('learner as l')
    .where('l.organisation_id', '=', filter.organisationId)
    .where('l.delivery_id', '=', filter.deliveryId)
  if (filter.eligibility === 'none') query = query.where('l.eligibility_basis', 'is', null)
  else if (filter.eligibility) query = query.where('l.eligibility_basis', '=', filter.eligibility)
  if (filter.award) {
    const awarded = filter.award === 'awarded'
    // An award is always for its learner's delivery, so only this delivery's awards are read
    // (award_delivery_learner_idx), not every provider's.
    query = query.where((eb) => {
      const exists = eb.exists(
        eb
          .selectFrom('award as a')
          .select('a.id')
          .where('a.delivery_id', '=', filter.deliveryId)
          .whereRef('a.learner_id', '=', 'l.id'),
      )
      return awarded ? exists : eb.not(exists)
    })
  }
  const search = filter.search
  if (search) query = query.where((eb) => learnerMatches(eb, search))
  return query
}

function learnerRows(db: Db) {
  return db
    .selectFrom('learner as l')
    .leftJoin('award as a', 'a.learner_id', 'l.id')
    .select([
      'l.id',
      'l.given_name',
      'l.family_name',
      'l.email',
      'l.profession',
      'l.regulator',
      'l.registration_number',
      'l.eligibility_basis',
      'a.id as award_id',
      'a.status as award_status',
      'a.awarded_on',
    ])
}

export type LearnerListRow = Awaited<ReturnType<typeof learnersPage>>[number]

/** The ids of the filtered learners in list order (by family name), after `cursor` if given. */
function learnerIds(db: Db, filter: LearnerListFilter, cursor: LearnerCursor | null) {
  return learnersFiltered(db, filter)
    .select('l.id')
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('l.family_name', 'l.given_name', 'l.id'),
          '>',
          eb.tuple(cursor?.familyName ?? '', cursor?.givenName ?? '', cursor?.id ?? ''),
        ),
      ),
    )
    .orderBy('l.family_name')
    .orderBy('l.given_name')
    .orderBy('l.id')
}

/** One page of a delivery's learners, by family name. */
export function learnersPage(db: Db, filter: LearnerListFilter, limit: number, offset: number) {
  return learnerRows(db)
    .where('l.id', 'in', learnerIds(db, filter, null).limit(limit).offset(offset))
    .orderBy('l.family_name')
    .orderBy('l.given_name')
    .orderBy('l.id')
    .execute()
}

/**
 * One page of the learners an award filter picks out, and how many it picks out in all (null
 * past the last page, where no row carries it; an empty first page means none). In list order, the planner would walk the
 * list's index asking each learner's award until a page is found: every learner of the
 * delivery when few match (100,000 look-ups, p95 199 ms), and the count asked them all again.
 * Kept apart (`offset 0` stops the planner merging the subquery), the filter is one hash join
 * over the delivery's learners and awards, read from their indexes, shared by the page and
 * the count.
 */
export async function awardFilteredLearnersPage(
  db: Db,
  filter: LearnerListFilter,
  limit: number,
  offset: number,
) {
  const matching = learnersFiltered(db, filter).select(['l.id', 'l.family_name', 'l.given_name']).offset(0)
  const page = db
    .selectFrom(matching.as('m'))
    .select((eb) => ['m.id', eb.fn.countAll<string | number>().over().as('total')])
    .orderBy('m.family_name')
    .orderBy('m.given_name')
    .orderBy('m.id')
    .limit(limit)
    .offset(offset)
  const rows = await learnerRows(db)
    .innerJoin(page.as('p'), 'p.id', 'l.id')
    .select('p.total')
    .orderBy('l.family_name')
    .orderBy('l.given_name')
    .orderBy('l.id')
    .execute()
  return { rows, total: rows[0] ? Number(rows[0].total) : offset === 0 ? 0 : null }
}

export async function countLearners(db: Db, filter: LearnerListFilter): Promise<number> {
  const row = await learnersFiltered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function learnersBatch(
  db: Db,
  filter: LearnerListFilter,
  cursor: LearnerCursor | null,
  limit: number,
) {
  return learnerRows(db)
    .where('l.id', 'in', learnerIds(db, filter, cursor).limit(limit))
    .orderBy('l.family_name')
    .orderBy('l.given_name')
    .orderBy('l.id')
    .execute()
}

// ---------------------------------------------------------------------------------------
// Uploads (award imports): never the file itself, nor the problems, which can be large.

export interface ImportListFilter {
  organisationIds: readonly string[]
  state?: ImportState | undefined
}

export function importsFiltered(db: Db, filter: ImportListFilter) {
  let query = db.selectFrom('award_import as i')
  query = filter.organisationIds.length
    ? query.where('i.organisation_id', 'in', filter.organisationIds)
    : query.where(sql<boolean>`false`)
  if (filter.state) query = query.where('i.state', '=', filter.state)
  return query
}

function importRows(db: Db) {
  return db
    .selectFrom('award_import as i')
    .leftJoin('delivery as d', 'd.id', 'i.delivery_id')
    .leftJoin('credential as c', 'c.id', 'd.credential_id')
    .select([
      'i.id',
      'i.source',
      'i.filename',
      'i.state',
      'i.total_rows',
      'i.created_count',
      'i.unchanged_count',
      'i.created_at',
      'i.finished_at',
      'c.title as credential_title',
    ])
}

export type ImportListRow = Awaited<ReturnType<typeof importsPage>>[number]

export function importsPage(db: Db, filter: ImportListFilter, limit: number, offset: number) {
  const ids = importsFiltered(db, filter)
    .select('i.id')
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .offset(offset)
  return importRows(db)
    .where('i.id', 'in', ids)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute()
}

export async function countImports(db: Db, filter: ImportListFilter): Promise<number> {
  const row = await importsFiltered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function importsBatch(db: Db, filter: ImportListFilter, cursor: ImportCursor | null, limit: number) {
  const ids = importsFiltered(db, filter)
    .select('i.id')
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('i.created_at', 'i.id'),
          '<',
          eb.tuple(cursor?.createdAt ?? new Date(0), cursor?.id ?? ''),
        ),
      ),
    )
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
  return importRows(db)
    .where('i.id', 'in', ids)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute()
}
