// The questions of a consultation, in their order.
import type { Db } from '../db/database.ts'

export function listQuestions(db: Db, consultationId: string) {
  return db
    .selectFrom('consultation_question')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
}
