// Random proposals against random versions of the gateway criteria: whatever has been written,
// each section's status must agree with what submitting checks, and saving one section's page
// must leave every other section as it was.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { proposalGaps, proposalMissing } from './proposal-lifecycle.ts'
import {
  draftOf,
  isOnSection,
  proposalSections,
  proposalSectionStatus,
  sectionStarted,
  withSection,
  type ProposalAnswers,
  type SectionCriterion,
} from './proposal-sections.ts'

const CODES = ['G1', 'G1.1', 'G1.2', 'G2', 'G2.1', 'G3', 'G4']
const text = fc.constantFrom('', '  ', 'An answer', '\n')

/** A version of the gateway criteria: main criteria, and parts of them (or of one left out). */
const criteria: fc.Arbitrary<SectionCriterion[]> = fc.subarray(CODES, { minLength: 1 }).chain((codes) =>
  fc.tuple(
    ...codes.map((code) =>
      fc.record({
        code: fc.constant(code),
        parentCode: fc.constant(code.includes('.') ? (code.split('.')[0] ?? null) : null),
        title: fc.option(fc.constantFrom('High-priority need', 'Feasible'), { nil: null }),
      }),
    ),
  ),
)

const answers = (codes: readonly string[]): fc.Arbitrary<ProposalAnswers> =>
  fc.record({
    clinicalAreaId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    title: text,
    need: text,
    targetProfessions: fc.subarray(['Nurse', 'Pharmacist']),
    evidence: text,
    gatewayAnswers: fc
      .array(fc.tuple(fc.constantFrom(...codes), text), { maxLength: codes.length })
      .map((pairs) => Object.fromEntries(pairs)),
  })

const withAnswers = criteria.chain((cs) =>
  fc.tuple(fc.constant(cs), answers(cs.map((c) => c.code)), answers(cs.map((c) => c.code))),
)

describe('the sections of a proposal (property)', () => {
  it('puts every answer submitting checks on exactly one section', () => {
    fc.assert(
      fc.property(criteria, (cs) => {
        const sections = proposalSections(cs)
        const empty: ProposalAnswers = {
          clinicalAreaId: null,
          title: '',
          need: '',
          targetProfessions: [],
          evidence: '',
          gatewayAnswers: {},
        }
        // An empty proposal misses every answer, so this covers them all.
        for (const gap of proposalGaps(
          draftOf(empty),
          cs.map((c) => c.code),
        ))
          assert.equal(sections.filter((s) => isOnSection(gap.answer, s)).length, 1, gap.text)
        assert.equal(
          new Set(sections.map((s) => s.id)).size,
          sections.length,
          'each section has its own address',
        )
      }),
    )
  })

  it('is completed in every section exactly when submitting finds nothing missing', () => {
    fc.assert(
      fc.property(withAnswers, ([cs, a]) => {
        const statuses = proposalSections(cs).map((s) => proposalSectionStatus(a, s))
        const missing = proposalMissing(
          draftOf(a),
          cs.map((c) => c.code),
        )
        assert.equal(
          statuses.every((s) => s === 'completed'),
          missing.length === 0,
        )
      }),
    )
  })

  it('is not started exactly while nothing of the section is written', () => {
    fc.assert(
      fc.property(withAnswers, ([cs, a]) => {
        for (const section of proposalSections(cs))
          assert.equal(proposalSectionStatus(a, section) === 'not_started', !sectionStarted(a, section))
      }),
    )
  })

  it('changes only the saved section when one page is saved', () => {
    fc.assert(
      fc.property(withAnswers, fc.nat(), ([cs, stored, typed], pick) => {
        const sections = proposalSections(cs)
        const saved = sections[pick % sections.length]
        if (!saved) return
        const after = withSection(stored, typed, saved)
        for (const section of sections) {
          const expected = proposalSectionStatus(section === saved ? typed : stored, section)
          assert.equal(proposalSectionStatus(after, section), expected, section.id)
        }
      }),
    )
  })
})
