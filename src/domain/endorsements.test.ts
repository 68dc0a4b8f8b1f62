import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ENDORSEMENT_STATE_WORDS, ENDORSEMENT_STATES, endorsementState } from './endorsements.ts'

describe("an endorsement's state", () => {
  it('is withdrawn once withdrawn, else ended once ended, else in force', () => {
    fc.assert(
      fc.property(
        fc.option(fc.date({ noInvalidDate: true })),
        fc.option(fc.constant('2027-01-06')),
        (withdrawnAt, endedOn) => {
          const state = endorsementState({ withdrawnAt, endedOn })
          assert.equal(state, withdrawnAt ? 'withdrawn' : endedOn ? 'ended' : 'active')
        },
      ),
    )
  })

  it('reads in one word each, never "Endorsed", which is a credential\'s status', () => {
    const words = ENDORSEMENT_STATES.map((s) => ENDORSEMENT_STATE_WORDS[s].text)
    assert.deepEqual(words, ['In force', 'Withdrawn', 'Ended'])
  })
})
