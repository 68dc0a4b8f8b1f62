import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { insertFixtureAwards, statisticsProvider } from '../../test/support/statistics-fixture.ts'
import { fixedClock } from '../domain/clock.ts'
import type { Audience, Dataset, ReportFilters } from '../domain/statistics.ts'
import type { ReportsService } from './reports.ts'
import { takeUpDatasets } from './report-take-up.ts'

let t: TestApp
let reports: ReportsService
let london: Awaited<ReturnType<typeof statisticsProvider>>
let northWest: Awaited<ReturnType<typeof statisticsProvider>>
const centre: Audience = { kind: 'centre' }
const publicAudience: Audience = { kind: 'public' }
let providerA: Audience

const times = (n: number, awardedOn: string, profession: string) =>
  Array.from({ length: n }, () => ({ awardedOn, profession }))

before(async () => {
  const clock = fixedClock('2026-12-07T12:00:00Z')
  t = await createTestApp({}, { clock })
  const { db } = t.database
  london = await statisticsProvider(db, 'Take-up University London', 'london')
  northWest = await statisticsProvider(db, 'Take-up University North West', 'north_west')
  // London: 6 nurses in January 2026, 7 paramedics in March (one revoked in April).
  await insertFixtureAwards(db, london, [
    ...times(6, '2026-01-15', 'Nurse'),
    ...times(6, '2026-03-10', 'Paramedic'),
    {
      awardedOn: '2026-03-11',
      profession: 'Paramedic',
      status: { to: 'revoked', at: '2026-04-10T10:00:00Z' },
    },
  ])
  // North West: 2 nurses in January, 10 pharmacists in February (one suspended in March).
  await insertFixtureAwards(db, northWest, [
    ...times(2, '2026-01-20', 'Nurse'),
    ...times(9, '2026-02-03', 'Pharmacist'),
    {
      awardedOn: '2026-02-04',
      profession: 'Pharmacist',
      status: { to: 'suspended', at: '2026-03-05T10:00:00Z' },
    },
  ])
  await t.services.statistics.refresh()
  reports = t.services.reports
  providerA = {
    kind: 'provider',
    organisationId: london.organisationId,
    organisationName: 'Take-up University London',
  }
})

after(async () => {
  await t?.close()
})

const figure = async (id: string, audience: Audience, filters: ReportFilters = {}): Promise<Dataset> => {
  const dataset = await reports.dataset(id, filters, audience)
  assert.ok(dataset, `${id} is there for ${audience.kind}`)
  return dataset
}
const column = (dataset: Dataset, key: string) => dataset.rows.map((r) => r[key])

describe('the take-up figures', () => {
  it('have stable, lower-case hyphenated ids on the take-up dashboard', () => {
    for (const source of takeUpDatasets) {
      assert.match(source.id, /^[a-z]+(-[a-z]+)*$/)
      assert.equal(source.dashboard, 'take-up')
    }
    assert.equal(new Set(takeUpDatasets.map((s) => s.id)).size, takeUpDatasets.length)
  })

  it('count awards by month, from the first month to this one, and say so in a sentence', async () => {
    const dataset = await figure('awards-by-month', centre)
    assert.deepEqual(column(dataset, 'month').slice(0, 4), ['2026-01', '2026-02', '2026-03', '2026-04'])
    assert.equal(dataset.rows.length, 12)
    assert.deepEqual(column(dataset, 'awarded').slice(0, 4), [8, 10, 7, 0])
    assert.equal(
      dataset.summary,
      '25 credentials were awarded from January 2026 to December 2026; the most in a month was 10, in February 2026.',
    )
    assert.deepEqual(dataset.chart, { kind: 'lines', x: 'month', value: 'awarded' })
    const refreshed = await t.database.db
      .selectFrom('statistics_refresh')
      .select('refreshed_at')
      .executeTakeFirstOrThrow()
    assert.equal(dataset.computedAt.getTime(), refreshed.refreshed_at.getTime())
  })

  it('honour the region, profession, provider and period filters', async () => {
    const inLondon = await figure('awards-by-month', centre, { region: 'london', to: '2026-03' })
    assert.deepEqual(column(inLondon, 'awarded'), [6, 0, 7])
    const pharmacists = await figure('awards-by-month', centre, { profession: 'Pharmacist', to: '2026-03' })
    assert.deepEqual(
      pharmacists.rows.map((r) => [r.month, r.awarded]),
      [
        ['2026-02', 10],
        ['2026-03', 0],
      ],
    )
    const fromNorthWest = await figure('awards-by-month', centre, {
      provider: northWest.organisationId,
      from: '2026-01',
      to: '2026-02',
    })
    assert.deepEqual(column(fromNorthWest, 'awarded'), [2, 10])
    const area = await figure('awards-by-credential', centre, { area: String(london.clinicalAreaId) })
    assert.equal(
      column(area, 'awarded').reduce<number>((s, v) => s + Number(v), 0),
      25,
    )
    const noArea = await figure('awards-by-credential', centre, { area: 'not-an-area' })
    assert.deepEqual(noArea.rows, [])
    assert.equal(noArea.summary, 'No credentials were awarded.')
  })

  it('break awards down by credential, region and profession', async () => {
    const byCredential = await figure('awards-by-credential', centre)
    assert.deepEqual(
      byCredential.rows.map((r) => [r.credential, r.awarded]),
      [
        [london.credentialTitle, 13],
        [northWest.credentialTitle, 12],
      ],
    )
    assert.equal(
      byCredential.summary,
      `Of 25 credentials awarded, the most were of ${london.credentialTitle}: 13.`,
    )
    const byRegion = await figure('awards-by-region', centre, { from: '2026-02', to: '2026-03' })
    assert.equal(byRegion.rows.length, 7)
    assert.deepEqual(
      byRegion.rows.filter((r) => r.awarded !== 0).map((r) => [r.region, r.awarded]),
      [
        ['london', 7],
        ['north_west', 10],
      ],
    )
    assert.deepEqual(byRegion.chart, { kind: 'regions', region: 'region', value: 'awarded' })
    assert.equal(
      byRegion.summary,
      'Of 17 credentials awarded from February 2026 to March 2026, the most were awarded by providers in North West: 10.',
    )
    const byProfession = await figure('awards-by-profession', centre)
    assert.deepEqual(
      byProfession.rows.map((r) => [r.profession, r.awarded]),
      [
        ['Pharmacist', 10],
        ['Nurse', 8],
        ['Paramedic', 7],
      ],
    )
  })

  it('add up awards over time, counting those before the period', async () => {
    const dataset = await figure('cumulative-awards', centre, { from: '2026-02', to: '2026-04' })
    assert.deepEqual(column(dataset, 'total'), [18, 25, 25])
    assert.equal(
      dataset.summary,
      'By the end of April 2026, 25 credentials had been awarded in all, up from 18 at the end of February 2026.',
    )
  })

  it('count revocations and suspensions in the month of the change, one line each', async () => {
    const dataset = await figure('revocations-and-suspensions', centre, { to: '2026-04' })
    assert.deepEqual(dataset.rows, [
      { month: '2026-03', change: 'Revoked', awards: 0 },
      { month: '2026-03', change: 'Suspended', awards: 1 },
      { month: '2026-04', change: 'Revoked', awards: 1 },
      { month: '2026-04', change: 'Suspended', awards: 0 },
    ])
    assert.deepEqual(dataset.chart, { kind: 'lines', x: 'month', value: 'awards', series: 'change' })
    assert.equal(
      dataset.summary,
      'Of the awards revoked or suspended now, 1 was revoked and 1 suspended from March 2026 to April 2026, counted in the month of the change.',
    )
  })

  it('withhold small counts from the public, in the table and in the sentence', async () => {
    const filters: ReportFilters = { region: 'north_west', profession: 'Nurse', to: '2026-01' }
    const exact = await figure('awards-by-month', centre, filters)
    assert.deepEqual(column(exact, 'awarded'), [2])
    const open = await figure('awards-by-month', publicAudience, filters)
    assert.deepEqual(column(open, 'awarded'), [null])
    assert.equal(open.suppressed, true)
    assert.doesNotMatch(open.summary, /\b2\b credentials/)
    assert.match(open.summary, /^fewer than 5 credentials were awarded/)
  })

  it('show a provider its own figures beside the nation’s', async () => {
    const dataset = await figure('awards-by-profession', providerA)
    assert.deepEqual(
      dataset.columns.map((c) => c.key),
      ['profession', 'awarded', 'own_awarded'],
    )
    assert.equal(dataset.columns[2]?.label, 'Credentials awarded: Take-up University London')
    assert.deepEqual(
      dataset.rows.map((r) => [r.profession, r.awarded, r.own_awarded]),
      [
        ['Pharmacist', 10, 0],
        ['Nurse', 8, 6],
        ['Paramedic', 7, 7],
      ],
    )
    const byMonth = await figure('awards-by-month', providerA, { to: '2026-03' })
    assert.deepEqual(column(byMonth, 'own_awarded'), [6, 0, 7])
    assert.match(byMonth.summary, /; Take-up University London awarded 13 of them\.$/)
    const publicColumns = (await figure('awards-by-profession', publicAudience)).columns.map((c) => c.key)
    assert.deepEqual(publicColumns, ['profession', 'awarded'])
  })
  it('set awards against the recorded need, on track or behind, by the need’s one rule', async () => {
    const { db } = t.database
    const slugOf = async (id: string) =>
      (await db.selectFrom('credential').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug
    const actor = { userId: null, label: 'test', ip: null }
    const need = async (
      credentialId: string,
      region: 'london' | 'north_west',
      financialYear: number,
      planned: number,
    ) =>
      t.services.workforceNeeds.record(
        {
          subject: { credentialSlug: await slugOf(credentialId) },
          region,
          financialYear,
          planned,
          source: 'NHS Long Term Workforce Plan',
          sourceDate: '2025-01-15',
        },
        actor,
      )
    // London: 10 in 2025 to 2026 and 24 in 2026 to 2027; by 7 December 2026 the need to date is
    // 10 + 24 × 251/365 = 26.5, so 26, against 13 awarded: behind. North West: 10 against 12.
    await need(london.credentialId, 'london', 2025, 10)
    await need(london.credentialId, 'london', 2026, 24)
    await need(northWest.credentialId, 'north_west', 2025, 10)
    const dataset = await figure('awards-against-need', centre)
    assert.deepEqual(
      dataset.rows.map((r) => [r.subject, r.region, r.needed, r.awarded, r.planned, r.verdict]),
      [
        [london.credentialTitle, 'london', 26, 13, 34, 'Behind'],
        [northWest.credentialTitle, 'north_west', 10, 12, 10, 'On track'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    assert.equal(
      dataset.summary,
      'Of 2 needs recorded by credential or clinical area and region, 1 is on track and 1 behind: the awards made since the first planned year against the need to date.',
    )
    const inLondon = await figure('awards-against-need', providerA, { region: 'london' })
    assert.deepEqual(
      inLondon.rows.map((r) => [r.region, r.awarded, r.own_awarded]),
      [['london', 13, 13]],
    )
  })
})
