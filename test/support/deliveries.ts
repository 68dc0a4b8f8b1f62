// A small fixture for tests of learners and awards: a delivery of a published version of a
// catalogue credential, inserted directly rather than through the delivery-plan journey.
import type { DeliveryState } from '../../src/domain/providers.ts'
import type { TestApp } from './app.ts'
import { insertFixtureHistory } from './award-fixture.ts'

/** A delivery of a published version of a catalogue credential, inserted directly. */
export async function deliveryFixture(
  t: TestApp,
  organisationId: string,
  options: {
    state?: DeliveryState
    startDate?: string
    number?: number
    /** When the delivery was approved (its history says so too); by default 1 August 2025. */
    approvedAt?: Date
  } = {},
) {
  const db = t.database.db
  const credential = await db
    .selectFrom('credential')
    .select(['id', 'title'])
    .orderBy('slug')
    .executeTakeFirstOrThrow()
  const author = await db.selectFrom('user_account').select('id').executeTakeFirstOrThrow()
  const version = await db
    .insertInto('specification_version')
    .values({
      credential_id: credential.id,
      number: options.number ?? 900 + Math.floor(Math.random() * 90_000),
      kind: 'specification',
      author_id: author.id,
      state: 'published',
      content: JSON.stringify({}),
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const delivery = await db
    .insertInto('delivery')
    .values({
      organisation_id: organisationId,
      specification_version_id: version.id,
      credential_id: credential.id,
      state: options.state ?? 'approved',
      mode: 'blended',
      start_date: options.startDate ?? '2025-09-01',
      expected_cohort: 20,
      assessment: 'Portfolio and viva',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertFixtureHistory(db, delivery.id, options.state ?? 'approved', options.approvedAt)
  return { id: delivery.id, credentialTitle: credential.title }
}
