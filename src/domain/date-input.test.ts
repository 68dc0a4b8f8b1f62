import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  dateInputFields,
  dateInputFrom,
  dateInputOf,
  isEmptyDateInput,
  parseDateInput,
} from './date-input.ts'

describe('parseDateInput', () => {
  it('reads a real date, with or without leading zeros and spaces', () => {
    assert.deepEqual(parseDateInput({ day: '5', month: '09', year: '2027' }, 'Start date'), {
      date: '2027-09-05',
    })
    assert.deepEqual(parseDateInput({ day: ' 05 ', month: '9 ', year: ' 2027' }, 'Start date'), {
      date: '2027-09-05',
    })
    assert.deepEqual(parseDateInput({ day: '29', month: '2', year: '2028' }, 'Start date'), {
      date: '2028-02-29',
    })
  })

  it('asks for the date when no box is filled in', () => {
    assert.deepEqual(parseDateInput({ day: '', month: '', year: '' }, 'Start date'), {
      error: 'Enter the start date',
    })
    assert.deepEqual(parseDateInput({ day: ' ', month: '', year: '  ' }, 'Date of the activity'), {
      error: 'Enter the date of the activity',
    })
  })

  it('names the boxes left empty, as the NHS service manual does', () => {
    assert.deepEqual(parseDateInput({ day: '5', month: '', year: '' }, 'Start date'), {
      error: 'Start date must include a month and year',
    })
    assert.deepEqual(parseDateInput({ day: '', month: '9', year: '2027' }, 'Start date'), {
      error: 'Start date must include a day',
    })
    assert.deepEqual(parseDateInput({ day: '5', month: '9', year: '' }, 'Start date'), {
      error: 'Start date must include a year',
    })
  })

  it('refuses what is not a real date: no such day, the wrong shape, a year outside 1900 to 9999', () => {
    for (const parts of [
      { day: '31', month: '2', year: '2027' },
      { day: '29', month: '2', year: '2027' },
      { day: '31', month: '4', year: '2027' },
      { day: '0', month: '1', year: '2027' },
      { day: '1', month: '0', year: '2027' },
      { day: '1', month: '13', year: '2027' },
      { day: 'x', month: '1', year: '2027' },
      { day: '1', month: 'January', year: '2027' },
      { day: '1.5', month: '1', year: '2027' },
      { day: '001', month: '1', year: '2027' },
      { day: '1', month: '1', year: '27' },
      { day: '1', month: '1', year: '02027' },
      { day: '1', month: '1', year: '1899' },
      { day: '1', month: '1', year: '0000' },
      { day: '-1', month: '1', year: '2027' },
    ])
      assert.deepEqual(
        parseDateInput(parts, 'Start date'),
        { error: 'Start date must be a real date' },
        JSON.stringify(parts),
      )
  })

  it('takes the first and last years allowed', () => {
    assert.deepEqual(parseDateInput({ day: '1', month: '1', year: '1900' }, 'Start date'), {
      date: '1900-01-01',
    })
    assert.deepEqual(parseDateInput({ day: '31', month: '12', year: '9999' }, 'Start date'), {
      date: '9999-12-31',
    })
  })
})

describe('isEmptyDateInput', () => {
  it('is true only when every box is empty or blank', () => {
    assert.equal(isEmptyDateInput({ day: '', month: '', year: '' }), true)
    assert.equal(isEmptyDateInput({ day: ' ', month: '\t', year: '' }), true)
    assert.equal(isEmptyDateInput({ day: '', month: '', year: '2027' }), false)
  })
})

describe('dateInputOf', () => {
  it('fills the boxes in again as a person types a date, and reads back to the same date', () => {
    assert.deepEqual(dateInputOf('2027-09-05'), { day: '5', month: '9', year: '2027' })
    assert.deepEqual(dateInputOf('2027-12-10'), { day: '10', month: '12', year: '2027' })
    for (const iso of ['2027-09-05', '2027-12-10', '1900-01-01', '2028-02-29'])
      assert.deepEqual(parseDateInput(dateInputOf(iso), 'Date'), { date: iso })
  })
})

describe('dateInputFrom and dateInputFields', () => {
  it('read and write the boxes of a named input as name[day], name[month] and name[year]', () => {
    const fields = { 'startDate[day]': '5', 'startDate[month]': '9', 'startDate[year]': '2027', other: 'x' }
    assert.deepEqual(dateInputFrom(fields, 'startDate'), { day: '5', month: '9', year: '2027' })
    assert.deepEqual(dateInputFields('startDate', { day: '5', month: '9', year: '2027' }), {
      'startDate[day]': '5',
      'startDate[month]': '9',
      'startDate[year]': '2027',
    })
  })

  it('reads a box not sent, or not sent as text, as empty', () => {
    assert.deepEqual(dateInputFrom({ 'from[day]': '1', 'from[month]': ['1', '2'] }, 'from'), {
      day: '1',
      month: '',
      year: '',
    })
    assert.deepEqual(dateInputFrom({}, 'to'), { day: '', month: '', year: '' })
  })
})
