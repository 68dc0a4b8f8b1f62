// The delivery dashboard's figures on a small real database: six providers in two regions, two
// credentials, deliveries approved in 2025 and 2026 (and some that do not count), and quality
// returns that came on time, late, with concerns or are not yet due.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import { fixedClock } from '../domain/clock.ts'
import type { Region } from '../domain/providers.ts'
import type { Audience, Dataset } from '../domain/statistics.ts'
import { insertApprovedDelivery, insertFixtureHistory } from '../../test/support/award-fixture.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { insertLearnersWithAwards } from '../../test/support/list-fixture.ts'
import { createReferenceData } from './reference-data.ts'
import { deliveryDatasets } from './report-delivery.ts'
import { createStatisticsService } from './statistics.ts'
import { createReportsService, type ReportsService } from './reports.ts'

let database: TestDatabase
let reports: ReportsService
const clock = fixedClock('2026-12-07T12:00:00Z')
const orgs: string[] = []
let areaId = 0
const CENTRE: Audience = { kind: 'centre' }
const PUBLIC: Audience = { kind: 'public' }

async function organisation(db: Kysely<Database>, name: string, region: Region) {
  const row = await db
    .insertInto('organisation')
    .values({ name, kind: 'provider', region })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function delivery(
  db: Kysely<Database>,
  organisationId: string,
  versionOf: string,
  state: 'approved' | 'applied' | 'withdrawn',
  approvedAt: string,
) {
  const source = await db
    .selectFrom('delivery')
    .select(['specification_version_id', 'credential_id'])
    .where('id', '=', versionOf)
    .executeTakeFirstOrThrow()
  const row = await db
    .insertInto('delivery')
    .values({
      organisation_id: organisationId,
      specification_version_id: source.specification_version_id,
      credential_id: source.credential_id,
      state,
      mode: 'online',
      start_date: '2024-09-01',
      expected_cohort: 10,
      assessment: 'Portfolio',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertFixtureHistory(db, row.id, state, new Date(approvedAt))
  return row.id
}

async function qualityReturn(
  db: Kysely<Database>,
  deliveryId: string,
  dueOn: string,
  state: 'due' | 'submitted' | 'accepted' | 'concern_raised',
  firstSubmittedAt: string | null,
  concernRaisedAt: string | null = null,
) {
  await db
    .insertInto('quality_return')
    .values({
      delivery_id: deliveryId,
      period_year: Number(dueOn.slice(0, 4)) - 2023,
      due_on: dueOn,
      state,
      submitted_at: firstSubmittedAt ? new Date(firstSubmittedAt) : null,
      first_submitted_at: firstSubmittedAt ? new Date(firstSubmittedAt) : null,
      concern_raised_at: concernRaisedAt ? new Date(concernRaisedAt) : null,
    })
    .execute()
}

before(async () => {
  database = await createTestDatabase()
  const { db } = database
  reports = createReportsService(db, clock, createReferenceData(database), deliveryDatasets)
  for (const [n, region] of [
    [1, 'london'],
    [2, 'london'],
    [3, 'london'],
    [4, 'london'],
    [5, 'london'],
    [6, 'north_west'],
  ] as const)
    orgs.push(await organisation(db, `Provider ${n}`, region))
  const [p1 = '', p2 = '', p3 = '', p4 = '', p5 = '', p6 = ''] = orgs
  // Credential X, approved for all six in 2025; credential Y for provider 1 alone, in 2026.
  const x1 = await insertApprovedDelivery(db, {
    organisationId: p1,
    approvedAt: new Date('2025-03-01T10:00:00Z'),
  })
  const y1 = await insertApprovedDelivery(db, {
    organisationId: p1,
    approvedAt: new Date('2026-02-01T10:00:00Z'),
  })
  await db
    .updateTable('credential')
    .set({ title: 'Credential X' })
    .where('title', '=', x1.credentialTitle)
    .execute()
  await db
    .updateTable('credential')
    .set({ title: 'Credential Y' })
    .where('title', '=', y1.credentialTitle)
    .execute()
  const area = await db
    .selectFrom('credential')
    .select('clinical_area_id')
    .where('title', '=', 'Credential X')
    .executeTakeFirstOrThrow()
  areaId = area.clinical_area_id
  const x = [x1.deliveryId]
  for (const p of [p2, p3, p4, p5, p6])
    x.push(await delivery(db, p, x1.deliveryId, 'approved', '2025-06-01T10:00:00Z'))
  // Neither counts: one waits for a decision, one was withdrawn (its unsent return is not late).
  await delivery(db, p2, y1.deliveryId, 'applied', '2025-06-01T10:00:00Z')
  const withdrawn = await delivery(db, p3, y1.deliveryId, 'withdrawn', '2025-06-01T10:00:00Z')
  await qualityReturn(db, withdrawn, '2025-09-01', 'due', null)

  const [d1 = '', d2 = '', d3 = '', d4 = '', d5 = '', d6 = ''] = x
  await qualityReturn(db, d1, '2025-09-01', 'accepted', '2025-08-20T10:00:00Z')
  await qualityReturn(db, d2, '2025-09-01', 'accepted', '2025-09-10T10:00:00Z')
  await qualityReturn(db, d3, '2025-09-01', 'due', null)
  await qualityReturn(db, d4, '2025-09-01', 'accepted', '2025-08-01T10:00:00Z', '2025-08-15T10:00:00Z')
  await qualityReturn(db, d5, '2026-09-01', 'submitted', '2026-08-30T10:00:00Z')
  await qualityReturn(db, d6, '2027-01-20', 'due', null)
  // Submitted at 23:30 London time on the due day (22:30 UTC in summer): on time.
  await qualityReturn(db, d1, '2026-09-01', 'accepted', '2026-09-01T22:30:00Z')

  await insertLearnersWithAwards(db, d1, 20, { first: 1 })
  await insertLearnersWithAwards(db, d6, 3, { first: 100, awarded: false })
})

after(async () => {
  await database?.close()
})

async function figure(id: string, filters = {}, audience: Audience = CENTRE): Promise<Dataset> {
  const found = await reports.dataset(id, filters, audience)
  assert.ok(found, `${id} is shown to ${audience.kind}`)
  assert.equal(found.dashboard, 'delivery')
  assert.equal(found.computedAt.toISOString(), '2026-12-07T12:00:00.000Z')
  return found
}

const pairs = (d: Dataset, key: string, value = 'deliveries') => d.rows.map((r) => [r[key], r[value]])

describe('approved deliveries', () => {
  it('by credential: approved ones only, with the filters', async () => {
    const all = await figure('approved-deliveries-by-credential')
    assert.equal(all.title, 'Approved deliveries by credential')
    assert.deepEqual(pairs(all, 'credential'), [
      ['Credential X', 6],
      ['Credential Y', 1],
    ])
    assert.equal(all.summary, '7 approved deliveries across 2 credentials; Credential X has the most.')
    assert.deepEqual(all.chart, { kind: 'bars', category: 'credential', value: 'deliveries' })
    assert.equal(all.suppressed, false)
    assert.deepEqual(
      pairs(await figure('approved-deliveries-by-credential', { from: '2026-01' }), 'credential'),
      [['Credential Y', 1]],
    )
    assert.deepEqual(
      pairs(await figure('approved-deliveries-by-credential', { to: '2025-05' }), 'credential'),
      [['Credential X', 1]],
    )
    assert.deepEqual(
      pairs(await figure('approved-deliveries-by-credential', { region: 'north_west' }), 'credential'),
      [['Credential X', 1]],
    )
    assert.deepEqual(
      pairs(await figure('approved-deliveries-by-credential', { provider: orgs[0] }), 'credential'),
      [
        ['Credential X', 1],
        ['Credential Y', 1],
      ],
    )
    assert.deepEqual(
      pairs(await figure('approved-deliveries-by-credential', { area: String(areaId) }), 'credential').length,
      2,
    )
    const otherArea = await figure('approved-deliveries-by-credential', { area: String(areaId + 1000) })
    assert.deepEqual(otherArea.rows, [])
    assert.equal(otherArea.summary, 'There are no approved deliveries for these choices.')
    assert.deepEqual((await figure('approved-deliveries-by-credential', { area: 'x' })).rows, [])
  })

  it('by provider', async () => {
    const d = await figure('approved-deliveries-by-provider')
    assert.deepEqual(pairs(d, 'provider'), [
      ['Provider 1', 2],
      ['Provider 2', 1],
      ['Provider 3', 1],
      ['Provider 4', 1],
      ['Provider 5', 1],
      ['Provider 6', 1],
    ])
    assert.equal(d.summary, '7 approved deliveries across 6 providers; Provider 1 has the most.')
  })

  it('by region: all seven regions, for the map', async () => {
    const d = await figure('approved-deliveries-by-region')
    assert.deepEqual(d.chart, { kind: 'regions', region: 'region', value: 'deliveries' })
    assert.deepEqual(pairs(d, 'region'), [
      ['east_of_england', 0],
      ['london', 6],
      ['midlands', 0],
      ['north_east_and_yorkshire', 0],
      ['north_west', 1],
      ['south_east', 0],
      ['south_west', 0],
    ])
    assert.equal(d.summary, '7 approved deliveries across 2 regions; London has the most.')
  })

  it('shows the public counts of deliveries as they are: they count organisations, not people', async () => {
    const d = await figure('approved-deliveries-by-region', { from: '2026-01' }, PUBLIC)
    const exact = await figure('approved-deliveries-by-region', { from: '2026-01' }, CENTRE)
    assert.deepEqual(d.rows, exact.rows)
    assert.ok(d.rows.some((r) => typeof r.deliveries === 'number' && r.deliveries > 0 && r.deliveries < 5))
    assert.equal(d.summary, exact.summary)
  })

  it('shows a provider its own figures beside the nation’s', async () => {
    const audience: Audience = {
      kind: 'provider',
      organisationId: orgs[0] ?? '',
      organisationName: 'Provider 1',
    }
    const d = await figure('approved-deliveries-by-region', {}, audience)
    assert.deepEqual(
      d.columns.map((c) => c.label),
      ['NHS England region', 'Approved deliveries', 'Provider 1 (yours)'],
    )
    assert.equal(d.suppressed, true)
    // The exact figures, before the small-count rule the service applies to every provider.
    const exact = async (id: string) => {
      const source = deliveryDatasets.find((s) => s.id === id)
      assert.ok(source)
      return source.compute({ db: database.db, clock }, {}, audience)
    }
    assert.deepEqual(
      (await exact('approved-deliveries-by-region')).rows
        .filter((r) => r.deliveries !== 0)
        .map((r) => [r.region, r.deliveries, r.yours]),
      [
        ['london', 6, 2],
        ['north_west', 1, 0],
      ],
    )
    assert.deepEqual(
      (await exact('approved-deliveries-by-credential')).rows.map((r) => [
        r.credential,
        r.deliveries,
        r.yours,
      ]),
      [
        ['Credential X', 6, 1],
        ['Credential Y', 1, 1],
      ],
    )
    assert.deepEqual(
      (await exact('quality-returns-by-year')).rows.map((r) => [r.year, r.verdict, r.returns, r.yours]),
      [
        ['2025-01', 'On time', 1, 1],
        ['2025-01', 'Late', 2, 0],
        ['2025-01', 'With concerns', 1, 0],
        ['2026-01', 'On time', 2, 1],
        ['2026-01', 'Late', 0, 0],
        ['2026-01', 'With concerns', 0, 0],
      ],
    )
    // Its name heads no list of providers: the figure by provider is the same for everyone.
    assert.equal((await figure('approved-deliveries-by-provider', {}, audience)).columns.length, 2)
  })
})

describe('quality returns', () => {
  it('by year: on time, late and with concerns, from the verdict', async () => {
    const d = await figure('quality-returns-by-year')
    assert.deepEqual(
      d.rows.map((r) => [r.year, r.verdict, r.returns]),
      [
        ['2025-01', 'On time', 1],
        ['2025-01', 'Late', 2],
        ['2025-01', 'With concerns', 1],
        ['2026-01', 'On time', 2],
        ['2026-01', 'Late', 0],
        ['2026-01', 'With concerns', 0],
      ],
    )
    assert.deepEqual(d.chart, { kind: 'lines', x: 'year', value: 'returns', series: 'verdict' })
    assert.equal(
      d.summary,
      'Of 6 quality returns due from 2025 to 2026, 50% came on time with no concerns raised.',
    )
    const london2026 = await figure('quality-returns-by-year', { from: '2026-01', region: 'london' })
    assert.deepEqual(
      london2026.rows.map((r) => r.returns),
      [2, 0, 0],
    )
    const provider = await figure('quality-returns-by-year', { provider: orgs[2] })
    assert.deepEqual(
      provider.rows.map((r) => [r.verdict, r.returns]),
      [
        ['On time', 0],
        ['Late', 1],
        ['With concerns', 0],
      ],
    )
  })

  it('by provider, for Centre staff only', async () => {
    const d = await figure('quality-returns-by-provider')
    assert.deepEqual(
      d.rows.map((r) => [r.provider, r.onTime, r.late, r.withConcerns, r.notYetDue]),
      [
        ['Provider 1', 2, 0, 0, 0],
        ['Provider 2', 0, 1, 0, 0],
        ['Provider 3', 0, 1, 0, 0],
        ['Provider 4', 0, 0, 1, 0],
        ['Provider 5', 1, 0, 0, 0],
        ['Provider 6', 0, 0, 0, 1],
      ],
    )
    assert.equal(d.summary, '3 providers of 6 have a return that came late or with concerns.')
    assert.equal(await reports.dataset('quality-returns-by-provider', {}, PUBLIC), null)
  })
})

describe('learners and awards by provider', () => {
  it('counts each provider’s learners and awards in force, as the statistics store last counted them, for Centre staff only', async () => {
    const before = await figure('learners-and-awards-by-provider')
    assert.ok(
      before.rows.every((r) => r.learners === 0 && r.awards === 0),
      'nothing counted before a refresh',
    )
    await createStatisticsService(database.db, clock).refresh()
    const d = await figure('learners-and-awards-by-provider')
    assert.deepEqual(
      d.rows.map((r) => [r.provider, r.learners, r.awards]),
      [
        ['Provider 1', 20, 19],
        ['Provider 2', 0, 0],
        ['Provider 3', 0, 0],
        ['Provider 4', 0, 0],
        ['Provider 5', 0, 0],
        ['Provider 6', 3, 0],
      ],
    )
    assert.deepEqual(
      (await figure('learners-and-awards-by-provider', { region: 'north_west' })).rows.map((r) => r.provider),
      ['Provider 6'],
    )
    const provider: Audience = {
      kind: 'provider',
      organisationId: orgs[0] ?? '',
      organisationName: 'Provider 1',
    }
    for (const audience of [PUBLIC, provider]) {
      const ids = (await reports.dashboard('delivery', {}, audience)).map((s) => s.id)
      assert.deepEqual(ids, [
        'approved-deliveries-by-credential',
        'approved-deliveries-by-provider',
        'approved-deliveries-by-region',
        'quality-returns-by-year',
      ])
      assert.equal(await reports.dataset('learners-and-awards-by-provider', {}, audience), null)
    }
  })
})
