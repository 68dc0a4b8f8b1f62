// Credential Group members' votes on agenda items, one each, with the reason.
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'
import type { Vote } from '../domain/group-meetings.ts'

export function listVotes(db: Db, itemIds: readonly string[]) {
  if (!itemIds.length) return Promise.resolve([])
  return db
    .selectFrom('group_vote as v')
    .innerJoin('user_account as u', 'u.id', 'v.member_id')
    .select(['v.item_id', 'v.member_id', 'v.vote', 'v.reason', 'v.voted_at', 'u.display_name'])
    .where('v.item_id', 'in', [...itemIds])
    .orderBy('u.display_name')
    .execute()
}

/** Records the vote; false when the member had already voted on the item. */
export async function insertVote(
  trx: Transaction<Database>,
  values: { item_id: string; member_id: string; vote: Vote; reason: string; voted_at: Date },
): Promise<boolean> {
  const row = await trx
    .insertInto('group_vote')
    .values(values)
    .onConflict((oc) => oc.columns(['item_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst()
  return row !== undefined
}
