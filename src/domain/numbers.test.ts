import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { countOf, formatNumber, listInWords, plural } from './numbers.ts'

describe('numbers as people read them', () => {
  it('groups thousands the en-GB way', () => {
    assert.equal(formatNumber(20009), '20,009')
    assert.equal(formatNumber(1234567), '1,234,567')
    assert.equal(formatNumber(999), '999')
    assert.equal(formatNumber(0), '0')
  })

  it('reads numbers held as text, keeps at most two decimals, and leaves other text alone', () => {
    assert.equal(formatNumber('7.50'), '7.5')
    assert.equal(formatNumber('1500.25'), '1,500.25')
    assert.equal(formatNumber(2 / 3), '0.67')
    assert.equal(formatNumber('not a number'), 'not a number')
    assert.equal(formatNumber(''), '')
  })

  it('says one thing and many things', () => {
    assert.equal(countOf(1, 'month'), '1 month')
    assert.equal(countOf(2, 'month'), '2 months')
    assert.equal(countOf(0, 'award'), '0 awards')
    assert.equal(countOf(20009, 'learner'), '20,009 learners')
    assert.equal(countOf(1, 'criterion', 'criteria'), '1 criterion')
    assert.equal(countOf(3, 'criterion', 'criteria'), '3 criteria')
    assert.equal(countOf('1.00', 'hour'), '1 hour')
    assert.equal(plural(1, 'job has', 'jobs have'), 'job has')
    assert.equal(plural(5, 'job has', 'jobs have'), 'jobs have')
  })
})

describe('a list in words', () => {
  it('joins with commas and a final "and"', () => {
    assert.equal(listInWords(['E1']), 'E1')
    assert.equal(listInWords(['E1', 'E2']), 'E1 and E2')
    assert.equal(listInWords(['E1', 'E2', 'E3']), 'E1, E2 and E3')
  })
})
