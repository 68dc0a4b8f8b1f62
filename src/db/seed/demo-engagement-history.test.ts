// The demo engagement history: past consultations whose confirmed responses all came while
// each was open, more each time, from every capacity; the engagement dashboard shows them
// without withholding; and a second run writes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { fixedClock } from '../../domain/clock.ts'
import { londonDay } from '../../domain/dates.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { ENGAGEMENT_HISTORY, seedDemoEngagementHistory } from './demo-engagement-history.ts'

let t: TestApp

before(async () => {
  t = await createTestApp({}, { clock: fixedClock('2026-12-07T12:00:00Z') })
  await createDemoAccounts(t.database.db, t.services)
})
after(() => t?.close())

describe('the demo engagement history', () => {
  it('writes past consultations with responses confirmed while each was open, more each time, once', async () => {
    const made = await seedDemoEngagementHistory(t.database.db, t.services)
    assert.equal(made.consultations, ENGAGEMENT_HISTORY.length)
    const rows = await t.database.db
      .selectFrom('consultation as c')
      .innerJoin('consultation_response as r', 'r.consultation_id', 'c.id')
      .select(['c.title', 'c.opens_on', 'c.closes_on', 'r.confirmed_at', 'r.capacity'])
      .where(
        'c.title',
        'in',
        ENGAGEMENT_HISTORY.map((c) => c.title),
      )
      .execute()
    assert.equal(rows.length, made.responses)
    for (const r of rows) {
      assert.ok(r.confirmed_at, 'confirmed')
      const day = londonDay(r.confirmed_at)
      assert.ok(day >= r.opens_on && day <= r.closes_on, `${day} within ${r.opens_on} to ${r.closes_on}`)
    }
    const counts = ENGAGEMENT_HISTORY.map((c) => rows.filter((r) => r.title === c.title).length)
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'more each time',
    )
    assert.equal(new Set(rows.map((r) => r.capacity)).size, 6, 'every capacity')

    const figures = await t.services.reports.dashboard('engagement', {}, { kind: 'public' })
    const byCapacity = figures.find((f) => f.id === 'consultation-responses-by-capacity')
    assert.ok(byCapacity)
    const practitioners = byCapacity.rows.find((r) => Object.values(r).some((v) => v === 'Practitioner'))
    assert.ok(practitioners && Object.values(practitioners).some((v) => typeof v === 'number' && v >= 5))

    assert.deepEqual(await seedDemoEngagementHistory(t.database.db, t.services), {
      consultations: 0,
      responses: 0,
    })
  })
})
