// An application for recognition as the author writes it and the Centre decides it: its
// fields in sections of a task list, what submitting still needs (each on the field it
// belongs to, so that the list, the check page and the submission agree), and the words of
// the decision, which recognise another body's credential rather than endorse the Centre's.
import type { Decision } from './specification-lifecycle.ts'
import { missingForRecognition, type RecognitionContent } from './specification-content.ts'
import { taskStatus, type TaskStatus } from './task-list.ts'

export const RECOGNITION_SECTIONS = ['about', 'owner', 'crosswalk'] as const
export type RecognitionSection = (typeof RECOGNITION_SECTIONS)[number]

export const RECOGNITION_SECTION_TITLES: Record<RecognitionSection, string> = {
  about: 'About the credential or curriculum',
  owner: 'The body that owns it',
  crosswalk: 'Crosswalk to the framework',
}

export const isRecognitionSection = (value: string): value is RecognitionSection =>
  RECOGNITION_SECTIONS.some((s) => s === value)

/** The application as the task list reads it: the credential's details and the version's content. */
export interface RecognitionDraft {
  title: string
  content: RecognitionContent
}

/** The section a field of the application is on ("fw_2" is on the crosswalk page). */
export function recognitionSectionOf(field: string): RecognitionSection {
  if (/^(code|outcome|fw)_\d+$/.test(field)) return 'crosswalk'
  if (field === 'ownerName' || field === 'ownerUrl' || field === 'documentUrl') return 'owner'
  return 'about'
}

const written = (text: string) => text.trim() !== ''

function started(draft: RecognitionDraft, section: RecognitionSection): boolean {
  const { content } = draft
  switch (section) {
    case 'about':
      return written(draft.title) || written(content.summary)
    case 'owner':
      return written(content.ownerName) || written(content.ownerUrl) || written(content.documentUrl)
    case 'crosswalk':
      return content.crosswalk.length > 0
  }
}

export interface RecognitionProblem {
  field: string
  text: string
}

/** What submission still needs, each on the field it belongs to (code_3, outcome_3, fw_3 for the fourth row). */
export function recognitionProblems(
  content: RecognitionContent,
  frameworkCodes: ReadonlySet<string>,
): RecognitionProblem[] {
  const rowOf = (code: string) =>
    Math.max(
      0,
      content.crosswalk.findIndex((r) => r.code === code),
    )
  return missingForRecognition(content, frameworkCodes).map((text) => {
    let field = 'summary'
    if (/name of the body/.test(text)) field = 'ownerName'
    else if (/link to the/.test(text)) field = 'documentUrl'
    else if (/at least one outcome/.test(text)) field = 'outcome_0'
    else {
      const code = /outcome (\S+?)(?: |$)/i.exec(text)?.[1]
      if (code !== undefined) field = `${/^Enter/.test(text) ? 'outcome' : 'fw'}_${rowOf(code)}`
    }
    return { field, text }
  })
}

/** A section's status, given the fields that submitting would find missing. */
export function recognitionSectionStatus(
  draft: RecognitionDraft,
  section: RecognitionSection,
  missingFields: readonly string[],
): TaskStatus {
  return taskStatus(
    started(draft, section),
    missingFields.some((f) => recognitionSectionOf(f) === section),
  )
}

/** The decision on an application, in recognition's own words (docs/vocabulary.md). */
export const RECOGNITION_DECISION_LABELS: Record<Decision, string> = {
  endorse: 'Recognise',
  endorse_with_conditions: 'Recognise with conditions',
  revise_and_resubmit: 'Revise and resubmit',
  not_endorsed: 'Not recognise',
}

/** The decision once made, as the application's page and the author's e-mail say it. */
export const RECOGNITION_DECIDED_LABELS: Record<Decision, string> = {
  endorse: 'Recognised',
  endorse_with_conditions: 'Recognised with conditions',
  revise_and_resubmit: 'Returned for revision',
  not_endorsed: 'Not recognised',
}

/** A reviewer's judgement of one crosswalk row: does the outcome meet the capabilities it claims? */
export const CROSSWALK_JUDGEMENTS = ['meets', 'partly_meets', 'does_not_meet'] as const
export type CrosswalkJudgement = (typeof CROSSWALK_JUDGEMENTS)[number]
export const CROSSWALK_JUDGEMENT_LABELS: Record<CrosswalkJudgement, string> = {
  meets: 'Meets',
  partly_meets: 'Partly meets',
  does_not_meet: 'Does not meet',
}
export const isCrosswalkJudgement = (value: unknown): value is CrosswalkJudgement =>
  CROSSWALK_JUDGEMENTS.some((j) => j === value)

export interface RowJudgement {
  judgement: CrosswalkJudgement
  comment: string
}

/** The crosswalk rows (by code, in order) a review has not judged yet. */
export function unjudgedRows(
  rowCodes: readonly string[],
  judged: Readonly<Record<string, RowJudgement | undefined>>,
): string[] {
  return rowCodes.filter((code) => {
    const j = judged[code]
    return !j || !isCrosswalkJudgement(j.judgement) || !j.comment.trim()
  })
}

/** Why a recognition review cannot be submitted yet, or null once every crosswalk row is judged. */
export function crosswalkReviewProblem(
  rowCodes: readonly string[],
  judged: Readonly<Record<string, RowJudgement | undefined>>,
): string | null {
  const left = unjudgedRows(rowCodes, judged)
  if (!left.length) return null
  return `Judge every row of the crosswalk before you recommend (${left.length} left: ${left.join(', ')})`
}
