// The staging area of a running award import (award_import_row) and its progress. An import
// writes what it will save here in short transactions, then makes it all visible at once
// (publishStaged); see src/services/award-imports.ts.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely'
import type { AwardImportRowTable, Database } from '../db/schema.ts'

type Db = Kysely<Database> | Transaction<Database>

export type StagedRow = Insertable<AwardImportRowTable>

/** Rows of staging cleared per statement. */
const CLEAR_BATCH = 1000

/**
 * Takes one import to run, when it is queued or was left running (by a process that died,
 * whose work is thrown away): running from now, with its progress back at nothing.
 */
export async function claimImport(db: Db, importId: string) {
  return db
    .updateTable('award_import')
    .set({
      state: 'running',
      started_at: sql<Date>`now()`,
      heartbeat_at: sql<Date>`now()`,
      processed_rows: 0,
      saved_rows: 0,
    })
    .where('id', '=', importId)
    .where('state', 'in', ['queued', 'running'])
    .returning(['id', 'delivery_id', 'source', 'content', 'created_by'])
    .executeTakeFirst()
}

/** The state of an import (to tell a finished one from one that was never there). */
export async function importState(db: Db, importId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('award_import')
    .select('state')
    .where('id', '=', importId)
    .executeTakeFirst()
  return row?.state
}

/**
 * Running imports whose run has shown no sign of life for this long: their process died. They
 * go back to the queue with their progress at nothing, and their staging is cleared when run.
 */
export async function requeueStale(db: Db, seconds: number): Promise<number> {
  const result = await db
    .updateTable('award_import')
    .set({ state: 'queued', started_at: null, heartbeat_at: null, processed_rows: 0, saved_rows: 0 })
    .where('state', '=', 'running')
    .where(sql<boolean>`coalesce(heartbeat_at, started_at) < now() - make_interval(secs => ${seconds})`)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function heartbeat(db: Db, importId: string): Promise<void> {
  await db
    .updateTable('award_import')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .execute()
}

export async function setChecked(db: Db, importId: string, checked: number, total?: number): Promise<void> {
  await db
    .updateTable('award_import')
    .set({
      processed_rows: checked,
      heartbeat_at: sql<Date>`now()`,
      ...(total === undefined ? {} : { total_rows: total }),
    })
    .where('id', '=', importId)
    .execute()
}

export async function setSaved(db: Db, importId: string, saved: number): Promise<void> {
  await db
    .updateTable('award_import')
    .set({ saved_rows: saved, heartbeat_at: sql<Date>`now()` })
    .where('id', '=', importId)
    .execute()
}

/** Stages rows (with their credentials written by the caller, in the same transaction). */
export async function stageRows(trx: Db, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return
  await trx.insertInto('award_import_row').values(rows).execute()
}

/**
 * Clears an import's staging, a batch per statement: its rows, and the credentials signed
 * for them whose award was never made. Returns how many rows were cleared.
 */
export async function clearStaging(db: Kysely<Database>, importId: string): Promise<number> {
  let cleared = 0
  for (;;) {
    const result = await sql<{ n: number }>`
      with gone as (
        delete from award_import_row
        where import_id = ${importId}
          and position in (
            select position from award_import_row where import_id = ${importId}
            order by position limit ${CLEAR_BATCH})
        returning award_id
      ), orphans as (
        delete from award_credential ac using gone
        where ac.award_id = gone.award_id
          and not exists (select 1 from award a where a.id = gone.award_id)
      )
      select count(*)::int as n from gone`.execute(db)
    const n = result.rows[0]?.n ?? 0
    cleared += n
    if (n < CLEAR_BATCH) return cleared
  }
}

/**
 * The final step: every staged learner registered (or brought up to date) and every staged
 * award made, in one statement inside the caller's transaction; a learner already awarded is
 * left as they were. Returns how many awards were made.
 */
export async function publishStaged(
  trx: Transaction<Database>,
  importId: string,
  delivery: {
    id: string
    organisation_id: string
    credential_id: string
    specification_version_id: string
  },
  createdBy: string | null,
): Promise<number> {
  const result = await sql<{ created: number }>`
    with staged as (
      select * from award_import_row where import_id = ${importId}
    ), learners as (
      insert into learner (delivery_id, organisation_id, given_name, family_name, email, profession,
        regulator, registration_number, eligibility_basis, eligibility_programme_id, msc_institution,
        msc_year, equivalence_file_id, created_by)
      select ${delivery.id}, ${delivery.organisation_id}, given_name, family_name, email, profession,
        regulator, registration_number, eligibility_basis, eligibility_programme_id, msc_institution,
        msc_year, equivalence_file_id, ${createdBy}::uuid
      from staged
      on conflict (delivery_id, email) do update set
        given_name = excluded.given_name,
        family_name = excluded.family_name,
        profession = excluded.profession,
        regulator = excluded.regulator,
        registration_number = excluded.registration_number,
        eligibility_basis = excluded.eligibility_basis,
        eligibility_programme_id = excluded.eligibility_programme_id,
        msc_institution = excluded.msc_institution,
        msc_year = excluded.msc_year,
        equivalence_file_id = excluded.equivalence_file_id
      returning id, email
    ), awards as (
      insert into award (id, learner_id, delivery_id, organisation_id, credential_id,
        specification_version_id, awarded_on, status, award_import_id, created_by)
      select s.award_id, l.id, ${delivery.id}, ${delivery.organisation_id}, ${delivery.credential_id},
        ${delivery.specification_version_id}, s.awarded_on, 'active', ${importId}, ${createdBy}::uuid
      from staged s join learners l on l.email = s.email
      on conflict (learner_id) do nothing
      returning id
    )
    select count(*)::int as created from awards`.execute(trx)
  return result.rows[0]?.created ?? 0
}
