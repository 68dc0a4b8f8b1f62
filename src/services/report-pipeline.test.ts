import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import type { CredentialStatus } from '../domain/catalogue.ts'
import { fixedClock } from '../domain/clock.ts'
import type { ProposalState } from '../domain/proposal-lifecycle.ts'
import type { Dataset, ReportFilters } from '../domain/statistics.ts'
import { createReferenceData } from './reference-data.ts'
import { pipelineDatasets } from './report-pipeline.ts'
import { createReportsService, type ReportsService } from './reports.ts'

let database: TestDatabase
let reports: ReportsService
let area = ''

const CENTRE = { kind: 'centre' } as const
const PUBLIC = { kind: 'public' } as const

// A clinical area of its own, so that the figures filtered to it are exactly these records:
// three listed credentials and one unlisted, three proposals (one returned and sent again).
before(async () => {
  database = await createTestDatabase()
  const { db } = database
  const author = await db
    .insertInto('user_account')
    .values({ email: 'author@example.org', display_name: 'Author', password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const { id: areaId } = await db
    .insertInto('clinical_area')
    .values({ slug: 'test-area', name: 'Test area' })
    .returning('id')
    .executeTakeFirstOrThrow()
  area = String(areaId)
  const gateway = await db
    .selectFrom('criterion_set')
    .select('id')
    .where('kind', '=', 'gateway')
    .executeTakeFirstOrThrow()

  const credential = async (slug: string, listed: boolean, history: Array<[CredentialStatus, string]>) => {
    const now = history.at(-1)?.[0] ?? 'in_development'
    const { id } = await db
      .insertInto('credential')
      .values({
        slug,
        title: slug,
        clinical_area_id: areaId,
        type: 'credential_specification',
        status: now,
        origin: 'centre',
        listed,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [status, at] of history) {
      await db
        .insertInto('credential_status_event')
        .values({ credential_id: id, status, recorded_by: 'Test', recorded_at: at })
        .execute()
    }
  }
  await credential('a', true, [
    ['in_development', '2025-01-10T10:00:00Z'],
    ['under_review', '2025-03-11T10:00:00Z'],
    ['endorsed', '2025-05-10T10:00:00Z'],
  ])
  await credential('b', true, [
    ['in_development', '2025-02-01T10:00:00Z'],
    // A changed due date: the same stage goes on.
    ['in_development', '2025-03-01T10:00:00Z'],
    ['under_review', '2025-04-02T10:00:00Z'],
  ])
  await credential('c', true, [['in_development', '2026-06-15T10:00:00Z']])
  await credential('unlisted', false, [['tbc', '2025-01-01T10:00:00Z']])

  const proposal = async (state: ProposalState, steps: Array<[string, string]>) => {
    const { id } = await db
      .insertInto('proposal')
      .values({
        author_id: author.id,
        clinical_area_id: areaId,
        title: `P ${state}`,
        gateway_set_id: gateway.id,
        state,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const [action, at] of steps) {
      await db
        .insertInto('credential_event')
        .values({ proposal_id: id, action, summary: action, actor_label: 'Test', occurred_at: at })
        .execute()
    }
  }
  await proposal('agreed', [
    ['proposal.submitted', '2025-01-05T10:00:00Z'],
    ['proposal.criterion_judged', '2025-01-06T10:00:00Z'],
    ['proposal.sent_to_group', '2025-01-20T10:00:00Z'],
    ['proposal.agreed', '2025-02-10T10:00:00Z'],
  ])
  await proposal('declined', [
    ['proposal.submitted', '2025-02-01T10:00:00Z'],
    ['proposal.returned', '2025-02-11T10:00:00Z'],
    ['proposal.submitted', '2025-04-03T10:00:00Z'],
    ['proposal.sent_to_group', '2025-04-10T10:00:00Z'],
    ['proposal.declined', '2025-05-01T10:00:00Z'],
  ])
  await proposal('submitted', [['proposal.submitted', '2026-11-01T10:00:00Z']])

  reports = createReportsService(
    db,
    fixedClock('2026-12-07T12:00:00Z'),
    createReferenceData(database),
    pipelineDatasets,
  )
})

after(async () => {
  await database?.close()
})

async function dataset(id: string, filters: ReportFilters, audience: typeof CENTRE | typeof PUBLIC = CENTRE) {
  const found = await reports.dataset(id, filters, audience)
  assert.ok(found, `no dataset ${id}`)
  return found
}

const rowsOf = (d: Dataset) => d.rows.map((r) => d.columns.map((c) => r[c.key]))

describe('the pipeline dashboard', () => {
  it('counts the listed credentials at each stage now, in the catalogue’s words and order', async () => {
    const d = await dataset('credentials-by-stage', { area })
    assert.equal(d.dashboard, 'pipeline')
    assert.deepEqual(
      rowsOf(d).filter(([, n]) => n !== 0),
      [
        ['In development', 1],
        ['Under review', 1],
        ['Endorsed', 1],
      ],
    )
    assert.equal(d.rows.length, 12)
    assert.equal(
      d.summary,
      'Of the 3 credentials in the catalogue in Test area, the most (1) are at the stage in development.',
    )
    assert.deepEqual(d.chart, { kind: 'bars', category: 'stage', value: 'credentials' })
    assert.equal(d.computedAt.toISOString(), '2026-12-07T12:00:00.000Z')

    // Counts of credentials identify nobody: the public read them as they are.
    const seen = await dataset('credentials-by-stage', { area }, PUBLIC)
    assert.deepEqual(seen.rows, d.rows)
    assert.equal(seen.summary, d.summary)

    // Without the area: every listed credential of the catalogue.
    const all = await dataset('credentials-by-stage', {})
    const listed = await database.db
      .selectFrom('credential')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('listed', '=', true)
      .executeTakeFirstOrThrow()
    assert.equal(
      all.rows.reduce((sum, r) => sum + (typeof r.credentials === 'number' ? r.credentials : 0), 0),
      Number(listed.n),
    )
  })

  it('counts the credentials at each stage at the end of each month of the dates chosen', async () => {
    const d = await dataset('credentials-by-stage-over-time', { area, from: '2025-02', to: '2025-05' })
    assert.deepEqual(d.chart, { kind: 'lines', x: 'month', value: 'credentials', series: 'stage' })
    assert.deepEqual(rowsOf(d), [
      ['2025-02', 'In development', 2],
      ['2025-02', 'Under review', 0],
      ['2025-02', 'Endorsed', 0],
      ['2025-03', 'In development', 1],
      ['2025-03', 'Under review', 1],
      ['2025-03', 'Endorsed', 0],
      ['2025-04', 'In development', 0],
      ['2025-04', 'Under review', 2],
      ['2025-04', 'Endorsed', 0],
      ['2025-05', 'In development', 0],
      ['2025-05', 'Under review', 1],
      ['2025-05', 'Endorsed', 1],
    ])
    assert.equal(
      d.summary,
      'At the end of May 2025, 2 credentials were in the catalogue in Test area, against 2 at the end of February 2025; the stage that grew most was under review, from 0 to 1.',
    )
    // Without dates: the three years to this month.
    const recent = await dataset('credentials-by-stage-over-time', { area })
    assert.equal(recent.rows[0]?.month, '2024-01')
    assert.equal(recent.rows.at(-1)?.month, '2026-12')
  })

  it('times each stay at a stage from the timelines: median and 90th percentile in days', async () => {
    const d = await dataset('time-in-stage', { area, from: '2025-01', to: '2025-12' })
    assert.deepEqual(rowsOf(d), [
      // 15 days (the first) and 10 days (the second, then returned).
      ['Proposal: awaiting check', 3, 10, 14],
      ['Proposal: returned to author', 1, 51, 51],
      ['Proposal: with the Credential Group', 2, 21, 21],
      ['Credential: in development', 2, 60, 60],
      ['Credential: under review', 1, 60, 60],
    ])
    assert.equal(
      d.summary,
      'Of the stays at a stage that ended from January 2025 to December 2025 in Test area, the stage with the longest median was “Credential: in development”, at 60 days (60 days for the longest tenth), over 2 stays.',
    )
    // Stays that ended before the dates chosen are left out.
    const later = await dataset('time-in-stage', { area, from: '2025-04', to: '2025-12' })
    assert.deepEqual(
      rowsOf(later).map(([stage, stays]) => [stage, stays]),
      [
        ['Proposal: awaiting check', 1],
        ['Proposal: returned to author', 1],
        ['Proposal: with the Credential Group', 1],
        ['Credential: in development', 1],
        ['Credential: under review', 1],
      ],
    )
  })

  it('counts proposals received (once each), agreed and declined in each calendar quarter', async () => {
    const d = await dataset('proposals-by-quarter', { area, from: '2025-01', to: '2025-06' })
    assert.deepEqual(rowsOf(d), [
      ['2025-01', 'Received', 2],
      ['2025-01', 'Agreed', 1],
      ['2025-01', 'Declined', 0],
      ['2025-04', 'Received', 0],
      ['2025-04', 'Agreed', 0],
      ['2025-04', 'Declined', 1],
    ])
    assert.equal(
      d.summary,
      'From January 2025 to June 2025 in Test area, the Centre received 2 proposals; the Credential Group agreed 1 and declined 1. The busiest quarter was January to March 2025, with 2 received.',
    )
    // A proposal first submitted before the dates is not received again when sent back in them.
    const spring = await dataset('proposals-by-quarter', { area, from: '2025-04', to: '2025-06' })
    assert.equal(spring.rows.find((r) => r.outcome === 'Received')?.proposals, 0)
    const publicView = await dataset('proposals-by-quarter', { area, from: '2025-01', to: '2025-06' }, PUBLIC)
    // Counts of proposals identify nobody: the public read them as they are.
    assert.deepEqual(publicView.rows, d.rows)
    assert.equal(publicView.summary, d.summary)
  })

  it('honours no filter it does not offer, and an area that does not exist matches nothing', async () => {
    assert.deepEqual(reports.filtersOf('pipeline', PUBLIC), ['from', 'to', 'area'])
    const none = await dataset('credentials-by-stage', { area: '999999' })
    assert.ok(none.rows.every((r) => r.credentials === 0))
    assert.equal(none.summary, 'No credentials are in the catalogue in the area chosen.')
    const withRegion = await dataset('credentials-by-stage', { area, region: 'london' })
    assert.deepEqual(withRegion.rows, (await dataset('credentials-by-stage', { area })).rows)
  })
})
