// A response's answers, one per question answered. Saving again changes answers in place (the
// Centre may have given one a theme) and removes those left blank.
import type { Db } from '../db/database.ts'
import { sql } from 'kysely'
import { respondentsMatching, type RespondentFilter } from './consultation-responses.ts'

export function listAnswersOfResponse(db: Db, responseId: string) {
  return db.selectFrom('consultation_answer').selectAll().where('response_id', '=', responseId).execute()
}

export async function saveAnswers(
  db: Db,
  responseId: string,
  answers: ReadonlyArray<{ questionId: string; text: string | null; choices: string[] }>,
): Promise<void> {
  const given = answers.filter((a) => (a.text ?? '') !== '' || a.choices.length > 0)
  const blank = answers.filter((a) => !given.includes(a)).map((a) => a.questionId)
  if (blank.length)
    await db
      .deleteFrom('consultation_answer')
      .where('response_id', '=', responseId)
      .where('question_id', 'in', blank)
      // An answer the Centre has tagged is kept, even if emptied: the tag refers to it.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consultation_theme_tag as t')
              .select('t.id')
              .whereRef('t.answer_id', '=', 'consultation_answer.id'),
          ),
        ),
      )
      .execute()
  for (const a of given)
    await db
      .insertInto('consultation_answer')
      .values({ response_id: responseId, question_id: a.questionId, text_value: a.text, choices: a.choices })
      .onConflict((oc) =>
        oc.columns(['response_id', 'question_id']).doUpdateSet({ text_value: a.text, choices: a.choices }),
      )
      .execute()
}

// Reading responses and publishing the outcome (src/services/consultation-outcomes.ts).

const RESPONDENT = [
  'r.name',
  'r.organisation',
  'r.capacity',
  'r.profession',
  'r.region',
  'r.publication',
  'r.updated_at',
] as const

/** One page of a question's answers from confirmed responses matching the filter, newest first. */
export function listAnswers(
  db: Db,
  consultationId: string,
  questionId: string,
  filter: RespondentFilter,
  limit: number,
  offset: number,
) {
  return db
    .selectFrom('consultation_answer as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .select(['a.id', 'a.text_value', 'a.choices', 'a.hidden_reason', 'a.hidden_at', ...RESPONDENT])
    .where('a.question_id', '=', questionId)
    .where(respondentsMatching(consultationId, filter))
    .orderBy('r.updated_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute()
}

export async function countAnswers(
  db: Db,
  consultationId: string,
  questionId: string,
  filter: RespondentFilter,
) {
  const row = await db
    .selectFrom('consultation_answer as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.question_id', '=', questionId)
    .where(respondentsMatching(consultationId, filter))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * For each question of a consultation, how many confirmed, visible answers gave something, and
 * how many chose each choice: counted in the database, never read row by row.
 */
export async function answerCounts(db: Db, consultationId: string) {
  const answered = await db
    .selectFrom('consultation_answer as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .select(['a.question_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
    .where('a.hidden_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(eb.fn('cardinality', ['a.choices']), '>', 0),
        eb(eb.fn('btrim', ['a.text_value']), '<>', ''),
      ]),
    )
    .groupBy('a.question_id')
    .execute()
  const chosen = await sql<{ question_id: string; choice: string; n: string }>`
    select a.question_id, c.choice, count(distinct a.id) as n
    from consultation_answer a
    join consultation_response r on r.id = a.response_id
    cross join lateral unnest(a.choices) as c(choice)
    where r.consultation_id = ${consultationId} and r.confirmed_at is not null and a.hidden_at is null
    group by a.question_id, c.choice`.execute(db)
  return {
    answered: answered.map((r) => ({ questionId: r.question_id, count: Number(r.n) })),
    chosen: chosen.rows.map((r) => ({ questionId: r.question_id, choice: r.choice, count: Number(r.n) })),
  }
}

/** A batch of every answer (hidden ones too, marked) of confirmed responses, after an answer id. */
export function answersAfter(db: Db, consultationId: string, afterId: string | null, limit: number) {
  let query = db
    .selectFrom('consultation_answer as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .innerJoin('consultation_question as q', 'q.id', 'a.question_id')
    .select([
      'a.id',
      'a.response_id',
      'q.position',
      'q.prompt',
      'a.text_value',
      'a.choices',
      'a.hidden_reason',
      'a.hidden_at',
    ])
    .where('r.consultation_id', '=', consultationId)
    .where('r.confirmed_at', 'is not', null)
  if (afterId !== null) query = query.where('a.id', '>', afterId)
  return query.orderBy('a.id').limit(limit).execute()
}

/** One answer with the consultation it belongs to. */
export function findAnswer(db: Db, id: string) {
  return db
    .selectFrom('consultation_answer as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .innerJoin('consultation_question as q', 'q.id', 'a.question_id')
    .select([
      'a.id',
      'a.text_value',
      'a.choices',
      'a.hidden_at',
      'r.consultation_id',
      'r.confirmed_at',
      'q.prompt',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

/** Hides an answer; false when it was already hidden. */
export async function hideAnswer(db: Db, id: string, reason: string, by: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('consultation_answer')
    .set({ hidden_reason: reason, hidden_by: by, hidden_at: at })
    .where('id', '=', id)
    .where('hidden_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
