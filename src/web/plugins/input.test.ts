// Hostile JSON: nesting thousands of levels deep is refused with a problem document, never a
// 500 from a stack overflow; ordinary nesting passes through.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { MAX_NESTING } from './input.ts'

let t: TestApp
before(async () => {
  t = await createTestApp()
})
after(() => t.close())

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
const verify = (credential: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/verify',
    headers: { 'content-type': 'application/json' },
    payload: `{"credential":${credential}}`,
  })

describe('deeply nested JSON', () => {
  it('is refused with 400 and a problem document, at any depth past the limit', async () => {
    for (const levels of [MAX_NESTING + 1, 5_000, 50_000]) {
      const res = await verify(nested(levels))
      assert.equal(res.statusCode, 400, String(levels))
      assert.match(String(res.headers['content-type']), /application\/problem\+json/)
      assert.match((JSON.parse(res.body) as { detail: string }).detail, /nested more than 100 levels/)
    }
  })

  it('passes ordinary nesting on to the route', async () => {
    const res = await verify(nested(20))
    assert.equal(res.statusCode, 422, 'read, and found not to be a credential')
  })
})

describe('numbers out of range', () => {
  it('answers 400, never 500, for Infinity or 1e309 where a number is expected, anonymous or not', async () => {
    for (const url of [
      '/api/v1/credentials?page=Infinity',
      '/api/v1/credentials?pageSize=-Infinity',
      '/api/v1/credentials?page=1e309',
    ]) {
      const res = await t.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, 400, url)
    }
    // A word that looks like one, where text is expected, is just text.
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/credentials?q=Infinity' })).statusCode,
      200,
    )
  })
})
