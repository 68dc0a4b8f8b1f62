// The practitioners dashboard's figures (src/services/reports.ts): listings on the Advanced
// Practice Directory and employers' checks, month by month (counts only, from the statistics
// store), and for Centre staff the people holding each provider's awards.
import { countForAudience, pluralFor } from '../domain/report-summaries.ts'
import { monthInWords } from '../domain/statistics.ts'
import * as repo from '../repositories/statistics.ts'
import type { DatasetSource } from './reports.ts'
import { computedAt, periodInWords } from './report-take-up.ts'

const directoryListings: DatasetSource = {
  id: 'directory-listings',
  dashboard: 'practitioners',
  visibility: 'public',
  filters: ['from', 'to'],
  async compute(context, filters, audience) {
    const [found, at] = await Promise.all([repo.practitionerMonths(context.db, filters), computedAt(context)])
    const rows = found.map((r) => ({ month: r.month, listed: r.listed }))
    const first = rows[0]
    const last = rows.at(-1)
    const summary =
      !first || !last
        ? `No practitioner was listed in the directory${periodInWords(filters)}.`
        : `At the end of ${monthInWords(last.month)}, ${countForAudience(last.listed, audience)} ${pluralFor(last.listed, audience, 'practitioner was', 'practitioners were')} listed in the directory, against ${countForAudience(first.listed, audience)} at the end of ${monthInWords(first.month)}.`
    return {
      id: 'directory-listings',
      dashboard: 'practitioners',
      title: 'Practitioners listed in the directory',
      summary,
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        { key: 'listed', label: 'Practitioners listed at the end of the month', numeric: true },
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'listed' },
      computedAt: at,
      suppressed: false,
    }
  },
}

const employerChecks: DatasetSource = {
  id: 'employer-checks',
  dashboard: 'practitioners',
  visibility: 'public',
  filters: ['from', 'to'],
  totalled: ['checks'],
  async compute(context, filters, audience) {
    const [found, at] = await Promise.all([repo.practitionerMonths(context.db, filters), computedAt(context)])
    const rows = found.map((r) => ({ month: r.month, checks: r.employer_checks }))
    const total = rows.reduce((sum, r) => sum + r.checks, 0)
    const peak = rows.reduce<(typeof rows)[number] | undefined>(
      (best, r) => (!best || r.checks > best.checks ? r : best),
      undefined,
    )
    const first = rows[0]
    const last = rows.at(-1)
    const summary =
      !first || !last || !peak || total === 0
        ? `No employer checked a practitioner’s credentials${periodInWords(filters)}.`
        : `Employers made ${countForAudience(total, audience)} ${pluralFor(total, audience, 'check', 'checks')} from ${monthInWords(first.month)} to ${monthInWords(last.month)}; the most in a month was ${countForAudience(peak.checks, audience)}, in ${monthInWords(peak.month)}.`
    return {
      id: 'employer-checks',
      dashboard: 'practitioners',
      title: 'Employers’ checks of practitioners’ credentials each month',
      summary,
      columns: [
        { key: 'month', label: 'Month', numeric: false },
        { key: 'checks', label: 'Employer checks', numeric: true },
      ],
      rows,
      chart: { kind: 'lines', x: 'month', value: 'checks' },
      computedAt: at,
      suppressed: false,
    }
  },
}

const holdersByProvider: DatasetSource = {
  id: 'holders-by-provider',
  dashboard: 'practitioners',
  visibility: 'centre',
  filters: ['region'],
  async compute(context, filters, audience) {
    const [found, at] = await Promise.all([repo.holdersByProvider(context.db, filters), computedAt(context)])
    const rows = found.map((r) => ({
      provider: r.name,
      region: r.region,
      holders: r.holders,
      awards: r.awards_in_force,
    }))
    // Not added up: someone holding two providers' awards is counted by each.
    const top = rows[0]
    const summary = !top
      ? 'No provider has awards in force.'
      : `Of ${countForAudience(rows.length, audience)} ${pluralFor(rows.length, audience, 'provider', 'providers')} with awards in force, ${top.provider} has the most practitioners holding them: ${countForAudience(top.holders, audience)}.`
    return {
      id: 'holders-by-provider',
      dashboard: 'practitioners',
      title: 'Practitioners holding awards, by provider',
      summary,
      columns: [
        { key: 'provider', label: 'Provider', numeric: false },
        { key: 'region', label: 'NHS England region', numeric: false },
        { key: 'holders', label: 'Practitioners holding its awards', numeric: true },
        { key: 'awards', label: 'Awards in force', numeric: true },
      ],
      rows,
      chart: { kind: 'bars', category: 'provider', value: 'holders' },
      computedAt: at,
      suppressed: false,
    }
  },
}

export const practitionerDatasets: readonly DatasetSource[] = [
  directoryListings,
  employerChecks,
  holdersByProvider,
]
