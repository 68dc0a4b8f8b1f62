// The one rule that turns a verification's checks into its verdict. A credential is valid
// only when every check it was put to passed and none of the checks every credential needs
// is missing; one failed check makes it not valid; a check that could not be run is never
// counted as passed, so it leaves the credential unconfirmed rather than valid.

export const CHECK_NAMES = [
  'signature',
  'key',
  'dates',
  'revocation',
  'suspension',
  'approval',
  'endorsement',
  'holder',
] as const
export type CheckName = (typeof CHECK_NAMES)[number]

/** Every credential is put to these; the others apply to some credentials only. */
export const REQUIRED_CHECKS: readonly CheckName[] = ['signature', 'dates', 'revocation', 'suspension']

export interface Check {
  name: CheckName
  /** true: passed; false: failed; null: could not be checked (the message says why). */
  ok: boolean | null
  message: string
}

export type Verdict = 'valid' | 'not-valid' | 'unconfirmed'

export function verdictOf(checks: readonly Check[]): Verdict {
  if (checks.some((c) => c.ok === false)) return 'not-valid'
  const complete = REQUIRED_CHECKS.every((name) => checks.some((c) => c.name === name))
  return complete && checks.every((c) => c.ok === true) ? 'valid' : 'unconfirmed'
}

/** Failed checks first, then those that could not be run, then those that passed; stable within each. */
export function failedFirst(checks: readonly Check[]): Check[] {
  const rank = (c: Check) => (c.ok === false ? 0 : c.ok === null ? 1 : 2)
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => rank(a.check) - rank(b.check) || a.i - b.i)
    .map(({ check }) => check)
}
