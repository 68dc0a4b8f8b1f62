import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

/** The criteria of the newest version of one kind of criterion set. */
export function listLatestCriteria(db: Db, kind: string) {
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

export function listProfessions(db: Db) {
  return db.selectFrom('profession').select('name').orderBy('sort_order').execute()
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
