// Workforce need: the number of practitioners the plan needs developed per NHS financial year
// (April to March), and the one rule saying whether the awards made so far keep up with it.
// Pure: the repository reads the recorded needs and the awards, the services and pages show
// what this decides.
import { londonDay } from './dates.ts'

/** What a version of a need records: the first figure, a changed figure, or the need's removal. */
export const NEED_VERSION_KINDS = ['recorded', 'changed', 'removed'] as const
export type NeedVersionKind = (typeof NEED_VERSION_KINDS)[number]

/** The most practitioners one need may plan for: more than England develops in a year. */
export const MAX_PLANNED = 100_000
/** The longest a need's source, or the reason for a change, may be. */
export const MAX_SOURCE = 300
export const MAX_REASON = 1000
/** The financial years a need may be recorded for (the year each starts in). */
export const EARLIEST_NEED_YEAR = 2020
export const LATEST_NEED_YEAR = 2040

/** The financial year (the year it starts in) a calendar day 'YYYY-MM-DD' falls in. */
export function financialYearOfDay(day: string): number {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  return month >= 4 ? year : year - 1
}

/** The financial year an instant falls in, by its day in London. */
export const financialYearOf = (at: Date): number => financialYearOfDay(londonDay(at))

/** A financial year as people read it: 2026 is "2026 to 2027". */
export const financialYearLabel = (year: number): string => `${year} to ${year + 1}`

/** The first day of a financial year: 2026 starts on '2026-04-01'. */
export const financialYearStart = (year: number): string => `${String(year).padStart(4, '0')}-04-01`

/** The last day of a financial year: 2026 ends on '2027-03-31'. */
export const financialYearEnd = (year: number): string => `${String(year + 1).padStart(4, '0')}-03-31`

const DAY_MS = 86_400_000
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS

/** How many days a financial year has: 366 when the February in it has a 29th. */
export const daysInFinancialYear = (year: number): number =>
  dayNumber(financialYearEnd(year)) - dayNumber(financialYearStart(year)) + 1

/** One year's planned number of practitioners. */
export interface PlannedYear {
  financialYear: number
  planned: number
}

/**
 * How the awards keep up with the need: no need recorded (no verdict), or on track or behind
 * with the figures the verdict was made from.
 */
export type NeedProgress =
  | { verdict: 'no need recorded' }
  | {
      verdict: 'on track' | 'behind'
      /** Practitioners the plan needed by the day: whole past years, this year pro rata, rounded down. */
      needToDate: number
      awardsToDate: number
      /** How many more awards would make it on track; 0 when on track. */
      shortfall: number
      /** Every year's planned number added up, past and future. */
      plannedInTotal: number
    }

export type NeedVerdict = NeedProgress['verdict']

/**
 * The need by a day, as a fraction: every financial year that ended on or before the day in
 * full, the year the day is in pro rata by the days of it elapsed (the day itself counted, as
 * the awards up to and including it are), and later years not at all.
 */
export function needToDateExact(planned: readonly PlannedYear[], day: string): number {
  const current = financialYearOfDay(day)
  let need = 0
  for (const year of planned) {
    if (year.financialYear < current) need += year.planned
    else if (year.financialYear === current) {
      const elapsed = dayNumber(day) - dayNumber(financialYearStart(current)) + 1
      need += (year.planned * elapsed) / daysInFinancialYear(current)
    }
  }
  return need
}

/**
 * THE rule for on track or behind. `planned` is the need's figure for each financial year
 * (several rows for one year are added together, as a credential's regions are); `awardsToDate`
 * the awards made from the first day of the earliest planned year up to and including `day`
 * (a London calendar day, 'YYYY-MM-DD'). With no year planned there is no verdict. Otherwise
 * the need to date is rounded down to whole practitioners (nobody is a fraction of an award
 * behind) and the awards are on track when they reach it.
 */
export function needProgress(
  planned: readonly PlannedYear[],
  awardsToDate: number,
  day: string,
): NeedProgress {
  const years = planned.filter((year) => year.planned > 0)
  if (years.length === 0) return { verdict: 'no need recorded' }
  const needToDate = Math.floor(needToDateExact(years, day) + 1e-9)
  const awards = Math.max(0, Math.floor(awardsToDate))
  const plannedInTotal = years.reduce((sum, year) => sum + year.planned, 0)
  return {
    verdict: awards >= needToDate ? 'on track' : 'behind',
    needToDate,
    awardsToDate: awards,
    shortfall: Math.max(0, needToDate - awards),
    plannedInTotal,
  }
}

/** The first day awards count from against these planned years, or null when none is planned. */
export function needCountsFrom(planned: readonly PlannedYear[]): string | null {
  const years = planned.filter((year) => year.planned > 0).map((year) => year.financialYear)
  return years.length === 0 ? null : financialYearStart(Math.min(...years))
}
