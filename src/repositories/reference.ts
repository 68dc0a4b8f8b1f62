import type { Db } from '../db/database.ts'
import type { CriterionKind } from '../domain/criteria.ts'
import type { ReferenceKind } from '../domain/reference-content.ts'
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

/** The capabilities of the framework now: a retired one is left out. */
export function listCapabilities(db: Db) {
  return db
    .selectFrom('framework_capability')
    .select(['code', 'pillar_code', 'label', 'sort_order'])
    .where('retired_at', 'is', null)
    .orderBy('pillar_code')
    .orderBy('sort_order')
    .execute()
}

/** Every capability code ever used, with whether it is retired. */
export function listCapabilityCodes(db: Db) {
  return db.selectFrom('framework_capability').select(['code', 'retired_at']).execute()
}

/** Makes the capabilities those of a new version: new ones added, labels changed, others retired. */
export async function applyFrameworkVersion(
  db: Db,
  capabilities: ReadonlyArray<{ code: string; pillarCode: string; label: string }>,
  at: Date,
): Promise<void> {
  for (const c of capabilities) {
    await db
      .insertInto('framework_capability')
      .values({
        code: c.code,
        pillar_code: c.pillarCode,
        label: c.label,
        sort_order: Number(c.code.split('.')[1] ?? 0),
        retired_at: null,
      })
      .onConflict((oc) => oc.column('code').doUpdateSet({ label: c.label }))
      .execute()
  }
  const kept = capabilities.map((c) => c.code)
  let retire = db.updateTable('framework_capability').set({ retired_at: at }).where('retired_at', 'is', null)
  if (kept.length) retire = retire.where('code', 'not in', kept)
  await retire.execute()
}

const VERSION_COLUMNS = [
  'kind',
  'version',
  'summary',
  'published_by_role',
  'published_at',
  'content',
] as const

/** The newest version of one kind of reference content. */
export function latestReferenceVersion(db: Db, kind: ReferenceKind) {
  return db
    .selectFrom('reference_version')
    .select(VERSION_COLUMNS)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function findReferenceVersion(db: Db, kind: ReferenceKind, version: number) {
  return db
    .selectFrom('reference_version')
    .select(VERSION_COLUMNS)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst()
}

/** One page of a kind's versions, newest first, without their content. */
export function listReferenceVersions(db: Db, kind: ReferenceKind, page: { limit: number; offset: number }) {
  return db
    .selectFrom('reference_version')
    .select(['version', 'summary', 'published_by_role', 'published_at'])
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

export async function countReferenceVersions(db: Db, kind: ReferenceKind): Promise<number> {
  const row = await db
    .selectFrom('reference_version')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertReferenceVersion(
  db: Db,
  row: {
    kind: ReferenceKind
    version: number
    summary: string
    publishedBy: string | null
    publishedByRole: string
    publishedAt: Date
    content: unknown
  },
): Promise<void> {
  await db
    .insertInto('reference_version')
    .values({
      kind: row.kind,
      version: row.version,
      summary: row.summary,
      published_by: row.publishedBy,
      published_by_role: row.publishedByRole,
      published_at: row.publishedAt,
      content: JSON.stringify(row.content),
    })
    .execute()
}

const REFERENCE_LOCK = 741_200_019

/** Two admins publishing at once must not both become "the next version". */
export async function lockReference(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${REFERENCE_LOCK})`.execute(trx)
}

export async function insertReferenceFile(
  db: Db,
  file: {
    filename: string
    contentType: string
    content: Buffer
    sha256: string
    uploadedBy: string | null
    at: Date
  },
): Promise<string> {
  const row = await db
    .insertInto('reference_file')
    .values({
      filename: file.filename,
      content_type: file.contentType,
      size_bytes: file.content.length,
      sha256: file.sha256,
      content: file.content,
      uploaded_by: file.uploadedBy,
      uploaded_at: file.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** An uploaded file's details, published or not (the check page names it before publishing). */
export function findReferenceFileDetails(db: Db, id: string) {
  return db
    .selectFrom('reference_file')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'published_at'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A file a published version names, with its bytes. */
export function findPublishedReferenceFile(db: Db, id: string) {
  return db
    .selectFrom('reference_file')
    .select(['filename', 'content_type', 'content'])
    .where('id', '=', id)
    .where('published_at', 'is not', null)
    .executeTakeFirst()
}

export async function markReferenceFilePublished(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('reference_file')
    .set({ published_at: at })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .execute()
}

/** A kind of criteria's versions, newest first. */
export function listCriteriaVersions(db: Db, kind: CriterionKind) {
  return db
    .selectFrom('criterion_set')
    .select(['version', 'source', 'created_at'])
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .execute()
}

/** The criteria of one version of a kind. */
export function listCriteriaOfVersion(db: Db, kind: CriterionKind, version: number) {
  return db
    .selectFrom('criterion as c')
    .innerJoin('criterion_set as s', 's.id', 'c.criterion_set_id')
    .select(['c.code', 'c.parent_code', 'c.title', 'c.statement', 'c.guidance', 'c.note', 's.version'])
    .where('s.kind', '=', kind)
    .where('s.version', '=', version)
    .orderBy('c.sort_order')
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
