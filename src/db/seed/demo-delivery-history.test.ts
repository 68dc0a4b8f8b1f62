import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { systemClock } from '../../domain/clock.ts'
import { REGIONS } from '../../domain/providers.ts'
import { returnVerdict } from '../../domain/return-timeliness.ts'
import { returnFacts } from '../../repositories/delivery-statistics.ts'
import { createReferenceData } from '../../services/reference-data.ts'
import { deliveryDatasets } from '../../services/report-delivery.ts'
import { createReportsService } from '../../services/reports.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { DEMO_HISTORY_PROVIDERS, seedDemoDeliveryHistory } from './demo-delivery-history.ts'
import { seedDemoProcess } from './demo-process.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

describe('the demo delivery history', () => {
  it('has providers in every region, deliveries approved over the years and returns of every kind, once', async () => {
    const { db } = t.database
    const records = await seedDemoDeliveryHistory(db, t.services)
    assert.equal(records[0]?.href, '/reports/delivery')
    const providers = await db
      .selectFrom('organisation')
      .select(['id', 'region'])
      .where(
        'name',
        'in',
        DEMO_HISTORY_PROVIDERS.map((p) => p.name),
      )
      .execute()
    assert.equal(providers.length, DEMO_HISTORY_PROVIDERS.length)
    assert.deepEqual([...new Set(providers.map((p) => p.region))].sort(), [...REGIONS].sort())

    const deliveries = await db
      .selectFrom('delivery')
      .select(['state', 'decided_at'])
      .where(
        'organisation_id',
        'in',
        providers.map((p) => p.id),
      )
      .execute()
    assert.ok(deliveries.length >= DEMO_HISTORY_PROVIDERS.length)
    assert.ok(deliveries.every((d) => d.state === 'approved'))
    const years = new Set(deliveries.map((d) => d.decided_at?.getUTCFullYear()))
    assert.ok(years.has(2023) || years.has(2024), 'approved from 2024 on (six weeks before the first start)')
    assert.ok(years.has(2025))

    const today = systemClock.today()
    const verdicts = (await returnFacts(db, {}))
      .filter((f) => providers.some((p) => p.id === f.organisation_id))
      .map((f) =>
        returnVerdict(
          {
            dueOn: f.due_on,
            state: f.state,
            firstSubmittedOn: f.first_submitted_on,
            concernRaised: f.concern_raised,
          },
          today,
        ),
      )
    for (const verdict of ['on_time', 'late', 'with_concerns'] as const)
      assert.ok(verdicts.includes(verdict), `a return ${verdict}`)

    const reports = createReportsService(db, systemClock, createReferenceData(t.database), deliveryDatasets)
    const byRegion = await reports.dataset('approved-deliveries-by-region', {}, { kind: 'centre' })
    assert.ok(byRegion?.rows.every((r) => typeof r.deliveries === 'number' && r.deliveries > 0))
    const byYear = await reports.dataset('quality-returns-by-year', {}, { kind: 'centre' })
    assert.ok(new Set(byYear?.rows.map((r) => r.year)).size >= 2, 'returns in more than one year')
    // Enough that the public sees figures, not only "fewer than 5".
    const publicByRegion = await reports.dataset('approved-deliveries-by-region', {}, { kind: 'public' })
    assert.ok(publicByRegion?.rows.every((r) => typeof r.deliveries === 'number' && r.deliveries >= 5))
    const publicByYear = await reports.dataset('quality-returns-by-year', {}, { kind: 'public' })
    // 2025 and 2026 are full years of returns (a year begun since has only its first).
    const fullYears = publicByYear?.rows.filter((r) => r.year === '2025-01' || r.year === '2026-01') ?? []
    assert.equal(fullYears.length, 6)
    assert.ok(fullYears.every((r) => typeof r.returns === 'number' && r.returns >= 5))

    const again = await seedDemoDeliveryHistory(db, t.services)
    assert.equal(again[0]?.stage, 'Already created')
    const count = await db
      .selectFrom('delivery')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), deliveries.length, 'nothing new')
  })
})
