// Numbers as people read them across the service: "20,009", and a count with its noun, "1 month",
// "2 months", "20,009 learners". One formatter for pages, e-mails, PDFs and messages, beside the
// one for dates (src/domain/dates.ts). CSV files and the API keep plain numbers for machines.

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })

/**
 * "20,009", "1.5": en-GB grouping, at most two decimals (CPD hours come in quarters). Text that
 * is a number ("7.50" from a numeric column) is read as one; other text comes back as it was.
 */
export function formatNumber(value: number | string): string {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value)
  return Number.isFinite(n) ? numberFormat.format(n) : String(value)
}

/** The noun for the count: `one` for exactly 1, `many` (the noun with an "s" unless given) otherwise. */
export function plural(count: number | string, one: string, many = `${one}s`): string {
  return Number(count) === 1 ? one : many
}

/** A count with its noun: "1 month", "2 months", "20,009 learners", "0 awards". */
export function countOf(count: number | string, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${plural(count, one, many)}`
}

const listFormat = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' })

/** Items as a sentence lists them: "E1, E2 and E3". */
export function listInWords(items: readonly string[]): string {
  return listFormat.format(items)
}
