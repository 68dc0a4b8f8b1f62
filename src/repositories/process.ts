// Queries every step of the approval and assurance process shares: the credential as the
// process sees it, its timeline, status changes, and the people to tell.
import type { Db } from '../db/database.ts'
import type { Role } from '../domain/accounts.ts'
import type { CredentialStatus, Season } from '../domain/catalogue.ts'
import type { Insertable, Transaction } from 'kysely'
import type { CredentialEventTable, Database } from '../db/schema.ts'

export function findCredentialBySlug(db: Db, slug: string) {
  return db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select(['a.name as area_name', 'a.slug as area_slug'])
    .where('c.slug', '=', slug)
    .executeTakeFirst()
}

export function findCredentialById(db: Db, id: string) {
  return db
    .selectFrom('credential as c')
    .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
    .selectAll('c')
    .select(['a.name as area_name', 'a.slug as area_slug'])
    .where('c.id', '=', id)
    .executeTakeFirst()
}

/** Locks the credential row for the rest of the transaction, so process steps queue up. */
export function lockCredential(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('credential').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setCredentialStatus(
  db: Db,
  id: string,
  change: {
    status: CredentialStatus
    dueSeason?: Season | null
    dueYear?: number | null
    reason: string | null
    recordedBy: string
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
  await db
    .insertInto('credential_status_event')
    .values({
      credential_id: id,
      status: row.status,
      due_season: row.due_season,
      due_year: row.due_year,
      reason: change.reason,
      recorded_by: change.recordedBy,
    })
    .execute()
}

export function insertEvent(db: Db, event: Insertable<CredentialEventTable>) {
  return db.insertInto('credential_event').values(event).execute()
}

export function listCredentialEvents(db: Db, credentialId: string, proposalId: string | null) {
  let query = db.selectFrom('credential_event').selectAll()
  query = proposalId
    ? query.where((eb) => eb.or([eb('credential_id', '=', credentialId), eb('proposal_id', '=', proposalId)]))
    : query.where('credential_id', '=', credentialId)
  return query.orderBy('id').execute()
}

export function listProposalEvents(db: Db, proposalId: string) {
  return db
    .selectFrom('credential_event')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute()
}

/** Active accounts holding a role, for notices and for choosing reviewers or participants. */
export function listPeopleWithRole(db: Db, role: Role) {
  return db
    .selectFrom('user_account as u')
    .innerJoin('role_grant as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .distinct()
    .where('g.role', '=', role)
    .where('u.status', '=', 'active')
    .orderBy('u.display_name')
    .execute()
}

export function findPerson(db: Db, id: string) {
  return db
    .selectFrom('user_account')
    .select(['id', 'email', 'display_name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listFrameworkCodes(db: Db) {
  return db.selectFrom('framework_capability').select('code').execute()
}

export function findProposalByTitle(db: Db, title: string) {
  return db.selectFrom('proposal').select(['id', 'state']).where('title', '=', title).executeTakeFirst()
}

export function findCredentialByTitle(db: Db, title: string) {
  return db.selectFrom('credential').select(['id', 'slug']).where('title', '=', title).executeTakeFirst()
}
