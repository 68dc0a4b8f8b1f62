import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import { isRole, isScopedRole, ROLES, roleLabel, type Role } from '../../domain/accounts.ts'
import { isRecord } from '../../domain/present.ts'
import { answer, formBody, required, textField } from '../forms.ts'
import { listChoice, listFormat, listPage } from '../lists.ts'

export const AccountsQuery = Type.Object({
  role: listChoice(),
  q: textField(),
  page: listPage(),
  format: listFormat(),
})
export type AccountsQuery = Static<typeof AccountsQuery>

export const AccountParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type AccountParams = Static<typeof AccountParams>

export const GrantParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  grantId: Type.String({ format: 'uuid' }),
})
export type GrantParams = Static<typeof GrantParams>

export const GrantBody = formBody({ role: textField(), organisation: textField() })
export type GrantBody = Static<typeof GrantBody>

export const InvitationBody = formBody({
  email: textField(),
  displayName: textField(),
  role: textField(),
  organisation: textField(),
})
export type InvitationBody = Static<typeof InvitationBody>

/**
 * The invitation form and the list of invitations: ?organisation=<id> (from a provider's
 * page) chooses the organisation; the rest filter the list.
 */
export const InvitationQuery = Type.Object({
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  state: listChoice(),
  role: listChoice(),
  q: textField(),
  page: listPage(),
  format: listFormat(),
})
export type InvitationQuery = Static<typeof InvitationQuery>

const roleFields = {
  role: z.enum(ROLES, { message: 'Select a role' }),
  organisation: answer(),
}

/** Whether an organisation was named where the role needs one, and only there. */
function roleRule(form: { role: Role; organisation: string }, ctx: z.RefinementCtx) {
  const label = roleLabel(form.role).toLowerCase()
  if (!isScopedRole(form.role) && form.organisation)
    ctx.addIssue({
      code: 'custom',
      path: ['organisation'],
      message: `The ${label} role is not for one organisation`,
    })
  if (isScopedRole(form.role) && !form.organisation)
    ctx.addIssue({
      code: 'custom',
      path: ['organisation'],
      message: `Enter the name of the organisation for the ${label} role`,
    })
}
// Checked with the other fields once a role is chosen, so every problem shows at once.
const once = {
  when: (payload: { value: unknown }) =>
    isRecord(payload.value) && typeof payload.value.role === 'string' && isRole(payload.value.role),
}

export const GrantForm = z.object(roleFields).superRefine(roleRule, once)

export const InvitationForm = z
  .object({
    email: required('Enter the email address of the person to invite'),
    displayName: answer(),
    ...roleFields,
  })
  .superRefine(roleRule, once)
