// Random returns against random days: every return gets exactly one verdict, and it follows the
// dashboard's definitions of on time, late and with concerns.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { RETURN_STATES } from './providers.ts'
import { RETURN_VERDICTS, returnVerdict, type ReturnFacts } from './return-timeliness.ts'

const day = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) })
  .map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10))
const facts: fc.Arbitrary<ReturnFacts> = fc.record({
  dueOn: day,
  state: fc.constantFrom(...RETURN_STATES),
  firstSubmittedOn: fc.option(day, { nil: null }),
  concernRaised: fc.boolean(),
})

describe('a quality return’s verdict', () => {
  it('is one of the verdicts, and a concern raised in review always shows', () => {
    fc.assert(
      fc.property(facts, day, (f, today) => {
        const verdict = returnVerdict(f, today)
        assert.ok(RETURN_VERDICTS.includes(verdict))
        assert.equal(verdict === 'with_concerns', f.concernRaised || f.state === 'concern_raised')
      }),
    )
  })

  it('without concerns: on time exactly when first submitted on or before the due day', () => {
    fc.assert(
      fc.property(facts, day, (f, today) => {
        const clean = { ...f, concernRaised: false, state: f.state === 'concern_raised' ? 'due' : f.state }
        const verdict = returnVerdict(clean, today)
        assert.equal(
          verdict === 'on_time',
          clean.firstSubmittedOn !== null && clean.firstSubmittedOn <= clean.dueOn,
        )
        assert.equal(
          verdict === 'late',
          clean.firstSubmittedOn !== null ? clean.firstSubmittedOn > clean.dueOn : clean.dueOn < today,
        )
        assert.equal(verdict === 'not_yet_due', clean.firstSubmittedOn === null && clean.dueOn >= today)
      }),
    )
  })

  it('reads the edges as the dashboard defines them', () => {
    const base: ReturnFacts = {
      dueOn: '2026-09-01',
      state: 'accepted',
      firstSubmittedOn: '2026-09-01',
      concernRaised: false,
    }
    assert.equal(returnVerdict(base, '2027-01-01'), 'on_time')
    assert.equal(returnVerdict({ ...base, firstSubmittedOn: '2026-09-02' }, '2027-01-01'), 'late')
    assert.equal(
      returnVerdict({ ...base, state: 'due', firstSubmittedOn: null }, '2026-09-01'),
      'not_yet_due',
    )
    assert.equal(returnVerdict({ ...base, state: 'due', firstSubmittedOn: null }, '2026-09-02'), 'late')
    assert.equal(returnVerdict({ ...base, concernRaised: true }, '2027-01-01'), 'with_concerns')
  })
})
