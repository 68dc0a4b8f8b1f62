// Nothing is published of a response beyond what its respondent chose: random answers with
// random choices, confirmations and moderation, checked against the rule in words.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { PUBLICATION_CHOICES } from './consultations.ts'
import { attributionInWords, publishableQuote, summariseQuestion } from './consultation-outcomes.ts'

const said = fc.record({
  text: fc.string({ maxLength: 40 }),
  publication: fc.constantFrom(...PUBLICATION_CHOICES),
  name: fc.string({ maxLength: 20 }),
  organisation: fc.string({ maxLength: 20 }),
  confirmed: fc.boolean(),
  hidden: fc.boolean(),
})

describe('what may be published of a response (property)', () => {
  it('never quotes hidden or unconfirmed words, and never names more than the respondent allowed', () => {
    fc.assert(
      fc.property(said, (s) => {
        const quote = publishableQuote(s)
        if (!s.confirmed || s.hidden) return assert.equal(quote, null)
        if (quote === null) return assert.equal(s.text.trim(), '')
        assert.equal(quote.text, s.text.trim())
        if (s.publication !== 'named') assert.equal(quote.name, null, 'no name unless named')
        if (s.publication === 'anonymous') assert.equal(quote.organisation, null, 'no organisation')
        // Whatever is named comes from the respondent's own words, nothing else.
        if (quote.name !== null) assert.equal(quote.name, s.name.trim())
        if (quote.organisation !== null) assert.equal(quote.organisation, s.organisation.trim())
        const words = attributionInWords(quote)
        if (s.publication === 'anonymous') assert.equal(words, 'Anonymous respondent')
      }),
    )
  })

  it('counts each answer once per option, and never more answered than answers given', () => {
    const options = ['Yes', 'No', 'Not sure']
    fc.assert(
      fc.property(
        fc.array(fc.record({ textValue: fc.constant(null), choices: fc.subarray([...options, 'Gone']) })),
        (answers) => {
          const summary = summariseQuestion('multiple', options, answers)
          assert.ok(summary.answered <= answers.length)
          assert.deepEqual(
            summary.counts.map((c) => c.option),
            options,
          )
          for (const c of summary.counts)
            assert.equal(c.count, answers.filter((a) => a.choices.includes(c.option)).length)
        },
      ),
    )
  })
})
