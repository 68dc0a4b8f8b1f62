// A programme accredited by the Centre, written straight to the tables for tests that need an
// accredited programme rather than the process (src/web/programme-accreditation/routes.test.ts
// takes the process itself through its pages).
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.ts'

export async function insertCentreAccreditation(
  db: Kysely<Database>,
  programme: { id: string; organisationId: string },
  period: { from: string; until: string },
): Promise<string> {
  const set = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'accreditation')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow()
  const row = await db
    .insertInto('programme_accreditation')
    .values({
      programme_id: programme.id,
      organisation_id: programme.organisationId,
      kind: 'initial',
      state: 'accredited',
      criterion_set_id: set.id,
      award_title: 'MSc Advanced Clinical Practice',
      routes: 'One route',
      modes: JSON.stringify(['blended']),
      intake: 20,
      answers: JSON.stringify({}),
      applied_on: period.from,
      decision: 'accredited',
      decided_on: period.from,
      period_from: period.from,
      period_until: period.until,
      decision_reason: 'Accredited for the test',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
