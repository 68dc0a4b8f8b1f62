import type { Db } from '../db/database.ts'
import type { CriterionKind } from '../domain/criteria.ts'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

/** The criteria of the newest version of one kind of criterion set. */
export function listLatestCriteria(db: Db, kind: CriterionKind) {
  return db
    .selectFrom('criterion as c')
    .innerJoin('criterion_set as s', 's.id', 'c.criterion_set_id')
    .select(['c.code', 'c.parent_code', 'c.title', 'c.statement', 'c.guidance', 'c.note', 's.version'])
    .where('s.kind', '=', kind)
    .where('s.version', '=', (eb) =>
      eb
        .selectFrom('criterion_set')
        .select((e) => e.fn.max('version').as('v'))
        .where('kind', '=', kind),
    )
    .orderBy('c.sort_order')
    .execute()
}

export function listPillars(db: Db) {
  return db.selectFrom('framework_pillar').selectAll().orderBy('sort_order').execute()
}

export function listCapabilities(db: Db) {
  return db
    .selectFrom('framework_capability')
    .selectAll()
    .orderBy('pillar_code')
    .orderBy('sort_order')
    .execute()
}

export function listGlossary(db: Db) {
  // Case-insensitive, so that "CPD portfolio" files under C whatever the collation.
  return db
    .selectFrom('glossary_term')
    .select(['term', 'definition'])
    .orderBy(sql`lower(term)`)
    .execute()
}

export function listDocuments(db: Db) {
  return db
    .selectFrom('document')
    .select(['slug', 'title', 'summary', 'href'])
    .orderBy('sort_order')
    .execute()
}

// Two admins publishing at once must not both become "the next version".
const CRITERIA_LOCK = 741_200_003

export async function lockCriteria(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CRITERIA_LOCK})`.execute(trx)
}

export async function latestCriteriaVersion(db: Db, kind: CriterionKind): Promise<number> {
  const row = await db
    .selectFrom('criterion_set')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(row?.v ?? 0)
}

export async function insertCriteriaVersion(
  db: Db,
  kind: CriterionKind,
  version: number,
  source: string,
  criteria: ReadonlyArray<{
    code: string
    parentCode: string | null
    title: string | null
    statement: string
    guidance: string[]
    note: string | null
  }>,
): Promise<void> {
  const set = await db
    .insertInto('criterion_set')
    .values({ kind, version, source })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('criterion')
    .values(
      criteria.map((c, i) => ({
        criterion_set_id: set.id,
        code: c.code,
        parent_code: c.parentCode,
        title: c.title,
        statement: c.statement,
        guidance: JSON.stringify(c.guidance),
        note: c.note,
        sort_order: i + 1,
      })),
    )
    .execute()
}
