// Rules for practitioners' own records: profile fields, CPD activities, how names are put in
// a form searches can match, and which framework capabilities a portfolio shows evidence of.
import { REGULATORS, registrationNumberProblem, type Regulator } from './award-rows.ts'
import { isOneOf, REGIONS, type AwardStatus, type Region } from './providers.ts'
import { parseDateInput } from './date-input.ts'

export const ACTIVITY_TYPES = [
  'course',
  'work_based',
  'self_directed',
  'teaching',
  'supervision',
  'research',
  'other',
] as const
export type ActivityType = (typeof ACTIVITY_TYPES)[number]

/** Whether an uploaded credential names its holder as this account: null until compared. */
export type HolderMatch = 'matched' | 'someone_else' | 'not_named'
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  course: 'Course, conference or study day',
  work_based: 'Work-based learning',
  self_directed: 'Self-directed learning',
  teaching: 'Teaching or presenting',
  supervision: 'Clinical supervision',
  research: 'Research or audit',
  other: 'Something else',
}

/** The largest evidence file a CPD activity takes. */
export const MAX_CPD_EVIDENCE_BYTES = 5 * 1024 * 1024

export interface ProfileInput {
  givenName: string
  familyName: string
  profession: string
  regulator: string
  registrationNumber: string
  region: string
  employer: string
}

export interface Profile {
  givenName: string
  familyName: string
  profession: string
  regulator: Regulator
  registrationNumber: string
  region: Region
  employer: string
}

export type Problems = Array<{ field: string; text: string }>

const name = (value: string, field: string, label: string, problems: Problems) => {
  const trimmed = value.trim().replace(/\s+/g, ' ')
  if (!trimmed) problems.push({ field, text: `Enter your ${label}` })
  else if (trimmed.length > 100)
    problems.push({ field, text: `${capital(label)} must be 100 characters or fewer` })
  return trimmed
}
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** A profile ready to save, or the problems with it, one per field. */
export function checkProfile(
  input: ProfileInput,
  professions: readonly string[],
): { ok: true; profile: Profile } | { ok: false; problems: Problems } {
  const problems: Problems = []
  const givenName = name(input.givenName, 'givenName', 'first name', problems)
  const familyName = name(input.familyName, 'familyName', 'last name', problems)
  if (!professions.includes(input.profession))
    problems.push({ field: 'profession', text: 'Select your profession' })
  const regulator = isOneOf(REGULATORS, input.regulator) ? input.regulator : null
  if (!regulator) problems.push({ field: 'regulator', text: 'Select your regulator' })
  const registrationNumber = input.registrationNumber.trim().toUpperCase().replace(/\s+/g, '')
  if (regulator) {
    const problem = registrationNumberProblem(regulator, registrationNumber)
    if (problem) problems.push({ field: 'registrationNumber', text: problem })
  } else if (!registrationNumber)
    problems.push({ field: 'registrationNumber', text: 'Enter your registration number' })
  const region = isOneOf(REGIONS, input.region) ? input.region : null
  if (!region) problems.push({ field: 'region', text: 'Select your NHS England region' })
  const employer = input.employer.trim().replace(/\s+/g, ' ')
  if (employer.length > 200)
    problems.push({ field: 'employer', text: 'Employer must be 200 characters or fewer' })
  if (problems.length || !regulator || !region) return { ok: false, problems }
  return {
    ok: true,
    profile: {
      givenName,
      familyName,
      profession: input.profession,
      regulator,
      registrationNumber,
      region,
      employer,
    },
  }
}

/**
 * A name as searches compare it: lower case, accents and punctuation gone, single spaces.
 * "Siân O'Neill-Ó Dálaigh" becomes "sian o neill o dalaigh", so that people searching
 * without accents, or with them, find the same person.
 */
export function searchForm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

export interface ActivityInput {
  title: string
  day: string
  month: string
  year: string
  hours: string
  type: string
  reflection: string
  capabilities: readonly string[]
}

export interface Activity {
  title: string
  activityDate: string
  tenthsOfHours: number
  type: ActivityType
  reflection: string
  capabilities: string[]
}

/** A CPD activity ready to save (dated no later than today), or its problems. */
export function checkActivity(
  input: ActivityInput,
  capabilityCodes: readonly string[],
  today: string,
): { ok: true; activity: Activity } | { ok: false; problems: Problems } {
  const problems: Problems = []
  const title = input.title.trim().replace(/\s+/g, ' ')
  if (!title) problems.push({ field: 'title', text: 'Enter a title for the activity' })
  else if (title.length > 200)
    problems.push({ field: 'title', text: 'Title must be 200 characters or fewer' })

  const dated = parseDateInput(input, 'Date of the activity')
  const activityDate = 'date' in dated ? dated.date : null
  if ('error' in dated) problems.push({ field: 'date', text: dated.error })
  else if (dated.date > today)
    problems.push({ field: 'date', text: 'Date of the activity must be today or in the past' })
  else if (dated.date < '1970-01-01')
    problems.push({ field: 'date', text: 'Date of the activity must be after 1970' })

  const hoursText = input.hours.trim()
  let tenthsOfHours = 0
  if (!hoursText) problems.push({ field: 'hours', text: 'Enter the number of hours' })
  else if (!/^\d{1,3}(\.\d)?$/.test(hoursText))
    problems.push({ field: 'hours', text: 'Hours must be a number, like 2 or 1.5' })
  else {
    tenthsOfHours = Math.round(Number(hoursText) * 10)
    if (tenthsOfHours < 1 || tenthsOfHours > 2000)
      problems.push({ field: 'hours', text: 'Hours must be between 0.1 and 200' })
  }

  const type = isOneOf(ACTIVITY_TYPES, input.type) ? input.type : null
  if (!type) problems.push({ field: 'type', text: 'Select the type of activity' })

  const reflection = input.reflection.trim()
  if (!reflection) problems.push({ field: 'reflection', text: 'Enter your reflection on what you learned' })
  else if (reflection.length > 5000)
    problems.push({ field: 'reflection', text: 'Reflection must be 5,000 characters or fewer' })

  const capabilities = [...new Set(input.capabilities)]
  if (capabilities.some((code) => !capabilityCodes.includes(code)))
    problems.push({ field: 'capabilities', text: 'Select capabilities from the list' })

  if (problems.length || !type || activityDate === null) return { ok: false, problems }
  return { ok: true, activity: { title, activityDate, tenthsOfHours, type, reflection, capabilities } }
}

const hoursFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })

/** "1.5" from 15 tenths; totals with a thousands separator, "1,234.5". */
export function hoursText(tenths: number): string {
  return hoursFormat.format(tenths / 10)
}

/** "1.5 hours", "1 hour". */
export function hoursPhrase(tenths: number): string {
  return `${hoursText(tenths)} ${tenths === 10 ? 'hour' : 'hours'}`
}

/** A capability as a portfolio shows it: the credentials and the CPD that give evidence of it. */
export interface CapabilityEvidence {
  code: string
  label: string
  /** Titles of the practitioner's active awards whose specification maps to the capability. */
  credentials: string[]
  activities: number
  tenthsOfHours: number
}

export interface CapabilityCoverage {
  pillarCode: string
  pillarName: string
  capabilities: CapabilityEvidence[]
  /** Capabilities with any evidence: a credential, CPD, or both. */
  covered: number
  coveredByCredentials: number
  coveredByCpd: number
  total: number
}

/** An award as coverage reads it: only an active award's mapping counts. */
export interface CredentialEvidence {
  title: string
  status: AwardStatus
  frameworkCodes: readonly string[]
}

/**
 * Pillar by pillar, the capabilities an active award's specification maps to and how many CPD
 * activities (and hours) show each. A capability is covered by either: an award shows it was
 * assessed, CPD shows it kept up; the two are kept apart so that a reader sees which is which.
 * A suspended or revoked award shows nothing, as it is not evidence while it is not in force.
 */
export function capabilityCoverage(
  pillars: ReadonlyArray<{ code: string; name: string }>,
  capabilities: ReadonlyArray<{ code: string; pillarCode: string; label: string }>,
  evidence: ReadonlyArray<{ capabilityCode: string; tenthsOfHours: number }>,
  credentials: ReadonlyArray<CredentialEvidence> = [],
): CapabilityCoverage[] {
  const byCode = new Map<string, { activities: number; tenthsOfHours: number }>()
  for (const e of evidence) {
    const seen = byCode.get(e.capabilityCode) ?? { activities: 0, tenthsOfHours: 0 }
    seen.activities++
    seen.tenthsOfHours += e.tenthsOfHours
    byCode.set(e.capabilityCode, seen)
  }
  const titlesByCode = new Map<string, Set<string>>()
  for (const credential of credentials) {
    if (credential.status !== 'active') continue
    for (const code of credential.frameworkCodes) {
      const titles = titlesByCode.get(code) ?? new Set<string>()
      titles.add(credential.title)
      titlesByCode.set(code, titles)
    }
  }
  return pillars.map((pillar) => {
    const rows = capabilities
      .filter((c) => c.pillarCode === pillar.code)
      .map((c) => ({
        code: c.code,
        label: c.label,
        credentials: [...(titlesByCode.get(c.code) ?? [])].sort((a, b) => a.localeCompare(b, 'en')),
        ...(byCode.get(c.code) ?? { activities: 0, tenthsOfHours: 0 }),
      }))
    return {
      pillarCode: pillar.code,
      pillarName: pillar.name,
      capabilities: rows,
      covered: rows.filter((r) => r.activities > 0 || r.credentials.length > 0).length,
      coveredByCredentials: rows.filter((r) => r.credentials.length > 0).length,
      coveredByCpd: rows.filter((r) => r.activities > 0).length,
      total: rows.length,
    }
  })
}

/**
 * The appraisal year a date falls in, 1 April to 31 March, named by the year it starts: NHS
 * appraisals, job plans and the revalidation evidence gathered for them run on this year, so
 * totals by it are the ones a practitioner copies into their appraisal.
 */
export function appraisalYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4))
  const month = Number(isoDate.slice(5, 7))
  return month >= 4 ? year : year - 1
}

/** "April 2026 to March 2027". */
export function appraisalYearLabel(startYear: number): string {
  return `April ${startYear} to March ${startYear + 1}`
}

export interface YearTotal {
  /** The calendar year the appraisal year starts in. */
  startYear: number
  label: string
  activities: number
  tenthsOfHours: number
}

/** CPD hours and activities by appraisal year, newest first; years without CPD are left out. */
export function hoursByAppraisalYear(
  activities: ReadonlyArray<{ activityDate: string; tenthsOfHours: number }>,
): YearTotal[] {
  const byYear = new Map<number, { activities: number; tenthsOfHours: number }>()
  for (const a of activities) {
    const year = appraisalYearOf(a.activityDate)
    const seen = byYear.get(year) ?? { activities: 0, tenthsOfHours: 0 }
    seen.activities++
    seen.tenthsOfHours += a.tenthsOfHours
    byYear.set(year, seen)
  }
  return [...byYear]
    .sort(([a], [b]) => b - a)
    .map(([startYear, total]) => ({ startYear, label: appraisalYearLabel(startYear), ...total }))
}

/**
 * Whether a surname typed into the employer check is the one on record: compared in search
 * form (case, accents and punctuation do not matter), and nothing looser, as the check must
 * not let someone confirm a person from a guess.
 */
export function sameSurname(typed: string, recorded: string): boolean {
  const a = searchForm(typed)
  return a.length > 0 && a === searchForm(recorded)
}
