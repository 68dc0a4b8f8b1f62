// The professions a practitioner, learner or credential can name, in their display order.
import type { Db } from '../db/database.ts'

export async function listProfessionNames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('profession')
    .select('name')
    .orderBy('sort_order')
    .orderBy('name')
    .execute()
  return rows.map((r) => r.name)
}
