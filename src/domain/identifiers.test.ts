import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { isUuid, UUID_PATTERN } from './identifiers.ts'

describe('isUuid', () => {
  it('accepts a UUID in lower, upper or mixed case', () => {
    const id = randomUUID()
    assert.equal(isUuid(id), true)
    assert.equal(isUuid(id.toUpperCase()), true)
    assert.equal(isUuid('0f8FAD5b-D9cB-469f-A165-70867728950E'), true)
  })

  it('refuses anything that is not exactly one UUID', () => {
    for (const value of [
      '',
      'not-a-uuid',
      '0f8fad5b-d9cb-469f-a165-70867728950', // one character short
      '0f8fad5b-d9cb-469f-a165-70867728950e0', // one too many
      '0f8fad5bd9cb469fa16570867728950e', // no hyphens
      '0f8fad5b-d9cb-469f-a165-70867728950g', // not hexadecimal
      ' 0f8fad5b-d9cb-469f-a165-70867728950e',
      '0f8fad5b-d9cb-469f-a165-70867728950e\n',
      '{0f8fad5b-d9cb-469f-a165-70867728950e}',
      "0f8fad5b-d9cb-469f-a165-70867728950e' or '1'='1",
    ])
      assert.equal(isUuid(value), false, JSON.stringify(value))
  })
})

describe('UUID_PATTERN', () => {
  it('finds a UUID of either case inside a larger pattern', () => {
    const url = new RegExp(`^https://example\\.test/awards/(${UUID_PATTERN})/credential$`)
    const id = randomUUID().toUpperCase()
    assert.equal(url.exec(`https://example.test/awards/${id}/credential`)?.[1], id)
    assert.equal(url.test('https://example.test/awards/1/credential'), false)
  })
})
