import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AGREEMENT_SCALE } from './consultations.ts'
import {
  attributionFor,
  attributionInWords,
  publishableQuote,
  shareInWords,
  summariseQuestion,
} from './consultation-outcomes.ts'

describe('publishing what respondents said', () => {
  const base = {
    text: ' It is too long. ',
    name: 'Ada Lovelace',
    organisation: 'Example Trust',
    confirmed: true,
    hidden: false,
  }

  it('names the respondent as each chose', () => {
    assert.deepEqual(attributionFor('named', 'Ada', 'Trust'), { name: 'Ada', organisation: 'Trust' })
    assert.deepEqual(attributionFor('organisation', 'Ada', 'Trust'), { name: null, organisation: 'Trust' })
    assert.deepEqual(attributionFor('anonymous', 'Ada', 'Trust'), { name: null, organisation: null })
    assert.equal(attributionInWords(attributionFor('named', 'Ada', '')), 'Ada')
    assert.equal(attributionInWords(attributionFor('organisation', 'Ada', '')), 'Anonymous respondent')
  })

  it('quotes nothing hidden or unconfirmed', () => {
    assert.deepEqual(publishableQuote({ ...base, publication: 'named' }), {
      text: 'It is too long.',
      name: 'Ada Lovelace',
      organisation: 'Example Trust',
    })
    assert.equal(publishableQuote({ ...base, publication: 'named', hidden: true }), null)
    assert.equal(publishableQuote({ ...base, publication: 'named', confirmed: false }), null)
  })

  it('summarises an agreement question on the five-point scale, in its order', () => {
    const summary = summariseQuestion(
      'agreement',
      [],
      [
        { textValue: null, choices: ['Agree'] },
        { textValue: null, choices: ['Agree'] },
        { textValue: null, choices: ['Strongly disagree'] },
        { textValue: null, choices: [] },
      ],
    )
    assert.equal(summary.answered, 3)
    assert.deepEqual(
      summary.counts.map((c) => c.option),
      [...AGREEMENT_SCALE],
    )
    assert.deepEqual(
      summary.counts.map((c) => c.count),
      [0, 2, 0, 0, 1],
    )
    assert.equal(shareInWords(2, 3), '2 of 3 (67%)')
    assert.equal(shareInWords(0, 0), '0 of 0 (0%)')
  })

  it('counts free-text answers that say something', () => {
    const summary = summariseQuestion(
      'text',
      [],
      [
        { textValue: 'Yes', choices: [] },
        { textValue: '  ', choices: [] },
      ],
    )
    assert.deepEqual(summary, { answered: 1, counts: [] })
  })
})
