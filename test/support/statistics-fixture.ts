// For the statistics store's and the dashboards' tests: awards written straight to the tables
// (unsigned: the figures never read the signed credential), each with its learner, on a fixture
// delivery (insertApprovedDelivery) of a provider in a given region.
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.ts'
import type { Region } from '../../src/domain/providers.ts'
import { insertApprovedDelivery, type AwardFixture } from './award-fixture.ts'

export interface FixtureAward {
  awardedOn: string
  profession: string
  /** A status other than active, and when it changed. */
  status?: { to: 'revoked' | 'suspended'; at: string }
  /** The same registration number for two awards: one person holding both. */
  registrationNumber?: string
  importId?: string
}

export async function statisticsProvider(
  db: Kysely<Database>,
  name: string,
  region: Region,
): Promise<AwardFixture & { credentialId: string; clinicalAreaId: number }> {
  const fixture = await insertApprovedDelivery(db, { organisationName: name })
  await db.updateTable('organisation').set({ region }).where('id', '=', fixture.organisationId).execute()
  const delivery = await db
    .selectFrom('delivery as d')
    .innerJoin('credential as c', 'c.id', 'd.credential_id')
    .select(['c.id', 'c.clinical_area_id'])
    .where('d.id', '=', fixture.deliveryId)
    .executeTakeFirstOrThrow()
  return { ...fixture, credentialId: delivery.id, clinicalAreaId: delivery.clinical_area_id }
}

let learners = 0

export async function insertFixtureAwards(
  db: Kysely<Database>,
  fixture: AwardFixture,
  awards: readonly FixtureAward[],
): Promise<string[]> {
  const delivery = await db
    .selectFrom('delivery')
    .select(['id', 'organisation_id', 'credential_id', 'specification_version_id'])
    .where('id', '=', fixture.deliveryId)
    .executeTakeFirstOrThrow()
  const ids: string[] = []
  for (const award of awards) {
    learners += 1
    const learner = await db
      .insertInto('learner')
      .values({
        delivery_id: delivery.id,
        organisation_id: delivery.organisation_id,
        given_name: 'Stat',
        family_name: `Learner${learners}`,
        email: `stat-learner-${learners}-${delivery.id.slice(0, 8)}@example.org`,
        profession: award.profession,
        regulator: 'NMC',
        registration_number: award.registrationNumber ?? `ST${String(learners).padStart(6, '0')}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = await db
      .insertInto('award')
      .values({
        learner_id: learner.id,
        delivery_id: delivery.id,
        organisation_id: delivery.organisation_id,
        credential_id: delivery.credential_id,
        specification_version_id: delivery.specification_version_id,
        awarded_on: award.awardedOn,
        status: award.status?.to ?? 'active',
        status_reason: award.status ? 'Fixture' : null,
        status_changed_at: award.status ? new Date(award.status.at) : null,
        award_import_id: award.importId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.push(row.id)
  }
  return ids
}
