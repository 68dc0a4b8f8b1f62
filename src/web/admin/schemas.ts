import { Type, type Static } from '@sinclair/typebox'
import { formBody } from '../accounts/schemas.ts'

const field = () => Type.Optional(Type.String())
const pageNumber = Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 }))

export const AccountsQuery = Type.Object({ role: field(), q: field(), page: pageNumber })
export type AccountsQuery = Static<typeof AccountsQuery>

export const AccountParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export type AccountParams = Static<typeof AccountParams>

export const GrantParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  grantId: Type.String({ format: 'uuid' }),
})
export type GrantParams = Static<typeof GrantParams>

export const GrantBody = formBody({ role: field(), organisation: field() })
export type GrantBody = Static<typeof GrantBody>

export const InvitationBody = formBody({
  email: field(),
  displayName: field(),
  role: field(),
  organisation: field(),
})
export type InvitationBody = Static<typeof InvitationBody>

export const PageQuery = Type.Object({ page: pageNumber })
export type PageQuery = Static<typeof PageQuery>

export const AuditQuery = Type.Object({
  action: field(),
  entityType: field(),
  actor: field(),
  page: pageNumber,
})
export type AuditQuery = Static<typeof AuditQuery>

/** An invitation for one organisation, as the provider page links to it. */
export const InvitationQuery = Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) })
export type InvitationQuery = Static<typeof InvitationQuery>
