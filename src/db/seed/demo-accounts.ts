// The demo accounts: one for each role (two where a step needs two people), with passwords
// anyone can read, so never in production (`serve` refuses to start while any exist). The
// scoped roles are for Demo University, the demo provider.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { isScopedRole, type Role } from '../../domain/accounts.ts'
import { findOrganisationByName, insertOrganisation } from '../../repositories/organisations.ts'
import { countDemoUsers, findUserByEmail, insertUser } from '../../repositories/user-accounts.ts'
import { addRoleGrant } from '../../services/account-administration.ts'
import { recordAudit, SYSTEM_ACTOR } from '../../services/audit.ts'
import { hashPassword } from '../../services/authentication.ts'
import type { Services } from '../../services/index.ts'

export const DEMO_ORGANISATION = 'Demo University'

const DEMO_ACCOUNTS: Array<{ key: string; displayName: string; roles: Role[] }> = [
  { key: 'centre-admin', displayName: 'Demo Centre Admin', roles: ['centre_admin'] },
  {
    key: 'credential-group',
    displayName: 'Demo Credential Group Member',
    roles: ['credential_group_member'],
  },
  {
    key: 'credential-group-2',
    displayName: 'Demo Second Credential Group Member',
    roles: ['credential_group_member'],
  },
  // The group decides by votes with a quorum of three (GROUP_QUORUM): four members let one
  // declare an interest and the others still decide.
  {
    key: 'credential-group-3',
    displayName: 'Demo Third Credential Group Member',
    roles: ['credential_group_member'],
  },
  {
    key: 'credential-group-4',
    displayName: 'Demo Fourth Credential Group Member',
    roles: ['credential_group_member'],
  },
  { key: 'reviewer', displayName: 'Demo Independent Reviewer', roles: ['independent_reviewer'] },
  // A decision needs two independent reviews.
  { key: 'reviewer-2', displayName: 'Demo Second Reviewer', roles: ['independent_reviewer'] },
  { key: 'author', displayName: 'Demo Specification Author', roles: ['specification_author'] },
  { key: 'provider-admin', displayName: 'Demo Provider Admin', roles: ['provider_admin'] },
  { key: 'provider-staff', displayName: 'Demo Provider Staff', roles: ['provider_staff'] },
  { key: 'practitioner', displayName: 'Demo Practitioner', roles: ['practitioner'] },
]

/**
 * Creates the demo accounts (and Demo University) unless they exist, and returns each one's
 * address, password and roles, for the command to print.
 */
export async function createDemoAccounts(
  db: Kysely<Database>,
  services: Pick<Services, 'clock'>,
): Promise<Array<{ email: string; password: string; roles: Role[] }>> {
  const accounts = DEMO_ACCOUNTS.map((a) => ({
    ...a,
    email: `${a.key}@demo.invalid`,
    password: `demo-${a.key}-password`,
  }))
  await db.transaction().execute(async (trx) => {
    let organisation = await findOrganisationByName(trx, DEMO_ORGANISATION)
    if (!organisation)
      organisation = await insertOrganisation(trx, { name: DEMO_ORGANISATION, kind: 'provider' })
    for (const account of accounts) {
      if (await findUserByEmail(trx, account.email)) continue
      const user = await insertUser(trx, {
        email: account.email,
        display_name: account.displayName,
        password_hash: await hashPassword(account.password),
        email_verified_at: services.clock.now(),
        is_demo: true,
      })
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'account.demo_created',
        entityType: 'user_account',
        entityId: user.id,
        after: { email: account.email },
      })
      for (const role of account.roles) {
        await addRoleGrant(trx, user.id, role, isScopedRole(role) ? organisation.id : null, SYSTEM_ACTOR)
      }
    }
  })
  return accounts.map(({ email, password, roles }) => ({ email, password, roles }))
}

/** The accounts marked as demo (these, the demo practitioners and seed:scale's people). */
export async function countDemoAccounts(db: Kysely<Database>): Promise<number> {
  return Number((await countDemoUsers(db)).n)
}
