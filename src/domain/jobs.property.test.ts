// Random runs of jobs through failures, lease expiries and admin retries: a job never takes
// more attempts than it is allowed, waits longer after each failure up to the cap, and only
// moves in the ways the queue allows.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { afterFailure, backoffSeconds, canMove, JOB_STATES, type JobState } from './jobs.ts'

const policy = fc
  .record({ baseSeconds: fc.integer({ min: 1, max: 600 }), capSeconds: fc.integer({ min: 1, max: 86_400 }) })
  .filter((p) => p.capSeconds >= p.baseSeconds)

describe('job retries and states (property)', () => {
  it('waits at least the base, at most the cap plus a fifth, and never less after a later failure', () => {
    fc.assert(
      fc.property(
        policy,
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, attempt, jitter) => {
          const wait = backoffSeconds(attempt, p, jitter)
          assert.ok(wait >= p.baseSeconds, `${wait} < base`)
          assert.ok(wait <= Math.round(p.capSeconds * 1.2), `${wait} > cap`)
          assert.ok(backoffSeconds(attempt + 1, p) >= backoffSeconds(attempt, p))
          assert.equal(Number.isInteger(wait), true)
        },
      ),
    )
  })

  it('never runs a job more than its maximum attempts, and ends dead after the last failure', () => {
    type Event = 'claim' | 'fail' | 'succeed' | 'lease_expires' | 'admin_retry'
    const event = fc.constantFrom<Event>('claim', 'fail', 'succeed', 'lease_expires', 'admin_retry')
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(event, { maxLength: 60 }),
        (maxAttempts, events) => {
          let state = 'queued' as JobState
          let attempts = 0
          let attemptsSinceRetry = 0
          const move = (to: JobState) => {
            assert.ok(canMove(state, to), `${state} → ${to}`)
            state = to
          }
          for (const e of events) {
            if (e === 'claim' && state === 'queued') {
              move('running')
              attempts++
              attemptsSinceRetry++
            } else if ((e === 'fail' || e === 'lease_expires') && state === 'running') {
              const next = afterFailure(attempts, maxAttempts)
              move(next.state)
            } else if (e === 'succeed' && state === 'running') {
              move('done')
            } else if (e === 'admin_retry' && state === 'dead') {
              move('queued')
              attempts = 0
              attemptsSinceRetry = 0
            }
            assert.ok(attemptsSinceRetry <= maxAttempts)
            if (state === 'dead') assert.equal(attempts, maxAttempts)
          }
        },
      ),
    )
  })

  it('allows no way out of done, and every state is reachable from queued', () => {
    for (const to of JOB_STATES) assert.equal(canMove('done', to), false)
    const reached = new Set<JobState>(['queued'])
    for (let i = 0; i < 4; i++)
      for (const from of [...reached]) for (const to of JOB_STATES) if (canMove(from, to)) reached.add(to)
    assert.deepEqual([...reached].sort(), [...JOB_STATES].sort())
  })
})
