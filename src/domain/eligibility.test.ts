import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { eligibilityGaps, nextAwardStatus, type Eligibility } from './providers.ts'

const none: Eligibility = {
  basis: null,
  programmeId: null,
  mscInstitution: null,
  mscYear: null,
  equivalenceFileId: null,
}
// Each programme's applications as the Centre decided them (src/domain/programme-accreditation.ts).
const decided = (from: string, until: string) => ({
  outcome: 'accredited' as const,
  decidedOn: from,
  periodFrom: from,
  periodUntil: until,
})
const programmes = [
  {
    id: 'p1',
    accreditations: [
      { state: 'accredited' as const, decision: decided('2025-09-01', '2030-08-31'), withdrawal: null },
    ],
  },
  {
    id: 'p2',
    accreditations: [
      { state: 'ended' as const, decision: decided('2020-01-01', '2024-12-31'), withdrawal: null },
    ],
  },
  {
    id: 'p3',
    accreditations: [
      {
        state: 'accreditation_withdrawn' as const,
        decision: decided('2025-01-01', '2029-12-31'),
        withdrawal: { on: '2026-03-01' },
      },
    ],
  },
  // Declared accredited by its provider before the Centre's process: no decision of the Centre.
  { id: 'p4', accreditations: [] },
]
const context = { awardedOn: '2026-07-31', programmes, thisYear: 2026 }

describe('eligibilityGaps', () => {
  it('asks for a basis when none is recorded', () => {
    assert.deepEqual(eligibilityGaps(none, context), [
      'Record the basis of the learner’s eligibility before awarding the credential',
    ])
  })

  it('needs one of the provider’s programmes, accredited by the Centre on the award date', () => {
    const enrolled = (programmeId: string | null) => ({
      ...none,
      basis: 'enrolled_msc' as const,
      programmeId,
    })
    assert.deepEqual(eligibilityGaps(enrolled('p1'), context), [])
    assert.deepEqual(eligibilityGaps(enrolled(null), context), [
      'Select the accredited MSc programme the learner is enrolled on',
    ])
    assert.deepEqual(eligibilityGaps(enrolled('elsewhere'), context), [
      'The programme is not one of this provider’s',
    ])
    assert.deepEqual(eligibilityGaps(enrolled('p2'), context), [
      'The learner’s MSc programme was not accredited by the Centre on the award date',
    ])
    assert.deepEqual(eligibilityGaps(enrolled('p2'), { ...context, awardedOn: '2024-12-31' }), [])
    assert.deepEqual(eligibilityGaps(enrolled('p3'), context), [
      'The learner’s MSc programme was not accredited by the Centre on the award date',
    ])
    assert.deepEqual(eligibilityGaps(enrolled('p3'), { ...context, awardedOn: '2026-02-28' }), [])
    assert.deepEqual(eligibilityGaps(enrolled('p4'), context), [
      'The learner’s MSc programme was not accredited by the Centre on the award date',
    ])
  })

  it('names every missing detail of an MSc held', () => {
    const holds = { ...none, basis: 'holds_msc' as const }
    assert.deepEqual(eligibilityGaps(holds, context), [
      'Enter the institution that awarded the MSc',
      'Enter the year the MSc was awarded',
    ])
    assert.deepEqual(eligibilityGaps({ ...holds, mscInstitution: 'Leeds', mscYear: 2027 }, context), [
      'Year the MSc was awarded must be between 1950 and 2026',
    ])
    assert.deepEqual(eligibilityGaps({ ...holds, mscInstitution: '  ', mscYear: 2020 }, context), [
      'Enter the institution that awarded the MSc',
    ])
    assert.deepEqual(eligibilityGaps({ ...holds, mscInstitution: 'Leeds', mscYear: 2020 }, context), [])
  })

  it('needs the evidence of educational equivalence', () => {
    const equivalence = { ...none, basis: 'equivalence' as const }
    assert.deepEqual(eligibilityGaps(equivalence, context), [
      'Upload the evidence of educational equivalence',
    ])
    assert.deepEqual(eligibilityGaps({ ...equivalence, equivalenceFileId: 'f1' }, context), [])
  })
})

describe('nextAwardStatus', () => {
  it('suspends an active award and reinstates a suspended one', () => {
    assert.deepEqual(nextAwardStatus('active', 'suspend'), { status: 'suspended' })
    assert.deepEqual(nextAwardStatus('suspended', 'reinstate'), { status: 'active' })
  })

  it('revokes an active or suspended award', () => {
    assert.deepEqual(nextAwardStatus('active', 'revoke'), { status: 'revoked' })
    assert.deepEqual(nextAwardStatus('suspended', 'revoke'), { status: 'revoked' })
  })

  it('refuses what makes no sense, and any change to a revoked award', () => {
    assert.deepEqual(nextAwardStatus('suspended', 'suspend'), { refused: 'The award is already suspended' })
    assert.deepEqual(nextAwardStatus('active', 'reinstate'), {
      refused: 'Only a suspended award can be reinstated',
    })
    for (const action of ['suspend', 'reinstate', 'revoke'] as const)
      assert.deepEqual(nextAwardStatus('revoked', action), { refused: 'A revoked award cannot be changed' })
  })
})
