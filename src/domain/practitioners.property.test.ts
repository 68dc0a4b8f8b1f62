// Capability coverage over random portfolios of the real framework: awards and CPD each cover
// what they map to, evidence only ever adds, and a suspended or revoked award shows nothing.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { DEMO_FRAILTY_V2 } from '../db/seed/demo-specifications.ts'
import {
  appraisalYearOf,
  capabilityCoverage,
  hoursByAppraisalYear,
  type CapabilityCoverage,
  type CredentialEvidence,
} from './practitioners.ts'
import { frameworkCodesOf } from './specification-content.ts'
import { AWARD_STATUSES } from './providers.ts'

interface FrameworkFile {
  pillars: Array<{ id: string; name: string; capabilities: Array<[string, string]> }>
}
const framework: FrameworkFile = JSON.parse(
  readFileSync(new URL('../db/seed/reference/framework.json', import.meta.url), 'utf8'),
)
const pillars = framework.pillars.map((p) => ({ code: p.id, name: p.name }))
const capabilities = framework.pillars.flatMap((p) =>
  p.capabilities.map(([code, label]) => ({ code, label, pillarCode: p.id })),
)
const codes = capabilities.map((c) => c.code)

const cpd = fc.record({
  capabilityCode: fc.constantFrom(...codes),
  tenthsOfHours: fc.integer({ min: 1, max: 2000 }),
})
const award: fc.Arbitrary<CredentialEvidence> = fc.record({
  title: fc.constantFrom('Frailty in older people', 'Sepsis', 'Acute medicine'),
  status: fc.constantFrom(...AWARD_STATUSES),
  frameworkCodes: fc.uniqueArray(fc.constantFrom(...codes, 'not-a-code'), { maxLength: 12 }),
})

const coveredCodes = (coverage: CapabilityCoverage[]) =>
  new Set(
    coverage.flatMap((p) =>
      p.capabilities.filter((c) => c.activities > 0 || c.credentials.length > 0).map((c) => c.code),
    ),
  )

/** The seeded demo award's credential: the frailty specification, version 2. */
const frailty: CredentialEvidence = {
  title: 'Frailty in older people (demo)',
  status: 'active',
  frameworkCodes: frameworkCodesOf('specification', DEMO_FRAILTY_V2),
}

describe('capability coverage', () => {
  it('counts an active award of a credential mapped to capabilities, with no CPD at all', () => {
    const coverage = capabilityCoverage(pillars, capabilities, [], [frailty])
    const clinical = coverage.find((p) => p.pillarCode === '1')
    assert.ok(clinical)
    assert.equal(clinical.covered, 3, '1.4, 1.6 and 1.7')
    assert.equal(clinical.coveredByCredentials, 3)
    assert.equal(clinical.coveredByCpd, 0)
    assert.deepEqual(clinical.capabilities.find((c) => c.code === '1.6')?.credentials, [
      'Frailty in older people (demo)',
    ])
    assert.equal(
      coverage.reduce((n, p) => n + p.covered, 0),
      10,
      'every capability the frailty specification maps to',
    )
  })

  it('shows nothing from a suspended or revoked award', () => {
    for (const status of ['suspended', 'revoked'] as const) {
      const coverage = capabilityCoverage(pillars, capabilities, [], [{ ...frailty, status }])
      assert.equal(
        coverage.reduce((n, p) => n + p.covered, 0),
        0,
        status,
      )
    }
  })

  it('never decreases when evidence is added, and counts a capability covered by either kind', () => {
    fc.assert(
      fc.property(
        fc.array(cpd, { maxLength: 30 }),
        fc.array(award, { maxLength: 4 }),
        fc.array(cpd, { maxLength: 10 }),
        fc.array(award, { maxLength: 3 }),
        (activities, awards, moreActivities, moreAwards) => {
          const before = capabilityCoverage(pillars, capabilities, activities, awards)
          const after = capabilityCoverage(
            pillars,
            capabilities,
            [...activities, ...moreActivities],
            [...awards, ...moreAwards],
          )
          const was = coveredCodes(before)
          const now = coveredCodes(after)
          for (const code of was) assert.ok(now.has(code), `${code} stays covered`)
          for (const [i, p] of after.entries()) {
            assert.ok(p.covered >= (before[i]?.covered ?? 0))
            assert.ok(p.covered <= p.total)
            assert.ok(p.covered >= Math.max(p.coveredByCpd, p.coveredByCredentials))
            assert.ok(p.covered <= p.coveredByCpd + p.coveredByCredentials)
          }
          const active = [...awards, ...moreAwards].filter((a) => a.status === 'active')
          const fromAwards = new Set(active.flatMap((a) => a.frameworkCodes).filter((c) => codes.includes(c)))
          const fromCpd = new Set([...activities, ...moreActivities].map((a) => a.capabilityCode))
          assert.deepEqual(now, new Set([...fromAwards, ...fromCpd]))
        },
      ),
    )
  })

  it('totals the hours of each capability from the activities that show it', () => {
    fc.assert(
      fc.property(fc.array(cpd, { maxLength: 40 }), (activities) => {
        const coverage = capabilityCoverage(pillars, capabilities, activities, [])
        for (const c of coverage.flatMap((p) => p.capabilities)) {
          const showing = activities.filter((a) => a.capabilityCode === c.code)
          assert.equal(c.activities, showing.length)
          assert.equal(
            c.tenthsOfHours,
            showing.reduce((n, a) => n + a.tenthsOfHours, 0),
          )
        }
      }),
    )
  })
})

describe('CPD hours by appraisal year', () => {
  it('runs each year from 1 April to 31 March', () => {
    assert.equal(appraisalYearOf('2026-03-31'), 2025)
    assert.equal(appraisalYearOf('2026-04-01'), 2026)
    assert.equal(appraisalYearOf('2027-01-06'), 2026)
    assert.deepEqual(
      hoursByAppraisalYear([
        { activityDate: '2026-03-31', tenthsOfHours: 15 },
        { activityDate: '2026-04-01', tenthsOfHours: 60 },
        { activityDate: '2027-03-31', tenthsOfHours: 5 },
      ]),
      [
        { startYear: 2026, label: 'April 2026 to March 2027', activities: 2, tenthsOfHours: 65 },
        { startYear: 2025, label: 'April 2025 to March 2026', activities: 1, tenthsOfHours: 15 },
      ],
    )
  })

  it('counts every activity once, in one year, whatever the dates', () => {
    const day = fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        fc.array(fc.record({ activityDate: day, tenthsOfHours: fc.integer({ min: 1, max: 2000 }) }), {
          maxLength: 40,
        }),
        (activities) => {
          const years = hoursByAppraisalYear(activities)
          assert.equal(
            years.reduce((n, y) => n + y.activities, 0),
            activities.length,
          )
          assert.equal(
            years.reduce((n, y) => n + y.tenthsOfHours, 0),
            activities.reduce((n, a) => n + a.tenthsOfHours, 0),
          )
          const starts = years.map((y) => y.startYear)
          assert.deepEqual(
            starts,
            [...starts].sort((a, b) => b - a),
          )
        },
      ),
    )
  })
})
