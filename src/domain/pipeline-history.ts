// The pipeline's history in numbers: from each record's timeline (a credential's status events,
// a proposal's steps), how many records were at each stage at the end of each month, how long
// each stay at a stage lasted, and the median and 90th percentile of those stays. Pure: the
// repository reads the timelines, the report service turns these into datasets.
import { londonMonth } from './statistics.ts'

const DAY_MS = 86_400_000

/** One step of one record's timeline: from `at`, the record is at `stage`. */
export interface StageStep<S extends string> {
  record: string
  stage: S
  at: Date
}

/**
 * The p-th percentile (0 to 100) of the values, interpolating between the two nearest ranks
 * (the method spreadsheets call PERCENTILE.INC), so the 50th is the usual median; null for none.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const lower = sorted[low] ?? 0
  const upper = sorted[high] ?? lower
  return lower + (upper - lower) * (rank - low)
}

export const median = (values: readonly number[]): number | null => percentile(values, 50)

/** Each record's steps in time order (ties keep the order given: the order they were recorded). */
function byRecord<S extends string>(steps: ReadonlyArray<StageStep<S>>): Map<string, Array<StageStep<S>>> {
  const records = new Map<string, Array<StageStep<S>>>()
  for (const step of steps) {
    const list = records.get(step.record) ?? []
    list.push(step)
    records.set(step.record, list)
  }
  for (const list of records.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())
  return records
}

/** A completed stay at a stage: how many days it lasted, and when it ended. */
export interface StageSpan<S extends string> {
  record: string
  stage: S
  days: number
  endedAt: Date
}

/**
 * Every completed stay at a stage: from the step that brought a record to the stage to the next
 * step that moved it to another one. A step to the stage it is already at (a changed due date)
 * continues the stay; the stay a record is in now has no end yet, so is not counted.
 */
export function stageSpans<S extends string>(steps: ReadonlyArray<StageStep<S>>): Array<StageSpan<S>> {
  const spans: Array<StageSpan<S>> = []
  for (const [record, list] of byRecord(steps)) {
    let current: StageStep<S> | undefined
    for (const step of list) {
      if (current && step.stage === current.stage) continue
      if (current) {
        const days = (step.at.getTime() - current.at.getTime()) / DAY_MS
        spans.push({ record, stage: current.stage, days, endedAt: step.at })
      }
      current = step
    }
  }
  return spans
}

/** Each stage's stays: how many, and their median and 90th percentile in whole days (null for none). */
export function timeInStages<S extends string>(
  spans: ReadonlyArray<StageSpan<S>>,
  stages: readonly S[],
): Array<{ stage: S; stays: number; median: number | null; p90: number | null }> {
  const round = (value: number | null) => (value === null ? null : Math.round(value))
  return stages.map((stage) => {
    const days = spans.filter((s) => s.stage === stage).map((s) => s.days)
    return { stage, stays: days.length, median: round(median(days)), p90: round(percentile(days, 90)) }
  })
}

/**
 * How many records were at each stage at the end of each month: a record counts at the stage of
 * its latest step in or before the month (London months), and not at all before its first step.
 */
export function stagesByMonth<S extends string>(
  steps: ReadonlyArray<StageStep<S>>,
  months: readonly string[],
): Map<string, Map<S, number>> {
  const result = new Map<string, Map<S, number>>(months.map((m) => [m, new Map<S, number>()]))
  for (const list of byRecord(steps).values()) {
    const dated = list.map((step) => ({ stage: step.stage, month: londonMonth(step.at) }))
    let index = -1
    for (const month of months) {
      while (index + 1 < dated.length && (dated[index + 1]?.month ?? '') <= month) index++
      const stage = dated[index]?.stage
      const counts = result.get(month)
      if (stage === undefined || !counts) continue
      counts.set(stage, (counts.get(stage) ?? 0) + 1)
    }
  }
  return result
}
