import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { insertApprovedDelivery } from '../../test/support/award-fixture.ts'
import {
  insertFixtureAwards,
  statisticsProvider,
  type FixtureAward,
} from '../../test/support/statistics-fixture.ts'
import { recordAudit } from '../services/audit.ts'
import { STATISTICS_JOB_KEY } from '../services/statistics.ts'
import { awardsByFinancialYear, statisticsRefreshedAt } from './statistics.ts'

let t: TestApp
const PROFESSIONS = ['Nurse', 'Paramedic', 'Pharmacist']

/** A spread of awards: dates over three years, three professions, some revoked or suspended. */
function spread(count: number, seed: number): FixtureAward[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i * 7919 + seed * 104_729
    const day = new Date(Date.UTC(2024, 3, 1) + (n % 900) * 86_400_000).toISOString().slice(0, 10)
    const profession = PROFESSIONS[n % 3] ?? 'Nurse'
    // Changed on the last evening of a month in London: counted in that London month.
    const at = `${day.slice(0, 7)}-01T23:30:00Z`
    const status =
      n % 11 === 0
        ? { to: 'revoked' as const, at }
        : n % 13 === 0
          ? { to: 'suspended' as const, at }
          : undefined
    return { awardedOn: day, profession, ...(status ? { status } : {}) }
  })
}

const monthOf = (day: string) => day.slice(0, 7)

before(async () => {
  t = await createTestApp()
})

after(async () => {
  await t?.close()
})

describe('the statistics store', () => {
  it('counts every visible award once, by month, credential, provider, region and profession', async () => {
    const { db } = t.database
    const london = await statisticsProvider(db, 'Statistics University London', 'london')
    const northWest = await statisticsProvider(db, 'Statistics University North West', 'north_west')
    const made = [
      { fixture: london, awards: spread(60, 1) },
      { fixture: northWest, awards: spread(45, 2) },
    ]
    for (const { fixture, awards } of made) await insertFixtureAwards(db, fixture, awards)
    // An import not yet published: its award is hidden from every reader, so from the figures.
    const pending = await db
      .insertInto('award_import')
      .values({
        organisation_id: london.organisationId,
        delivery_id: london.deliveryId,
        source: 'csv',
        content_sha256: 'x'.repeat(64),
        content: '',
        state: 'running',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('award_import_pending').values({ import_id: pending.id }).execute()
    await insertFixtureAwards(db, london, [
      { awardedOn: '2025-05-05', profession: 'Nurse', importId: pending.id },
    ])

    await t.services.statistics.refresh()

    const expected = new Map<string, { awarded: number; revoked: number; suspended: number }>()
    const add = (key: string, field: 'awarded' | 'revoked' | 'suspended') => {
      const entry = expected.get(key) ?? { awarded: 0, revoked: 0, suspended: 0 }
      entry[field] += 1
      expected.set(key, entry)
    }
    for (const { fixture, awards } of made)
      for (const a of awards) {
        add(`${monthOf(a.awardedOn)}|${fixture.organisationId}|${a.profession}`, 'awarded')
        if (a.status) add(`${monthOf(a.status.at)}|${fixture.organisationId}|${a.profession}`, a.status.to)
      }
    const stored = await db.selectFrom('award_month_statistic').selectAll().execute()
    const actual = new Map(
      stored.map((r) => [
        `${r.month}|${r.organisation_id}|${r.profession}`,
        { awarded: r.awarded, revoked: r.revoked, suspended: r.suspended },
      ]),
    )
    assert.deepEqual(actual, expected)
    for (const r of stored) {
      const fixture = r.organisation_id === london.organisationId ? london : northWest
      assert.equal(r.region, r.organisation_id === london.organisationId ? 'london' : 'north_west')
      assert.equal(r.credential_id, fixture.credentialId)
      assert.equal(r.clinical_area_id, fixture.clinicalAreaId)
    }

    const holders = await db.selectFrom('award_holder_statistic').selectAll().orderBy('region').execute()
    const inForce = (awards: FixtureAward[]) => awards.filter((a) => !a.status).length
    assert.deepEqual(
      holders.map((h) => [h.region, h.awards_in_force, h.holders]),
      [
        ['london', inForce(made[0]?.awards ?? []), inForce(made[0]?.awards ?? [])],
        ['north_west', inForce(made[1]?.awards ?? []), inForce(made[1]?.awards ?? [])],
      ],
    )
    assert.ok(await statisticsRefreshedAt(db))
  })

  it('counts a person holding two of a provider’s awards once among its holders', async () => {
    const { db } = t.database
    const provider = await statisticsProvider(db, 'Statistics University Twice', 'south_west')
    const other = await insertApprovedDelivery(db, { organisationId: provider.organisationId })
    const same = { profession: 'Nurse', registrationNumber: 'TWICE001', awardedOn: '2026-02-02' }
    await insertFixtureAwards(db, provider, [same])
    await insertFixtureAwards(db, other, [same])
    await t.services.statistics.refresh()
    const row = await db
      .selectFrom('award_holder_statistic')
      .selectAll()
      .where('organisation_id', '=', provider.organisationId)
      .executeTakeFirstOrThrow()
    assert.deepEqual([row.awards_in_force, row.holders], [2, 1])
  })

  it('adds up each NHS financial year from April to March, with the running total', async () => {
    const { db } = t.database
    const provider = await statisticsProvider(db, 'Statistics University Years', 'east_of_england')
    await insertFixtureAwards(db, provider, [
      { awardedOn: '2025-03-31', profession: 'Nurse' },
      { awardedOn: '2025-04-01', profession: 'Nurse' },
      { awardedOn: '2026-03-15', profession: 'Nurse' },
      { awardedOn: '2026-04-15', profession: 'Nurse' },
    ])
    await t.services.statistics.refresh()
    const years = await awardsByFinancialYear(db, { provider: provider.organisationId })
    assert.deepEqual(
      years.map((y) => [y.financialYear, y.region, y.awarded, y.cumulative]),
      [
        [2024, 'east_of_england', 1, 1],
        [2025, 'east_of_england', 2, 3],
        [2026, 'east_of_england', 1, 4],
      ],
    )
    const later = await awardsByFinancialYear(db, { provider: provider.organisationId, from: '2025-06' })
    assert.deepEqual(
      later.map((y) => [y.financialYear, y.cumulative]),
      [
        [2025, 3],
        [2026, 4],
      ],
    )
  })

  it('counts directory listings at each month’s end from the audit trail, and employer checks', async () => {
    const { db } = t.database
    const users = await db
      .insertInto('user_account')
      .values(
        [1, 2].map((n) => ({
          email: `stat-listed-${n}@example.org`,
          display_name: `Listed ${n}`,
          password_hash: null,
        })),
      )
      .returning('id')
      .execute()
    const listedBefore = Number(
      (
        await db
          .selectFrom('directory_entry')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('listed', '=', true)
          .executeTakeFirstOrThrow()
      ).n,
    )
    const actor = { userId: null, label: 'test', ip: null }
    await db.transaction().execute(async (trx) => {
      for (const [i, user] of users.entries()) {
        await trx
          .insertInto('practitioner_profile')
          .values({
            user_id: user.id,
            given_name: 'Listed',
            family_name: String(i),
            profession: 'Nurse',
            regulator: 'NMC',
            registration_number: `LISTED${i}`,
            region: 'london',
          })
          .execute()
        await trx
          .insertInto('directory_entry')
          .values({ user_id: user.id, listed: i === 0, search_name: `listed ${i}` })
          .execute()
        // Listed, then (the second) unlisted: one listing more this month.
        await recordAudit(trx, actor, {
          action: 'practitioner.directory_entry_changed',
          entityType: 'directory_entry',
          entityId: user.id,
          after: { listed: true },
        })
        if (i === 1)
          await recordAudit(trx, actor, {
            action: 'practitioner.directory_entry_changed',
            entityType: 'directory_entry',
            entityId: user.id,
            after: { listed: false },
          })
      }
      for (let i = 0; i < 3; i++)
        await recordAudit(trx, actor, {
          action: 'directory.employer_check',
          entityType: 'employer_check',
          entityId: null,
          after: { found: false },
        })
    })
    await t.services.statistics.refresh()
    const rows = await db.selectFrom('practitioner_month_statistic').selectAll().orderBy('month').execute()
    const thisMonth = new Date().toISOString().slice(0, 7)
    const last = rows.at(-1)
    assert.equal(last?.month, thisMonth)
    assert.equal(last?.listed, listedBefore + 1)
    assert.equal(last?.employer_checks, 3)
    // The month before, the one listing made this month was not there yet.
    const previous = rows.at(-2)
    if (previous) assert.equal(previous.listed, listedBefore)
  })
})

describe('the statistics job', () => {
  it('is queued, once, when an award’s status changes', async () => {
    const { db } = t.database
    const provider = await statisticsProvider(db, 'Statistics University Jobs', 'midlands')
    const [first, second] = await insertFixtureAwards(db, provider, [
      { awardedOn: '2026-01-10', profession: 'Nurse' },
      { awardedOn: '2026-01-11', profession: 'Nurse' },
    ])
    await db.deleteFrom('job').where('kind', '=', 'statistics').execute()
    const admin = await db
      .insertInto('user_account')
      .values({ email: 'stat-admin@example.org', display_name: 'Stat Admin', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const viewer = {
      userId: admin.id,
      label: 'stat-admin@example.org',
      ip: null,
      name: 'Stat Admin',
      roles: ['centre_admin' as const],
      organisationIds: [],
    }
    for (const id of [first, second])
      await t.services.awards.changeAwardStatus(
        id ?? '',
        1,
        'suspend',
        'Under investigation',
        viewer,
        'under_investigation',
      )
    const jobs = await db
      .selectFrom('job')
      .select(['kind', 'key', 'state'])
      .where('kind', '=', 'statistics')
      .execute()
    assert.deepEqual(jobs, [{ kind: 'statistics', key: STATISTICS_JOB_KEY, state: 'queued' }])
  })
})
