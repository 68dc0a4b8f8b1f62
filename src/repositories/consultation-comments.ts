// Comments of a response on one passage each, with the passage's words as the respondent saw them.
import type { Db } from '../db/database.ts'

export function listCommentsOfResponse(db: Db, responseId: string) {
  return db
    .selectFrom('consultation_comment')
    .selectAll()
    .where('response_id', '=', responseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function insertComment(
  db: Db,
  comment: { response_id: string; passage_key: string; quote: string; body: string; created_at: Date },
) {
  return db.insertInto('consultation_comment').values(comment).returningAll().executeTakeFirstOrThrow()
}

export async function updateCommentBody(db: Db, responseId: string, id: string, body: string) {
  await db
    .updateTable('consultation_comment')
    .set({ body })
    .where('id', '=', id)
    .where('response_id', '=', responseId)
    .execute()
}

/** Removes a comment its author emptied, unless the Centre has tagged it (then it is kept). */
export async function deleteUntaggedComment(db: Db, responseId: string, id: string) {
  await db
    .deleteFrom('consultation_comment')
    .where('id', '=', id)
    .where('response_id', '=', responseId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('consultation_theme_tag as t')
            .select('t.id')
            .whereRef('t.comment_id', '=', 'consultation_comment.id'),
        ),
      ),
    )
    .execute()
}
