// Award imports (CSV uploads and the API's large batches) and what they save: learners and
// their awards. Plain queries; the service decides what they mean.
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { EligibilityBasis } from '../domain/providers.ts'
import type { ImportProblem, ProblemReport } from '../domain/import-problems.ts'

/** The learners already registered on a delivery, with the eligibility recorded for them. */
export function listLearners(db: Db, deliveryId: string) {
  return db
    .selectFrom('learner')
    .select([
      'email',
      'eligibility_basis',
      'eligibility_programme_id',
      'msc_institution',
      'msc_year',
      'equivalence_file_id',
    ])
    .where('delivery_id', '=', deliveryId)
    .execute()
}

export function insertImport(
  db: Db,
  row: {
    organisation_id: string
    delivery_id: string
    source: 'csv' | 'api'
    filename: string | null
    content_sha256: string
    content: string
    total_rows: number
    created_by: string | null
  },
) {
  return db
    .insertInto('award_import')
    .values({ ...row, state: 'queued' })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

const SUMMARY_COLUMNS = [
  'i.id',
  'i.organisation_id',
  'i.delivery_id',
  'i.source',
  'i.filename',
  'i.state',
  'i.total_rows',
  'i.processed_rows',
  'i.saved_rows',
  'i.heartbeat_at',
  'i.created_count',
  'i.unchanged_count',
  'i.problem_total',
  'i.problem_rows',
  'i.problem_groups',
  'i.error',
  'i.created_at',
  'i.started_at',
  'i.finished_at',
  'c.title as credential_title',
] as const

export function listImports(db: Db, organisationIds: readonly string[]) {
  return db
    .selectFrom('award_import as i')
    .leftJoin('delivery as d', 'd.id', 'i.delivery_id')
    .leftJoin('credential as c', 'c.id', 'd.credential_id')
    .select(SUMMARY_COLUMNS)
    .where('i.organisation_id', 'in', organisationIds)
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute()
}

export function findImport(db: Db, importId: string) {
  return db
    .selectFrom('award_import as i')
    .leftJoin('delivery as d', 'd.id', 'i.delivery_id')
    .leftJoin('credential as c', 'c.id', 'd.credential_id')
    .select(SUMMARY_COLUMNS)
    .where('i.id', '=', importId)
    .executeTakeFirst()
}

export async function finishImport(
  db: Db,
  importId: string,
  outcome: {
    state: 'completed' | 'rejected' | 'failed'
    processed_rows?: number
    created_count?: number
    unchanged_count?: number
    problems?: ProblemReport
    error?: string | null
  },
): Promise<void> {
  const { problems, ...rest } = outcome
  await db
    .updateTable('award_import')
    .set({
      ...rest,
      ...(problems
        ? {
            problem_total: problems.total,
            problem_rows: problems.rowsRefused,
            problem_groups: JSON.stringify(problems.groups),
          }
        : {}),
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', importId)
    .execute()
  if (problems) await saveProblems(db, importId, problems.stored)
}

/** Rows per insert of problems: 8 parameters each, well under PostgreSQL's 65,535. */
const PROBLEM_BATCH = 1000

/** Stores an import's problems (the first 10,000 of them), in the order found. */
async function saveProblems(db: Db, importId: string, problems: readonly ImportProblem[]): Promise<void> {
  await db.deleteFrom('award_import_problem').where('import_id', '=', importId).execute()
  for (let start = 0; start < problems.length; start += PROBLEM_BATCH) {
    await db
      .insertInto('award_import_problem')
      .values(
        problems.slice(start, start + PROBLEM_BATCH).map((p, i) => ({
          import_id: importId,
          position: start + i,
          line: p.line,
          kind: p.kind,
          field: p.field,
          learner_name: p.learnerName,
          value: p.value,
          message: p.message,
        })),
      )
      .execute()
  }
}

/** An import's stored problems in the order found, the first `limit` of them. */
export function listProblems(db: Db, importId: string, limit: number) {
  return db
    .selectFrom('award_import_problem')
    .select(['line', 'kind', 'field', 'learner_name', 'value', 'message'])
    .where('import_id', '=', importId)
    .orderBy('position')
    .limit(limit)
    .execute()
}

export interface LearnerInsert {
  delivery_id: string
  organisation_id: string
  given_name: string
  family_name: string
  email: string
  profession: string
  regulator: string
  registration_number: string
  eligibility_basis: EligibilityBasis | null
  eligibility_programme_id: string | null
  msc_institution: string | null
  msc_year: number | null
  equivalence_file_id: string | null
  created_by: string | null
}

/** Adds learners, or brings an already registered one up to date; returns each one's id. */
export function upsertLearners(trx: Db, rows: LearnerInsert[]) {
  return trx
    .insertInto('learner')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['delivery_id', 'email']).doUpdateSet((eb) => ({
        given_name: eb.ref('excluded.given_name'),
        family_name: eb.ref('excluded.family_name'),
        profession: eb.ref('excluded.profession'),
        regulator: eb.ref('excluded.regulator'),
        registration_number: eb.ref('excluded.registration_number'),
        eligibility_basis: eb.ref('excluded.eligibility_basis'),
        eligibility_programme_id: eb.ref('excluded.eligibility_programme_id'),
        msc_institution: eb.ref('excluded.msc_institution'),
        msc_year: eb.ref('excluded.msc_year'),
        equivalence_file_id: eb.ref('excluded.equivalence_file_id'),
      })),
    )
    .returning(['id', 'email'])
    .execute()
}

export interface AwardInsert {
  learner_id: string
  delivery_id: string
  organisation_id: string
  credential_id: string
  specification_version_id: string
  awarded_on: string
  status: 'active'
  award_import_id: string | null
  created_by: string | null
}

/** Inserts the awards a learner does not have yet; returns those that were new. */
export function insertAwards(trx: Db, rows: AwardInsert[]) {
  return trx
    .insertInto('award')
    .values(rows)
    .onConflict((oc) => oc.column('learner_id').doNothing())
    .returning(['id', 'learner_id', 'awarded_on'])
    .execute()
}

export function findIdempotentRequest(db: Db, organisationId: string, key: string) {
  return db
    .selectFrom('idempotent_request')
    .select(['request_sha256', 'status_code', 'response'])
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirst()
}

export async function saveIdempotentRequest(
  db: Db,
  row: {
    organisation_id: string
    key: string
    request_sha256: string
    status_code: number
    response: unknown
  },
): Promise<void> {
  await db
    .insertInto('idempotent_request')
    .values({ ...row, response: JSON.stringify(row.response) })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
    .execute()
}
