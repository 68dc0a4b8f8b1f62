// The pipeline's history for the pipeline dashboard (src/services/report-pipeline.ts): listed
// credentials by their status now, every listed credential's status timeline, and every
// proposal's steps from its timeline. The tables are small (hundreds of credentials, thousands
// of proposals); each reads through an index on the record it belongs to.
import type { Db } from '../db/database.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'

/** The steps of a proposal's timeline that move it between states. */
export const PROPOSAL_STEP_ACTIONS = [
  'proposal.submitted',
  'proposal.sent_to_group',
  'proposal.returned',
  'proposal.agreed',
  'proposal.declined',
  'proposal.deferred',
  'proposal.reconsidered',
] as const
export type ProposalStepAction = (typeof PROPOSAL_STEP_ACTIONS)[number]

/** Listed credentials counted by their status now, optionally in one clinical area. */
export async function countCredentialsByStatus(db: Db, areaId: number | null) {
  let query = db
    .selectFrom('credential')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('listed', '=', true)
  if (areaId !== null) query = query.where('clinical_area_id', '=', areaId)
  const rows = await query.groupBy('status').execute()
  return rows.map((r): { status: CredentialStatus; count: number } => ({
    status: r.status,
    count: Number(r.n),
  }))
}

/**
 * Every status event of the listed credentials (optionally of one area), with the date of the
 * catalogue source it was observed in where it came from one: the seeded catalogue's earlier
 * statuses were recorded when the catalogue was loaded, but held from the source's date.
 */
export function listStatusEvents(db: Db, areaId: number | null) {
  let query = db
    .selectFrom('credential_status_event as e')
    .innerJoin('credential as c', 'c.id', 'e.credential_id')
    .leftJoin('catalogue_snapshot as s', 's.code', 'e.snapshot_code')
    .select([
      'e.credential_id as credentialId',
      'e.status',
      'e.recorded_at as recordedAt',
      's.dated_year as sourceYear',
      's.dated_season as sourceSeason',
    ])
    .where('c.listed', '=', true)
  if (areaId !== null) query = query.where('c.clinical_area_id', '=', areaId)
  return query.orderBy('e.credential_id').orderBy('e.id').execute()
}

/** Every proposal's steps between states (optionally of proposals in one area), in the order taken. */
export async function listProposalSteps(db: Db, areaId: number | null) {
  let query = db
    .selectFrom('credential_event as e')
    .innerJoin('proposal as p', 'p.id', 'e.proposal_id')
    .select(['p.id as proposalId', 'e.action', 'e.occurred_at as at'])
    .where('e.action', 'in', PROPOSAL_STEP_ACTIONS)
  if (areaId !== null) query = query.where('p.clinical_area_id', '=', areaId)
  const rows = await query.orderBy('p.id').orderBy('e.id').execute()
  return rows.flatMap((r) => {
    const action = PROPOSAL_STEP_ACTIONS.find((a) => a === r.action)
    return action ? [{ proposalId: r.proposalId, action, at: r.at }] : []
  })
}
