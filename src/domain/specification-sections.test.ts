import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emptySpecification } from './specification-content.ts'
import { sectionOfField, sectionStatus, withSection } from './specification-sections.ts'

describe('the draft specification in sections', () => {
  it('puts each field of the form on its section', () => {
    assert.equal(sectionOfField('scope'), 'about')
    assert.equal(sectionOfField('equivalence'), 'entry-requirements')
    assert.equal(sectionOfField('outcomeText_3'), 'outcomes')
    assert.equal(sectionOfField('capabilityFramework_0'), 'capabilities')
    assert.equal(sectionOfField('credits'), 'assessment')
  })

  it('reads a section as not started, in progress or completed', () => {
    const empty = emptySpecification()
    assert.equal(sectionStatus(empty, 'about', ['purpose', 'scope']), 'not_started')
    const started = { ...empty, purpose: 'A purpose' }
    assert.equal(sectionStatus(started, 'about', ['scope', 'level']), 'in_progress')
    assert.equal(sectionStatus(started, 'about', ['level']), 'completed', 'what is missing is elsewhere')
    assert.equal(sectionStatus({ ...empty, level: 7 }, 'assessment', ['credits']), 'in_progress')
  })

  it('takes only the section’s answers from what was typed', () => {
    const stored = { ...emptySpecification(), purpose: 'Kept', level: 7 }
    const typed = { ...emptySpecification(), purpose: 'Typed', outcomes: [{ code: '', text: 'New' }] }
    const outcomes = withSection(stored, typed, 'outcomes')
    assert.equal(outcomes.purpose, 'Kept')
    assert.equal(outcomes.level, 7)
    assert.deepEqual(outcomes.outcomes, [{ code: '', text: 'New' }])
    assert.equal(withSection(stored, typed, 'about').purpose, 'Typed')
    assert.equal(withSection(stored, typed, 'about').level, 7)
  })
})
