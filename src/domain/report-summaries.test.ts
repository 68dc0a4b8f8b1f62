// Counts in the dashboards' sentences: withheld as the tables withhold them, except for the
// Centre, and the noun agreeing with what is said.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { countForAudience, periodInWords, pluralFor } from './report-summaries.ts'

describe('counts in sentences', () => {
  it('withholds small counts from sentences except for the Centre', () => {
    assert.equal(countForAudience(3, { kind: 'public' }), 'fewer than 5')
    assert.equal(countForAudience(3, { kind: 'centre' }), '3')
    assert.equal(countForAudience(0, { kind: 'public' }), '0')
    assert.equal(countForAudience(1204, { kind: 'public' }), '1,204')
  })

  it('never says a count from 1 to 4 to anyone but the Centre', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const said = countForAudience(n, { kind: 'provider', organisationId: 'o', organisationName: 'O' })
        assert.ok(n >= 1 && n <= 4 ? said === 'fewer than 5' : said === n.toLocaleString('en-GB'))
      }),
    )
  })

  it('takes the plural for "fewer than 5", and the singular for one only where it is said', () => {
    assert.equal(pluralFor(1, { kind: 'public' }, 'check', 'checks'), 'checks')
    assert.equal(pluralFor(1, { kind: 'centre' }, 'check', 'checks'), 'check')
    assert.equal(pluralFor(7, { kind: 'centre' }, 'check', 'checks'), 'checks')
  })

  it('says the period chosen', () => {
    assert.equal(periodInWords('2025-01', '2025-06'), 'From January 2025 to June 2025')
    assert.equal(periodInWords(undefined, undefined), 'In all')
  })
})
