// The Centre's reference content (the framework's capabilities, the glossary, the documents
// list and the types of intervention) is versioned data, like the criteria: each save is a new
// version with a change summary, and every version stays public with its differences from the
// one before. This module holds what each kind of content is, the rules a version must meet and
// the comparison of two versions, entry by entry and, for changed text, word by word.

import { isRecord } from './present.ts'

export const REFERENCE_KINDS = ['framework', 'glossary', 'documents', 'intervention_types'] as const
export type ReferenceKind = (typeof REFERENCE_KINDS)[number]

export const REFERENCE_KIND_LABELS: Record<ReferenceKind, string> = {
  framework: 'Framework capabilities',
  glossary: 'Glossary',
  documents: 'Documents',
  intervention_types: 'Types of intervention',
}

/** Where each kind's public page is; its history is under `<path>/history`. */
export const REFERENCE_KIND_PATHS: Record<ReferenceKind, string> = {
  framework: '/framework',
  glossary: '/glossary',
  documents: '/documents',
  intervention_types: '/intervention-types',
}

/** The kind a path segment names ("intervention-types"), or null. */
export function referenceKindOf(segment: string): ReferenceKind | null {
  return REFERENCE_KINDS.find((k) => REFERENCE_KIND_PATHS[k] === `/${segment}`) ?? null
}

export interface FrameworkCapability {
  /** "1.6": the pillar's number, a dot, the capability's number. Never reused once retired. */
  code: string
  pillarCode: string
  label: string
}
export interface FrameworkContent {
  capabilities: FrameworkCapability[]
}

export interface GlossaryTerm {
  term: string
  definition: string
}
export interface GlossaryContent {
  terms: GlossaryTerm[]
}

export interface ReferenceDocument {
  slug: string
  title: string
  summary: string
  /** A page of this service the document is, or null when it is an uploaded file. */
  href: string | null
  file: { id: string; filename: string; contentType: string; sizeBytes: number } | null
  /** The date on the document (ISO), if it has one. */
  issuedOn: string | null
  /** The document's own version ("2.1"), if it has one. */
  edition: string | null
}
export interface DocumentsContent {
  documents: ReferenceDocument[]
}

export interface InterventionTypesContent {
  introduction: string
  types: Array<{ name: string; description: string }>
  comparison: string
}

export interface ReferenceContentByKind {
  framework: FrameworkContent
  glossary: GlossaryContent
  documents: DocumentsContent
  intervention_types: InterventionTypesContent
}

const records = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value) ? value.filter(isRecord) : []
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)
const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})

export function readFramework(raw: unknown): FrameworkContent {
  return {
    capabilities: records(record(raw).capabilities).map((c) => ({
      code: textOf(c.code),
      pillarCode: textOf(c.pillarCode),
      label: textOf(c.label),
    })),
  }
}

export function readGlossary(raw: unknown): GlossaryContent {
  return {
    terms: records(record(raw).terms).map((t) => ({
      term: textOf(t.term),
      definition: textOf(t.definition),
    })),
  }
}

export function readDocuments(raw: unknown): DocumentsContent {
  return {
    documents: records(record(raw).documents).map((d) => {
      const file = isRecord(d.file) ? d.file : null
      return {
        slug: textOf(d.slug),
        title: textOf(d.title),
        summary: textOf(d.summary),
        href: textOrNull(d.href),
        file: file
          ? {
              id: textOf(file.id),
              filename: textOf(file.filename),
              contentType: textOf(file.contentType),
              sizeBytes: typeof file.sizeBytes === 'number' ? file.sizeBytes : 0,
            }
          : null,
        issuedOn: textOrNull(d.issuedOn),
        edition: textOrNull(d.edition),
      }
    }),
  }
}

export function readInterventionTypes(raw: unknown): InterventionTypesContent {
  const c = record(raw)
  return {
    introduction: textOf(c.introduction),
    types: records(c.types).map((t) => ({ name: textOf(t.name), description: textOf(t.description) })),
    comparison: textOf(c.comparison),
  }
}

export const MAX_TEXT = 2000
export const MAX_SUMMARY = 500
const CAPABILITY_CODE = /^(\d)\.(\d{1,2})$/

export type Problems = Array<{ field: string; text: string }>

/** The change summary every version needs. */
export function summaryProblems(summary: string): Problems {
  if (!summary.trim()) return [{ field: 'changeSummary', text: 'Enter a summary of what changed' }]
  if (summary.length > MAX_SUMMARY)
    return [{ field: 'changeSummary', text: `The summary must be ${MAX_SUMMARY} characters or fewer` }]
  return []
}

const tooLong = (field: string, name: string, text: string): Problems =>
  text.length > MAX_TEXT ? [{ field, text: `${name} must be ${MAX_TEXT} characters or fewer` }] : []

/**
 * Problems with a version of the framework, on the form's fields (`code_2`, `label_0`…):
 * a capability's code is its pillar's number, a dot and a number, used once, and never the
 * code of a retired capability (codes stay stable for what was mapped to them).
 */
export function frameworkProblems(
  content: FrameworkContent,
  pillarCodes: ReadonlySet<string>,
  retiredCodes: ReadonlySet<string>,
): Problems {
  const problems: Problems = []
  if (!content.capabilities.length) problems.push({ field: 'label_0', text: 'Keep at least one capability' })
  const codes = content.capabilities.map((c) => c.code)
  content.capabilities.forEach((c, i) => {
    const match = CAPABILITY_CODE.exec(c.code)
    if (!pillarCodes.has(c.pillarCode)) problems.push({ field: `pillar_${i}`, text: 'Select a pillar' })
    if (!c.code) problems.push({ field: `code_${i}`, text: 'Enter a number, such as 1.12' })
    else if (!match || match[1] !== c.pillarCode)
      problems.push({
        field: `code_${i}`,
        text: "Number must be the pillar's number, a dot and a number, such as 1.12",
      })
    else if (retiredCodes.has(c.code))
      problems.push({ field: `code_${i}`, text: `${c.code} was retired: give the capability a new number` })
    else if (codes.indexOf(c.code) !== i)
      problems.push({ field: `code_${i}`, text: `${c.code} is used twice` })
    if (!c.label.trim()) problems.push({ field: `label_${i}`, text: 'Enter the capability' })
    problems.push(...tooLong(`label_${i}`, 'The capability', c.label))
  })
  return problems
}

export function glossaryProblems(content: GlossaryContent): Problems {
  const problems: Problems = []
  if (!content.terms.length) problems.push({ field: 'term_0', text: 'Keep at least one term' })
  const folded = content.terms.map((t) => t.term.trim().toLowerCase())
  content.terms.forEach((t, i) => {
    if (!t.term.trim()) problems.push({ field: `term_${i}`, text: 'Enter the term' })
    else if (t.term.length > 100)
      problems.push({ field: `term_${i}`, text: 'The term must be 100 characters or fewer' })
    else if (folded.indexOf(folded[i] ?? '') !== i)
      problems.push({ field: `term_${i}`, text: `${t.term} is in the glossary twice` })
    if (!t.definition.trim()) problems.push({ field: `definition_${i}`, text: 'Enter the definition' })
    problems.push(...tooLong(`definition_${i}`, 'The definition', t.definition))
  })
  return problems
}

export function interventionTypesProblems(content: InterventionTypesContent): Problems {
  const problems: Problems = []
  if (!content.introduction.trim()) problems.push({ field: 'introduction', text: 'Enter the introduction' })
  problems.push(...tooLong('introduction', 'The introduction', content.introduction))
  if (!content.types.length)
    problems.push({ field: 'name_0', text: 'Keep at least one type of intervention' })
  const names = content.types.map((t) => t.name.trim().toLowerCase())
  content.types.forEach((t, i) => {
    if (!t.name.trim()) problems.push({ field: `name_${i}`, text: 'Enter the name of the type' })
    else if (t.name.length > 200)
      problems.push({ field: `name_${i}`, text: 'The name must be 200 characters or fewer' })
    else if (names.indexOf(names[i] ?? '') !== i)
      problems.push({ field: `name_${i}`, text: `${t.name} is listed twice` })
    problems.push(...tooLong(`description_${i}`, 'The description', t.description))
  })
  problems.push(...tooLong('comparison', 'The comparison', content.comparison))
  return problems
}

/** The largest document file the Centre uploads. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

export const DOCUMENT_TYPES = [
  { contentType: 'application/pdf', extension: 'pdf', name: 'PDF' },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    name: 'Word',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    name: 'Excel',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    name: 'PowerPoint',
  },
] as const

/**
 * The type of an uploaded document from its first bytes and its name's extension, or null when
 * it is not a PDF or an Office (Word, Excel, PowerPoint) file. An Office file is a zip archive,
 * so its extension says which; a PDF must start "%PDF-" whatever its name.
 */
export function documentType(filename: string, content: Uint8Array) {
  const starts = (bytes: number[]) => bytes.every((b, i) => content[i] === b)
  const extension = filename.toLowerCase().split('.').pop() ?? ''
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return extension === 'pdf' ? DOCUMENT_TYPES[0] : null
  if (!starts([0x50, 0x4b, 0x03, 0x04])) return null
  return DOCUMENT_TYPES.find((t) => t.extension === extension && t.extension !== 'pdf') ?? null
}

/** A file name safe inside a Content-Disposition header: letters, digits, dots, dashes only. */
export function safeFilename(filename: string, fallback: string): string {
  const base = filename.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100)
  return cleaned || fallback
}

/** A slug for a new document from its title: "Delivery guide 2027" → "delivery-guide-2027". */
export function slugFor(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'document'
  let slug = base
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`
  return slug
}

export function documentProblems(d: ReferenceDocument): Problems {
  const problems: Problems = []
  if (!d.title.trim()) problems.push({ field: 'title', text: 'Enter the title' })
  else if (d.title.length > 200)
    problems.push({ field: 'title', text: 'The title must be 200 characters or fewer' })
  if (!d.summary.trim()) problems.push({ field: 'about', text: 'Enter what the document is about' })
  problems.push(...tooLong('about', 'What the document is about', d.summary))
  if (d.edition && d.edition.length > 20)
    problems.push({ field: 'edition', text: 'The version must be 20 characters or fewer' })
  if (!d.href && !d.file)
    problems.push({ field: 'file', text: 'Select a PDF, Word, Excel or PowerPoint file' })
  return problems
}

// Comparing versions.

/** One entry of a version as the comparison sees it: found again by its key. */
export interface ReferenceEntry {
  key: string
  label: string
  text: string
}

export type WordChange = { kind: 'same' | 'added' | 'removed'; text: string }

export interface ReferenceDiff {
  added: ReferenceEntry[]
  removed: ReferenceEntry[]
  changed: Array<{ key: string; label: string; before: string; after: string; words: WordChange[] }>
  unchanged: number
}

const words = (text: string) => text.split(/\s+/).filter(Boolean)

/**
 * The words of `after` against those of `before`: kept, added and removed, in reading order
 * (a longest common subsequence of words; runs of one kind joined into one change).
 */
export function wordDiff(before: string, after: string): WordChange[] {
  const a = words(before)
  const b = words(after)
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = lengths[i] ?? []
    const below = lengths[i + 1] ?? []
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  const changes: WordChange[] = []
  const push = (kind: WordChange['kind'], word: string) => {
    const last = changes.at(-1)
    if (last && last.kind === kind) last.text = `${last.text} ${word}`
    else changes.push({ kind, text: word })
  }
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const wordA = a[i]
    const wordB = b[j]
    if (wordA !== undefined && wordA === wordB) {
      push('same', wordA)
      i += 1
      j += 1
    } else if (
      wordB !== undefined &&
      (wordA === undefined || (lengths[i]?.[j + 1] ?? 0) >= (lengths[i + 1]?.[j] ?? 0))
    ) {
      push('added', wordB)
      j += 1
    } else if (wordA !== undefined) {
      push('removed', wordA)
      i += 1
    }
  }
  return changes
}

/** What changed between two versions' entries, matched by key, in the newer version's order. */
export function diffEntries(
  before: readonly ReferenceEntry[],
  after: readonly ReferenceEntry[],
): ReferenceDiff {
  const old = new Map(before.map((e) => [e.key, e]))
  const kept = new Set(after.map((e) => e.key))
  const diff: ReferenceDiff = {
    added: [],
    removed: before.filter((e) => !kept.has(e.key)),
    changed: [],
    unchanged: 0,
  }
  for (const entry of after) {
    const was = old.get(entry.key)
    if (!was) diff.added.push(entry)
    else if (was.text === entry.text && was.label === entry.label) diff.unchanged += 1
    else
      diff.changed.push({
        key: entry.key,
        label: entry.label,
        before: was.text,
        after: entry.text,
        words: wordDiff(was.text, entry.text),
      })
  }
  return diff
}

/** Whether two versions hold the same entries: a version that changes nothing is refused. */
export const noChange = (diff: ReferenceDiff) =>
  !diff.added.length && !diff.removed.length && !diff.changed.length

const documentText = (d: ReferenceDocument) =>
  [
    d.summary,
    d.issuedOn ? `Dated ${d.issuedOn}.` : '',
    d.edition ? `Version ${d.edition}.` : '',
    d.file ? `File ${d.file.filename} (${d.file.id.slice(0, 8)}).` : d.href ? `Page ${d.href}.` : '',
  ]
    .filter(Boolean)
    .join(' ')

/** A version's content as entries to compare. */
export function entriesOf(kind: ReferenceKind, raw: unknown): ReferenceEntry[] {
  switch (kind) {
    case 'framework':
      return readFramework(raw).capabilities.map((c) => ({ key: c.code, label: c.code, text: c.label }))
    case 'glossary':
      return readGlossary(raw).terms.map((t) => ({
        key: t.term.toLowerCase(),
        label: t.term,
        text: t.definition,
      }))
    case 'documents':
      return readDocuments(raw).documents.map((d) => ({ key: d.slug, label: d.title, text: documentText(d) }))
    case 'intervention_types': {
      const c = readInterventionTypes(raw)
      return [
        { key: ':introduction', label: 'Introduction', text: c.introduction },
        ...c.types.map((t) => ({ key: t.name.toLowerCase(), label: t.name, text: t.description })),
        { key: ':comparison', label: 'How they compare', text: c.comparison },
      ]
    }
  }
}
