// How reviews read on every page that shows them: judgements and recommendations in words
// and tag colours, for the review, decision and recognition pages alike.
import { JUDGEMENT_WORDS } from '../../domain/gateway-check.ts'
import { JUDGEMENT_LABELS, RECOMMENDATION_LABELS, RECOMMENDATIONS } from '../../services/reviews.ts'

const JUDGEMENT_COLOURS = {
  met: JUDGEMENT_WORDS.met.colour,
  partly_met: JUDGEMENT_WORDS.partly_met.colour,
  not_met: JUDGEMENT_WORDS.not_met.colour,
}
export const RECOMMENDATION_COLOURS = {
  endorse: 'green',
  endorse_with_conditions: 'aqua-green',
  revise_and_resubmit: 'yellow',
  not_endorsed: 'red',
} as const
export const viewHelpers = {
  judgementLabels: JUDGEMENT_LABELS,
  judgementColours: JUDGEMENT_COLOURS,
  recommendationLabels: RECOMMENDATION_LABELS,
  recommendationColours: RECOMMENDATION_COLOURS,
  recommendationItems: RECOMMENDATIONS.map((value) => ({ value, text: RECOMMENDATION_LABELS[value] })),
}
