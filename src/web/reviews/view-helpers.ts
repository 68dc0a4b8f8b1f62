// How reviews read on every page that shows them: judgements and recommendations in words
// and tag colours, for the review, decision and recognition pages alike.
import { agreementOf, agreementWords } from '../../domain/consolidated-report.ts'
import { JUDGEMENT_WORDS } from '../../domain/gateway-check.ts'
import { CROSSWALK_JUDGEMENT_LABELS, CROSSWALK_JUDGEMENTS } from '../../domain/recognition.ts'
import {
  JUDGEMENT_LABELS,
  RECOMMENDATION_LABELS,
  RECOMMENDATIONS,
  type Assignment,
  type CrosswalkItem,
  type ReportView,
} from '../../services/reviews.ts'

const JUDGEMENT_COLOURS = {
  met: JUDGEMENT_WORDS.met.colour,
  partly_met: JUDGEMENT_WORDS.partly_met.colour,
  not_met: JUDGEMENT_WORDS.not_met.colour,
}
const CROSSWALK_COLOURS = { meets: 'green', partly_meets: 'yellow', does_not_meet: 'red' } as const
export const RECOMMENDATION_COLOURS = {
  endorse: 'green',
  endorse_with_conditions: 'aqua-green',
  revise_and_resubmit: 'yellow',
  not_endorsed: 'red',
} as const
export const viewHelpers = {
  judgementLabels: JUDGEMENT_LABELS,
  judgementColours: JUDGEMENT_COLOURS,
  crosswalkLabels: CROSSWALK_JUDGEMENT_LABELS,
  crosswalkColours: CROSSWALK_COLOURS,
  crosswalkItems: CROSSWALK_JUDGEMENTS.map((value) => ({ value, text: CROSSWALK_JUDGEMENT_LABELS[value] })),
  recommendationLabels: RECOMMENDATION_LABELS,
  recommendationColours: RECOMMENDATION_COLOURS,
  recommendationItems: RECOMMENDATIONS.map((value) => ({ value, text: RECOMMENDATION_LABELS[value] })),
}

/** Text kept with its line breaks, as paragraphs. */
export const linesOf = (text: string) => text.split('\n').filter((line) => line.trim() !== '')

/** A report with each finding and the overall view as paragraphs, for the pages that show it. */
export function reportForView(report: ReportView | null) {
  if (!report) return null
  return {
    ...report,
    items: report.content.items.map((item) => ({ ...item, lines: linesOf(item.finding) })),
    overallLines: linesOf(report.content.overall),
  }
}

/**
 * Each crosswalk row with every reviewer's judgement of it, and whether they agree, in the
 * words of the consolidated report (the same agreement rule).
 */
export function crosswalkComparison(rows: readonly CrosswalkItem[], reviews: readonly Assignment[]) {
  return rows.map((row) => {
    const given = reviews.flatMap((r) => {
      const j = r.rowJudgements[row.code]
      return j ? [{ reviewer: r.reviewerName, judgement: j.judgement }] : []
    })
    const agreement = agreementOf(given)
    return {
      ...row,
      agreed: agreement.kind === 'agree',
      disagreed: agreement.kind === 'disagree',
      agreement: agreementWords(agreement, CROSSWALK_JUDGEMENT_LABELS),
      judgements: reviews.map((r) => r.rowJudgements[row.code] ?? null),
    }
  })
}
