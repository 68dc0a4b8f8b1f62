// The Centre's check of a proposal, through the services, for tests that need a proposal put
// to the Credential Group: every gateway criterion judged, as sending it requires.
import type { Services } from '../../src/services/index.ts'
import type { ProcessActor } from '../../src/services/process.ts'

/** Judges every gateway criterion of the proposal met, with a reason; returns the row version. */
export async function judgeEveryCriterion(
  services: Services,
  id: string,
  rowVersion: number,
  admin: ProcessActor,
): Promise<number> {
  const proposal = await services.proposals.get(id, admin)
  if (!proposal) throw new Error(`No proposal ${id} for ${admin.label}`)
  let rv = rowVersion
  for (const c of proposal.check.criteria)
    rv = await services.proposals.judge(id, rv, c.code, 'met', `The answer to ${c.code} meets it.`, admin)
  return rv
}

/** Judges every criterion, then puts the proposal to the Credential Group; returns the row version. */
export async function sendToGroup(
  services: Services,
  id: string,
  rowVersion: number,
  admin: ProcessActor,
): Promise<number> {
  const judged = await judgeEveryCriterion(services, id, rowVersion, admin)
  return services.proposals.check(id, judged, 'send', '', admin)
}
