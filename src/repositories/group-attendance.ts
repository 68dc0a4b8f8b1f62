// Who was present at a Credential Group meeting.
import type { Transaction } from 'kysely'
import type { Db } from '../db/database.ts'
import type { Database } from '../db/schema.ts'

export function listPresent(db: Db, meetingId: string) {
  return db
    .selectFrom('group_meeting_attendance as a')
    .innerJoin('user_account as u', 'u.id', 'a.member_id')
    .select(['a.member_id', 'u.display_name'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('u.display_name')
    .execute()
}

/** Sets who was present to exactly these members. */
export async function replacePresent(
  trx: Transaction<Database>,
  meetingId: string,
  memberIds: readonly string[],
) {
  await trx.deleteFrom('group_meeting_attendance').where('meeting_id', '=', meetingId).execute()
  if (memberIds.length)
    await trx
      .insertInto('group_meeting_attendance')
      .values(memberIds.map((member_id) => ({ meeting_id: meetingId, member_id })))
      .execute()
}
