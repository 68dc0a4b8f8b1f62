// What the catalogue search box matches. People type "musculoskeletal", "musculo skeletal",
// "MSK" or "pélvic" for "Musculo-skeletal conditions" and "Pelvic health", so both the
// catalogue's text and each word typed are folded the same way (case, accents, and every
// character that is not a letter or digit dropped, hyphens and spaces included), and each word
// also matches the other name of a known abbreviation. The database folds the catalogue's text
// with the same rule (catalogue_fold, in migration 20261206223000_catalogue_search).

/**
 * Abbreviations the Centre's own catalogue pages use, with what they stand for there (seed
 * pages 000 and 001 and the catalogue seed): only these, never a guessed expansion.
 */
export const CATALOGUE_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['MSK', 'musculoskeletal'], // "Musculoskeletal (MSK)", "Reporting images MSK"
  ['UEC', 'urgent and emergency care'], // "GP paramedics UEC"
  ['OT', 'occupational therapy'], // "Primary care OT"
  ['paeds', 'paediatric'], // "Neuro and paeds modules"
  ['neuro', 'neurological'], // "Neuro and paeds modules"
  ['ACCP', 'Advanced Critical Care Practitioner'], // "Critical Care ACCP FICM Curriculum"
  ['FICM', 'Faculty of Intensive Care Medicine'],
  ['RCEM', 'Royal College of Emergency Medicine'],
  ['SACP', 'Surgical Advanced Clinical Practitioner'], // "(SACP) Curriculum and Assessment Framework"
  ['HEE', 'Health Education England'],
]

/** At most 10 words, so that a pasted essay stays a cheap query. */
const MAX_WORDS = 10

/**
 * Text as the search compares it: lower case, accents taken off (NFD, then every character
 * outside a-z and 0-9 dropped, which drops the combining marks with the punctuation and spaces).
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}

const FOLDED_PAIRS = CATALOGUE_ABBREVIATIONS.map(([short, long]): [string, string] => [
  foldSearchText(short),
  foldSearchText(long),
])

/**
 * The words of a search, each as the folded strings any one of which it matches: itself, and
 * the other form of an abbreviation it is or spells out. Every word must match for an entry
 * to be found; a word of punctuation alone folds to nothing and has no alternatives, so it
 * matches nothing (it is a search for that character, not for everything).
 */
export function catalogueSearchTerms(q: string | undefined): string[][] {
  return (q ?? '')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS)
    .map(foldSearchText)
    .map((word) => {
      if (word === '') return []
      const others = FOLDED_PAIRS.flatMap(([short, long]) =>
        word === short ? [long] : word === long ? [short] : [],
      )
      return [word, ...others]
    })
}
