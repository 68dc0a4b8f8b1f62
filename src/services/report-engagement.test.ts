import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts'
import { fixedClock } from '../domain/clock.ts'
import type { Capacity } from '../domain/consultations.ts'
import type { Region } from '../domain/providers.ts'
import type { Audience, Dataset, ReportFilters } from '../domain/statistics.ts'
import { createReferenceData } from './reference-data.ts'
import { engagementDatasets } from './report-engagement.ts'
import { createReportsService, type ReportsService } from './reports.ts'

let database: TestDatabase
let reports: ReportsService

const CENTRE: Audience = { kind: 'centre' }
const PUBLIC: Audience = { kind: 'public' }

// Two consultations, one published and one still a draft, with confirmed and unconfirmed
// responses across two years. Only the confirmed responses to the published one count.
before(async () => {
  database = await createTestDatabase()
  const { db } = database
  const admin = await db
    .insertInto('user_account')
    .values({ email: 'admin@example.org', display_name: 'Admin', password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const consultation = (state: 'draft' | 'published') =>
    db
      .insertInto('consultation')
      .values({
        title: `A ${state} consultation`,
        purpose: 'To hear',
        audience: 'Everyone',
        subject: 'document',
        document_body: 'Text',
        opens_on: '2025-01-01',
        closes_on: '2026-12-31',
        state,
        published_at: state === 'published' ? new Date('2025-01-01T09:00:00Z') : null,
        created_by: admin.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  const published = await consultation('published')
  const draft = await consultation('draft')
  let n = 0
  const respond = async (
    consultationId: string,
    capacity: Capacity,
    region: Region | null,
    confirmedAt: string | null,
    times = 1,
  ) => {
    for (let i = 0; i < times; i++) {
      n++
      await db
        .insertInto('consultation_response')
        .values({
          consultation_id: consultationId,
          name: `Person ${n}`,
          email: `person${n}@example.org`,
          capacity,
          region,
          publication: 'anonymous',
          confirmed_at: confirmedAt === null ? null : new Date(confirmedAt),
        })
        .execute()
    }
  }
  await respond(published.id, 'practitioner', 'london', '2025-03-10T10:00:00Z', 6)
  await respond(published.id, 'practitioner', 'north_west', '2025-04-10T10:00:00Z', 2)
  await respond(published.id, 'employer', 'london', '2025-06-10T10:00:00Z')
  await respond(published.id, 'education_provider', null, '2026-02-10T10:00:00Z', 5)
  // Confirmed at 00:30 on 1 July in London, which is still 30 June in UTC: a July response.
  await respond(published.id, 'employer', 'south_west', '2025-06-30T23:30:00Z')
  await respond(published.id, 'practitioner', 'london', null, 3)
  await respond(draft.id, 'practitioner', 'london', '2025-03-10T10:00:00Z', 4)
  reports = createReportsService(
    db,
    fixedClock('2026-12-07T12:00:00Z'),
    createReferenceData(database),
    engagementDatasets,
  )
})

after(async () => {
  await database?.close()
})

async function dataset(id: string, filters: ReportFilters, audience = CENTRE): Promise<Dataset> {
  const found = await reports.dataset(id, filters, audience)
  assert.ok(found, `no dataset ${id}`)
  return found
}

const rowsOf = (d: Dataset) => d.rows.map((r) => d.columns.map((c) => r[c.key]))

describe('the engagement dashboard', () => {
  it('counts confirmed responses to published consultations by capacity', async () => {
    const d = await dataset('consultation-responses-by-capacity', {})
    assert.deepEqual(rowsOf(d), [
      ['Practitioner', 8],
      ['Employer', 2],
      ['Education provider', 5],
      ['Patient or member of the public', 0],
      ['Professional body', 0],
      ['Other', 0],
    ])
    assert.equal(
      d.summary,
      'In all, 15 people responded to the Centre’s consultations; the most (8) responded as: practitioner.',
    )
    assert.deepEqual(d.chart, { kind: 'bars', category: 'capacity', value: 'responses' })
    assert.equal(d.computedAt.toISOString(), '2026-12-07T12:00:00.000Z')
  })

  it('counts only the London months chosen', async () => {
    const d = await dataset('consultation-responses-by-capacity', { from: '2025-04', to: '2025-07' })
    assert.deepEqual(
      rowsOf(d).filter(([, n]) => n !== 0),
      [
        ['Practitioner', 2],
        ['Employer', 2],
      ],
    )
    assert.equal(
      d.summary,
      'From April 2025 to July 2025, 4 people responded to the Centre’s consultations; the most (2) responded as: practitioner.',
    )
    const june = await dataset('consultation-responses-by-capacity', { from: '2025-06', to: '2025-06' })
    assert.equal(june.rows.find((r) => r.capacity === 'Employer')?.responses, 1)
    const since = await dataset('consultation-responses-by-capacity', { from: '2026-01' })
    assert.match(since.summary, /^Since January 2026, 5 people responded/)
  })

  it('counts responses by region for the map, each region a row, and says how many gave none', async () => {
    const d = await dataset('consultation-responses-by-region', {})
    assert.deepEqual(d.chart, { kind: 'regions', region: 'region', value: 'responses' })
    assert.deepEqual(rowsOf(d), [
      ['east_of_england', 0],
      ['london', 7],
      ['midlands', 0],
      ['north_east_and_yorkshire', 0],
      ['north_west', 2],
      ['south_east', 0],
      ['south_west', 1],
    ])
    assert.equal(
      d.summary,
      'In all, 10 responses to the Centre’s consultations gave a region, the most (7) in London; 5 gave none.',
    )
  })

  it('withholds small counts from the public, in the table and in the sentence', async () => {
    const d = await dataset('consultation-responses-by-region', {}, PUBLIC)
    assert.equal(d.suppressed, true)
    assert.deepEqual(
      d.rows.map((r) => r.responses),
      [0, 7, 0, 0, null, 0, null],
    )
    assert.equal(
      d.summary,
      'In all, 10 responses to the Centre’s consultations gave a region, the most (7) in London; 5 gave none.',
    )
    const spring = await dataset(
      'consultation-responses-by-capacity',
      { from: '2025-04', to: '2025-07' },
      PUBLIC,
    )
    assert.equal(
      spring.summary,
      'From April 2025 to July 2025, fewer than 5 people responded to the Centre’s consultations; the most (fewer than 5) responded as: practitioner.',
    )
    assert.deepEqual(reports.filtersOf('engagement', PUBLIC), ['from', 'to'])
  })
})
