// Comments of a response on one passage each, with the passage's words as the respondent saw them.
import type { Db } from '../db/database.ts'
import { respondentsMatching, type RespondentFilter } from './consultation-responses.ts'

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

// Reading responses and publishing the outcome (src/services/consultation-outcomes.ts).

/** Each passage commented on by confirmed respondents matching the filter, with how many comments. */
export async function passagesCommented(db: Db, consultationId: string, filter: RespondentFilter) {
  const rows = await db
    .selectFrom('consultation_comment as m')
    .innerJoin('consultation_response as r', 'r.id', 'm.response_id')
    .select((eb) => ['m.passage_key', eb.fn.min('m.quote').as('quote'), eb.fn.countAll<string>().as('n')])
    .where(respondentsMatching(consultationId, filter))
    .groupBy('m.passage_key')
    .orderBy('m.passage_key')
    .limit(1000)
    .execute()
  return rows.map((r) => ({ passageKey: r.passage_key, quote: r.quote, count: Number(r.n) }))
}

/** One page of a passage's comments from confirmed responses matching the filter, oldest first. */
export function listComments(
  db: Db,
  consultationId: string,
  passageKey: string,
  filter: RespondentFilter,
  limit: number,
  offset: number,
) {
  return db
    .selectFrom('consultation_comment as m')
    .innerJoin('consultation_response as r', 'r.id', 'm.response_id')
    .select([
      'm.id',
      'm.passage_key',
      'm.quote',
      'm.body',
      'm.created_at',
      'm.hidden_reason',
      'm.hidden_at',
      'r.name',
      'r.organisation',
      'r.capacity',
      'r.profession',
      'r.region',
      'r.publication',
    ])
    .where('m.passage_key', '=', passageKey)
    .where(respondentsMatching(consultationId, filter))
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

/** A batch of every comment (hidden ones too, marked) of confirmed responses, after a comment id. */
export function commentsAfter(db: Db, consultationId: string, afterId: string | null, limit: number) {
  let query = db
    .selectFrom('consultation_comment as m')
    .innerJoin('consultation_response as r', 'r.id', 'm.response_id')
    .select([
      'm.id',
      'm.response_id',
      'm.passage_key',
      'm.quote',
      'm.body',
      'm.created_at',
      'm.hidden_reason',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
  if (afterId !== null) query = query.where('m.id', '>', afterId)
  return query.orderBy('m.id').limit(limit).execute()
}

export function findComment(db: Db, id: string) {
  return db
    .selectFrom('consultation_comment as m')
    .innerJoin('consultation_response as r', 'r.id', 'm.response_id')
    .select([
      'm.id',
      'm.body',
      'm.quote',
      'm.passage_key',
      'm.hidden_at',
      'r.consultation_id',
      'r.confirmed_at',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst()
}

/** Hides a comment; false when it was already hidden. */
export async function hideComment(
  db: Db,
  id: string,
  reason: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('consultation_comment')
    .set({ hidden_reason: reason, hidden_by: by, hidden_at: at })
    .where('id', '=', id)
    .where('hidden_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
