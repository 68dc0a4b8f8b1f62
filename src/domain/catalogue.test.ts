import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  checkStatusDue,
  formatDue,
  levelLabel,
  parseDue,
  slugify,
  statusInfo,
  seasonEnd,
  sourceDateIso,
  sourceDateLabel,
  statusLabel,
  CREDENTIAL_STATUSES,
} from './catalogue.ts'

describe('catalogue vocabulary', () => {
  it('reads the catalogue pages\' due dates, with or without "due"', () => {
    assert.deepEqual(parseDue('due Spring 2021'), { season: 'spring', year: 2021 })
    assert.deepEqual(parseDue('Winter 2021'), { season: 'winter', year: 2021 })
    assert.deepEqual(parseDue('  due autumn 2020 '), { season: 'autumn', year: 2020 })
    assert.equal(parseDue('in development'), null)
    assert.equal(parseDue('due Sprung 2021'), null)
    assert.equal(parseDue('Spring 21'), null)
  })

  it('puts the date into the words of a due status and only there', () => {
    assert.equal(statusLabel('due', { season: 'spring', year: 2021 }, '2021-01-15'), 'Due Spring 2021')
    assert.equal(statusLabel('endorsed', null, '2026-12-06'), 'Endorsed')
    assert.equal(statusLabel('tbc', null, '2026-12-06'), 'Not yet scheduled')
    assert.equal(formatDue({ season: 'autumn', year: 2020 }), 'Autumn 2020')
  })

  it('says "was due" once the season is over, as of the day it is given', () => {
    const spring2021 = { season: 'spring', year: 2021 } as const
    assert.equal(statusLabel('due', spring2021, '2026-12-06'), 'Was due Spring 2021')
    assert.equal(statusLabel('due', spring2021, '2021-05-31'), 'Due Spring 2021', 'the last day of spring')
    assert.equal(statusLabel('due', spring2021, '2021-06-01'), 'Was due Spring 2021')
    assert.equal(statusLabel('due', { season: 'spring', year: 2027 }, '2026-12-06'), 'Due Spring 2027')
    assert.equal(
      statusLabel('in_development', { season: 'autumn', year: 2020 }, '2026-12-06'),
      'In development, was expected Autumn 2020',
    )
    assert.equal(
      statusLabel('in_development', { season: 'autumn', year: 2027 }, '2026-12-06'),
      'In development, expected Autumn 2027',
    )
  })

  it('ends winter in the February after its December, in a leap year on the 29th', () => {
    assert.equal(seasonEnd({ season: 'winter', year: 2021 }), '2022-02-28')
    assert.equal(seasonEnd({ season: 'winter', year: 2027 }), '2028-02-29')
    assert.equal(statusLabel('due', { season: 'winter', year: 2021 }, '2022-02-28'), 'Due Winter 2021')
    assert.equal(statusLabel('due', { season: 'winter', year: 2021 }, '2022-03-01'), 'Was due Winter 2021')
  })

  it('words and writes a source date only to the precision it has', () => {
    assert.equal(sourceDateLabel({ year: 2022, season: null, approximate: false }), '2022')
    assert.equal(sourceDateLabel({ year: 2020, season: null, approximate: true }), 'About 2020')
    assert.equal(sourceDateLabel({ year: 2022, season: 'spring', approximate: true }), 'About spring 2022')
    assert.deepEqual(sourceDateIso({ year: 2022, season: null, approximate: false }), {
      value: '2022',
      precision: 'year',
    })
    assert.deepEqual(sourceDateIso({ year: 2022, season: 'autumn', approximate: false }), {
      value: '2022-23',
      precision: 'season',
    })
  })

  it('refuses a due status without a date, and a date on any other status', () => {
    assert.equal(checkStatusDue('due', { season: 'spring', year: 2021 }), null)
    assert.match(checkStatusDue('due', null) ?? '', /needs a season and year/)
    assert.match(
      checkStatusDue('endorsed', { season: 'spring', year: 2021 }) ?? '',
      /Only a credential that is due or in development/,
    )
    assert.equal(checkStatusDue('in_development', { season: 'autumn', year: 2027 }), null)
    assert.match(checkStatusDue('due', { season: 'spring', year: 1999 }) ?? '', /4-digit year/)
  })

  it('gives every status a label and a tag colour', () => {
    for (const status of CREDENTIAL_STATUSES) {
      assert.ok(statusInfo(status).label.length > 0, status)
      assert.ok(statusInfo(status).colour.length > 0, status)
    }
  })

  it('says the level in words, or that it is not yet known', () => {
    assert.equal(levelLabel(7), "Master's level 7")
    assert.equal(levelLabel(null), 'Not yet known')
  })

  it('makes URL-safe slugs from titles', () => {
    assert.equal(slugify('End-of-life care'), 'end-of-life-care')
    assert.equal(slugify("Women's health"), 'women-s-health')
    assert.equal(slugify('Cardiovascular / Cardiology'), 'cardiovascular-cardiology')
    assert.equal(slugify('Oncology (TRAD)'), 'oncology-trad')
    assert.equal(slugify('Ophthalmology: four key modular areas'), 'ophthalmology-four-key-modular-areas')
  })
})
