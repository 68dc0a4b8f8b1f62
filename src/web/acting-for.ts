// The organisations a signed-in person acts for. A role grant for a provider role names one
// organisation, and a person may hold several (staff at one provider, admin at another): every
// page and action scoped to a provider asks here which of them it may show or change, so that
// no route works it out for itself.
import type { Role, RoleGrant } from '../domain/accounts.ts'

/** What is read of a request: its signed-in person's grants (a FastifyRequest fits). */
export interface SignedIn {
  user: { grants: readonly RoleGrant[] } | null
}

export interface ActedFor {
  id: string
  name: string
}

/** The roles in which a person works for a provider: its admins and its staff. */
export const PROVIDER_ROLES: readonly Role[] = ['provider_admin', 'provider_staff']

/**
 * The organisations in which the signed-in person holds one of `roles` (by default either
 * provider role), each once and in the order of the grants; none when nobody is signed in.
 */
export function organisationsActedFor(
  request: SignedIn,
  roles: readonly Role[] = PROVIDER_ROLES,
): ActedFor[] {
  const found = new Map<string, string>()
  for (const g of request.user?.grants ?? [])
    if (roles.includes(g.role) && g.organisationId && !found.has(g.organisationId))
      found.set(g.organisationId, g.organisationName ?? '')
  return [...found].map(([id, name]) => ({ id, name }))
}

/** The identifiers of organisationsActedFor, for a service to check a record's organisation against. */
export function organisationIdsActedFor(
  request: SignedIn,
  roles: readonly Role[] = PROVIDER_ROLES,
): string[] {
  return organisationsActedFor(request, roles).map((o) => o.id)
}

/**
 * The organisation a page is about: the one asked for when the person acts for it in one of
 * `roles` (undefined when they do not: the caller refuses), or their first when none was asked.
 */
export function chosenOrganisation(
  request: SignedIn,
  roles: readonly Role[],
  asked: string | undefined,
): ActedFor | undefined {
  const organisations = organisationsActedFor(request, roles)
  return asked ? organisations.find((o) => o.id === asked) : organisations[0]
}

/** For a page or action about one organisation: whether the person acts for it in one of `roles`. */
export function holdsRoleFor(request: SignedIn, roles: readonly Role[], organisationId: string): boolean {
  return organisationIdsActedFor(request, roles).includes(organisationId)
}
