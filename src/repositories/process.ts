// People the approval and assurance process tells: one person, or everyone holding a role.
import type { Db } from '../db/database.ts'
import type { Role } from '../domain/accounts.ts'

/** Active accounts holding a role, for notices and for choosing reviewers or participants. */
export function listPeopleWithRole(db: Db, role: Role) {
  return db
    .selectFrom('user_account as u')
    .innerJoin('role_grant as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .distinct()
    .where('g.role', '=', role)
    .where('u.status', '=', 'active')
    .orderBy('u.display_name')
    .execute()
}

export function findPerson(db: Db, id: string) {
  return db
    .selectFrom('user_account')
    .select(['id', 'email', 'display_name', 'status'])
    .where('id', '=', id)
    .executeTakeFirst()
}
