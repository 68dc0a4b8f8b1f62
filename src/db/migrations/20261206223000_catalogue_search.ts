import { sql, type QueryExecutorProvider } from 'kysely'

// The catalogue search folds case, accents, hyphens and spaces (src/domain/catalogue-search.ts
// folds the words typed the same way). The credential's searchable text (title, owner, notes)
// is folded into a stored generated column, which the database keeps in step on every write,
// whoever writes; a trigram index serves its "contains" matches at national volume. The area
// name is folded in the query (17 rows). normalize(…, NFD) then dropping all but a-z and 0-9
// takes accents off with the punctuation, as String.prototype.normalize('NFD') does in the code.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create function catalogue_fold(value text) returns text
    language sql immutable parallel safe
    return regexp_replace(lower(normalize(coalesce(value, ''), nfd)), '[^a-z0-9]+', '', 'g')`.execute(db)
  await sql`
    alter table credential add column search_text text not null generated always as (
      catalogue_fold(title || ' ' || coalesce(owner_name, '') || ' ' || notes::text)
    ) stored`.execute(db)
  await sql`create index credential_search_text_trgm_idx on credential
    using gin (search_text public.gin_trgm_ops)`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`drop index credential_search_text_trgm_idx`.execute(db)
  await sql`alter table credential drop column search_text`.execute(db)
  await sql`drop function catalogue_fold(text)`.execute(db)
}
