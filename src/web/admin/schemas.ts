import { Type, type Static } from '@sinclair/typebox'
import { textField } from '../forms.ts'
import { listChoice, listFormat, listPage } from '../lists.ts'

const dateRange = {
  'from[day]': textField(),
  'from[month]': textField(),
  'from[year]': textField(),
  'to[day]': textField(),
  'to[month]': textField(),
  'to[year]': textField(),
}

export const MailQuery = Type.Object({
  recipient: textField(),
  subject: textField(),
  status: listChoice(),
  ...dateRange,
  page: listPage(),
  format: listFormat(),
})
export type MailQuery = Static<typeof MailQuery>

export const AuditQuery = Type.Object({
  action: textField(),
  entityType: textField(),
  actor: textField(),
  ...dateRange,
  page: listPage(),
  format: listFormat(),
})
export type AuditQuery = Static<typeof AuditQuery>
