import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { csvCell, csvDocument } from './csv.ts'

describe('downloaded CSV', () => {
  it('writes a cell a spreadsheet would run as a formula as text', () => {
    for (const value of ['=1+1', '+44 7700', '-2', '@SUM(A1)', '\tx', '\rx'])
      assert.match(csvCell(value), /^"?'/, value)
    assert.equal(csvCell('Priya Shah'), 'Priya Shah')
    assert.equal(csvCell(-2), '-2', 'a number stays a number')
  })

  it('reads back, through an independent parser, as the values written (formulas behind an apostrophe)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }),
        (rows) => {
          const read = parse(csvDocument(['a', 'b'], rows), { relax_column_count: false })
          assert.deepEqual(
            read.slice(1),
            rows.map((row) => row.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))),
          )
        },
      ),
    )
  })
})
