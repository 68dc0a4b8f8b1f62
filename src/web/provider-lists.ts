// What the provider's lists (awards, learners, uploads, deliveries) share: the page size,
// the query fields with their bounds, the total as people read it, and the CSV download of a
// whole filtered list, sent a batch at a time as the batches come from the database.
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import { csvCell } from '../domain/csv.ts'
import { MAX_SEARCH_LENGTH } from '../domain/list-search.ts'

/** Rows on a page: a page of any list stays far under 300 KB. */
export const PAGE_SIZE = 25

/**
 * A page number, 1 to 100,000, as digits: a string pattern, since the coercing validator lets
 * "Infinity" through an integer schema (and the database then refuses it).
 */
export const pageField = () => Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]{0,4}|100000)$' }))

/** The page asked for; the first when none was. */
export const pageNumber = (value: string | undefined): number => (value ? Number(value) : 1)
export const searchField = () => Type.Optional(Type.String({ maxLength: MAX_SEARCH_LENGTH }))
export const choiceField = () => Type.Optional(Type.String({ maxLength: 40 }))
export const csvFormat = () => Type.Optional(Type.Literal('csv'))

/** "1,234 awards". */
export function totalText(total: number, one: string, many: string): string {
  return `${total.toLocaleString('en-GB')} ${total === 1 ? one : many}`
}

/** The page's query as a link keeps it: empty values left out. */
export function linkQuery(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  return params.toString()
}

type Cell = string | number | boolean | null | undefined

/** Sends a whole list as CSV: the header, then each batch as it comes, formula-safe. */
export function sendCsvDownload<T>(
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
