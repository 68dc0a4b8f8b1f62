// Who people are to the platform: roles, and the rules for e-mail addresses and passwords.

export const ROLES = [
  'centre_admin',
  'credential_group_member',
  'independent_reviewer',
  'specification_author',
  'provider_admin',
  'provider_staff',
  'practitioner',
] as const
export type Role = (typeof ROLES)[number]

export const ORGANISATION_KINDS = ['centre', 'provider', 'lead_body', 'other'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

/** A disabled account cannot sign in; nothing else about it changes. */
export type AccountStatus = 'active' | 'disabled'

/** What a one-time token sent by e-mail lets its holder do. */
export type TokenPurpose = 'invitation' | 'password_reset' | 'email_confirmation'

/** Roles that only mean something within one provider organisation. */
export const SCOPED_ROLES: readonly Role[] = ['provider_admin', 'provider_staff']

const ROLE_INFO: Record<Role, { label: string; description: string }> = {
  centre_admin: {
    label: 'Centre admin',
    description: 'Runs the catalogue, the process, accounts and reports',
  },
  credential_group_member: {
    label: 'Credential Group member',
    description: 'Agrees or declines the development of proposed credentials',
  },
  independent_reviewer: {
    label: 'Independent reviewer',
    description: 'Judges draft specifications against the endorsement criteria',
  },
  specification_author: {
    label: 'Specification author',
    description: 'Proposes credentials and drafts their specifications',
  },
  provider_admin: {
    label: 'Provider admin',
    description: "Manages an education provider's programmes, deliveries, staff and API tokens",
  },
  provider_staff: {
    label: 'Provider staff',
    description: "Records learners' outcomes and awards for a provider",
  },
  practitioner: { label: 'Practitioner', description: 'Keeps a CPD portfolio and a directory entry' },
}

export function isRole(value: string): value is Role {
  return ROLES.some((known) => known === value)
}

export function isScopedRole(role: Role): boolean {
  return SCOPED_ROLES.includes(role)
}

export function roleLabel(role: Role): string {
  return ROLE_INFO[role].label
}

export function roleDescription(role: Role): string {
  return ROLE_INFO[role].description
}

export interface RoleGrant {
  role: Role
  organisationId: string | null
  organisationName: string | null
}

/** E-mail addresses are compared in lower case, without surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

// Deliberately loose: the confirmation e-mail is the real check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function emailProblem(email: string): string | null {
  const value = email.trim()
  if (value === '') return 'Enter an email address'
  if (value.length > 254 || !EMAIL.test(value)) {
    return 'Enter an email address in the correct format, like name@example.com'
  }
  return null
}

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

/** NCSC advice: length over composition rules. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password === '') return 'Enter a password'
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`
  if (
    email &&
    password.toLowerCase().includes(normaliseEmail(email).split('@')[0] ?? '') &&
    email.length > 3
  ) {
    return 'Password must not contain your email address'
  }
  return null
}

/** A display name's longest: long enough for any real name, short enough for every page. */
export const MAX_NAME_LENGTH = 200

/**
 * A new password typed twice, by field: the password's own problem, or, once it is a good
 * one, whether the second copy differs.
 */
export function newPasswordProblems(
  password: string,
  confirmation: string,
  email?: string,
): { password: string | null; confirmPassword: string | null } {
  const problem = passwordProblem(password, email)
  return {
    password: problem,
    confirmPassword: problem === null && password !== confirmation ? 'Enter the same password twice' : null,
  }
}

const HOUR = 3_600_000

/** How long a link sent by e-mail works for; each e-mail says the same. */
const TOKEN_LIFETIME: Record<TokenPurpose, number> = {
  invitation: 7 * 24 * HOUR,
  password_reset: HOUR,
  email_confirmation: 24 * HOUR,
}

/** When a link for this purpose, sent at `now`, stops working. */
export function tokenExpiry(purpose: TokenPurpose, now: Date): Date {
  return new Date(now.getTime() + TOKEN_LIFETIME[purpose])
}

export const INVITATION_STATES = ['pending', 'accepted', 'expired'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: 'Not yet accepted',
  accepted: 'Accepted',
  expired: 'Expired',
}

export function isInvitationState(value: string): value is InvitationState {
  return INVITATION_STATES.some((s) => s === value)
}

/** Accepted once used; until then pending while its link works, and expired after. */
export function invitationState(
  invitation: { usedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState {
  if (invitation.usedAt) return 'accepted'
  return invitation.expiresAt.getTime() > now.getTime() ? 'pending' : 'expired'
}
