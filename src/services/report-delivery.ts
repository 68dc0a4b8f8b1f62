// The delivery dashboard's figures (src/services/reports.ts): approved deliveries by credential,
// provider and region, how the yearly quality returns arrived, and for Centre staff the same by
// provider with each provider's learners and awards. A provider looking sees its own figures
// in a column beside the nation's. Counted straight from the deliveries and returns (thousands
// of rows at most), so each figure is as of now.
import { countOf, formatNumber, plural } from '../domain/numbers.ts'
import { REGIONS, regionLabel } from '../domain/providers.ts'
import { RETURN_VERDICT_LABELS, returnVerdict, type ReturnVerdict } from '../domain/return-timeliness.ts'
import {
  type Audience,
  type Cell,
  type Dataset,
  type DatasetColumn,
  type ReportFilters,
} from '../domain/statistics.ts'
import {
  approvedDeliveries,
  learnersAndAwardsByProvider,
  returnFacts,
  type DeliveryGrouping,
  type DeliveryStatisticsFilters,
} from '../repositories/delivery-statistics.ts'
import type { DatasetContext, DatasetSource } from './reports.ts'
import { computedAt } from './report-take-up.ts'

/** The verdicts the timeliness figures count: a return not yet due has not arrived either way. */
const ARRIVED: readonly ReturnVerdict[] = ['on_time', 'late', 'with_concerns']

function repositoryFilters(filters: ReportFilters): DeliveryStatisticsFilters {
  const out: DeliveryStatisticsFilters = {}
  if (filters.from) out.from = filters.from
  if (filters.to) out.to = filters.to
  // An area that is not a number matches no credential rather than every one.
  if (filters.area !== undefined) out.areaId = /^\d{1,9}$/.test(filters.area) ? Number(filters.area) : -1
  if (filters.region) out.region = filters.region
  if (filters.provider) out.organisationId = filters.provider
  return out
}

/** A sentence that may begin with a withheld count: "Fewer than 5 …". */
const sentence = (strings: TemplateStringsArray, ...values: string[]) => {
  const text = String.raw({ raw: strings }, ...values)
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const ownOf = (audience: Audience) => (audience.kind === 'provider' ? audience.organisationId : null)

/** The provider's own column, for a provider looking at a public figure. */
const ownColumn = (audience: Audience): DatasetColumn[] =>
  audience.kind === 'provider'
    ? [{ key: 'yours', label: `${audience.organisationName} (yours)`, numeric: true, people: false }]
    : []

function dataset(
  context: DatasetContext,
  fields: Omit<Dataset, 'dashboard' | 'computedAt' | 'suppressed'> & { computedAt?: Date },
): Dataset {
  return { computedAt: context.clock.now(), ...fields, dashboard: 'delivery', suppressed: false }
}

const DELIVERY_FILTERS = ['from', 'to', 'area', 'region', 'provider'] as const

function deliveriesBy(
  id: string,
  by: DeliveryGrouping,
  title: string,
  label: string,
  groupWords: { one: string; many: string },
): DatasetSource {
  return {
    id,
    dashboard: 'delivery',
    visibility: 'public',
    filters: DELIVERY_FILTERS,
    totalled: ['deliveries', 'yours'],
    async compute(context, filters, audience) {
      const own = by === 'provider' ? null : ownOf(audience)
      const found = await approvedDeliveries(context.db, by, repositoryFilters(filters), own)
      const withOwn = (n: number, yours: number): Record<string, Cell> =>
        own === null ? { deliveries: n } : { deliveries: n, yours }
      let rows: Array<Record<string, Cell>>
      if (by === 'region') {
        // Every region is shown, with none where there are none, so the map has all seven. The
        // region is its code: the map places it, the table and the open data name it.
        rows = REGIONS.map((region) => {
          const r = found.find((f) => f.key === region)
          return { region, ...withOwn(r?.n ?? 0, r?.own ?? 0) }
        })
        const unknown = found.find((f) => f.key === null)
        if (unknown) rows.push({ region: 'Region not given', ...withOwn(unknown.n, unknown.own) })
      } else {
        rows = found.map((r) => ({ [by]: r.label ?? '', ...withOwn(r.n, r.own) }))
      }
      const total = found.reduce((sum, r) => sum + r.n, 0)
      const top = found.filter((r) => r.key !== null).sort((a, b) => b.n - a.n)
      // Named only when it leads alone.
      const first = top[0]
      const leader =
        first && (top[1]?.n ?? -1) < first.n
          ? by === 'region'
            ? regionLabel(first.label)
            : first.label
          : null
      const summary =
        total === 0
          ? 'There are no approved deliveries for these choices.'
          : sentence`${countOf(total, 'approved delivery', 'approved deliveries')} across ${countOf(found.length, groupWords.one, groupWords.many)}${leader ? `; ${leader} has the most` : ''}.`
      return dataset(context, {
        id,
        title,
        summary,
        columns: [
          { key: by, label, numeric: false },
          { key: 'deliveries', label: 'Approved deliveries', numeric: true, people: false },
          ...(own === null ? [] : ownColumn(audience)),
        ],
        rows,
        chart:
          by === 'region'
            ? { kind: 'regions', region: 'region', value: 'deliveries' }
            : { kind: 'bars', category: by, value: 'deliveries' },
      })
    },
  }
}

type Fact = Awaited<ReturnType<typeof returnFacts>>[number]

const verdictOf = (fact: Fact, today: string) =>
  returnVerdict(
    {
      dueOn: fact.due_on,
      state: fact.state,
      firstSubmittedOn: fact.first_submitted_on,
      concernRaised: fact.concern_raised,
    },
    today,
  )

const returnsByYear: DatasetSource = {
  id: 'quality-returns-by-year',
  dashboard: 'delivery',
  visibility: 'public',
  filters: DELIVERY_FILTERS,
  totalled: ['returns', 'yours'],
  async compute(context, filters, audience) {
    const today = context.clock.today()
    const facts = await returnFacts(context.db, repositoryFilters(filters))
    const own = ownOf(audience)
    const counts = new Map<string, { n: number; yours: number }>()
    const years = new Set<string>()
    for (const fact of facts) {
      const verdict = verdictOf(fact, today)
      if (!ARRIVED.includes(verdict)) continue
      // The year as its first month, where the line chart places it ("Year beginning").
      const year = `${fact.due_on.slice(0, 4)}-01`
      years.add(year)
      const key = `${year} ${verdict}`
      const count = counts.get(key) ?? { n: 0, yours: 0 }
      count.n++
      if (fact.organisation_id === own) count.yours++
      counts.set(key, count)
    }
    const rows = [...years].sort().flatMap((year) =>
      ARRIVED.map((verdict) => {
        const count = counts.get(`${year} ${verdict}`) ?? { n: 0, yours: 0 }
        return {
          year,
          verdict: RETURN_VERDICT_LABELS[verdict],
          returns: count.n,
          ...(own === null ? {} : { yours: count.yours }),
        }
      }),
    )
    const total = [...counts.values()].reduce((sum, c) => sum + c.n, 0)
    const onTime = [...counts.entries()]
      .filter(([key]) => key.endsWith(' on_time'))
      .reduce((sum, [, c]) => sum + c.n, 0)
    const sorted = [...years].sort()
    const yearOf = (month: string | undefined) => (month ?? '').slice(0, 4)
    const span =
      sorted.length === 1
        ? `in ${yearOf(sorted[0])}`
        : `from ${yearOf(sorted[0])} to ${yearOf(sorted.at(-1))}`
    const share = `${formatNumber(Math.round((onTime / total) * 100))}% came on time with no concerns raised`
    const summary =
      total === 0
        ? 'No quality returns have been submitted or fallen due for these choices.'
        : `Of ${countOf(total, 'quality return')} due ${span}, ${share}.`
    return dataset(context, {
      id: 'quality-returns-by-year',
      title: 'Quality returns on time, late and with concerns, by the year they were due',
      summary,
      columns: [
        { key: 'year', label: 'Year beginning', numeric: false },
        { key: 'verdict', label: 'How it came', numeric: false },
        { key: 'returns', label: 'Quality returns', numeric: true, people: false },
        ...ownColumn(audience),
      ],
      rows,
      chart: { kind: 'lines', x: 'year', value: 'returns', series: 'verdict' },
    })
  },
}

const returnsByProvider: DatasetSource = {
  id: 'quality-returns-by-provider',
  dashboard: 'delivery',
  visibility: 'centre',
  filters: DELIVERY_FILTERS,
  async compute(context, filters) {
    const today = context.clock.today()
    const facts = await returnFacts(context.db, repositoryFilters(filters))
    const byProvider = new Map<string, Record<ReturnVerdict, number> & { name: string }>()
    for (const fact of facts) {
      const counts = byProvider.get(fact.organisation_id) ?? {
        name: fact.organisation_name,
        on_time: 0,
        late: 0,
        with_concerns: 0,
        not_yet_due: 0,
      }
      counts[verdictOf(fact, today)]++
      byProvider.set(fact.organisation_id, counts)
    }
    const rows = [...byProvider.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        provider: c.name,
        onTime: c.on_time,
        late: c.late,
        withConcerns: c.with_concerns,
        notYetDue: c.not_yet_due,
      }))
    const troubled = rows.filter((r) => r.late + r.withConcerns > 0).length
    const summary =
      rows.length === 0
        ? 'No provider has a quality return for these choices.'
        : `${countOf(troubled, 'provider')} of ${formatNumber(rows.length)} ${plural(troubled, 'has', 'have')} a return that came late or with concerns.`
    return dataset(context, {
      id: 'quality-returns-by-provider',
      title: 'Each provider’s quality returns',
      summary,
      columns: [
        { key: 'provider', label: 'Provider', numeric: false },
        { key: 'onTime', label: 'On time', numeric: true, people: false },
        { key: 'late', label: 'Late', numeric: true, people: false },
        { key: 'withConcerns', label: 'With concerns', numeric: true, people: false },
        { key: 'notYetDue', label: 'Not yet due', numeric: true, people: false },
      ],
      rows,
      chart: { kind: 'table' },
    })
  },
}

const learnersByProvider: DatasetSource = {
  id: 'learners-and-awards-by-provider',
  dashboard: 'delivery',
  visibility: 'centre',
  filters: ['region', 'provider'],
  async compute(context, filters) {
    const [found, at] = await Promise.all([
      learnersAndAwardsByProvider(context.db, repositoryFilters(filters)),
      computedAt(context),
    ])
    const learners = found.reduce((sum, r) => sum + r.learners, 0)
    const awards = found.reduce((sum, r) => sum + r.awards, 0)
    return dataset(context, {
      id: 'learners-and-awards-by-provider',
      title: 'Learners and awards by provider',
      summary:
        found.length === 0
          ? 'No provider has an approved delivery for these choices.'
          : `${countOf(found.length, 'provider')} with approved deliveries ${plural(found.length, 'has', 'have')} registered ${countOf(learners, 'learner')} and made ${countOf(awards, 'award')} now in force.`,
      columns: [
        { key: 'provider', label: 'Provider', numeric: false },
        { key: 'learners', label: 'Learners', numeric: true },
        { key: 'awards', label: 'Awards in force', numeric: true },
      ],
      rows: found.map((r) => ({ provider: r.name, learners: r.learners, awards: r.awards })),
      chart: { kind: 'bars', category: 'provider', value: 'awards' },
      computedAt: at,
    })
  },
}

export const deliveryDatasets: readonly DatasetSource[] = [
  deliveriesBy(
    'approved-deliveries-by-credential',
    'credential',
    'Approved deliveries by credential',
    'Credential',
    { one: 'credential', many: 'credentials' },
  ),
  deliveriesBy('approved-deliveries-by-provider', 'provider', 'Approved deliveries by provider', 'Provider', {
    one: 'provider',
    many: 'providers',
  }),
  deliveriesBy(
    'approved-deliveries-by-region',
    'region',
    'Approved deliveries by NHS England region',
    'NHS England region',
    { one: 'region', many: 'regions' },
  ),
  returnsByYear,
  returnsByProvider,
  learnersByProvider,
]
