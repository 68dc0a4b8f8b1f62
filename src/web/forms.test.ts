import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { safeReturnTo } from './forms.ts'

describe('safeReturnTo', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    assert.equal(safeReturnTo('/specifications/x?tab=2#top'), '/specifications/x?tab=2#top')
  })

  it('refuses what a browser would follow off-site, and line breaks', () => {
    for (const value of [
      '/\t/other.host/',
      '//other.host',
      '/\\other.host',
      '/\\/other.host',
      'https://other.host',
      '/%0d%0aSet-Cookie:x',
      '/a\r\nSet-Cookie: x',
      '',
    ])
      assert.ok(
        !/other\.host|\r|\n/.test(safeReturnTo(value)) && safeReturnTo(value).startsWith('/'),
        JSON.stringify(value),
      )
    assert.equal(safeReturnTo('/\t/other.host/'), '/home')
    assert.equal(safeReturnTo('/a\r\nSet-Cookie: x'), '/home')
  })

  it('never leads anywhere but a page of this site, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `/${s}`),
          fc.webUrl(),
        ),
        (value) => {
          const kept = safeReturnTo(value)
          // As a browser resolves it against the site, and with nothing a header cannot carry.
          assert.equal(new URL(kept, 'https://credentials.example').origin, 'https://credentials.example')
          assert.ok(
            [...kept].every((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f' && ch !== '\\'),
            kept,
          )
        },
      ),
      { numRuns: 2000 },
    )
  })
})
