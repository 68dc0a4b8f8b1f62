// Credentials: the catalogue entries that proposals and recognised applications become, and
// the changes of their catalogue status, each recorded as an event.
import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { CredentialStatus, Season } from '../domain/catalogue.ts'
import type { CredentialTable, Database } from '../db/schema.ts'

export function insertCredential(db: Db, credential: Insertable<CredentialTable>) {
  return db.insertInto('credential').values(credential).returningAll().executeTakeFirstOrThrow()
}

/** The slugs already taken by `slug` and its numbered variants (`slug-2`, …). */
export async function slugsLike(db: Db, slug: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('credential')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('slug', 'like', `${slug}-%`)]))
    .execute()
  return new Set(rows.map((r) => r.slug))
}

/** A credential with its clinical area, listed in the catalogue or not. */
export function findCredentialBySlug(db: Db, slug: string) {
  return credentialWithArea(db).where('c.slug', '=', slug).executeTakeFirst()
}

export function findCredentialById(db: Db, id: string) {
  return credentialWithArea(db).where('c.id', '=', id).executeTakeFirst()
}

/** Every credential the catalogue lists, with its area, by area and title: the catalogue's exports read it whole. */
export function listListedCredentials(db: Db) {
  return credentialWithArea(db).where('c.listed', '=', true).orderBy('a.name').orderBy('c.title').execute()
}

function credentialWithArea(db: Db) {
  return db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select(['a.name as area_name', 'a.slug as area_slug', 'a.note as area_note'])
}

/** Records where the Centre published the credential's specification, or clears it. */
export function setCredentialDocument(db: Db, id: string, document: { url: string; title: string } | null) {
  return db
    .updateTable('credential')
    .set((eb) => ({
      document_url: document?.url ?? null,
      document_title: document?.title ?? null,
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .execute()
}

export function findCredentialByTitle(db: Db, title: string) {
  return db.selectFrom('credential').select(['id', 'slug']).where('title', '=', title).executeTakeFirst()
}

/** Locks the credential row for the rest of the transaction, so process steps queue up. */
export function lockCredential(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('credential').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Sets the credential's catalogue status and records the change as a status event. */
export async function setCredentialStatus(
  db: Db,
  id: string,
  change: {
    status: CredentialStatus
    dueSeason?: Season | null
    dueYear?: number | null
    reason: string | null
    recordedBy: string
    recordedAt: Date
  },
) {
  const due =
    change.dueSeason === undefined ? {} : { due_season: change.dueSeason, due_year: change.dueYear ?? null }
  const row = await db
    .updateTable('credential')
    .set((eb) => ({
      status: change.status,
      ...due,
      updated_at: new Date(),
      row_version: eb('row_version', '+', 1),
    }))
    .where('id', '=', id)
    .returning(['status', 'due_season', 'due_year'])
    .executeTakeFirstOrThrow()
  await insertStatusEvent(db, {
    credentialId: id,
    status: row.status,
    dueSeason: row.due_season,
    dueYear: row.due_year,
    reason: change.reason,
    recordedBy: change.recordedBy,
    recordedAt: change.recordedAt,
  })
}

/** One entry of the credential's public status timeline. */
export async function insertStatusEvent(
  db: Db,
  event: {
    credentialId: string
    status: CredentialStatus
    dueSeason: Season | null
    dueYear: number | null
    reason: string | null
    recordedBy: string
    recordedAt: Date
  },
) {
  await db
    .insertInto('credential_status_event')
    .values({
      credential_id: event.credentialId,
      status: event.status,
      due_season: event.dueSeason,
      due_year: event.dueYear,
      reason: event.reason,
      recorded_by: event.recordedBy,
      recorded_at: event.recordedAt,
    })
    .execute()
}
