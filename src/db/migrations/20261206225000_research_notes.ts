import { sql, type QueryExecutorProvider } from 'kysely'

// The first seed gave four credentials notes that were about its sources rather than about
// the credential ("The catalogue page does not name the body that owns this curriculum."),
// and the credential page showed them under "Notes". They go from existing databases as they
// went from the seed; each is matched by its exact wording, so a note a Centre admin wrote is
// never touched.
export const RESEARCH_NOTES = [
  'The earlier catalogue page listed this area with no credential in it yet.',
  'The earlier page lists an ophthalmology curriculum or framework as to be confirmed.',
  'The catalogue page links to a framework for primary care nursing and gives no status.',
  'The catalogue page does not name the body that owns this curriculum.',
]

export async function up(db: QueryExecutorProvider): Promise<void> {
  for (const note of RESEARCH_NOTES) {
    await sql`
      update credential
      set notes = (
        select coalesce(jsonb_agg(n.value order by n.ordinality), '[]'::jsonb)
        from jsonb_array_elements(notes) with ordinality as n(value, ordinality)
        where n.value <> to_jsonb(${note}::text)
      )
      where notes @> jsonb_build_array(${note}::text)`.execute(db)
  }
}

// Not put back: they were never about the credentials.
export async function down(): Promise<void> {}
