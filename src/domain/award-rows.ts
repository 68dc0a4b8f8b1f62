// The rows of an award upload (CSV or the API's batch): the columns, and what each value
// must be. Pure: the service parses the file, looks up what the rows refer to, and saves.
import { ELIGIBILITY_BASES, type EligibilityBasis, isOneOf } from './providers.ts'

/** The columns of the CSV template, in order; the API's batch uses the same names in camelCase. */
export const AWARD_COLUMNS = [
  'given_name',
  'family_name',
  'email',
  'profession',
  'regulator',
  'registration_number',
  'eligibility_basis',
  'programme',
  'msc_institution',
  'msc_year',
  'awarded_on',
] as const
export type AwardColumn = (typeof AWARD_COLUMNS)[number]

export const REGULATORS = ['NMC', 'HCPC', 'GPhC', 'GMC', 'GOC', 'GDC', 'Other'] as const
export type Regulator = (typeof REGULATORS)[number]

/**
 * Why a registration number cannot be one the regulator gives, or null when it can. NMC PINs
 * look like 12A3456E; HCPC numbers are a profession prefix of two or three letters and digits
 * (PA12345, PYL12345); GPhC and GMC numbers are seven digits; others are taken as given.
 */
export function registrationNumberProblem(regulator: Regulator, value: string): string | null {
  const number = value.trim().toUpperCase()
  if (!number) return 'Enter the registration number'
  switch (regulator) {
    case 'NMC':
      return /^\d{2}[A-Z]\d{4}[A-Z]$/.test(number) ? null : 'NMC PIN must look like 12A3456E'
    case 'HCPC':
      return /^[A-Z]{2,3}\d{4,6}$/.test(number) ? null : 'HCPC registration number must look like PA12345'
    case 'GPhC':
    case 'GMC':
      return /^\d{7}$/.test(number) ? null : `${regulator} registration number must be 7 digits`
    default:
      return number.length <= 30 ? null : 'Registration number must be 30 characters or fewer'
  }
}

export interface AwardRow {
  givenName: string
  familyName: string
  email: string
  profession: string
  regulator: Regulator
  registrationNumber: string
  /** Empty when the learner is already registered with a basis of eligibility. */
  eligibilityBasis: EligibilityBasis | null
  /** The title of one of the provider's accredited programmes, for enrolled_msc. */
  programme: string | null
  mscInstitution: string | null
  mscYear: number | null
  awardedOn: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** The header must name every column, each once; extra columns are refused so typos show. */
export function headerProblems(header: readonly string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase())
  const problems: string[] = []
  for (const column of AWARD_COLUMNS)
    if (!names.includes(column)) problems.push(`The first line has no "${column}" column`)
  for (const name of names)
    if (!isOneOf(AWARD_COLUMNS, name))
      problems.push(`The first line has a column "${name}" that is not in the template`)
  const repeated = names.filter((n, i) => names.indexOf(n) !== i)
  for (const name of new Set(repeated))
    problems.push(`The first line has the "${name}" column more than once`)
  return problems
}

/**
 * One row's values, by column, checked on their own (what they refer to, and the date against
 * the delivery, are checked by the service). Returns the row, or every problem with it in plain words.
 */
export function parseAwardRow(
  values: Readonly<Record<AwardColumn, string | undefined>>,
  context: { professions: readonly string[] },
): { row: AwardRow } | { problems: string[] } {
  const get = (column: AwardColumn) => (values[column] ?? '').trim()
  const problems: string[] = []
  const givenName = get('given_name')
  const familyName = get('family_name')
  const email = get('email').toLowerCase()
  if (!givenName) problems.push('Enter the learner’s given name')
  if (!familyName) problems.push('Enter the learner’s family name')
  if (givenName.length > 100 || familyName.length > 100)
    problems.push('Names must be 100 characters or fewer')
  if (!email) problems.push('Enter the learner’s email address')
  else if (!EMAIL.test(email))
    problems.push('Enter an email address in the correct format, like name@example.com')

  const profession = context.professions.find((p) => p.toLowerCase() === get('profession').toLowerCase())
  if (!profession) problems.push(`Profession must be one of: ${context.professions.join(', ')}`)

  const regulator = REGULATORS.find((r) => r.toLowerCase() === get('regulator').toLowerCase())
  if (!regulator) problems.push(`Regulator must be one of: ${REGULATORS.join(', ')}`)
  const registrationNumber = get('registration_number').toUpperCase()
  if (regulator) {
    const problem = registrationNumberProblem(regulator, registrationNumber)
    if (problem) problems.push(problem)
  }

  const basisText = get('eligibility_basis').toLowerCase()
  let eligibilityBasis: EligibilityBasis | null = null
  if (basisText) {
    if (isOneOf(ELIGIBILITY_BASES, basisText)) eligibilityBasis = basisText
    else problems.push(`Eligibility basis must be one of: ${ELIGIBILITY_BASES.join(', ')}, or empty`)
  }
  const programme = get('programme') || null
  const mscInstitution = get('msc_institution') || null
  const yearText = get('msc_year')
  let mscYear: number | null = null
  if (yearText) {
    if (/^\d{4}$/.test(yearText)) mscYear = Number(yearText)
    else problems.push('Year the MSc was awarded must be a year, like 2019')
  }
  if (eligibilityBasis === 'enrolled_msc' && !programme)
    problems.push('Enter the accredited MSc programme the learner is enrolled on')
  if (eligibilityBasis === 'holds_msc') {
    if (!mscInstitution) problems.push('Enter the institution that awarded the MSc')
    if (!yearText) problems.push('Enter the year the MSc was awarded')
  }

  const awardedOn = get('awarded_on')
  if (!awardedOn) problems.push('Enter the date of the award')
  else if (!validDate(awardedOn)) problems.push('Date of the award must be a real date, like 2026-07-31')
  // Whether the delivery may make an award on that date is awardDateProblem's
  // (src/domain/delivery-approval.ts), the same rule as the single award form's.

  if (problems.length || !profession || !regulator) return { problems }
  return {
    row: {
      givenName,
      familyName,
      email,
      profession,
      regulator,
      registrationNumber,
      eligibilityBasis,
      programme,
      mscInstitution,
      mscYear,
      awardedOn,
    },
  }
}

/** A CSV field as a spreadsheet reads it back: quoted when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
