// The vocabulary of the public catalogue: lifecycle statuses, intervention types, seasons.
// Pure data and rules, no I/O, so that routes, services, seeds and tests share one truth.
import type { TagColour } from './tag-colours.ts'

export const CREDENTIAL_STATUSES = [
  'exploration_phase',
  'to_be_commissioned',
  'to_be_reviewed',
  'in_development',
  'due',
  'under_review',
  'endorsed',
  'in_delivery',
  'periodic_review',
  'withdrawn',
  'tbc',
  'recognised',
] as const
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number]

export const INTERVENTION_TYPES = [
  'credential_specification',
  'curriculum',
  'capability_framework',
  'module',
  'standards_of_practice',
] as const
export type InterventionType = (typeof INTERVENTION_TYPES)[number]

export const SEASONS = ['spring', 'summer', 'autumn', 'winter'] as const
export type Season = (typeof SEASONS)[number]

export const ORIGINS = ['centre', 'other_body'] as const
export type Origin = (typeof ORIGINS)[number]

export interface Due {
  season: Season
  year: number
}

interface StatusInfo {
  label: string
  colour: TagColour
  description: string
}

const STATUS_INFO: Record<CredentialStatus, StatusInfo> = {
  exploration_phase: {
    label: 'Exploration phase',
    colour: 'white',
    description: 'The need for a credential in this area is being explored.',
  },
  to_be_commissioned: {
    label: 'To be commissioned',
    colour: 'grey',
    description: 'Agreed as a priority; development has not been commissioned yet.',
  },
  to_be_reviewed: {
    label: 'To be reviewed',
    colour: 'yellow',
    description: 'Existing material is to be reviewed before development is decided.',
  },
  in_development: {
    label: 'In development',
    colour: 'blue',
    description: 'The specification is being written.',
  },
  due: { label: 'Due', colour: 'aqua-green', description: 'Expected by the date shown.' },
  under_review: {
    label: 'Under review',
    colour: 'purple',
    description: 'A candidate specification is in independent review against the endorsement criteria.',
  },
  endorsed: {
    label: 'Endorsed',
    colour: 'green',
    description: 'Met the endorsement criteria after independent review and published for delivery.',
  },
  in_delivery: {
    label: 'In delivery',
    colour: 'green',
    description: 'Available and being delivered by education providers.',
  },
  periodic_review: {
    label: 'Periodic review',
    colour: 'orange',
    description: 'An endorsed specification is being reviewed to keep it current.',
  },
  withdrawn: { label: 'Withdrawn', colour: 'red', description: 'No longer available for delivery.' },
  tbc: {
    label: 'Not yet scheduled',
    colour: 'grey',
    description: 'No status or date has been set for it yet.',
  },
  recognised: {
    label: 'Recognised',
    colour: 'green',
    description:
      'Owned by another body and recognised by the Centre after review against the endorsement criteria.',
  },
}

const TYPE_LABELS: Record<InterventionType, string> = {
  credential_specification: 'Credential specification',
  curriculum: 'Curriculum',
  capability_framework: 'Capability framework',
  module: 'Module',
  standards_of_practice: 'Standards of practice',
}

const ORIGIN_LABELS: Record<Origin, string> = {
  centre: 'Developed for the Centre',
  other_body: 'Owned by another body',
}

export function isCredentialStatus(value: string): value is CredentialStatus {
  return CREDENTIAL_STATUSES.some((known) => known === value)
}

export function isInterventionType(value: string): value is InterventionType {
  return INTERVENTION_TYPES.some((known) => known === value)
}

export function isSeason(value: string): value is Season {
  return SEASONS.some((known) => known === value)
}

export function statusInfo(status: CredentialStatus): StatusInfo {
  return STATUS_INFO[status]
}

export function typeLabel(type: InterventionType): string {
  return TYPE_LABELS[type]
}

export function originLabel(origin: Origin): string {
  return ORIGIN_LABELS[origin]
}

export function formatDue(due: Due): string {
  return `${due.season.charAt(0).toUpperCase()}${due.season.slice(1)} ${due.year}`
}

/**
 * The last day of a season, as YYYY-MM-DD: the UK's meteorological seasons (spring March to
 * May, summer June to August, autumn September to November, winter December to February).
 * Winter 2021 is read as the winter that starts in December 2021, so it ends in February
 * 2022: a date is called passed only once every reading of it has.
 */
export function seasonEnd(due: Due): string {
  switch (due.season) {
    case 'spring':
      return `${due.year}-05-31`
    case 'summer':
      return `${due.year}-08-31`
    case 'autumn':
      return `${due.year}-11-30`
    case 'winter':
      // The day before 1 March: 28 or 29 February.
      return new Date(Date.UTC(due.year + 1, 2, 0)).toISOString().slice(0, 10)
  }
}

/** Whether the season is over on `today` (YYYY-MM-DD, the day in Europe/London). */
export function dueHasPassed(due: Due, today: string): boolean {
  return today > seasonEnd(due)
}

/**
 * The words on a status tag, as of `today` (YYYY-MM-DD in Europe/London, from the Clock):
 * "Due Spring 2027" while the season is to come or under way, "Was due Spring 2021" once it
 * is over, never a bare "Due".
 */
export function statusLabel(status: CredentialStatus, due: Due | null, today: string): string {
  const passed = due !== null && dueHasPassed(due, today)
  if (status === 'due' && due) return `${passed ? 'Was due' : 'Due'} ${formatDue(due)}`
  if (status === 'in_development' && due) {
    return `In development, ${passed ? 'was expected' : 'expected'} ${formatDue(due)}`
  }
  return STATUS_INFO[status].label
}

/**
 * The date of a source, to the precision the source gives: a year, or a season of a year,
 * and whether it is only approximate. Never a day the source does not give.
 */
export interface SourceDate {
  year: number
  season: Season | null
  approximate: boolean
}

const SEASON_FIRST_MONTH: Record<Season, string> = { spring: '03', summer: '06', autumn: '09', winter: '12' }

/**
 * The first day a source's date allows (1 January 2022 for "2022", 1 March for spring): where
 * only the year of an endorsement is known, its periodic review counts from here, so that it
 * falls due no later than it would from the true day.
 */
export function sourceDateFirstDay(date: SourceDate): string {
  return `${date.year}-${date.season ? SEASON_FIRST_MONTH[date.season] : '01'}-01`
}

/** "2022", "Spring 2022", "About 2020". */
export function sourceDateLabel(date: SourceDate): string {
  const text = date.season ? formatDue({ season: date.season, year: date.year }) : String(date.year)
  return date.approximate ? `About ${date.season ? text.toLowerCase() : text}` : text
}

const EDTF_SEASON: Record<Season, number> = { spring: 21, summer: 22, autumn: 23, winter: 24 }

/**
 * The date in ISO 8601 at the precision it has: the year ("2022"), or a season as the
 * Extended Date/Time Format (ISO 8601-2) writes one ("2022-21" is spring 2022).
 */
export function sourceDateIso(date: SourceDate): { value: string; precision: 'year' | 'season' } {
  const year = String(date.year).padStart(4, '0')
  return date.season
    ? { value: `${year}-${EDTF_SEASON[date.season]}`, precision: 'season' }
    : { value: year, precision: 'year' }
}

/** "Master's level 7", or "Not yet known" when the level is not yet known. */
export function levelLabel(level: number | null): string {
  return level === null ? 'Not yet known' : `Master's level ${level}`
}

/**
 * A status of "due" needs a date and no other status carries one. Returns the problem in
 * plain words, or null when the pair is consistent.
 */
export function checkStatusDue(status: CredentialStatus, due: Due | null): string | null {
  if (status === 'due' && !due) return 'A credential that is due needs a season and year'
  if (status !== 'due' && status !== 'in_development' && due) {
    return 'Only a credential that is due or in development can have a season and year'
  }
  if (due && (!Number.isInteger(due.year) || due.year < 2000 || due.year > 2100)) {
    return 'The year must be a 4-digit year from 2000 to 2100'
  }
  return null
}

/** Parses the catalogue pages' wording, such as "due Spring 2021" or "Spring 2021". */
export function parseDue(text: string): Due | null {
  const match = /^(?:due\s+)?(spring|summer|autumn|winter)\s+(\d{4})$/i.exec(text.trim())
  const season = match?.[1]?.toLowerCase()
  if (!season || !isSeason(season)) return null
  return { season, year: Number(match?.[2]) }
}

/** URL-safe identifier made from a title: "End-of-life care" becomes "end-of-life-care". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
