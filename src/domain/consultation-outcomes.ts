// What the Centre may publish of what people said in a consultation, and the summary of each
// question on the outcome page. Pure rules: the service reads the rows, these decide.
import { AGREEMENT_SCALE, type PublicationChoice, type QuestionKind } from './consultations.ts'

/** What the outcome page may say of who wrote a quoted answer or comment. */
export interface Attribution {
  name: string | null
  organisation: string | null
}

/** One answer or comment as the service read it, with what its respondent chose. */
export interface Said {
  text: string
  publication: PublicationChoice
  name: string
  organisation: string
  /** The respondent confirmed their address (or was signed in). Unconfirmed responses do not count. */
  confirmed: boolean
  /** Hidden by a Centre admin as abusive: never published. */
  hidden: boolean
}

export interface Quote extends Attribution {
  text: string
}

/**
 * Who a quote may name: with their name and organisation, their organisation only, or no one.
 * An organisation left empty is not named.
 */
export function attributionFor(choice: PublicationChoice, name: string, organisation: string): Attribution {
  const org = organisation.trim() === '' ? null : organisation.trim()
  switch (choice) {
    case 'named':
      return { name: name.trim() === '' ? null : name.trim(), organisation: org }
    case 'organisation':
      return { name: null, organisation: org }
    case 'anonymous':
      return { name: null, organisation: null }
  }
}

/** What may be quoted of one answer or comment: nothing when hidden, unconfirmed or empty. */
export function publishableQuote(said: Said): Quote | null {
  if (!said.confirmed || said.hidden) return null
  const text = said.text.trim()
  if (text === '') return null
  return { text, ...attributionFor(said.publication, said.name, said.organisation) }
}

/** "Dr Ada Lovelace, Example Trust", "Example Trust", or "Anonymous respondent". */
export function attributionInWords(attribution: Attribution): string {
  const parts = [attribution.name, attribution.organisation].filter((p): p is string => p !== null)
  return parts.length ? parts.join(', ') : 'Anonymous respondent'
}

/** How many chose each option of a choice or agreement question. */
export interface OptionCount {
  option: string
  count: number
}

export interface QuestionSummary {
  /** Respondents who answered the question. */
  answered: number
  /** For choice and agreement questions, each option in the question's order; empty for free text. */
  counts: OptionCount[]
}

/** The options a question is answered from, in the order they are shown. */
export function optionsOf(kind: QuestionKind, options: readonly string[]): string[] {
  if (kind === 'agreement') return [...AGREEMENT_SCALE]
  if (kind === 'text') return []
  return [...options]
}

/**
 * The summary of one question from counts made elsewhere (the database counts tens of thousands
 * of answers): the question's options in its order, each with how many chose it; a choice that
 * is not one of the options (an option renamed since) is not shown.
 */
export function summaryFromCounts(
  kind: QuestionKind,
  options: readonly string[],
  answered: number,
  chosen: ReadonlyMap<string, number>,
): QuestionSummary {
  return {
    answered,
    counts: optionsOf(kind, options).map((option) => ({ option, count: chosen.get(option) ?? 0 })),
  }
}

/** The summary of one question from the answers that count (confirmed, not hidden). */
export function summariseQuestion(
  kind: QuestionKind,
  options: readonly string[],
  answers: ReadonlyArray<{ textValue: string | null; choices: readonly string[] }>,
): QuestionSummary {
  const chosen = new Map<string, number>()
  let answered = 0
  for (const a of answers) {
    const given = kind === 'text' ? (a.textValue ?? '').trim() !== '' : a.choices.length > 0
    if (!given) continue
    answered++
    for (const choice of new Set(a.choices)) chosen.set(choice, (chosen.get(choice) ?? 0) + 1)
  }
  return summaryFromCounts(kind, options, answered, chosen)
}

/** "12 of 40 (30%)": a count as a share of those who answered, rounded to a whole per cent. */
export function shareInWords(count: number, of: number): string {
  const percent = of === 0 ? 0 : Math.round((count / of) * 100)
  return `${count} of ${of} (${percent}%)`
}

/** A moderation reason is needed and kept short enough to read in a list. */
export const MAX_HIDE_REASON = 500
export const MAX_THEME_NAME = 120
export const MAX_THEME_TEXT = 5_000
export const MAX_OUTCOME_SUMMARY = 10_000
