// The agenda items of Credential Group meetings: a proposal each, and the outcome once closed.
import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'
import type { GroupOutcome } from '../domain/proposal-lifecycle.ts'

export function insertItems(trx: Transaction<Database>, meetingId: string, proposalIds: readonly string[]) {
  if (!proposalIds.length) return Promise.resolve([])
  return trx
    .insertInto('group_meeting_item')
    .values(proposalIds.map((proposal_id, i) => ({ meeting_id: meetingId, proposal_id, position: i + 1 })))
    .returning('id')
    .execute()
}

/** A meeting's items in agenda order, with their proposals. */
export function listItemsOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('group_meeting_item as i')
    .innerJoin('proposal as p', 'p.id', 'i.proposal_id')
    .leftJoin('user_account as c', 'c.id', 'i.closed_by')
    .selectAll('i')
    .select([
      'p.number as proposal_number',
      'p.title as proposal_title',
      'p.state as proposal_state',
      'p.author_id as proposal_author_id',
      'c.display_name as closed_by_name',
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.position')
    .execute()
}

export function lockItem(trx: Transaction<Database>, meetingId: string, itemId: string) {
  return trx
    .selectFrom('group_meeting_item')
    .selectAll()
    .where('id', '=', itemId)
    .where('meeting_id', '=', meetingId)
    .forUpdate()
    .executeTakeFirst()
}

/** Marks that the item's votes, interests or attendance changed, so a close form opened before is stale. */
export function touchItems(trx: Transaction<Database>, meetingId: string, itemId?: string) {
  let query = trx
    .updateTable('group_meeting_item')
    .set({ row_version: sql<number>`row_version + 1` })
    .where('meeting_id', '=', meetingId)
    .where('closed_at', 'is', null)
  if (itemId !== undefined) query = query.where('id', '=', itemId)
  return query.execute()
}

export function closeItem(
  trx: Transaction<Database>,
  itemId: string,
  rowVersion: number,
  values: { outcome: GroupOutcome; closed_by: string; closed_at: Date },
) {
  return trx
    .updateTable('group_meeting_item')
    .set({ ...values, row_version: sql<number>`row_version + 1` })
    .where('id', '=', itemId)
    .where('row_version', '=', rowVersion)
    .where('closed_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/** The undecided item of an open meeting that already holds the proposal, if any. */
export function findOpenItemOfProposal(db: Db, proposalId: string) {
  return db
    .selectFrom('group_meeting_item as i')
    .innerJoin('group_meeting as m', 'm.id', 'i.meeting_id')
    .select(['i.id', 'm.id as meeting_id', 'm.number as meeting_number', 'm.kind'])
    .where('i.proposal_id', '=', proposalId)
    .where('i.closed_at', 'is', null)
    .where('m.state', '=', 'open')
    .executeTakeFirst()
}

/** Every item a proposal has been on, the latest meeting first. */
export function listItemsOfProposal(db: Db, proposalId: string) {
  return db
    .selectFrom('group_meeting_item as i')
    .innerJoin('group_meeting as m', 'm.id', 'i.meeting_id')
    .selectAll('i')
    .select(['m.number as meeting_number', 'm.kind', 'm.meets_on', 'm.starts_at', 'm.closes_on'])
    .where('i.proposal_id', '=', proposalId)
    .orderBy('m.meets_on', 'desc')
    .orderBy('m.number', 'desc')
    .execute()
}
