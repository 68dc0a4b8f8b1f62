// Interests Credential Group members declared in an agenda item: such a member does not vote on it.
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'

export function listInterests(db: Db, itemIds: readonly string[]) {
  if (!itemIds.length) return Promise.resolve([])
  return db
    .selectFrom('group_interest as g')
    .innerJoin('user_account as u', 'u.id', 'g.member_id')
    .select(['g.item_id', 'g.member_id', 'g.interest', 'g.declared_at', 'u.display_name'])
    .where('g.item_id', 'in', [...itemIds])
    .orderBy('u.display_name')
    .execute()
}

/** Records the interest; false when the member had already declared one in the item. */
export async function insertInterest(
  trx: Transaction<Database>,
  values: { item_id: string; member_id: string; interest: string; declared_by: string; declared_at: Date },
): Promise<boolean> {
  const row = await trx
    .insertInto('group_interest')
    .values(values)
    .onConflict((oc) => oc.columns(['item_id', 'member_id']).doNothing())
    .returning('member_id')
    .executeTakeFirst()
  return row !== undefined
}
