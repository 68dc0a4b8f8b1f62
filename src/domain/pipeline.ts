// The approval and assurance pipeline as the Centre sees it: each stage where work waits for
// someone, in the order work moves through them, and how long an item has waited there.

export const PIPELINE_STAGES = [
  'proposals-to-check',
  'proposals-with-group',
  'needs-reviewers',
  'under-review',
  'decisions-due',
  'recognition-in-review',
  'recognition-decisions-due',
  'periodic-reviews-due',
  'periodic-reviews-open',
  'delivery-applications',
  'quality-returns',
] as const

export type PipelineStage = (typeof PIPELINE_STAGES)[number]

export function isPipelineStage(value: string): value is PipelineStage {
  return PIPELINE_STAGES.some((stage) => stage === value)
}

export const STAGE_INFO: Record<PipelineStage, { title: string; waitsFor: string }> = {
  'proposals-to-check': {
    title: 'Proposals to check',
    waitsFor:
      'A Centre admin checks each proposal against the gateway criteria and puts it to the Credential Group or returns it',
  },
  'proposals-with-group': {
    title: 'Proposals with the Credential Group',
    waitsFor: 'The Credential Group decides whether each proposal goes ahead',
  },
  'needs-reviewers': {
    title: 'Specifications needing reviewers',
    waitsFor: 'A Centre admin assigns two independent reviewers free of any conflict of interest',
  },
  'under-review': {
    title: 'Specifications under review',
    waitsFor: 'The independent reviewers judge each endorsement criterion and recommend',
  },
  'decisions-due': {
    title: 'Endorsement decisions due',
    waitsFor: 'Reviewed specifications wait for a Centre admin to decide and publish',
  },
  'recognition-in-review': {
    title: 'Recognition applications in review',
    waitsFor:
      'Submitted applications for recognition wait for two independent reviewers and their recommendations',
  },
  'recognition-decisions-due': {
    title: 'Recognition decisions due',
    waitsFor: 'Reviewed applications for recognition wait for a Centre admin to decide',
  },
  'periodic-reviews-due': {
    title: 'Periodic reviews due',
    waitsFor: 'Endorsed credentials whose periodic review is due or overdue, with none opened yet',
  },
  'periodic-reviews-open': {
    title: 'Periodic reviews open',
    waitsFor:
      'Opened periodic reviews wait for a Centre admin to start a new version or withdraw the credential',
  },
  'delivery-applications': {
    title: 'Applications to deliver',
    waitsFor: "A Centre admin decides on each provider's application to deliver a credential",
  },
  'quality-returns': {
    title: 'Quality returns to review',
    waitsFor: "A Centre admin accepts each provider's yearly return or raises a concern",
  },
}

const DAY = 86_400_000

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** A span of whole days as people say it: "less than a day", "5 days", "3 weeks", "4 months", "2 years". */
export function spanInWords(days: number): string {
  if (days < 1) return 'less than a day'
  if (days < 14) return count(days, 'day', 'days')
  if (days < 61) return count(Math.floor(days / 7), 'week', 'weeks')
  if (days < 730) return count(Math.floor(days / 30.44), 'month', 'months')
  return count(Math.floor(days / 365.25), 'year', 'years')
}

/** How long an item has waited since it reached its stage: "Waited 3 weeks", or "Due in 5 days" when that is to come. */
export function waitingLabel(since: Date, now: Date): string {
  const days = Math.floor((now.getTime() - since.getTime()) / DAY)
  if (now.getTime() < since.getTime())
    return `Due in ${spanInWords(Math.ceil((since.getTime() - now.getTime()) / DAY))}`
  return `Waited ${spanInWords(days)}`
}
