// The date input: a date typed into three boxes (day, month, year), as the NHS design system
// asks for dates people know. One reading of the boxes for every form and filter, with the
// service manual's error messages, so that a date is refused for the same reasons, in the same
// words, wherever it is typed.
import { calendarDate } from './dates.ts'

/** What was typed into the three boxes, as typed. */
export interface DateInput {
  day: string
  month: string
  year: string
}

/** Whether all three boxes were left empty: an optional date not given, or a filter not set. */
export function isEmptyDateInput(parts: DateInput): boolean {
  return !parts.day.trim() && !parts.month.trim() && !parts.year.trim()
}

/**
 * The ISO date (YYYY-MM-DD) for what was typed, or what is wrong with it in the NHS service
 * manual's words; `label` is the question, such as "Start date". A real date has a one- or
 * two-digit day and month and a four-digit year, and is a day calendarDate accepts: 31 February
 * and years outside 1900 to 9999 are not real dates. Whether the date is allowed where it is
 * used (not in the future, after another date) is for the caller.
 */
export function parseDateInput(parts: DateInput, label: string): { date: string } | { error: string } {
  const [day, month, year] = [parts.day.trim(), parts.month.trim(), parts.year.trim()]
  if (!day && !month && !year) return { error: `Enter the ${label.toLowerCase()}` }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length) return { error: `${label} must include a ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { error: `${label} must be a real date` }
  const date = calendarDate(Number(year), Number(month), Number(day))
  return date ? { date } : { error: `${label} must be a real date` }
}

/** The boxes filled in again for an ISO date, as a person would type it: "5", "9", "2027". */
export function dateInputOf(iso: string): DateInput {
  const [year = '', month = '', day = ''] = iso.split('-')
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year }
}

/**
 * The boxes of the date input called `name` from a form or query string, whose fields are
 * named `name[day]`, `name[month]` and `name[year]`; a box not sent is empty.
 */
export function dateInputFrom(fields: Readonly<Record<string, unknown>>, name: string): DateInput {
  const part = (box: keyof DateInput) => {
    const value = fields[`${name}[${box}]`]
    return typeof value === 'string' ? value : ''
  }
  return { day: part('day'), month: part('month'), year: part('year') }
}

/** The fields `name[day]`, `name[month]` and `name[year]` that show `parts` in the input called `name`. */
export function dateInputFields(name: string, parts: DateInput): Record<string, string> {
  return { [`${name}[day]`]: parts.day, [`${name}[month]`]: parts.month, [`${name}[year]`]: parts.year }
}

/**
 * The date typed into the input called `name` of a form: its ISO date, or what is wrong with
 * it; null when the date is `optional` and all three boxes were left empty.
 */
export function dateFromForm(
  fields: Readonly<Record<string, unknown>>,
  name: string,
  label: string,
  optional = false,
): string | { error: string } | null {
  const parts = dateInputFrom(fields, name)
  if (optional && isEmptyDateInput(parts)) return null
  const parsed = parseDateInput(parts, label)
  return 'date' in parsed ? parsed.date : parsed
}
