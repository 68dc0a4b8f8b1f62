import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { createDemoAccounts } from './demo-accounts.ts'
import { seedDemoProcess } from './demo-process.ts'
import {
  awardsInMonth,
  DEMO_HISTORY_EMAIL_DOMAIN,
  DEMO_HISTORY_FIRST_MONTH,
  DEMO_HISTORY_PROVIDERS,
  seedDemoHistory,
} from './demo-history.ts'

let t: TestApp

before(async () => {
  t = await createTestApp()
  await createDemoAccounts(t.database.db, t.services)
  await seedDemoProcess(t.database.db, t.services)
})

after(async () => {
  await t?.close()
})

const historyAwards = () =>
  t.database.db
    .selectFrom('award as a')
    .innerJoin('learner as l', 'l.id', 'a.learner_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .leftJoin('award_credential as c', 'c.award_id', 'a.id')
    .select(['a.awarded_on', 'a.status', 'o.region', 'l.profession', 'c.award_id as signed'])
    .where('l.email', 'like', `%@${DEMO_HISTORY_EMAIL_DOMAIN}`)
    .execute()

describe('the demo history', () => {
  it('grows month by month', () => {
    const year1 = Array.from({ length: 12 }, (_, m) => awardsInMonth(5, m, m)).reduce((a, b) => a + b, 0)
    const year2 = Array.from({ length: 12 }, (_, m) => awardsInMonth(5, m + 12, m)).reduce((a, b) => a + b, 0)
    assert.ok(year2 > year1, `${year2} awards in the second year against ${year1} in the first`)
  })

  it('makes signed awards from April 2024 across six regions and many professions, once', async () => {
    const records = await seedDemoHistory(t.database.db, t.services)
    assert.equal(records[0]?.href, '/reports/take-up')
    const awards = await historyAwards()
    assert.ok(awards.length > 500, `${awards.length} awards`)
    assert.ok(
      awards.every((a) => a.signed),
      'every award is signed',
    )
    assert.equal(new Set(awards.map((a) => a.region)).size, DEMO_HISTORY_PROVIDERS.length)
    assert.ok(new Set(awards.map((a) => a.profession)).size >= 4)
    const months = awards.map((a) => String(a.awarded_on).slice(0, 7)).sort()
    assert.equal(months[0], DEMO_HISTORY_FIRST_MONTH)
    assert.ok(awards.some((a) => a.status === 'revoked') && awards.some((a) => a.status === 'suspended'))
    const yearOf = (from: string, to: string) => months.filter((m) => m >= from && m <= to).length
    assert.ok(yearOf('2025-04', '2026-03') > yearOf('2024-04', '2025-03'), 'more in the second year')

    await seedDemoHistory(t.database.db, t.services)
    assert.equal((await historyAwards()).length, awards.length)
  })

  it('gives the take-up dashboard a line from April 2024', async () => {
    await t.services.statistics.refresh()
    const reports = t.services.reports
    const dataset = await reports.dataset('awards-by-month', {}, { kind: 'public' })
    assert.equal(dataset?.rows[0]?.month, DEMO_HISTORY_FIRST_MONTH)
    assert.ok((dataset?.rows.length ?? 0) >= 24)
  })
})
