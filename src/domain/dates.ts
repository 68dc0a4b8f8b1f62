// Dates as people read them across the service: "6 January 2027", in Europe/London. One
// formatter for pages, e-mails, PDFs and messages, so that no two places write a date
// differently.

const longDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
const calendarDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/**
 * "6 January 2027". A calendar date (YYYY-MM-DD) is that day wherever the reader is; an
 * instant is the day it was in London. Text that is not a date comes back as it was (an
 * invalid Date as the empty string), so that a page or an e-mail never fails over a date.
 */
export function longDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    const real = !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value
    return real ? calendarDateFormat.format(day) : value
  }
  const instant = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(instant.getTime())) return typeof value === 'string' ? value : ''
  return longDateFormat.format(instant)
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

// The last minute asked about and its day. London's day changes only on a whole minute (its
// offsets are whole hours), so every instant of one minute has one day. Pages ask for today
// once per credential shown (the status filter), and formatToParts took 3-7% of the catalogue's
// CPU (bench/README.md).
let lastMinute = NaN
let lastDay = ''

/** The calendar day in Europe/London of an instant, as YYYY-MM-DD. */
export function londonDay(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000)
  if (minute === lastMinute) return lastDay
  const parts = londonParts.formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  const day = `${part('year')}-${part('month')}-${part('day')}`
  if (!Number.isNaN(minute)) {
    lastMinute = minute
    lastDay = day
  }
  return day
}

/**
 * The earliest year a date entered in this service may have. Nothing the service records (a
 * delivery, an award, CPD) is older, and it keeps out year 0, which PostgreSQL cannot store,
 * and the two-digit years Date.UTC would read as 19xx.
 */
export const EARLIEST_YEAR = 1900

/**
 * The day `year`-`month`-`day` as YYYY-MM-DD, or null when there is no such day (31 February)
 * or its year is outside 1900 to 9999: the one rule for whether a date typed into a form, a
 * CSV file or an API batch is a real date. Whether the date is allowed where it is used (an
 * award's date against its delivery) is for the caller.
 */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (![year, month, day].every(Number.isInteger) || year < EARLIEST_YEAR || year > 9999) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real ? date.toISOString().slice(0, 10) : null
}
