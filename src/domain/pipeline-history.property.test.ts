// The pipeline's history on random timelines: a percentile lies between the smallest and the
// largest value and never falls as p rises; the median is the middle; a record's completed stays
// add up to the time from its first step to its last change of stage; and each month counts
// every record that had begun by its end exactly once.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { londonMonth, monthsFrom, quartersFrom } from './statistics.ts'
import {
  median,
  percentile,
  stageSpans,
  stagesByMonth,
  timeInStages,
  type StageStep,
} from './pipeline-history.ts'

const STAGES = ['a', 'b', 'c'] as const
type Stage = (typeof STAGES)[number]

const START = Date.parse('2024-01-01T00:00:00Z')
const END = Date.parse('2026-12-31T00:00:00Z')

const stepsArb = fc.array(
  fc.record({
    record: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
    stage: fc.constantFrom<Stage>(...STAGES),
    at: fc.integer({ min: START, max: END }).map((ms) => new Date(ms)),
  }),
  { maxLength: 40 },
)

const DAY = 86_400_000

describe('percentiles', () => {
  it('lie between the smallest and largest value and never fall as p rises', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p, q) => {
          const low = percentile(values, Math.min(p, q)) ?? NaN
          const high = percentile(values, Math.max(p, q)) ?? NaN
          assert.ok(low >= Math.min(...values) - 1e-9 && high <= Math.max(...values) + 1e-9)
          assert.ok(low <= high + 1e-9)
          assert.equal(percentile(values, 0), Math.min(...values))
          assert.equal(percentile(values, 100), Math.max(...values))
        },
      ),
    )
  })

  it('take the middle value as the median, or the mean of the middle two', () => {
    assert.equal(median([]), null)
    assert.equal(median([5, 1, 3]), 3)
    assert.equal(median([4, 1, 3, 2]), 2.5)
    // Spreadsheets' PERCENTILE.INC: rank 0.9 × (n − 1), between the ranks around it.
    assert.equal(percentile([7, 10, 15], 90), 14)
  })
})

describe('stays at a stage', () => {
  it('add up, for each record, to the time from its first step to its last change of stage', () => {
    fc.assert(
      fc.property(stepsArb, (steps: Array<StageStep<Stage>>) => {
        const spans = stageSpans(steps)
        for (const record of new Set(steps.map((s) => s.record))) {
          const own = steps
            .map((s, i) => ({ ...s, i }))
            .filter((s) => s.record === record)
            .sort((x, y) => x.at.getTime() - y.at.getTime() || x.i - y.i)
          const changes = own.filter((s, i) => i === 0 || s.stage !== own[i - 1]?.stage)
          const first = changes[0]?.at.getTime() ?? 0
          const last = changes.at(-1)?.at.getTime() ?? 0
          const total = spans.filter((s) => s.record === record).reduce((sum, s) => sum + s.days, 0)
          assert.ok(Math.abs(total - (last - first) / DAY) < 1e-6)
          assert.equal(spans.filter((s) => s.record === record).length, changes.length - 1)
        }
        assert.ok(spans.every((s) => s.days >= 0))
        const timed = timeInStages(spans, STAGES)
        assert.equal(
          timed.reduce((sum, t) => sum + t.stays, 0),
          spans.length,
        )
      }),
    )
  })
})

describe('stages month by month', () => {
  it('count each record that had begun by the end of the month once, at its latest stage', () => {
    fc.assert(
      fc.property(stepsArb, (steps: Array<StageStep<Stage>>) => {
        const months = monthsFrom('2024-01', '2026-12')
        const counts = stagesByMonth(steps, months)
        for (const month of months) {
          const begun = new Set(steps.filter((s) => londonMonth(s.at) <= month).map((s) => s.record))
          const total = [...(counts.get(month)?.values() ?? [])].reduce((sum, n) => sum + n, 0)
          assert.equal(total, begun.size)
        }
      }),
    )
  })

  it('lists months and calendar quarters in order', () => {
    assert.deepEqual(monthsFrom('2024-11', '2025-02'), ['2024-11', '2024-12', '2025-01', '2025-02'])
    assert.deepEqual(monthsFrom('2025-02', '2025-01'), [])
    assert.deepEqual(quartersFrom('2024-11', '2025-04'), ['2024-10', '2025-01', '2025-04'])
  })
})
