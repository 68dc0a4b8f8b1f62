// The engagement dashboard's figures (src/services/reports.ts): the responses to the Centre's
// published consultations by the capacity people responded in and by NHS England region. A
// response counts once its address is confirmed, as it does for the consultation itself
// (src/services/consultation-outcomes.ts); the dates chosen are the months it was confirmed in.
// Counted directly (consultation responses are thousands, not millions), so computedAt is now.
import { CAPACITIES, CAPACITY_LABELS } from '../domain/consultations.ts'
import { REGION_LABELS, REGIONS } from '../domain/providers.ts'
import { countForAudience, periodInWords } from '../domain/report-summaries.ts'
import type { Dataset, ReportFilters } from '../domain/statistics.ts'
import { publishedResponseCounts } from '../repositories/consultation-responses.ts'
import type { DatasetContext, DatasetSource } from './reports.ts'

const counts = (context: DatasetContext, filters: ReportFilters) =>
  publishedResponseCounts(context.db, { from: filters.from, to: filters.to })

const byCapacity: DatasetSource = {
  id: 'consultation-responses-by-capacity',
  dashboard: 'engagement',
  visibility: 'public',
  filters: ['from', 'to'],
  totalled: ['responses'],
  async compute(context, filters, audience): Promise<Dataset> {
    const { byCapacity: found } = await counts(context, filters)
    const rows = CAPACITIES.map((capacity) => ({
      capacity: CAPACITY_LABELS[capacity],
      responses: found.find((f) => f.capacity === capacity)?.count ?? 0,
    }))
    const total = rows.reduce((sum, r) => sum + r.responses, 0)
    const most = [...rows].sort((a, b) => b.responses - a.responses)[0]
    const period = periodInWords(filters.from, filters.to)
    const summary =
      total === 0 || !most
        ? `${period}, no responses to the Centre’s consultations were confirmed.`
        : `${period}, ${countForAudience(total, audience)} people responded to the Centre’s consultations; the most (${countForAudience(most.responses, audience)}) responded as: ${most.capacity.toLowerCase()}.`
    return {
      id: 'consultation-responses-by-capacity',
      dashboard: 'engagement',
      title: 'Responses to consultations by capacity',
      summary,
      columns: [
        { key: 'capacity', label: 'Responding as', numeric: false },
        { key: 'responses', label: 'Responses', numeric: true },
      ],
      rows,
      chart: { kind: 'bars', category: 'capacity', value: 'responses' },
      computedAt: context.clock.now(),
      suppressed: false,
    }
  },
}

const byRegion: DatasetSource = {
  id: 'consultation-responses-by-region',
  dashboard: 'engagement',
  visibility: 'public',
  filters: ['from', 'to'],
  totalled: ['responses'],
  async compute(context, filters, audience): Promise<Dataset> {
    const { byRegion: found } = await counts(context, filters)
    // The map draws the seven regions; responses that gave none are said in the summary.
    const rows = REGIONS.map((region) => ({
      region,
      responses: found.find((f) => f.region === region)?.count ?? 0,
    }))
    const inRegions = rows.reduce((sum, r) => sum + r.responses, 0)
    const noRegion = found.find((f) => f.region === null)?.count ?? 0
    const most = [...rows].sort((a, b) => b.responses - a.responses)[0]
    const period = periodInWords(filters.from, filters.to)
    const summary =
      inRegions === 0 || !most
        ? `${period}, no response to the Centre’s consultations gave a region${noRegion ? ` (${countForAudience(noRegion, audience)} gave none)` : ''}.`
        : `${period}, ${countForAudience(inRegions, audience)} responses to the Centre’s consultations gave a region, the most (${countForAudience(most.responses, audience)}) in ${REGION_LABELS[most.region]}; ${countForAudience(noRegion, audience)} gave none.`
    return {
      id: 'consultation-responses-by-region',
      dashboard: 'engagement',
      title: 'Responses to consultations by NHS England region',
      summary,
      columns: [
        // The region's code: the map places it, the table and the summary name it.
        { key: 'region', label: 'NHS England region', numeric: false },
        { key: 'responses', label: 'Responses', numeric: true },
      ],
      rows,
      chart: { kind: 'regions', region: 'region', value: 'responses' },
      computedAt: context.clock.now(),
      suppressed: false,
    }
  },
}

export const engagementDatasets: readonly DatasetSource[] = [byCapacity, byRegion]
