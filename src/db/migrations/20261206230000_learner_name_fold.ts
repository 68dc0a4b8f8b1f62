import { sql, type Kysely } from 'kysely'

// Learners are found by the start of a name with its accents taken off, so that "Sian" finds
// Siân and "Zoe" finds Zoë; `foldName` in src/domain/list-search.ts folds the words typed the
// same way. The two name indexes (on learner_record, the table behind the learner view) are
// rebuilt on the folded name.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function name_fold(value text) returns text
    language sql immutable parallel safe
    return regexp_replace(normalize(lower(coalesce(value, '')), nfd), '[\\u0300-\\u036f]', '', 'g')`.execute(
    db,
  )
  await db.schema.dropIndex('learner_family_name_search_idx').execute()
  await db.schema.dropIndex('learner_given_name_search_idx').execute()
  await sql`create index learner_family_name_search_idx on learner_record
    (organisation_id, name_fold(family_name) text_pattern_ops)`.execute(db)
  await sql`create index learner_given_name_search_idx on learner_record
    (organisation_id, name_fold(given_name) text_pattern_ops)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('learner_family_name_search_idx').execute()
  await db.schema.dropIndex('learner_given_name_search_idx').execute()
  await sql`create index learner_family_name_search_idx on learner_record
    (organisation_id, lower(family_name) text_pattern_ops)`.execute(db)
  await sql`create index learner_given_name_search_idx on learner_record
    (organisation_id, lower(given_name) text_pattern_ops)`.execute(db)
  await sql`drop function name_fold(text)`.execute(db)
}
