// What a search box on a provider's list asks for. A search is read as one of three kinds, so
// that each can use an index of its own at national volume (100,000 learners for one
// provider): an e-mail address (it has an @) matches addresses starting with it; something
// with a digit is a registration number and matches numbers starting with it (spaces ignored,
// any case); anything else is words of a name, each of which must start the given or the
// family name. Matching is by the start of a value, never the middle, for the same reason.
// Names are matched without their accents, both ways: "Sian" finds Siân and "Zoë" finds Zoe.

export const MAX_SEARCH_LENGTH = 200
const MAX_WORDS = 5

export type LearnerSearch =
  | { kind: 'email'; prefix: string }
  | { kind: 'registration'; prefix: string }
  | { kind: 'name'; words: string[] }

/** The search in `text`, or null when there is nothing to search for. */
export function learnerSearch(text: string | undefined): LearnerSearch | null {
  const trimmed = (text ?? '').trim().slice(0, MAX_SEARCH_LENGTH)
  if (!trimmed) return null
  if (trimmed.includes('@')) return { kind: 'email', prefix: trimmed.toLowerCase() }
  if (/\d/.test(trimmed)) return { kind: 'registration', prefix: trimmed.replace(/\s+/g, '').toUpperCase() }
  const words = foldName(trimmed)
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, MAX_WORDS)
  return words.length ? { kind: 'name', words } : null
}

/**
 * A name as its search index holds it: lower case, accents taken off (decomposed, then the
 * combining marks U+0300 to U+036F dropped). Letters that are not a base letter and an accent,
 * such as ł or ø, stay as they are. The database's `name_fold` does the same, and a test holds
 * the two to each other.
 */
export function foldName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
}

/** Text with LIKE's wildcards and its escape character taken literally. */
const literally = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** A LIKE pattern matching values that contain `words`, its wildcards taken literally. */
export function containsPattern(words: string): string {
  return `%${literally(words)}%`
}

/** A LIKE pattern matching values that start with `prefix`, its wildcards taken literally. */
export function startsWithPattern(prefix: string): string {
  return `${literally(prefix)}%`
}

/** How many pages `total` rows make, at least one. */
export const pageCountOf = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize))
