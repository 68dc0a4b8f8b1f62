// The page between a decision's form and its recording: what was chosen, what recording it
// does, and the button that records it. See keepAnswers in forms.ts for the Change links.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { keepAnswers, renderForm } from './forms.ts'

export interface DecisionCheck {
  pageTitle: string
  breadcrumbs: { href: string; text: string }[]
  /** What is being decided on, above the heading. */
  caption: string
  /** The answers as a person reads them, each with a Change link to the form. */
  rows: { key: string; value: string }[]
  /** What recording the decision does, a sentence each: who is told, what becomes public. */
  consequences: string[]
  /** The form's page, where Change leads with the answers kept. */
  form: string
  /** The POST that records the decision. */
  action: string
  /** Everything that POST needs, as the form sent it: the row version and the answers. */
  fields: Record<string, string | readonly string[]>
  /** Where Cancel leads. */
  cancel: string
  /** The words of a confirmation that is not a decision (signing off a report); a decision's by default. */
  words?: { heading: string; intro: string; warning: string; button: string }
}

const DECISION_WORDS = {
  heading: 'Record this decision?',
  intro: 'Check the decision. Nothing is recorded until you select Record decision.',
  warning: 'Recording the decision cannot be undone',
  button: 'Record decision',
}

/** Shows the check page for a decision whose answers the use case has checked. */
export async function renderDecisionCheck(
  request: FastifyRequest,
  reply: FastifyReply,
  check: DecisionCheck,
): Promise<FastifyReply> {
  const { pageTitle, breadcrumbs, fields, ...page } = check
  const answers = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== 'rowVersion'))
  await keepAnswers(request, reply, check.form, answers)
  // The page holds the answers; a shared computer's back button should not show them again.
  reply.header('cache-control', 'no-store')
  return renderForm(request, reply, 'decision-check.njk', {
    pageTitle,
    breadcrumbs,
    check: {
      ...page,
      words: check.words ?? DECISION_WORDS,
      fields: Object.entries(fields).flatMap(([name, value]) =>
        (typeof value === 'string' ? [value] : value).map((v) => ({ name, value: v })),
      ),
    },
  })
}
