// The synthetic population of `npm run seed:scale`, 200 people on the test database: counts,
// well-formed registration numbers, search names in search form, the same rows for the same
// seed, and the directory's search finding a generated name.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { REGULATORS, registrationNumberProblem, type Regulator } from '../../src/domain/award-rows.ts'
import { searchForm } from '../../src/domain/practitioners.ts'
import { REGIONS } from '../../src/domain/providers.ts'
import { seedDemoProcess } from '../../src/services/demo-process.ts'
import { seedDemoProvider } from '../../src/services/demo-provider.ts'
import { countScaleAccounts, seedScale } from '../../src/services/scale-seed.ts'
import { createTestApp, type TestApp } from '../support/app.ts'

const N = 200
let t: TestApp
let result: Awaited<ReturnType<typeof seedScale>>

before(async () => {
  t = await createTestApp()
  await t.services.accounts.createDemoAccounts()
  await seedDemoProcess(t.database.db, t.services)
  await seedDemoProvider(t.database.db, t.services)
  result = await seedScale(t.database.db, { practitioners: N, seed: 7 })
})

after(async () => {
  await t?.close()
})

const synthetic = () =>
  t.database.db
    .selectFrom('practitioner_profile as p')
    .innerJoin('user_account as a', 'a.id', 'p.user_id')
    .innerJoin('directory_entry as e', 'e.user_id', 'p.user_id')
    .select([
      'a.email',
      'a.is_demo',
      'p.user_id',
      'p.given_name',
      'p.family_name',
      'p.profession',
      'p.regulator',
      'p.registration_number',
      'p.region',
      'e.listed',
      'e.search_name',
    ])
    .where('a.email', 'like', '%@scale.invalid')
    .orderBy('a.email')
    .execute()

describe('seed:scale', () => {
  it('makes N synthetic practitioners, about 70% listed and 30% with an award', async () => {
    const people = await synthetic()
    assert.equal(people.length, N)
    assert.equal(await countScaleAccounts(t.database.db), N)
    assert.ok(people.every((p) => p.is_demo))
    const listed = people.filter((p) => p.listed).length
    assert.equal(result.listed, listed)
    assert.ok(listed > N * 0.55 && listed < N * 0.85, `${listed} listed`)
    assert.ok(result.awards > N * 0.18 && result.awards < N * 0.42, `${result.awards} awards`)
    assert.ok(result.shownAwards <= result.awards && result.shownAwards > 0)
    const grants = await t.database.db
      .selectFrom('role_grant')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'practitioner')
      .where(
        'user_id',
        'in',
        people.map((p) => p.user_id),
      )
      .executeTakeFirstOrThrow()
    assert.equal(Number(grants.n), N)
  })

  it('gives everyone a known profession and region and a well-formed registration number', async () => {
    const professions = (await t.database.db.selectFrom('profession').select('name').execute()).map(
      (p) => p.name,
    )
    for (const p of await synthetic()) {
      assert.ok(professions.includes(p.profession), p.profession)
      assert.ok((REGIONS as readonly string[]).includes(p.region), p.region)
      assert.ok((REGULATORS as readonly string[]).includes(p.regulator), p.regulator)
      assert.equal(
        registrationNumberProblem(p.regulator as Regulator, p.registration_number),
        null,
        `${p.regulator} ${p.registration_number}`,
      )
      assert.equal(p.search_name, searchForm(`${p.given_name} ${p.family_name}`))
    }
  })

  it('refuses to fill the same database twice', async () => {
    await assert.rejects(seedScale(t.database.db, { practitioners: 1, seed: 7 }), /already holds synthetic/)
  })

  it('is found by the directory search, also misspelt', async () => {
    const person = (await synthetic()).find((p) => p.listed && p.family_name.length >= 5)!
    const exact = await t.services.practitioners.search({
      name: `${person.given_name} ${person.family_name}`,
    })
    assert.ok(exact.entries.some((e) => e.id === person.user_id))
    const misspelt = person.family_name.slice(0, 2) + person.family_name.slice(3)
    const fuzzy = await t.services.practitioners.search({ name: `${person.given_name} ${misspelt}` })
    assert.ok(fuzzy.total > 0)
    const response = await t.app.inject({
      url: `/api/v1/directory?name=${encodeURIComponent(person.family_name)}`,
    })
    assert.equal(response.statusCode, 200)
    assert.ok((response.json() as { total: number }).total > 0)
  })
})
