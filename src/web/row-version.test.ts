import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NO_ROW_VERSION, rowVersionOf } from './row-version.ts'

describe('rowVersionOf', () => {
  it('reads the version the service wrote into the form', () => {
    assert.equal(rowVersionOf('1'), 1)
    assert.equal(rowVersionOf('42'), 42)
    assert.equal(rowVersionOf('999999999'), 999_999_999)
  })

  it('answers a version no row has for anything else, so the update is refused as stale', () => {
    for (const value of [
      undefined,
      null,
      '',
      ' ',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '0x1',
      '-1',
      '+1',
      '1,000',
      '1000000000', // ten digits: past PostgreSQL's integer
      '99999999999999999999',
      7,
      ['1'],
    ])
      assert.equal(rowVersionOf(value), NO_ROW_VERSION, JSON.stringify(value))
  })

  it('is a version no row ever has, since row versions start at 1', () => {
    assert.ok(NO_ROW_VERSION < 1)
  })
})
