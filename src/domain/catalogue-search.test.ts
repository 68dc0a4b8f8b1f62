import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { catalogueSearchTerms, foldSearchText } from './catalogue-search.ts'

describe('the words of a catalogue search', () => {
  it('fold case, accents, hyphens and spaces away', () => {
    assert.equal(foldSearchText('Musculo-skeletal conditions'), 'musculoskeletalconditions')
    assert.equal(foldSearchText('Pélvic HEALTH'), 'pelvichealth')
    assert.equal(foldSearchText('End-of-life care'), foldSearchText('End of life care'))
    assert.equal(foldSearchText('Women’s health'), 'womenshealth')
  })

  it('match an abbreviation by what it stands for and the other way round', () => {
    assert.deepEqual(catalogueSearchTerms('MSK'), [['msk', 'musculoskeletal']])
    assert.deepEqual(catalogueSearchTerms('musculoskeletal'), [['musculoskeletal', 'msk']])
    assert.deepEqual(catalogueSearchTerms('musculo skeletal'), [['musculo'], ['skeletal']])
    assert.deepEqual(catalogueSearchTerms('UEC'), [['uec', 'urgentandemergencycare']])
  })

  it('let a word of punctuation alone match nothing, and keep at most 10 words', () => {
    assert.deepEqual(catalogueSearchTerms(' / - '), [[], []])
    assert.deepEqual(catalogueSearchTerms(undefined), [])
    assert.equal(catalogueSearchTerms('a b c d e f g h i j k l').length, 10)
  })

  it('find a title by any of its words, however it is cased or accented (property)', () => {
    const letters = fc.stringMatching(/^[a-z]{1,12}$/)
    const accent = fc.constantFrom('', '\u0301', '\u0300', '\u0308')
    fc.assert(
      fc.property(
        fc.array(letters, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        accent,
        (words, pick, mark) => {
          const title = words.join('-')
          const word = words[pick % words.length] ?? ''
          const typed = `${word.slice(0, 1).toUpperCase()}${mark}${word.slice(1)}`
          const [alternatives] = catalogueSearchTerms(typed)
          assert.ok(alternatives?.some((a) => foldSearchText(title).includes(a)))
        },
      ),
    )
  })
})
