import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { PROBLEM_KINDS, type ProblemKind } from './award-rows.ts'
import {
  MAX_VALUE_LENGTH,
  moreProblemsText,
  problemGroupText,
  summariseProblems,
  type ImportProblem,
} from './import-problems.ts'

const problem = (line: number, kind: ProblemKind, value = ''): ImportProblem => ({
  line,
  kind,
  field: null,
  learnerName: null,
  value,
  message: `problem ${kind}`,
})

/** Rows in order, each with its kinds (a row's kinds are distinct, as the rules give them). */
const rowsOfProblems = fc.array(
  fc.uniqueArray(fc.constantFrom(...PROBLEM_KINDS), { minLength: 1, maxLength: 4 }),
  { maxLength: 60 },
)

describe('an upload’s problems, grouped by kind', () => {
  it('counts every problem and every refused row, whatever the cap (property)', () => {
    fc.assert(
      fc.property(rowsOfProblems, fc.nat({ max: 80 }), (rows, cap) => {
        const problems = rows.flatMap((kinds, i) => kinds.map((kind) => problem(i + 2, kind)))
        const report = summariseProblems(problems, cap)
        // The counts cover every row, stored or not.
        assert.equal(report.rowsRefused, rows.length)
        assert.equal(report.total, problems.length)
        assert.equal(
          report.groups.reduce((sum, g) => sum + g.problems, 0),
          problems.length,
        )
        // Each refused row is counted once under each kind it has: the rows of the groups add
        // up to the rows refused times the kinds on each.
        assert.equal(
          report.groups.reduce((sum, g) => sum + g.rows, 0),
          rows.reduce((sum, kinds) => sum + kinds.length, 0),
        )
        for (const g of report.groups)
          assert.equal(g.rows, rows.filter((kinds) => kinds.includes(g.kind)).length, g.kind)
        // Only the first `cap` are kept, in the order found.
        assert.deepEqual(report.stored, problems.slice(0, cap))
        // Most rows first.
        for (let i = 1; i < report.groups.length; i++)
          assert.ok(report.groups[i - 1]!.rows >= report.groups[i]!.rows)
      }),
    )
  })

  it('adds up to the rows refused when each row has one problem (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PROBLEM_KINDS), { maxLength: 200 }), (kinds) => {
        const report = summariseProblems(
          kinds.map((kind, i) => problem(i + 2, kind)),
          10,
        )
        assert.equal(
          report.groups.reduce((sum, g) => sum + g.rows, 0),
          report.rowsRefused,
        )
        assert.equal(report.rowsRefused, kinds.length)
      }),
    )
  })

  it('counts a kind once for a line that has it several times (the first line’s missing columns)', () => {
    const report = summariseProblems([
      problem(1, 'header_missing_column', 'email'),
      problem(1, 'header_missing_column', 'regulator'),
    ])
    assert.deepEqual(report.groups, [{ kind: 'header_missing_column', rows: 1, problems: 2 }])
  })

  it('says how many more there are than are stored, and words a group with its count', () => {
    assert.equal(moreProblemsText(99_688, 10_000), 'and 89,688 more')
    assert.equal(moreProblemsText(10_000, 10_000), null)
    assert.equal(
      problemGroupText({ kind: 'nmc_pin_format', rows: 312 }),
      '312 rows: the registration number is not in the NMC’s format',
    )
    assert.equal(
      problemGroupText({ kind: 'email_format', rows: 1 }),
      '1 row: the email address is not in the correct format',
    )
    assert.equal(problemGroupText({ kind: 'email_format', rows: 12_345 }).slice(0, 11), '12,345 rows')
  })

  it('keeps a stored value short, so that a page of problems stays small', () => {
    const [stored] = summariseProblems([problem(2, 'email_format', 'x'.repeat(100_000))]).stored
    assert.equal(stored?.value.length, MAX_VALUE_LENGTH)
    assert.ok(stored?.value.endsWith('…'))
  })
})
