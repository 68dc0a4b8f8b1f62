// Role grants: the roles an account holds, each for the whole platform or for one organisation.
import type { Db } from '../db/database.ts'
import type { Role } from '../domain/accounts.ts'

export function listGrants(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('role_grant as g')
    .leftJoin('organisation as o', 'o.id', 'g.organisation_id')
    .select([
      'g.id',
      'g.user_id',
      'g.role',
      'g.organisation_id',
      'o.name as organisation_name',
      'g.granted_at',
    ])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.granted_at')
    .execute()
}

export function findGrant(db: Db, id: string) {
  return db.selectFrom('role_grant').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findSameGrant(db: Db, userId: string, role: Role, organisationId: string | null) {
  let query = db.selectFrom('role_grant').selectAll().where('user_id', '=', userId).where('role', '=', role)
  query =
    organisationId === null
      ? query.where('organisation_id', 'is', null)
      : query.where('organisation_id', '=', organisationId)
  return query.executeTakeFirst()
}

export function insertGrant(
  db: Db,
  grant: { user_id: string; role: Role; organisation_id: string | null; granted_by: string | null },
) {
  return db.insertInto('role_grant').values(grant).returningAll().executeTakeFirstOrThrow()
}

export async function deleteGrant(db: Db, id: string) {
  await db.deleteFrom('role_grant').where('id', '=', id).execute()
}

export function countGrantsOfRole(db: Db, role: Role) {
  return db
    .selectFrom('role_grant')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow()
}

export async function deleteGrantsOf(db: Db, userId: string) {
  await db.deleteFrom('role_grant').where('user_id', '=', userId).execute()
}

/**
 * Active accounts holding a role, each once, by name: for notices and for choosing reviewers
 * or participants; only those holding it for `organisationId` when given (a provider's admins).
 */
export function listPeopleWithRole(db: Db, role: Role, organisationId?: string) {
  let query = db
    .selectFrom('user_account as u')
    .innerJoin('role_grant as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .distinct()
    .where('g.role', '=', role)
    .where('u.status', '=', 'active')
  if (organisationId !== undefined) query = query.where('g.organisation_id', '=', organisationId)
  return query.orderBy('u.display_name').execute()
}

/** Everyone holding one of the roles at the organisation, with the role, by name. */
export function listOrganisationPeople(db: Db, organisationId: string, roles: readonly Role[]) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('user_account as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'g.role'])
    .where('g.organisation_id', '=', organisationId)
    .where('g.role', 'in', roles)
    .orderBy('u.display_name')
    .execute()
}
