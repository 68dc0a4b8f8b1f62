// The needs in force and their versions on a real database: a change adds a version and keeps
// the old one, a stale row version writes nothing, removal takes a need out of the current
// figures but keeps its history, and the filters narrow together.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import {
  addNeedVersion,
  countCurrentNeeds,
  currentNeeds,
  findCurrentNeed,
  insertNeed,
  needHistory,
  needInForce,
} from './workforce-needs.ts'

describe('workforce needs repository', () => {
  let database: TestDatabase
  let credential: { id: string; clinical_area_id: number }
  let otherArea: number

  before(async () => {
    database = await createTestDatabase()
    credential = await database.db
      .selectFrom('credential')
      .select(['id', 'clinical_area_id'])
      .orderBy('slug')
      .executeTakeFirstOrThrow()
    const area = await database.db
      .selectFrom('clinical_area')
      .select('id')
      .where('id', '<>', credential.clinical_area_id)
      .executeTakeFirstOrThrow()
    otherArea = area.id
  })
  after(() => database.close())

  it('records, changes and removes a need, keeping every version', async () => {
    const { db } = database
    const source = {
      source: 'NHS Long Term Workforce Plan',
      source_date: '2023-06-30',
      reason: null,
      recorded_by: null,
    }
    const need = await insertNeed(
      db,
      { credential_id: credential.id, region: 'london', financial_year: 2026 },
      { ...source, planned: 40 },
    )
    await insertNeed(
      db,
      { clinical_area_id: otherArea, region: 'london', financial_year: 2025 },
      { ...source, planned: 12 },
    )
    await insertNeed(
      db,
      { credential_id: credential.id, region: 'north_west', financial_year: 2027 },
      { ...source, planned: 7 },
    )
    assert.equal(await needInForce(db, { credentialId: credential.id }, 'london', 2026), true)
    assert.equal(await needInForce(db, { areaId: otherArea }, 'london', 2026), false)

    const changed = await addNeedVersion(db, need.id, need.row_version, {
      ...source,
      kind: 'changed',
      planned: 55,
      reason: 'The plan was revised.',
      recorded_at: new Date(),
    })
    assert.equal(changed?.current_version, 2)
    const stale = await addNeedVersion(db, need.id, need.row_version, {
      ...source,
      kind: 'changed',
      planned: 1,
      recorded_at: new Date(),
    })
    assert.equal(stale, undefined)
    assert.equal((await findCurrentNeed(db, need.id))?.planned, 55)

    assert.deepEqual(
      (await currentNeeds(db, { areaId: credential.clinical_area_id })).map((n) => [
        n.region,
        n.financialYear,
        n.planned,
      ]),
      [
        ['london', 2026, 55],
        ['north_west', 2027, 7],
      ],
    )
    assert.equal((await currentNeeds(db, { region: 'london' })).length, 2)
    assert.equal((await currentNeeds(db, { fromYear: 2026, toYear: 2026 })).length, 1)
    assert.equal(await countCurrentNeeds(db, { credentialId: credential.id }), 2)
    assert.equal((await currentNeeds(db, {}, { limit: 1, offset: 1 })).length, 1)

    const removed = await addNeedVersion(db, need.id, changed?.row_version ?? -1, {
      ...source,
      kind: 'removed',
      planned: null,
      recorded_at: new Date(),
    })
    assert.ok(removed?.removed_at)
    assert.equal(await findCurrentNeed(db, need.id), undefined)
    assert.equal(await needInForce(db, { credentialId: credential.id }, 'london', 2026), false)
    assert.deepEqual(
      (await needHistory(db, need.id)).map((v) => [v.version, v.kind, v.planned]),
      [
        [3, 'removed', null],
        [2, 'changed', 55],
        [1, 'recorded', 40],
      ],
    )
    // A removed need takes no more versions.
    assert.equal(
      await addNeedVersion(db, need.id, removed?.row_version ?? -1, {
        ...source,
        kind: 'changed',
        planned: 3,
        recorded_at: new Date(),
      }),
      undefined,
    )
  })

  it('refuses a need for both a credential and an area, or for neither', async () => {
    const { db } = database
    const first = { source: 'Plan', source_date: '2024-01-01', reason: null, recorded_by: null, planned: 1 }
    await assert.rejects(
      insertNeed(
        db,
        { credential_id: credential.id, clinical_area_id: otherArea, region: 'london', financial_year: 2030 },
        first,
      ),
    )
    await assert.rejects(insertNeed(db, { region: 'london', financial_year: 2030 }, first))
  })
})
