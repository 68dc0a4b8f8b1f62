import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  canAward,
  declaredAccredited,
  isListedDelivery,
  nextDeliveryState,
  parseUkprn,
  returnDueOn,
  returnReminderOwed,
} from './providers.ts'

describe('UK Provider Reference Number', () => {
  it('takes 8 digits starting with 1, ignoring spaces', () => {
    assert.deepEqual(parseUkprn('10007785'), { ukprn: '10007785' })
    assert.deepEqual(parseUkprn(' 1000 7785 '), { ukprn: '10007785' })
  })
  it('says what is wrong', () => {
    assert.deepEqual(parseUkprn('1000778A'), {
      error: 'UK Provider Reference Number must only include numbers',
    })
    assert.deepEqual(parseUkprn('1000778'), { error: 'UK Provider Reference Number must be 8 digits' })
    assert.deepEqual(parseUkprn('100077851'), { error: 'UK Provider Reference Number must be 8 digits' })
    assert.deepEqual(parseUkprn('20007785'), { error: 'UK Provider Reference Number must start with 1' })
  })
})

describe('delivery lifecycle', () => {
  it('lets the Centre approve, approve with conditions or decline an application', () => {
    assert.deepEqual(nextDeliveryState('applied', 'approve', 'centre_admin'), { state: 'approved' })
    assert.deepEqual(nextDeliveryState('applied', 'approve_with_conditions', 'centre_admin'), {
      state: 'approved_with_conditions',
    })
    assert.deepEqual(nextDeliveryState('applied', 'decline', 'centre_admin'), { state: 'declined' })
  })
  it('suspends an approved delivery and reinstates it as approved', () => {
    assert.deepEqual(nextDeliveryState('approved_with_conditions', 'suspend', 'centre_admin'), {
      state: 'suspended',
    })
    assert.deepEqual(nextDeliveryState('suspended', 'reinstate', 'centre_admin'), { state: 'approved' })
  })
  it('refuses with a reason: the wrong state, or the wrong actor', () => {
    assert.deepEqual(nextDeliveryState('approved', 'approve', 'centre_admin'), {
      refused: 'A delivery that is approved cannot be approved',
    })
    assert.deepEqual(nextDeliveryState('applied', 'suspend', 'centre_admin'), {
      refused: 'A delivery that is waiting for a decision cannot be suspended',
    })
    assert.deepEqual(nextDeliveryState('applied', 'approve', 'provider_admin'), {
      refused: 'Only the Centre can say a delivery is approved',
    })
    assert.deepEqual(nextDeliveryState('applied', 'withdraw', 'centre_admin'), {
      refused: 'Only the provider can say its delivery is withdrawn',
    })
    assert.deepEqual(nextDeliveryState('declined', 'withdraw', 'provider_admin'), {
      refused: 'A delivery that is declined cannot be withdrawn',
    })
  })
  it('lets only approved deliveries award and appear on the public page', () => {
    assert.ok(canAward('approved') && canAward('approved_with_conditions'))
    for (const state of ['applied', 'declined', 'suspended', 'withdrawn'] as const) {
      assert.equal(canAward(state), false)
      assert.equal(isListedDelivery(state), false)
    }
  })
})

describe('quality return dates', () => {
  it('falls due on the anniversary of the start date, 28 February for 29 February', () => {
    assert.equal(returnDueOn('2027-09-15', 1), '2028-09-15')
    assert.equal(returnDueOn('2028-02-29', 1), '2029-02-28')
    assert.equal(returnDueOn('2028-02-29', 4), '2032-02-29')
  })
  it('owes the smallest reminder period not yet sent', () => {
    assert.equal(returnReminderOwed('2028-09-15', '2028-08-01', []), null)
    assert.equal(returnReminderOwed('2028-09-15', '2028-08-20', []), 30)
    assert.equal(returnReminderOwed('2028-09-15', '2028-09-10', [30]), 7)
    assert.equal(returnReminderOwed('2028-09-15', '2028-09-10', [30, 7]), null)
  })
})

describe('a provider’s declared accreditation', () => {
  // The verdict on a day is the Centre's (programme-accreditation.test.ts); a declaration only
  // says what the provider said.
  it('reads accredited, with or without conditions, as declared accredited', () => {
    assert.equal(declaredAccredited('accredited'), true)
    assert.equal(declaredAccredited('accredited_with_conditions'), true)
    assert.equal(declaredAccredited('lapsed'), false)
    assert.equal(declaredAccredited(null), false)
  })
})
