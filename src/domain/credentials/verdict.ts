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

/** Each check as a person reads it: its name, and what passing it means, for employers. */
export const CHECK_EXPLANATIONS: Record<CheckName, { title: string; meaning: string }> = {
  signature: {
    title: 'Not changed since it was signed',
    meaning:
      'The issuer signed the credential with its digital key, and not one character has changed since. A credential whose name, date or holder was edited fails this check.',
  },
  key: {
    title: 'Signing key in good standing',
    meaning:
      'The key that signed it had not been reported stolen or misused when it signed. If an issuer’s key is compromised, credentials the platform issued before that date still pass; anything signed with it afterwards fails.',
  },
  dates: {
    title: 'In date',
    meaning:
      'It has started to be valid and has not expired. Advanced practice credentials do not expire unless they say so.',
  },
  revocation: {
    title: 'Not revoked',
    meaning:
      'The issuer has not withdrawn it for good, for example because it was issued in error. A revoked credential shows the date and the reason category.',
  },
  suspension: {
    title: 'Not suspended',
    meaning:
      'The issuer has not paused it, for example while something is investigated. A suspension can be lifted.',
  },
  approval: {
    title: 'Provider approved to award it',
    meaning:
      'The education provider that awarded it was approved by the Centre to deliver this version of the credential on the date of the award.',
  },
  endorsement: {
    title: 'Endorsed by the Centre',
    meaning:
      'The credential specification it is for carries the Centre for Advancing Practice’s signed endorsement, and the Centre has not withdrawn it (or ended it before the award was made).',
  },
  holder: {
    title: 'Issued to this person',
    meaning:
      'Only when you give an email address or professional registration number: the credential was issued to the person with it. The credential names its holder and their registration number; their email address is held only in a coded form.',
  },
}

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

/**
 * The verdict of a record that carries credentials (a CLR): its own checks by the rule above,
 * then each credential inside it. It is valid only when its own proof and checks hold and every
 * credential inside is valid; one that is not valid, inside or out, makes it not valid; and
 * one left unconfirmed leaves it unconfirmed.
 */
export function recordVerdictOf(own: readonly Check[], inner: readonly Verdict[]): Verdict {
  const verdicts = [verdictOf(own), ...inner]
  if (verdicts.includes('not-valid')) return 'not-valid'
  return verdicts.every((v) => v === 'valid') ? 'valid' : 'unconfirmed'
}
