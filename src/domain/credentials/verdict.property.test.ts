import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  CHECK_NAMES,
  failedFirst,
  recordVerdictOf,
  REQUIRED_CHECKS,
  verdictOf,
  type Check,
  type Verdict,
} from './verdict.ts'

const check: fc.Arbitrary<Check> = fc.record({
  name: fc.constantFrom(...CHECK_NAMES),
  ok: fc.constantFrom(true, false, null),
  message: fc.string(),
})
const checks = fc.array(check, { maxLength: 12 })
/** Every required check present, in any order, among any others. */
const complete = fc
  .tuple(
    fc.tuple(...REQUIRED_CHECKS.map((name) => check.map((c) => ({ ...c, name })))),
    fc.array(check, { maxLength: 8 }),
  )
  .chain(([required, others]) =>
    fc.shuffledSubarray([...required, ...others], { minLength: required.length + others.length }),
  )

describe('the verdict of a verification', () => {
  it('is valid exactly when every check passed and none that every credential needs is missing', () => {
    fc.assert(
      fc.property(fc.oneof(checks, complete), (list) => {
        const allPassed = list.every((c) => c.ok === true)
        const required = REQUIRED_CHECKS.every((name) => list.some((c) => c.name === name))
        assert.equal(verdictOf(list) === 'valid', allPassed && required)
      }),
      { numRuns: 2000 },
    )
  })

  it('is not valid exactly when some check failed', () => {
    fc.assert(
      fc.property(fc.oneof(checks, complete), (list) => {
        assert.equal(
          verdictOf(list) === 'not-valid',
          list.some((c) => c.ok === false),
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('never counts a check that could not be run as passed', () => {
    fc.assert(
      fc.property(complete, fc.nat(), (list, at) => {
        const unrun = list.map((c, i) => (i === at % list.length ? { ...c, ok: null } : c))
        assert.notEqual(verdictOf(unrun), 'valid')
      }),
    )
  })

  it('lists failed checks first, then those not run, keeping each group in order', () => {
    fc.assert(
      fc.property(checks, (list) => {
        const ordered = failedFirst(list)
        const rank = (c: Check) => (c.ok === false ? 0 : c.ok === null ? 1 : 2)
        assert.deepEqual(
          ordered,
          [0, 1, 2].flatMap((r) => list.filter((c) => rank(c) === r)),
        )
      }),
    )
  })

  it('says nothing is valid when nothing was checked', () => {
    assert.equal(verdictOf([]), 'unconfirmed')
  })
})

describe('the verdict of a record that carries credentials (a CLR)', () => {
  const verdict = fc.constantFrom<Verdict>('valid', 'not-valid', 'unconfirmed')
  const record = fc.tuple(fc.oneof(checks, complete), fc.array(verdict, { maxLength: 10 }))

  it('is valid exactly when its own checks make it valid and every credential inside is valid', () => {
    fc.assert(
      fc.property(record, ([own, inner]) => {
        assert.equal(
          recordVerdictOf(own, inner) === 'valid',
          verdictOf(own) === 'valid' && inner.every((v) => v === 'valid'),
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('is not valid exactly when its own checks or any credential inside is not valid', () => {
    fc.assert(
      fc.property(record, ([own, inner]) => {
        assert.equal(
          recordVerdictOf(own, inner) === 'not-valid',
          verdictOf(own) === 'not-valid' || inner.includes('not-valid'),
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('is the verdict of its own checks when it carries no credentials', () => {
    fc.assert(
      fc.property(fc.oneof(checks, complete), (own) =>
        assert.equal(recordVerdictOf(own, []), verdictOf(own)),
      ),
    )
  })
})
