// Criteria (principles, gateway, endorsement, and the standards programmes are accredited
// against) are versioned data: Centre admins publish a new
// version, and reviews keep the version they were judged against. These are the rules a
// version must meet.

import type { ReferenceEntry } from './reference-content.ts'

export const CRITERION_KINDS = ['principle', 'gateway', 'endorsement', 'accreditation'] as const
export type CriterionKind = (typeof CRITERION_KINDS)[number]

export const KIND_LABELS: Record<CriterionKind, string> = {
  principle: 'Principles of a credential',
  gateway: 'Gateway criteria',
  endorsement: 'Endorsement criteria',
  accreditation: 'Accreditation standards',
}

export function isCriterionKind(value: string): value is CriterionKind {
  return CRITERION_KINDS.some((known) => known === value)
}

export interface CriterionDraft {
  code: string
  parentCode: string | null
  title: string | null
  statement: string
  guidance: string[]
  note: string | null
}

export const MAX_STATEMENT_LENGTH = 2000
const CODE = /^[A-Z][A-Za-z0-9.+-]{0,15}$/

/** Problems with a version, each on the field it belongs to (`code_2`, `statement_0`…). */
export function criteriaProblems(
  criteria: readonly CriterionDraft[],
): Array<{ field: string; text: string }> {
  const problems: Array<{ field: string; text: string }> = []
  if (criteria.length === 0) problems.push({ field: 'code_0', text: 'Keep at least one criterion' })
  const codes = criteria.map((c) => c.code)
  const topLevel = new Set(criteria.filter((c) => !c.parentCode).map((c) => c.code))
  criteria.forEach((c, i) => {
    if (!c.code) problems.push({ field: `code_${i}`, text: 'Enter a code, such as E5' })
    else if (!CODE.test(c.code)) {
      problems.push({ field: `code_${i}`, text: 'Code must start with a capital letter, like G1 or E4.1' })
    } else if (codes.indexOf(c.code) !== i)
      problems.push({ field: `code_${i}`, text: `Code ${c.code} is used twice` })
    if (!c.statement) problems.push({ field: `statement_${i}`, text: 'Enter the statement of the criterion' })
    else if (c.statement.length > MAX_STATEMENT_LENGTH) {
      problems.push({
        field: `statement_${i}`,
        text: `Statement must be ${MAX_STATEMENT_LENGTH} characters or fewer`,
      })
    }
    if (c.parentCode && (c.parentCode === c.code || !topLevel.has(c.parentCode))) {
      problems.push({
        field: `parentCode_${i}`,
        text: 'Part of must be the code of a main criterion in this version',
      })
    }
  })
  return problems
}

/**
 * The main criteria a version numbers past but does not hold: with only E4 entered, E1 to E3.
 * The Centre publishes some criteria before others, and a reader should not take the ones shown
 * for the whole set.
 */
export function criteriaNotYetEntered(codes: readonly string[]): string[] {
  const byPrefix = new Map<string, Set<number>>()
  for (const code of codes) {
    const match = /^([A-Z]+)(\d+)$/.exec(code)
    if (!match) continue
    const [, prefix = '', number = ''] = match
    const numbers = byPrefix.get(prefix) ?? new Set<number>()
    numbers.add(Number(number))
    byPrefix.set(prefix, numbers)
  }
  const missing: string[] = []
  for (const [prefix, numbers] of byPrefix) {
    const highest = Math.max(...numbers)
    for (let n = 1; n < highest; n += 1) if (!numbers.has(n)) missing.push(`${prefix}${n}`)
  }
  return missing
}

/** A version's criteria as entries to compare (see diffEntries in reference-content.ts). */
export function criteriaEntries(criteria: readonly CriterionDraft[]): ReferenceEntry[] {
  return criteria.map((c) => ({
    key: c.code,
    label: c.title ? `${c.code}: ${c.title}` : c.code,
    text: [c.statement, ...c.guidance, c.note ?? ''].filter(Boolean).join(' '),
  }))
}
