// What the provider's lists (awards, learners, uploads, deliveries) share: the page size,
// the query fields with their bounds, the total as people read it, and the CSV download of a
// whole filtered list, sent a batch at a time as the batches come from the database.
import { Type } from '@sinclair/typebox'
import { MAX_SEARCH_LENGTH } from '../domain/list-search.ts'

// The page size, the total's words and the download are every list's (src/web/lists.ts).
export { LIST_PAGE_SIZE as PAGE_SIZE, countLabel as totalText, sendCsv as sendCsvDownload } from './lists.ts'

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

/** The page's query as a link keeps it: empty values left out. */
export function linkQuery(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  return params.toString()
}
