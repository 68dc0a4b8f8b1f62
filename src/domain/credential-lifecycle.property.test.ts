// Random runs of the whole process as the catalogue sees it: versions started, submitted and
// decided, periodic reviews opened, withdrawal. Whatever the order, the status must only
// move in the ways the process allows.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CREDENTIAL_STATUSES, type CredentialStatus } from './catalogue.ts'
import {
  DEVELOPMENT_STATUSES,
  IN_FORCE,
  nextStatus,
  RECOGNITION_PENDING,
  type CredentialEvent,
} from './credential-lifecycle.ts'

const decision = fc.constantFrom(
  'endorse' as const,
  'endorse_with_conditions' as const,
  'revise_and_resubmit' as const,
  'not_endorsed' as const,
)
const event: fc.Arbitrary<CredentialEvent> = fc.oneof(
  fc.constant<CredentialEvent>({ type: 'start_version' }),
  fc.constant<CredentialEvent>({ type: 'submit_version' }),
  fc
    .record({ outcome: decision, recognition: fc.boolean() })
    .map((d): CredentialEvent => ({ type: 'decide', ...d })),
  fc.constant<CredentialEvent>({ type: 'open_periodic_review' }),
  fc.constant<CredentialEvent>({ type: 'withdraw' }),
)

describe('the credential status through the process (property)', () => {
  it('never leaves withdrawal, and is in force only after an endorsement', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CredentialStatus>('in_development', 'endorsed', 'recognised', 'tbc'),
        fc.array(event, { minLength: 1, maxLength: 60 }),
        (start, events) => {
          let status = start
          let reviewing = false
          let endorsedSinceStart = IN_FORCE.includes(start)
          for (const e of events) {
            const outcome = nextStatus(status, e, reviewing)
            if (status === 'withdrawn') {
              assert.equal(outcome.ok, false, 'a withdrawn credential refuses everything')
              continue
            }
            if (!outcome.ok) {
              assert.ok(outcome.reason.length > 0)
              continue
            }
            assert.ok(CREDENTIAL_STATUSES.includes(outcome.status))
            if (e.type === 'open_periodic_review') {
              assert.ok(IN_FORCE.includes(status), 'only a credential in force is reviewed')
              reviewing = true
            }
            if (e.type === 'decide') {
              const endorsed = e.outcome === 'endorse' || e.outcome === 'endorse_with_conditions'
              if (endorsed) {
                endorsedSinceStart = true
                reviewing = false
              }
            }
            if (e.type === 'withdraw') {
              assert.ok(endorsedSinceStart, 'only something once published can be withdrawn')
            }
            if (IN_FORCE.includes(outcome.status)) {
              assert.ok(endorsedSinceStart, `${outcome.status} without an endorsement`)
            }
            if (reviewing && e.type !== 'open_periodic_review' && e.type !== 'withdraw') {
              assert.equal(outcome.status, 'periodic_review', 'the status stays under review until decided')
            }
            status = outcome.status
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('never shows an application for recognition in a development status, however often it is revised', () => {
    // Every event of a recognition, as its services send them.
    const recognitionEvent: fc.Arbitrary<CredentialEvent> = fc.oneof(
      fc.constant<CredentialEvent>({ type: 'start_version', recognition: true }),
      fc.constant<CredentialEvent>({ type: 'submit_version' }),
      decision.map((outcome): CredentialEvent => ({ type: 'decide', outcome, recognition: true })),
      fc.constant<CredentialEvent>({ type: 'open_periodic_review' }),
      fc.constant<CredentialEvent>({ type: 'withdraw' }),
    )
    fc.assert(
      fc.property(fc.array(recognitionEvent, { minLength: 1, maxLength: 60 }), (events) => {
        let status: CredentialStatus = RECOGNITION_PENDING
        let reviewing = false
        for (const e of events) {
          const outcome = nextStatus(status, e, reviewing)
          if (!outcome.ok) continue
          assert.ok(!DEVELOPMENT_STATUSES.includes(outcome.status), `${e.type} led to ${outcome.status}`)
          assert.notEqual(outcome.status, 'endorsed', 'a recognition is recognised, not endorsed')
          if (e.type === 'open_periodic_review') reviewing = true
          if (e.type === 'decide' && (e.outcome === 'endorse' || e.outcome === 'endorse_with_conditions'))
            reviewing = false
          status = outcome.status
        }
      }),
    )
  })
})
