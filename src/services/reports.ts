// The implementation plan in numbers: every dashboard's datasets, computed from the summary
// tables the job runner keeps (never a scan of the awards per page view), shown to each audience
// as it may see them. Each dashboard's datasets live in their own module (report-*.ts); this
// module finds a dataset by its id, checks who may see it, and applies the small-count rule.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.ts'
import type { Clock } from '../domain/clock.ts'
import {
  DASHBOARDS,
  forAudience,
  type Audience,
  type Dashboard,
  type Dataset,
  type FilterName,
  type ReportFilters,
} from '../domain/statistics.ts'
import { deliveryDatasets } from './report-delivery.ts'
import { engagementDatasets } from './report-engagement.ts'
import { pipelineDatasets } from './report-pipeline.ts'
import { practitionerDatasets } from './report-practitioners.ts'
import { takeUpDatasets } from './report-take-up.ts'
import { listProviderOptions } from '../repositories/organisations.ts'
import type { ReferenceData } from './reference-data.ts'
import { remembered } from './remembered.ts'

export interface DatasetContext {
  db: Kysely<Database>
  clock: Clock
}

/** One figure of a dashboard: how it is computed and who may see it. */
export interface DatasetSource {
  /** Stable, lower-case words joined by hyphens: the open-data URL is /reports/data/{id}.csv. */
  id: string
  dashboard: Dashboard
  /** Public figures are at /reports for everyone; 'centre' figures only for Centre staff. */
  visibility: 'public' | 'centre'
  /** The filters this figure honours; the page offers the union of its figures' filters. */
  filters: readonly FilterName[]
  /** Numeric columns whose total is published: withheld counts must not be recoverable from it. */
  totalled?: readonly string[]
  /**
   * The figures, exact. For a provider audience, public figures add the provider's own column(s)
   * beside the national ones. The service applies the small-count rule afterwards.
   */
  compute(context: DatasetContext, filters: ReportFilters, audience: Audience): Promise<Dataset>
}

export const DATASET_SOURCES: readonly DatasetSource[] = [
  ...pipelineDatasets,
  ...deliveryDatasets,
  ...takeUpDatasets,
  ...practitionerDatasets,
  ...engagementDatasets,
]

const canSee = (source: DatasetSource, audience: Audience) =>
  source.visibility === 'public' || audience.kind === 'centre'

/** What a dashboard's filters offer. */
export interface FilterChoices {
  areas: Array<{ id: number; slug: string; name: string }>
  professions: string[]
  providers: Array<{ id: string; name: string }>
}

export interface ReportsService {
  /** The clinical areas, professions and providers the filters offer. */
  choices(): Promise<FilterChoices>
  /** The dashboards and, for each, how many figures this audience sees. */
  dashboards(audience: Audience): Array<{ dashboard: Dashboard; datasets: number }>
  /** Every figure this audience may see, by dashboard. */
  datasetIds(audience: Audience): Array<{ id: string; dashboard: Dashboard }>
  /** The filters a dashboard's figures honour, in the order the form shows them. */
  filtersOf(dashboard: Dashboard, audience: Audience): FilterName[]
  /** Every figure of a dashboard this audience may see, computed for the filters. */
  dashboard(dashboard: Dashboard, filters: ReportFilters, audience: Audience): Promise<Dataset[]>
  /** One figure by its id, or null when there is none this audience may see. */
  dataset(id: string, filters: ReportFilters, audience: Audience): Promise<Dataset | null>
}

export function createReportsService(
  db: Kysely<Database>,
  clock: Clock,
  referenceData: ReferenceData,
  sources: readonly DatasetSource[] = DATASET_SOURCES,
): ReportsService {
  const context: DatasetContext = { db, clock }
  const compute = async (source: DatasetSource, filters: ReportFilters, audience: Audience) => {
    const honoured: ReportFilters = {}
    for (const name of source.filters) {
      const value = filters[name]
      if (value !== undefined) Object.assign(honoured, { [name]: value })
    }
    return forAudience(await source.compute(context, honoured, audience), audience, source.totalled)
  }
  // The filters list every provider on every view; providers are registered a few times a year,
  // so a minute's delay before a new one is offered is kept rather than a query per view.
  const providers = remembered(60_000, () => listProviderOptions(db))
  const choices = async (): Promise<FilterChoices> => {
    const [areas, professions, providerList] = await Promise.all([
      referenceData.areas(),
      referenceData.professions(),
      providers(),
    ])
    return {
      areas: areas.map((a) => ({ id: a.id, slug: a.slug, name: a.name })),
      professions: [...professions],
      providers: providerList,
    }
  }
  return {
    choices,
    dashboards: (audience) =>
      DASHBOARDS.map((dashboard) => ({
        dashboard,
        datasets: sources.filter((s) => s.dashboard === dashboard && canSee(s, audience)).length,
      })),
    datasetIds: (audience) =>
      sources.filter((s) => canSee(s, audience)).map((s) => ({ id: s.id, dashboard: s.dashboard })),
    filtersOf: (dashboard, audience) => {
      const names = new Set(
        sources.filter((s) => s.dashboard === dashboard && canSee(s, audience)).flatMap((s) => s.filters),
      )
      return (['from', 'to', 'area', 'region', 'profession', 'provider'] as const).filter((n) => names.has(n))
    },
    dashboard: (dashboard, filters, audience) =>
      Promise.all(
        sources
          .filter((s) => s.dashboard === dashboard && canSee(s, audience))
          .map((s) => compute(s, filters, audience)),
      ),
    dataset: async (id, filters, audience) => {
      const source = sources.find((s) => s.id === id)
      return source && canSee(source, audience) ? compute(source, filters, audience) : null
    },
  }
}
