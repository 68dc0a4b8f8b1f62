import assert from 'node:assert/strict'
import { entriesOf } from '../../domain/reference-content.ts'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts'
import { seedIfEmpty } from './seed.ts'

// Snapshot 001 lists these as Centre-endorsed credential specifications.
const ENDORSED_IN_SEED_001 = [
  'Acute medicine',
  'Community-based rehabilitation (for healthy ageing, and for the management of long-term conditions)',
  'End-of-life care',
  'Learning disability and autism',
  'Mental health',
  'Musculo-skeletal conditions',
  'Neurological rehabilitation',
  'Older people',
  'Pelvic health',
  'Public health',
  'Surgery',
]

describe('the national catalogue seed', () => {
  let database: TestDatabase
  before(async () => {
    database = await createTestDatabase()
  })
  after(() => database.close())

  it('marks exactly the credentials that snapshot 001 lists as endorsed', async () => {
    const endorsed = await database.db
      .selectFrom('credential')
      .select('title')
      .where('status', '=', 'endorsed')
      .orderBy('title')
      .execute()
    assert.deepEqual(
      endorsed.map((c) => c.title),
      [...ENDORSED_IN_SEED_001].sort(),
    )
  })

  it('gives each credential endorsed in 2022 a periodic review 36 months from 1 January 2022, and no other', async () => {
    const scheduled = await database.db
      .selectFrom('credential')
      .select(['title', 'endorsed_on', 'next_review_due'])
      .where('next_review_due', 'is not', null)
      .orderBy('title')
      .execute()
    assert.deepEqual(
      scheduled,
      [...ENDORSED_IN_SEED_001].sort().map((title) => ({
        title,
        endorsed_on: '2022-01-01',
        next_review_due: '2025-01-01',
      })),
    )
  })

  it("keeps the earlier page's status in the timeline of a credential endorsed later", async () => {
    const events = await database.db
      .selectFrom('credential_status_event as e')
      .innerJoin('credential as c', 'c.id', 'e.credential_id')
      .select(['e.status', 'e.due_season', 'e.due_year', 'e.snapshot_code'])
      .where('c.slug', '=', 'older-people')
      .orderBy('e.id')
      .execute()
    assert.deepEqual(events, [
      { status: 'due', due_season: 'autumn', due_year: 2020, snapshot_code: '000' },
      { status: 'endorsed', due_season: null, due_year: null, snapshot_code: '001' },
    ])
  })

  it('lists every entry of snapshot 000 under its area, with other bodies named', async () => {
    const rows = await database.db
      .selectFrom('credential as c')
      .innerJoin('clinical_area as a', 'a.id', 'c.clinical_area_id')
      .select(['c.title', 'a.name as area', 'c.status', 'c.owner_name', 'c.origin'])
      .execute()
    assert.equal(rows.length, 36)
    const byTitle = new Map(rows.map((r) => [r.title, r]))
    assert.deepEqual(byTitle.get('Midwifery'), {
      title: 'Midwifery',
      area: 'Midwifery',
      status: 'exploration_phase',
      owner_name: null,
      origin: 'centre',
    })
    assert.equal(byTitle.get('Lower limb viability')?.area, 'Vascular')
    assert.equal(byTitle.get('Advanced Critical Care Practitioner (ACCP) Curriculum')?.origin, 'other_body')
    assert.match(
      byTitle.get('Emergency Care and Paediatric Curriculum')?.owner_name ?? '',
      /Royal College of Emergency Medicine/,
    )
  })

  it('loads the reference data: criteria, framework and glossary', async () => {
    const count = async (table: 'criterion' | 'framework_capability') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    assert.equal(await count('framework_capability'), 38)
    assert.ok((await count('criterion')) >= 12)
    const versions = await database.db
      .selectFrom('reference_version')
      .select(['kind', 'version', 'content'])
      .orderBy('kind')
      .execute()
    assert.deepEqual(
      versions.map((v) => `${v.kind} ${v.version}`),
      ['documents 1', 'framework 1', 'glossary 1', 'intervention_types 1'],
    )
    const sizes = versions.map((v) => entriesOf(v.kind, v.content).length)
    assert.deepEqual(
      sizes,
      [5, 38, 15, 7],
      'documents, capabilities, terms, introduction + 5 types + comparison',
    )
  })

  it('does nothing when the catalogue is already there', async () => {
    assert.equal(await seedIfEmpty(database.db), false)
    const { n } = await database.db
      .selectFrom('credential')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(n), 36)
  })
})
