import { ROLES, roleLabel, type Role, type RoleGrant } from '../../domain/accounts.ts'

export interface Task {
  title: string
  href: string
  description: string
}

// What each role can do today. A role whose work arrives with a later capability says so
// rather than linking to pages that do not exist yet.
const TASKS: Record<Role, Task[]> = {
  centre_admin: [
    {
      title: 'Manage accounts and roles',
      href: '/admin/accounts',
      description: 'Find people, grant and remove roles',
    },
    { title: 'Invite someone', href: '/admin/invitations', description: 'Send an invitation with a role' },
    {
      title: 'Criteria',
      href: '/admin/criteria',
      description: 'Publish new versions of the principles and criteria',
    },
    { title: 'Audit trail', href: '/admin/audit', description: 'Who did what, when and from where' },
    {
      title: 'Sent email',
      href: '/admin/mail',
      description: 'Every email the service has sent or is trying to send',
    },
  ],
  credential_group_member: [],
  independent_reviewer: [],
  specification_author: [],
  provider_admin: [
    {
      title: 'API tokens',
      href: '/provider/api-tokens',
      description: "Tokens for your organisation's systems",
    },
  ],
  provider_staff: [],
  practitioner: [],
}

export interface RoleTasks {
  role: Role
  label: string
  organisationName: string | null
  tasks: Task[]
}

/** One section per role the person holds, in the order of the roles list. */
export function tasksFor(grants: readonly RoleGrant[]): RoleTasks[] {
  return [...grants]
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role))
    .map((g) => ({
      role: g.role,
      label: roleLabel(g.role),
      organisationName: g.organisationName,
      tasks: TASKS[g.role],
    }))
}
