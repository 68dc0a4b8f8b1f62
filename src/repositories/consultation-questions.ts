// The questions of a consultation, in the order they are asked (position 1, 2, …). They change
// only while the consultation is a draft.
import type { Db } from '../db/database.ts'
import type { QuestionKind } from '../domain/consultations.ts'

export function listQuestions(db: Db, consultationId: string) {
  return db
    .selectFrom('consultation_question')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}

export interface QuestionFields {
  kind: QuestionKind
  prompt: string
  hint: string
  required: boolean
  options: string[]
}

export async function insertQuestion(db: Db, consultationId: string, fields: QuestionFields) {
  const last = await db
    .selectFrom('consultation_question')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst()
  return db
    .insertInto('consultation_question')
    .values({ consultation_id: consultationId, position: Number(last?.last ?? 0) + 1, ...fields })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateQuestion(db: Db, consultationId: string, position: number, fields: QuestionFields) {
  return db
    .updateTable('consultation_question')
    .set(fields)
    .where('consultation_id', '=', consultationId)
    .where('position', '=', position)
    .returningAll()
    .executeTakeFirst()
}

/** Removes the question and closes the gap, so positions stay 1, 2, … */
export async function deleteQuestion(db: Db, consultationId: string, position: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('consultation_question')
    .where('consultation_id', '=', consultationId)
    .where('position', '=', position)
    .executeTakeFirst()
  if (Number(deleted.numDeletedRows) !== 1) return false
  // Two steps through negative positions, so the unique (consultation, position) never clashes.
  await db
    .updateTable('consultation_question')
    .set((eb) => ({ position: eb.neg(eb('position', '-', 1)) }))
    .where('consultation_id', '=', consultationId)
    .where('position', '>', position)
    .execute()
  await db
    .updateTable('consultation_question')
    .set((eb) => ({ position: eb.neg(eb.ref('position')) }))
    .where('consultation_id', '=', consultationId)
    .where('position', '<', 0)
    .execute()
  return true
}

/** Swaps the questions at two positions; false when either is missing. */
export async function swapQuestions(db: Db, consultationId: string, a: number, b: number): Promise<boolean> {
  const rows = await db
    .selectFrom('consultation_question')
    .select(['id', 'position'])
    .where('consultation_id', '=', consultationId)
    .where('position', 'in', [a, b])
    .execute()
  const first = rows.find((r) => r.position === a)
  const second = rows.find((r) => r.position === b)
  if (!first || !second || a === b) return false
  await db.updateTable('consultation_question').set({ position: -a }).where('id', '=', first.id).execute()
  await db.updateTable('consultation_question').set({ position: a }).where('id', '=', second.id).execute()
  await db.updateTable('consultation_question').set({ position: b }).where('id', '=', first.id).execute()
  return true
}
