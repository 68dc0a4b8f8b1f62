import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  compareVersions,
  emptyRecognition,
  emptySpecification,
  missingForSubmission,
  nextCode,
  readRecognition,
  readSpecification,
  type RecognitionContent,
  type SpecificationContent,
} from './specification-content.ts'

const FRAMEWORK = new Set(['1.1', '1.6', '2.1', '2.5', '3.1', '4.1', '4.2'])

const complete = (): SpecificationContent => ({
  purpose: 'Prepare advanced practitioners to lead frailty care.',
  scope: 'Community and acute settings.',
  targetProfessions: ['Nurse', 'Pharmacist'],
  entryRequirements: { mastersRoute: 'Within an MSc.', equivalence: 'A mapped portfolio.' },
  outcomes: [
    { code: 'LO1', text: 'Assess frailty.' },
    { code: 'LO2', text: 'Lead deprescribing.' },
  ],
  capabilities: [
    { code: 'AC1', text: 'Manage multimorbidity', frameworkCodes: ['1.6', '2.5'] },
    { code: 'AC2', text: 'Teach and research', frameworkCodes: ['3.1', '4.1'] },
  ],
  assessmentStrategy: 'Workplace-based assessment.',
  level: 7,
  credits: 60,
})

describe('missingForSubmission', () => {
  it('finds nothing missing in a complete specification', () => {
    assert.deepEqual(missingForSubmission(complete(), FRAMEWORK), [])
  })

  it('lists everything an empty draft needs, in the order of the form', () => {
    assert.deepEqual(missingForSubmission(emptySpecification(), FRAMEWORK), [
      'Enter the purpose',
      'Enter the scope',
      'Select at least one target profession',
      "Describe the entry route through an advanced-practice Master's degree",
      'Describe how applicants show educational equivalence',
      'Add at least one learning outcome',
      'Add at least one area-specific capability',
      'Enter the assessment strategy',
      'Enter the level',
      'Enter the credits',
    ])
  })

  it('counts text of only spaces as missing', () => {
    const content = { ...complete(), purpose: '   ', outcomes: [{ code: 'LO1', text: ' \n ' }] }
    assert.deepEqual(missingForSubmission(content, FRAMEWORK), [
      'Enter the purpose',
      'Enter the text of learning outcome LO1',
    ])
  })

  it('names each capability without text or mapping, and unknown framework codes', () => {
    const content = {
      ...complete(),
      capabilities: [
        { code: 'AC1', text: '', frameworkCodes: ['1.1', '2.1', '3.1', '4.1'] },
        { code: 'AC2', text: 'Unmapped', frameworkCodes: [] },
        { code: 'AC3', text: 'Odd', frameworkCodes: ['1.1', '7.7'] },
      ],
    }
    assert.deepEqual(missingForSubmission(content, FRAMEWORK), [
      'Enter the text of capability AC1',
      'Map capability AC2 to at least one framework capability',
      'Capability AC3 maps to unknown framework capabilities: 7.7',
    ])
  })

  it('needs the capabilities, between them, to reach all four pillars', () => {
    const threePillars = {
      ...complete(),
      capabilities: [
        { code: 'AC1', text: 'a', frameworkCodes: ['1.1', '2.1'] },
        { code: 'AC2', text: 'b', frameworkCodes: ['3.1'] },
      ],
    }
    assert.deepEqual(missingForSubmission(threePillars, FRAMEWORK), [
      'Map the capabilities, between them, to all four pillars of the framework',
    ])
    // One capability may cover all four on its own.
    const one = {
      ...complete(),
      capabilities: [{ code: 'AC1', text: 'a', frameworkCodes: ['1.1', '2.1', '3.1', '4.2'] }],
    }
    assert.deepEqual(missingForSubmission(one, FRAMEWORK), [])
  })

  it('refuses a level or credits out of range, whoever wrote the content', () => {
    const content = { ...complete(), level: 0, credits: 0 }
    assert.deepEqual(missingForSubmission(content, FRAMEWORK), [
      'The level must be a whole number from 6 to 8',
      'The credits must be a whole number from 1 to 180',
    ])
    assert.deepEqual(missingForSubmission({ ...complete(), level: Number.NaN, credits: 7.5 }, FRAMEWORK), [
      'The level must be a whole number from 6 to 8',
      'The credits must be a whole number from 1 to 180',
    ])
  })

  it('does not count an unknown framework code towards the four pillars', () => {
    const content = {
      ...complete(),
      capabilities: [{ code: 'AC1', text: 'a', frameworkCodes: ['1.1', '2.1', '3.1', '4.9'] }],
    }
    assert.deepEqual(missingForSubmission(content, FRAMEWORK), [
      'Capability AC1 maps to unknown framework capabilities: 4.9',
      'Map the capabilities, between them, to all four pillars of the framework',
    ])
  })
})

describe('compareVersions', () => {
  it('finds no change between a version and its copy', () => {
    const c = compareVersions(complete(), complete())
    assert.ok(c.fields.every((f) => f.kind === 'unchanged'))
    assert.ok(c.outcomes.every((o) => o.kind === 'unchanged'))
    assert.ok(c.capabilities.every((o) => o.kind === 'unchanged'))
  })

  it('compares outcome by outcome, matched by code: added, removed, changed', () => {
    const before = complete()
    const after = {
      ...complete(),
      outcomes: [
        { code: 'LO1', text: 'Assess frailty and falls risk.' },
        { code: 'LO3', text: 'Plan end-of-life care.' },
      ],
    }
    const c = compareVersions(before, after)
    assert.deepEqual(
      c.outcomes.map((o) => [o.code, o.kind]),
      [
        ['LO1', 'changed'],
        ['LO3', 'added'],
        ['LO2', 'removed'],
      ],
    )
    const removed = c.outcomes.find((o) => o.code === 'LO2')!
    assert.deepEqual(removed.before, { code: 'LO2', text: 'Lead deprescribing.' })
    assert.equal(removed.after, null)
    assert.equal(c.outcomes.find((o) => o.code === 'LO3')!.before, null)
  })

  it('counts a capability as changed when its mapping changes, not when only the order does', () => {
    const before = complete()
    const reordered = {
      ...complete(),
      capabilities: [
        { code: 'AC1', text: 'Manage multimorbidity', frameworkCodes: ['2.5', '1.6'] },
        { code: 'AC2', text: 'Teach and research', frameworkCodes: ['3.1', '4.1', '4.2'] },
      ],
    }
    const c = compareVersions(before, reordered)
    assert.deepEqual(
      c.capabilities.map((x) => [x.code, x.kind]),
      [
        ['AC1', 'unchanged'],
        ['AC2', 'changed'],
      ],
    )
  })

  it('says whether each other field was added, removed or changed', () => {
    const before = { ...complete(), scope: '', credits: 60 }
    const after = { ...complete(), scope: 'Now with a scope', purpose: '', level: 8, credits: null }
    const kinds = Object.fromEntries(compareVersions(before, after).fields.map((f) => [f.field, f.kind]))
    assert.equal(kinds.scope, 'added')
    assert.equal(kinds.purpose, 'removed')
    assert.equal(kinds.level, 'changed')
    assert.equal(kinds.credits, 'removed')
    assert.equal(kinds.assessmentStrategy, 'unchanged')
    const level = compareVersions(before, after).fields.find((f) => f.field === 'level')!
    assert.deepEqual([level.before, level.after, level.label], ['7', '8', 'Level'])
  })

  it('does not count professions listed in another order as a change', () => {
    const before = complete()
    const after = { ...complete(), targetProfessions: ['Pharmacist', 'Nurse'] }
    const field = compareVersions(before, after).fields.find((f) => f.field === 'targetProfessions')
    assert.equal(field?.kind, 'unchanged')
  })

  it('does not change what it compares', () => {
    const before = complete()
    const after = {
      ...complete(),
      capabilities: [{ code: 'AC1', text: 'x', frameworkCodes: ['4.1', '1.1'] }],
    }
    compareVersions(before, after)
    assert.deepEqual(after.capabilities[0]!.frameworkCodes, ['4.1', '1.1'])
  })
})

describe('learning outcomes mapped to the framework', () => {
  it('lets an outcome go unmapped, but not mapped to an unknown capability', () => {
    const content = complete()
    assert.deepEqual(missingForSubmission(content, FRAMEWORK), [])
    const mapped = { ...content, outcomes: [{ code: 'LO1', text: 'Assess', frameworkCodes: ['1.6', '9.9'] }] }
    assert.deepEqual(missingForSubmission(mapped, FRAMEWORK), [
      'Learning outcome LO1 maps to unknown framework capabilities: 9.9',
    ])
  })

  it('counts an outcome as changed when its mapping changes, not when only the order does', () => {
    const before = {
      ...complete(),
      outcomes: [{ code: 'LO1', text: 'Assess', frameworkCodes: ['1.6', '4.2'] }],
    }
    const reordered = {
      ...before,
      outcomes: [{ code: 'LO1', text: 'Assess', frameworkCodes: ['4.2', '1.6'] }],
    }
    const remapped = { ...before, outcomes: [{ code: 'LO1', text: 'Assess', frameworkCodes: ['1.6'] }] }
    assert.equal(compareVersions(before, reordered).outcomes[0]?.kind, 'unchanged')
    assert.equal(compareVersions(before, remapped).outcomes[0]?.kind, 'changed')
  })

  it('reads a stored outcome without a mapping as it was stored', () => {
    assert.deepEqual(readSpecification({ outcomes: [{ code: 'LO1', text: 'A' }] }).outcomes, [
      { code: 'LO1', text: 'A' },
    ])
    assert.deepEqual(
      readSpecification({ outcomes: [{ code: 'LO1', text: 'A', frameworkCodes: ['1.6', 3] }] }).outcomes,
      [{ code: 'LO1', text: 'A', frameworkCodes: ['1.6'] }],
    )
  })
})

describe('nextCode', () => {
  it('starts at 1', () => {
    assert.equal(nextCode('LO', []), 'LO1')
  })

  it('follows the highest code, whatever was removed in between', () => {
    assert.equal(nextCode('LO', [{ code: 'LO1' }, { code: 'LO4' }]), 'LO5')
    assert.equal(nextCode('LO', [{ code: 'LO2' }, { code: 'LO10' }, { code: 'LO9' }]), 'LO11')
  })

  it('ignores codes with another prefix or no number', () => {
    assert.equal(nextCode('AC', [{ code: 'LO7' }, { code: 'AC2' }, { code: 'ACx' }]), 'AC3')
    assert.equal(nextCode('LO', [{ code: 'AC9' }]), 'LO1')
    assert.equal(
      nextCode('LO', [{ code: 'LO1e3' }, { code: 'LO 3' }, { code: 'LO0x10' }, { code: 'LO2' }]),
      'LO3',
    )
  })
})

describe('reading stored content', () => {
  const specification: SpecificationContent = {
    purpose: 'Purpose',
    scope: 'Scope',
    targetProfessions: ['Nursing'],
    entryRequirements: { mastersRoute: 'Within the MSc', equivalence: 'A portfolio' },
    outcomes: [{ code: 'LO1', text: 'Assess' }],
    capabilities: [{ code: 'AC1', text: 'Lead', frameworkCodes: ['1.1'] }],
    assessmentStrategy: 'Viva',
    level: 7,
    credits: 30,
  }
  const recognition: RecognitionContent = {
    ownerName: 'A college',
    ownerUrl: 'https://college.example',
    documentUrl: 'https://college.example/doc',
    summary: 'Summary',
    crosswalk: [{ code: 'C1', outcome: 'Outcome', frameworkCodes: ['2.1'] }],
  }

  it('reads what the services wrote unchanged', () => {
    assert.deepEqual(readSpecification(JSON.parse(JSON.stringify(specification))), specification)
    assert.deepEqual(readRecognition(JSON.parse(JSON.stringify(recognition))), recognition)
  })

  it('reads any stored JSON as well-formed content, a field of the wrong kind as empty', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const read = readSpecification(raw)
        assert.equal(typeof read.purpose, 'string')
        assert.ok(read.targetProfessions.every((p) => typeof p === 'string'))
        assert.ok(read.outcomes.every((o) => typeof o.code === 'string' && typeof o.text === 'string'))
        assert.ok(read.level === null || Number.isFinite(read.level))
        const owner = readRecognition(raw)
        assert.ok(owner.crosswalk.every((r) => r.frameworkCodes.every((c) => typeof c === 'string')))
      }),
    )
    assert.deepEqual(readSpecification({ purpose: 3, outcomes: [null, { code: 'LO1' }] }).outcomes, [
      { code: 'LO1', text: '' },
    ])
    assert.deepEqual(readRecognition('not an object'), emptyRecognition())
  })
})
