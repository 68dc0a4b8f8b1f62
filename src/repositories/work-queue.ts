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

/** Applications for recognition of the author's that the Centre returned, not yet revised. */
export function countApplicationsReturnedTo(db: Db, authorId: string) {
  return total(
    db
      .selectFrom('specification_version as v')
      .innerJoin('credential as c', 'c.id', 'v.credential_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('v.kind', '=', 'recognition')
      .where('v.state', '=', 'revise_and_resubmit')
      .where('c.status', '!=', 'withdrawn')
      .where((eb) => eb.or([eb('v.author_id', '=', authorId), eb('c.lead_author_id', '=', authorId)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('specification_version as later')
              .select('later.id')
              .whereRef('later.credential_id', '=', 'v.credential_id')
              .whereRef('later.number', '>', 'v.number'),
          ),
        ),
      )
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

/**
 * An author's work at each stage, in one statement: proposals to finish (draft or returned) and
 * being decided; specifications to write (drafts of theirs, and returned ones they lead) and in
 * review; applications for recognition to finish or revise.
 */
export async function countAuthorWork(db: Db, authorId: string) {
  const row = await sql<{
    proposals_to_finish: string
    proposals_in_process: string
    specifications_to_write: string
    specifications_in_review: string
    recognition_open: string
  }>`
    with latest as (
      select v.credential_id, v.kind, v.state, v.author_id, c.lead_author_id
      from specification_version v
      join credential c on c.id = v.credential_id
      where c.status <> 'withdrawn'
        and v.number = (select max(l.number) from specification_version l where l.credential_id = v.credential_id)
        and (c.lead_author_id = ${authorId} or v.author_id = ${authorId})
    )
    select
      (select count(*) from proposal where author_id = ${authorId} and state in ('draft', 'returned')) as proposals_to_finish,
      (select count(*) from proposal where author_id = ${authorId} and state in ('submitted', 'with_group')) as proposals_in_process,
      (select count(*) from latest where kind = 'specification' and state in ('draft', 'revise_and_resubmit')) as specifications_to_write,
      (select count(*) from latest where kind = 'specification' and state in ('submitted', 'under_review')) as specifications_in_review,
      (select count(*) from latest where kind = 'recognition' and state in ('draft', 'revise_and_resubmit')) as recognition_open
  `.execute(db)
  const found = row.rows[0]
  return {
    proposalsToFinish: Number(found?.proposals_to_finish ?? 0),
    proposalsInProcess: Number(found?.proposals_in_process ?? 0),
    specificationsToWrite: Number(found?.specifications_to_write ?? 0),
    specificationsInReview: Number(found?.specifications_in_review ?? 0),
    recognitionOpen: Number(found?.recognition_open ?? 0),
  }
}

/** Applications to deliver, from the organisations the person works for, waiting for the Centre. */
export function countDeliveriesAppliedFor(db: Db, userId: string) {
  return total(
    db
      .selectFrom('delivery as d')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('d.state', '=', 'applied')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_grant as g')
            .select('g.user_id')
            .where('g.user_id', '=', userId)
            .where('g.role', 'in', ['provider_admin', 'provider_staff'])
            .whereRef('g.organisation_id', '=', 'd.organisation_id'),
        ),
      )
      .executeTakeFirst(),
  )
}
