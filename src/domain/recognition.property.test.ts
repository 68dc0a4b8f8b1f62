// Whatever the author has written, the task list agrees with submission: every section is
// completed exactly when nothing is missing, a section with nothing written is never
// completed, and what is missing always shows on a section that is not completed.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  CROSSWALK_JUDGEMENTS,
  crosswalkReviewProblem,
  unjudgedRows,
  RECOGNITION_SECTIONS,
  recognitionProblems,
  recognitionSectionOf,
  recognitionSectionStatus,
  type RecognitionDraft,
} from './recognition.ts'

const CODES = new Set(['1.1', '1.2', '2.1', '3.1', '4.1'])
const someText = fc.constantFrom('', ' ', 'Written')
const row = fc.record({
  code: fc.constantFrom('R1', 'R2', 'A.1', 'X'),
  outcome: someText,
  frameworkCodes: fc.subarray(['1.1', '2.1', '4.1', '9.9']),
})
const draft: fc.Arbitrary<RecognitionDraft> = fc.record({
  title: fc.constantFrom('A curriculum', 'An application for recognition'),
  content: fc.record({
    ownerName: someText,
    ownerUrl: fc.constantFrom('', 'https://example.org'),
    documentUrl: fc.constantFrom('', 'https://example.org/document.pdf'),
    summary: someText,
    crosswalk: fc.uniqueArray(row, { selector: (r) => r.code, maxLength: 4 }),
  }),
})

describe('the application for recognition as a task list (property)', () => {
  it('shows every section completed exactly when submission would find nothing missing', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const missing = recognitionProblems(d.content, CODES).map((p) => p.field)
        const statuses = RECOGNITION_SECTIONS.map((s) => recognitionSectionStatus(d, s, missing))
        assert.equal(
          statuses.every((s) => s === 'completed'),
          missing.length === 0,
        )
        for (const field of missing) {
          const section = recognitionSectionOf(field)
          assert.notEqual(recognitionSectionStatus(d, section, missing), 'completed', field)
        }
      }),
    )
  })

  it('reads a section as not started, in progress or completed from its own fields only', () => {
    fc.assert(
      fc.property(
        draft,
        fc.constantFrom(...RECOGNITION_SECTIONS),
        fc.array(fc.constantFrom('title', 'summary', 'ownerName', 'documentUrl', 'outcome_0', 'fw_2')),
        (d, section, missing) => {
          const status = recognitionSectionStatus(d, section, missing)
          const here = missing.some((f) => recognitionSectionOf(f) === section)
          if (status === 'completed') assert.equal(here, false)
          if (status === 'in_progress') assert.equal(here, true)
          const elsewhere = missing.filter((f) => recognitionSectionOf(f) !== section)
          assert.equal(recognitionSectionStatus(d, section, elsewhere) === 'in_progress', false)
        },
      ),
    )
  })
})

describe('a recognition review judged row by row (property)', () => {
  const judged = fc.dictionary(
    fc.constantFrom('R1', 'R2', 'R3', 'R4'),
    fc.record({
      judgement: fc.constantFrom(...CROSSWALK_JUDGEMENTS),
      comment: fc.constantFrom('', ' ', 'Covers it.'),
    }),
  )
  const codes = fc.uniqueArray(fc.constantFrom('R1', 'R2', 'R3', 'R4'), { maxLength: 4 })
  it('can be submitted exactly when every row has a judgement and a comment', () => {
    fc.assert(
      fc.property(codes, judged, (rows, given) => {
        const problem = crosswalkReviewProblem(rows, given)
        const complete = rows.every((code) => given[code] !== undefined && given[code].comment.trim() !== '')
        assert.equal(problem === null, complete)
        const left = unjudgedRows(rows, given)
        assert.deepEqual(
          left,
          rows.filter((code) => !(given[code] && given[code].comment.trim())),
          'the rows left, in crosswalk order',
        )
        if (problem) for (const code of left) assert.ok(problem.includes(code))
      }),
    )
  })
})
