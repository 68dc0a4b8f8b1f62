import { Type, type Static } from '@sinclair/typebox'
import { formBody } from '../forms.ts'

const field = () => Type.Optional(Type.String())
const pageNumber = Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 }))

// Lists: a search or a choice longer than any form sends is cut (a search) or ignored (a
// choice); `format=csv` downloads the whole filtered list instead of a page.
const choice = () => Type.Optional(Type.String({ maxLength: 100 }))
const format = () => Type.Optional(Type.Literal('csv'))
const dateRange = {
  'from[day]': field(),
  'from[month]': field(),
  'from[year]': field(),
  'to[day]': field(),
  'to[month]': field(),
  'to[year]': field(),
}

export const AccountsQuery = Type.Object({ role: choice(), q: field(), page: pageNumber, format: format() })
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

export const MailQuery = Type.Object({
  recipient: field(),
  subject: field(),
  status: choice(),
  ...dateRange,
  page: pageNumber,
  format: format(),
})
export type MailQuery = Static<typeof MailQuery>

export const AuditQuery = Type.Object({
  action: field(),
  entityType: field(),
  actor: field(),
  ...dateRange,
  page: pageNumber,
  format: format(),
})
export type AuditQuery = Static<typeof AuditQuery>

/**
 * The invitation form and the list of invitations: ?organisation=<id> (from a provider's
 * page) chooses the organisation; the rest filter the list.
 */
export const InvitationQuery = Type.Object({
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  state: choice(),
  role: choice(),
  q: field(),
  page: pageNumber,
  format: format(),
})
export type InvitationQuery = Static<typeof InvitationQuery>
