// CSV files people download and open in a spreadsheet. Every cell is quoted when it needs to
// be, and a cell a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
// return first) is written as text with a leading apostrophe, so that a learner's name or a
// reason typed by anyone can never run in the reader's spreadsheet.

const FORMULA_START = /^[=+\-@\t\r]/

/** One cell of a downloaded CSV: formula-safe, quoted when it needs to be. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : String(value)
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A whole CSV document: a header row, then the rows, with CRLF line ends (RFC 4180). */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<ReadonlyArray<string | number | boolean | null | undefined>>,
): string {
  const lines = [header.map(csvCell).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
