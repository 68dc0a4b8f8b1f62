import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { criteriaNotYetEntered } from './criteria.ts'

describe('criteria not yet entered', () => {
  it('names the main criteria numbered before the highest one held', () => {
    assert.deepEqual(criteriaNotYetEntered(['E4', 'E4.1']), ['E1', 'E2', 'E3'])
    assert.deepEqual(criteriaNotYetEntered(['G1', 'G1.1', 'G2', 'G3']), [])
    assert.deepEqual(criteriaNotYetEntered(['E1', 'E3', 'E3.2']), ['E2'])
    assert.deepEqual(criteriaNotYetEntered([]), [])
  })

  it('with what is held, accounts for every number up to the highest, once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (held) => {
        const missing = criteriaNotYetEntered(held.map((n) => `E${n}`)).map((code) => Number(code.slice(1)))
        const all = [...held, ...missing].sort((a, b) => a - b)
        assert.deepEqual(
          all,
          Array.from({ length: Math.max(...held) }, (_, i) => i + 1),
        )
      }),
    )
  })
})
