import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { invitationState, newPasswordProblems, tokenExpiry } from './accounts.ts'
import { fixedClock } from './clock.ts'

describe('links sent by e-mail', () => {
  it('work for 7 days (an invitation), 1 hour (a reset) or 24 hours (a confirmation)', () => {
    const sent = new Date('2031-03-03T09:00:00Z')
    assert.equal(tokenExpiry('invitation', sent).toISOString(), '2031-03-10T09:00:00.000Z')
    assert.equal(tokenExpiry('password_reset', sent).toISOString(), '2031-03-03T10:00:00.000Z')
    assert.equal(tokenExpiry('email_confirmation', sent).toISOString(), '2031-03-04T09:00:00.000Z')
  })

  it('make an invitation pending until it expires, by the clock, unless it was accepted', () => {
    const clock = fixedClock('2031-03-03T09:00:00Z')
    const invitation = { usedAt: null, expiresAt: tokenExpiry('invitation', clock.now()) }
    clock.advance({ days: 6, hours: 23, minutes: 59 })
    assert.equal(invitationState(invitation, clock.now()), 'pending')
    clock.advance({ minutes: 1 })
    assert.equal(invitationState(invitation, clock.now()), 'expired')
    assert.equal(
      invitationState({ ...invitation, usedAt: new Date('2031-03-04T09:00:00Z') }, clock.now()),
      'accepted',
    )
  })
})

describe('a new password typed twice', () => {
  it("names the password's own problem first, and a mismatch only for a good password", () => {
    assert.deepEqual(newPasswordProblems('short', 'other'), {
      password: 'Password must be 12 characters or more',
      confirmPassword: null,
    })
    assert.deepEqual(newPasswordProblems('a long enough password', 'a long enough passwore'), {
      password: null,
      confirmPassword: 'Enter the same password twice',
    })
    assert.deepEqual(newPasswordProblems('a long enough password', 'a long enough password'), {
      password: null,
      confirmPassword: null,
    })
  })
})
