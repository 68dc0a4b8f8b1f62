// The problems found in an award upload, kept within bounds: every problem is counted by kind,
// but only the first MAX_STORED_PROBLEMS are kept to be listed, so that a rejected file of
// 100,000 rows stores and shows a report of bounded size. Pure.
import { PROBLEM_KINDS, PROBLEM_KIND_LABELS, type AwardColumn, type ProblemKind } from './award-rows.ts'
import { formatNumber } from './numbers.ts'

/** At most this many problems of one upload are stored and downloadable; the rest are counted. */
export const MAX_STORED_PROBLEMS = 10_000
/** The problems listed on an upload's page; the rest are in the download. */
export const PROBLEMS_SHOWN = 100

export interface ImportProblem {
  /** The CSV line, or the index of the award in an API batch (from 0). */
  line: number
  kind: ProblemKind
  field: AwardColumn | null
  /** The learner's name as the row writes it, when it has one. */
  learnerName: string | null
  /** The value as written. */
  value: string
  message: string
}

export interface ProblemGroup {
  kind: ProblemKind
  /** Rows with a problem of this kind. */
  rows: number
  /** Problems of this kind (a file's first line can have several of one kind). */
  problems: number
}

export interface ProblemReport {
  /** The first problems found, at most the cap, in the order found. */
  stored: ImportProblem[]
  /** Every problem found, stored or not. */
  total: number
  /** Rows (or lines) with at least one problem. */
  rowsRefused: number
  /** One group for each kind found, most rows first. */
  groups: ProblemGroup[]
}

/** Longest value, learner's name and message kept, so that 100 problems make a small page. */
export const MAX_VALUE_LENGTH = 200
export const MAX_MESSAGE_LENGTH = 500

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * Collects problems one at a time, keeping the first `cap` and counting all of them, so that
 * memory stays bounded whatever the size of the file.
 */
export function problemCollector(cap: number = MAX_STORED_PROBLEMS) {
  const stored: ImportProblem[] = []
  let total = 0
  const lines = new Set<number>()
  const byKind = new Map<ProblemKind, { lines: Set<number>; problems: number }>()
  return {
    add(problem: ImportProblem): void {
      total++
      if (stored.length < cap)
        stored.push({
          ...problem,
          learnerName: problem.learnerName === null ? null : clip(problem.learnerName, MAX_VALUE_LENGTH),
          value: clip(problem.value, MAX_VALUE_LENGTH),
          message: clip(problem.message, MAX_MESSAGE_LENGTH),
        })
      lines.add(problem.line)
      const group = byKind.get(problem.kind) ?? { lines: new Set<number>(), problems: 0 }
      group.lines.add(problem.line)
      group.problems++
      byKind.set(problem.kind, group)
    },
    get total(): number {
      return total
    },
    report(): ProblemReport {
      const order = (kind: ProblemKind) => PROBLEM_KINDS.indexOf(kind)
      const groups = [...byKind.entries()]
        .map(([kind, g]) => ({ kind, rows: g.lines.size, problems: g.problems }))
        .sort((a, b) => b.rows - a.rows || order(a.kind) - order(b.kind))
      return { stored, total, rowsRefused: lines.size, groups }
    },
  }
}

/** Groups and counts problems, keeping the first `cap` of them. */
export function summariseProblems(
  problems: Iterable<ImportProblem>,
  cap: number = MAX_STORED_PROBLEMS,
): ProblemReport {
  const collector = problemCollector(cap)
  for (const problem of problems) collector.add(problem)
  return collector.report()
}

/** A number as people read it: 89,688. */
export const countText = (n: number) => formatNumber(n)

/** "312 rows: the registration number is not in the NMC’s format". */
export function problemGroupText(group: Pick<ProblemGroup, 'kind' | 'rows'>): string {
  return `${countText(group.rows)} ${group.rows === 1 ? 'row' : 'rows'}: ${PROBLEM_KIND_LABELS[group.kind]}`
}

/** How many problems were found but not stored: "and 89,688 more", or null when none. */
export function moreProblemsText(total: number, stored: number): string | null {
  const more = total - stored
  return more > 0 ? `and ${countText(more)} more` : null
}

/** The columns of the problems download. */
export const PROBLEM_CSV_HEADER = ['line', 'learner', 'field', 'value', 'problem', 'kind'] as const
