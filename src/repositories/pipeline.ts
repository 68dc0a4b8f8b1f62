// The items waiting at each stage of the pipeline, with when each reached it: the latest step
// of its timeline (credential_event) where there is one, else the record's own date. Oldest
// first, paged, and counted with the same conditions.
import { sql, type AliasedExpression, type Expression, type SqlBool } from 'kysely'
import type { Db } from '../db/database.ts'
import type { PipelineStage } from '../domain/pipeline.ts'

export interface PipelineRow {
  id: string
  title: string
  detail: string | null
  slug: string | null
  number: number | null
  since: Date
}

export interface StageRules {
  minReviewers: number
  /** Periodic reviews due on or before this ISO date count as due now. */
  periodicUntil: string
}

type Query = ReturnType<typeof stageQuery>

function proposals(db: Db, state: 'submitted' | 'with_group') {
  return db
    .selectFrom('proposal as p')
    .leftJoin('clinical_area as a', 'a.id', 'p.clinical_area_id')
    .where('p.state', '=', state)
    .select([
      'p.id',
      sql<string>`coalesce(nullif(p.title, ''), 'Untitled proposal ' || p.number)`.as('title'),
      'a.name as detail',
      sql<string | null>`null`.as('slug'),
      sql<number | null>`null`.as('number'),
      sql<Date>`coalesce((select max(e.occurred_at) from credential_event e where e.proposal_id = p.id), p.submitted_at, p.updated_at)`.as(
        'since',
      ),
    ])
}

/** Versions in review with how many reviewers are free of conflict, and how many have recommended. */
function versions(
  db: Db,
  where: (reviewers: Expression<number>, recommended: Expression<number>) => Expression<SqlBool>,
  states: Array<'submitted' | 'under_review'>,
) {
  const reviewers = sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict <> 'declared')`
  const recommended = sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict = 'none' and r.recommendation is not null)`
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .where('v.state', 'in', states)
    .where(where(reviewers, recommended))
    .select([
      'v.id',
      'c.title',
      sql<string | null>`case when v.kind = 'recognition' then 'For recognition' else null end`.as('detail'),
      'c.slug',
      'v.number',
      sql<Date>`coalesce((select max(e.occurred_at) from credential_event e where e.credential_id = v.credential_id and e.version_number = v.number), v.submitted_at, v.updated_at)`.as(
        'since',
      ),
    ])
}

function stageQuery(db: Db, stage: PipelineStage, rules: StageRules) {
  const min = rules.minReviewers
  switch (stage) {
    case 'proposals-to-check':
      return proposals(db, 'submitted')
    case 'proposals-with-group':
      return proposals(db, 'with_group')
    case 'needs-reviewers':
      return versions(db, (reviewers) => sql<SqlBool>`${reviewers} < ${min}`, ['submitted', 'under_review'])
    case 'under-review':
      return versions(
        db,
        (reviewers, recommended) => sql<SqlBool>`${reviewers} >= ${min} and ${recommended} < ${min}`,
        ['under_review'],
      )
    case 'decisions-due':
      return versions(db, (_reviewers, recommended) => sql<SqlBool>`${recommended} >= ${min}`, [
        'under_review',
      ])
    case 'periodic-reviews-due':
      return db
        .selectFrom('credential as c')
        .where('c.status', 'in', ['endorsed', 'in_delivery', 'recognised'])
        .where('c.next_review_due', '<=', sql<string>`${rules.periodicUntil}::date`)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('periodic_review as p')
                .select('p.id')
                .whereRef('p.credential_id', '=', 'c.id')
                .where('p.closed_at', 'is', null),
            ),
          ),
        )
        .select([
          'c.id',
          'c.title',
          sql<string | null>`null`.as('detail'),
          'c.slug',
          sql<number | null>`null`.as('number'),
          // Waiting from the day it fell due, which may be still to come.
          sql<Date>`(c.next_review_due::timestamp at time zone 'Europe/London')`.as('since'),
        ])
    case 'delivery-applications':
      return db
        .selectFrom('delivery as d')
        .innerJoin('credential as c', 'c.id', 'd.credential_id')
        .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
        .where('d.state', '=', 'applied')
        .select([
          'd.id',
          'c.title',
          'o.name as detail',
          sql<string | null>`null`.as('slug'),
          sql<number | null>`null`.as('number'),
          sql<Date>`d.applied_at`.as('since'),
        ])
    case 'quality-returns':
      return db
        .selectFrom('quality_return as q')
        .innerJoin('delivery as d', 'd.id', 'q.delivery_id')
        .innerJoin('credential as c', 'c.id', 'd.credential_id')
        .innerJoin('organisation as o', 'o.id', 'd.organisation_id')
        .where('q.state', '=', 'submitted')
        .select([
          'q.id',
          'c.title',
          'o.name as detail',
          sql<string | null>`null`.as('slug'),
          sql<number | null>`null`.as('number'),
          sql<Date>`coalesce(q.submitted_at, q.due_on::timestamp)`.as('since'),
        ])
  }
}

export function listStage(
  db: Db,
  stage: PipelineStage,
  rules: StageRules,
  limit: number,
  offset: number,
): Promise<PipelineRow[]> {
  const query: Query = stageQuery(db, stage, rules)
  return db
    .selectFrom(query.as('s'))
    .selectAll()
    .orderBy('s.since')
    .orderBy('s.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

/** The count of a stage's rows; generic, so that every stage's query can be counted the same way. */
async function countRows<O>(db: Db, rows: AliasedExpression<O, 's'>): Promise<number> {
  const row = await db
    .selectFrom(rows)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export function countStage(db: Db, stage: PipelineStage, rules: StageRules): Promise<number> {
  return countRows(db, stageQuery(db, stage, rules).as('s'))
}
