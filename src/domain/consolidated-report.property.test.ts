// Whatever the reviewers judged, the draft says they agree exactly when every judgement is the
// same, and a disagreement names every reviewer's judgement once, in order. Whatever a Centre
// admin does to the report, the decision is allowed exactly once the report is signed off,
// and nothing changes a signed-off report.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  agreementOf,
  agreementWords,
  nextReportStage,
  reportAllows,
  type ReportAction,
  type ReportStage,
} from './consolidated-report.ts'

const LABELS = { met: 'Met', partly_met: 'Partly met', not_met: 'Not met' }
const judgement = fc.constantFrom('met', 'partly_met', 'not_met' as const)
const given = fc
  .array(judgement, { maxLength: 5 })
  .map((js) => js.map((j, i) => ({ reviewer: `Reviewer ${i + 1}`, judgement: j })))

describe('agreement of reviewers (property)', () => {
  it('agree exactly when two or more judged and every judgement is the same', () => {
    fc.assert(
      fc.property(given, (g) => {
        const a = agreementOf(g)
        const same = new Set(g.map((x) => x.judgement)).size === 1
        assert.equal(a.kind === 'agree', g.length >= 2 && same)
        assert.equal(a.kind === 'disagree', g.length >= 2 && !same)
        assert.equal(a.kind === 'none', g.length === 0)
        const words = agreementWords(a, LABELS)
        assert.equal(words.startsWith('Reviewers agree: '), a.kind === 'agree')
        assert.equal(words.startsWith('Reviewers disagree: '), a.kind === 'disagree')
        if (a.kind === 'agree') assert.equal(words, `Reviewers agree: ${LABELS[g[0]!.judgement]}`)
        if (a.kind === 'disagree')
          assert.equal(
            words,
            `Reviewers disagree: ${g.map((x) => `${LABELS[x.judgement]} (${x.reviewer})`).join(', ')}`,
          )
      }),
    )
  })

  it('does not depend on who is named first for whether they agree', () => {
    fc.assert(
      fc.property(given, (g) => {
        assert.equal(agreementOf(g).kind, agreementOf([...g].reverse()).kind)
      }),
    )
  })
})

describe('the consolidated report and the decision (property)', () => {
  const actions = fc.array(fc.constantFrom<ReportAction>('draft', 'edit', 'sign_off', 'decide'), {
    maxLength: 12,
  })
  it('allows the decision exactly after a sign-off, and nothing changes a signed-off report', () => {
    fc.assert(
      fc.property(actions, (steps) => {
        const start: ReportStage[] = ['none']
        let stage = start[0] ?? 'none'
        let signedOff = false
        for (const action of steps) {
          const allowed: boolean = reportAllows(stage, action).ok
          if (action === 'decide') assert.equal(allowed, signedOff)
          if (signedOff) assert.equal(allowed, action === 'decide')
          const next = nextReportStage(stage, action)
          if (action === 'sign_off' && allowed) signedOff = true
          if (!allowed) assert.equal(next, stage, 'a refused action changes nothing')
          stage = next
          assert.equal(stage === 'signed_off', signedOff)
        }
      }),
    )
  })
})
