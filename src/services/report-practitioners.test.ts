import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { insertFixtureAwards, statisticsProvider } from '../../test/support/statistics-fixture.ts'
import { systemClock } from '../domain/clock.ts'
import { monthInWords, type Audience } from '../domain/statistics.ts'
import { recordAudit } from './audit.ts'
import type { ReportsService } from './reports.ts'

let t: TestApp
let reports: ReportsService
let provider: Awaited<ReturnType<typeof statisticsProvider>>
const centre: Audience = { kind: 'centre' }
const thisMonth = () => systemClock.today().slice(0, 7)

before(async () => {
  // The audit trail says when things really happened, so these figures are this month's.
  t = await createTestApp()
  const { db } = t.database
  provider = await statisticsProvider(db, 'Practitioners University', 'south_east')
  await insertFixtureAwards(db, provider, [
    ...Array.from({ length: 6 }, () => ({ awardedOn: '2026-02-02', profession: 'Nurse' })),
    { awardedOn: '2026-02-02', profession: 'Nurse', status: { to: 'revoked', at: '2026-03-01T10:00:00Z' } },
  ])
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 7; i++)
      await recordAudit(
        trx,
        { userId: null, label: 'test', ip: null },
        {
          action: 'directory.employer_check',
          entityType: 'employer_check',
          entityId: null,
          after: { found: true },
        },
      )
  })
  await t.services.statistics.refresh()
  reports = t.services.reports
})

after(async () => {
  await t?.close()
})

describe('the practitioners figures', () => {
  it('count employer checks by month, and say how many in a sentence', async () => {
    const dataset = await reports.dataset('employer-checks', {}, { kind: 'public' })
    assert.ok(dataset)
    assert.deepEqual(dataset.rows.at(-1), { month: thisMonth(), checks: 7 })
    assert.match(dataset.summary, /^Employers made 7 checks from .* to .*; the most in a month was 7, in /)
    assert.match(dataset.summary, new RegExp(`in ${monthInWords(thisMonth())}\\.$`))
  })

  it('count directory listings at the end of each month', async () => {
    const dataset = await reports.dataset('directory-listings', {}, { kind: 'public' })
    assert.ok(dataset)
    const listed = Number(
      (
        await t.database.db
          .selectFrom('directory_entry')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('listed', '=', true)
          .executeTakeFirstOrThrow()
      ).n,
    )
    const last = dataset.rows.at(-1)
    assert.equal(last?.month, thisMonth())
    // The public may not learn a count under 5.
    assert.equal(last?.listed, listed > 0 && listed < 5 ? null : listed)
  })

  it('show Centre staff the practitioners holding each provider’s awards, and nobody else', async () => {
    const dataset = await reports.dataset('holders-by-provider', {}, centre)
    assert.ok(dataset)
    assert.deepEqual(
      dataset.rows.find((r) => r.provider === 'Practitioners University'),
      {
        provider: 'Practitioners University',
        region: 'south_east',
        holders: 6,
        awards: 6,
      },
    )
    const own: Audience = { kind: 'provider', organisationId: provider.organisationId, organisationName: 'x' }
    assert.equal(await reports.dataset('holders-by-provider', {}, own), null)
    assert.equal(await reports.dataset('holders-by-provider', {}, { kind: 'public' }), null)
    const london = await reports.dataset('holders-by-provider', { region: 'london' }, centre)
    assert.deepEqual(london?.rows, [])
  })
})
