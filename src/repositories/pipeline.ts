// The items waiting at each stage of the pipeline, with when each reached it: the latest step
// of its timeline (credential_event) where there is one, else the record's own date. Oldest
// first, paged, and counted with the same conditions. Every stage's count is one statement (a
// UNION ALL across the stages); each stage's first few rows, one statement a stage.
import { sql, type AliasedExpression, type Expression, type SqlBool } from 'kysely'
import type { Db } from '../db/database.ts'
import { PIPELINE_STAGES, type PipelineStage } from '../domain/pipeline.ts'
import type { VersionKind } from '../domain/specification-lifecycle.ts'

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
      sql<string | null>`null::text`.as('slug'),
      sql<number | null>`null::integer`.as('number'),
      sql<Date>`coalesce((select max(e.occurred_at) from credential_event e where e.proposal_id = p.id), p.submitted_at, p.updated_at)`.as(
        'since',
      ),
    ])
}

/** Versions in review with how many reviewers are free of conflict, and how many have recommended. */
function versions(
  db: Db,
  kind: VersionKind,
  where: (reviewers: Expression<number>, recommended: Expression<number>) => Expression<SqlBool>,
  states: Array<'submitted' | 'under_review'>,
) {
  const reviewers = sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict <> 'declared')`
  const recommended = sql<number>`(select count(*) from review_assignment r where r.version_id = v.id and r.conflict = 'none' and r.recommendation is not null)`
  return db
    .selectFrom('specification_version as v')
    .innerJoin('credential as c', 'c.id', 'v.credential_id')
    .where('v.kind', '=', kind)
    .where('v.state', 'in', states)
    .where(where(reviewers, recommended))
    .select([
      'v.id',
      'c.title',
      // Whose credential it is, for an application for recognition.
      kind === 'recognition'
        ? sql<string | null>`c.owner_name`.as('detail')
        : sql<string | null>`null::text`.as('detail'),
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
      return versions(db, 'specification', (reviewers) => sql<SqlBool>`${reviewers} < ${min}`, [
        'submitted',
        'under_review',
      ])
    case 'under-review':
      return versions(
        db,
        'specification',
        (reviewers, recommended) => sql<SqlBool>`${reviewers} >= ${min} and ${recommended} < ${min}`,
        ['under_review'],
      )
    case 'decisions-due':
      return versions(
        db,
        'specification',
        (_reviewers, recommended) => sql<SqlBool>`${recommended} >= ${min}`,
        ['under_review'],
      )
    case 'recognition-in-review':
      return versions(db, 'recognition', (_reviewers, recommended) => sql<SqlBool>`${recommended} < ${min}`, [
        'submitted',
        'under_review',
      ])
    case 'recognition-decisions-due':
      return versions(
        db,
        'recognition',
        (_reviewers, recommended) => sql<SqlBool>`${recommended} >= ${min}`,
        ['under_review'],
      )
    case 'periodic-reviews-open':
      return db
        .selectFrom('periodic_review as p')
        .innerJoin('credential as c', 'c.id', 'p.credential_id')
        .where('p.closed_at', 'is', null)
        .select([
          'p.id',
          'c.title',
          sql<string | null>`null::text`.as('detail'),
          'c.slug',
          sql<number | null>`null::integer`.as('number'),
          sql<Date>`p.opened_at`.as('since'),
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
          sql<string | null>`null::text`.as('detail'),
          'c.slug',
          sql<number | null>`null::integer`.as('number'),
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
          sql<string | null>`o.name`.as('detail'),
          sql<string | null>`null::text`.as('slug'),
          sql<number | null>`null::integer`.as('number'),
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
          sql<string | null>`o.name`.as('detail'),
          sql<string | null>`null::text`.as('slug'),
          sql<number | null>`null::integer`.as('number'),
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

export interface StageRows {
  stage: PipelineStage
  total: number
  rows: PipelineRow[]
}

/**
 * Every stage at once: how many items wait at each (one statement, countStages) and each
 * stage's `limit` longest waiting, oldest first, one statement a stage. Measured at 10,000
 * items a stage (bench/pipeline.ts), a statement a stage is several times quicker than one
 * UNION ALL of every stage's first few, whose plan sorts the stages' rows together.
 */
export async function listStages(db: Db, rules: StageRules, limit: number): Promise<StageRows[]> {
  const counts = await countStages(db, rules)
  const stages: StageRows[] = []
  for (const stage of PIPELINE_STAGES) {
    const total = counts.get(stage) ?? 0
    stages.push({ stage, total, rows: total ? await listStage(db, stage, rules, limit, 0) : [] })
  }
  return stages
}

/** A stage's count as a row; generic, like countRows, so that every stage's query fits. */
function counted<O>(db: Db, rows: AliasedExpression<O, 'q'>, stage: PipelineStage) {
  return db
    .selectFrom(rows)
    .select([sql<PipelineStage>`${stage}::text`.as('stage'), sql<string>`count(*)`.as('n')])
}

/** How many items wait at each stage, in one statement. */
export async function countStages(db: Db, rules: StageRules): Promise<ReadonlyMap<PipelineStage, number>> {
  const [first, ...rest] = PIPELINE_STAGES.map((stage) =>
    counted(db, stageQuery(db, stage, rules).as('q'), stage),
  )
  const found = first ? await rest.reduce((all, next) => all.unionAll(next), first).execute() : []
  return new Map(found.map((row) => [row.stage, Number(row.n)]))
}
