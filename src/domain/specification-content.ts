// What a credential specification says, as structured data rather than a document, so that
// it can be checked for completeness, mapped to the framework, compared version by version
// and published in several forms from one source.

import { isRecord } from './present.ts'

export interface LearningOutcome {
  /** Stable within a specification across versions ("LO1"), so versions can be compared. */
  code: string
  text: string
  /**
   * Codes of the framework's capabilities ("1.6", "4.2") the outcome develops; none or absent
   * when it is not mapped (mapping an outcome is optional; the area capabilities must be mapped).
   */
  frameworkCodes?: string[]
}

export interface AreaCapability {
  code: string
  text: string
  /** Codes of the framework's capabilities ("1.6", "2.5") this capability builds on. */
  frameworkCodes: string[]
}

export interface SpecificationContent {
  purpose: string
  scope: string
  targetProfessions: string[]
  entryRequirements: {
    /** Taking the credential within or after an advanced-practice Master's degree. */
    mastersRoute: string
    /** How someone without that degree shows educational equivalence. */
    equivalence: string
  }
  outcomes: LearningOutcome[]
  capabilities: AreaCapability[]
  assessmentStrategy: string
  level: number | null
  credits: number | null
}

/** An existing credential or curriculum put forward for recognition, with its crosswalk. */
export interface RecognitionContent {
  ownerName: string
  ownerUrl: string
  documentUrl: string
  summary: string
  crosswalk: Array<{ code: string; outcome: string; frameworkCodes: string[] }>
}

export const MIN_LEVEL = 6
export const MAX_LEVEL = 8
export const MAX_CREDITS = 180
export const PILLAR_COUNT = 4

export function emptySpecification(): SpecificationContent {
  return {
    purpose: '',
    scope: '',
    targetProfessions: [],
    entryRequirements: { mastersRoute: '', equivalence: '' },
    outcomes: [],
    capabilities: [],
    assessmentStrategy: '',
    level: null,
    credits: null,
  }
}

export function emptyRecognition(): RecognitionContent {
  return { ownerName: '', ownerUrl: '', documentUrl: '', summary: '', crosswalk: [] }
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})
const records = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value) ? value.filter(isRecord) : []
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')
const textsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

/**
 * Stored JSON read as a specification. The drafting service wrote it, but an older or partial
 * row must not break a page, so a field of the wrong kind reads as empty.
 */
export function readSpecification(raw: unknown): SpecificationContent {
  const c = record(raw)
  const entry = record(c.entryRequirements)
  return {
    purpose: textOf(c.purpose),
    scope: textOf(c.scope),
    targetProfessions: textsOf(c.targetProfessions),
    entryRequirements: { mastersRoute: textOf(entry.mastersRoute), equivalence: textOf(entry.equivalence) },
    outcomes: records(c.outcomes).map((o) => {
      const codes = textsOf(o.frameworkCodes)
      return {
        code: textOf(o.code),
        text: textOf(o.text),
        ...(codes.length ? { frameworkCodes: codes } : {}),
      }
    }),
    capabilities: records(c.capabilities).map((o) => ({
      code: textOf(o.code),
      text: textOf(o.text),
      frameworkCodes: textsOf(o.frameworkCodes),
    })),
    assessmentStrategy: textOf(c.assessmentStrategy),
    level: numberOrNull(c.level),
    credits: numberOrNull(c.credits),
  }
}

/** Stored JSON read as a recognition application, the same way. */
export function readRecognition(raw: unknown): RecognitionContent {
  const c = record(raw)
  return {
    ownerName: textOf(c.ownerName),
    ownerUrl: textOf(c.ownerUrl),
    documentUrl: textOf(c.documentUrl),
    summary: textOf(c.summary),
    crosswalk: records(c.crosswalk).map((r) => ({
      code: textOf(r.code),
      outcome: textOf(r.outcome),
      frameworkCodes: textsOf(r.frameworkCodes),
    })),
  }
}

/**
 * The framework capabilities a version maps to: its area capabilities' codes for a
 * specification, its crosswalk's for a recognised credential. Each once, in no set order.
 */
export function frameworkCodesOf(kind: 'specification' | 'recognition', raw: unknown): string[] {
  const rows = kind === 'specification' ? readSpecification(raw).capabilities : readRecognition(raw).crosswalk
  return [...new Set(rows.flatMap((r) => r.frameworkCodes))]
}

const blank = (text: string | undefined | null) => !text || !text.trim()
const pillarOf = (code: string) => code.split('.')[0] ?? ''

/**
 * What a draft still needs before it can be submitted, in plain words, in the order of the
 * form. An empty list means it is complete. Saving a draft never needs this.
 */
export function missingForSubmission(
  content: SpecificationContent,
  frameworkCodes: ReadonlySet<string>,
): string[] {
  const missing: string[] = []
  if (blank(content.purpose)) missing.push('Enter the purpose')
  if (blank(content.scope)) missing.push('Enter the scope')
  if (!content.targetProfessions.length) missing.push('Select at least one target profession')
  if (blank(content.entryRequirements.mastersRoute)) {
    missing.push("Describe the entry route through an advanced-practice Master's degree")
  }
  if (blank(content.entryRequirements.equivalence)) {
    missing.push('Describe how applicants show educational equivalence')
  }
  if (!content.outcomes.length) missing.push('Add at least one learning outcome')
  content.outcomes.forEach((o) => {
    if (blank(o.text)) missing.push(`Enter the text of learning outcome ${o.code}`)
    const unknown = (o.frameworkCodes ?? []).filter((f) => !frameworkCodes.has(f))
    if (unknown.length)
      missing.push(`Learning outcome ${o.code} maps to unknown framework capabilities: ${unknown.join(', ')}`)
  })
  if (!content.capabilities.length) missing.push('Add at least one area-specific capability')
  content.capabilities.forEach((c) => {
    if (blank(c.text)) missing.push(`Enter the text of capability ${c.code}`)
    if (!c.frameworkCodes.length)
      missing.push(`Map capability ${c.code} to at least one framework capability`)
    const unknown = c.frameworkCodes.filter((f) => !frameworkCodes.has(f))
    if (unknown.length)
      missing.push(`Capability ${c.code} maps to unknown framework capabilities: ${unknown.join(', ')}`)
  })
  if (content.capabilities.length) {
    const pillars = new Set(
      content.capabilities.flatMap((c) =>
        c.frameworkCodes.filter((f) => frameworkCodes.has(f)).map(pillarOf),
      ),
    )
    if (pillars.size < PILLAR_COUNT) {
      missing.push('Map the capabilities, between them, to all four pillars of the framework')
    }
  }
  if (blank(content.assessmentStrategy)) missing.push('Enter the assessment strategy')
  if (content.level === null) missing.push('Enter the level')
  else if (!Number.isInteger(content.level) || content.level < MIN_LEVEL || content.level > MAX_LEVEL) {
    missing.push(`The level must be a whole number from ${MIN_LEVEL} to ${MAX_LEVEL}`)
  }
  if (content.credits === null) missing.push('Enter the credits')
  else if (!Number.isInteger(content.credits) || content.credits < 1 || content.credits > MAX_CREDITS) {
    missing.push(`The credits must be a whole number from 1 to ${MAX_CREDITS}`)
  }
  return missing
}

export function missingForRecognition(
  content: RecognitionContent,
  frameworkCodes: ReadonlySet<string>,
): string[] {
  const missing: string[] = []
  if (blank(content.ownerName)) missing.push('Enter the name of the body that owns the credential')
  if (blank(content.documentUrl)) missing.push('Enter the link to the credential or curriculum document')
  if (blank(content.summary)) missing.push('Enter a summary of the credential')
  if (!content.crosswalk.length) missing.push('Add at least one outcome to the crosswalk')
  content.crosswalk.forEach((row) => {
    if (blank(row.outcome)) missing.push(`Enter the text of outcome ${row.code}`)
    if (!row.frameworkCodes.length)
      missing.push(`Map outcome ${row.code} to at least one framework capability`)
    const unknown = row.frameworkCodes.filter((f) => !frameworkCodes.has(f))
    if (unknown.length)
      missing.push(`Outcome ${row.code} maps to unknown framework capabilities: ${unknown.join(', ')}`)
  })
  return missing
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged'

export interface ItemChange<T> {
  code: string
  kind: ChangeKind
  before: T | null
  after: T | null
}

export interface FieldChange {
  field: string
  label: string
  kind: ChangeKind
  before: string
  after: string
}

export interface VersionComparison {
  fields: FieldChange[]
  outcomes: Array<ItemChange<LearningOutcome>>
  capabilities: Array<ItemChange<AreaCapability>>
}

function compareItems<T extends { code: string }>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean,
): Array<ItemChange<T>> {
  const old = new Map(before.map((item) => [item.code, item]))
  const changes: Array<ItemChange<T>> = after.map((item) => {
    const was = old.get(item.code)
    if (!was) return { code: item.code, kind: 'added', before: null, after: item }
    return { code: item.code, kind: same(was, item) ? 'unchanged' : 'changed', before: was, after: item }
  })
  const kept = new Set(after.map((item) => item.code))
  for (const item of before) {
    if (!kept.has(item.code)) changes.push({ code: item.code, kind: 'removed', before: item, after: null })
  }
  return changes
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i])

/** Outcome by outcome and capability by capability (matched by code), then the other fields. */
export function compareVersions(
  before: SpecificationContent,
  after: SpecificationContent,
): VersionComparison {
  const text = (c: SpecificationContent): Array<[string, string, string]> => [
    ['purpose', 'Purpose', c.purpose],
    ['scope', 'Scope', c.scope],
    ['targetProfessions', 'Target professions', [...c.targetProfessions].sort().join(', ')],
    ['mastersRoute', "Master's-degree route", c.entryRequirements.mastersRoute],
    ['equivalence', 'Educational equivalence', c.entryRequirements.equivalence],
    ['assessmentStrategy', 'Assessment strategy', c.assessmentStrategy],
    ['level', 'Level', c.level === null ? '' : String(c.level)],
    ['credits', 'Credits', c.credits === null ? '' : String(c.credits)],
  ]
  const afterText = text(after)
  const fields = text(before).map(([field, label, was], i): FieldChange => {
    const now = afterText[i]?.[2] ?? ''
    const kind: ChangeKind = was === now ? 'unchanged' : !was ? 'added' : !now ? 'removed' : 'changed'
    return { field, label, kind, before: was, after: now }
  })
  return {
    fields,
    outcomes: compareItems(
      before.outcomes,
      after.outcomes,
      (a, b) => a.text === b.text && sameList(a.frameworkCodes ?? [], b.frameworkCodes ?? []),
    ),
    capabilities: compareItems(
      before.capabilities,
      after.capabilities,
      (a, b) => a.text === b.text && sameList(a.frameworkCodes, b.frameworkCodes),
    ),
  }
}

/** The next free code in a list: "LO3" after "LO1" and "LO2", whatever was removed. */
export function nextCode(prefix: string, items: ReadonlyArray<{ code: string }>): string {
  const numbers = items
    .filter((i) => i.code.startsWith(prefix) && /^\d+$/.test(i.code.slice(prefix.length)))
    .map((i) => Number(i.code.slice(prefix.length)))
  return `${prefix}${Math.max(0, ...numbers) + 1}`
}
