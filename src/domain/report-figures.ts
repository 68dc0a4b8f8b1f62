// Small rules the dashboards' figures share: the run of months a line covers, and a count as a
// sentence may say it to an audience that must not learn a small count (src/domain/statistics.ts).
import { formatNumber } from './numbers.ts'
import { isSmallCount, WITHHELD_TEXT, type Audience } from './statistics.ts'

/** The month after a "YYYY-MM" month. */
export function nextMonth(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number)
  return m >= 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
}

/** Every month from `first` to `last` inclusive ("YYYY-MM"), at most `limit` of them. */
export function monthsFrom(first: string, last: string, limit = 1200): string[] {
  const out: string[] = []
  for (let month = first; month <= last && out.length < limit; month = nextMonth(month)) out.push(month)
  return out
}

/** The NHS financial year (April to March) a month is in, by the year it starts. */
export function financialYearOf(month: string): number {
  return Number(month.slice(0, 4)) - (month.slice(5, 7) < '04' ? 1 : 0)
}

/** "2025 to 2026": a financial year as people read it. */
export const financialYearInWords = (year: number): string => `${year} to ${year + 1}`

/** A count in a sentence: "1,204", or "fewer than 5" where the audience may not see it exactly. */
export function countInWords(count: number, audience: Audience): string {
  return audience.kind !== 'centre' && isSmallCount(count) ? WITHHELD_TEXT : formatNumber(count)
}

/** The word for a count as countInWords says it: "fewer than 5" takes the plural. */
export function pluralFor(count: number, audience: Audience, one: string, many: string): string {
  return count === 1 && countInWords(count, audience) === '1' ? one : many
}
