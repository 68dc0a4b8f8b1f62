// A dashboard's filters as the address carries them (the page's form and the open-data links
// alike), read into ReportFilters. The clinical area travels as its slug, which stays the same
// from one environment to the next; the services take its id.
import { Type, type Static } from '@sinclair/typebox'
import { isUuid } from '../../domain/identifiers.ts'
import { REGION_LABELS, REGIONS } from '../../domain/providers.ts'
import { isMonth, isRegion, monthInWords, type ReportFilters } from '../../domain/statistics.ts'
import { FormErrors } from '../forms.ts'

const text = () => Type.Optional(Type.String({ maxLength: 200 }))
export const FiltersQuery = Type.Object({
  from: text(),
  to: text(),
  area: text(),
  region: text(),
  profession: text(),
  provider: text(),
})
export type FiltersQuery = Static<typeof FiltersQuery>

export interface AreaChoice {
  id: number
  slug: string
  name: string
}

/** The filters asked for, and a message for each one that cannot be read. */
export function readFilters(query: FiltersQuery, areas: readonly AreaChoice[]) {
  const errors = new FormErrors()
  const filters: ReportFilters = {}
  const month = (name: 'from' | 'to', value: string | undefined) => {
    if (!value) return
    if (isMonth(value)) filters[name] = value
    else
      errors.add(name, `Choose the month ${name === 'from' ? 'to start from' : 'to end with'} from the list`)
  }
  month('from', query.from)
  month('to', query.to)
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.add('to', `The month to end with must be the same as or after ${monthInWords(filters.from)}`)
    delete filters.to
  }
  if (query.area) {
    const area = areas.find((a) => a.slug === query.area)
    if (area) filters.area = String(area.id)
    else errors.add('area', 'Choose a clinical area from the list')
  }
  if (query.region) {
    if (isRegion(query.region)) filters.region = query.region
    else errors.add('region', 'Choose an NHS England region from the list')
  }
  if (query.profession) filters.profession = query.profession.trim()
  if (query.provider) {
    if (isUuid(query.provider)) filters.provider = query.provider
    else errors.add('provider', 'Choose a provider from the list')
  }
  return { filters, errors: errors.list }
}

/** The address's query for filters, with the area as its slug again. */
export function filtersAsQuery(filters: ReportFilters, areas: readonly AreaChoice[]): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [name, value] of Object.entries(filters)) {
    if (typeof value !== 'string') continue
    query[name] = name === 'area' ? (areas.find((a) => String(a.id) === value)?.slug ?? value) : value
  }
  return query
}

/** The months a period may start or end with: this month back to January five years before, newest first. */
export function monthChoices(today: string): Array<{ value: string; text: string }> {
  const [year, month] = today.split('-').map(Number)
  if (!year || !month) return []
  const months: Array<{ value: string; text: string }> = []
  const latest = year * 12 + (month - 1)
  for (let index = latest; index >= (year - 5) * 12; index--) {
    const value = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
    months.push({ value, text: monthInWords(value) })
  }
  return months
}

export const regionChoices = () => REGIONS.map((value) => ({ value, text: REGION_LABELS[value] }))
