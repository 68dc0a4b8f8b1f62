// The clinical areas and professions kept in memory are forgotten when they change, whoever changes them: the
// database announces each change (LISTEN/NOTIFY), and the cache is tested against a real one.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../db/database.ts'
import { config } from '../config.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { createCatalogueService } from './catalogue.ts'
import { createReferenceData } from './reference-data.ts'

/** Asks until `check` holds; a notification arrives a moment after the commit on PostgreSQL. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return
    await sleep(50)
  }
  assert.fail(`never: ${what}`)
}

describe('the reference data kept in memory', () => {
  let database: TestDatabase
  let other: DatabaseHandle | undefined
  before(async () => {
    database = await createTestDatabase()
    // On PostgreSQL another instance is another pool on the same tables; PGlite has one.
    if (database.schema)
      other = await openDatabase({ databaseUrl: config.databaseUrl, schema: database.schema })
  })
  after(async () => {
    await other?.close()
    await database.close()
  })

  const nameOf = async (catalogue: ReturnType<typeof createCatalogueService>, slug: string) =>
    (await catalogue.listAreas()).find((a) => a.slug === slug)?.name

  it('are kept: a change nobody announces is not seen', async () => {
    const referenceData = createReferenceData(database)
    await referenceData.listening
    const catalogue = createCatalogueService(database.db, referenceData)
    const [first] = await catalogue.listAreas()
    assert.ok(first)
    // Triggers do not fire for a replica, so this change is made without its announcement.
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await trx
        .updateTable('clinical_area')
        .set({ name: 'Unannounced' })
        .where('slug', '=', first.slug)
        .execute()
    })
    assert.equal(await nameOf(catalogue, first.slug), first.name)
    const uncached = createCatalogueService(database.db)
    assert.equal(await nameOf(uncached, first.slug), 'Unannounced', 'the database holds the change')
    await database.db
      .updateTable('clinical_area')
      .set({ name: first.name })
      .where('slug', '=', first.slug)
      .execute()
    await eventually(async () => (await nameOf(catalogue, first.slug)) === first.name, 'the name back')
  })

  it('are forgotten when an area is renamed, added or removed, through this instance or another', async () => {
    const referenceData = createReferenceData(database)
    await referenceData.listening
    const catalogue = createCatalogueService(database.db, referenceData)
    const writer = other?.db ?? database.db
    const [first] = await catalogue.listAreas()
    assert.ok(first)

    await writer
      .updateTable('clinical_area')
      .set({ name: 'Renamed area' })
      .where('slug', '=', first.slug)
      .execute()
    await eventually(async () => (await nameOf(catalogue, first.slug)) === 'Renamed area', 'the new name')

    await writer.insertInto('clinical_area').values({ slug: 'new-area', name: 'New area' }).execute()
    await eventually(async () => (await nameOf(catalogue, 'new-area')) === 'New area', 'the new area')
    const filtered = await catalogue.search({ area: 'new-area', page: 1, pageSize: 20 })
    assert.equal(filtered.total, 0, 'a search by the new area knows it')

    await writer.deleteFrom('clinical_area').where('slug', '=', 'new-area').execute()
    await eventually(async () => (await nameOf(catalogue, 'new-area')) === undefined, 'the area gone')
    await assert.rejects(catalogue.search({ area: 'new-area', page: 1, pageSize: 20 }), /no clinical area/)

    await writer
      .updateTable('clinical_area')
      .set({ name: first.name })
      .where('slug', '=', first.slug)
      .execute()
    await eventually(async () => (await nameOf(catalogue, first.slug)) === first.name, 'the name back')
  })

  it('forgets the professions when one is added or removed, through this instance or another', async () => {
    const referenceData = createReferenceData(database)
    await referenceData.listening
    const writer = other?.db ?? database.db
    const before = await referenceData.professions()
    assert.ok(before.length > 0)
    // Kept: a change made without its announcement is not seen.
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await trx.insertInto('profession').values({ name: 'Unannounced', sort_order: 999 }).execute()
    })
    assert.ok(!(await referenceData.professions()).includes('Unannounced'))
    await writer.deleteFrom('profession').where('name', '=', 'Unannounced').execute()
    await writer.insertInto('profession').values({ name: 'Zoo keeper', sort_order: 999 }).execute()
    await eventually(async () => (await referenceData.professions()).includes('Zoo keeper'), 'the new one')
    await writer.deleteFrom('profession').where('name', '=', 'Zoo keeper').execute()
    await eventually(async () => !(await referenceData.professions()).includes('Zoo keeper'), 'gone again')
    assert.deepEqual(await referenceData.professions(), before)
  })
})
