// The rows of an award upload (CSV or the API's batch): the columns, and what each value
// must be. Pure: the service parses the file, looks up what the rows refer to, and saves.
import { ELIGIBILITY_BASES, type EligibilityBasis, isOneOf } from './providers.ts'
import { calendarDate } from './dates.ts'

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
  /** YYYY-MM-DD, however the row wrote it. */
  awardedOn: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** Day, month and year the UK way: 31/08/2026, or 1/8/2026. */
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** The two ways a date may be written in a CSV file or an API batch, for messages and guidance. */
export const DATE_FORMS = '31/08/2026 or 2026-08-31'

/**
 * A date written the UK way (31/08/2026, 1/8/2026) or as YYYY-MM-DD, as YYYY-MM-DD; null when
 * it is neither or is not a real day by calendarDate's rule (31/02/2026, 0000-01-01), the same
 * as the award form's. Never month first: 1/8/2026 is 1 August.
 */
export function parseAwardDate(text: string): string | null {
  const value = text.trim()
  const iso = ISO_DATE.exec(value)
  const uk = iso ? null : UK_DATE.exec(value)
  const parts = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : null
  if (!parts) return null
  const [year = '', month = '', day = ''] = parts
  return calendarDate(Number(year), Number(month), Number(day))
}

/**
 * Each kind of problem an award upload can have: one per rule, so that a file's problems can
 * be counted by kind ("312 rows: the NMC PIN is not in the NMC's format").
 */
export const PROBLEM_KINDS = [
  'file_unreadable',
  'file_empty',
  'header_missing_column',
  'header_unknown_column',
  'header_repeated_column',
  'no_rows',
  'column_count',
  'delivery_not_approved',
  'given_name_missing',
  'family_name_missing',
  'name_too_long',
  'email_missing',
  'email_format',
  'profession_unknown',
  'regulator_unknown',
  'registration_number_missing',
  'nmc_pin_format',
  'hcpc_number_format',
  'gphc_number_format',
  'gmc_number_format',
  'registration_number_too_long',
  'eligibility_basis_unknown',
  'msc_year_format',
  'programme_missing',
  'msc_institution_missing',
  'msc_year_missing',
  'msc_year_range',
  'award_date_missing',
  'award_date_format',
  'award_date_future',
  'award_date_before_start',
  'award_date_outside_approval',
  'duplicate_learner',
  'programme_unknown',
  'programme_not_accredited',
  'eligibility_missing',
  'equivalence_evidence_missing',
  'other',
] as const
export type ProblemKind = (typeof PROBLEM_KINDS)[number]

/** What the rows of each kind have in common, to follow "312 rows: ". */
export const PROBLEM_KIND_LABELS: Record<ProblemKind, string> = {
  file_unreadable: 'the file cannot be read as CSV',
  file_empty: 'the file is empty',
  header_missing_column: 'the first line is missing a column of the template',
  header_unknown_column: 'the first line has a column that is not in the template',
  header_repeated_column: 'the first line names a column more than once',
  no_rows: 'the file has no awards',
  column_count: 'the line does not have as many values as the first line has columns',
  delivery_not_approved: 'the delivery is not approved, so it cannot make awards',
  given_name_missing: 'the learner’s given name is missing',
  family_name_missing: 'the learner’s family name is missing',
  name_too_long: 'a name is longer than 100 characters',
  email_missing: 'the email address is missing',
  email_format: 'the email address is not in the correct format',
  profession_unknown: 'the profession is not one of the list',
  regulator_unknown: 'the regulator is not one of the list',
  registration_number_missing: 'the registration number is missing',
  nmc_pin_format: 'the registration number is not in the NMC’s format',
  hcpc_number_format: 'the registration number is not in the HCPC’s format',
  gphc_number_format: 'the registration number is not in the GPhC’s format',
  gmc_number_format: 'the registration number is not in the GMC’s format',
  registration_number_too_long: 'the registration number is longer than 30 characters',
  eligibility_basis_unknown: 'the eligibility basis is not one of the list',
  msc_year_format: 'the year the MSc was awarded is not a year',
  programme_missing: 'the MSc programme the learner is enrolled on is missing',
  msc_institution_missing: 'the institution that awarded the MSc is missing',
  msc_year_missing: 'the year the MSc was awarded is missing',
  msc_year_range: 'the year the MSc was awarded is too early or in the future',
  award_date_missing: 'the date of the award is missing',
  award_date_format: 'the date of the award is not a real date',
  award_date_future: 'the date of the award is in the future',
  award_date_before_start: 'the date of the award is before the delivery started',
  award_date_outside_approval: 'the date of the award is outside the delivery’s approval',
  duplicate_learner: 'the learner is on an earlier line too',
  programme_unknown: 'the programme is not one of the provider’s',
  programme_not_accredited: 'the MSc programme was not accredited on the date of the award',
  eligibility_missing: 'the learner’s basis of eligibility is not recorded',
  equivalence_evidence_missing: 'the evidence of educational equivalence is not uploaded',
  other: 'other problems',
}

/** One problem with one value of a row (or with the file): what is wrong, and where. */
export interface RowProblem {
  kind: ProblemKind
  /** The column whose value is wrong; null when the problem is with the row or the file. */
  field: AwardColumn | null
  /** The value as written, or empty. */
  value: string
  message: string
}

/** The kind of an eligibility gap (src/domain/providers.ts eligibilityGaps), by its rule. */
export function eligibilityGapKind(message: string): ProblemKind {
  if (message.startsWith('Record the basis')) return 'eligibility_missing'
  if (message.startsWith('Select the accredited MSc')) return 'programme_missing'
  if (message.startsWith('The programme is not one')) return 'programme_unknown'
  if (message.includes('not accredited by the Centre on the award date')) return 'programme_not_accredited'
  if (message.startsWith('Enter the institution')) return 'msc_institution_missing'
  if (message.startsWith('Enter the year')) return 'msc_year_missing'
  if (message.startsWith('Year the MSc was awarded must be between')) return 'msc_year_range'
  if (message.startsWith('Upload the evidence')) return 'equivalence_evidence_missing'
  return 'other'
}

/** The kind of an award-date problem (awardDateProblem), by the same comparisons. */
export function awardDateKind(awardedOn: string, context: { today: string; startDate: string }): ProblemKind {
  if (awardedOn > context.today) return 'award_date_future'
  if (awardedOn < context.startDate) return 'award_date_before_start'
  return 'award_date_outside_approval'
}

const REGISTRATION_NUMBER_KINDS: Record<Regulator, ProblemKind> = {
  NMC: 'nmc_pin_format',
  HCPC: 'hcpc_number_format',
  GPhC: 'gphc_number_format',
  GMC: 'gmc_number_format',
  GOC: 'registration_number_too_long',
  GDC: 'registration_number_too_long',
  Other: 'registration_number_too_long',
}

/** The header must name every column, each once; extra columns are refused so typos show. */
export function headerProblems(header: readonly string[]): RowProblem[] {
  const names = header.map((h) => h.trim().toLowerCase())
  const problems: RowProblem[] = []
  const problem = (kind: ProblemKind, value: string, message: string) =>
    problems.push({ kind, field: null, value, message })
  for (const column of AWARD_COLUMNS)
    if (!names.includes(column))
      problem('header_missing_column', column, `The first line has no "${column}" column`)
  for (const name of names)
    if (!isOneOf(AWARD_COLUMNS, name))
      problem(
        'header_unknown_column',
        name,
        `The first line has a column "${name}" that is not in the template`,
      )
  const repeated = names.filter((n, i) => names.indexOf(n) !== i)
  for (const name of new Set(repeated))
    problem('header_repeated_column', name, `The first line has the "${name}" column more than once`)
  return problems
}

/**
 * One row's values, by column, checked on their own (what they refer to, and the date against
 * the delivery, are checked by the service). Returns the row, or every problem with it: its
 * kind, the column, the value as written, and the message in plain words.
 */
export function parseAwardRow(
  values: Readonly<Record<AwardColumn, string | undefined>>,
  context: { professions: readonly string[] },
): { row: AwardRow } | { problems: RowProblem[] } {
  const get = (column: AwardColumn) => (values[column] ?? '').trim()
  const problems: RowProblem[] = []
  const problem = (kind: ProblemKind, field: AwardColumn, message: string) =>
    problems.push({ kind, field, value: get(field), message })
  const givenName = get('given_name')
  const familyName = get('family_name')
  const email = get('email').toLowerCase()
  if (!givenName) problem('given_name_missing', 'given_name', 'Enter the learner’s given name')
  if (!familyName) problem('family_name_missing', 'family_name', 'Enter the learner’s family name')
  if (givenName.length > 100 || familyName.length > 100)
    problem(
      'name_too_long',
      givenName.length > 100 ? 'given_name' : 'family_name',
      'Names must be 100 characters or fewer',
    )
  if (!email) problem('email_missing', 'email', 'Enter the learner’s email address')
  else if (!EMAIL.test(email))
    problem('email_format', 'email', 'Enter an email address in the correct format, like name@example.com')

  const profession = context.professions.find((p) => p.toLowerCase() === get('profession').toLowerCase())
  if (!profession)
    problem(
      'profession_unknown',
      'profession',
      `Profession must be one of: ${context.professions.join(', ')}`,
    )

  const regulator = REGULATORS.find((r) => r.toLowerCase() === get('regulator').toLowerCase())
  if (!regulator)
    problem('regulator_unknown', 'regulator', `Regulator must be one of: ${REGULATORS.join(', ')}`)
  const registrationNumber = get('registration_number').toUpperCase()
  if (regulator) {
    const message = registrationNumberProblem(regulator, registrationNumber)
    if (message)
      problem(
        registrationNumber ? REGISTRATION_NUMBER_KINDS[regulator] : 'registration_number_missing',
        'registration_number',
        message,
      )
  }

  const basisText = get('eligibility_basis').toLowerCase()
  let eligibilityBasis: EligibilityBasis | null = null
  if (basisText) {
    if (isOneOf(ELIGIBILITY_BASES, basisText)) eligibilityBasis = basisText
    else
      problem(
        'eligibility_basis_unknown',
        'eligibility_basis',
        `Eligibility basis must be one of: ${ELIGIBILITY_BASES.join(', ')}, or empty`,
      )
  }
  const programme = get('programme') || null
  const mscInstitution = get('msc_institution') || null
  const yearText = get('msc_year')
  let mscYear: number | null = null
  if (yearText) {
    if (/^\d{4}$/.test(yearText)) mscYear = Number(yearText)
    else problem('msc_year_format', 'msc_year', 'Year the MSc was awarded must be a year, like 2019')
  }
  if (eligibilityBasis === 'enrolled_msc' && !programme)
    problem('programme_missing', 'programme', 'Enter the accredited MSc programme the learner is enrolled on')
  if (eligibilityBasis === 'holds_msc') {
    if (!mscInstitution)
      problem('msc_institution_missing', 'msc_institution', 'Enter the institution that awarded the MSc')
    if (!yearText) problem('msc_year_missing', 'msc_year', 'Enter the year the MSc was awarded')
  }

  const awardedOnText = get('awarded_on')
  const awardedOn = parseAwardDate(awardedOnText)
  if (!awardedOnText) problem('award_date_missing', 'awarded_on', 'Enter the date of the award')
  else if (!awardedOn)
    problem('award_date_format', 'awarded_on', `Date of the award must be a real date, like ${DATE_FORMS}`)
  // Whether the delivery may make an award on that date is awardDateProblem's
  // (src/domain/delivery-approval.ts), the same rule as the single award form's.

  if (problems.length || !profession || !regulator || !awardedOn) return { problems }
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

/** The learner's name as a row writes it, for reports; null when the row has none. */
export function learnerName(
  values: Readonly<Partial<Record<AwardColumn, string | undefined>>>,
): string | null {
  const name = [values.given_name, values.family_name]
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join(' ')
  return name || null
}

/** A CSV field as a spreadsheet reads it back: quoted when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** What an API batch came to; the route turns it into an HTTP answer, replayed for the same key. */
export type BatchOutcome =
  | { kind: 'created'; created: number; unchanged: number }
  | { kind: 'rejected'; rejections: Array<{ index: number; reason: string }> }
  | { kind: 'queued'; importId: string }
