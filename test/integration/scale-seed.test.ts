// The synthetic population of `npm run seed:scale`, 200 people on the test database: counts,
// well-formed registration numbers, search names in search form, the same rows for the same
// seed, and the directory's search finding a generated name. Then its providers, 2 with 50
// learners each: awards signed and verifiable, made by completed award imports run by the job
// worker; and the command's usage message for bad arguments.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { REGULATORS, registrationNumberProblem, type Regulator } from '../../src/domain/award-rows.ts'
import { searchForm } from '../../src/domain/practitioners.ts'
import { REGIONS } from '../../src/domain/providers.ts'
import { createDemoAccounts } from '../../src/db/seed/demo-accounts.ts'
import { seedDemoProcess } from '../../src/db/seed/demo-process.ts'
import { seedDemoProvider } from '../../src/db/seed/demo-provider.ts'
import { scaleProviderName, seedScaleProviders } from '../../src/db/seed/scale-providers.ts'
import { countScaleAccounts, seedScale } from '../../src/db/seed/scale-seed.ts'
import { createTestApp, type TestApp } from '../support/app.ts'
import { runCli } from '../support/cli.ts'

const N = 200
let t: TestApp
let result: Awaited<ReturnType<typeof seedScale>>

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
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
    const exact = await t.services.directory.search({
      name: `${person.given_name} ${person.family_name}`,
    })
    assert.ok(exact.entries.some((e) => e.id === person.user_id))
    const misspelt = person.family_name.slice(0, 2) + person.family_name.slice(3)
    const fuzzy = await t.services.directory.search({ name: `${person.given_name} ${misspelt}` })
    assert.ok(fuzzy.total > 0)
    const response = await t.app.inject({
      url: `/api/v1/directory?name=${encodeURIComponent(person.family_name)}`,
    })
    assert.equal(response.statusCode, 200)
    assert.ok(response.json<{ total: number }>().total > 0)
  })
})

describe('seed:scale --providers', () => {
  const PROVIDERS = 2
  const LEARNERS = 50
  let made: Awaited<ReturnType<typeof seedScaleProviders>>

  before(async () => {
    // 20 rows an import: each provider's 50 learners come in three imports (20, 20, 10).
    made = await seedScaleProviders(t.database.db, t.services, t.config, {
      providers: PROVIDERS,
      learners: LEARNERS,
      seed: 7,
      importRows: 20,
    })
  })

  it('makes approved providers whose learners each have one signed award', async () => {
    const db = t.database.db
    assert.equal(made.providers.length, PROVIDERS)
    assert.equal(made.awards, PROVIDERS * LEARNERS)
    for (const [i, provider] of made.providers.entries()) {
      assert.equal(provider.name, scaleProviderName(7, i + 1))
      const detail = await t.services.providers.getProvider(provider.organisationId)
      assert.equal(detail?.deliveryList.length, 1)
      assert.equal(detail?.deliveryList[0]?.state, 'approved')
      assert.equal(detail?.programmes[0]?.accreditation, 'accredited')
      const counts = await db
        .selectFrom('learner as l')
        .leftJoin('award as a', 'a.learner_id', 'l.id')
        .leftJoin('award_credential as c', 'c.award_id', 'a.id')
        .select((eb) => [
          eb.fn.count<number>('l.id').distinct().as('learners'),
          eb.fn.count<number>('a.id').distinct().as('awards'),
          eb.fn.count<number>('c.award_id').distinct().as('signed'),
        ])
        .where('l.delivery_id', '=', provider.deliveryId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(
        { learners: Number(counts.learners), awards: Number(counts.awards), signed: Number(counts.signed) },
        { learners: LEARNERS, awards: LEARNERS, signed: LEARNERS },
      )
    }
  })

  it('made every award through a completed award import, run as an award-import job', async () => {
    const db = t.database.db
    for (const provider of made.providers) {
      const imports = await db
        .selectFrom('award_import')
        .select(['id', 'state', 'source', 'total_rows', 'created_count'])
        .where('organisation_id', '=', provider.organisationId)
        .orderBy('created_at')
        .execute()
      assert.deepEqual(
        imports.map((i) => [i.state, i.source, i.total_rows, i.created_count]),
        [
          ['completed', 'csv', 20, 20],
          ['completed', 'csv', 20, 20],
          ['completed', 'csv', 10, 10],
        ],
      )
      assert.deepEqual(imports.map((i) => i.id).sort(), [...provider.importIds].sort())
      const awardsOutsideImports = await db
        .selectFrom('award')
        .select('id')
        .where('delivery_id', '=', provider.deliveryId)
        .where((eb) =>
          eb.or([eb('award_import_id', 'is', null), eb('award_import_id', 'not in', provider.importIds)]),
        )
        .execute()
      assert.equal(awardsOutsideImports.length, 0)
      const jobs = await db
        .selectFrom('job')
        .select(['state', 'key'])
        .where('kind', '=', 'award-import')
        .where(
          'key',
          'in',
          provider.importIds.map((id) => `award-import:${id}`),
        )
        .execute()
      assert.deepEqual(
        jobs.map((j) => j.state),
        ['done', 'done', 'done'],
      )
    }
  })

  it('signs credentials that verify', async () => {
    const award = await t.database.db
      .selectFrom('award')
      .select('id')
      .where('delivery_id', '=', made.providers[1]!.deliveryId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const credential = await t.app.inject({ url: `/awards/${award.id}/credential` })
    assert.equal(credential.statusCode, 200)
    const result = await t.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { credential: JSON.parse(credential.body) as unknown },
    })
    assert.equal(result.statusCode, 200)
    const body = JSON.parse(result.body) as { verdict: string; issuer: { name: string } | null }
    assert.equal(body.verdict, 'valid')
  })

  it('refuses a seed whose providers exist', async () => {
    await assert.rejects(
      seedScaleProviders(t.database.db, t.services, t.config, { providers: 1, learners: 1, seed: 7 }),
      /already holds synthetic providers of seed 7/,
    )
  })

  it('answers bad arguments with the usage message, before touching a database', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'apc-scale-args-'))
    try {
      const cases: Array<[string[], RegExp]> = [
        [[], /Say what to make/],
        [['--providers', '2'], /--providers and --learners go together/],
        [['--learners', '50'], /--providers and --learners go together/],
        [['--providers', '0', '--learners', '50'], /--providers must be from 1 to 1,000/],
        [['--providers', '2', '--learners', 'many'], /--learners must be a whole number/],
        [
          ['--providers', '2', '--learners', '50', '--import-rows', '5000000'],
          /--import-rows must be from 1/,
        ],
        [['--practitioners', '10', '--import-rows', '10'], /--import-rows is for --providers/],
        [['--providers', '1000', '--learners', '1000000'], /At most 10,000,000 learners/],
        [['--providers', '2', '--learners', '50', '--unknown'], /Unknown option '--unknown'/],
      ]
      // Three at a time: nine commands starting at once on two cores outran the timeout.
      const results: Awaited<ReturnType<typeof runCli>>[] = []
      for (let i = 0; i < cases.length; i += 3)
        results.push(
          ...(await Promise.all(cases.slice(i, i + 3).map(([args]) => runCli(['seed:scale', ...args], dir)))),
        )
      for (const [i, result] of results.entries()) {
        const [args, problem] = cases[i]!
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, problem, args.join(' '))
        assert.match(
          result.stderr,
          /Usage: npm run seed:scale -- \[--practitioners <n>\] \[--providers <p> --learners <n>\]/,
        )
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
