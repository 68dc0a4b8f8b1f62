// Credential events: the timeline of a credential and of the proposal it came from, one entry
// for each step of the approval and assurance process.
import type { Insertable } from 'kysely'
import type { Db } from '../db/database.ts'
import type { CredentialEventTable } from '../db/schema.ts'

export function insertEvent(db: Db, event: Insertable<CredentialEventTable>) {
  return db.insertInto('credential_event').values(event).execute()
}

/** The credential's timeline, with its proposal's when it came from one; oldest first. */
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
