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

/** The calendar day in Europe/London of an instant, as YYYY-MM-DD. */
export function londonDay(at: Date): string {
  const parts = londonParts.formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}
