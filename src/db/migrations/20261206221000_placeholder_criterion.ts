import { sql, type QueryExecutorProvider } from 'kysely'

// The first seed held a placeholder among the endorsement criteria, "E5+: Further criteria",
// standing for criteria not public in the seed's sources. It was never a criterion: nothing
// can be judged against it, yet the review form asked for a judgement on it and the public
// criteria page, the review form and the decision page showed it. It goes from every version
// (so a review judged against version 1 is not asked to judge it either), with any judgement
// given on it; Centre admins add the real criteria through the versioned criteria editor.
// Matched by code and by the placeholder's own wording, so that a real E5+ is never touched.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    delete from criterion c
    using criterion_set s
    where s.id = c.criterion_set_id
      and s.kind = 'endorsement'
      and c.code = 'E5+'
      and c.statement like 'Numbered from 5 onwards; not public in our sources%'`.execute(db)
  await sql`
    update review_assignment set judgements = judgements - 'E5+'
    where judgements ? 'E5+'
      and not exists (select 1 from criterion where code = 'E5+')`.execute(db)
}

// The placeholder is not put back: it had no source.
export async function down(): Promise<void> {}
