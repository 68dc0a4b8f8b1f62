// The proposal form as a task list: the credential itself, its need and evidence, and a section
// for each main gateway criterion with its parts. Gateway criteria are versioned data, so their
// sections are read from the version the proposal answers. Each section's status comes from the
// same gaps submitting checks, so the list, the check page and submission agree.
import { proposalGaps, type ProposalAnswer, type ProposalDraft } from './proposal-lifecycle.ts'
import { taskStatus, type TaskStatus } from './task-list.ts'

/** What the author has written, as saved: blank answers are allowed until submission. */
export interface ProposalAnswers {
  clinicalAreaId: number | null
  title: string
  need: string
  targetProfessions: string[]
  evidence: string
  /** Answers keyed by gateway criterion code. */
  gatewayAnswers: Record<string, string>
}

export interface SectionCriterion {
  code: string
  parentCode: string | null
  title: string | null
}

export interface ProposalSection {
  /** Its part of the address: "about", "need", or "gateway-" and the main criterion's code. */
  id: string
  title: string
  kind: 'about' | 'need' | 'gateway'
  /** The gateway criteria answered on the section's page, in the version's order. */
  criteria: string[]
}

const FIELDS_ON: Record<'about' | 'need', readonly string[]> = {
  about: ['title', 'clinicalArea', 'targetProfessions'],
  need: ['need', 'evidence'],
}

/** The sections of a proposal answering these gateway criteria, in the order the form asks them. */
export function proposalSections(criteria: readonly SectionCriterion[]): ProposalSection[] {
  const mains = new Map(criteria.filter((c) => !c.parentCode).map((c) => [c.code, c]))
  const groups = new Map<string, string[]>()
  for (const c of criteria) {
    // A part whose main criterion is missing from the version is a section of its own.
    const main = c.parentCode && mains.has(c.parentCode) ? c.parentCode : c.code
    groups.set(main, [...(groups.get(main) ?? []), c.code])
  }
  return [
    { id: 'about', title: 'About the credential', kind: 'about', criteria: [] },
    { id: 'need', title: 'The need and its evidence', kind: 'need', criteria: [] },
    ...[...groups].map(([code, codes]): ProposalSection => {
      const title = mains.get(code)?.title ?? criteria.find((c) => c.code === code)?.title
      return {
        id: `gateway-${code}`,
        title: title ? `${title} (gateway criterion ${code})` : `Gateway criterion ${code}`,
        kind: 'gateway',
        criteria: codes,
      }
    }),
  ]
}

/** Whether an answer is asked on a section's page. */
export function isOnSection(answer: ProposalAnswer, section: ProposalSection): boolean {
  if ('criterion' in answer) return section.criteria.includes(answer.criterion)
  return section.kind !== 'gateway' && FIELDS_ON[section.kind].includes(answer.field)
}

const written = (text: string | undefined) => (text ?? '').trim() !== ''

/** The proposal's answers as the lifecycle reads them before submission. */
export function draftOf(answers: ProposalAnswers): ProposalDraft {
  return {
    title: answers.title,
    areaChosen: answers.clinicalAreaId !== null,
    need: answers.need,
    targetProfessions: answers.targetProfessions,
    evidence: answers.evidence,
    gatewayAnswers: answers.gatewayAnswers,
  }
}

/** Whether anything of the section has been written yet. */
export function sectionStarted(answers: ProposalAnswers, section: ProposalSection): boolean {
  switch (section.kind) {
    case 'about':
      return written(answers.title) || answers.clinicalAreaId !== null || answers.targetProfessions.length > 0
    case 'need':
      return written(answers.need) || written(answers.evidence)
    case 'gateway':
      return section.criteria.some((code) => written(answers.gatewayAnswers[code]))
  }
}

/** What submitting would find missing on a section's page, in the order the page asks it. */
export function sectionGaps(answers: ProposalAnswers, section: ProposalSection) {
  return proposalGaps(draftOf(answers), section.criteria).filter((g) => isOnSection(g.answer, section))
}

/** A section's status on the task list. */
export function proposalSectionStatus(answers: ProposalAnswers, section: ProposalSection): TaskStatus {
  return taskStatus(sectionStarted(answers, section), sectionGaps(answers, section).length > 0)
}

/** The saved answers with one section's taken from what was typed on its page. */
export function withSection(
  stored: ProposalAnswers,
  typed: ProposalAnswers,
  section: ProposalSection,
): ProposalAnswers {
  switch (section.kind) {
    case 'about':
      return {
        ...stored,
        title: typed.title,
        clinicalAreaId: typed.clinicalAreaId,
        targetProfessions: typed.targetProfessions,
      }
    case 'need':
      return { ...stored, need: typed.need, evidence: typed.evidence }
    case 'gateway': {
      const gatewayAnswers = { ...stored.gatewayAnswers }
      for (const code of section.criteria) gatewayAnswers[code] = typed.gatewayAnswers[code] ?? ''
      return { ...stored, gatewayAnswers }
    }
  }
}
