// What every paged list shares: its page size, the NHS numbered pagination, the total as
// people read it ("1,234 accounts"), the date-range filter and the CSV download of the
// whole filtered list, streamed a batch at a time so that a long list never holds the
// database connection for long or the whole list in memory.
import { Readable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import { csvCell } from '../domain/csv.ts'
import { isEmptyDateInput, parseDateInput } from '../domain/date-input.ts'
import { MAX_SEARCH_LENGTH } from '../domain/list-search.ts'
import type { FieldError } from './forms.ts'
import { countOf } from '../domain/numbers.ts'

/** Rows on one page of a list: enough to scan, and a page stays far under 300 KB. */
export const LIST_PAGE_SIZE = 25

// A list's query fields: the page (checked again by pageOf), a choice from a list (a role, a
// state: one the list does not know is ignored, one longer than any form sends refused), and
// `format=csv`, which downloads the whole filtered list instead of a page.
export const listPage = () => Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 }))
export const listChoice = () => Type.Optional(Type.String({ maxLength: 100 }))
export const listFormat = () => Type.Optional(Type.Literal('csv'))
/** A search box's words, no longer than a search uses. */
export const listSearch = () => Type.Optional(Type.String({ maxLength: MAX_SEARCH_LENGTH }))

/** The page's query as a link keeps it: empty values left out. */
export function linkQuery(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  return params.toString()
}

/** The page asked for is not a page: answered 400 by the error handler. */
export class NotAPage extends Error {
  readonly statusCode = 400
  constructor() {
    super('The page must be a whole number from 1 to 100,000')
  }
}

/**
 * The page asked for, from 1. The query schema's integer lets `Infinity` through (the
 * validator coerces it to a number), so this checks again rather than let it reach SQL.
 */
export function pageOf(value: number | undefined): number {
  if (value === undefined) return 1
  if (!Number.isSafeInteger(value) || value < 1 || value > 100_000) throw new NotAPage()
  return value
}

/** Words typed into a search box: trimmed and cut to 200 characters; nothing is undefined. */
export function searchWords(value: string | undefined): string | undefined {
  return value?.trim().slice(0, 200) || undefined
}

/** A date and time in a download: ISO 8601, which spreadsheets read and sort. */
export const isoTime = (date: Date | null) => (date ? date.toISOString() : '')

/** "1,234 accounts": the service's one count formatter (src/domain/numbers.ts). */
export function countLabel(total: number, one: string, many: string): string {
  return countOf(total, one, many)
}

interface PageItem {
  number?: number
  href?: string
  current?: boolean
  ellipsis?: boolean
}

export interface NumberedPagination {
  previous?: { href: string }
  next?: { href: string }
  items: PageItem[]
}

/**
 * The NHS numbered pagination: the first and last pages, the current one and its
 * neighbours, with ellipses between. A page past the end links back into the list.
 */
export function numberedPagination(
  path: string,
  query: Record<string, string | undefined>,
  page: number,
  total: number,
  pageSize: number = LIST_PAGE_SIZE,
): NumberedPagination {
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  if (pageCount === 1 && page === 1) return { items: [] }
  const href = (n: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
    if (n > 1) params.set('page', String(n))
    const search = params.toString()
    return search ? `${path}?${search}` : path
  }
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b)
  const items: PageItem[] = []
  for (const [i, n] of shown.entries()) {
    const before = shown[i - 1]
    if (before !== undefined && n - before > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
  }
  return {
    ...(page > 1 ? { previous: { href: href(Math.min(page - 1, pageCount)) } } : {}),
    ...(page < pageCount ? { next: { href: href(page + 1) } } : {}),
    items,
  }
}

/** The list as it is filtered, as a CSV download of every row. */
export function downloadLink(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  params.set('format', 'csv')
  return `${path}?${params.toString()}`
}

/** Where a page of a list starts. */
export function offsetOf(page: number, pageSize: number = LIST_PAGE_SIZE): number {
  return (page - 1) * pageSize
}

/** A date-range filter from NHS date inputs: `from[day]`, `from[month]`, `from[year]` … */
export interface DateRangeQuery {
  'from[day]'?: string | undefined
  'from[month]'?: string | undefined
  'from[year]'?: string | undefined
  'to[day]'?: string | undefined
  'to[month]'?: string | undefined
  'to[year]'?: string | undefined
}

export interface DateRange {
  /** ISO dates (yyyy-mm-dd), each day included whole. */
  from?: string
  to?: string
  /** The date inputs as typed, to link pages and show the form again. */
  query: Record<string, string | undefined>
  errors: FieldError[]
}

/** Reads a date range; a part left empty is no limit; a wrong date is an error on its field. */
export function readDateRange(query: DateRangeQuery): DateRange {
  const range: DateRange = { query: {}, errors: [] }
  for (const [key, label] of [
    ['from', 'From date'],
    ['to', 'To date'],
  ] as const) {
    const parts = {
      day: query[`${key}[day]`]?.slice(0, 10) ?? '',
      month: query[`${key}[month]`]?.slice(0, 10) ?? '',
      year: query[`${key}[year]`]?.slice(0, 10) ?? '',
    }
    range.query[`${key}[day]`] = parts.day || undefined
    range.query[`${key}[month]`] = parts.month || undefined
    range.query[`${key}[year]`] = parts.year || undefined
    if (isEmptyDateInput(parts)) continue
    const parsed = parseDateInput(parts, label)
    if ('error' in parsed) range.errors.push({ text: parsed.error, href: `#${key}` })
    else range[key] = parsed.date
  }
  if (range.from && range.to && range.from > range.to)
    range.errors.push({ text: 'To date must be the same as or after the from date', href: '#to' })
  return range
}

type Cell = string | number | boolean | null | undefined

/**
 * Sends a CSV download of a whole list: the header, then each batch as it comes (each batch
 * is one short query), formula-safe cell by cell.
 */
export function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  header: readonly string[],
  batches: AsyncIterable<readonly T[]>,
  toRow: (item: T) => readonly Cell[],
): FastifyReply {
  const line = (cells: readonly Cell[]) => `${cells.map(csvCell).join(',')}\r\n`
  async function* lines() {
    yield line(header)
    for await (const batch of batches) yield batch.map((item) => line(toRow(item))).join('')
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines()))
}
