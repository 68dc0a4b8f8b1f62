// A response's answers, one per question answered. Saving again changes answers in place (the
// Centre may have given one a theme) and removes those left blank.
import type { Db } from '../db/database.ts'

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
