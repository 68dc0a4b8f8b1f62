// The passages of what a consultation asks about, each with a key that stays the same for as
// long as the text does, so that a comment says which section, paragraph or learning outcome
// it is about and quotes it.
//
// A document consulted on is plain text: a line starting "## " is a section heading, and
// blank lines separate paragraphs. Its passages are the headings ("section:2") and the
// paragraphs, numbered within their section ("paragraph:2.3"; paragraphs before the first
// heading are in section 0). A published consultation's document cannot change, so neither
// can its keys.
//
// A specification version's passages are its purpose, its scope, each learning outcome and
// each area capability by code ("outcome:LO2", "capability:AC1"), and its assessment
// strategy. Codes are stable across versions, so a comment on LO2 can be followed into the
// next version.
import type { SpecificationContent } from './specification-content.ts'

export type PassageKind =
  'heading' | 'paragraph' | 'purpose' | 'scope' | 'outcome' | 'capability' | 'assessment'

export interface Passage {
  key: string
  kind: PassageKind
  /** How the passage is named to a reader: "Learning outcome LO2", "Section 2, paragraph 3". */
  label: string
  text: string
}

const HEADING = /^##\s+(.*)$/

/** The passages of a document in the format above, in reading order. */
export function documentPassages(body: string): Passage[] {
  const passages: Passage[] = []
  let section = 0
  let paragraph = 0
  let lines: string[] = []
  const endParagraph = () => {
    const text = lines.join(' ').replace(/\s+/g, ' ').trim()
    lines = []
    if (!text) return
    paragraph += 1
    passages.push({
      key: `paragraph:${section}.${paragraph}`,
      kind: 'paragraph',
      label: section ? `Section ${section}, paragraph ${paragraph}` : `Introduction, paragraph ${paragraph}`,
      text,
    })
  }
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim()
    const heading = HEADING.exec(line)
    if (heading) {
      endParagraph()
      section += 1
      paragraph = 0
      passages.push({
        key: `section:${section}`,
        kind: 'heading',
        label: `Section ${section}`,
        text: heading[1]?.trim() ?? '',
      })
    } else if (!line) endParagraph()
    else lines.push(line)
  }
  endParagraph()
  return passages
}

/** The passages of a specification version's content, in the order the specification reads. */
export function specificationPassages(content: SpecificationContent): Passage[] {
  const passages: Passage[] = []
  if (content.purpose.trim())
    passages.push({ key: 'purpose', kind: 'purpose', label: 'Purpose', text: content.purpose.trim() })
  if (content.scope.trim())
    passages.push({ key: 'scope', kind: 'scope', label: 'Scope', text: content.scope.trim() })
  for (const o of content.outcomes)
    if (o.code.trim())
      passages.push({
        key: `outcome:${o.code.trim()}`,
        kind: 'outcome',
        label: `Learning outcome ${o.code.trim()}`,
        text: o.text.trim(),
      })
  for (const c of content.capabilities)
    if (c.code.trim())
      passages.push({
        key: `capability:${c.code.trim()}`,
        kind: 'capability',
        label: `Area capability ${c.code.trim()}`,
        text: c.text.trim(),
      })
  if (content.assessmentStrategy.trim())
    passages.push({
      key: 'assessment',
      kind: 'assessment',
      label: 'Assessment',
      text: content.assessmentStrategy.trim(),
    })
  return passages
}

/** The passage with that key, if there is one. */
export function findPassage(passages: readonly Passage[], key: string): Passage | undefined {
  return passages.find((p) => p.key === key)
}

/** The id of a passage's element on the page, for a link to it: "passage-outcome-LO2". */
export function passageAnchor(key: string): string {
  return `passage-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`
}

/** Whether a document body has something to comment on. */
export function documentProblem(body: string): string | null {
  if (!body.trim()) return 'Enter the document'
  if (!documentPassages(body).some((p) => p.kind === 'paragraph'))
    return 'The document must have at least one paragraph'
  return null
}
