import { Type, type Static } from '@sinclair/typebox'
import { formBody, textField } from '../forms.ts'
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
