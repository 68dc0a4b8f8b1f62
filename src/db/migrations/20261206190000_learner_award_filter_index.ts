import { sql, type Kysely } from 'kysely'

// The learners list's "awarded" and "not awarded" filters at 100,000 learners on one
// delivery. The unique index on award (learner_id) answers "has this learner an award?" one
// learner at a time: 100,000 probes when few learners match, which took the filter to a p95 of
// 199 ms. An award is always for its learner's delivery, so the awards of one delivery, read
// from this index alone, are all the filter needs: one hash join over the delivery's learners and
// awards. award_import_id is included so that the index alone still serves the filter where an
// award's import decides whether it is seen (the import_visibility migration).
// See learnersFiltered in src/repositories/provider-lists.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index award_delivery_learner_idx on award (delivery_id, learner_id) include (award_import_id)`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('award_delivery_learner_idx').execute()
}
