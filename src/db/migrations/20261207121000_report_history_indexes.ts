import { sql, type QueryExecutorProvider } from 'kysely'

// The pipeline and engagement dashboards (src/repositories/pipeline-history.ts and
// consultation-responses.ts) read every proposal's state-changing steps, and the confirmed consultation
// responses of a period: each through an index of just those rows, not the whole timeline or
// every draft response.
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`
    create index credential_event_proposal_step_idx on credential_event (proposal_id, id)
      where action in ('proposal.submitted', 'proposal.sent_to_group', 'proposal.returned',
        'proposal.agreed', 'proposal.declined', 'proposal.deferred', 'proposal.reconsidered')`.execute(db)
  await sql`
    create index consultation_response_confirmed_idx on consultation_response (confirmed_at)
      where confirmed_at is not null`.execute(db)
}

export async function down(db: QueryExecutorProvider): Promise<void> {
  await sql`drop index consultation_response_confirmed_idx`.execute(db)
  await sql`drop index credential_event_proposal_step_idx`.execute(db)
}
