// Words the dashboards' one-sentence summaries share (src/services/report-*.ts): a count as the
// audience may read it, and the period a figure covers.
import { formatNumber } from './numbers.ts'
import { isSmallCount, monthInWords, WITHHELD_TEXT, type Audience } from './statistics.ts'

/**
 * A count for a summary: withheld as it is in the table ("fewer than 5") when it is small,
 * unless the Centre is looking, so that the sentence never gives away what the table withholds.
 */
export function countForAudience(count: number, audience: Audience): string {
  return audience.kind !== 'centre' && isSmallCount(count) ? WITHHELD_TEXT : formatNumber(count)
}

/** The word for a count as countForAudience says it: "fewer than 5" takes the plural. */
export function pluralFor(count: number, audience: Audience, one: string, many: string): string {
  return count === 1 && countForAudience(count, audience) === '1' ? one : many
}

/** The months chosen, to begin a sentence: "From January 2025 to June 2025", "Since …", "Up to …", "In all". */
export function periodInWords(from: string | undefined, to: string | undefined): string {
  if (from && to) return `From ${monthInWords(from)} to ${monthInWords(to)}`
  if (from) return `Since ${monthInWords(from)}`
  if (to) return `Up to the end of ${monthInWords(to)}`
  return 'In all'
}
