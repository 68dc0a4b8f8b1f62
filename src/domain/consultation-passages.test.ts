import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  documentPassages,
  documentProblem,
  findPassage,
  passageAnchor,
  specificationPassages,
} from './consultation-passages.ts'
import { emptySpecification } from './specification-content.ts'
import { closesAt, responseLinkExpiry, answerProblem, closeDateChangeProblem } from './consultations.ts'

const DOCUMENT = [
  'An introduction',
  'over two lines.',
  '',
  '## Our approach',
  'First paragraph.',
  '',
  '',
  'Second paragraph.',
  '## Next steps',
  'Only paragraph.',
].join('\n')

describe('the passages of a consultation', () => {
  it('reads a document: "## " lines are sections, blank lines separate paragraphs', () => {
    assert.deepEqual(
      documentPassages(DOCUMENT).map((p) => [p.key, p.label, p.text]),
      [
        ['paragraph:0.1', 'Introduction, paragraph 1', 'An introduction over two lines.'],
        ['section:1', 'Section 1', 'Our approach'],
        ['paragraph:1.1', 'Section 1, paragraph 1', 'First paragraph.'],
        ['paragraph:1.2', 'Section 1, paragraph 2', 'Second paragraph.'],
        ['section:2', 'Section 2', 'Next steps'],
        ['paragraph:2.1', 'Section 2, paragraph 1', 'Only paragraph.'],
      ],
    )
  })

  it('keeps the keys of earlier passages when a later one is added', () => {
    const before = documentPassages(DOCUMENT).map((p) => p.key)
    const after = documentPassages(`${DOCUMENT}\n\nA new last paragraph.`).map((p) => p.key)
    assert.deepEqual(after.slice(0, before.length), before)
    assert.equal(after.at(-1), 'paragraph:2.2')
  })

  it('reads Windows line ends the same', () => {
    assert.deepEqual(documentPassages(DOCUMENT.replace(/\n/g, '\r\n')), documentPassages(DOCUMENT))
  })

  it('refuses a document with nothing to comment on', () => {
    assert.equal(documentProblem('  '), 'Enter the document')
    assert.equal(documentProblem('## Only a heading'), 'The document must have at least one paragraph')
    assert.equal(documentProblem(DOCUMENT), null)
  })

  it('keys a specification by its parts and its outcome and capability codes', () => {
    const content = {
      ...emptySpecification(),
      purpose: 'Why',
      scope: 'What',
      outcomes: [
        { code: 'LO1', text: 'Assess' },
        { code: 'LO2', text: 'Treat' },
      ],
      capabilities: [{ code: 'AC1', text: 'Lead', frameworkCodes: [] }],
      assessmentStrategy: 'Portfolio',
    }
    const passages = specificationPassages(content)
    assert.deepEqual(
      passages.map((p) => p.key),
      ['purpose', 'scope', 'outcome:LO1', 'outcome:LO2', 'capability:AC1', 'assessment'],
    )
    assert.equal(findPassage(passages, 'outcome:LO2')?.text, 'Treat')
    assert.equal(findPassage(passages, 'outcome:LO2')?.label, 'Learning outcome LO2')
    assert.equal(findPassage(passages, 'outcome:LO9'), undefined)
    assert.equal(passageAnchor('outcome:LO2'), 'passage-outcome-LO2')
  })
})

describe('consultation dates in London', () => {
  it('closes at the end of the closing day in London, in winter and in summer', () => {
    assert.equal(closesAt('2027-01-06').toISOString(), '2027-01-07T00:00:00.000Z')
    assert.equal(closesAt('2027-07-06').toISOString(), '2027-07-06T23:00:00.000Z')
    // The day the clocks go forward (28 March 2027) and back (31 October 2027).
    assert.equal(closesAt('2027-03-27').toISOString(), '2027-03-28T00:00:00.000Z')
    assert.equal(closesAt('2027-10-30').toISOString(), '2027-10-30T23:00:00.000Z')
  })

  it('lets a confirmation link work for a day, never past the close; an edit link until the close', () => {
    const now = new Date('2027-01-01T12:00:00Z')
    assert.equal(responseLinkExpiry('confirm', '2027-01-06', now).toISOString(), '2027-01-02T12:00:00.000Z')
    assert.equal(responseLinkExpiry('confirm', '2027-01-01', now).toISOString(), '2027-01-02T00:00:00.000Z')
    assert.equal(responseLinkExpiry('edit', '2027-01-06', now).toISOString(), '2027-01-07T00:00:00.000Z')
  })

  it('only lets a published consultation close later', () => {
    const published = { state: 'published' as const, closesOn: '2027-01-06' }
    assert.equal(closeDateChangeProblem(published, '2027-01-10', '2027-01-03'), null)
    assert.match(closeDateChangeProblem(published, '2027-01-05', '2027-01-03') ?? '', /after the current one/)
    assert.match(
      closeDateChangeProblem({ ...published, state: 'draft' }, '2027-01-10', '2027-01-03') ?? '',
      /draft/,
    )
  })
})

describe('answers to questions', () => {
  const q = (kind: 'text' | 'single' | 'multiple' | 'agreement', required = true) => ({
    position: 3,
    kind,
    prompt: 'Q',
    required,
    options: ['A', 'B'],
  })
  it('asks for required answers, question by question', () => {
    assert.equal(answerProblem(q('text'), { text: '', choices: [] }), 'Enter your answer to question 3')
    assert.equal(answerProblem(q('single'), { text: '', choices: [] }), 'Select an answer to question 3')
    assert.equal(
      answerProblem(q('multiple'), { text: '', choices: [] }),
      'Select at least one answer to question 3',
    )
    assert.equal(answerProblem(q('text', false), { text: '', choices: [] }), null)
  })
  it('accepts only the offered choices, one for single choice and agreement', () => {
    assert.equal(answerProblem(q('agreement'), { text: '', choices: ['Agree'] }), null)
    assert.match(answerProblem(q('agreement'), { text: '', choices: ['A'] }) ?? '', /from the list/)
    assert.match(answerProblem(q('single'), { text: '', choices: ['A', 'B'] }) ?? '', /one answer/)
    assert.equal(answerProblem(q('multiple'), { text: '', choices: ['A', 'B'] }), null)
  })
})
