// The author's draft of a specification as a task list: its fields in sections, each a page of
// its own, and each section's status read from the draft itself (nothing written, something
// still missing, or complete), so that the list and the check before submitting agree with
// what submitting will ask for.
import type { SpecificationContent } from './specification-content.ts'
import { taskStatus, type TaskStatus } from './task-list.ts'

export const DRAFT_SECTIONS = [
  'about',
  'entry-requirements',
  'outcomes',
  'capabilities',
  'assessment',
] as const
export type DraftSection = (typeof DRAFT_SECTIONS)[number]

export const DRAFT_SECTION_TITLES: Record<DraftSection, string> = {
  about: 'About the credential',
  'entry-requirements': 'Entry requirements',
  outcomes: 'Learning outcomes',
  capabilities: 'Area-specific capabilities',
  assessment: 'Assessment, level and credits',
}

export type SectionStatus = TaskStatus

export const isDraftSection = (value: string): value is DraftSection =>
  DRAFT_SECTIONS.some((s) => s === value)

/** The section a field of the draft form is on ("outcomeText_2" is on the outcomes page). */
export function sectionOfField(field: string): DraftSection {
  if (field.startsWith('outcome')) return 'outcomes'
  if (field.startsWith('capability')) return 'capabilities'
  if (field === 'mastersRoute' || field === 'equivalence') return 'entry-requirements'
  if (field === 'assessmentStrategy' || field === 'level' || field === 'credits') return 'assessment'
  return 'about'
}

const written = (text: string) => text.trim() !== ''

/** Whether anything of the section has been written yet. */
export function sectionStarted(content: SpecificationContent, section: DraftSection): boolean {
  switch (section) {
    case 'about':
      return written(content.purpose) || written(content.scope) || content.targetProfessions.length > 0
    case 'entry-requirements':
      return written(content.entryRequirements.mastersRoute) || written(content.entryRequirements.equivalence)
    case 'outcomes':
      return content.outcomes.length > 0
    case 'capabilities':
      return content.capabilities.length > 0
    case 'assessment':
      return written(content.assessmentStrategy) || content.level !== null || content.credits !== null
  }
}

/**
 * A section's status, given the fields that submitting would find missing or wrong: completed
 * only when none of them is on the section's page.
 */
export function sectionStatus(
  content: SpecificationContent,
  section: DraftSection,
  missingFields: readonly string[],
): SectionStatus {
  return taskStatus(
    sectionStarted(content, section),
    missingFields.some((f) => sectionOfField(f) === section),
  )
}

/** The stored draft with one section's part taken from what was typed on its page. */
export function withSection(
  stored: SpecificationContent,
  typed: SpecificationContent,
  section: DraftSection,
): SpecificationContent {
  switch (section) {
    case 'about':
      return {
        ...stored,
        purpose: typed.purpose,
        scope: typed.scope,
        targetProfessions: typed.targetProfessions,
      }
    case 'entry-requirements':
      return { ...stored, entryRequirements: typed.entryRequirements }
    case 'outcomes':
      return { ...stored, outcomes: typed.outcomes }
    case 'capabilities':
      return { ...stored, capabilities: typed.capabilities }
    case 'assessment':
      return {
        ...stored,
        assessmentStrategy: typed.assessmentStrategy,
        level: typed.level,
        credits: typed.credits,
      }
  }
}
