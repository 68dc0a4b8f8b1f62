// The staging area of a running award import (award_import_row), its hidden learners and
// awards, and its progress. An import writes what it will save in short transactions, hidden
// from every reader, then makes it all visible at once (publishImport); see
// src/services/award-imports.ts and the import_visibility migration.
import type { Db } from '../db/database.ts'
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely'
import type { AwardImportRowTable, Database } from '../db/schema.ts'

interface Delivery {
  id: string
  organisation_id: string
  credential_id: string
  specification_version_id: string
}

export type StagedRow = Insertable<AwardImportRowTable>

/** Rows of staging cleared per statement. */
const CLEAR_BATCH = 500

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

/** Hides an import's learners and awards until it publishes them (see the import_visibility migration). */
export async function hideImport(db: Db, importId: string): Promise<void> {
  await db
    .insertInto('award_import_pending')
    .values({ import_id: importId })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/**
 * Stages rows (with their credentials written by the caller, in the same transaction) and
 * writes their learners and awards, hidden while the import is (hideImport): a learner new to
 * the delivery is registered, one already there is found (brought up to date in the final
 * step), and a learner already awarded is left as they were. Returns how many awards it made.
 */
export async function stageRows(
  trx: Transaction<Database>,
  importId: string,
  delivery: Delivery,
  createdBy: string | null,
  rows: StagedRow[],
): Promise<number> {
  if (!rows.length) return 0
  await trx.insertInto('award_import_row').values(rows).execute()
  const positions = rows.map((row) => row.position)
  const [first, last] = [Math.min(...positions), Math.max(...positions)]
  // Two statements: in one, the planner cannot tell how many learners the insert returns, and
  // joined the rows to them by trying every pair (250 × 250 for each batch on PostgreSQL).
  await sql`
    insert into learner_record (delivery_id, organisation_id, given_name, family_name, email, profession,
      regulator, registration_number, eligibility_basis, eligibility_programme_id, msc_institution,
      msc_year, equivalence_file_id, created_by, award_import_id)
    select ${delivery.id}, ${delivery.organisation_id}, given_name, family_name, email, profession,
      regulator, registration_number, eligibility_basis, eligibility_programme_id, msc_institution,
      msc_year, equivalence_file_id, ${createdBy}::uuid, ${importId}
    from award_import_row
    where import_id = ${importId} and position between ${first} and ${last}
    on conflict (delivery_id, email) do nothing`.execute(trx)
  const result = await sql<{ created: number }>`
    with awards as (
      insert into award_record (id, learner_id, delivery_id, organisation_id, credential_id,
        specification_version_id, awarded_on, status, award_import_id, created_by)
      select s.award_id, l.id, ${delivery.id}, ${delivery.organisation_id}, ${delivery.credential_id},
        ${delivery.specification_version_id}, s.awarded_on, 'active', ${importId}, ${createdBy}::uuid
      from award_import_row s
      join learner_record l on l.delivery_id = ${delivery.id} and l.email = s.email
      where s.import_id = ${importId} and s.position between ${first} and ${last}
      on conflict (learner_id) do nothing
      returning id
    )
    select count(*)::int as created from awards`.execute(trx)
  return result.rows[0]?.created ?? 0
}

/**
 * Throws away the learners and awards an unfinished import wrote (a batch per statement), while
 * it is still hidden; a published import's are never touched. Returns how many awards went.
 */
export async function discardUnpublished(db: Kysely<Database>, importId: string): Promise<number> {
  let discarded = 0
  for (;;) {
    const result = await sql<{ n: number }>`
      with gone as (
        delete from award_record where id in (
          select id from award_record
          where award_import_id = ${importId}
            and exists (select 1 from award_import_pending where import_id = ${importId})
          limit ${CLEAR_BATCH})
        returning id
      )
      select count(*)::int as n from gone`.execute(db)
    const n = result.rows[0]?.n ?? 0
    discarded += n
    if (n < CLEAR_BATCH) break
  }
  for (;;) {
    // A learner another import has since awarded stays: that award is theirs.
    const result = await sql<{ n: number }>`
      with gone as (
        delete from learner_record where id in (
          select l.id from learner_record l
          where l.award_import_id = ${importId}
            and exists (select 1 from award_import_pending where import_id = ${importId})
            and not exists (select 1 from award_record a where a.learner_id = l.id)
          limit ${CLEAR_BATCH})
        returning id
      )
      select count(*)::int as n from gone`.execute(db)
    if ((result.rows[0]?.n ?? 0) < CLEAR_BATCH) return discarded
  }
}

/** An import's rows visible from now on (once its rows are gone, when it failed). */
export async function showImport(db: Db, importId: string): Promise<void> {
  await db.deleteFrom('award_import_pending').where('import_id', '=', importId).execute()
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
          and not exists (select 1 from award_record a where a.id = gone.award_id)
      )
      select count(*)::int as n from gone`.execute(db)
    const n = result.rows[0]?.n ?? 0
    cleared += n
    if (n < CLEAR_BATCH) return cleared
  }
}

/**
 * The final step, inside the caller's transaction: learners the import found already there
 * are brought up to date where their details changed, and every learner and award it wrote
 * becomes visible at once. Returns how many awards it made.
 */
export async function publishImport(
  trx: Transaction<Database>,
  importId: string,
  deliveryId: string,
): Promise<number> {
  await sql`
    update learner_record l set
      given_name = s.given_name,
      family_name = s.family_name,
      profession = s.profession,
      regulator = s.regulator,
      registration_number = s.registration_number,
      eligibility_basis = s.eligibility_basis,
      eligibility_programme_id = s.eligibility_programme_id,
      msc_institution = s.msc_institution,
      msc_year = s.msc_year,
      equivalence_file_id = s.equivalence_file_id
    from award_import_row s
    where s.import_id = ${importId} and l.delivery_id = ${deliveryId} and l.email = s.email
      and l.award_import_id is distinct from ${importId}
      and (l.given_name, l.family_name, l.profession, l.regulator, l.registration_number,
        l.eligibility_basis, l.eligibility_programme_id, l.msc_institution, l.msc_year,
        l.equivalence_file_id)
      is distinct from (s.given_name, s.family_name, s.profession, s.regulator, s.registration_number,
        s.eligibility_basis, s.eligibility_programme_id, s.msc_institution, s.msc_year,
        s.equivalence_file_id)`.execute(trx)
  await showImport(trx, importId)
  const made = await sql<{ n: number }>`
    select count(*)::int as n from award_record where award_import_id = ${importId}`.execute(trx)
  return made.rows[0]?.n ?? 0
}
