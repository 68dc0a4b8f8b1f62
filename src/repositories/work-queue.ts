// How much process work waits for each person, for the home page. Counts only; the lists
// themselves live with each step's pages.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'

async function total(query: Promise<{ n: number | string | bigint } | undefined>): Promise<number> {
  return Number((await query)?.n ?? 0)
}

export function countProposalsInState(db: Db, state: ProposalState) {
  return total(
    db
      .selectFrom('proposal')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', state)
      .executeTakeFirst(),
  )
}

/** How many proposals are in each state that has any. */
export function countProposalsByState(db: Db) {
  return db
    .selectFrom('proposal')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute()
}

export function countOpenProposalsOf(db: Db, authorId: string) {
  return total(
    db
      .selectFrom('proposal')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', authorId)
      .where('state', 'in', ['draft', 'returned'])
      .executeTakeFirst(),
  )
}

export function countDraftsOf(db: Db, authorId: string) {
  return total(
    db
      .selectFrom('specification_version')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', authorId)
      .where('state', '=', 'draft')
      .executeTakeFirst(),
  )
}

export function countReviewsAwaiting(db: Db, reviewerId: string) {
  return total(
    db
      .selectFrom('review_assignment as r')
      .innerJoin('specification_version as v', 'v.id', 'r.version_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.reviewer_id', '=', reviewerId)
      .where('r.recommendation', 'is', null)
      .where('r.conflict', '<>', 'declared')
      .where('v.state', '=', 'under_review')
      .executeTakeFirst(),
  )
}

/** Submitted versions, and versions under review with fewer than two reviewers free of conflict. */
export function countVersionsNeedingReviewers(db: Db, minimum: number) {
  return total(
    db
      .selectFrom('specification_version as v')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('v.state', 'in', ['submitted', 'under_review'])
      .where(
        (eb) =>
          eb
            .selectFrom('review_assignment as r')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('r.version_id', '=', 'v.id')
            .where('r.conflict', '<>', 'declared'),
        '<',
        minimum,
      )
      .executeTakeFirst(),
  )
}

export function countDecisionsDue(db: Db, minimum: number) {
  return total(
    db
      .selectFrom('specification_version as v')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('v.state', '=', 'under_review')
      .where(
        (eb) =>
          eb
            .selectFrom('review_assignment as r')
            .select((e) => e.fn.countAll<number>().as('c'))
            .whereRef('r.version_id', '=', 'v.id')
            .where('r.conflict', '=', 'none')
            .where('r.recommendation', 'is not', null),
        '>=',
        minimum,
      )
      .executeTakeFirst(),
  )
}

/** In-force credentials whose review falls due by `until`, with no periodic review open yet. */
export function countPeriodicReviewsDue(db: Db, until: string) {
  return total(
    db
      .selectFrom('credential as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.status', 'in', ['endorsed', 'in_delivery', 'recognised'])
      .where('c.next_review_due', '<=', sql<string>`${until}::date`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('periodic_review as p')
              .select('p.id')
              .whereRef('p.credential_id', '=', 'c.id')
              .where('p.closed_at', 'is', null),
          ),
        ),
      )
      .executeTakeFirst(),
  )
}
