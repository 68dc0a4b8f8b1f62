// The pipeline dashboard's figures (src/services/reports.ts): the catalogue's credentials at
// each lifecycle stage now and month by month, how long records stay at each stage (from the
// proposals' steps and the credentials' status events), and the proposals received, agreed and
// declined each calendar quarter. One vocabulary: the catalogue's status words for credentials,
// the proposal states' words for proposals. Computed directly from the timelines, which stay
// small (hundreds of credentials, thousands of proposals), so computedAt is the clock's now.
import {
  CREDENTIAL_STATUSES,
  sourceDateFirstDay,
  statusInfo,
  type CredentialStatus,
} from '../domain/catalogue.ts'
import { countOf, formatNumber } from '../domain/numbers.ts'
import { stageSpans, stagesByMonth, timeInStages, type StageStep } from '../domain/pipeline-history.ts'
import { proposalStateLabel, type ProposalState } from '../domain/proposal-lifecycle.ts'
import {
  addMonths,
  londonMonth,
  monthInWords,
  monthsFrom,
  quarterInWords,
  quarterOf,
  quartersFrom,
  type Audience,
  type ReportFilters,
} from '../domain/statistics.ts'
import { findAreaById } from '../repositories/clinical-areas.ts'
import * as history from '../repositories/pipeline-history.ts'
import type { ProposalStepAction } from '../repositories/pipeline-history.ts'
import type { Dataset, FilterName } from '../domain/statistics.ts'
import type { DatasetContext, DatasetSource } from './reports.ts'

/** Without dates chosen, figures over time cover the three years to this month. */
export const DEFAULT_MONTHS = 36
/** The most months one figure covers, however wide the dates chosen. */
export const MAX_MONTHS = 120

/** What a figure computes; the rest of its dataset is the same for each. */
type Figure = Pick<Dataset, 'title' | 'summary' | 'columns' | 'rows' | 'chart'>

function figure(
  id: string,
  filters: readonly FilterName[],
  totalled: readonly string[],
  compute: (context: DatasetContext, filters: ReportFilters, audience: Audience) => Promise<Figure>,
): DatasetSource {
  return {
    id,
    dashboard: 'pipeline',
    visibility: 'public',
    filters,
    totalled,
    async compute(context, chosen, audience) {
      const computed = await compute(context, chosen, audience)
      return { id, dashboard: 'pipeline', ...computed, computedAt: context.clock.now(), suppressed: false }
    },
  }
}

/** The state a proposal is in after each step of its timeline. */
const STATE_AFTER: Record<ProposalStepAction, ProposalState> = {
  'proposal.submitted': 'submitted',
  'proposal.sent_to_group': 'with_group',
  'proposal.returned': 'returned',
  'proposal.agreed': 'agreed',
  'proposal.declined': 'declined',
  'proposal.deferred': 'deferred',
  'proposal.reconsidered': 'with_group',
}

/** The proposal states where a proposal waits for someone: the ones whose stays are timed. */
const TIMED_PROPOSAL_STATES: readonly ProposalState[] = ['submitted', 'returned', 'with_group', 'deferred']

/** The months a figure over time covers: the dates chosen, else the three years to this month. */
export function periodOf(filters: ReportFilters, today: string): { from: string; to: string } {
  const to = filters.to ?? today.slice(0, 7)
  const from = filters.from ?? addMonths(to, 1 - DEFAULT_MONTHS)
  return { from: from < addMonths(to, 1 - MAX_MONTHS) ? addMonths(to, 1 - MAX_MONTHS) : from, to }
}

/** The area chosen: its id and the words for a summary; an id that is no area matches nothing. */
async function areaOf(context: DatasetContext, filters: ReportFilters) {
  if (filters.area === undefined) return { id: null, words: '' }
  const id = /^\d{1,9}$/.test(filters.area) ? Number(filters.area) : -1
  const area = id > 0 ? await findAreaById(context.db, id) : undefined
  return { id, words: area ? ` in ${area.name}` : ' in the area chosen' }
}

const statusLabel = (status: CredentialStatus) => statusInfo(status).label

/** A stage's words inside a sentence: "In development" → "in development"; names keep their capitals. */
const inSentence = (label: string) => `${label.charAt(0).toLowerCase()}${label.slice(1)}`

/** The credentials' status timelines, each event dated from its catalogue source where it has one. */
async function credentialSteps(context: DatasetContext, areaId: number | null) {
  const events = await history.listStatusEvents(context.db, areaId)
  return events.map((e): StageStep<CredentialStatus> => ({
    record: e.credentialId,
    stage: e.status,
    at:
      e.sourceYear === null
        ? e.recordedAt
        : new Date(
            `${sourceDateFirstDay({ year: e.sourceYear, season: e.sourceSeason, approximate: false })}T00:00:00Z`,
          ),
  }))
}

async function proposalSteps(context: DatasetContext, areaId: number | null) {
  const steps = await history.listProposalSteps(context.db, areaId)
  return steps.map((s): StageStep<ProposalState> => ({
    record: s.proposalId,
    stage: STATE_AFTER[s.action],
    at: s.at,
  }))
}

const stagesNow = figure('credentials-by-stage', ['area'], ['credentials'], async (context, filters) => {
  const area = await areaOf(context, filters)
  const counts = await history.countCredentialsByStatus(context.db, area.id)
  const countOfStatus = (status: CredentialStatus) => counts.find((c) => c.status === status)?.count ?? 0
  const rows = CREDENTIAL_STATUSES.map((status) => ({
    stage: statusLabel(status),
    credentials: countOfStatus(status),
  }))
  const total = rows.reduce((sum, r) => sum + r.credentials, 0)
  const largest = [...rows].sort((a, b) => b.credentials - a.credentials)[0]
  const summary =
    total === 0 || !largest
      ? `No credentials are in the catalogue${area.words}.`
      : `Of the ${formatNumber(total)} credentials in the catalogue${area.words}, the most (${formatNumber(largest.credentials)}) are at the stage ${inSentence(largest.stage)}.`
  return {
    title: 'Credentials at each stage now',
    summary,
    columns: [
      { key: 'stage', label: 'Stage', numeric: false },
      { key: 'credentials', label: 'Credentials', numeric: true, people: false },
    ],
    rows,
    chart: { kind: 'bars', category: 'stage', value: 'credentials' },
  }
})

const stagesOverTime = figure(
  'credentials-by-stage-over-time',
  ['from', 'to', 'area'],
  [],
  async (context, filters) => {
    const area = await areaOf(context, filters)
    const { from, to } = periodOf(filters, context.clock.today())
    const months = monthsFrom(from, to)
    const byMonth = stagesByMonth(await credentialSteps(context, area.id), months)
    const countAt = (month: string | undefined, status: CredentialStatus) =>
      (month === undefined ? undefined : byMonth.get(month)?.get(status)) ?? 0
    // A line for each stage some credential was at in the period, in the catalogue's order.
    const shown = CREDENTIAL_STATUSES.filter((status) => months.some((m) => countAt(m, status) > 0))
    const rows = months.flatMap((month) =>
      shown.map((status) => ({
        month,
        stage: statusLabel(status),
        credentials: countAt(month, status),
      })),
    )
    const totalAt = (month: string | undefined) =>
      CREDENTIAL_STATUSES.reduce((sum, status) => sum + countAt(month, status), 0)
    const first = months[0]
    const last = months.at(-1)
    const grew = [...shown]
      .map((status) => ({ status, change: countAt(last, status) - countAt(first, status) }))
      .sort((a, b) => b.change - a.change)[0]
    const summary =
      !first || !last || !shown.length
        ? `No credentials were in the catalogue${area.words} from ${monthInWords(from)} to ${monthInWords(to)}.`
        : `At the end of ${monthInWords(last)}, ${formatNumber(totalAt(last))} credentials were in the catalogue${area.words}, against ${formatNumber(totalAt(first))} at the end of ${monthInWords(first)}` +
          (grew && grew.change > 0
            ? `; the stage that grew most was ${inSentence(statusLabel(grew.status))}, from ${formatNumber(countAt(first, grew.status))} to ${formatNumber(countAt(last, grew.status))}.`
            : '.')
    return {
      title: 'Credentials at each stage, month by month',
      summary,
      columns: [
        { key: 'month', label: 'End of month', numeric: false },
        { key: 'stage', label: 'Stage', numeric: false },
        { key: 'credentials', label: 'Credentials', numeric: true, people: false },
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'credentials', series: 'stage' },
    }
  },
)

const timeInStage = figure('time-in-stage', ['from', 'to', 'area'], [], async (context, filters) => {
  const area = await areaOf(context, filters)
  const { from, to } = periodOf(filters, context.clock.today())
  const inPeriod = <S extends string>(
    spans: Array<{ stage: S; days: number; endedAt: Date; record: string }>,
  ) =>
    spans.filter((s) => {
      const month = londonMonth(s.endedAt)
      return month >= from && month <= to
    })
  const [proposals, credentials] = await Promise.all([
    proposalSteps(context, area.id),
    credentialSteps(context, area.id),
  ])
  const stays = [
    ...timeInStages(inPeriod(stageSpans(proposals)), TIMED_PROPOSAL_STATES).map((s) => ({
      ...s,
      label: `Proposal: ${inSentence(proposalStateLabel(s.stage))}`,
    })),
    ...timeInStages(inPeriod(stageSpans(credentials)), CREDENTIAL_STATUSES).map((s) => ({
      ...s,
      label: `Credential: ${inSentence(statusLabel(s.stage))}`,
    })),
  ].filter((s) => s.stays > 0)
  const rows = stays.map((s) => ({ stage: s.label, stays: s.stays, median: s.median, p90: s.p90 }))
  const longest = [...stays].sort((a, b) => (b.median ?? 0) - (a.median ?? 0))[0]
  const period = `from ${monthInWords(from)} to ${monthInWords(to)}`
  const summary = longest
    ? `Of the stays at a stage that ended ${period}${area.words}, the stage with the longest median was “${longest.label}”, at ${countOf(longest.median ?? 0, 'day')} (${countOf(longest.p90 ?? 0, 'day')} for the longest tenth), over ${formatNumber(longest.stays)} stays.`
    : `No stay at a stage ended ${period}${area.words}.`
  return {
    title: 'Time spent at each stage',
    summary,
    columns: [
      { key: 'stage', label: 'Stage', numeric: false },
      { key: 'stays', label: 'Stays ended', numeric: true, people: false },
      // Durations, not counts of people: the small-count rule is not for them.
      { key: 'median', label: 'Median (days)', numeric: true, people: false },
      { key: 'p90', label: '90th percentile (days)', numeric: true, people: false },
    ],
    rows,
    chart: { kind: 'bars', category: 'stage', value: 'median' },
  }
})

const OUTCOMES = [
  { key: 'received', label: 'Received' },
  { key: 'agreed', label: 'Agreed' },
  { key: 'declined', label: 'Declined' },
] as const

const proposalsByQuarter = figure(
  'proposals-by-quarter',
  ['from', 'to', 'area'],
  [],
  async (context, filters) => {
    const area = await areaOf(context, filters)
    const { from, to } = periodOf(filters, context.clock.today())
    const quarters = quartersFrom(from, to)
    const steps = await history.listProposalSteps(context.db, area.id)
    const counts = new Map(quarters.map((q) => [q, { received: 0, agreed: 0, declined: 0 }]))
    const received = new Set<string>()
    for (const step of steps) {
      // Received once, when first submitted: a returned proposal sent back is not a new one.
      if (step.action === 'proposal.submitted') {
        if (received.has(step.proposalId)) continue
        received.add(step.proposalId)
      }
      const month = londonMonth(step.at)
      const quarter = counts.get(quarterOf(month))
      // A quarter partly before `from` counts only the months chosen.
      if (!quarter || month < from || month > to) continue
      if (step.action === 'proposal.submitted') quarter.received++
      else if (step.action === 'proposal.agreed') quarter.agreed++
      else if (step.action === 'proposal.declined') quarter.declined++
    }
    const rows = quarters.flatMap((q) =>
      OUTCOMES.map((o) => ({
        quarter: q,
        outcome: o.label,
        proposals: counts.get(q)?.[o.key] ?? 0,
      })),
    )
    const total = (key: (typeof OUTCOMES)[number]['key']) =>
      [...counts.values()].reduce((sum, c) => sum + c[key], 0)
    const period = `from ${monthInWords(from)} to ${monthInWords(to)}`
    const busiest = [...counts.entries()].sort(([, a], [, b]) => b.received - a.received)[0]
    const summary =
      `${period.charAt(0).toUpperCase()}${period.slice(1)}${area.words}, the Centre received ${formatNumber(total('received'))} proposals; the Credential Group agreed ${formatNumber(total('agreed'))} and declined ${formatNumber(total('declined'))}.` +
      (busiest && busiest[1].received > 0
        ? ` The busiest quarter was ${quarterInWords(busiest[0])}, with ${formatNumber(busiest[1].received)} received.`
        : '')
    return {
      title: 'Proposals received, agreed and declined each quarter',
      summary,
      columns: [
        // The quarter's first month ("YYYY-MM"), where the chart places it.
        { key: 'quarter', label: 'Quarter beginning', numeric: false },
        { key: 'outcome', label: 'Proposals', numeric: false },
        { key: 'proposals', label: 'Number', numeric: true, people: false },
      ],
      rows,
      chart: { kind: 'lines', x: 'quarter', value: 'proposals', series: 'outcome' },
    }
  },
)

export const pipelineDatasets: readonly DatasetSource[] = [
  stagesNow,
  stagesOverTime,
  timeInStage,
  proposalsByQuarter,
]
